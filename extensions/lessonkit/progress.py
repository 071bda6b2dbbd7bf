"""Reader progress on the web: lessons completed, exercises attempted, self-check
questions answered, XP, level.

Everything happens in the reader's browser and is stored in its localStorage; no
request leaves the page. Before any page is written the build writes
``_static/lessonkit-book.js`` with what the script needs to know about the book:
its identity (the storage key), its lessons in order with their addresses,
exercises and self-check questions, the XP rule, the levels and achievements, and the interface's
translated text. Adding a lesson needs no change to the script.

Each lesson ends with an empty marker (``data-lessonkit-lesson``) where the script
puts the "mark complete" control; pages with a ``progress-summary`` directive get
a summary box. The scripts are added to exactly the pages that have one of them,
in every web builder (html, dirhtml, singlehtml). Without JavaScript the controls
are absent. The ePub, PDF and text editions print what the summary is instead of
the summary itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from .lessons import get_lessons, lesson_domain, lessons_in_order
from .messages import N_
from .shared import (
    CR,
    SKIP,
    add_node_everywhere,
    is_web_page,
    translate,
    write_as_paragraph,
)

BOOK_DATA_FILE = "lessonkit-book.js"
STORE_FILE = "lessonkit-progress-store.js"
SCRIPT_FILE = "lessonkit-progress.js"

#: XP for each thing a reader does; the progress page states the same rule.
XP_PER_LESSON = 100
XP_PER_EXERCISE = 25
#: for each self-check question answered correctly, once (lessonkit.self_check)
XP_PER_CHECK = 10

#: (minimum XP, level name), lowest first; the names are marked for lessonkit's
#: catalog and translated when the book data is written.
LEVELS = (
    (0, N_("Viewer")),
    (100, N_("Storyboard artist")),
    (300, N_("Camera operator")),
    (600, N_("Editor")),
    (1000, N_("Director")),
)

#: (key, name, how it is earned); the script knows each key's condition.
ACHIEVEMENTS = (
    ("first-lesson", N_("First cut"), N_("Complete your first lesson.")),
    ("all-exercises-of-a-lesson", N_("Hands on"), N_("Attempt every exercise of one lesson.")),
    ("half-the-book", N_("Halfway"), N_("Complete half of the lessons.")),
    ("whole-book", N_("Final cut"), N_("Complete every lesson of the book.")),
    (
        "all-checks-of-a-lesson",
        N_("Sharp eye"),
        N_("Answer every self-check question of one lesson correctly."),
    ),
)


class progress_summary(nodes.General, nodes.Element):
    """Where the script shows the reader's progress; ``variant`` is full or compact."""


class lesson_progress(nodes.General, nodes.Element):
    """The end of a lesson, where the script puts its "mark complete" control."""


class ProgressSummaryDirective(SphinxDirective):
    option_spec: ClassVar[dict] = {
        "compact": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        variant = "compact" if "compact" in self.options else "full"
        node = progress_summary("", variant=variant)
        self.set_source_info(node)
        pages = lesson_domain(self.env).progress_pages
        # A page with both keeps "full": that is the page a compact summary links to.
        if pages.get(self.env.docname) != "full":
            pages[self.env.docname] = variant
        return [node]


def xp_rule() -> str:
    return translate(
        "Each lesson you mark complete earns {lesson} XP, each exercise you mark as "
        "attempted earns {exercise} XP, and each self-check question you answer "
        "correctly earns {check} XP (once per question)."
    ).format(lesson=XP_PER_LESSON, exercise=XP_PER_EXERCISE, check=XP_PER_CHECK)


def html_visit_summary(self, node: progress_summary) -> None:
    if not is_web_page(self.builder):
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
        words = self.encode(translate("Turn on JavaScript to see your progress here."))
        self.body.append(f'<p class="lessonkit-progress-noscript">{words}</p>{CR}')
    raise nodes.SkipNode


def print_summary_text(node: progress_summary) -> str | None:
    if node["variant"] != "full":
        return None
    return translate(
        "The web edition of this book keeps your progress in your browser: lessons "
        "completed, exercises attempted, self-check questions answered, XP and level. "
        "{rule}"
    ).format(rule=xp_rule())


def fallback_visit_summary(self, node: progress_summary) -> None:
    text = print_summary_text(node)
    if text:
        write_as_paragraph(self, node, text)
    raise nodes.SkipNode


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


def append_lesson_progress(app: Sphinx, doctree: nodes.document) -> None:
    if app.env.docname in get_lessons(app.env):
        doctree += lesson_progress("", docname=app.env.docname)


def html_visit_lesson_progress(self, node: lesson_progress) -> None:
    if is_web_page(self.builder):
        self.body.append(
            f'<div class="lessonkit-lesson-progress" '
            f'data-lessonkit-lesson="{self.attval(node["docname"])}" hidden="hidden"></div>{CR}'
        )
    raise nodes.SkipNode


def add_progress_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if not is_web_page(app.builder) or doctree is None:
        return
    if doctree.next_node(lesson_progress) is None and doctree.next_node(progress_summary) is None:
        return
    # Deferred scripts run in order, after the page is parsed: nothing blocks rendering.
    app.add_js_file(BOOK_DATA_FILE, defer="defer")
    app.add_js_file(STORE_FILE, defer="defer")
    app.add_js_file(SCRIPT_FILE, defer="defer")


def book_identity(project: str) -> str:
    """What tells this book's progress from another lessonkit book's on the same site."""
    return "-".join("".join(c if c.isalnum() else " " for c in project.lower()).split()) or "book"


def exercise_name(builder: Builder, docname: str, exercise_id: str) -> str:
    number = builder.env.toc_fignumbers.get(docname, {}).get("exercise", {}).get(exercise_id)
    if not number:
        return ""
    return translate("Exercise") + " " + ".".join(map(str, number))


def check_name(builder: Builder, docname: str, check_id: str) -> str:
    number = builder.env.toc_fignumbers.get(docname, {}).get("self-check", {}).get(check_id)
    if not number:
        return ""
    return translate("Check") + " " + ".".join(map(str, number))


def book_data(app: Sphinx, builder: Builder) -> dict[str, Any]:
    env = app.env
    entries = [
        {
            "page": docname,
            "number": record["number"],
            "title": record["title"] or docname,
            # Relative to the book's root: page.html, page/ or index.html#document-page.
            "url": builder.get_target_uri(docname),
            "exercises": [
                {"id": item["id"], "name": exercise_name(builder, docname, item["id"])}
                for item in record["exercises"]
                if item["id"]
            ],
            "checks": [
                {"id": item["id"], "name": check_name(builder, docname, item["id"])}
                for item in record.get("checks", [])
                if item["id"]
            ],
        }
        for docname, record in lessons_in_order(env)
    ]
    full_pages = sorted(
        page for page, variant in lesson_domain(env).progress_pages.items() if variant == "full"
    )
    book = book_identity(app.config.project or "")
    return {
        "book": book,
        "storageKey": f"lessonkit-progress:{book}",
        "previousStorageKeys": list(app.config.lessonkit_progress_previous_keys),
        "lessons": entries,
        # Where a compact summary links to for the details.
        "progressPage": (
            {"page": full_pages[0], "url": builder.get_target_uri(full_pages[0])}
            if full_pages
            else None
        ),
        "xp": {"lesson": XP_PER_LESSON, "exercise": XP_PER_EXERCISE, "check": XP_PER_CHECK},
        "levels": [{"xp": xp, "name": translate(name)} for xp, name in LEVELS],
        "achievements": [
            {"key": key, "name": translate(name), "how": translate(how)}
            for key, name, how in ACHIEVEMENTS
        ],
        "strings": {
            "markComplete": translate("Mark this lesson complete"),
            "markAttempted": translate("I attempted this exercise"),
            "lessonsDone": translate("{done} of {total} lessons completed"),
            "xp": translate("{xp} XP"),
            "level": translate("Level: {level}"),
            "nextLevel": translate("{xp} XP to {level}"),
            "achievements": translate("Achievements"),
            # Translators: after an achievement's name: "Halfway (earned): ...".
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
            "attemptedExerciseLabel": translate("I attempted this exercise: {exercise}"),
            "saveFailed": translate("Your progress could not be saved in this browser."),
            "checksDone": translate(
                "{answered} of {total} self-check questions answered, {correct} correctly"
            ),
            # lessonkit-self-check.js
            "checkRight": translate("Correct."),
            "checkWrong": translate("Not quite."),
            "checkTryAgain": translate("Try again, or open the answer below."),
            "checkMissing": translate(
                "Every choice you picked is right, but there is more than one right choice."
            ),
            "checkChooseFirst": translate("Choose an answer first."),
            "checkEnterNumber": translate("Enter a number, such as 1920 or 0.5."),
            "checkTooHigh": translate("{value} is too high."),
            "checkTooLow": translate("{value} is too low."),
            "checkXp": translate("+{xp} XP"),
            "checkDoneRight": translate("You have answered this question correctly."),
            "checkDoneTried": translate("You have tried this question."),
        },
    }


def write_book_data(app: Sphinx, builder: Builder) -> None:
    """Written after the book is numbered and before any page, so each page's script
    URL carries this data's checksum."""
    if not is_web_page(builder):
        return
    static_dir = Path(builder.outdir) / "_static"
    static_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(book_data(app, builder), ensure_ascii=False, indent=1)
    (static_dir / BOOK_DATA_FILE).write_text(
        f"/* Written by lessonkit when the book is built. */\nwindow.lessonkitBook = {data};\n",
        encoding="utf-8",
    )


def setup_progress(app: Sphinx) -> None:
    add_node_everywhere(
        app,
        progress_summary,
        html=(html_visit_summary, None),
        latex=(latex_visit_summary, None),
        text=(text_visit_summary, None),
        fallback=(fallback_visit_summary, None),
    )
    add_node_everywhere(
        app, lesson_progress, html=(html_visit_lesson_progress, None), fallback=SKIP
    )
    app.add_directive("progress-summary", ProgressSummaryDirective)
    # Before feedback.append_feedback (640): the controls come before the report link.
    app.connect("doctree-read", append_lesson_progress, priority=630)
    app.connect("html-page-context", add_progress_script)
    app.connect("write-started", write_book_data)
