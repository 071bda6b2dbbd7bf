"""Each web page's description for search engines and link previews.

A lesson is described by its one-line summary, which says what the lesson teaches
in one sentence; every other page by the book's own description
(``lessonkit_description``, e.g. the tagline on the front page). Both become
``<meta name="description">`` and ``og:description``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .boxes import one_line_summary
from .lessons import get_lessons


def summary_text(doctree: nodes.document) -> str:
    summary = doctree.next_node(one_line_summary)
    if summary is None:
        return ""
    body = summary.children[1:]  # the first child is the box title
    return " ".join(" ".join(child.astext() for child in body).split())


def record_summary(app: Sphinx, doctree: nodes.document) -> None:
    record = get_lessons(app.env).get(app.env.docname)
    if record is not None:
        record["summary"] = summary_text(doctree)


def add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    record = get_lessons(app.env).get(pagename)
    description = (record or {}).get("summary") or app.config.lessonkit_description
    if not description:
        return
    content = escape(description, quote=True)
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <meta name="description" content="{content}" />'
        f'\n    <meta property="og:description" content="{content}" />'
    )


def setup_description(app: Sphinx) -> None:
    app.add_config_value("lessonkit_description", "", "html", types=frozenset({str}))
    # After lessons.record_lesson (600) has filed the page's record.
    app.connect("doctree-read", record_summary, priority=650)
    app.connect("html-page-context", add_description)
