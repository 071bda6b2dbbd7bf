"""Every web page has a description: a lesson its one-line summary, the rest the
book's own description."""

from __future__ import annotations

from conftest import parse_output


def descriptions(page) -> tuple[str, str]:
    return (
        page.find("meta", attrs={"name": "description"})["content"],
        page.find("meta", attrs={"property": "og:description"})["content"],
    )


def test_a_lesson_is_described_by_its_one_line_summary(built):
    page = parse_output(built("builders"), "lessons/first.html")
    assert descriptions(page) == ("One line, referred to as the summary.",) * 2


def test_other_pages_have_the_books_description(built):
    page = parse_output(built("builders"), "index.html")
    assert descriptions(page) == ("A book with every directive & <nothing> else.",) * 2


def test_hostile_text_stays_text_in_the_description(built):
    html = (built("hostile").outdir / "lesson.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html.split("<body")[0]
    summary, _ = descriptions(parse_output(built("hostile"), "lesson.html"))
    assert summary.startswith("Summary with <script>alert(1)</script> & # $ % _ { } ~ ^ \\ 한국어")
