"""The real book builds without a single warning, as `make html` builds it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO_ROOT

BOOK_VERSION = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
LESSON_PAGES = sorted((REPO_ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))
# A draft only has to build; a published lesson must have every part.
PUBLISHED = [
    page
    for page in LESSON_PAGES
    if not re.search(r"^status:\s*draft\s*$", page.read_text(encoding="utf-8"), re.MULTILINE)
]


def sphinx_build(builder: str, outdir: Path) -> subprocess.CompletedProcess:
    # Doctrees live outside the output, or the ePub builder would try to pack them.
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-c",
        str(REPO_ROOT),
        "-d",
        str(outdir.parent / f"doctrees-{builder}"),
        "-W",
        "--keep-going",
        "-n",
        "-q",
        str(REPO_ROOT / "docs"),
        str(outdir),
    ]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.mark.parametrize("builder", ["html", "text", "latex"])
def test_book_builds_without_warnings(builder, tmp_path):
    result = sphinx_build(builder, tmp_path / builder)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.fixture(scope="module")
def html_book(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("book") / "html"
    result = sphinx_build("html", outdir)
    assert (result.returncode, result.stderr) == (0, "")
    return outdir


def test_every_lesson_page_has_its_parts(html_book):
    from bs4 import BeautifulSoup

    tmp_path = html_book
    for lesson in PUBLISHED:
        page = BeautifulSoup(
            (tmp_path / "lessons" / f"{lesson.stem}.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        parts = {
            selector: len(page.select(selector))
            for selector in (
                ".lesson-header",
                "div.one-line-summary",
                "div.mental-model",
                "div.key-takeaways",
                "div.exercise details.solution",
                "figure",
                ".lessonkit-feedback a",
            )
        }
        # Footnote citations are gathered at the end of the page, after "References".
        sources = {a["href"] for a in page.select("aside.footnote a.reference.external")}
        assert (min(parts.values()) >= 1, len(sources) >= 5) == (True, True), (
            lesson.name,
            parts,
            sources,
        )


def test_web_footer_shows_the_version(html_book):
    footer = (html_book / "index.html").read_text(encoding="utf-8")
    assert f"Version {BOOK_VERSION} ·" in footer


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


@needs_tex
def test_book_pdf_has_the_lesson_boxes_figures_and_solutions(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-M",
            "latexpdf",
            str(REPO_ROOT / "docs"),
            str(tmp_path),
            "-c",
            str(REPO_ROOT),
            "-W",
            "--keep-going",
            "-n",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    pdf = tmp_path / "latex" / "stream.pdf"
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
        "Figure 1.1: Every frame after the first",
        "Frame 1 spatial only",
        "4.83 s",
    ):
        assert expected in text, expected
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts


def test_book_epub_passes_epubcheck(tmp_path):
    result = sphinx_build("epub", tmp_path / "epub")
    assert (result.returncode, result.stderr) == (0, "")
    check = subprocess.run(
        [sys.executable, "-m", "epubcheck", str(tmp_path / "epub" / "Stream.epub")],
        capture_output=True,
        text=True,
    )
    report = check.stdout + check.stderr
    assert (check.returncode, "ERROR" in report, "WARNING" in report) == (0, False, False), report
