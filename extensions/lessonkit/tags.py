"""The tag index: every lesson tag with the lessons that carry it.

A page holding ``:::{lesson-tag-index}`` becomes the index; the lesson headers then
link each tag to its entry there, in every edition (web, PDF, ePub). The entries
are built when the page is written, from the lesson register, so they always agree
with the headers; the page is read again on every build because any lesson's
front matter may have changed.
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .lessons import get_lessons
from .shared import translate

TAG_INDEX_FLAG = "lessonkit-tag-index"


class tag_index(nodes.General, nodes.Element):
    """Placeholder that :class:`FillTagIndex` replaces with one section per tag."""


class TagIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname][TAG_INDEX_FLAG] = True
        self.env.note_reread()
        node = tag_index("")
        self.set_source_info(node)
        return [node]


def tag_id(tag: str) -> str:
    return "tag-" + nodes.make_id(tag)


def tag_index_page(env: BuildEnvironment) -> str | None:
    pages = sorted(name for name, data in env.metadata.items() if data.get(TAG_INDEX_FLAG))
    return pages[0] if pages else None


def tag_reference(builder: Builder, from_page: str, index_page: str, tag: str) -> nodes.reference:
    uri = builder.get_relative_uri(from_page, index_page) + "#" + tag_id(tag)
    return nodes.reference("", tag, refuri=uri, internal=True, classes=["lesson-tag"])


def lessons_by_tag(env: BuildEnvironment) -> dict[str, list[str]]:
    """Each tag's lessons, in reading order."""
    lessons = get_lessons(env)
    by_tag: dict[str, list[str]] = defaultdict(list)
    for lesson, record in sorted(
        lessons.items(), key=lambda item: (item[1]["number"] or 10**6, item[0])
    ):
        for tag in record["tags"]:
            by_tag[tag].append(lesson)
    return by_tag


def lesson_label(env: BuildEnvironment, lesson: str) -> str:
    number = get_lessons(env)[lesson]["number"]
    title = env.titles[lesson].astext()
    if number is None:
        return title
    return translate("Lesson {number}: {title}").format(number=f"{number:02d}", title=title)


def fill_tag_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Runs when the page is written, when every lesson's tags are known."""
    by_tag = lessons_by_tag(app.env)
    for placeholder in list(doctree.findall(tag_index)):
        sections: list[nodes.Node] = []
        for tag in sorted(by_tag, key=str.casefold):
            section = nodes.section("", nodes.title("", tag), ids=[tag_id(tag)], names=[])
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
    app.add_directive("lesson-tag-index", TagIndexDirective)
    app.connect("doctree-resolved", fill_tag_index)
