"""The lesson boxes in every builder: structure, classes, titles, numbering, solutions."""

from __future__ import annotations

import pytest
from conftest import parse_output, read_output


@pytest.fixture(scope="module")
def html(built):
    return built("boxes")


@pytest.fixture(scope="module")
def tex(built):
    return read_output(built("boxes", "latex"), "projectnamenotset.tex")


@pytest.fixture(scope="module")
def epub(built):
    return built("boxes", "epub")


@pytest.fixture(scope="module")
def text(built):
    return built("boxes", "text")


def test_html_build_is_clean(html):
    assert html.warning.getvalue() == ""


@pytest.mark.parametrize(
    ("css_class", "title"),
    [
        ("one-line-summary", "In one line"),
        ("mental-model", "Mental model: A flipbook"),
        ("key-takeaways", "Key takeaways"),
        ("exercise", "Exercise 1.1 Storyboard a clip"),
    ],
)
def test_html_box_has_its_class_and_title(html, css_class, title):
    box = parse_output(html, "lessons/one.html").select_one(f"div.{css_class}")
    assert box.select_one(".admonition-title").get_text(" ", strip=True) == title


def test_html_under_the_hood_says_it_may_be_skipped(html):
    box = parse_output(html, "lessons/two.html").select_one("div.under-the-hood")
    title = box.select_one(".admonition-title")
    assert title.get_text(" ", strip=True) == "Under the hood: The velocity (optional)"
    assert "lessonkit-box" in box["class"] and len(box.find_all("p", recursive=False)) == 3


def test_html_exercises_are_numbered_per_lesson(html):
    numbers = [
        span.get_text(strip=True)
        for page in ("lessons/one.html", "lessons/two.html")
        for span in parse_output(html, page).select(
            "div.exercise > .admonition-title .caption-number"
        )
    ]
    assert numbers == ["Exercise 1.1", "Exercise 1.2", "Exercise 2.1"]


def test_html_numref_to_exercise_across_pages(html):
    link = parse_output(html, "lessons/two.html").select_one("a:has(span.std-numref)")
    assert (link.get_text(), link["href"]) == ("Exercise 1.1", "one.html#ex-first")


def test_html_solution_folds_inside_its_exercise(html):
    details = parse_output(html, "lessons/one.html").select_one("div#ex-first > details.solution")
    assert (details.summary.get_text(), details.p.get_text()) == (
        "Solution",
        "Frames 1–8 are free.",
    )


def test_html_key_takeaways_hold_the_list(html):
    items = parse_output(html, "lessons/one.html").select("div.key-takeaways > ul > li")
    assert [item.get_text(strip=True) for item in items] == [
        "Time multiplies the work.",
        "Coherence is the problem.",
    ]


def test_html_stylesheet_is_linked(html):
    assert parse_output(html, "lessons/one.html").select_one('link[href*="_static/lessonkit.css"]')


def test_latex_boxes_are_admonitions_with_titles(tex):
    for expected in (
        r"\begin{sphinxadmonition}{important}{In one line}",
        r"\begin{sphinxadmonition}{tip}{Mental model: A flipbook}",
        r"\begin{sphinxadmonition}{hint}{Key takeaways}",
        r"\begin{sphinxadmonition}{note}{Exercise 1.1: Storyboard a clip}",
        r"\begin{sphinxadmonition}{note}{Under the hood: The velocity (optional)}",
    ):
        assert expected in tex


def test_latex_numref_prints_the_exercise_number(tex):
    label = r"\expandafter\def\csname @currentlabel\endcsname{1.1}\label{\detokenize{lessons/one:ex-first}}"
    reference = r"\hyperref[\detokenize{lessons/one:ex-first}]{Exercise \ref{\detokenize{lessons/one:ex-first}}}"
    assert label in tex and reference in tex


def test_latex_solutions_wait_at_the_end_of_the_lesson(tex):
    lesson_one = tex[tex.index("The first lesson") : tex.index("The second lesson")]
    heading = lesson_one.index(r"\section{Solutions}")
    title = r"{Solution to {\hyperref[\detokenize{lessons/one:ex-first}]{\sphinxcrossref{Exercise 1.1}}}}"
    assert (
        lesson_one.index("Key takeaways")
        < heading
        < lesson_one.index(title)
        < lesson_one.index("are free.")
    )


def test_latex_exercise_links_forward_to_its_solution(tex):
    assert (
        r"\hyperref[\detokenize{lessons/one:solution-ex-first}]{\sphinxcrossref{Solution at the end of the lesson}}"
        in tex
        and r"\label{\detokenize{lessons/one:solution-ex-first}}" in tex
    )


def test_epub_has_no_details_and_collects_solutions(epub):
    page = parse_output(epub, "lessons/one.xhtml")
    solutions = page.select("section.lessonkit-solutions div.solution")
    assert page.find("details") is None and [
        s.select_one(".admonition-title").get_text() for s in solutions
    ] == [
        "Solution to Exercise 1.1",
        "Solution to Exercise 1.2",
    ]


def test_text_boxes_are_headed(text):
    page = read_output(text, "lessons/one.txt")
    for expected in (
        "In one line:\n\n   Video is a coherence problem.\n",
        "Mental model: A flipbook:\n\n   Draw each page",
        "Exercise 1.1: Storyboard a clip:\n\n   Draw thirty frames.\n\n   Solution:\n\n      Frames 1–8 are free.\n",
        "Key takeaways:\n\n   * Time multiplies the work.\n",
    ):
        assert expected in page


def test_text_under_the_hood_keeps_its_paragraphs_apart(text):
    assert (
        "Under the hood: The velocity (optional):\n\n   The velocity is the clean clip minus "
        "the noise.\n\n   A second paragraph stays apart.\n"
    ) in read_output(text, "lessons/two.txt")


def test_text_numref_reads_as_a_number(text):
    assert "Compare with Exercise 1.1." in read_output(text, "lessons/two.txt")


@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("man", "projectnamenotset.1"),
        ("texinfo", "projectnamenotset.texi"),
        ("xml", "lessons/one.xml"),
    ],
)
def test_other_builders_keep_the_content(built, builder, output):
    content = read_output(built("boxes", builder), output)
    assert "Frames 1–8 are free." in content and "Time multiplies the work." in content


@pytest.mark.parametrize(
    ("builder", "output"),
    [("man", "projectnamenotset.1"), ("texinfo", "projectnamenotset.texi")],
)
def test_man_and_texinfo_numrefs_read_as_numbers(built, builder, output):
    # Their writers print a numref's unformatted template, "Exercise %s".
    assert "Compare with Exercise 1.1" in read_output(built("boxes", builder), output)
