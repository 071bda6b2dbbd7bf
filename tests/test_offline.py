"""The built book loads nothing from another host: it works offline."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Elements and attributes that make a browser or e-reader fetch something.
LOADING_ATTRIBUTES = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("object", "data"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("image", "href"),
]
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(
    r"(url\(\s*['\"]?\s*(https?:)?//|@import\s+['\"]?(https?:)?//)", re.IGNORECASE
)


def remote_loads(markup: str) -> list[str]:
    page = BeautifulSoup(markup, "html.parser")
    found = []
    for tag, attribute in LOADING_ATTRIBUTES:
        for element in page.find_all(tag):
            value = element.get(attribute) or element.get(f"xlink:{attribute}") or ""
            if (
                tag == "link"
                and "stylesheet" not in element.get("rel", [])
                and "preload" not in element.get("rel", [])
                and "icon" not in element.get("rel", [])
            ):
                continue
            if REMOTE.match(value):
                found.append(f"<{tag} {attribute}={value}>")
    return found


@pytest.fixture(scope="module")
def book_dir(book_build) -> Path:
    """The directory holding the shared html and epub builds of the book."""
    book_build("epub").succeeded()
    return book_build("html").succeeded().parent


def test_html_pages_load_nothing_remote(book_dir):
    offenders = {
        str(page.relative_to(book_dir)): remote_loads(page.read_text(encoding="utf-8"))
        for page in (book_dir / "html").rglob("*.html")
    }
    assert {page: loads for page, loads in offenders.items() if loads} == {}


def test_stylesheets_load_nothing_remote(book_dir):
    offenders = [
        str(sheet.relative_to(book_dir))
        for sheet in (book_dir / "html" / "_static").rglob("*.css")
        if CSS_REMOTE.search(sheet.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_epub_content_loads_nothing_remote(book_dir):
    with zipfile.ZipFile(book_dir / "epub" / "Stream.epub") as epub:
        offenders = {
            name: remote_loads(epub.read(name).decode("utf-8"))
            for name in epub.namelist()
            if name.endswith((".xhtml", ".html"))
        }
        sheets = [
            name
            for name in epub.namelist()
            if name.endswith(".css")
            and CSS_REMOTE.search(epub.read(name).decode("utf-8", errors="replace"))
        ]
    assert ({name: loads for name, loads in offenders.items() if loads}, sheets) == ({}, [])
