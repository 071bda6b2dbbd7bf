"""The lesson boxes in every builder: structure, classes, titles, numbering, solutions."""

from __future__ import annotations

import pytest
from conftest import parse_output, read_output


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_build_is_clean(app):
    app.build()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="boxes")
@pytest.mark.parametrize(
    ("css_class", "title"),
    [
        ("one-line-summary", "In one line"),
        ("mental-model", "Mental model: A flipbook"),
        ("key-takeaways", "Key takeaways"),
        ("exercise", "Exercise 1.1 Storyboard a clip"),
    ],
)
def test_html_box_has_its_class_and_title(app, css_class, title):
    app.build()
    box = parse_output(app, "lessons/one.html").select_one(f"div.{css_class}")
    assert box.select_one(".admonition-title").get_text(" ", strip=True) == title


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_exercises_are_numbered_per_lesson(app):
    app.build()
    numbers = [
        span.get_text(strip=True)
        for page in ("lessons/one.html", "lessons/two.html")
        for span in parse_output(app, page).select(
            "div.exercise > .admonition-title .caption-number"
        )
    ]
    assert numbers == ["Exercise 1.1", "Exercise 1.2", "Exercise 2.1"]


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_numref_to_exercise_across_pages(app):
    app.build()
    link = parse_output(app, "lessons/two.html").select_one("a:has(span.std-numref)")
    assert (link.get_text(), link["href"]) == ("Exercise 1.1", "one.html#ex-first")


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_solution_folds_inside_its_exercise(app):
    app.build()
    details = parse_output(app, "lessons/one.html").select_one("div#ex-first > details.solution")
    assert (details.summary.get_text(), details.p.get_text()) == (
        "Solution",
        "Frames 1–8 are free.",
    )


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_key_takeaways_hold_the_list(app):
    app.build()
    items = parse_output(app, "lessons/one.html").select("div.key-takeaways > ul > li")
    assert [item.get_text(strip=True) for item in items] == [
        "Time multiplies the work.",
        "Coherence is the problem.",
    ]


@pytest.mark.sphinx("html", testroot="boxes")
def test_html_stylesheet_is_linked(app):
    app.build()
    assert parse_output(app, "lessons/one.html").select_one('link[href*="_static/lessonkit.css"]')


@pytest.mark.sphinx("latex", testroot="boxes")
def test_latex_boxes_are_admonitions_with_titles(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    for expected in (
        r"\begin{sphinxadmonition}{important}{In one line}",
        r"\begin{sphinxadmonition}{tip}{Mental model: A flipbook}",
        r"\begin{sphinxadmonition}{hint}{Key takeaways}",
        r"\begin{sphinxadmonition}{note}{Exercise 1.1: Storyboard a clip}",
    ):
        assert expected in tex


@pytest.mark.sphinx("latex", testroot="boxes")
def test_latex_numref_prints_the_exercise_number(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    label = r"\expandafter\def\csname @currentlabel\endcsname{1.1}\label{\detokenize{lessons/one:ex-first}}"
    reference = r"\hyperref[\detokenize{lessons/one:ex-first}]{Exercise \ref{\detokenize{lessons/one:ex-first}}}"
    assert label in tex and reference in tex


@pytest.mark.sphinx("latex", testroot="boxes")
def test_latex_solutions_wait_at_the_end_of_the_lesson(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    lesson_one = tex[tex.index("The first lesson") : tex.index("The second lesson")]
    heading = lesson_one.index(r"\section{Solutions}")
    title = r"{Solution to {\hyperref[\detokenize{lessons/one:ex-first}]{\sphinxcrossref{Exercise 1.1}}}}"
    assert (
        lesson_one.index("Key takeaways")
        < heading
        < lesson_one.index(title)
        < lesson_one.index("are free.")
    )


@pytest.mark.sphinx("latex", testroot="boxes")
def test_latex_exercise_links_forward_to_its_solution(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    assert (
        r"\hyperref[\detokenize{lessons/one:solution-ex-first}]{\sphinxcrossref{Solution at the end of the lesson}}"
        in tex
        and r"\label{\detokenize{lessons/one:solution-ex-first}}" in tex
    )


@pytest.mark.sphinx("epub", testroot="boxes")
def test_epub_has_no_details_and_collects_solutions(app):
    app.build()
    page = parse_output(app, "lessons/one.xhtml")
    solutions = page.select("section.lessonkit-solutions div.solution")
    assert page.find("details") is None and [
        s.select_one(".admonition-title").get_text() for s in solutions
    ] == [
        "Solution to Exercise 1.1",
        "Solution to Exercise 1.2",
    ]


@pytest.mark.sphinx("text", testroot="boxes")
def test_text_boxes_are_headed(app):
    app.build()
    text = read_output(app, "lessons/one.txt")
    for expected in (
        "In one line:\n\n   Video is a coherence problem.\n",
        "Mental model: A flipbook:\n\n   Draw each page",
        "Exercise 1.1: Storyboard a clip:\n\n   Draw thirty frames.\n\n   Solution:\n\n      Frames 1–8 are free.\n",
        "Key takeaways:\n\n   * Time multiplies the work.\n",
    ):
        assert expected in text


@pytest.mark.sphinx("text", testroot="boxes")
def test_text_numref_reads_as_a_number(app):
    app.build()
    assert "Compare with Exercise 1.1." in read_output(app, "lessons/two.txt")


@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("man", "projectnamenotset.1"),
        ("texinfo", "projectnamenotset.texi"),
        ("xml", "lessons/one.xml"),
    ],
)
def test_other_builders_keep_the_content(make_app, rootdir, builder, output):
    app = make_app(builder, srcdir=rootdir / "test-boxes", freshenv=True)
    app.build()
    content = read_output(app, output)
    assert "Frames 1–8 are free." in content and "Time multiplies the work." in content
