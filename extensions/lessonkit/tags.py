"""The tag index: every lesson tag with the lessons that carry it.

A page holding ``:::{lesson-tag-index}`` becomes the index; the lesson headers then
link each tag to its entry there, in every edition (web, PDF, ePub). The entries
are built when the page is written, from the lesson register, so they always agree
with the headers; the page is read again on every build because any lesson's
front matter may have changed.

Each tag's anchor is readable and distinct: ``tag-motion``, ``tag-c-plus-plus``,
``tag-움직임``. Tags that differ only in case or punctuation (``Motion`` and
``motion``) get ``-2``, ``-3`` in sorted order, and no anchor takes an id that the
index page already uses for something else.
"""

from __future__ import annotations

import re
from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .lessons import get_lessons, lesson_domain, lessons_in_order
from .shared import SKIP, add_node_everywhere, translate

#: Signs that carry meaning in a tag ("C++", "C#", "R&D"), spelled out in anchors.
SIGN_WORDS = {"+": "plus", "#": "sharp", "&": "and", "@": "at", "%": "percent"}


class tag_index(nodes.General, nodes.Element):
    """Placeholder that :func:`fill_tag_index` replaces with one section per tag."""


class TagIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        lesson_domain(self.env).tag_index_pages[self.env.docname] = []
        self.env.note_reread()
        node = tag_index("")
        self.set_source_info(node)
        return [node]


def record_page_ids(app: Sphinx, doctree: nodes.document) -> None:
    """The ids the index page already uses, which tag anchors must not take."""
    pages = lesson_domain(app.env).tag_index_pages
    if app.env.docname in pages:
        pages[app.env.docname] = sorted(doctree.ids)


def tag_slug(tag: str) -> str:
    text = tag.lower()
    for sign, word in SIGN_WORDS.items():
        text = text.replace(sign, f" {word} ")
    # \w keeps letters of every script, so a Korean tag stays readable.
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "tag"


def tag_anchors(env: BuildEnvironment) -> dict[str, str]:
    """Each tag of the book with its anchor on the index page."""
    page = tag_index_page(env)
    taken = set(lesson_domain(env).tag_index_pages.get(page, [])) if page else set()
    all_tags = sorted({tag for record in get_lessons(env).values() for tag in record["tags"]})
    anchors: dict[str, str] = {}
    for tag in all_tags:
        base = f"tag-{tag_slug(tag)}"
        anchor, suffix = base, 2
        while anchor in taken:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(anchor)
        anchors[tag] = anchor
    return anchors


def tag_index_page(env: BuildEnvironment) -> str | None:
    pages = sorted(lesson_domain(env).tag_index_pages)
    return pages[0] if pages else None


def tag_reference(
    builder: Builder, from_page: str, index_page: str, tag: str, anchor: str
) -> nodes.reference:
    uri = builder.get_relative_uri(from_page, index_page) + "#" + anchor
    return nodes.reference("", tag, refuri=uri, internal=True, classes=["lesson-tag"])


def lessons_by_tag(env: BuildEnvironment) -> dict[str, list[str]]:
    """Each tag's lessons, in reading order."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    for lesson, record in lessons_in_order(env):
        for tag in record["tags"]:
            by_tag[tag].append(lesson)
    return by_tag


def lesson_label(env: BuildEnvironment, lesson: str) -> str:
    record = get_lessons(env)[lesson]
    if record["number"] is None:
        return record["title"]
    return translate("Lesson {number}: {title}").format(
        number=f"{record['number']:02d}", title=record["title"]
    )


def fill_tag_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Runs when the page is written, when every lesson's tags are known."""
    placeholders = list(doctree.findall(tag_index))
    if not placeholders:
        return
    by_tag = lessons_by_tag(app.env)
    anchors = tag_anchors(app.env)
    for placeholder in placeholders:
        sections: list[nodes.Node] = []
        for tag in sorted(by_tag, key=lambda tag: (tag.casefold(), tag)):
            section = nodes.section("", nodes.title("", tag), ids=[anchors[tag]], names=[])
            items = nodes.bullet_list()
            for lesson in by_tag[tag]:
                uri = app.builder.get_relative_uri(docname, lesson)
                link = nodes.reference("", lesson_label(app.env, lesson), refuri=uri, internal=True)
                items += nodes.list_item("", nodes.paragraph("", "", link))
            section += items
            sections.append(section)
        if not sections:
            sections = [nodes.paragraph("", translate("No lesson has tags yet."))]
        placeholder.replace_self(sections)


def setup_tags(app: Sphinx) -> None:
    # Replaced when the page is written; the visitors only guard against a leak.
    add_node_everywhere(app, tag_index, fallback=SKIP)
    app.add_directive("lesson-tag-index", TagIndexDirective)
    app.connect("doctree-read", record_page_ids)
    app.connect("doctree-resolved", fill_tag_index)
