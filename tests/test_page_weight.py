"""Page weight: what a reader's browser downloads for a lesson, counted from the built
book. Bytes are deterministic, so this needs no browser: the page, every script,
stylesheet, icon and image its HTML names, and every file its stylesheets name
(through @import and url()), each compressed as a web server sends it (gzip, level 6)
and counted once.

The budget is 200 KB for a lesson, a quarter of the 795 KB of a page of an
unchanged sphinx-book-theme book. With the theme as shipped, lesson 1 sent 940 KB,
most of it Font Awesome (a 1.5 MB script and its webfonts) for a dozen icons, and
the search index, on every page. docs/_static/stream.css draws those icons
instead, and only search.html loads the index (docs/_templates); test_browser.py
checks in a browser that no page fetches a Font Awesome file and that every icon is
drawn."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT

# The counting itself is the benchmark's (bench/page_weight.py), so both agree.
sys.path.insert(0, str(REPO_ROOT / "bench"))
from page_weight import (
    CSS_COMMENT,
    CSS_IMPORT,
    CSS_URL,
    FONT_AWESOME,
    FONT_FACE,
    gzipped_size,
    page_assets,
    page_references,
)

BUDGET = 200_000
LESSONS = sorted(p.stem for p in (REPO_ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))
FIRST_LESSON = f"lessons/{LESSONS[0]}.html"
SEARCH_SCRIPTS = {"searchindex.js", "searchtools.js", "language_data.js"}


def book_pages(book: Path) -> list[str]:
    return sorted(
        str(path.relative_to(book))
        for path in book.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(path.parts)
    )


def loaded_stylesheets(book: Path) -> list[Path]:
    """Every stylesheet that some page loads, directly or through @import."""
    found = {path for page in book_pages(book) for path in page_assets(book, page)}
    return sorted((path for path in found if path.suffix == ".css"), key=str)


@pytest.fixture(scope="module")
def book(book_build) -> Path:
    return book_build("html").succeeded()


def test_a_lesson_and_all_it_loads_weigh_at_most_200_kb_compressed(book):
    assets = page_assets(book, FIRST_LESSON)
    missing = [str(path.relative_to(book)) for path in assets if not path.is_file()]
    assert missing == []
    sizes = {str(path.relative_to(book)): gzipped_size(path) for path in assets}
    # The biggest first, to show what to cut.
    listing = "\n".join(
        f"{size:>9,} {name}" for name, size in sorted(sizes.items(), key=lambda item: -item[1])
    )
    assert sum(sizes.values()) <= BUDGET, f"{sum(sizes.values()):,} bytes:\n{listing}"


def test_the_weight_count_finds_the_pages_scripts_stylesheets_and_images(book):
    """The count above is only as honest as the list it sums."""
    names = {str(path.relative_to(book)) for path in page_assets(book, FIRST_LESSON)}
    assert {
        FIRST_LESSON,
        "_static/styles/pydata-sphinx-theme.css",
        "_static/basic.css",  # linked in place of the theme's theme.css, which @imports it
        "_static/scripts/bootstrap.js",
        "_static/stream.css",
        "_static/favicon.svg",
    } <= names
    lesson = BeautifulSoup((book / FIRST_LESSON).read_text(encoding="utf-8"), "html.parser")
    images = {urljoin(FIRST_LESSON, img["src"]) for img in lesson.find_all("img")}
    assert images <= names


def test_no_page_or_stylesheet_loads_font_awesome(book):
    """No page names Font Awesome's script or stylesheets, and in the stylesheets pages
    load it appears only as webfonts declared in @font-face, which are fetched only
    for text set in them."""
    pages = {}
    for page in book_pages(book):
        loaded = [str(path.relative_to(book)) for path in page_references(book, page)]
        if names := [name for name in loaded if FONT_AWESOME.search(name)]:
            pages[page] = names
    assert pages == {}
    stylesheets = {}
    for stylesheet in loaded_stylesheets(book):
        css = FONT_FACE.sub("", CSS_COMMENT.sub("", stylesheet.read_text(encoding="utf-8")))
        urls = [url for url in CSS_URL.findall(css) if FONT_AWESOME.search(str(url))]
        if urls or FONT_AWESOME.search(" ".join(CSS_IMPORT.findall(css))):
            stylesheets[str(stylesheet.relative_to(book))] = urls
    assert stylesheets == {}


def test_only_the_search_page_loads_the_search_index(book):
    """The index grows with the book; only search.html searches it (the search dialog
    on other pages sends its query there)."""
    loading = {}
    for page in book_pages(book):
        if scripts := {path.name for path in page_references(book, page)} & SEARCH_SCRIPTS:
            loading[page] = scripts
    assert loading == {"search.html": SEARCH_SCRIPTS}


def test_the_theme_stylesheet_ships_with_only_the_rules_the_book_uses(book):
    """theme_assets trims the theme's stylesheet after the pages are written: Font
    Awesome's table of 2,000 `.fa-…{--fa:"…"}` rules goes but for the icons pages name
    (stream.css draws them), and so do Bootstrap components no page has; what the
    pages show stays."""
    shipped = (book / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert shipped.count("--fa:") < 20 and ".spinner-grow" not in shipped
    assert ".bd-sidebar-primary" in shipped and shipped.count("{") == shipped.count("}")


def test_sphinx_designs_assets_load_only_where_a_page_uses_it(book):
    """No page of the book uses a sphinx-design component, so none links its stylesheet
    or its tabs script (test_theme_assets checks a page that does keeps them)."""
    linking = [
        page
        for page in book_pages(book)
        if {"sphinx-design.min.css", "design-tabs.js"}
        & {path.name for path in page_references(book, page)}
    ]
    assert linking == []
