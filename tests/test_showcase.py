"""The authoring guide's source-and-result examples: the shown source is the built source."""

from __future__ import annotations

from conftest import parse_output, read_output

SOURCE = """:::{one-line-summary}
Frames must agree: 5 × 24 = 120 & <b>not</b> 1 {thing}.
:::"""


def test_html_shows_the_exact_source_beside_its_result(built):
    page = parse_output(built("showcase"), "index.html")
    example = page.select_one("div.lessonkit-example")
    source = example.select_one("div.lessonkit-example-source pre")
    result = example.select_one("div.lessonkit-example-result .one-line-summary")
    assert source.get_text() == SOURCE + "\n"
    assert "120 & <b>not</b> 1 {thing}." in result.get_text()


def test_text_prints_the_source_then_the_result(built):
    text = read_output(built("showcase", "text"), "index.txt")
    source_at = text.index(":::{one-line-summary}")
    result_at = text.index("In one line")
    assert source_at < result_at
    assert text.count("<b>not</b>") == 2


def test_latex_keeps_both_source_and_result(built):
    tex = read_output(built("showcase", "latex"), "projectnamenotset.tex")
    assert r"\PYGZob{}one\PYGZhy{}line\PYGZhy{}summary\PYGZcb{}" in tex
    assert r"\begin{sphinxadmonition}{important}" in tex
