"""Parallel and incremental builds give the same pages as a clean serial build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

# Per test root: the pages compared, and an edit to one lesson (file, old, new).
CASES = {
    "boxes": (
        ["index.html", "lessons/one.html", "lessons/two.html"],
        ("lessons/one.md", "Draw thirty frames.", "Draw forty frames."),
    ),
    # Tags feed the tag index page, every header's links and the progress data.
    "reader": (
        [
            "index.html",
            "tags.html",
            "lessons/first.html",
            "lessons/second.html",
            "_static/lessonkit-book.js",
        ],
        ("lessons/second.md", "tags: [motion]", "tags: [stillness]"),
    ),
}


def pages(outdir: Path, names: list[str]) -> dict[str, str]:
    # Sphinx stamps asset URLs with a content hash; keep everything else.
    return {name: re.sub(r"\?v=[0-9a-f]+", "", (outdir / name).read_text()) for name in names}


@pytest.fixture(params=sorted(CASES))
def case(request, make_app, rootdir, tmp_path):
    root = request.param
    names, edit = CASES[root]
    srcdir = tmp_path / "serial"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return root, names, edit, pages(Path(app.outdir), names)


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path, case):
    root, names, _, serial = case
    srcdir = tmp_path / "parallel"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2)
    app.build()
    assert pages(Path(app.outdir), names) == serial


def test_rebuild_after_editing_one_lesson_equals_clean_build(make_app, rootdir, tmp_path, case):
    root, names, (page, old, new), serial = case
    srcdir = tmp_path / "incremental"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    lesson = srcdir / page
    original = lesson.read_text()
    assert old in original
    lesson.write_text(original.replace(old, new))
    make_app("html", srcdir=srcdir, freshenv=True, parallel=2).build()
    lesson.write_text(original)
    app = make_app("html", srcdir=srcdir, parallel=2)
    app.build()
    assert pages(Path(app.outdir), names) == serial
