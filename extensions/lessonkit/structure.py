"""The structure check: every lesson page has the parts a lesson is made of.

Per lesson: a one-line summary (exactly one), a mental model, key takeaways and an
exercise, and no placeholders once it is published. Across the book: no two
lessons share a number, and a lesson's number matches its place in the numbered
table of contents, because that place is what numbers its figures and exercises.

What a page holds is recorded in the lesson register when the page is read
(:func:`record_lesson_parts`); the rules are applied to the register by
:func:`lesson_problems` and reported when Sphinx checks the book's consistency.
A page with problems counts as updated on every build, so the check runs and
its warnings appear again even when nothing was edited (``make lint`` run twice
gives the same answer).

A paragraph that starts with ``TODO`` is a placeholder (``make new-lesson`` writes
them). A draft may hold placeholders, so the book builds while it is written; a
published lesson may not, and with ``lessonkit_strict = True`` (``make lint``) no
lesson may. All warnings have the type ``lessonkit`` and subtype ``structure``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .boxes import key_takeaways, mental_model, one_line_summary
from .exercises import exercise, solution
from .lessons import get_lessons
from .messages import shortened
from .shared import warn

#: (node class, register key, what to call it, how to open it, how to close it)
REQUIRED_PARTS = (
    (one_line_summary, "one-line-summary", "one-line summary", ":::{one-line-summary}", ":::"),
    (mental_model, "mental-model", "mental model", ":::{mental-model} Its name", ":::"),
    (key_takeaways, "key-takeaways", "key takeaways", ":::{key-takeaways}", ":::"),
    (exercise, "exercise", "exercise", "::::{exercise} Its title", "::::"),
)

PLACEHOLDER_MARK = "TODO"


class Problem(NamedTuple):
    docname: str
    line: int
    message: str
    subtype: str = "structure"


def is_placeholder(paragraph: nodes.paragraph) -> bool:
    return paragraph.astext().lstrip().startswith(PLACEHOLDER_MARK)


def node_line(node: nodes.Node, default: int) -> int:
    return node.line or default


def record_lesson_parts(app: Sphinx, doctree: nodes.document) -> None:
    """File what the lesson holds; the rules are applied later, to the register."""
    env = app.env
    record = get_lessons(env).get(env.docname)
    if record is None:
        return
    page_line = record["title_line"] or record["line"]
    record["parts"] = {
        key: [node_line(node, page_line) for node in doctree.findall(node_class)]
        for node_class, key, *_ in REQUIRED_PARTS
    }
    record["placeholders"] = [
        (node_line(paragraph, page_line), paragraph.astext())
        for paragraph in doctree.findall(nodes.paragraph)
        if is_placeholder(paragraph)
    ]
    record["exercises"] = [
        {
            "id": box["ids"][0] if box["ids"] else "",
            "line": node_line(box, page_line),
            "solutions": sum(isinstance(child, solution) for child in box.children),
        }
        for box in doctree.findall(exercise)
    ]


def part_problems(docname: str, record: dict) -> Iterable[Problem]:
    page_line = record["title_line"] or record["line"]
    for _node_class, key, what, opening, closing in REQUIRED_PARTS:
        lines = record["parts"].get(key, [])
        if not lines:
            yield Problem(
                docname,
                page_line,
                f"this lesson has no {what}; add one with '{opening}' ... '{closing}'",
            )
        elif key == "one-line-summary":
            for line in lines[1:]:
                yield Problem(
                    docname,
                    line,
                    "this lesson has more than one one-line summary; keep a single "
                    "':::{one-line-summary}' right after the title",
                )


def placeholder_problems(docname: str, record: dict) -> Iterable[Problem]:
    for line, text in record["placeholders"]:
        yield Problem(
            docname,
            line,
            f"placeholder left in the lesson: '{shortened(text)}'; replace it with the "
            f"lesson's own text (a paragraph starting with '{PLACEHOLDER_MARK}' marks "
            f"unfinished work)",
        )


def number_problems(env: BuildEnvironment) -> Iterable[Problem]:
    lessons = get_lessons(env)
    by_number: dict[int, list[str]] = defaultdict(list)
    for docname in sorted(lessons):
        number = lessons[docname]["number"]
        if number is not None:
            by_number[number].append(docname)
    for number, docnames in sorted(by_number.items()):
        for docname in docnames[1:]:
            yield Problem(
                docname,
                lessons[docname]["line"],
                f"lesson number {number} is already used by '{docnames[0]}'; give each "
                f"lesson its own number in its 'lesson:' front matter",
            )
    for docname, record in sorted(lessons.items()):
        position = env.toc_secnumbers.get(docname, {}).get("")
        if record["number"] is not None and position and position != (record["number"],):
            placed = ".".join(map(str, position))
            yield Problem(
                docname,
                record["line"],
                f"'lesson: {record['number']}' but the numbered table of contents places "
                f"this page as lesson {placed}; make the two agree, by the front matter "
                f"or by the page's place in the toctree",
            )


def lesson_problems(env: BuildEnvironment, strict: bool) -> list[Problem]:
    """Every structure problem of the book, in page and line order.

    ``strict`` holds drafts to the rules for placeholders too (``make lint``).
    """
    problems: list[Problem] = []
    for docname, record in sorted(get_lessons(env).items()):
        problems.extend(part_problems(docname, record))
        if strict or record["status"] != "draft":
            problems.extend(placeholder_problems(docname, record))
    problems.extend(number_problems(env))
    return sorted(problems, key=lambda problem: (problem.docname, problem.line))


def report_problems(app: Sphinx, env: BuildEnvironment) -> None:
    for problem in lesson_problems(env, app.config.lessonkit_strict):
        warn(problem.message, (problem.docname, problem.line), problem.subtype)


def pages_with_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Count these pages as updated, so that the consistency check runs and reports
    them on a build in which nothing else changed."""
    return sorted(
        {problem.docname for problem in lesson_problems(env, app.config.lessonkit_strict)}
    )


def setup_structure_check(app: Sphinx) -> None:
    # After lessons.record_lesson (priority 600), which decides what is a lesson.
    app.connect("doctree-read", record_lesson_parts, priority=620)
    app.connect("env-updated", pages_with_problems)
    app.connect("env-check-consistency", report_problems)
