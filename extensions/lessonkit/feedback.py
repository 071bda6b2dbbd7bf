"""Feedback on a lesson: "Report a problem" in every edition, opt-in comments on the web.

The report link opens the repository's lesson-problem issue form with the lesson's
title and address filled in (``lessonkit_repository_url``; no link when empty). It
is an ordinary link, so it works in the PDF and ePub too; plain text prints the
address.

Comments use giscus (GitHub Discussions) and exist only when ``lessonkit_giscus``
is configured. Even then the page loads nothing from giscus until the reader
presses "Load comments", and without JavaScript the section is absent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx

from .lessons import get_lessons
from .shared import (
    CR,
    PASS_THROUGH,
    SKIP,
    add_node_everywhere,
    is_web_page,
    translate,
)
from .tags import lesson_label

COMMENTS_SCRIPT = "lessonkit-comments.js"
ISSUE_FORM = "lesson-problem.yml"


class lesson_feedback(nodes.General, nodes.Element):
    """The report-a-problem paragraph; its link is made when the page is written,
    from the builder's own address for the page."""


class lesson_comments(nodes.General, nodes.Element):
    """Where the web edition offers comments; ``settings`` are giscus's data attributes."""


def published_address(app: Sphinx, docname: str) -> str:
    """The address of the lesson's web page, which a report should name.

    A web build knows its own page addresses (``page.html``, ``page/``,
    ``index.html#document-page``); the PDF, ePub and text point at the HTML book.
    """
    base = app.config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"
    if is_web_page(app.builder):
        target = app.builder.get_target_uri(docname)
    else:
        target = docname + (app.config.html_file_suffix or ".html")
    return base + target


def issue_address(app: Sphinx, docname: str, lesson_title: str) -> str:
    repository = app.config.lessonkit_repository_url.rstrip("/")
    query = urlencode(
        {
            "template": ISSUE_FORM,
            "title": f"[Lesson problem] {lesson_title}",
            "lesson": lesson_title,
            "url": published_address(app, docname),
        }
    )
    return f"{repository}/issues/new?{query}"


def append_feedback(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if env.docname not in get_lessons(env):
        return
    if app.config.lessonkit_repository_url:
        doctree += lesson_feedback("", docname=env.docname, classes=["lessonkit-feedback"])
    settings = giscus_settings(app)
    if settings:
        doctree += lesson_comments("", settings=settings)


def fill_feedback(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Runs when the page is written: the builder decides the page's address."""
    for feedback in doctree.findall(lesson_feedback):
        url = issue_address(app, feedback["docname"], lesson_label(app.env, feedback["docname"]))
        feedback["url"] = url
        link = nodes.reference("", translate("Report a problem with this lesson"), refuri=url)
        feedback.children = []
        feedback += nodes.paragraph("", "", link)


def giscus_settings(app: Sphinx) -> dict[str, str]:
    configured = dict(app.config.lessonkit_giscus)
    if not configured:
        return {}
    return {
        "mapping": "pathname",
        "reactions-enabled": "1",
        "emit-metadata": "0",
        "input-position": "top",
        "theme": "preferred_color_scheme",
        "lang": app.config.language or "en",
        "loading": "lazy",
        **configured,
    }


def html_visit_feedback(self, node: lesson_feedback) -> None:
    self.body.append(self.starttag(node, "div"))


def html_depart_feedback(self, node: lesson_feedback) -> None:
    self.body.append("</div>" + CR)


def text_visit_feedback(self, node: lesson_feedback) -> None:
    self.new_state(0)
    words = translate("Report a problem with this lesson")
    self.add_text(f"{words}: {node['url']}")
    # A wrapped address cannot be copied into a browser.
    self.end_state(wrap=False)
    raise nodes.SkipNode


def html_visit_comments(self, node: lesson_comments) -> None:
    # giscus maps a discussion to a page address; the single-page edition has one
    # address for every lesson, so it would mix all lessons' comments.
    if not is_web_page(self.builder) or self.builder.name == "singlehtml":
        raise nodes.SkipNode
    attributes = " ".join(
        f'data-{name}="{self.attval(value)}"' for name, value in sorted(node["settings"].items())
    )
    heading = self.encode(translate("Comments"))
    notice = self.encode(
        translate(
            "Comments are hosted on GitHub Discussions through giscus. Nothing is loaded "
            "from giscus.app or github.com until you choose to load them."
        )
    )
    button = self.encode(translate("Load comments"))
    loading = self.attval(translate("Loading comments from giscus.app…"))
    self.body.append(
        f'<section class="lessonkit-comments" hidden="hidden" '
        f'aria-labelledby="lessonkit-comments-title" '
        f'data-lessonkit-loading-message="{loading}">{CR}'
        f'<h2 id="lessonkit-comments-title" tabindex="-1">{heading}</h2>{CR}'
        f'<p class="lessonkit-comments-notice">{notice}</p>{CR}'
        f'<button type="button" class="lessonkit-comments-load" {attributes}>{button}</button>{CR}'
        f'<div class="giscus"></div>{CR}</section>{CR}'
    )
    raise nodes.SkipNode


def add_comments_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if (
        is_web_page(app.builder)
        and app.builder.name != "singlehtml"
        and doctree is not None
        and doctree.next_node(lesson_comments)
    ):
        app.add_js_file(COMMENTS_SCRIPT, defer="defer")


def setup_feedback(app: Sphinx) -> None:
    add_node_everywhere(
        app,
        lesson_feedback,
        html=(html_visit_feedback, html_depart_feedback),
        text=(text_visit_feedback, None),
        fallback=PASS_THROUGH,
    )
    add_node_everywhere(app, lesson_comments, html=(html_visit_comments, None), fallback=SKIP)
    # After lessons.record_lesson (priority 600), which decides what is a lesson.
    app.connect("doctree-read", append_feedback, priority=640)
    app.connect("doctree-resolved", fill_feedback)
    app.connect("html-page-context", add_comments_script)
