"""Self-check questions in every output: native controls and a folded answer key on
the web, lettered choices and a "Self-check answers" section in the PDF, the ePub and
plain text; numbers, ids and {numref}; the lesson register and its publishing rule;
located warnings for every mistake in a question; hostile text shown literally."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import parse_output, read_output, warning_lines
from lessonkit.lessons import get_lessons
from lessonkit.structure import PUBLISHING_RULES

HOSTILE = "& # $ % _ { } ~ ^ \\ 한국어 🎬"
FIRST_IDS = ["check-a-five-second-clip-at-24-fps-every-fourth", "check-which-clips", "check-pixels"]


@pytest.fixture(scope="module")
def html(built):
    return built("self-check")


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def book_data(app) -> dict:
    text = read_output(app, "_static/lessonkit-book.js")
    return json.loads(text.split("window.lessonkitBook = ", 1)[1].rstrip().rstrip(";"))


# -- The web -----------------------------------------------------------------------


def test_html_build_is_clean(html):
    assert warning_lines(html) == []


def test_each_question_is_a_fieldset_whose_legend_is_the_question(html):
    page = parse_output(html, "lessons/first.html")
    found = [
        (
            question["data-kind"],
            words(question.select_one("fieldset.self-check-question > legend").get_text(" ")),
            [field.get("type") for field in question.select("fieldset input")],
            [words(label.get_text()) for label in question.select("fieldset label")],
        )
        for question in page.select("div.self-check")
    ]
    assert found == [
        (
            "single",
            "Check 1.1 A five-second clip at 24 fps, every fourth frame kept: how many "
            "storyboard frames?",
            ["radio", "radio", "radio"],
            ["24", "30", "120"],
        ),
        (
            "multiple",
            "Check 1.2 Which of these clips have exactly 120 frames? Select every right answer.",
            ["checkbox", "checkbox", "checkbox"],
            ["5 s at 24 fps", "4 s at 25 fps", "4 s at 30 fps"],
        ),
        (
            "numeric",
            "Check 1.3 How many pixel positions does a 5 s 1080p clip at 24 fps have?",
            ["text"],
            ["Your answer"],
        ),
    ]


def test_every_control_has_its_label_and_a_question_groups_its_radios(html):
    page = parse_output(html, "lessons/first.html")
    for question in page.select("div.self-check"):
        for field in question.select("fieldset input"):
            assert page.select_one(f'label[for="{field["id"]}"]') is not None
    radios = page.select("#check-a-five-second-clip-at-24-fps-every-fourth input")
    assert {radio["name"] for radio in radios} == {FIRST_IDS[0]}
    number = page.select_one("#check-pixels-value")
    assert (number["inputmode"], number["aria-describedby"]) == ("decimal", "check-pixels-unit")
    assert page.select_one("#check-pixels-unit").get_text() == "pixel positions"
    numeric = page.select_one("#check-pixels")
    assert (numeric["data-answer"], numeric["data-tolerance"]) == ("248832000", "2488320")


def test_without_javascript_the_answer_waits_in_a_closed_details(html):
    page = parse_output(html, "lessons/first.html")
    question = page.select_one("#check-which-clips")
    key = question.select_one("details.self-check-key")
    assert "open" not in key.attrs
    assert words(key.summary.get_text()) == "Show the answer and explanations"
    assert [
        (item["data-choice"], item["data-correct"], words(item.get_text(" ")))
        for item in key.select(".self-check-key-item")
    ] == [
        ("a", "true", "Right: 5 s at 24 fps 5 × 24 = 120."),
        ("b", "false", "Wrong: 4 s at 25 fps 4 × 25 = 100."),
        (
            "c",
            "true",
            "Right: 4 s at 30 fps 4 × 30 = 120. Two paragraphs of explanation are allowed.",
        ),
    ]
    # The button is shown by the script; the feedback region exists from the start.
    assert question.select_one(".self-check-controls")["hidden"] == "hidden"
    assert question.select_one("button.self-check-button").get_text() == "Check"
    assert question.select_one(".self-check-feedback")["aria-live"] == "polite"
    numeric = words(page.select_one("#check-pixels details").get_text(" "))
    assert "Answer: 248,832,000 pixel positions (accepted within ±1 %)" in numeric


@pytest.mark.parametrize(
    "page_name", ["index.html", "lessons/first.html", "lessons/second.html", "progress.html"]
)
def test_no_page_has_a_duplicate_id(html, page_name):
    ids = [element["id"] for element in parse_output(html, page_name).find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_ids_come_from_the_label_or_the_question_and_are_the_same_in_every_web_builder(html, built):
    def ids(app, name):
        page = parse_output(app, name)
        return [question["id"] for question in page.select("div.self-check")]

    assert ids(html, "lessons/first.html") == FIRST_IDS
    assert ids(built("self-check", "dirhtml"), "lessons/first/index.html") == FIRST_IDS


def test_numref_and_ref_reach_a_question(html):
    page = parse_output(html, "lessons/first.html")
    paragraph = next(p for p in page.select("p") if "asks for every right choice" in p.get_text())
    assert [(a.get_text(), a["href"]) for a in paragraph.select("a")] == [
        ("Check 1.2", "#check-which-clips"),
        ("Check 1.3", "#check-pixels"),
        ("the pixel question", "#check-pixels"),
    ]


def test_the_script_is_loaded_deferred_on_pages_with_questions_only(html):
    def scripts(name):
        return [
            (tag["src"].split("/")[-1].split("?")[0], tag.get("defer"))
            for tag in parse_output(html, name).find_all("script", src=True)
            if "lessonkit" in tag["src"]
        ]

    assert scripts("lessons/first.html") == [
        ("lessonkit-book.js", "defer"),
        ("lessonkit-progress-store.js", "defer"),
        ("lessonkit-progress.js", "defer"),
        ("lessonkit-self-check.js", "defer"),
    ]
    assert ("lessonkit-self-check.js", "defer") not in scripts("progress.html")


def test_book_data_lists_each_lessons_questions_and_the_xp_rule(html):
    book = book_data(html)
    assert [(lesson["page"], lesson["checks"]) for lesson in book["lessons"]] == [
        (
            "lessons/first",
            [
                {"id": FIRST_IDS[0], "name": "Check 1.1"},
                {"id": "check-which-clips", "name": "Check 1.2"},
                {"id": "check-pixels", "name": "Check 1.3"},
            ],
        ),
        (
            "lessons/second",
            [
                {"id": "check-is-script-alert-1-script-_", "name": "Check 2.1"},
                {"id": "check-a-tolerance-in-the-unit-of-the-answer", "name": "Check 2.2"},
            ],
        ),
    ]
    assert book["xp"] == {"lesson": 100, "exercise": 25, "check": 10}
    assert "each self-check question you answer correctly earns 10 XP" in book["strings"]["xpRule"]
    assert {"key": "all-checks-of-a-lesson", "name": "Sharp eye"}.items() <= next(
        achievement
        for achievement in book["achievements"]
        if achievement["key"] == "all-checks-of-a-lesson"
    ).items()


# -- The lesson register and its rule ------------------------------------------


def test_the_register_records_each_lessons_questions(html):
    lessons = get_lessons(html.env)
    assert [(c["id"], c["line"], c["kind"]) for c in lessons["lessons/first"]["checks"]] == [
        (FIRST_IDS[0], 20, "single"),
        ("check-which-clips", 29, "multiple"),
        ("check-pixels", 43, "numeric"),
    ]


def test_a_lesson_with_fewer_than_three_questions_is_not_publishable(built):
    # lessons/second is a draft with two questions: make lint (strict) holds it to the rule.
    strict = warning_lines(built("self-check", "html", lessonkit_strict=True))
    assert strict == [
        "lessons/second.md:6: WARNING: this lesson asks 2 self-check question(s); a published "
        "lesson asks at least 3: after a section, add ':::{self-check} A question only that "
        "section answers' with '- [ ]' and '- [x]' choices, each explained "
        "[lessonkit.self-check]"
    ]


def test_the_rule_is_a_default(html):
    assert "self-checks" in PUBLISHING_RULES
    assert "self-checks" in html.config.values["lessonkit_publishing_rules"].default


# -- Print, e-book, plain text ---------------------------------------------------


@pytest.fixture(scope="module")
def latex(built):
    return built("self-check", "latex")


def chapter(tex: str, title: str) -> str:
    start = tex.index(rf"\chapter{{{title}}}")
    end = tex.find(r"\chapter{", start + 1)
    return tex[start : end if end != -1 else len(tex)]


def test_latex_prints_each_question_numbered_with_lettered_choices(latex):
    first = chapter(read_output(latex, "self-checkbook.tex"), "Frames and clips")
    assert (
        r"\begin{sphinxadmonition}{note}{Check 1.1: A five\sphinxhyphen{}second clip at 24 fps, "
        r"every fourth frame kept: how many storyboard frames?}"
    ) in first
    assert first.count(r"\sphinxsetlistlabels{\alph}{enumi}{enumii}{(}{)}") == 2
    assert r"Your answer: \_\_\_\_\_\_\_\_ pixel positions" in first
    # \label with the number \ref prints, so {numref} reads "Check 1.2" in print too.
    assert (
        r"\expandafter\def\csname @currentlabel\endcsname{1.2}"
        r"\label{\detokenize{lessons/first:check-which-clips}}"
    ) in first
    assert (
        r"\hyperref[\detokenize{lessons/first:check-which-clips}]"
        r"{Check \ref{\detokenize{lessons/first:check-which-clips}}}"
    ) in first


def test_latex_points_lesson_questions_to_the_lesson_and_others_to_the_page(latex):
    # LaTeX transforms the whole book as one document, named after the root page.
    tex = read_output(latex, "self-checkbook.tex")
    lesson = chapter(tex, "Frames and clips")
    assert "Answer at the end of the lesson" in lesson and "end of the page" not in lesson
    assert tex.count("Answer at the end of the page") == 1


def test_latex_collects_the_answers_after_the_solutions(latex):
    first = chapter(read_output(latex, "self-checkbook.tex"), "Frames and clips")
    solutions = first.index(r"\section{Solutions}")
    answers = first.index(r"\section{Self\sphinxhyphen{}check answers}")
    assert solutions < answers
    key = first[answers:]
    pointer = r"\hyperref[\detokenize{lessons/first:check-which-clips-answer}]"
    assert pointer in first[:solutions]
    assert r"\label{\detokenize{lessons/first:check-which-clips-answer}}" in key
    assert (
        r"\sphinxstylestrong{{\hyperref[\detokenize{lessons/first:check-which-clips}]"
        r"{\sphinxcrossref{Check 1.2}}}}. Answer: (a) 5 s at 24 fps; (c) 4 s at 30 fps."
    ) in key
    assert "Answer: (b) 30." in key
    assert r"\sphinxstyleemphasis{(a) 24}: That is one second of frames" in key
    assert "Why not the others:" in key
    assert r"Answer: 248,832,000 pixel positions (accepted within ±1 \%)." in key


@pytest.fixture(scope="module")
def epub(built):
    return built("self-check", "epub")


def test_epub_prints_questions_in_place_and_answers_at_the_end(epub):
    page = parse_output(epub, "lessons/first.xhtml")
    question = page.select_one("div.self-check#check-a-five-second-clip-at-24-fps-every-fourth")
    assert words(question.select_one(".admonition-title").get_text()) == (
        "Check 1.1 A five-second clip at 24 fps, every fourth frame kept: how many "
        "storyboard frames?"
    )
    assert [words(line.get_text()) for line in question.select(".line")] == [
        "(a) 24",
        "(b) 30",
        "(c) 120",
    ]
    assert page.find("input") is None and page.find("script", src=True) is None
    pointer = question.select_one(".self-check-pointer a")["href"].lstrip("#")
    assert page.find(id=pointer) is not None
    sections = [section.get("class") for section in page.select("section section")]
    assert sections[-2:] == [["lessonkit-solutions"], ["lessonkit-self-check-answers"]]
    key = words(page.select_one("section.lessonkit-self-check-answers").get_text())
    assert "Check 1.1. Answer: (b) 30." in key
    assert "(c) 120: That is every frame, not every fourth." in key


def test_a_question_outside_the_lessons_points_to_the_end_of_its_page(built):
    text = words(read_output(built("self-check", "text"), "appendix.txt"))
    assert "Is this page a lesson? (a) Yes (b) No Answer at the end of the page" in text
    assert text.index("Answer at the end of the page") < text.index("Self-check answers")


def test_text_prints_questions_lettered_and_answers_at_the_end(built):
    text = words(read_output(built("self-check", "text"), "lessons/first.txt"))
    question = (
        "Check 1.1: A five-second clip at 24 fps, every fourth frame kept: how many "
        "storyboard frames? (a) 24 (b) 30 (c) 120 Answer at the end of the lesson"
    )
    assert question in text
    assert "Check 1.3: How many pixel positions does a 5 s 1080p clip at 24 fps have? " in text
    assert "Your answer: ________ pixel positions" in text
    assert text.index(question) < text.index("Self-check answers")
    answers = text[text.index("Self-check answers") :]
    assert "**Check 1.1**. Answer: (b) 30. 120 frames ÷ 4 = 30. Why not the others:" in answers
    assert "Answer: 248,832,000 pixel positions (accepted within ±1 %)." in answers
    assert "Check 1.2 asks for every right choice; Check 1.3 for a number" in text


# -- Hostile text -------------------------------------------------------------------


def test_hostile_text_is_shown_literally_on_the_web(html):
    source = read_output(html, "lessons/second.html")
    page = parse_output(html, "lessons/second.html")
    question = page.select_one("div.self-check")
    assert f"<script>alert(1)</script> {HOSTILE} shown literally?" in question.legend.get_text()
    labels = [label.get_text() for label in question.select("label")]
    assert labels == [f"Yes, <b>always</b> {HOSTILE}", "No, it runs <img src=x onerror=alert(2)>"]
    assert f"escapes <i>markup</i> {HOSTILE}." in question.select_one("details").get_text()
    assert "<script>alert" not in source and "<img src=x" not in source
    assert page.find("img", src="x") is None and page.find("b") is None


def test_hostile_text_is_escaped_in_print(latex, built):
    tex = read_output(latex, "self-checkbook.tex")
    escaped = (
        r"\& \# \$ \% \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} 한국어 🎬"
    )
    assert f"{{Check 2.1: Is <script>alert(1)</script> {escaped} shown literally?}}" in tex
    assert f"Answer: (a) Yes, <b>always</b> {escaped}." in tex
    text = words(read_output(built("self-check", "text"), "lessons/second.txt"))
    assert f"(a) Yes, <b>always</b> {HOSTILE}" in text
    epub_page = parse_output(built("self-check", "epub"), "lessons/second.xhtml")
    assert epub_page.find("img", src="x") is None
    assert "No, it runs <img src=x onerror=alert(2)>" in epub_page.get_text()


@pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("xelatex") is None,
    reason="needs TeX Live: run scripts/install-system-deps.sh",
)
def test_latex_compiles_to_a_pdf_with_an_answer_key(latex):
    outdir = latex.outdir
    subprocess.run(
        ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "self-checkbook.tex"],
        cwd=outdir,
        check=True,
        capture_output=True,
    )
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(outdir / "self-checkbook.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Check 1.1: A five-second clip" in pdf_text
    assert "(b) 30" in pdf_text
    assert "Self-check answers" in pdf_text
    assert "Why not the others:" in pdf_text


# -- Mistakes in a question ------------------------------------------------------


@pytest.fixture(scope="module")
def bad(built):
    return built("self-check-bad")


EXPECTED_WARNINGS = [
    "lesson.md:16: WARNING: none of this self-check's choices is marked right; mark the "
    "right one '- [x]'",
    "lesson.md:26: WARNING: the choice 'thirty frames' appears twice in this self-check "
    "(first at line 24)",
    "lesson.md:31: WARNING: ':answer: about two hundred' is not a number; write digits",
    "lesson.md:37: WARNING: this numeric self-check has no ':answer:'; add the number",
    "lesson.md:44: WARNING: the choice 'Unexplained' has no explanation; on the lines under "
    "it, indented by two spaces, say why it is wrong",
    "lesson.md:47: WARNING: this self-check has no question; write it after the directive name",
    "lesson.md:55: WARNING: unknown option ':points:' in this self-check (ignored); it takes "
    "':answer:'",
    "lesson.md:62: WARNING: ':tolerance: a lot' is not a tolerance; write an amount",
    "lesson.md:66: WARNING: this self-check has no choices and no ':answer:'; list its choices",
    "lesson.md:70: WARNING: 'Stray words before the choices.' belongs to no choice of this "
    "self-check",
]


def test_every_mistake_is_a_located_warning_with_a_hint(bad):
    lines = warning_lines(bad)
    assert [
        next((expected for line in lines if line.startswith(expected)), line)
        for expected, line in zip(EXPECTED_WARNINGS, lines, strict=False)
    ] == EXPECTED_WARNINGS
    assert len(lines) == len(EXPECTED_WARNINGS)
    assert all(line.endswith("[lessonkit.self-check]") for line in lines)


def test_every_faulty_question_is_still_shown(bad):
    page = parse_output(bad, "lesson.html")
    legends = [words(legend.get_text(" ")) for legend in page.select("div.self-check legend")]
    assert legends == [
        "Check 1.1 No right choice?",
        "Check 1.2 The same choice twice?",
        "Check 1.3 A numeric answer in words?",
        "Check 1.4 A tolerance without an answer?",
        "Check 1.5 A choice without an explanation?",
        "Check 1.6",
        "Check 1.7 An unknown option?",
        "Check 1.8 A bad tolerance?",
        "Check 1.9 Nothing to answer?",
        "Check 1.10 A stray line?",
    ]
    # A numeric question without a usable answer gives the script nothing to check.
    assert [q.get("data-answer") for q in page.select('div.self-check[data-kind="numeric"]')] == [
        None,
        None,
        "12",
        "12",
    ]


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_faulty_questions_print_too(built, builder):
    app = built("self-check-bad", builder)
    assert len(warning_lines(app)) == len(EXPECTED_WARNINGS)
    name = "badself-checks.tex" if builder == "latex" else "lesson.txt"
    output = read_output(app, name)
    assert [f"Check 1.{n}" in output for n in range(1, 11)] == [True] * 10


def test_a_project_can_silence_the_self_check_warnings(built):
    quiet = built("self-check-bad", "html", suppress_warnings=["lessonkit.self-check"])
    assert warning_lines(quiet) == []
