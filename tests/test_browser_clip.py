"""Clips in a real browser: Debian's Chromium driven by playwright, the clip test root
built with the book's theme and served from 127.0.0.1 by a server that answers Range
requests (as every web host does; browsers seek in a video only then).

What a reader does: play and pause, step frame by frame with the buttons and the
keys, show the strip; a comparison plays and steps in lock-step. The frame each
video shows is read from its pixels (the test clip's square moves one pixel per
frame, see clip_factory.py), so "frame-exact" is checked, not assumed. Screenshots
of the page with the strip shown are kept in _build/screenshots/ for a human."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from conftest import REPO_ROOT, ROOTS
from sphinx.testing.util import SphinxTestApp

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu"]
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGE = "pages/motion.html"

# The frame a video shows, from its pixels: where the test clip's dark square is.
SHOWN_FRAME = """(video) => {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  context.drawImage(video, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0, count = 0;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      if (data[(y * canvas.width + x) * 4 + 1] < 117) { sum += x; count++; }
    }
  }
  return count ? Math.round(sum / count - 7.5) : -1;
}"""
SETTLED = """(figure) => Array.from(document.querySelectorAll(figure + ' video')).every(
  (video) => video.readyState >= 2 && !video.seeking && video.paused)"""

if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is not installed; run `make system-deps` as root", allow_module_level=True
    )


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """The standard library's file server, answering single byte ranges."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        self.range_left = None
        if not match or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        if match[1]:
            start = int(match[1])
            end = min(int(match[2]), size - 1) if match[2] else size - 1
        else:
            start, end = max(0, size - int(match[2] or 0)), size - 1
        if start >= size:
            self.send_error(416)
            return None
        handle = open(path, "rb")  # noqa: SIM115 (the server closes it)
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.range_left = end - start + 1
        return handle

    def copyfile(self, source, outputfile) -> None:
        try:
            if self.range_left is None:
                super().copyfile(source, outputfile)
            else:
                outputfile.write(source.read(self.range_left))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser had what it needed


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The clip test root as the book's theme draws it (light and dark modes)."""
    srcdir = tmp_path_factory.mktemp("clip-site") / "src"
    shutil.copytree(ROOTS / "test-clip", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        confoverrides={"html_theme": "sphinx_book_theme", "html_context": {"default_mode": "auto"}},
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Reader:
    """A page that records every file it fetches and every script error."""

    def __init__(self, context, server: str) -> None:
        self.page = context.new_page()
        self.fetched: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.fetched.append(request.url.split("/")[-1]))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(server + PAGE)

    def media(self) -> list[str]:
        return sorted({name for name in self.fetched if name.endswith((".jpg", ".mp4"))})

    def figure(self, name: str):
        return self.page.locator(f"#{name}")

    def readout(self, name: str) -> str:
        return self.figure(name).locator(".clip-readout").inner_text()

    def settle(self, name: str) -> None:
        self.page.wait_for_function(SETTLED, arg=f"#{name}")

    def shown(self, name: str) -> list[int]:
        videos = self.figure(name).locator("video")
        return [videos.nth(i).evaluate(SHOWN_FRAME) for i in range(videos.count())]


@pytest.fixture
def reader(browser, server) -> Iterator[Reader]:
    context = browser.new_context(viewport=DESKTOP)
    yield Reader(context, server)
    context.close()


def test_only_posters_load_until_the_reader_asks(reader):
    posters = {name for name in reader.media() if "-poster-" in name}
    assert (len(posters), reader.media() == sorted(posters)) == (3, True)

    reader.figure("clip-square").get_by_role("button", name="Show frames").click()
    reader.page.wait_for_function(
        "() => Array.from(document.querySelectorAll('#clip-square .clip-strip img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    strip = [name for name in reader.media() if "-strip-" in name]
    assert (len(strip), [name for name in reader.media() if name.endswith(".mp4")]) == (8, [])
    toggle = reader.figure("clip-square").locator(".clip-strip-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert reader.page.locator(f"#{toggle.get_attribute('aria-controls')}").is_visible()
    assert reader.errors == []


def test_steps_show_exact_frames_with_buttons_and_keys(reader):
    clip = reader.figure("clip-square")
    for _ in range(3):
        clip.get_by_role("button", name="Next frame").click()
    reader.settle("clip-square")
    assert (reader.readout("clip-square"), reader.shown("clip-square")) == (
        "frame 4 of 48 · 0.13 s",
        [3],
    )
    clip.locator("video").focus()
    for key in (".", ".", ","):
        reader.page.keyboard.press(key)
    reader.page.wait_for_function(
        "() => document.querySelector('#clip-square .clip-readout').textContent.startsWith('frame 5 ')"
    )
    reader.settle("clip-square")
    assert (reader.readout("clip-square"), reader.shown("clip-square")) == (
        "frame 5 of 48 · 0.17 s",
        [4],
    )
    for _ in range(6):
        clip.get_by_role("button", name="Previous frame").click()
    reader.settle("clip-square")
    assert (reader.readout("clip-square"), reader.shown("clip-square")) == (
        "frame 1 of 48 · 0.00 s",
        [0],
    )
    assert reader.errors == []


def test_play_then_pause_lands_on_a_whole_frame_that_the_readout_names(reader):
    video = reader.figure("clip-square").locator("video")
    video.focus()
    reader.page.keyboard.press("Space")  # the native controls: play
    reader.page.wait_for_function(
        "() => document.querySelector('#clip-square video').currentTime > 0.5"
    )
    reader.page.keyboard.press("Space")  # pause
    reader.settle("clip-square")
    frame = int(reader.readout("clip-square").split()[1]) - 1
    time = video.evaluate("video => video.currentTime")
    assert (reader.shown("clip-square"), time) == ([frame], pytest.approx((frame + 0.5) / 24))
    assert reader.errors == []


def test_a_comparison_plays_pauses_and_steps_in_lock_step(reader):
    pair = reader.figure("clip-pair")
    left, right = pair.locator("video").nth(0), pair.locator("video").nth(1)
    left.evaluate("video => video.play()")
    reader.page.wait_for_function(
        "() => document.querySelector('#clip-pair video').currentTime > 0.6"
    )
    assert right.evaluate("video => video.paused") is False
    right.evaluate("video => video.pause()")  # pausing either pauses both
    reader.settle("clip-pair")
    frame = int(reader.readout("clip-pair").split()[1]) - 1
    assert reader.shown("clip-pair") == [frame, frame]

    pair.get_by_role("button", name="Next frame").click()
    reader.settle("clip-pair")
    assert reader.shown("clip-pair") == [frame + 1, frame + 1]

    right.evaluate("video => { video.currentTime = 1.3; }")  # seeking either seeks both
    reader.page.wait_for_function(
        "() => Math.abs(document.querySelector('#clip-pair video').currentTime - 1.3) < 0.01"
    )
    reader.settle("clip-pair")
    assert (reader.shown("clip-pair"), reader.readout("clip-pair")) == (
        [31, 31],
        "frame 32 of 48 · 1.29 s",
    )
    assert reader.errors == []


def test_the_controls_work_from_the_keyboard_with_a_visible_focus(reader):
    button = reader.figure("clip-square").get_by_role("button", name="Next frame")
    reader.figure("clip-square").get_by_role("button", name="Previous frame").focus()
    reader.page.keyboard.press("Tab")
    assert button.evaluate("button => button === document.activeElement") is True
    assert button.evaluate("button => getComputedStyle(button).outlineStyle") == "solid"
    reader.page.keyboard.press("Enter")
    reader.settle("clip-square")
    assert reader.readout("clip-square") == "frame 2 of 48 · 0.04 s"


def test_without_javascript_the_native_controls_remain(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + PAGE)
    video = page.locator("#clip-square video")
    assert (
        video.get_attribute("controls"),
        page.locator("#clip-square .clip-controls").is_visible(),
        page.locator("#clip-square .clip-strip").count(),
    ) == ("controls", False, 0)
    context.close()


@pytest.mark.parametrize(("motion", "loops"), [("no-preference", True), ("reduce", False)])
def test_a_looping_clip_does_not_loop_for_readers_who_reduce_motion(browser, server, motion, loops):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(server + PAGE)
    page.wait_for_function("() => !document.querySelector('#clip-square .clip-controls').hidden")
    assert page.locator("#clip-square video").evaluate("video => video.loop") is loops
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_clip_page(browser, server, scheme):
    """On the page's content, with the controls and every strip shown. The theme's own
    header and sidebar are the book's business: the book repairs them in
    docs/_templates, and tests/test_browser.py runs axe on its every page, the
    authoring guide's clips included."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + PAGE)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    for toggle in page.locator(".clip-strip-toggle").all():
        toggle.click()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run({include: ['#main-content']}, {resultTypes: ['violations']}))"
        ".violations.map(v => `${v.id} (${v.impact}): ${v.nodes[0].target}`)"
    )
    context.close()
    assert violations == []


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_clip_page_fits_the_screen_with_the_strip_shown(
    browser, server, size, viewport, scheme
):
    """No sideways scrolling; a screenshot of each clip is kept to look at."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + PAGE)
    for toggle in page.locator(".clip-strip-toggle").all():
        toggle.click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.clip-strip img'))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    # Chromium's own controls spin for about a second after the page loads.
    page.wait_for_timeout(1500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("clip-square", "clip-pair"):
        page.locator(f"#{name}").screenshot(path=SCREENSHOTS / f"{name}-{size}-{scheme}.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= viewport["width"]
