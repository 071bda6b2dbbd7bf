"""The structure check: the one definition of a complete, publishable lesson.

Every lesson, draft or not, has the parts a lesson is made of: a one-line summary
(exactly one), a mental model, key takeaways and an exercise. A *published*
lesson is also publishable (:data:`PUBLISHING_RULES`): no placeholder anywhere
(titles included), every exercise with a worked solution, at least one figure,
tags, at least ``lessonkit_min_sources`` cited sources with addresses, and (when
``lessonkit_publishing_rules`` names ``self-checks``) three self-check questions. Across
the book: no two lessons share a number, a lesson's number matches its place in
the numbered table of contents (that place numbers its figures and exercises), and
every page in the lessons folder is a lesson.

The build warns about published lessons; ``make lint`` (``lessonkit_strict``)
holds drafts to every rule too, as the checklist of what is left to do; the
book's tests call :func:`lesson_problems` rather than restating the rules.

What a page holds is recorded in the lesson register when the page is read
(:func:`record_lesson_parts`); the rules are applied to the register by
:func:`lesson_problems` and reported when Sphinx checks the book's consistency.
A page with problems counts as updated on every build, so the check runs and
its warnings appear again even when nothing was edited (``make lint`` run twice
gives the same answer).

The word ``TODO`` marks a placeholder (``make new-lesson`` writes them), in a
paragraph, a heading or a box title. All warnings have the type ``lessonkit`` and
subtype ``structure``, except a diagram without alternative text (``diagram``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .boxes import key_takeaways, mental_model, one_line_summary
from .exercises import exercise, solution
from .lessons import front_matter_line, get_lessons, lesson_domain
from .messages import shortened
from .self_check import self_check
from .shared import warn

#: (node class, register key, what to call it, how to open it, how to close it)
REQUIRED_PARTS = (
    (one_line_summary, "one-line-summary", "one-line summary", ":::{one-line-summary}", ":::"),
    (mental_model, "mental-model", "mental model", ":::{mental-model} Its name", ":::"),
    (key_takeaways, "key-takeaways", "key takeaways", ":::{key-takeaways}", ":::"),
    (exercise, "exercise", "exercise", "::::{exercise} Its title", "::::"),
)

PLACEHOLDER_MARK = "TODO"
PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER_MARK}\b")
#: Where placeholder text can hide: paragraphs, headings and box titles, list terms.
PLACEHOLDER_NODES = (nodes.paragraph, nodes.title, nodes.rubric, nodes.term, nodes.caption)


class Problem(NamedTuple):
    docname: str
    line: int
    message: str
    subtype: str = "structure"


def is_placeholder(node: nodes.Element) -> bool:
    return bool(PLACEHOLDER.search(node.astext()))


def cited_sources(doctree: nodes.document) -> list[str]:
    """The addresses of the works the page cites (its footnotes and citations)."""
    return sorted(
        {
            reference["refuri"]
            for note in doctree.findall(
                lambda node: isinstance(node, (nodes.footnote, nodes.citation))
            )
            for reference in note.findall(nodes.reference)
            if reference.get("refuri", "").startswith(("http://", "https://"))
        }
    )


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
        (node_line(node, page_line), node.astext())
        for node in doctree.findall(
            lambda node: isinstance(node, PLACEHOLDER_NODES) and is_placeholder(node)
        )
    ]
    record["figures"] = [node_line(figure, page_line) for figure in doctree.findall(nodes.figure)]
    record["sources"] = cited_sources(doctree)
    record["exercises"] = [
        {
            "id": box["ids"][0] if box["ids"] else "",
            "line": node_line(box, page_line),
            "solutions": sum(isinstance(child, solution) for child in box.children),
        }
        for box in doctree.findall(exercise)
    ]
    record["checks"] = [
        {
            "id": node["ids"][0] if node["ids"] else "",
            "line": node_line(node, page_line),
            "kind": node.get("kind", ""),
        }
        for node in doctree.findall(self_check)
    ]


def record_page_problems(app: Sphinx, doctree: nodes.document) -> None:
    """Problems of any page, lesson or not, kept to be reported on every build."""
    env = app.env
    found: list[tuple[int, str, str]] = []
    folder = app.config.lessonkit_lessons_folder.strip("/")
    if (
        folder
        and env.docname.startswith(folder + "/")
        and env.docname not in get_lessons(env)
        and "orphan" not in env.metadata.get(env.docname, {})
    ):
        found.append(
            (
                1,
                f"this page is in {folder}/ but has no lesson front matter, so it gets no "
                f"header and no structure check and no lesson counts it; start it with "
                f"'---', 'lesson: N', 'tags: [...]', 'status: draft', '---' (make new-lesson "
                f"writes them), or move it out of {folder}/",
                "front-matter",
            )
        )
    for diagram in doctree.findall(is_diagram):
        if not diagram.get("alt"):
            found.append(
                (
                    diagram.line or 1,
                    "this diagram has no alternative text; add ':alt:' with a sentence "
                    "that says what the diagram shows, for readers who cannot see it",
                    "diagram",
                )
            )
    if found:
        lesson_domain(env).page_problems[env.docname] = found


def is_diagram(node: nodes.Node) -> bool:
    # sphinxcontrib-mermaid's node, without importing an optional extension.
    return type(node).__name__ == "mermaid" and isinstance(node, nodes.Element)


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
            f"lesson's own text (the word '{PLACEHOLDER_MARK}' marks unfinished work)",
        )


def solution_problems(docname: str, record: dict) -> Iterable[Problem]:
    for item in record["exercises"]:
        if not item["solutions"]:
            yield Problem(
                docname,
                item["line"],
                "this exercise has no solution; put a worked ':::{solution}' ... ':::' "
                "inside it, and give the exercise a longer fence ('::::{exercise}')",
                "exercise",
            )


def figure_problems(docname: str, record: dict) -> Iterable[Problem]:
    if not record["figures"]:
        yield Problem(
            docname,
            record["title_line"] or record["line"],
            "this lesson has no figure; draw its main idea with ':::{frame-grid} Caption', "
            "a mermaid diagram with ':caption:' and ':alt:', or an image figure",
        )


def tag_problems(env: BuildEnvironment, docname: str, record: dict) -> Iterable[Problem]:
    if not record["tags"] or any(PLACEHOLDER.search(tag) for tag in record["tags"]):
        yield Problem(
            docname,
            front_matter_line(env, docname, "tags"),
            f"this lesson has no tags, or a '{PLACEHOLDER_MARK}' among them; name two to "
            f"four of its topics in the front matter, e.g. 'tags: [diffusion, sampling]'",
        )


def source_problems(docname: str, record: dict, minimum: int) -> Iterable[Problem]:
    found = len(record["sources"])
    if found < minimum:
        yield Problem(
            docname,
            record["title_line"] or record["line"],
            f"this lesson cites {found} source(s) with an address; a published lesson "
            f"cites at least {minimum}: cite each fact with {{footcite:p}}`key`, give "
            f"each docs/references.bib entry its url, and end the lesson with a "
            f"footbibliography",
        )


#: How many self-check questions a published lesson asks at least.
MIN_SELF_CHECKS = 3


def self_check_problems(docname: str, record: dict) -> Iterable[Problem]:
    found = len(record.get("checks", []))
    if found < MIN_SELF_CHECKS:
        yield Problem(
            docname,
            record["title_line"] or record["line"],
            f"this lesson asks {found} self-check question(s); a published lesson asks at "
            f"least {MIN_SELF_CHECKS}: after a section, add ':::{{self-check}} A question "
            f"only that section answers' with '- [ ]' and '- [x]' choices, each explained",
            "self-check",
        )


#: The rules a lesson must meet before it is published, by the name that
#: ``lessonkit_publishing_rules`` lists them with.
PUBLISHING_RULES = {
    "placeholders": lambda env, docname, record: placeholder_problems(docname, record),
    "solutions": lambda env, docname, record: solution_problems(docname, record),
    "figure": lambda env, docname, record: figure_problems(docname, record),
    "tags": lambda env, docname, record: tag_problems(env, docname, record),
    "sources": lambda env, docname, record: source_problems(
        docname, record, env.config.lessonkit_min_sources
    ),
    # Not in lessonkit_publishing_rules' default until every lesson has its questions.
    "self-checks": lambda env, docname, record: self_check_problems(docname, record),
}


def publishing_problems(env: BuildEnvironment, docname: str, record: dict) -> Iterable[Problem]:
    for rule in env.config.lessonkit_publishing_rules:
        yield from PUBLISHING_RULES[rule](env, docname, record)


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

    ``strict`` holds drafts to the publishing rules too (``make lint``).
    """
    problems: list[Problem] = []
    for docname, record in sorted(get_lessons(env).items()):
        problems.extend(part_problems(docname, record))
        if strict or record["status"] != "draft":
            problems.extend(publishing_problems(env, docname, record))
    problems.extend(number_problems(env))
    for docname, found in sorted(lesson_domain(env).page_problems.items()):
        problems.extend(Problem(docname, *problem) for problem in found)
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
    app.connect("doctree-read", record_page_problems, priority=620)
    app.connect("env-updated", pages_with_problems)
    app.connect("env-check-consistency", report_problems)
