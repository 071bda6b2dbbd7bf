"""The web book in a real browser: Debian's Chromium driven by playwright, the book
served from 127.0.0.1. Progress, reset, the report link, no request to any other
host, no console error, axe-core on every page in light and dark mode, and no
sideways scrolling on a phone; screenshots are kept for a human to look at."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO_ROOT

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
LESSONS = sorted(p.stem for p in (REPO_ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))
FIRST_LESSON = f"lessons/{LESSONS[0]}.html"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# WCAG 2.1 success criterion 1.4.10 (Reflow): content reads at 320 CSS pixels
# without scrolling sideways.
NARROWEST = {"width": 320, "height": 640}
# The first piece of text that sticks out past the right edge, to name in a failure.
FIND_OVERFLOW = """(width) => {
  // Text inside a box that scrolls or clips (a code block, the hidden sidebars)
  // cannot widen the page.
  const clipped = (element) => {
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || clipped(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.right > width + 1) return `${parent.tagName.toLowerCase()}.${parent.className}: ${node.textContent.trim().slice(0, 60)}`;
    }
  }
  return 'no text; look for a wide element';
}"""

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is not installed; run `make system-deps` as root", allow_module_level=True
    )


@pytest.fixture(scope="module")
def book(book_build) -> Path:
    return book_build("html").succeeded()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(book) -> Iterator[str]:
    yield from serve(book)


@pytest.fixture(scope="module")
def korean_book(tmp_path_factory) -> Path:
    """The Korean edition, built as `make html-ko` builds it."""
    root = tmp_path_factory.mktemp("korean-browser")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO_ROOT),
               "-d", str(root / "doctrees"), "-W", "--keep-going", "-n", "-q",
               str(REPO_ROOT / "docs"), str(root / "html")]  # fmt: skip
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "STREAM_LANGUAGE": "ko"}
    )
    assert (result.returncode, result.stderr) == (0, "")
    return root / "html"


@pytest.fixture(scope="module")
def korean_server(korean_book) -> Iterator[str]:
    yield from serve(korean_book)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records every request's host and every console error."""

    def __init__(self, context):
        self.page = context.new_page()
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("dialog", lambda dialog: dialog.accept())


@pytest.fixture
def reader(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport=DESKTOP)
    watched = Watched(context)
    yield watched
    context.close()


def test_completing_a_lesson_survives_a_reload_and_shows_on_index_and_progress_page(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    button = page.get_by_role("button", name="Mark this lesson complete")
    button.click()
    page.reload()
    assert page.locator(".lessonkit-complete-button").get_attribute("aria-pressed") == "true"

    page.goto(server + "index.html")
    summary = page.locator(".lessonkit-progress-summary")
    assert f"1 of {len(LESSONS)} lessons completed" in summary.inner_text()
    assert "100 XP" in summary.inner_text()

    page.goto(server + "progress.html")
    progress = page.locator(".lessonkit-progress-summary").inner_text()
    assert "Level: Storyboard artist" in progress
    assert "First cut (earned)" in progress
    assert (reader.hosts, reader.errors) == ({"127.0.0.1"}, [])


def test_an_attempted_exercise_earns_xp_and_reset_clears_everything(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    page.get_by_role("button", name="I attempted this exercise").first.click()
    page.goto(server + "progress.html")
    assert "25 XP" in page.locator(".lessonkit-progress-summary").inner_text()

    page.get_by_role("button", name="Reset my progress").click()
    summary = page.locator(".lessonkit-progress-summary").inner_text()
    assert f"0 of {len(LESSONS)} lessons completed" in summary
    assert "0 XP" in summary
    page.goto(server + FIRST_LESSON)
    assert page.locator(".lessonkit-complete-button").get_attribute("aria-pressed") == "false"


def test_without_javascript_the_controls_are_absent_and_the_page_still_reads(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + FIRST_LESSON)
    assert page.locator(".lessonkit-complete-button").count() == 0
    assert page.locator(".one-line-summary").is_visible()
    page.goto(server + "index.html")
    assert not page.locator(".lessonkit-progress-summary").is_visible()
    context.close()


def test_report_link_opens_a_prefilled_new_issue_form(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    link = page.get_by_role("link", name="Report a problem with this lesson")
    address = urlsplit(link.get_attribute("href"))
    query = parse_qs(address.query)
    title = page.locator("h1").first.inner_text().strip("#¶ \n")
    assert (address.netloc, address.path) == ("github.com", "/stream-textbook/stream/issues/new")
    assert query["template"] == ["lesson-problem.yml"]
    assert query["lesson"] == [f"Lesson 01: {title}"]
    assert query["url"][0].endswith(FIRST_LESSON)


def test_the_desktop_page_has_one_search_field_and_it_opens_search(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    fields = page.locator(".search-button-field:visible")
    assert fields.count() == 1
    fields.click()
    assert page.locator("dialog#pst-search-dialog input[type=search]").is_visible()


def test_comments_are_off_and_no_page_contacts_another_host(reader, server, book):
    page = reader.page
    for html in [*sorted(book.glob("lessons/*.html")), book / "index.html"]:
        page.goto(server + str(html.relative_to(book)))
        assert page.locator(".lessonkit-comments").count() == 0
    assert reader.hosts == {"127.0.0.1"}
    assert reader.errors == []


def book_pages(book: Path) -> list[str]:
    return sorted(
        str(path.relative_to(book))
        for path in book.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(path.parts)
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, server, book, scheme):
    assert axe_violations(browser, server, book, scheme) == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_korean_page(browser, korean_server, korean_book, scheme):
    assert axe_violations(browser, korean_server, korean_book, scheme) == {}


def axe_violations(browser, server: str, book: Path, scheme: str) -> dict[str, list[str]]:
    """axe-core's violations on every page of a built book, by page."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    for name in book_pages(book):
        page.goto(server + name)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        page.add_script_tag(content=axe)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => `${v.id} (${v.impact}): ${v.nodes[0].target}`)"
        )
        if violations:
            found[name] = violations
    context.close()
    return found


def sideways_overflow(page, width: int) -> tuple[int, str] | None:
    """The page's full width and the text sticking out, if it is wider than the screen."""
    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width <= width:
        return None
    return page_width, page.evaluate(FIND_OVERFLOW, width)


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lesson_pages_fit_the_screen(browser, server, scheme, size, viewport):
    """No sideways scrolling; a screenshot of each lesson's top is kept to look at."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = {}
    for lesson in LESSONS:
        page.goto(server + f"lessons/{lesson}.html")
        if overflow := sideways_overflow(page, viewport["width"]):
            too_wide[lesson] = overflow
        page.screenshot(path=SCREENSHOTS / f"{lesson[:2]}-{size}-{scheme}.png")
    context.close()
    assert too_wide == {}


def test_every_page_reflows_at_320_pixels(browser, server, book):
    """A long unbroken word (a title, an identifier, a URL) must wrap, not widen the page."""
    context = browser.new_context(viewport=NARROWEST)
    page = context.new_page()
    too_wide = {}
    for name in book_pages(book):
        page.goto(server + name)
        if overflow := sideways_overflow(page, NARROWEST["width"]):
            too_wide[name] = overflow
    context.close()
    assert too_wide == {}


def test_every_exercise_button_has_its_own_name(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    buttons = page.locator(".lessonkit-attempt-button")
    names = [buttons.nth(i).get_attribute("aria-label") for i in range(buttons.count())]
    assert names and len(set(names)) == len(names)
    assert all(name.startswith("I attempted this exercise: Exercise 1.") for name in names)


@pytest.fixture(scope="module")
def dirhtml_server(tmp_path_factory) -> Iterator[str]:
    """The builders test root as dirhtml: pages at lessons/first/, no .html anywhere."""
    root = tmp_path_factory.mktemp("dirhtml")
    shutil.copytree(REPO_ROOT / "tests" / "roots" / "test-builders", root / "src")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "dirhtml",
            str(root / "src"),
            str(root / "out"),
        ],
        check=True,
    )
    handler = functools.partial(QuietHandler, directory=str(root / "out"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def test_progress_works_in_the_dirhtml_edition(reader, dirhtml_server):
    page = reader.page
    missing = []
    page.on(
        "response",
        lambda response: missing.append(response.url) if response.status == 404 else None,
    )
    page.goto(dirhtml_server + "lessons/first/")
    page.get_by_role("button", name="Mark this lesson complete").click()
    page.goto(dirhtml_server)
    page.locator(".lessonkit-progress-summary a.lessonkit-progress-link").click()
    assert page.url == dirhtml_server + "progress/"
    assert "1 of 2 lessons completed" in page.locator(".lessonkit-progress-summary").inner_text()
    assert missing == []


# -- Page weight: no Font Awesome, the search index only where search runs --------


def is_font_awesome_file(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return "fontawesome" in path or path.endswith((".woff", ".woff2"))


# Every visible icon element of the theme (<i class="fa-solid fa-sun">) and every
# admonition title's icon, whose CSS mask (docs/_static/stream.css) is not an
# SVG image: an icon the stylesheet does not draw; and every ::before or ::after
# that still shows an icon font's character (Unicode's private use area), which
# without Font Awesome's webfonts is a blank box.
UNDRAWN_ICONS = """() => {
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const drawn = (style) => (style.maskImage || style.webkitMaskImage || '').startsWith('url(');
  const undrawn = [];
  for (const e of document.querySelectorAll('[class*="fa-"]')) {
    const box = e.getBoundingClientRect();
    if (visible(e) && !(drawn(getComputedStyle(e)) && box.width > 0 && box.height > 0)) {
      undrawn.push(e.getAttribute('class'));
    }
  }
  for (const title of document.querySelectorAll('.admonition > .admonition-title')) {
    if (visible(title) && !drawn(getComputedStyle(title, '::after'))) {
      undrawn.push(`${title.parentElement.className} title`);
    }
  }
  for (const e of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(e, pseudo);
      if (/[\\ue000-\\uf8ff]/u.test(style.content) && style.display !== 'none' && visible(e)) {
        undrawn.push(`${e.tagName.toLowerCase()}.${e.getAttribute('class')}${pseudo}`);
      }
    }
  }
  return undrawn;
}"""


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_no_page_fetches_font_awesome_and_every_icon_is_drawn(
    browser, server, book, size, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    fetched: list[tuple[str, str]] = []  # (the page, what it fetched)
    page.on("request", lambda request: fetched.append((urlsplit(page.url).path, request.url)))
    undrawn = {}
    for name in book_pages(book):
        page.goto(server + name)
        if icons := page.evaluate(UNDRAWN_ICONS):
            undrawn[name] = icons
    # The search dialog, and the link that clears a search's highlights.
    page.goto(server + FIRST_LESSON + "?highlight=flipbook")
    page.locator(".search-button__button:visible").first.click()
    assert page.locator("#pst-search-dialog").evaluate("dialog => dialog.open")
    if icons := page.evaluate(UNDRAWN_ICONS):
        undrawn["search dialog"] = icons
    page.keyboard.press("Escape")
    assert page.locator("#searchbox .highlight-link").is_visible()
    # The colour-mode button shows a sun or a moon once the reader picks a mode.
    for mode in ["light", "dark"]:
        page.locator(".theme-switch-button:visible").click()
        page.locator(f".theme-change-button[data-mode={mode}]:visible").click()
        assert page.locator(f".theme-switch[data-mode={mode}]:visible").count() == 1
        if icons := page.evaluate(UNDRAWN_ICONS):
            undrawn[f"{mode} mode"] = icons
    context.close()
    assert [(on, url) for on, url in fetched if is_font_awesome_file(url)] == []
    assert undrawn == {}


def test_the_search_dialog_sends_its_query_to_the_search_page_which_finds_it(reader, server):
    page = reader.page
    index_loaded_on = []
    page.on(
        "request",
        lambda request: (
            index_loaded_on.append(urlsplit(page.url).path)
            if request.url.endswith("searchindex.js")
            else None
        ),
    )
    page.goto(server + FIRST_LESSON)
    page.locator(".search-button-field:visible").click()
    field = page.locator("dialog#pst-search-dialog input[type=search]")
    field.fill("flipbook")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=flipbook")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    lessons = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(href.startswith(FIRST_LESSON) for href in lessons)
    assert index_loaded_on == ["/search.html"]
    # The lesson found shows the word highlighted.
    page.locator(f'#search-results ul.search li a[href^="{FIRST_LESSON}"]').first.click()
    page.wait_for_url(f"**/{FIRST_LESSON}*")
    page.locator("article.bd-article span.highlighted").first.wait_for()
    assert page.locator("#searchbox .highlight-link").is_visible()
    assert (reader.hosts, reader.errors) == ({"127.0.0.1"}, [])


@pytest.mark.parametrize(
    ("toggle", "dialog", "contents"),
    [
        (".primary-toggle", "#pst-primary-sidebar-modal", "nav.bd-docs-nav"),
        (".secondary-toggle", "#pst-secondary-sidebar-modal", "nav#pst-page-toc-nav"),
    ],
    ids=["lessons", "page-contents"],
)
def test_on_a_phone_the_sidebar_toggles_open_and_close_the_navigation(
    browser, server, toggle, dialog, contents
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + FIRST_LESSON)
    button, panel = page.locator(f"{toggle}:visible"), page.locator(dialog)
    assert button.count() == 1
    assert not page.locator(contents).is_visible()

    button.click()
    assert panel.evaluate("dialog => dialog.open")
    assert page.locator(f"{dialog} {contents}").is_visible()
    page.keyboard.press("Escape")
    assert not panel.evaluate("dialog => dialog.open")
    page.locator(contents).wait_for(state="hidden")  # after the theme's slide-out

    # Closed, too, by a tap on the page beside the panel.
    button.click()
    assert page.locator(f"{dialog} {contents}").is_visible()
    box = panel.bounding_box()
    beside = box["x"] + box["width"] + 5 if box["x"] < 10 else box["x"] - 5
    page.mouse.click(beside, PHONE["height"] / 2)
    assert not panel.evaluate("dialog => dialog.open")

    # And its links are followed: to the next lesson, or to a section of this one.
    button.click()
    link = page.locator(f"{dialog} {contents} a").nth(1)
    target = link.evaluate("a => a.href")
    link.click()
    page.wait_for_url(target)
    context.close()
    assert errors == []


def test_on_a_desktop_the_sidebar_toggle_hides_and_shows_the_lessons(reader, server):
    page = reader.page
    page.goto(server + FIRST_LESSON)
    sidebar = page.locator("#pst-primary-sidebar nav.bd-docs-nav")
    assert sidebar.is_visible()
    page.locator(".primary-toggle:visible").click()
    sidebar.wait_for(state="hidden")
    page.locator(".primary-toggle:visible").click()
    sidebar.wait_for(state="visible")
    assert reader.errors == []


def test_an_epub_footnote_reference_reads_as_one_bracketed_number(browser, book_build):
    """Sphinx's ePub stylesheet adds brackets around a citation number that already
    has them as text; the reader must see "[1]", not "[[1]]"."""
    epub = book_build("epub").succeeded()
    page = browser.new_page()
    try:
        lesson = next((epub / "lessons").glob("01-*.xhtml"))
        page.goto(lesson.as_uri())
        shown = page.locator("a.footnote-reference").first.evaluate(
            "a => getComputedStyle(a, '::before').content + a.textContent"
            " + getComputedStyle(a, '::after').content"
        )
    finally:
        page.close()
    assert shown == "none[1]none"
