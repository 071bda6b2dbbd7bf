"""The lesson header under each lesson's title:
"Lesson 01 of 10 · ~12 min read · Reviewed December 2026 · tags".

The header is placed when the page is read, but "of 10" counts every lesson page
of the book, which is known only after all pages are read; so its text is filled
in when the page is written (``doctree-resolved``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .freshness import month_phrase
from .lessons import get_lessons
from .shared import CR, add_node_everywhere, translate
from .tags import tag_anchors, tag_index_page, tag_reference

SEPARATOR = " · "


class lesson_header(nodes.General, nodes.Element):
    """The header block; its children are inline pieces with their own classes."""


def insert_header(app: Sphinx, doctree: nodes.document) -> None:
    record = get_lessons(app.env).get(app.env.docname)
    if record is None:
        return
    section = doctree.next_node(nodes.section)
    header = lesson_header("", classes=["lesson-header"], docname=app.env.docname)
    if section is None or not isinstance(section[0], nodes.title):
        doctree.insert(0, header)
    else:
        section.insert(1, header)


def fill_lesson_headers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Runs when the page is written: every lesson is known, and so is the builder."""
    headers = list(doctree.findall(lesson_header))
    if not headers:
        return
    lessons = get_lessons(app.env)
    index_page = tag_index_page(app.env)
    anchors = tag_anchors(app.env) if index_page else {}
    for header in headers:
        record = lessons.get(header["docname"])
        if record is None:
            continue
        pieces: list[nodes.Node] = []
        if record["number"] is not None:
            text = translate("Lesson {number} of {total}").format(
                number=f"{record['number']:02d}", total=len(lessons)
            )
            pieces.append(nodes.inline("", text, classes=["lesson-number"]))
        text = translate("~{minutes} min read").format(minutes=record["minutes"])
        pieces.append(nodes.inline("", text, classes=["lesson-reading-time"]))
        if record.get("reviewed"):
            year, month = (int(part) for part in record["reviewed"].split("-"))
            text = translate("Reviewed {date}").format(date=month_phrase(year, month))
            pieces.append(nodes.inline("", text, classes=["lesson-reviewed"]))
        if record["tags"]:
            tags = nodes.inline("", "", classes=["lesson-tags"])
            for index, tag in enumerate(record["tags"]):
                if index:
                    tags += nodes.Text(", ")
                if index_page is None:
                    tags += nodes.inline("", tag, classes=["lesson-tag"])
                else:
                    tags += tag_reference(
                        app.builder, header["docname"], index_page, tag, anchors[tag]
                    )
            pieces.append(tags)
        if record["status"] == "draft":
            pieces.append(nodes.inline("", translate("Draft"), classes=["lesson-draft-badge"]))
        header.clear()
        for index, piece in enumerate(pieces):
            if index:
                header += nodes.inline("", SEPARATOR, classes=["lesson-header-separator"])
            header += piece


def html_visit_header(self, node: lesson_header) -> None:
    self.body.append(self.starttag(node, "div"))


def html_depart_header(self, node: lesson_header) -> None:
    self.body.append("</div>" + CR)


def latex_visit_header(self, node: lesson_header) -> None:
    self.body.append(CR + r"\begin{flushleft}\small\sffamily ")


def latex_depart_header(self, node: lesson_header) -> None:
    self.body.append(r"\end{flushleft}" + CR)


def text_visit_header(self, node: lesson_header) -> None:
    self.new_state(0)


def text_depart_header(self, node: lesson_header) -> None:
    self.end_state()


def visit_header_as_paragraph(self, node: lesson_header) -> None:
    self.visit_paragraph(node)


def depart_header_as_paragraph(self, node: lesson_header) -> None:
    self.depart_paragraph(node)


def setup_lesson_header(app: Sphinx) -> None:
    add_node_everywhere(
        app,
        lesson_header,
        html=(html_visit_header, html_depart_header),
        latex=(latex_visit_header, latex_depart_header),
        text=(text_visit_header, text_depart_header),
        fallback=(visit_header_as_paragraph, depart_header_as_paragraph),
    )
    # After lessons.record_lesson (priority 600) has filed the page's record.
    app.connect("doctree-read", insert_header, priority=610)
    app.connect("doctree-resolved", fill_lesson_headers)
