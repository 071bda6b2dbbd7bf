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
from sphinx.config import Config

from .lessons import get_lessons
from .shared import CR, depart_pass, translate, visit_pass, visit_skip, warn

COMMENTS_SCRIPT = "lessonkit-comments.js"
ISSUE_FORM = "lesson-problem.yml"
GISCUS_REQUIRED = ("repo", "repo-id", "category", "category-id")


class lesson_feedback(nodes.General, nodes.Element):
    """The report-a-problem paragraph; ``url`` is the prefilled new-issue address."""


class lesson_comments(nodes.General, nodes.Element):
    """Where the web edition offers comments; ``settings`` are giscus's data attributes."""


def page_address(config: Config, docname: str) -> str:
    base = config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"
    return f"{base}{docname}.html"


def issue_address(config: Config, docname: str, lesson_title: str) -> str:
    repository = config.lessonkit_repository_url.rstrip("/")
    query = urlencode(
        {
            "template": ISSUE_FORM,
            "title": f"[Lesson problem] {lesson_title}",
            "lesson": lesson_title,
            "url": page_address(config, docname),
        }
    )
    return f"{repository}/issues/new?{query}"


def lesson_title(doctree: nodes.document, number: int | None) -> str:
    title = doctree.next_node(nodes.title)
    text = title.astext() if title is not None else ""
    return f"Lesson {number:02d}: {text}" if number is not None else text


def append_feedback(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    record = get_lessons(env).get(env.docname)
    if record is None:
        return
    if app.config.lessonkit_repository_url:
        url = issue_address(app.config, env.docname, lesson_title(doctree, record["number"]))
        link = nodes.reference("", translate("Report a problem with this lesson"), refuri=url)
        paragraph = nodes.paragraph("", "", link)
        doctree += lesson_feedback("", paragraph, url=url, classes=["lessonkit-feedback"])
    settings = giscus_settings(app)
    if settings:
        doctree += lesson_comments("", settings=settings)


def giscus_settings(app: Sphinx) -> dict[str, str]:
    configured = dict(app.config.lessonkit_giscus or {})
    if not configured:
        return {}
    missing = [key for key in GISCUS_REQUIRED if not configured.get(key)]
    if missing:
        return {}
    return {
        "mapping": "pathname",
        "reactions-enabled": "1",
        "emit-metadata": "0",
        "input-position": "top",
        "theme": "preferred_color_scheme",
        "lang": app.config.language or "en",
        "loading": "lazy",
        **{key: str(value) for key, value in configured.items()},
    }


def check_giscus(app: Sphinx, config: Config) -> None:
    configured = dict(config.lessonkit_giscus or {})
    missing = [key for key in GISCUS_REQUIRED if not configured.get(key)]
    if configured and missing:
        warn(
            f"lessonkit_giscus lacks {', '.join(missing)}; comments stay off until all of "
            f"{', '.join(GISCUS_REQUIRED)} are set (giscus.app shows the values for a "
            f"repository)",
            None,
            "config",
        )


def html_visit_feedback(self, node: lesson_feedback) -> None:
    self.body.append(self.starttag(node, "div"))


def html_depart_feedback(self, node: lesson_feedback) -> None:
    self.body.append("</div>" + CR)


def text_visit_feedback(self, node: lesson_feedback) -> None:
    self.new_state(0)
    self.add_text(f"{translate('Report a problem with this lesson')}: {node['url']}")
    # A wrapped address cannot be copied into a browser.
    self.end_state(wrap=False)
    raise nodes.SkipNode


def html_visit_comments(self, node: lesson_comments) -> None:
    if self.builder.name != "html":
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
    self.body.append(
        f'<section class="lessonkit-comments" hidden="hidden" '
        f'aria-labelledby="lessonkit-comments-title">{CR}'
        f'<h2 id="lessonkit-comments-title">{heading}</h2>{CR}'
        f'<p class="lessonkit-comments-notice">{notice}</p>{CR}'
        f'<button type="button" class="lessonkit-comments-load" {attributes}>{button}</button>{CR}'
        f'<div class="giscus"></div>{CR}</section>{CR}'
    )
    raise nodes.SkipNode


def add_comments_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.name == "html" and doctree is not None and doctree.next_node(lesson_comments):
        app.add_js_file(COMMENTS_SCRIPT, defer="defer")


def setup_feedback(app: Sphinx) -> None:
    app.add_config_value("lessonkit_repository_url", "", "env", types=frozenset({str}))
    app.add_config_value("lessonkit_giscus", {}, "env", types=frozenset({dict}))
    app.add_node(
        lesson_feedback,
        html=(html_visit_feedback, html_depart_feedback),
        latex=(visit_pass, depart_pass),
        text=(text_visit_feedback, None),
        man=(visit_pass, depart_pass),
        texinfo=(visit_pass, depart_pass),
    )
    app.add_node(
        lesson_comments,
        html=(html_visit_comments, None),
        latex=(visit_skip, None),
        text=(visit_skip, None),
        man=(visit_skip, None),
        texinfo=(visit_skip, None),
    )
    # After lessons.record_lesson (priority 600), which decides what is a lesson.
    app.connect("doctree-read", append_feedback, priority=640)
    app.connect("config-inited", check_giscus)
    app.connect("html-page-context", add_comments_script)
