"""The garbage collector is held back during a build and put back as it was after."""

from __future__ import annotations

import gc
import shutil

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
