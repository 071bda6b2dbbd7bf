"""Parallel and incremental builds give the same pages as a clean serial build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

PAGES = ["index.html", "lessons/one.html", "lessons/two.html"]


def pages(outdir: Path) -> dict[str, str]:
    # Sphinx stamps asset URLs with a content hash; keep everything else.
    return {page: re.sub(r"\?v=[0-9a-f]+", "", (outdir / page).read_text()) for page in PAGES}


@pytest.fixture
def serial_pages(make_app, rootdir, tmp_path) -> dict[str, str]:
    srcdir = tmp_path / "serial"
    shutil.copytree(rootdir / "test-boxes", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return pages(Path(app.outdir))


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path, serial_pages):
    srcdir = tmp_path / "parallel"
    shutil.copytree(rootdir / "test-boxes", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2)
    app.build()
    assert pages(Path(app.outdir)) == serial_pages


def test_rebuild_after_editing_one_lesson_equals_clean_build(
    make_app, rootdir, tmp_path, serial_pages
):
    srcdir = tmp_path / "incremental"
    shutil.copytree(rootdir / "test-boxes", srcdir)
    lesson = srcdir / "lessons" / "one.md"
    original = lesson.read_text()
    lesson.write_text(original.replace("Draw thirty frames.", "Draw forty frames."))
    make_app("html", srcdir=srcdir, freshenv=True, parallel=2).build()
    lesson.write_text(original)
    app = make_app("html", srcdir=srcdir, parallel=2)
    app.build()
    assert pages(Path(app.outdir)) == serial_pages
