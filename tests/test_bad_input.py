"""Bad input gives a located, suppressible warning with a hint, never a traceback."""

from __future__ import annotations

import pytest
from conftest import read_output, warning_lines

EXPECTED_WARNINGS = [
    (
        "lessons/bare.md:5",
        "this lesson has no one-line summary; add one with ':::{one-line-summary}'",
        "lessonkit.structure",
    ),
    ("lessons/bare.md:5", "this lesson has no mental model", "lessonkit.structure"),
    ("lessons/bare.md:5", "this lesson has no key takeaways", "lessonkit.structure"),
    (
        "lessons/bare.md:5",
        "this lesson has no exercise; add one with '::::{exercise} Its title' ... '::::'",
        "lessonkit.structure",
    ),
    (
        "lessons/front-matter.md:2",
        "'lesson: one' is not a lesson number; write a whole number",
        "lessonkit.front-matter",
    ),
    (
        "lessons/front-matter.md:4",
        "'status: wip' is not a lesson status; write 'status: published' or 'status: draft'",
        "lessonkit.front-matter",
    ),
    (
        "lessons/boxes.md:2",
        "lesson number 1 is already used by 'lessons/bare'",
        "lessonkit.structure",
    ),
    (
        "lessons/boxes.md:2",
        "'lesson: 1' but the numbered table of contents places this page as lesson 3",
        "lessonkit.structure",
    ),
    (
        "lessons/boxes.md:10",
        "this lesson has more than one one-line summary; keep a single",
        "lessonkit.structure",
    ),
    (
        "lessons/boxes.md:10",
        "the one-line-summary box takes no title, so its argument was kept",
        "lessonkit.box",
    ),
    (
        "lessons/boxes.md:13",
        "the mental-model box is empty; write its text between",
        "lessonkit.box",
    ),
    ("lessons/boxes.md:16", "key takeaways must be a single bullet list", "lessonkit.structure"),
    ("lessons/boxes.md:20", "a solution must sit inside an exercise", "lessonkit.exercise"),
    (
        "lessons/boxes.md:25",
        "Unknown option key: 'colour' (allowed: ['class', 'label', 'name'])",
        "myst.directive_option",
    ),
    (
        "lessons/boxes.md:33",
        "this exercise has more than one solution; merge them",
        "lessonkit.exercise",
    ),
]


@pytest.fixture(scope="module")
def html(built):
    return built("bad-input")


@pytest.mark.parametrize(("location", "message", "warning_type"), EXPECTED_WARNINGS)
def test_warning_names_file_line_and_fix(html, location, message, warning_type):
    lines = warning_lines(html)
    assert any(
        line.startswith(f"{location}: WARNING: ")
        and message in line
        and line.endswith(f"[{warning_type}]")
        for line in lines
    ), "\n".join(lines)


def test_no_other_warnings(html):
    lines = warning_lines(html)
    assert len(lines) == len(EXPECTED_WARNINGS), "\n".join(lines)


def test_misused_boxes_keep_their_content(html):
    page = read_output(html, "lessons/boxes.html")
    for text in (
        "An argument where none is allowed",
        "A paragraph, not a list.",
        "A solution outside any exercise.",
        "First.",
        "Second.",
    ):
        assert text in page


def test_warnings_can_be_suppressed_by_subtype(built):
    app = built("bad-input", suppress_warnings=["lessonkit.structure"])
    # Every other subtype still warns: only the suppressed one went quiet.
    assert {line.rsplit("[", 1)[1].rstrip("]") for line in warning_lines(app)} == {
        warning_type
        for _, _, warning_type in EXPECTED_WARNINGS
        if warning_type != "lessonkit.structure"
    }
