"""The garbage collector is held back during a build and put back as it was after."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys

from lessonkit.collector import YOUNG_THRESHOLD
from sphinx.application import Sphinx


def test_a_build_holds_collections_and_then_puts_them_back(make_app, rootdir, tmp_path):
    during = {}

    def look(app: Sphinx, docname: str, source: list[str]) -> None:
        during.setdefault("threshold", gc.get_threshold()[0])
        during.setdefault("frozen", gc.get_freeze_count())

    before = (gc.get_threshold(), gc.get_freeze_count())
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-builders", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.connect("source-read", look)
    app.build()
    assert during["threshold"] == YOUNG_THRESHOLD and during["frozen"] > before[1]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_at_exit_a_building_process_leaves_nothing_for_the_collector(rootdir, tmp_path):
    """A process that built the book freezes what is alive before it tears down, so
    CPython's collections at exit walk nothing. Exit handlers run last-registered
    first: one registered before the build runs after lessonkit's and sees it."""
    script = f"""
import atexit, gc, shutil
from pathlib import Path
from sphinx.application import Sphinx
atexit.register(lambda: print("unfrozen at exit:", len(gc.get_objects())))
source = Path({str(tmp_path)!r}) / "book"
shutil.copytree({str(rootdir / "test-builders")!r}, source)
Sphinx(source, source, source / "_build", source / "_build/.doctrees", "html",
       status=None, warning=None).build()
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "unfrozen at exit: 0", result.stderr
