"""Self-check questions in a real browser: Debian's Chromium driven by playwright,
the test-self-check root served from 127.0.0.1. A wrong answer and a right one give
the explanation of the choice made, a right one earns XP that survives a reload and
shows on the progress page, every question can be answered with the keyboard alone,
and axe-core finds nothing in light or dark mode. Screenshots are kept in
_build/screenshots/ for a human to look at."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO_ROOT

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu"]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LESSON = "lessons/first.html"
STORYBOARD = "#check-a-five-second-clip-at-24-fps-every-fourth"

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is not installed; run `make system-deps` as root", allow_module_level=True
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    app = built("self-check")
    assert app.warning.getvalue() == ""
    handler = functools.partial(QuietHandler, directory=str(app.outdir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser profile (empty storage) that records page errors and failed
    requests (but for the favicon, which the test root has none of)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            page.errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    yield page
    context.close()


def feedback(page, question: str) -> str:
    return " ".join(page.locator(f"{question} .self-check-feedback").inner_text().split())


def summary(page) -> str:
    return " ".join(page.locator(".lessonkit-progress-summary").inner_text().split())


def test_a_wrong_and_a_right_answer_explain_themselves_and_the_right_one_earns_xp(page, server):
    page.goto(server + LESSON)
    question = page.locator(STORYBOARD)
    question.get_by_label("24", exact=True).check()
    question.get_by_role("button", name="Check").click()
    assert feedback(page, STORYBOARD) == (
        "Not quite. That is one second of frames, not the whole clip thinned out. "
        "Try again, or open the answer below."
    )
    question.get_by_label("30", exact=True).check()
    question.get_by_role("button", name="Check").click()
    assert feedback(page, STORYBOARD) == "Correct. +10 XP 120 frames ÷ 4 = 30."

    # A numeric question answered wrong: told which way, nothing earned.
    page.locator("#check-pixels-value").fill("240,000,000")
    page.locator("#check-pixels").get_by_role("button", name="Check").click()
    assert feedback(page, "#check-pixels") == (
        "Not quite. 240,000,000 is too low. Try again, or open the answer below."
    )

    page.reload()
    assert page.locator(f"{STORYBOARD} .self-check-status").inner_text() == (
        "You have answered this question correctly."
    )
    assert page.locator("#check-pixels .self-check-status").inner_text() == (
        "You have tried this question."
    )
    page.goto(server + "progress.html")
    assert "2 of 5 self-check questions answered, 1 correctly" in summary(page)
    assert "10 XP" in summary(page)

    # Right again, and wrong after right: the XP is earned once and kept.
    page.goto(server + LESSON)
    question.get_by_label("30", exact=True).check()
    question.get_by_role("button", name="Check").click()
    assert feedback(page, STORYBOARD) == "Correct. 120 frames ÷ 4 = 30."
    question.get_by_label("120", exact=True).check()
    question.get_by_role("button", name="Check").click()
    page.goto(server + "progress.html")
    assert "2 of 5 self-check questions answered, 1 correctly" in summary(page)
    assert "10 XP" in summary(page)
    assert page.errors == []


def test_checking_without_an_answer_asks_for_one_and_records_nothing(page, server):
    page.goto(server + LESSON)
    page.locator("#check-which-clips").get_by_role("button", name="Check").click()
    assert feedback(page, "#check-which-clips") == "Choose an answer first."
    page.locator("#check-pixels-value").fill("a lot")
    page.locator("#check-pixels").get_by_role("button", name="Check").click()
    assert feedback(page, "#check-pixels") == "Enter a number, such as 1920 or 0.5."
    page.goto(server + "progress.html")
    assert "0 of 5 self-check questions answered, 0 correctly" in summary(page)


def test_every_right_answer_of_a_lesson_earns_sharp_eye(page, server):
    page.goto(server + LESSON)
    page.locator(STORYBOARD).get_by_label("30", exact=True).check()
    page.locator(STORYBOARD).get_by_role("button", name="Check").click()
    which = page.locator("#check-which-clips")
    which.get_by_label("5 s at 24 fps").check()
    which.get_by_role("button", name="Check").click()
    assert feedback(page, "#check-which-clips").startswith(
        "Not quite. Every choice you picked is right, but there is more than one right choice."
    )
    which.get_by_label("4 s at 30 fps").check()
    which.get_by_role("button", name="Check").click()
    assert feedback(page, "#check-which-clips") == (
        "Correct. +10 XP 5 s at 24 fps: 5 × 24 = 120. 4 s at 30 fps: 4 × 30 = 120. "
        "Two paragraphs of explanation are allowed."
    )
    page.locator("#check-pixels-value").fill("248 832 000")
    page.locator("#check-pixels-value").press("Enter")
    assert feedback(page, "#check-pixels").startswith("Correct. +10 XP Explanation shown")
    page.goto(server + "progress.html")
    assert "3 of 5 self-check questions answered, 3 correctly" in summary(page)
    assert "30 XP" in summary(page)
    assert "Sharp eye (earned)" in summary(page)


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_every_kind_of_question_can_be_answered_with_the_keyboard_alone(page, server):
    page.goto(server + LESSON)
    # Radio buttons: Tab into the group, arrows to choose, Tab to the button, Enter.
    tab_to(page, f"{STORYBOARD} input")
    page.keyboard.press("ArrowDown")
    tab_to(page, f"{STORYBOARD} .self-check-button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Enter")
    assert feedback(page, STORYBOARD).startswith("Correct.")
    assert outline != "none"
    # Checkboxes: Space ticks each; Enter on a choice checks the answer.
    tab_to(page, "#check-which-clips-a")
    page.keyboard.press("Space")
    tab_to(page, "#check-which-clips-c")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert feedback(page, "#check-which-clips").startswith("Correct.")
    # A number: type it, Enter.
    tab_to(page, "#check-pixels-value")
    page.keyboard.type("249,000,000")
    page.keyboard.press("Enter")
    assert feedback(page, "#check-pixels").startswith("Correct.")
    # The answer key opens from the keyboard too.
    tab_to(page, "#check-pixels summary")
    page.keyboard.press("Enter")
    assert page.locator("#check-pixels details").get_attribute("open") is not None


def test_without_javascript_the_answer_is_folded_under_the_question(browser, server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + LESSON)
    question = page.locator(STORYBOARD)
    assert question.get_by_role("button", name="Check").count() == 0
    group = question.get_by_role("group", name="Check 1.1 A five-second clip")
    assert group.get_attribute("class") == "self-check-question"
    key = question.locator("details")
    assert not key.locator(".self-check-key-item").first.is_visible()
    key.locator("summary").click()
    assert "Right: 30 120 frames ÷ 4 = 30." in " ".join(key.inner_text().split())
    context.close()


def answer_for_the_eye(page) -> None:
    """Every state a reader sees: a wrong answer, a right one, an open answer key."""
    page.locator(STORYBOARD).get_by_label("24", exact=True).check()
    page.locator(STORYBOARD).get_by_role("button", name="Check").click()
    page.locator("#check-which-clips-a").check()
    page.locator("#check-which-clips-c").check()
    page.locator("#check-which-clips").get_by_role("button", name="Check").click()
    page.locator("#check-pixels summary").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_before_or_after_answering(browser, server, scheme):
    """In the questions and the progress controls. The test root has the stock
    theme, whose search button and sidebar the book repairs in docs/_templates;
    tests/test_browser.py runs axe on every whole page of the book itself."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    for state in ("before", "after"):
        page.goto(server + LESSON)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        if state == "after":
            answer_for_the_eye(page)
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "async () => { const r = await axe.run("
            "{include: [['.self-check'], ['.lessonkit-lesson-progress']]},"
            " {resultTypes: ['violations']});"
            " return {rules: r.passes.map(p => p.id),"
            " violations: r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes[0].target}`)}; }"
        )
        # The rules that matter here did run, on our elements.
        assert {"color-contrast", "label"} <= set(result["rules"])
        if result["violations"]:
            found[state] = result["violations"]
    context.close()
    assert found == {}


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_questions_fit_the_screen_and_are_kept_as_screenshots(
    browser, server, scheme, size, viewport
):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + LESSON)

    def shoot(selector: str, name: str) -> None:
        # The whole page from its top, cut to the element: the theme's sticky
        # header stays at the top, not drawn over the element.
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator(selector).bounding_box()
        path = SCREENSHOTS / f"self-check-{name}-{size}-{scheme}.png"
        page.screenshot(path=path, full_page=True, clip=box)

    shoot("section#counting-frames", "before")
    answer_for_the_eye(page)
    shoot("section#counting-frames", "after")
    shoot("section#counting-pixels", "numeric-open")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()
