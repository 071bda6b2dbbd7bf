"""Reader progress on the web: lessons completed, exercises attempted, XP, level.

Everything happens in the reader's browser and is stored in its localStorage; no
request leaves the page. The build writes ``_static/lessonkit-book.js`` (before the pages) with what
the script needs to know about the book (its lessons in order, their exercises,
the XP rule, the levels and achievements, and the interface's translated text),
so adding a lesson needs no change to the script.

``lessonkit-progress.js`` is added only to the pages that use it: lesson pages
(a "mark complete" control at the end, an "attempted" control on each exercise)
and pages with a ``progress-summary`` directive. Without JavaScript the controls
are simply absent. The ePub, PDF and text editions print what the summary is
instead of the summary itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .exercises import exercise
from .lessons import get_lessons
from .shared import CR, translate

BOOK_DATA_FILE = "lessonkit-book.js"
SCRIPT_FILE = "lessonkit-progress.js"

#: XP for each thing a reader does; the progress page states the same rule.
XP_PER_LESSON = 100
XP_PER_EXERCISE = 25

#: (minimum XP, level name), lowest first.
LEVELS = (
    (0, "Viewer"),
    (100, "Storyboard artist"),
    (300, "Camera operator"),
    (600, "Editor"),
    (1000, "Director"),
)

#: (key, name, how it is earned); the script knows each key's condition.
ACHIEVEMENTS = (
    ("first-lesson", "First cut", "Complete your first lesson."),
    ("all-exercises-of-a-lesson", "Hands on", "Attempt every exercise of one lesson."),
    ("half-the-book", "Halfway", "Complete half of the lessons."),
    ("whole-book", "Final cut", "Complete every lesson of the book."),
)


class progress_summary(nodes.General, nodes.Element):
    """Where the script shows the reader's progress; ``variant`` is full or compact."""


class ProgressSummaryDirective(SphinxDirective):
    option_spec: ClassVar[dict] = {
        "compact": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        variant = "compact" if "compact" in self.options else "full"
        node = progress_summary("", variant=variant)
        self.set_source_info(node)
        self.env.metadata[self.env.docname]["lessonkit-progress"] = variant
        return [node]


def xp_rule() -> str:
    return translate(
        "Each lesson you mark complete earns {lesson} XP, and each exercise you mark "
        "as attempted earns {exercise} XP."
    ).format(lesson=XP_PER_LESSON, exercise=XP_PER_EXERCISE)


def html_visit_summary(self, node: progress_summary) -> None:
    if self.builder.name != "html":
        # The ePub has no script: it says what the web edition shows.
        text = print_summary_text(node)
        if text:
            self.body.append(f"<p>{self.encode(text)}</p>{CR}")
        raise nodes.SkipNode
    # Empty and hidden until the script fills it: without JavaScript nothing shows.
    self.body.append(
        f'<div class="lessonkit-progress-summary" data-variant="{node["variant"]}" '
        f'hidden="hidden"></div>{CR}'
    )
    if node["variant"] == "full":
        self.body.append(
            f'<p class="lessonkit-progress-noscript">'
            f"{self.encode(translate('Turn on JavaScript to see your progress here.'))}</p>{CR}"
        )
    raise nodes.SkipNode


def print_summary_text(node: progress_summary) -> str | None:
    if node["variant"] != "full":
        return None
    return (
        translate(
            "The web edition of this book keeps your progress in your browser: lessons "
            "completed, exercises attempted, XP and level. "
        )
        + xp_rule()
    )


def latex_visit_summary(self, node: progress_summary) -> None:
    text = print_summary_text(node)
    if text:
        self.body.append(CR + self.encode(text) + CR)
    raise nodes.SkipNode


def text_visit_summary(self, node: progress_summary) -> None:
    text = print_summary_text(node)
    if text:
        self.new_state(0)
        self.add_text(text)
        self.end_state()
    raise nodes.SkipNode


def uses_progress(app: Sphinx, pagename: str) -> bool:
    if pagename in get_lessons(app.env):
        return True
    return bool(app.env.metadata.get(pagename, {}).get("lessonkit-progress"))


def add_progress_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.name != "html" or not uses_progress(app, pagename):
        return
    app.add_js_file(BOOK_DATA_FILE)
    app.add_js_file(SCRIPT_FILE, defer="defer", **{"data-lessonkit-page": pagename})


def book_data(app: Sphinx) -> dict[str, Any]:
    env = app.env
    lessons = get_lessons(env)
    ordered = sorted(lessons.items(), key=lambda item: (item[1]["number"] or 10**6, item[0]))
    entries = []
    for docname, record in ordered:
        doctree = env.get_doctree(docname)
        exercise_ids = [box["ids"][0] for box in doctree.findall(exercise) if box["ids"]]
        entries.append(
            {
                "page": docname,
                "number": record["number"],
                "title": env.titles[docname].astext() if docname in env.titles else docname,
                "exercises": exercise_ids,
            }
        )
    full_pages = sorted(
        name for name, data in env.metadata.items() if data.get("lessonkit-progress") == "full"
    )
    return {
        "lessons": entries,
        # Where a compact summary links to for the details.
        "progressPage": full_pages[0] if full_pages else None,
        "xp": {"lesson": XP_PER_LESSON, "exercise": XP_PER_EXERCISE},
        "levels": [{"xp": xp, "name": translate(name)} for xp, name in LEVELS],
        "achievements": [
            {"key": key, "name": translate(name), "how": translate(how)}
            for key, name, how in ACHIEVEMENTS
        ],
        "strings": {
            "markComplete": translate("Mark this lesson complete"),
            "completed": translate("Lesson complete"),
            "undo": translate("Undo"),
            "markAttempted": translate("I attempted this exercise"),
            "attempted": translate("Attempted"),
            "lessonsDone": translate("{done} of {total} lessons completed"),
            "xp": translate("{xp} XP"),
            "level": translate("Level: {level}"),
            "nextLevel": translate("{xp} XP to {level}"),
            "achievements": translate("Achievements"),
            "earned": translate("earned"),
            "notYet": translate("not yet"),
            "reset": translate("Reset my progress"),
            "resetConfirm": translate("Clear all your progress in this browser?"),
            "resetDone": translate("Your progress was cleared."),
            "privacy": translate("Your progress stays in this browser: nothing is sent anywhere."),
            "unavailable": translate(
                "This browser does not let the page store your progress "
                "(private mode or blocked storage)."
            ),
            "progressPage": translate("Your progress"),
            "xpRule": xp_rule(),
        },
    }


def write_book_data(app: Sphinx, env: Any) -> list[str]:
    """Written before any page, so each page's script URL carries this data's checksum."""
    if app.builder.name != "html":
        return []
    static_dir = Path(app.outdir) / "_static"
    static_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(book_data(app), ensure_ascii=False, indent=1)
    (static_dir / BOOK_DATA_FILE).write_text(
        f"/* Written by lessonkit when the book is built. */\nwindow.lessonkitBook = {data};\n",
        encoding="utf-8",
    )
    return []


def setup_progress(app: Sphinx) -> None:
    app.add_node(
        progress_summary,
        html=(html_visit_summary, None),
        latex=(latex_visit_summary, None),
        text=(text_visit_summary, None),
    )
    app.add_directive("progress-summary", ProgressSummaryDirective)
    app.connect("html-page-context", add_progress_script)
    # After every page is read (lessons, titles, exercises known), before any is written.
    app.connect("env-updated", write_book_data)
