"""The frame-grid directive in HTML, LaTeX and text, and its located warnings."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import parse_output, read_output, warning_lines
from lessonkit.frame_grid import LATEX_BORDER_PT, ascii_frame_grid, latex_geometry
from lessonkit.frame_grid_model import MAX_DRAWN_COLUMNS, parse_frame_grid
from sphinx.writers.text import column_width

#: The text width of Sphinx's A4 manual (21 cm less two 1-inch margins), in cm.
A4_LINE_CM = 21 - 2 * 2.54
PT_CM = 2.54 / 72.27
#: The widest border TikZ draws outside a box's path: the key frame's double line,
#: two 0.4pt lines 1pt apart, centred on the path.
WIDEST_BORDER_PT = 2 * 0.4 + 1


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
def test_html_ten_columns_are_rows_of_ten_under_a_column_class(app):
    app.build()
    drawing = page(app).select_one("#fig-storyboard .frame-grid-drawing")
    rows = [len(row.select("li")) for row in drawing.select("ol.frame-grid-row")]
    assert (drawing["class"], rows) == (
        ["frame-grid-drawing", "frame-grid-columns-10"],
        [10, 10, 10],
    )


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_column_class_follows_the_longest_row_and_splits_wide_rows_evenly(app):
    app.build()
    html = page(app)
    classes = {
        figure["id"]: figure.select_one(".frame-grid-drawing")["class"][-1]
        for figure in html.select("figure.frame-grid")
    }
    rows = [len(row.select("li")) for row in html.select("#fig-twenty ol.frame-grid-row")]
    # Twenty frames to a row do not fit a page: the stylesheet shows each row as 10 + 10.
    assert (classes, rows) == (
        {
            "fig-chain": "frame-grid-columns-5",
            "fig-storyboard": "frame-grid-columns-10",
            "fig-hostile": "frame-grid-columns-1",
            "fig-twelve": "frame-grid-columns-12",
            "fig-twenty": "frame-grid-columns-10",
        },
        [20, 20],
    )


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_html_grids_have_no_inline_style(app):
    app.build()
    styled = [tag.name for tag in page(app).select("figure.frame-grid [style], figure[style]")]
    assert styled == []


@pytest.mark.sphinx("html", testroot="frame-grid")
def test_stylesheet_lays_out_every_column_count(app):
    app.build()
    css = (Path(app.outdir) / "_static" / "lessonkit.css").read_text(encoding="utf-8")
    counts = {
        int(number): int(value)
        for number, value in re.findall(
            r"\.frame-grid-columns-(\d+) \{ --frame-grid-columns: (\d+); \}", css
        )
    }
    assert counts == {number: number for number in range(1, 13)}


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


def latex_figure(tex: str, name: str) -> str:
    """The LaTeX of the figure labelled ``name``."""
    for figure in tex.split(r"\begin{figure}")[1:]:
        figure = figure[: figure.index(r"\end{figure}")]
        if rf"\label{{\detokenize{{lesson:{name}}}}}" in figure:
            return figure
    raise AssertionError(f"no figure {name}")


NODE = re.compile(r"\\node\[lessonkit (?:frame|gap)[^\]]*\] \(f(\d+)\) at \(([\d.]+),")
PITCH = re.compile(r"x=([\d.]+)\\linewidth")
PATH_WIDTH = re.compile(r"minimum width=\{([\d.]+)\\linewidth-([\d.]+)pt\}")
TEXT_WIDTH = re.compile(r"text width=\{([\d.]+)\\linewidth-([\d.]+)pt\}")
ARROW = re.compile(
    r"\\draw\[lessonkit arrow=[\d.]+mm\] \(\[yshift=-[\d.]+cm\]f(\d+)\.north east\) -- \(\[yshift=-[\d.]+cm\]f(\d+)\.north west\)"
)


@pytest.mark.sphinx("latex", testroot="frame-grid")
@pytest.mark.parametrize(("name", "columns"), [("fig-storyboard", 10), ("fig-twelve", 12)])
def test_latex_boxes_run_left_to_right_with_a_gap_on_a4(app, name, columns):
    app.build()
    figure = latex_figure(read_output(app, "projectnamenotset.tex"), name)
    xs = [float(x) for _, x in NODE.findall(figure)]
    rows = [xs[start : start + columns] for start in range(0, len(xs), columns)]
    pitch_cm = float(PITCH.search(figure).group(1)) * A4_LINE_CM
    path = PATH_WIDTH.search(figure)
    outer_cm = float(path.group(1)) * A4_LINE_CM - (float(path.group(2)) - WIDEST_BORDER_PT) * PT_CM
    gap_cm = pitch_cm - outer_cm
    # Within a row each box is one pitch right of the one before; the arrows join each
    # box to the next, from its right edge to the next box's left edge.
    assert all([b - a for a, b in pairwise(row)] == [1.0] * (len(row) - 1) for row in rows)
    assert {len(row) for row in rows[:-1]} == {columns} and rows[0][0] == 0.5
    arrows = [(int(a), int(b)) for a, b in ARROW.findall(figure)]
    assert arrows and all(b == a + 1 for a, b in arrows)
    assert gap_cm > 0.3, f"{columns} columns: gap {gap_cm:.2f} cm"


@pytest.mark.sphinx("latex", testroot="frame-grid")
def test_latex_text_cannot_widen_a_box(app):
    app.build()
    figure = latex_figure(read_output(app, "projectnamenotset.tex"), "fig-twelve")
    path, text = PATH_WIDTH.search(figure), TEXT_WIDTH.search(figure)
    inner_xsep = float(re.search(r"inner xsep=([\d.]+)pt", figure).group(1))
    # Both widths are fixed, and text width + 2 inner xsep is the path width exactly.
    assert path.group(1) == text.group(1)
    assert float(text.group(2)) - float(path.group(2)) == pytest.approx(2 * inner_xsep)


@pytest.mark.sphinx("latex", testroot="frame-grid")
def test_latex_wraps_a_row_of_twenty_into_two_of_ten_with_a_wrap_arrow(app):
    app.build()
    figure = latex_figure(read_output(app, "projectnamenotset.tex"), "fig-twenty")
    xs = [float(x) for _, x in NODE.findall(figure)]
    wraps = re.findall(r"\(f(\d+)\.south\) -- .* -\| \(f(\d+)\.north\);", figure)
    assert (max(xs), xs[10], wraps) == (9.5, 0.5, [("9", "10"), ("19", "20"), ("29", "30")])


@pytest.mark.parametrize("columns", range(1, MAX_DRAWN_COLUMNS + 1))
def test_latex_geometry_leaves_a_gap_at_every_drawn_column_count(columns):
    geometry = latex_geometry(columns)
    line_pt = A4_LINE_CM / PT_CM
    text_pt = geometry.box * line_pt - LATEX_BORDER_PT - 2 * geometry.inner_xsep_pt
    assert geometry.slots * geometry.pitch == pytest.approx(1)
    assert geometry.box + geometry.gap == pytest.approx(geometry.pitch)
    assert (geometry.gap * A4_LINE_CM > 0.35, WIDEST_BORDER_PT < LATEX_BORDER_PT) == (True, True)
    assert text_pt > 20, "room for a word of a few letters"


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
        "index.md:19",
    ]
    assert "unknown state 'easy'; use one of: free, hard, key" in lines[1] and lines[1].endswith(
        "[lessonkit.frame-grid]"
    )
    html = read_output(app, "index.html")
    assert "<figure" not in html and "Text after the grids is kept." in html


@pytest.mark.sphinx("html", testroot="frame-grid-bad", freshenv=True)
def test_a_runaway_value_is_quoted_short(app):
    app.build()
    runaway = warning_lines(app)[3]
    # The source has a 5,000-digit :frames: value; the warning names the option and
    # quotes the start of the value.
    assert len(runaway) < 300 and ":frames: '99999" in runaway and "…'" in runaway


@pytest.mark.sphinx("text", testroot="frame-grid")
def test_text_captions_carry_their_figure_number(app):
    app.build()
    text = read_output(app, "lesson.txt")
    # numfig_format is Sphinx's default here: "Fig. %s".
    assert "Fig. 1.1: Every frame must agree" in text


def test_plain_text_drawings_fit_72_columns_and_keep_every_word():
    """Boxes that do not fit side by side go on the next line, after an arrow that says
    the row goes on; a note wider than a box wraps inside it."""
    note = "the camera pans left while the dancer's red scarf swings across her face"
    body = [f"Shot {n} | {note} | hard" for n in range(1, 6)]
    grid = parse_frame_grid("", {"columns": "5"}, body)
    drawing = ascii_frame_grid(grid).splitlines()
    assert max(column_width(line) for line in drawing) <= 72
    boxes = [line for line in drawing if line.startswith("|")]
    assert boxes[0].endswith("-->")  # the first line of boxes ends with the row going on
    words = " ".join(line.strip("|-> ") for line in boxes).split()
    assert words.count("scarf") == 5 and words.count("[hard]") == 5


@pytest.mark.sphinx("man", testroot="frame-grid")
def test_man_captions_are_numbered_paragraphs_of_their_own(app):
    """docutils' man writer ran a caption on from the figure and closed the figure on
    the caption's own line, so man printed "...agree..UNINDENT"."""
    app.build()
    lines = read_output(app, "projectnamenotset.1").splitlines()
    caption = next(i for i, line in enumerate(lines) if "Every frame must agree" in line)
    assert lines[caption - 1] == ".sp" and lines[caption].startswith("Fig. 1.1: ")
    assert ".UNINDENT" not in lines[caption]
