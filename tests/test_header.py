"""The lesson header: lesson number of N, reading time, tags and the draft badge."""

from __future__ import annotations

import shutil

import pytest
from conftest import parse_output, read_output


def header_text(app, page: str) -> str:
    html = parse_output(app, page)
    return html.select_one("div.lesson-header").get_text().strip()


@pytest.mark.sphinx("html", testroot="boxes")
def test_header_counts_every_lesson_page(app):
    app.build()
    assert header_text(app, "lessons/one.html") == "Lesson 01 of 2 · ~1 min read · video, temporal"


@pytest.mark.sphinx("html", testroot="boxes")
def test_header_sits_right_under_the_title(app):
    app.build()
    title = parse_output(app, "lessons/one.html").select_one("h1")
    assert "lesson-header" in title.find_next_sibling()["class"]


@pytest.mark.sphinx("html", testroot="boxes")
def test_draft_lesson_shows_a_badge(app):
    app.build()
    assert header_text(app, "lessons/two.html").endswith("representation · Draft")


@pytest.mark.sphinx("html", testroot="boxes")
def test_pages_without_lesson_front_matter_have_no_header(app):
    app.build()
    assert "lesson-header" not in read_output(app, "index.html")


@pytest.mark.sphinx("html", testroot="reading-time")
def test_reading_time_counts_the_page_words(app):
    # 1,000 words of body text plus the title and boxes, at 200 words a minute.
    app.build()
    assert "~6 min read" in header_text(app, "lesson.html")


@pytest.mark.sphinx(
    "html", testroot="reading-time", confoverrides={"lessonkit_words_per_minute": 100}
)
def test_reading_time_follows_the_configured_speed(app):
    app.build()
    assert "~11 min read" in header_text(app, "lesson.html")


@pytest.mark.sphinx("latex", testroot="boxes")
def test_latex_header(app):
    app.build()
    tex = read_output(app, "projectnamenotset.tex")
    assert r"\DUrole{lesson-number}{Lesson 01 of 2}" in tex


@pytest.mark.sphinx("text", testroot="boxes")
def test_text_header(app):
    app.build()
    assert "Lesson 02 of 2 · ~1 min read · representation · Draft" in read_output(
        app, "lessons/two.txt"
    )


def test_adding_a_lesson_rewrites_every_header(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-boxes", srcdir)
    make_app("html", srcdir=srcdir).build()

    (srcdir / "lessons" / "three.md").write_text(
        (srcdir / "lessons" / "two.md")
        .read_text()
        .replace("lesson: 2", "lesson: 3")
        .replace("ex-tokens", "ex-three"),
        encoding="utf-8",
    )
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("lessons/two\n", "lessons/two\nlessons/three\n"))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert header_text(app, "lessons/one.html").startswith("Lesson 01 of 3")
