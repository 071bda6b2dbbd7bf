"""The Korean edition's chrome: every word lessonkit writes comes from its own catalog
(extensions/lessonkit/locales), so a book built with language = "ko" shows no English
box title, header, legend, button or label; a Korean lesson's reading time is counted
in characters; the catalog is complete, compiled and in step with the code."""

from __future__ import annotations

import ast
import gettext
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import (
    REPO_ROOT,
    SPOKEN_ATTRIBUTES,
    page_text,
    parse_output,
    read_output,
    warning_lines,
    words,
)
from docutils import nodes
from lessonkit.frame_grid import ascii_frame_grid
from lessonkit.frame_grid_model import parse_frame_grid
from lessonkit.lessons import (
    KOREAN_CHARACTERS_PER_MINUTE,
    characters_per_minute,
    count_characters,
    reading_minutes,
)
from sphinx.writers.text import column_width

PACKAGE = REPO_ROOT / "extensions" / "lessonkit"
LOCALES = PACKAGE / "locales"
TEMPLATE = LOCALES / "lessonkit.pot"
KOREAN_PO = LOCALES / "ko" / "LC_MESSAGES" / "lessonkit.po"
KOREAN_MO = KOREAN_PO.with_suffix(".mo")
#: What `make lessonkit-catalog` passes to pybabel extract.
KEYWORDS = {"translate": None, "N_": None, "translate_in": ((1, "c"), 2)}

#: lessonkit's chrome in English: none of it may show in the Korean edition.
ENGLISH_CHROME = (
    "In one line",
    "Mental model",
    "Key takeaways",
    "Under the hood",
    "(optional)",
    "Exercise",
    "Solution",
    "min read",
    "Lesson 01 of",
    "Lesson 02 of",
    "Reviewed",
    "November",
    "Draft",
    "Legend",
    "free",
    "hard",
    "key frame",
    "frames",
    "Check",
    "Show the answer",
    "Right:",
    "Wrong:",
    "Answer",
    "Your answer",
    "Report a problem",
    "Comments",
    "Load comments",
    "as of",
    "As of",
    "Turn on JavaScript",
    "Self-check answers",
    "Why not the others",
)


def english_chrome_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH_CHROME if re.search(rf"\b{re.escape(phrase)}", text)]


def visible_text(app, page: str) -> str:
    """The page's text and the words its attributes say aloud, without the theme."""
    shown = page_text(
        app, page, (*SPOKEN_ATTRIBUTES, "data-readout", "data-lessonkit-loading-message")
    )
    # The player's readout template keeps its placeholders, {frame} and {frames}.
    return re.sub(r"\{\w+\}", "", shown)


@pytest.fixture(scope="module")
def html(built):
    return built("korean")


@pytest.fixture(scope="module")
def text(built):
    return built("korean", "text")


@pytest.fixture(scope="module")
def epub(built):
    return built("korean", "epub")


def book_data(app) -> dict:
    script = read_output(app, "_static/lessonkit-book.js")
    return json.loads(script.split("window.lessonkitBook = ", 1)[1].rstrip().rstrip(";"))


# -- The web ---------------------------------------------------------------------------


def test_html_build_is_clean(html):
    assert warning_lines(html) == []


@pytest.mark.parametrize(
    ("page", "selector", "title"),
    [
        ("lessons/one.html", "div.one-line-summary", "한 줄 요약"),
        ("lessons/one.html", "div.mental-model", "멘탈 모델: 사진첩이 아니라 플립북"),
        ("lessons/one.html", "div.key-takeaways", "핵심 정리"),
        ("lessons/one.html", "div.exercise", "연습 문제 1.1 클립 스토리보드 그리기"),
        ("lessons/two.html", "div.under-the-hood", "깊이 보기: 곧은 경로 (선택)"),
    ],
)
def test_html_box_titles_are_korean(html, page, selector, title):
    box = parse_output(html, page).select_one(selector)
    assert words(box.select_one(".admonition-title").get_text(" ", strip=True)) == title


def test_html_solution_folds_under_a_korean_summary(html):
    details = parse_output(html, "lessons/one.html").select_one("details.solution")
    assert details.summary.get_text() == "풀이"


def test_html_header_is_korean(html):
    header = parse_output(html, "lessons/one.html").select_one("div.lesson-header")
    assert words(header.get_text()) == "레슨 01 / 2 · 약 1분 분량 · 2026년 11월 검토 · 영상, 시간"
    header = parse_output(html, "lessons/two.html").select_one("div.lesson-header")
    assert words(header.get_text()).endswith("· 영상 · 초안")


def test_html_dated_claim_is_korean(html):
    claim = parse_output(html, "lessons/one.html").select_one("time.as-of")
    assert (claim.get_text(), claim["datetime"]) == ("2026년 11월 기준", "2026-11")


def test_html_frame_grid_speaks_korean(html):
    drawing = parse_output(html, "lessons/one.html").select_one("div.frame-grid-drawing")
    assert drawing.select_one("p.frame-grid-description").get_text() == (
        "0.00초부터 0.21초까지 프레임 6개. 1~2: 쉬움. 3~4: 어려움. 5: 키. 6."
    )
    assert [state.get_text() for state in drawing.select(".frame-grid-state")] == [
        "쉬움",
        "쉬움",
        "어려움",
        "어려움",
        "키",
    ]
    legend = drawing.select_one("dl.frame-grid-legend")
    assert legend["aria-label"] == "범례"
    assert [words(item.get_text(" ")) for item in legend.select("div")] == [
        "쉬움 모델에게 쉬움: 고정된 카메라, 배경의 잔잔한 움직임",
        "어려움 모델에게 어려움: 관절로 움직이는 몸, 복잡한 물리 현상",
        "키 키 프레임: 미리 정해 두었거나 모델에 주어진 프레임",
    ]


def test_html_self_check_controls_are_korean(html):
    question = parse_output(html, "lessons/one.html").select_one("div.self-check")
    assert question.select_one("legend .self-check-number").get_text() == "확인 문제 1.1"
    assert question.select_one("button.self-check-button").get_text() == "정답 확인"
    assert question.select_one("details.self-check-key summary").get_text() == "정답과 해설 보기"
    assert [verdict.get_text() for verdict in question.select(".self-check-verdict")] == [
        "틀림:",
        "맞음:",
    ]
    numeric = parse_output(html, "lessons/two.html").select_one("div.self-check")
    assert numeric.select_one(".self-check-number-field label").get_text() == "내 답"
    assert words(numeric.select_one(".self-check-answer-value").get_text()) == (
        "정답: 2,073,600 픽셀 (±1 % 이내면 정답)"
    )


def test_html_clip_player_is_korean(html):
    player = parse_output(html, "lessons/one.html").select_one("div.clip-player")
    assert [label.get_text() for label in player.select("p.clip-label")] == ["왼쪽", "오른쪽"]
    assert player["data-readout"] == "프레임 {frame}/{frames} · {time}"
    assert player["data-seconds"] == "{seconds}초"
    assert player.select_one("output.clip-readout").get_text() == "프레임 1/48 · 0.00초"
    assert [button.get_text() for button in player.select(".clip-controls button")] == [
        "이전 프레임",
        "다음 프레임",
        "프레임 보기",
    ]
    assert words(player.select_one(".clip-keys").get_text()) == (
        ", 또는 . 키를 누르면 한 프레임씩 이동합니다."
    )
    assert player.select_one("video a").get_text() == "클립 내려받기"
    strip = parse_output(html, "lessons/one.html").select_one("template.clip-strip-template")
    assert "프레임 1 ·" in strip.decode_contents()


def test_html_feedback_and_comments_are_korean(html):
    page = parse_output(html, "lessons/one.html")
    assert page.select_one("div.lessonkit-feedback a").get_text() == "이 레슨의 문제 신고하기"
    comments = page.select_one("section.lessonkit-comments")
    assert comments.h2.get_text() == "댓글"
    assert comments.button.get_text() == "댓글 불러오기"
    assert comments["data-lessonkit-loading-message"] == "giscus.app에서 댓글을 불러오는 중…"


def test_html_tag_index_and_progress_page_are_korean(html):
    index = parse_output(html, "tags.html")
    assert [a.get_text() for a in index.select("div.body section li a")] == [
        "레슨 01: 영상은 이미지의 반복이 아니다",
        "레슨 01: 영상은 이미지의 반복이 아니다",
        "레슨 02: 읽기 시간",
    ]
    note = parse_output(html, "progress.html").select_one(".lessonkit-progress-noscript")
    assert note.get_text() == "학습 진행 상황을 여기서 보려면 JavaScript를 켜세요."


@pytest.mark.parametrize(
    "page", ["lessons/one.html", "lessons/two.html", "tags.html", "progress.html"]
)
def test_html_shows_no_english_chrome(html, page):
    assert english_chrome_in(visible_text(html, page)) == []


def test_the_english_chrome_check_finds_english_chrome(built):
    """The same book in English shows what the checks above look for."""
    english = built("korean", language="en")
    found = english_chrome_in(visible_text(english, "lessons/one.html"))
    assert {"In one line", "Key takeaways", "Exercise", "Solution", "min read"} <= set(found)
    assert {"Lesson 01 of", "Legend", "free", "Check", "Report a problem"} <= set(found)


def test_book_data_for_the_scripts_is_korean(html):
    data = book_data(html)
    assert [level["name"] for level in data["levels"]] == [
        "관객",
        "스토리보드 작가",
        "촬영 기사",
        "편집자",
        "감독",
    ]
    assert data["achievements"][0] == {
        "key": "first-lesson",
        "name": "첫 컷",
        "how": "첫 레슨을 완료하세요.",
    }
    assert [item["name"] for lesson in data["lessons"] for item in lesson["exercises"]] == [
        "연습 문제 1.1",
        "연습 문제 2.1",
    ]
    assert [item["name"] for lesson in data["lessons"] for item in lesson["checks"]] == [
        "확인 문제 1.1",
        "확인 문제 2.1",
    ]
    strings = data["strings"]
    assert strings["markComplete"] == "이 레슨을 완료로 표시"
    assert strings["checkRight"] == "정답입니다."
    # The script checks that a button's accessible name holds its visible text.
    assert strings["attemptedExerciseLabel"].startswith(strings["markAttempted"])
    hangul = re.compile(r"[\uac00-\ud7a3]")
    english = [
        value
        for value in [*strings.values()]
        + [item[key] for item in data["achievements"] for key in ("name", "how")]
        if not hangul.search(value) and value not in ("{xp} XP", "+{xp} XP")
    ]
    assert english == []


# -- Print, e-book and plain text ---------------------------------------------------------


def test_text_is_korean(text):
    assert warning_lines(text) == []
    one = read_output(text, "lessons/one.txt")
    assert "레슨 01 / 2 · 약 1분 분량 · 2026년 11월 검토 · 영상, 시간" in one
    for title in ("한 줄 요약:", "멘탈 모델: 사진첩이 아니라 플립북:", "핵심 정리:"):
        assert title in one
    assert "연습 문제 1.1: 클립 스토리보드 그리기:" in one
    assert "확인 문제 1.1: 24fps로" in one
    assert "정답은 레슨 끝에 있습니다" in one
    assert "[쉬움] 모델에게 쉬움: 고정된 카메라, 배경의 잔잔한 움직임" in one
    assert "그림 1.1: 여섯 프레임의 클립" in one
    assert "왼쪽: 왼쪽. 오른쪽: 오른쪽." in one
    assert "- 프레임 1 · 0.00초" in one
    assert "클립 보기: https://book.example/ko/latest/lessons/one.html#clip-pair" in one
    assert "이 레슨의 문제 신고하기: https://github.com/example/book/issues/new?" in one
    two = read_output(text, "lessons/two.txt")
    assert "깊이 보기: 곧은 경로 (선택):" in two
    assert "답: ________ 픽셀" in two
    assert "**확인 문제 2.1**. 정답: 2,073,600 픽셀 (±1 % 이내면 정답)." in two


@pytest.mark.parametrize("page", ["lessons/one.txt", "lessons/two.txt", "progress.txt"])
def test_text_shows_no_english_chrome(text, page):
    # The report link's address is for the repository's issue form, in English.
    shown = re.sub(r"https://\S+", "", read_output(text, page))
    assert english_chrome_in(shown) == []


def test_text_frame_grid_boxes_line_up_with_korean_words(text):
    one = read_output(text, "lessons/one.txt")
    drawing = [line.strip() for line in one.splitlines() if line.strip().startswith(("+", "|"))]
    # Six boxes do not fit in 72 columns: four, an arrow saying the row goes on, then two.
    widths = [column_width(line.removesuffix("-->")) for line in drawing]
    assert widths == [widths[0]] * 5 + [widths[5]] * 5
    assert max(column_width(line) for line in drawing) <= 72


def test_epub_solutions_are_titled_in_korean_word_order(epub):
    assert warning_lines(epub) == []
    page = parse_output(epub, "lessons/one.xhtml")
    section = page.select_one("section.lessonkit-solutions")
    assert words(section.h2.get_text()).endswith(" 연습 문제 풀이")
    title = section.select_one("div.solution .admonition-title")
    assert words(title.get_text()) == "연습 문제 1.1 풀이"
    assert title.a.get_text() == "연습 문제 1.1"
    pointer = page.select_one("p.lessonkit-solution-pointer a")
    assert pointer.get_text() == "풀이는 레슨 끝에 있습니다"
    watch = page.select_one("p.clip-watch")
    assert watch.get_text().startswith("클립 보기: https://book.example/ko/latest/")
    answers = page.select_one("section.lessonkit-self-check-answers")
    assert words(answers.h2.get_text()).endswith(" 확인 문제 정답")


def test_latex_chrome_is_korean(built):
    # No LaTeX babel language for Korean: the book's own preamble sets Korean type.
    tex = read_output(built("korean", "latex"), "koreanbook.tex")
    assert r"\DUrole{lesson-number}{레슨 01 / 2}" in tex
    assert r"\DUrole{lesson-reading-time}{약 7분 분량}" in tex
    assert r"\textit{쉬움}: 모델에게 쉬움" in tex
    assert "풀이는 레슨 끝에 있습니다" in tex
    assert "스캔해서 보기" in tex and "클립 보기:" in tex
    body = tex.split(r"\begin{document}", 1)[1]
    # Words only: TikZ style names ("lessonkit frame free") are LaTeX, not text.
    shown = ("In one line", "Key takeaways", "Exercise", "Solution", "min read", "Lesson 0")
    assert [phrase for phrase in shown if phrase in body] == []


# -- Reading time --------------------------------------------------------------------------


def test_korean_reading_time_counts_characters(html, built):
    # Lesson two holds 300 "words" of ten Hangul syllables: 3,000 characters, with
    # its title, boxes and question about 3,100, so 7 minutes at 500 a minute, where
    # 200 words a minute would make it 2.
    header = parse_output(html, "lessons/two.html").select_one(".lesson-reading-time")
    assert header.get_text() == "약 7분 분량"
    english = built("korean", language="en")
    header = parse_output(english, "lessons/two.html").select_one(".lesson-reading-time")
    assert header.get_text() == "~2 min read"


def paragraph(text: str) -> nodes.document:
    document = nodes.document(None, None)
    document += nodes.paragraph("", text)
    return document


def test_characters_are_every_character_but_spaces():
    document = paragraph("확산 모델(diffusion model)은\n잡음을 걷어 낸다.")
    assert count_characters(document) == len("확산모델(diffusionmodel)은잡음을걷어낸다.")


@pytest.mark.parametrize("language", ["ko", "ko_KR", "ko-KR", "KO"])
def test_korean_in_any_spelling_is_read_by_the_character(language):
    assert characters_per_minute(language) == KOREAN_CHARACTERS_PER_MINUTE == 500


def test_reading_minutes_by_language():
    document = paragraph(" ".join(["가나다라마"] * 200))  # 1,000 characters, 200 words
    assert reading_minutes(document, "ko", 200) == 2
    assert reading_minutes(document, "en", 200) == 1
    assert reading_minutes(document, None, 100) == 2
    assert reading_minutes(paragraph(""), "ko", 200) == 1


def test_frame_grid_description_untranslated_is_english():
    grid = parse_frame_grid("", {"frames": "3", "states": "1-2 free"}, [])
    assert grid.describe() == "3 frames. 1 to 2: free. 3."
    assert ascii_frame_grid(grid).splitlines()[-1] == "[free] " + grid.legend_text("free")


# -- The catalog -----------------------------------------------------------------------------


def catalog_keys(catalog) -> set[tuple[str | None, str]]:
    return {(message.context, message.id) for message in catalog if message.id}


def read_catalog(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def test_template_holds_every_message_of_the_code():
    """The .pot is what `make lessonkit-catalog` would extract from the code now."""
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for _, _, message, _, context in extract_from_dir(
            str(PACKAGE), keywords=KEYWORDS, comment_tags=("Translators:",)
        )
    }
    assert catalog_keys(read_catalog(TEMPLATE)) == extracted


#: Calls that translate what is not a literal: each argument holds messages marked
#: with N_ where they are written (an unmarked one would never reach the catalog).
TRANSLATED_CONSTANTS = {
    ("clip.py", "default"),
    ("frame_grid_model.py", "default"),
    ("frame_grid_model.py", "STATE_WORDS[first.state]"),
    ("frame_grid_model.py", "STATE_WORDS[state]"),
    ("freshness.py", "MONTH_NAMES[month - 1]"),
    ("progress.py", "name"),
    ("progress.py", "how"),
}


def test_every_message_the_code_translates_is_a_literal_in_the_template():
    """Extraction reads translate("...") calls, but not inside an f-string (before
    Python 3.12) nor through a variable: the code keeps every message extractable."""
    template = {message_id for _, message_id in catalog_keys(read_catalog(TEMPLATE))}
    literal, constant = set(), set()
    for path in sorted(PACKAGE.glob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            if call.func.id not in ("translate", "translate_in", "N_") or not call.args:
                continue
            argument = call.args[-1]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                literal.add(argument.value)
            else:
                constant.add((path.name, ast.unparse(argument)))
    assert literal - template == set()
    assert constant == TRANSLATED_CONSTANTS


def test_korean_catalog_is_complete_and_current():
    template = read_catalog(TEMPLATE)
    korean = read_catalog(KOREAN_PO)
    assert korean.locale is not None and str(korean.locale) == "ko"
    assert catalog_keys(korean) == catalog_keys(template)
    assert not korean.obsolete
    problems = [
        (message.context, message.id)
        for message in korean
        if message.id and (not message.string or message.fuzzy)
    ]
    assert problems == []
    assert len(catalog_keys(korean)) >= 130


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\w*\}|%s", text))


def test_korean_messages_keep_their_placeholders():
    wrong = [
        (message.id, message.string)
        for message in read_catalog(KOREAN_PO)
        if message.id and placeholders(message.id) != placeholders(message.string)
    ]
    assert wrong == []


def test_compiled_korean_catalog_matches_its_source():
    """lessonkit.mo ships with the package: `make lessonkit-catalog` compiles it."""
    with KOREAN_MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    source = {
        (f"{message.context}\x04{message.id}" if message.context else message.id): message.string
        for message in read_catalog(KOREAN_PO)
        if message.id and message.string and not message.fuzzy
    }
    shipped = {key: value for key, value in compiled._catalog.items() if key}
    assert shipped == source


def test_make_lessonkit_catalog_keeps_the_translations(tmp_path):
    """`make lessonkit-catalog` in a copy of the project's own files: it extracts the
    same messages, keeps every Korean translation and compiles the same catalog."""
    copy = tmp_path / "stream"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO_ROOT / name, copy / name)
    shutil.copytree(PACKAGE, copy / "extensions" / "lessonkit",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    (copy / ".venv").symlink_to(REPO_ROOT / ".venv")
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "lessonkit-catalog"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(catalog_keys(read_catalog(KOREAN_PO)))
    assert f"{count} of {count} messages (100%) translated" in result.stdout + result.stderr
    made = copy / KOREAN_PO.relative_to(REPO_ROOT)
    # Everything but the header, which carries the time of extraction.
    assert [(m.context, m.id, m.string, m.fuzzy) for m in read_catalog(made) if m.id] == [
        (m.context, m.id, m.string, m.fuzzy) for m in read_catalog(KOREAN_PO) if m.id
    ]
    assert catalog_keys(read_catalog(made.parents[2] / "lessonkit.pot")) == catalog_keys(
        read_catalog(TEMPLATE)
    )
    with made.with_suffix(".mo").open("rb") as new, KOREAN_MO.open("rb") as shipped:
        new_catalog, shipped_catalog = (
            {key: value for key, value in gettext.GNUTranslations(file)._catalog.items() if key}
            for file in (new, shipped)
        )
    assert new_catalog == shipped_catalog


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_finds_nothing_untranslated_or_fuzzy():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(KOREAN_PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr
