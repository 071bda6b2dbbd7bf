"""The frame-grid directive in HTML, LaTeX and text, and its located warnings."""

from __future__ import annotations

import pytest
from conftest import parse_output, read_output, warning_lines


def page(app):
    return parse_output(app, "lesson.html")


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_build_is_clean(app):
    app.build()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_is_a_numbered_figure_with_caption(app):
    app.build()
    figure = page(app).select_one("figure.frame-grid#fig-chain")
    assert (
        figure.figcaption.get_text(" ", strip=True)
        == "Fig. 1.1 Every frame must agree with its neighbours ¶"
    )


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_numref_cites_the_figure(app):
    app.build()
    assert [a.get_text() for a in page(app).select("a span.std-numref")] == ["Fig. 1.1", "Fig. 1.2"]


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_frames_states_and_gap(app):
    app.build()
    items = page(app).select("#fig-chain li")
    assert [item["class"][-1] for item in items] == [
        "frame-grid-key",
        "frame-grid-frame",
        "frame-grid-hard",
        "frame-grid-gap",
        "frame-grid-frame",
    ]


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_storyboard_timestamps_and_rows(app):
    app.build()
    figure = page(app).select_one("#fig-storyboard")
    times = [span.get_text() for span in figure.select(".frame-grid-time")]
    assert (len(figure.select("ol.frame-grid-row")), times[0], times[-1]) == (3, "0.00 s", "4.83 s")


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_legend_lists_only_used_states(app):
    app.build()
    legend = page(app).select("#fig-storyboard .frame-grid-legend dt")
    assert [term.get_text() for term in legend] == ["free", "hard"]


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_has_a_text_alternative(app):
    app.build()
    description = page(app).select_one("#fig-storyboard .frame-grid-description").get_text()
    assert (
        description
        == "30 frames from 0.00 s to 4.83 s. 1 to 8: free. 9 to 20: hard. 21 to 30: free."
    )


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_escapes_hostile_text(app):
    app.build()
    figure = page(app).select_one("#fig-hostile")
    label = figure.select_one(".frame-grid-label").get_text()
    assert (label, figure.find("script"), figure.find("b")) == ("<b>bold</b> & #", None, None)


@pytest.mark.sphinx("latex", testroot="frame-grid")
def test_latex_draws_tikz_inside_a_labelled_figure(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    figure = tex[tex.index(r"\begin{figure}") : tex.index(r"\end{figure}")]
    assert r"\begin{tikzpicture}" in figure and r"\label{\detokenize{lesson:fig-chain}}" in figure


@pytest.mark.sphinx("latex", testroot="frame-grid")
def test_latex_escapes_hostile_labels(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    assert r"\textbf{\textless{}b\textgreater{}bold\textless{}/b\textgreater{} \& \#}" in tex


@pytest.mark.sphinx("text", testroot="frame-grid")
def test_text_draws_ascii_frames_with_arrows_and_times(app):
    app.build()
    text = read_output(app, "lesson.txt")
    assert (
        "|   1    |-->|   2    |-->" in text
        and "| 4.83 s |" in text
        and "[hard] hard for a model" in text
    )


@pytest.mark.sphinx("html", testroot="frame-grid-bad")
def test_bad_grids_warn_with_line_and_leave_no_figure(app):
    app.build()
    lines = warning_lines(app)
    assert [line.split(": WARNING: ")[0] for line in lines] == [
        "index.md:3",
        "index.md:11",
        "index.md:14",
    ]
    assert "unknown state 'easy'; use one of: free, hard, key" in lines[1] and lines[1].endswith(
        "[lessonkit.frame-grid]"
    )
    html = read_output(app, "index.html")
    assert "<figure" not in html and "Text after the grids is kept." in html


@pytest.mark.sphinx("text", testroot="frame-grid")
def test_text_captions_carry_their_figure_number(app):
    app.build()
    text = read_output(app, "lesson.txt")
    # numfig_format is Sphinx's default here: "Fig. %s".
    assert "Fig. 1.1: Every frame must agree" in text
