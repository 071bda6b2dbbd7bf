"""Shared fixtures: Sphinx's own testing fixtures and our test roots."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = "sphinx.testing.fixtures"

# Test roots are Sphinx projects, not test modules.
collect_ignore = ["roots"]

REPO_ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[..., SphinxTestApp]:
    """A test root built once per test module, in a temporary copy (never inside
    tests/roots/): ``built("boxes", "latex")`` is the same app for every test of the
    module that asks for it."""
    apps: dict[tuple, SphinxTestApp] = {}

    def build(root: str, builder: str = "html", **confoverrides) -> SphinxTestApp:
        key = (root, builder, repr(sorted(confoverrides.items())))
        if key not in apps:
            srcdir = tmp_path_factory.mktemp(f"{root}-{builder}") / "src"
            # A _build left in the root by hand must not give the copy a stale environment.
            shutil.copytree(ROOTS / f"test-{root}", srcdir, ignore=shutil.ignore_patterns("_build"))
            app = SphinxTestApp(
                builder,
                srcdir=srcdir,
                confoverrides=confoverrides or None,
                status=StringIO(),
                warning=StringIO(),
            )
            try:
                app.build()
            finally:
                # Reset Sphinx's global registries (docutils directives and roles, node
                # visitors) at once: the next app of the module would otherwise warn
                # that everything is already registered. The output stays readable.
                app.cleanup()
            apps[key] = app
        return apps[key]

    return build


def read_output(app, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def parse_output(app, name: str):
    """An HTML or XHTML output page, parsed."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(read_output(app, name), "html.parser")


def words(text: str) -> str:
    """``text`` with each run of whitespace made one space."""
    return " ".join(text.split())


SPOKEN_ATTRIBUTES = ("alt", "aria-label", "title")


def page_text(app, page: str, attributes: tuple[str, ...] = SPOKEN_ATTRIBUTES) -> str:
    """What a page's body says, and what the named attributes of its elements say
    aloud, on one line."""
    body = parse_output(app, page).select_one("div.body")
    spoken = [
        value
        for element in body.find_all(True)
        for name, value in element.attrs.items()
        if name in attributes
    ]
    return words(" ".join([body.get_text(" "), *spoken]))


def warning_lines(app) -> list[str]:
    """Warnings with the machine-specific source directory cut off."""
    srcdir = str(app.srcdir) + "/"
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(srcdir, "") for line in text.splitlines() if line]


class BookBuild:
    """One build of the real book: its output directory and what Sphinx printed."""

    def __init__(self, outdir: Path, result: subprocess.CompletedProcess) -> None:
        self.outdir = outdir
        self.returncode = result.returncode
        self.stderr = result.stderr

    def succeeded(self) -> Path:
        assert (self.returncode, self.stderr) == (0, ""), self.stderr
        return self.outdir


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> Callable[[str], BookBuild]:
    """The real book built as `make` builds it (-W --keep-going -n), once per builder
    per test session: the book, offline and browser tests read the same output."""
    root = tmp_path_factory.mktemp("book")
    builds: dict[str, BookBuild] = {}

    def build(builder: str) -> BookBuild:
        if builder not in builds:
            outdir = root / builder
            # Doctrees live outside the output, or the ePub builder would pack them.
            command = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(REPO_ROOT),
                       "-d", str(root / f"doctrees-{builder}"), "-W", "--keep-going", "-n",
                       "-q", str(REPO_ROOT / "docs"), str(outdir)]  # fmt: skip
            result = subprocess.run(command, capture_output=True, text=True)
            builds[builder] = BookBuild(outdir, result)
        return builds[builder]

    return build
