"""TODO placeholders: allowed in drafts, flagged in published lessons and in strict mode."""

from __future__ import annotations

import shutil

from conftest import warning_lines


def placeholder_warnings(app) -> list[str]:
    return [line for line in warning_lines(app) if "placeholder left" in line]


def test_published_lesson_flags_each_placeholder_with_its_line(built):
    assert placeholder_warnings(built("placeholders")) == [
        "lessons/published.md:8: WARNING: placeholder left in the lesson: 'TODO: one "
        "sentence.'; replace it with the lesson's own text (the word 'TODO' marks "
        "unfinished work) [lessonkit.structure]",
        "lessons/published.md:23: WARNING: placeholder left in the lesson: 'TODO: the "
        "worked solution.'; replace it with the lesson's own text (the word 'TODO' marks "
        "unfinished work) [lessonkit.structure]",
    ]


def test_strict_mode_flags_drafts_too(built):
    strict = built("placeholders", lessonkit_strict=True)
    flagged = {line.split(":")[0] for line in placeholder_warnings(strict)}
    assert flagged == {"lessons/published.md", "lessons/draft.md"}


def test_a_second_build_reports_every_placeholder_again(make_app, rootdir, tmp_path):
    # make lint keeps its doctrees: a build that reads nothing must still fail.
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-placeholders", srcdir)
    strict = {"lessonkit_strict": True}
    first = make_app("dummy", srcdir=srcdir, confoverrides=strict, freshenv=True)
    first.build()
    second = make_app("dummy", srcdir=srcdir, confoverrides=strict)
    second.build()
    assert "0 added, 0 changed, 0 removed" in second.status.getvalue()
    assert placeholder_warnings(second) == placeholder_warnings(first)
    assert len(placeholder_warnings(second)) == 4
