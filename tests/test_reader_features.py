"""Reader features in every output: tag index and tag links, progress summary,
report-a-problem link, opt-in comments, and the build's book data for the script."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import parse_output, read_output


@pytest.fixture(scope="module")
def html(built):
    return built("reader")


def test_html_build_is_clean(html):
    assert html.warning.getvalue() == ""


def test_header_tags_link_to_their_entry_in_the_tag_index(html):
    links = parse_output(html, "lessons/first.html").select(".lesson-tags a.lesson-tag")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("motion", "../tags.html#tag-motion"),
        ("a & b", "../tags.html#tag-a-and-b"),
    ]
    index = parse_output(html, "tags.html")
    motion = index.select_one("section#tag-motion")
    assert [a.get_text() for a in motion.select("li a")] == [
        "Lesson 01: The first lesson & <more>",
        "Lesson 02: The second lesson & <more>",
    ]
    assert [a.get_text() for a in index.select("section#tag-a-and-b li a")] == [
        "Lesson 01: The first lesson & <more>"
    ]


def test_pdf_tag_links_reach_the_tag_index_section(built):
    tex = read_output(built("reader", "latex"), "readerbook.tex")
    assert r"\label{\detokenize{tags:tag-motion}}" in tex
    assert r"\hyperref[\detokenize{tags:tag-motion}]" in tex


def test_report_link_prefills_the_issue_form(html):
    link = parse_output(html, "lessons/second.html").select_one(".lessonkit-feedback a")
    address = urlsplit(link["href"])
    query = parse_qs(address.query)
    assert f"{address.netloc}{address.path}" == "github.com/example/book/issues/new"
    assert query["lesson"] == ["Lesson 02: The second lesson & <more>"]
    assert query["url"] == ["https://book.example/en/latest/lessons/second.html"]


def test_text_prints_the_report_address_and_the_progress_explanation(built):
    text = built("reader", "text")
    lesson = read_output(text, "lessons/second.txt")
    assert "Report a problem with this lesson: https://github.com/example/book/issues/new?" in (
        lesson
    )
    assert "Comments" not in lesson
    assert "keeps your progress in your browser" in read_output(text, "progress.txt")


def test_configured_comments_load_nothing_until_asked(html):
    page = parse_output(html, "lessons/first.html")
    button = page.select_one("section.lessonkit-comments[hidden] button.lessonkit-comments-load")
    assert (button["data-repo"], button["data-category-id"]) == ("example/book", "DIC_1")
    assert page.find("script", src=lambda src: src and "giscus" in src) is None
    scripts = [script.get("src", "") for script in page.find_all("script")]
    assert any(src.startswith("../_static/lessonkit-comments.js") for src in scripts)


def test_progress_script_only_on_pages_that_use_it_with_the_book_data(html):
    def has_progress_script(page: str) -> bool:
        return any(
            "lessonkit-progress.js" in s.get("src", "") for s in parse_output(html, page)("script")
        )

    assert [has_progress_script(p) for p in ("index.html", "lessons/first.html", "tags.html")] == [
        True,
        True,
        False,
    ]
    data = read_output(html, "_static/lessonkit-book.js")
    book = json.loads(data.split("window.lessonkitBook = ", 1)[1].rstrip().rstrip(";"))
    assert [(lesson["page"], lesson["url"], lesson["exercises"]) for lesson in book["lessons"]] == [
        ("lessons/first", "lessons/first.html", [{"id": "ex-first", "name": "Exercise 1.1"}]),
        ("lessons/second", "lessons/second.html", [{"id": "ex-second", "name": "Exercise 2.1"}]),
    ]
    assert (book["storageKey"], book["progressPage"]) == (
        "lessonkit-progress:reader-book",
        {"page": "progress", "url": "progress.html"},
    )
