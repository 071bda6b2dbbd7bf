"""Formulas in every output: MathML on the web and in the ePub (no MathJax, nothing
from a CDN), LaTeX in print, Unicode in plain text; a formula that cannot be read is a
located warning and its source stays on the page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import parse_output, read_output, warning_lines

BAD_FORMULA_WARNING = (
    "index.md:18: WARNING: math: cannot convert '\\\\frac{1}{' to MathML (NoAvailableTokensError); "
    "check the braces and commands, or write the formula with simpler LaTeX"
)


@pytest.fixture(scope="module")
def html(built):
    return built("math")


def test_formulas_are_mathml_and_no_script_is_loaded(html):
    page = parse_output(html, "index.html")
    inline = page.select(".math-inline > math")
    assert [m.get("display") for m in inline] == ["inline", "inline"]
    assert inline[1].get_text() == "w=7.5"
    blocks = page.select("div.math-display")
    assert [len(block.select("math[display=block]")) for block in blocks] == [1, 2]
    assert not page.select('script[src*="mathjax"]') and "MathJax" not in str(page)


def test_a_labelled_equation_is_numbered_and_linked(html):
    page = parse_output(html, "index.html")
    block = page.select_one("div#equation-cfg")
    assert block.select_one(".eqno").get_text().startswith("(1)")
    assert page.select_one('a[href="#equation-cfg"]').get_text() == "(1)"


def test_an_unreadable_formula_is_a_located_warning_and_keeps_its_source(html):
    warnings = warning_lines(html)
    assert len(warnings) == 1 and warnings[0].startswith(BAD_FORMULA_WARNING)
    assert warnings[0].endswith("[lessonkit.math]")
    source = parse_output(html, "index.html").select_one("code.math-source")
    assert source.get_text() == "\\frac{1}{"


def test_latex_gets_the_formulas_as_latex(built):
    tex = read_output(built("math", "latex"), "math.tex")
    assert r"\hat{v} = v_{\varnothing} + w\,(v_c - v_{\varnothing})" in tex
    assert (
        r"\begin{equation}\label{equation:index:cfg}" in tex
        and r"\eqref{equation:index:cfg}" in tex
    )


def test_plain_text_reads_the_formulas_in_unicode(built):
    text = read_output(built("math", "text"), "index.txt")
    assert "Guidance extrapolates: v̂ = v_∅ + w (v_c - v_∅) with a scale w = 7.5" in " ".join(
        text.split()
    )
    assert "   v̂ = v_∅ + w (v_c - v_∅)    (1)\n" in text
    assert "   x_t = α_t x_0 + σ_t ε\n   α_t^2 + σ_t^2 = 1\n" in text
    assert "\\hat" not in text


def test_epub_marks_its_mathml_pages_and_passes_epubcheck(built):
    epub = built("math", "epub")
    package = read_output(epub, "content.opf")
    assert 'href="index.xhtml" media-type="application/xhtml+xml" properties="mathml" />' in package
    assert 'href="genindex.xhtml" media-type="application/xhtml+xml" />' in package
    check = subprocess.run(
        [sys.executable, "-m", "epubcheck", str(Path(epub.outdir) / "Math.epub")],
        capture_output=True,
        text=True,
    )
    report = check.stdout + check.stderr
    assert (check.returncode, "ERROR" in report) == (0, False), report
