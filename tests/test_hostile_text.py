"""Hostile text in titles and bodies appears literally in every output."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import parse_output, read_output

HOSTILE = "& # $ % _ { } ~ ^ \\ 한국어 🎬"


@pytest.mark.sphinx("html", testroot="hostile")
def test_html_escapes_and_keeps_everything(app):
    app.build()
    html = read_output(app, "lesson.html")
    page = BeautifulSoup(html, "html.parser")
    assert "<script>alert" not in html
    for selector in (
        ".one-line-summary",
        ".mental-model .admonition-title",
        ".exercise .admonition-title",
        ".key-takeaways",
    ):
        assert HOSTILE in page.select_one(selector).get_text()


@pytest.mark.sphinx("html", testroot="hostile")
def test_html_shows_script_tags_as_text(app):
    app.build()
    summary = parse_output(app, "lesson.html").select_one(".one-line-summary")
    assert "<script>alert(1)</script>" in summary.get_text() and summary.find("script") is None


@pytest.mark.sphinx("text", testroot="hostile")
def test_text_keeps_everything(app):
    app.build()
    text = " ".join(read_output(app, "lesson.txt").split())  # undo line wrapping
    assert f"Summary with <script>alert(1)</script> {HOSTILE}" in text


@pytest.mark.sphinx("latex", testroot="hostile")
def test_latex_source_escapes_specials(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    escaped = (
        r"\& \# \$ \% \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} 한국어 🎬"
    )
    assert f"{{Exercise 1.1: Exercise {escaped}}}" in tex


@pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("xelatex") is None,
    reason="needs TeX Live: run scripts/install-system-deps.sh",
)
@pytest.mark.sphinx("latex", testroot="hostile", confoverrides={"latex_engine": "xelatex"})
def test_latex_compiles_to_pdf_with_the_text(app):
    app.build()
    subprocess.run(
        [
            "latexmk",
            "-xelatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "projectnamenotset.tex",
        ],
        cwd=app.outdir,
        check=True,
        capture_output=True,
    )
    pdf_text = subprocess.run(
        ["pdftotext", "projectnamenotset.pdf", "-"],
        cwd=app.outdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Summary with <script>alert(1)</script> & # $ % _ { } ~ ^ \\" in pdf_text
