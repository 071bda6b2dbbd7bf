"""One definition of "publishable", in lessonkit's structure check: the build holds
published lessons to it, make lint (lessonkit_strict) holds drafts to it too, and
each problem is a warning with its file, its line and what to write."""

from __future__ import annotations

from conftest import warning_lines

PUBLISHED = [
    "lessons/stray.md:1: WARNING: this page is in lessons/ but has no lesson front matter",
    "lessons/unfinished.md:3: WARNING: this lesson has no tags, or a 'TODO' among them",
    "lessons/unfinished.md:6: WARNING: this lesson has no figure; draw its main idea",
    "lessons/unfinished.md:6: WARNING: this lesson cites 2 source(s) with an address; a "
    "published lesson cites at least 5",
    "lessons/unfinished.md:12: WARNING: placeholder left in the lesson: 'TODO: a heading "
    "still to write'",
    "lessons/unfinished.md:18: WARNING: placeholder left in the lesson: 'TODO: name the exercise'",
    "lessons/unfinished.md:18: WARNING: this exercise has no solution; put a worked "
    "':::{solution}'",
    "lessons/unfinished.md:24: WARNING: this diagram has no alternative text; add ':alt:'",
    "lessons/unfinished.md:6: WARNING: this lesson asks 0 self-check question(s); a published "
    "lesson asks at least 3",
]

DRAFT = [
    "lessons/ready.md:6: WARNING: this lesson has no figure",
    "lessons/ready.md:6: WARNING: this lesson cites 0 source(s)",
    "lessons/ready.md:16: WARNING: this exercise has no solution",
]


def found(lines: list[str], expected: list[str]) -> list[str | None]:
    """Each expected warning as found at the start of a warning line, or None."""
    return [next((start for line in lines if line.startswith(start)), None) for start in expected]


def test_a_published_lesson_is_held_to_every_rule(built):
    lines = warning_lines(built("publishing", "dummy"))
    assert (found(lines, PUBLISHED), len(lines)) == (PUBLISHED, len(PUBLISHED))


def test_a_draft_builds_but_lint_lists_what_it_lacks(built):
    relaxed = warning_lines(built("publishing", "dummy"))
    strict = warning_lines(built("publishing", "dummy", lessonkit_strict=True))
    assert [line for line in relaxed if line.startswith("lessons/ready.md")] == []
    assert found(strict, DRAFT) == DRAFT


def test_warnings_name_their_subtype_so_a_project_can_silence_one(built):
    lines = warning_lines(built("publishing", "dummy"))
    subtypes = sorted({line.rsplit("[", 1)[1].rstrip("]") for line in lines})
    assert subtypes == [
        "lessonkit.diagram",
        "lessonkit.exercise",
        "lessonkit.front-matter",
        "lessonkit.self-check",
        "lessonkit.structure",
    ]
