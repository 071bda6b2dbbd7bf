"""The real book builds without a single warning, as `make html` builds it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT

BOOK_VERSION = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
LESSON_PAGES = sorted((REPO_ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))
# A draft only has to build; a published lesson must have every part.
PUBLISHED = [
    page
    for page in LESSON_PAGES
    if not re.search(r"^status:\s*draft\s*$", page.read_text(encoding="utf-8"), re.MULTILINE)
]


# Every builder a reader or a packager may pick.
BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "gettext"]


@pytest.mark.parametrize("builder", BUILDERS)
def test_book_builds_without_warnings(book_build, builder):
    build = book_build(builder)
    assert (build.returncode, build.stderr) == (0, "")


@pytest.fixture(scope="module")
def html_book(book_build) -> Path:
    return book_build("html").succeeded()


def test_every_published_lesson_shows_its_parts_on_the_web(html_book):
    """The rules themselves are lessonkit's (the build above fails a published lesson
    that breaks one); this checks that what they require reaches the page."""
    from bs4 import BeautifulSoup

    selectors = (
        ".lesson-header",
        "div.one-line-summary",
        "div.mental-model",
        "div.key-takeaways",
        "div.exercise details.solution",
        "figure",
        "aside.footnote a.reference.external",
        ".lessonkit-feedback a",
    )
    missing = {}
    for lesson in PUBLISHED:
        page = BeautifulSoup(
            (html_book / "lessons" / f"{lesson.stem}.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        absent = [selector for selector in selectors if not page.select(selector)]
        if absent:
            missing[lesson.name] = absent
    assert missing == {}


def test_web_footer_shows_the_version(html_book):
    footer = (html_book / "index.html").read_text(encoding="utf-8")
    assert f"Version {BOOK_VERSION} ·" in footer


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_web_edition_names_the_book_at_the_top_of_its_sidebar(book_build, builder):
    # Sphinx's single-page builder gives templates no docstitle; it printed "None".
    front = BeautifulSoup(
        (book_build(builder).succeeded() / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert front.select_one(".stream-sidebar-title .logo__title").get_text(strip=True) == "Stream"


def test_lesson_01_exists():
    assert [page.name[:3] for page in LESSON_PAGES][:1] == ["01-"]


needs_tex = pytest.mark.skipif(
    subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "install-system-deps.sh"), "--check"],
        capture_output=True,
    ).returncode
    != 0,
    reason="needs TeX Live and fonts: run scripts/install-system-deps.sh (make system-deps)",
)


@pytest.fixture(scope="module")
def book_pdf(book_build) -> Path:
    # The shared LaTeX build, compiled as `sphinx-build -M latexpdf` (make pdf) does.
    latex = book_build("latex").succeeded()
    result = subprocess.run(
        ["make", "-C", str(latex), "all-pdf", "LATEXOPTS=-halt-on-error", "LATEXMKOPTS=-silent"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return latex / "stream.pdf"


@needs_tex
def test_book_pdf_has_the_lesson_boxes_figures_and_solutions(book_pdf):
    pdf = book_pdf
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    title_page = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Release {BOOK_VERSION}" in title_page
    for expected in (
        "VIDEO IS NOT JUST IMAGE GENERATION REPEATED",
        "Report a problem with this lesson",
        f"Lesson 01 of {len(LESSON_PAGES)}",
        "In one line",
        "Mental model: A flipbook",
        "Key takeaways",
        "Exercise 1.1: Storyboard a five-second clip",
        "Solution",
        "Figure 1.1: Three consecutive frames of the block",
        "its four neighbours: left, right, above, below",
        "4.50 s",  # the contact sheet's last frame, 108 / 24 s
    ):
        assert expected in text, expected
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts


@needs_tex
def test_every_pdf_figure_fits_its_page_with_its_caption(book_pdf):
    """A figure taller than the page pushes its caption into the page footer."""
    log = book_pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert re.findall(r"Float too large for page by .*", log) == []


def test_book_epub_passes_epubcheck(book_build):
    epub = book_build("epub").succeeded() / "Stream.epub"
    check = subprocess.run(
        [sys.executable, "-m", "epubcheck", str(epub)],
        capture_output=True,
        text=True,
    )
    report = check.stdout + check.stderr
    assert (check.returncode, "ERROR" in report, "WARNING" in report) == (0, False, False), report
