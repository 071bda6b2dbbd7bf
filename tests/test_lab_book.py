"""The lab in the book: clips the build makes (lab: sources), lab figures, and {lab}
numbers computed from the same runs, in every output; and the mistakes an author can
make with them, each a located warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlab
from conftest import parse_output, read_output, warning_lines
from lessonkit.lab import LabProblem, formatted, parse_number, pick

RATIO = format(streamlab.flicker_comparison(seeds=(0,))["flicker_ratio"][0], ".1f")
LANDING = format(streamlab.flow_2d_landing(samples=100)["distance_to_mean"][0], ".2f")
THESIS_SENTENCE = f"Per-frame sampling flickers {RATIO} times more than"


@pytest.fixture(scope="module")
def html(built):
    return built("lab")


def test_numbers_in_the_page_are_the_labs(html):
    page = parse_output(html, "index.html")
    numbers = [span.get_text() for span in page.select("span.lab-number")]
    assert numbers[0] == RATIO and numbers[2] == LANDING
    assert not page.select(".lab-number-error")


def test_a_measured_number_is_measured_on_the_very_clip_the_page_plays(html):
    page = parse_output(html, "index.html")
    joint = page.select("figure.clip video")[1].find("source")["src"]
    assert joint.startswith("_images/joint-")
    flicker = streamlab.measure(Path(html.outdir, joint))["flicker"]
    assert page.select("span.lab-number")[1].get_text() == format(flicker, ".4f")


def test_lab_clips_play_side_by_side_and_pass_the_flash_check(html):
    page = parse_output(html, "index.html")
    videos = [video.find("source")["src"] for video in page.select("figure#fig-thesis video")]
    assert [Path(src).name.split("-")[0] for src in videos] == ["per", "joint"]
    for src in videos:
        assert streamlab.flashes(Path(html.outdir, src)).passed
    assert warning_lines(html) == []


def test_a_lab_figure_is_a_numbered_png_on_the_web(html):
    figure = parse_output(html, "index.html").select_one("figure#fig-flow")
    image = figure.find("img")
    assert re.fullmatch(r"_images/flow-2d-[0-9a-f]{32}\.png", image["src"])
    assert image["alt"].startswith("Paths from noise to five data points")
    png = Path(html.outdir, image["src"]).read_bytes()
    assert png[:4] == b"\x89PNG" and png[25] == 3  # colour type 3: a palette PNG, light
    assert image["loading"] == "lazy"  # fetched when the reader scrolls to it
    assert "Figure 2" in figure.find("figcaption").get_text()


def test_the_page_depends_on_the_labs_code(html):
    dependencies = {Path(path).name for path in html.env.dependencies["index"]}
    assert {"generators.py", "metrics.py", "experiments.py"} <= dependencies


def test_latex_prints_the_figure_as_vector_pdf_and_the_same_numbers(built):
    latex = built("lab", "latex")
    tex = read_output(latex, "lab.tex")
    name = re.search(r"\\sphinxincludegraphics\{\{(flow-2d-[0-9a-f]{32})\}\.pdf\}", tex)[1]
    assert Path(latex.outdir, f"{name}.pdf").read_bytes()[:5] == b"%PDF-"
    assert rf"flickers \DUrole{{lab-number}}{{{RATIO}}} times" in tex
    assert warning_lines(latex) == []


def test_text_says_what_the_figure_shows_and_quotes_the_same_numbers(built):
    text = read_output(built("lab", "text"), "index.txt")
    assert " ".join(text.split()).count(THESIS_SENTENCE) == 1
    assert "[Figure: Paths from noise to five data points;" in text
    assert "[image" not in text


def test_epub_has_the_strip_the_figure_and_the_numbers(built):
    epub = built("lab", "epub")
    page = read_output(epub, "index.xhtml")
    text = parse_output(epub, "index.xhtml").get_text()
    assert THESIS_SENTENCE in " ".join(text.split())
    assert re.search(
        r'<img alt="Paths from noise[^"]*" src="_images/flow-2d-[0-9a-f]{32}\.png"', page
    )
    assert warning_lines(epub) == []


def test_a_second_build_sharing_the_cache_makes_nothing_again(built):
    cache = Path(built("lab").outdir).parent / ".lessonkit-lab"
    made = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert sum(name.endswith(".mp4") for name in made) == 2
    text = built("lab", "text", lessonkit_lab_cache=str(cache))
    assert THESIS_SENTENCE in " ".join(read_output(text, "index.txt").split())
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == made


# -- mistakes ------------------------------------------------------------------------------

EXPECTED = [
    (3, "lessonkit.clip", "the lab has no generator 'sparkles'; generators: per-frame, joint"),
    (8, "lessonkit.clip", "frames must be from 2 to 480, not 100000"),
    (13, "lessonkit.clip", "'seed' is not key=value; write each parameter as key=value"),
    (
        18,
        "lessonkit.clip",
        "'flow-2d' makes a still figure, not a clip; show it with the lab-figure",
    ),
    (23, "lessonkit.clip", "fails the WCAG 2.3.1 three-flashes test"),
    (28, "lessonkit.lab", ":source: names what the lab makes, e.g. ':source: lab:flow-2d seed=0'"),
    (33, "lessonkit.lab", ":alt: is missing; say in words what the figure shows"),
    (37, "lessonkit.lab", "'sparkle_count' is not something the lab computes"),
    (37, "lessonkit.lab", "say which number of flicker_comparison to print after a dot"),
    (37, "lessonkit.lab", "'7' is not one of the list's 1 positions"),
    (37, "lessonkit.lab", "drift_curve has no parameter 'speed' (parameters: seed,"),
    (37, "lessonkit.lab", "format '.2q': Unknown format code 'q'"),
]


@pytest.mark.parametrize(("line", "kind", "message"), EXPECTED)
def test_each_mistake_is_a_located_warning_with_a_hint(built, line, kind, message):
    warnings = warning_lines(built("lab-bad"))
    assert any(
        w.startswith(f"index.md:{line}: WARNING:") and message in w and w.endswith(f"[{kind}]")
        for w in warnings
    ), "\n".join(warnings)


def test_nothing_else_is_warned_and_nothing_written_is_lost(built):
    app = built("lab-bad")
    assert len(warning_lines(app)) == len(EXPECTED)
    page = parse_output(app, "index.html")
    shown = [code.get_text() for code in page.select("code.lab-number-error")]
    assert shown[0] == "sparkle_count.total" and len(shown) == 5
    assert len(page.select(".clip-error")) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("measure(joint seed=0)", "say which number of measure"),
        ("flicker_comparison.seeds", "is not one number"),
        ("flicker_comparison(seeds=x).seeds.0", "seeds='x' is not a tuple"),
    ],
)
def test_number_mistakes_found_without_a_build(text, message):
    with pytest.raises(LabProblem, match=re.escape(message)):
        request = parse_number(text)
        pick({"seeds": [0, 1, 2]}, request.path, text)
        if request.params:
            from lessonkit.lab import _typed

            _typed((0, 1, 2), "seeds", request.params["seeds"])


def test_numbers_print_as_written_or_to_three_digits():
    assert formatted(12, None) == "12" and formatted(3.0, None) == "3"
    assert formatted(0.0123456, None) == "0.0123" and formatted(8.94, ".0f") == "9"
    assert pick({"a": [1.0, 5.0, 3.0]}, ("a", "max"), "a.max") == 5.0
    assert pick({"a": [1.0, 5.0, 3.0]}, ("a", "-1"), "a.-1") == 3.0


def test_every_experiment_a_page_may_quote_is_in_the_lab():
    from lessonkit.lab import EXPERIMENTS

    assert all(callable(getattr(streamlab, name)) for name in EXPERIMENTS)
    quality = streamlab.compression_quality()
    assert quality["ratio"]["psnr"] > quality["strong_ratio"]["psnr"] > 20
    assert (quality["ratio"]["kept"], quality["strong_ratio"]["kept"]) == (192, 16)
