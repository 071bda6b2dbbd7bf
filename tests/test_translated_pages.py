"""The words authors write into lessonkit's directives reach the page's translation
catalog and come back translated: a self-check's choices, explanations and unit, the
author's part of a box title, a frame grid's labels, notes, legend and alt text, a
clip's alt text and side labels, a lab figure's alt text and the lab's table of
generators.

The root (tests/roots/test-translated) is an English book with Korean catalogs per
page, as the Stream book has in locales/ko: ``-b gettext`` must extract each of
these as a message of its own, and a Korean build must show its translation in
every output.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOTS, page_text, parse_output, read_output, warning_lines, words
from lessonkit.translatable_words import words_to_translate
from sphinx.testing.util import SphinxTestApp

LESSON = "lessons/one"

#: Every message an author wrote into the lesson's directives, as the catalog holds it.
LESSON_MESSAGES = {
    "box title": ["A flipbook, not an album", "Straight paths", "Draw the storyboard"],
    "self-check": [
        "Every fourth frame of a 120-frame clip is kept: how many frames?",
        "Twenty-four",
        "That is one second of frames.",
        "Thirty",
        "120 ÷ 4 = 30.",
        "Forty",
        "That would be every third frame.",
        "How many pixels does one 1080p frame have?",
        "pixels",
        "1920 × 1080 = 2,073,600.",
    ],
    # MyST leaves a table's cells in a directive without a source, which Sphinx
    # needs before it extracts text (boxes.give_source_info).
    "table in a solution": ["frame", "state", "first", "easy to draw"],
    "frame grid": [
        "Frame t − 1",
        "one frame earlier",
        "Frame t",
        "the pixel itself",
        "Frame t + 1",
        "one frame later",
        "the frame that holds the pixel",
        "its neighbours in time",
        "Three boxes side by side.",
        "Three frames of the block.",
    ],
    "clip": [
        "A red and a blue square move right at the same speed.",
        "Red square",
        "Blue square",
        "Two squares moving side by side.",
    ],
}

#: The lesson's English words that the Korean catalog translates: none may be left.
ENGLISH_WORDS = [
    "flipbook",
    "Straight paths",
    "storyboard",
    "Twenty-four",
    "Thirty",
    "Forty",
    "one second of frames",
    "every third frame",
    "pixels",
    "Frame t",
    "frame earlier",
    "frame later",
    "pixel itself",
    "holds the pixel",
    "neighbours in time",
    "Three boxes",
    "Red square",
    "Blue square",
    "same speed",
]


def generator_summary() -> tuple[str, str]:
    """The first of the lab's generators and what the lab says it shows, today."""
    import streamlab

    name, generator = next(iter(streamlab.GENERATORS.items()))
    return name, generator.summary


def korean_summary(name: str) -> str:
    return f"{name} 생성기가 보여 주는 것"


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The root built by one builder at a time, each in its own folder, sharing the
    lab's and the clips' caches. The lab's table says what the lab says today, so
    its translation is added to the page's catalog here."""
    root = tmp_path_factory.mktemp("translated")
    srcdir = root / "src"
    shutil.copytree(ROOTS / "test-translated", srcdir, ignore=shutil.ignore_patterns("_build"))
    name, summary = generator_summary()
    with (srcdir / "locales" / "ko" / "LC_MESSAGES" / "lab.po").open("a", encoding="utf-8") as po:
        po.write(f"\nmsgid {po_string(summary)}\nmsgstr {po_string(korean_summary(name))}\n")
    apps: dict[tuple, SphinxTestApp] = {}

    def build(builder: str, **confoverrides) -> SphinxTestApp:
        key = (builder, repr(sorted(confoverrides.items())))
        if key not in apps:
            app = SphinxTestApp(
                builder,
                srcdir=srcdir,
                builddir=root / f"{builder}-{len(apps)}",
                confoverrides={
                    "lessonkit_lab_cache": str(root / "lab-cache"),
                    "lessonkit_clip_cache": str(root / "clip-cache"),
                    **confoverrides,
                },
                status=StringIO(),
                warning=StringIO(),
            )
            try:
                app.build()
            finally:
                app.cleanup()
            apps[key] = app
        return apps[key]

    return build


def catalog(app, page: str):
    with (Path(app.outdir) / f"{page}.pot").open("rb") as file:
        return read_po(file)


# -- Extraction ------------------------------------------------------------------------------


def test_words_to_translate_keeps_each_word_with_a_letter_once_in_order():
    assert words_to_translate([" Frame 1 ", "12", "%", "", "s", "Frame 1", "steam"]) == [
        "Frame 1",
        "s",
        "steam",
    ]


@pytest.mark.parametrize("kind", LESSON_MESSAGES)
def test_gettext_extracts_each_of_the_authors_words_as_its_own_message(book, kind):
    messages = {message.id for message in catalog(book("gettext"), LESSON)}
    assert [text for text in LESSON_MESSAGES[kind] if text not in messages] == []


def test_gettext_extracts_the_english_from_a_translated_page(book):
    # The root's language is Korean: once a build has compiled its catalogs, the
    # gettext builder reads translated pages, and must still extract the English.
    book("html")
    translated = [message.id for message in catalog(book("gettext", gettext_compact=False), LESSON)]
    assert not any(re.search("[\uac00-\ud7a3]", message) for message in translated)
    assert translated == [message.id for message in catalog(book("gettext"), LESSON)]


def test_lessonkit_words_stay_out_of_the_page_catalog(book):
    # Box titles without the author's words, and the labels before them, are
    # lessonkit's: its own catalog translates them.
    messages = {message.id for message in catalog(book("gettext"), LESSON)}
    assert {
        "In one line",
        "Key takeaways",
        "Solution",
        "Mental model: A flipbook, not an album",
        "Under the hood: Straight paths (optional)",
        "Left",
        "free",
        "6",
    } & messages == set()


def test_each_message_is_located_at_its_directive(book):
    locations = {
        message.id: message.locations for message in catalog(book("gettext"), LESSON) if message.id
    }
    source = (ROOTS / "test-translated" / "lessons" / "one.md").read_text(encoding="utf-8")
    lines = source.splitlines()

    def line_of(start: str) -> int:
        return next(number for number, line in enumerate(lines, 1) if line.startswith(start))

    assert [line for _, line in locations["one frame earlier"]] == [
        line_of(":::{frame-grid} Three")
    ]
    assert [line for _, line in locations["Red square"]] == [line_of(":::{clip-compare}")]
    assert [line for _, line in locations["pixels"]] == [line_of(":::{self-check} How many")]
    assert [line for _, line in locations["Forty"]] == [line_of("- [ ] Forty")]


def test_gettext_extracts_the_lab_figure_and_the_lab_table(book):
    messages = {message.id for message in catalog(book("gettext"), "lab")}
    import streamlab

    summaries = [generator.summary for generator in streamlab.GENERATORS.values()]
    assert [text for text in summaries if text not in messages] == []
    assert {
        "Paths from noise to five data points.",
        "Where samples land after 1, 2, 4 and 8 steps.",
    } <= messages
    # The table's headings and kinds are lessonkit's words.
    assert {"Generator", "What it shows", "a clip"} & messages == set()


def test_gettext_build_is_clean(book):
    assert warning_lines(book("gettext")) == []


# -- The Korean web page -------------------------------------------------------------------


def test_html_build_is_clean(book):
    assert warning_lines(book("html")) == []


@pytest.mark.parametrize(
    ("selector", "title", "subtitle"),
    [
        ("div.mental-model", "멘탈 모델: 사진첩이 아니라 플립북", "사진첩이 아니라 플립북"),
        ("div.under-the-hood", "깊이 보기: 곧은 경로 (선택)", "곧은 경로"),
        ("div.exercise", "연습 문제 1.1 스토리보드 그리기", "스토리보드 그리기"),
    ],
)
def test_html_box_title_is_the_translated_subtitle_after_lessonkits_label(
    book, selector, title, subtitle
):
    box = parse_output(book("html"), f"{LESSON}.html").select_one(selector)
    heading = box.select_one(".admonition-title")
    assert words(heading.get_text(" ", strip=True)) == title
    assert heading.select_one(".lessonkit-box-subtitle").get_text() == subtitle


def test_html_self_check_choices_explanations_and_unit_are_korean(book):
    page = parse_output(book("html"), f"{LESSON}.html")
    choice, numeric = page.select("div.self-check")
    assert choice.select_one("legend .self-check-text").get_text() == (
        "120프레임짜리 클립에서 네 번째 프레임마다 하나씩 남기면 몇 장인가?"
    )
    assert [option.get_text() for option in choice.select(".self-check-option label")] == [
        "스물네 장",
        "서른 장",
        "마흔 장",
    ]
    assert [words(item.get_text(" ")) for item in choice.select(".self-check-key-item")] == [
        "틀림: 스물네 장 그것은 1초 분량이다.",
        "맞음: 서른 장 120 ÷ 4 = 30.",
        "틀림: 마흔 장 그러면 세 번째 프레임마다 남긴 것이다.",
    ]
    assert numeric.select_one(".self-check-unit").get_text() == "픽셀"
    assert words(numeric.select_one(".self-check-answer-value").get_text()) == (
        "정답: 2,073,600 픽셀 (±1 % 이내면 정답)"
    )


def test_html_frame_grid_labels_notes_legend_and_alt_are_korean(book):
    figure = parse_output(book("html"), f"{LESSON}.html").select_one("figure#fig-block")
    drawing = figure.select_one("div.frame-grid-drawing")
    assert drawing.select_one("p.frame-grid-description").get_text() == "나란히 놓인 상자 세 개."
    assert [label.get_text() for label in drawing.select(".frame-grid-label")] == [
        "프레임 t − 1",
        "프레임 t",
        "프레임 t + 1",
    ]
    assert [note.get_text() for note in drawing.select(".frame-grid-note")] == [
        "한 프레임 앞",
        "픽셀 자신",
        "한 프레임 뒤",
    ]
    assert [legend.get_text() for legend in drawing.select(".frame-grid-legend dd")] == [
        "픽셀이 있는 프레임",
        "시간상의 이웃",
    ]
    assert figure.select_one(".caption-text").get_text() == "블록의 프레임 세 장."


def test_html_clip_alt_text_and_labels_are_korean(book):
    figure = parse_output(book("html"), f"{LESSON}.html").select_one("figure#clip-pair")
    assert [label.get_text() for label in figure.select("p.clip-label")] == [
        "빨간 사각형",
        "파란 사각형",
    ]
    assert {description.get_text() for description in figure.select("p.clip-description")} == {
        "빨간 사각형과 파란 사각형이 같은 속도로 오른쪽으로 움직인다."
    }
    assert "빨간 사각형" in figure.select_one("template.clip-strip-template").decode_contents()


def test_html_lab_figure_and_lab_table_are_korean(book):
    page = parse_output(book("html"), "lab.html")
    figure = page.select_one("figure#fig-flow")
    assert figure.img["alt"] == "잡음에서 다섯 데이터 점까지의 경로."
    assert figure.select_one(".caption-text").get_text() == "1, 2, 4, 8단계 뒤 표본이 도달하는 곳."
    name, summary = generator_summary()
    row = next(
        row for row in page.select("table.lab-generators tbody tr") if row.code.get_text() == name
    )
    assert row.select("td")[-1].get_text(strip=True) == korean_summary(name)
    assert summary not in page.get_text()


def test_html_leaves_none_of_the_translated_english(book):
    text = page_text(book("html"), f"{LESSON}.html")
    assert [english for english in ENGLISH_WORDS if english in text] == []


# -- The Korean plain text -------------------------------------------------------------------


def test_text_build_is_clean(book):
    assert warning_lines(book("text")) == []


def test_text_shows_the_translations(book):
    text = read_output(book("text"), f"{LESSON}.txt")
    flat = words(text)
    for expected in [
        "멘탈 모델: 사진첩이 아니라 플립북",
        "깊이 보기: 곧은 경로 (선택)",
        "연습 문제 1.1: 스토리보드 그리기",
        "(a) 스물네 장",
        "(c) 마흔 장",
        "*(a) 스물네 장*: 그것은 1초 분량이다.",
        "*(c) 마흔 장*: 그러면 세 번째 프레임마다 남긴 것이다.",
        "________ 픽셀",
        "정답: 2,073,600 픽셀",
        "[음영] 픽셀이 있는 프레임",
        "[점선] 시간상의 이웃",
        "빨간 사각형과 파란 사각형이 같은 속도로 오른쪽으로 움직인다.",
        "왼쪽: 빨간 사각형. 오른쪽: 파란 사각형.",
    ]:
        assert expected in flat, expected
    drawing = next(line for line in text.splitlines() if "프레임 t − 1" in line)
    assert "| 프레임 t − 1 |" in drawing and "|   프레임 t   |" in drawing
    assert [english for english in ENGLISH_WORDS if english in flat] == []


def test_text_lab_figure_and_lab_table_are_korean(book):
    text = words(read_output(book("text"), "lab.txt"))
    assert "[그림: 잡음에서 다섯 데이터 점까지의 경로.]" in text
    name, summary = generator_summary()
    assert korean_summary(name) in text and summary not in text


# -- The same book in English ------------------------------------------------------------------


def test_the_english_book_shows_the_authors_words_as_written(book):
    english = book("html", language="en")
    assert warning_lines(english) == []
    page = parse_output(english, f"{LESSON}.html")
    title = page.select_one("div.mental-model .admonition-title")
    assert words(title.get_text(" ", strip=True)) == "Mental model: A flipbook, not an album"
    assert [option.get_text() for option in page.select(".self-check-option label")] == [
        "Twenty-four",
        "Thirty",
        "Forty",
    ]
    assert page.select_one(".self-check-unit").get_text() == "pixels"
    assert [label.get_text() for label in page.select("p.clip-label")] == [
        "Red square",
        "Blue square",
    ]
    assert page.select_one("#fig-block .frame-grid-label").get_text() == "Frame t − 1"
