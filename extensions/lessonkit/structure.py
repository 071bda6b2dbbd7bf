"""The structure check: every lesson page has the parts a lesson is made of.

Per page (when it is read): a one-line summary (exactly one), a mental model, key
takeaways and an exercise. Across the book (after every page is read): no two
lessons share a number, and a lesson's number matches its place in the numbered
table of contents, because that place is what numbers its figures and exercises.

A paragraph that starts with ``TODO`` is a placeholder (``make new-lesson`` writes
them). A draft may hold placeholders, so the book builds while it is written; a
published lesson may not, and with ``lessonkit_strict = True`` (``make lint``) no
lesson may. All warnings have the type ``lessonkit`` and subtype ``structure``.
"""

from __future__ import annotations

from collections import defaultdict
from textwrap import shorten

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .boxes import key_takeaways, mental_model, one_line_summary
from .exercises import exercise
from .lessons import get_lessons
from .shared import warn

REQUIRED_PARTS = (
    (one_line_summary, "one-line summary", ":::{one-line-summary}", ":::"),
    (mental_model, "mental model", ":::{mental-model} Its name", ":::"),
    (key_takeaways, "key takeaways", ":::{key-takeaways}", ":::"),
    (exercise, "exercise", "::::{exercise} Its title", "::::"),
)


def page_location(env: BuildEnvironment, doctree: nodes.document) -> nodes.Node | str:
    """The page title, so that a warning about the whole page still has a line."""
    title = doctree.next_node(nodes.title)
    return title if title is not None and title.line else env.docname


def check_lesson_parts(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if env.docname not in get_lessons(env):
        return
    for node_class, what, opening, closing in REQUIRED_PARTS:
        found = list(doctree.findall(node_class))
        if not found:
            warn(
                f"this lesson has no {what}; add one with '{opening}' ... '{closing}'",
                page_location(env, doctree),
                "structure",
            )
        elif node_class is one_line_summary:
            for extra in found[1:]:
                warn(
                    "this lesson has more than one one-line summary; keep a single "
                    "':::{one-line-summary}' right after the title",
                    extra,
                    "structure",
                )


PLACEHOLDER_MARK = "TODO"


def is_placeholder(paragraph: nodes.paragraph) -> bool:
    return paragraph.astext().lstrip().startswith(PLACEHOLDER_MARK)


def check_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    record = get_lessons(env).get(env.docname)
    if record is None or (record["status"] == "draft" and not app.config.lessonkit_strict):
        return
    for paragraph in doctree.findall(nodes.paragraph):
        if is_placeholder(paragraph):
            text = shorten(paragraph.astext(), width=60, placeholder=" …")
            warn(
                f"placeholder left in the lesson: '{text}'; replace it with the "
                f"lesson's own text (a paragraph starting with '{PLACEHOLDER_MARK}' "
                f"marks unfinished work)",
                paragraph,
                "structure",
            )


def check_lesson_numbers(app: Sphinx, env: BuildEnvironment) -> None:
    lessons = get_lessons(env)
    by_number: dict[int, list[str]] = defaultdict(list)
    for docname in sorted(lessons):
        number = lessons[docname]["number"]
        if number is not None:
            by_number[number].append(docname)
    for number, docnames in sorted(by_number.items()):
        for docname in docnames[1:]:
            warn(
                f"lesson number {number} is already used by '{docnames[0]}'; give each "
                f"lesson its own number in its 'lesson:' front matter",
                (docname, lessons[docname]["line"]),
                "structure",
            )
    for docname, record in sorted(lessons.items()):
        position = env.toc_secnumbers.get(docname, {}).get("")
        if record["number"] is not None and position and position != (record["number"],):
            placed = ".".join(map(str, position))
            warn(
                f"'lesson: {record['number']}' but the numbered table of contents places "
                f"this page as lesson {placed}; make the two agree, by the front matter "
                f"or by the page's place in the toctree",
                (docname, record["line"]),
                "structure",
            )


def setup_structure_check(app: Sphinx) -> None:
    # After lessons.record_lesson (priority 600), which decides what is a lesson.
    app.connect("doctree-read", check_lesson_parts, priority=620)
    app.connect("doctree-read", check_placeholders, priority=620)
    # make lint sets it: every lesson, draft or not, must be free of placeholders.
    app.add_config_value("lessonkit_strict", False, "env", bool)
    app.connect("env-check-consistency", check_lesson_numbers)
