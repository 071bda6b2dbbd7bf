"""The lesson header: lesson number of N, reading time, tags and the draft badge."""

from __future__ import annotations

import shutil

import pytest
from conftest import parse_output, read_output


def header_text(app, page: str) -> str:
    html = parse_output(app, page)
    return html.select_one("div.lesson-header").get_text().strip()


@pytest.fixture(scope="module")
def html(built):
    return built("boxes")


def test_header_counts_every_lesson_page(html):
    assert header_text(html, "lessons/one.html") == "Lesson 01 of 2 · ~1 min read · video, temporal"


def test_header_sits_right_under_the_title(html):
    title = parse_output(html, "lessons/one.html").select_one("h1")
    assert "lesson-header" in title.find_next_sibling()["class"]


def test_draft_lesson_shows_a_badge(html):
    assert header_text(html, "lessons/two.html").endswith("representation · Draft")


def test_pages_without_lesson_front_matter_have_no_header(html):
    assert "lesson-header" not in read_output(html, "index.html")


def test_reading_time_counts_the_page_words(built):
    # 1,000 words of body text plus the title and boxes, at 200 words a minute.
    assert "~6 min read" in header_text(built("reading-time"), "lesson.html")


def test_reading_time_follows_the_configured_speed(built):
    app = built("reading-time", lessonkit_words_per_minute=100)
    assert "~11 min read" in header_text(app, "lesson.html")


def test_latex_header(built):
    tex = read_output(built("boxes", "latex"), "projectnamenotset.tex")
    assert r"\DUrole{lesson-number}{Lesson 01 of 2}" in tex


def test_text_header(built):
    assert "Lesson 02 of 2 · ~1 min read · representation · Draft" in read_output(
        built("boxes", "text"), "lessons/two.txt"
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
