"""Hostile text in titles and bodies appears literally in every output."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import parse_output, read_output

HOSTILE = "& # $ % _ { } ~ ^ \\ 한국어 🎬"


@pytest.fixture(scope="module")
def html(built):
    return built("hostile")


@pytest.fixture(scope="module")
def latex(built):
    # The root's conf.py sets latex_engine = "xelatex", which the PDF test needs.
    return built("hostile", "latex")


def test_html_escapes_and_keeps_everything(html):
    page = parse_output(html, "lesson.html")
    for selector in (
        ".one-line-summary",
        ".mental-model .admonition-title",
        ".exercise .admonition-title",
        ".key-takeaways",
    ):
        assert HOSTILE in page.select_one(selector).get_text()


def test_html_shows_script_tags_as_text(html):
    summary = parse_output(html, "lesson.html").select_one(".one-line-summary")
    assert "<script>alert" not in read_output(html, "lesson.html")
    assert "<script>alert(1)</script>" in summary.get_text()


def test_text_keeps_everything(built):
    # Join the words again: the text writer wraps lines.
    text = " ".join(read_output(built("hostile", "text"), "lesson.txt").split())
    assert f"Summary with <script>alert(1)</script> {HOSTILE}" in text


def test_latex_source_escapes_specials(latex):
    tex = read_output(latex, "projectnamenotset.tex")
    escaped = (
        r"\& \# \$ \% \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} 한국어 🎬"
    )
    assert f"{{Exercise 1.1: Exercise {escaped}}}" in tex


@pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("xelatex") is None,
    reason="needs TeX Live: run scripts/install-system-deps.sh",
)
def test_latex_compiles_to_pdf_with_the_text(latex):
    subprocess.run(
        [
            "latexmk",
            "-xelatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "projectnamenotset.tex",
        ],
        cwd=latex.outdir,
        check=True,
        capture_output=True,
    )
    pdf_text = subprocess.run(
        ["pdftotext", "projectnamenotset.pdf", "-"],
        cwd=latex.outdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Summary with <script>alert(1)</script> & # $ % _ { } ~ ^ \\" in pdf_text
