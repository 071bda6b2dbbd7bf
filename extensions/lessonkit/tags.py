"""The tag index: every lesson tag with the lessons that carry it.

A page holding ``:::{lesson-tag-index}`` becomes the index; the lesson headers then
link each tag to its entry there, in every edition (web, PDF, ePub). The entries
are built when the page is written, from the lesson register, so they always agree
with the headers; the page is read again on every build because any lesson's
front matter may have changed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
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


class FillTagIndex(SphinxPostTransform):
    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(tag_index))
        if not placeholders:
            return
        lessons = get_lessons(self.env)
        by_tag: dict[str, list[str]] = defaultdict(list)
        for docname, record in sorted(
            lessons.items(), key=lambda item: (item[1]["number"] or 10**6, item[0])
        ):
            for tag in record["tags"]:
                by_tag[tag].append(docname)
        here = self.env.docname
        for placeholder in placeholders:
            sections: list[nodes.Node] = []
            for tag in sorted(by_tag, key=str.casefold):
                section = nodes.section("", ids=[tag_id(tag)], names=[])
                section += nodes.title("", tag)
                items = nodes.bullet_list()
                for docname in by_tag[tag]:
                    number = lessons[docname]["number"]
                    title = self.env.titles[docname].astext()
                    label = (
                        translate("Lesson {number}: {title}").format(
                            number=f"{number:02d}", title=title
                        )
                        if number is not None
                        else title
                    )
                    uri = self.app.builder.get_relative_uri(here, docname)
                    link = nodes.reference("", label, refuri=uri, internal=True)
                    items += nodes.list_item("", nodes.paragraph("", "", link))
                section += items
                sections.append(section)
            if not sections:
                sections = [nodes.paragraph("", translate("No lesson has tags yet."))]
            placeholder.replace_self(sections)


def setup_tags(app: Sphinx) -> None:
    app.add_directive("lesson-tag-index", TagIndexDirective)
    app.add_post_transform(FillTagIndex)
