"""The Korean edition of the real book: it builds with zero warnings from the
catalogs in locales/ko, every catalog is valid gettext, and translated pages are
Korean, links and all; and every message the English pages hold now has a Korean
translation that is not fuzzy, so an English change cannot drift away from the
Korean unnoticed (docs/contributing/translating.md says how to update)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT

CATALOGS = sorted((REPO_ROOT / "locales" / "ko" / "LC_MESSAGES").rglob("*.po"))


@pytest.fixture(scope="module")
def korean_book(tmp_path_factory):
    """The Korean edition built as `make html-ko` (and epub-ko, latex) builds it."""
    root = tmp_path_factory.mktemp("korean-book")

    def build(builder: str) -> Path:
        command = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(REPO_ROOT),
                   "-d", str(root / f"doctrees-{builder}"), "-W", "--keep-going", "-n", "-q",
                   str(REPO_ROOT / "docs"), str(root / builder)]  # fmt: skip
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "STREAM_LANGUAGE": "ko"}
        )
        assert (result.returncode, result.stderr) == (0, "")
        return root / builder

    return build


@pytest.fixture(scope="module")
def korean_html(korean_book) -> Path:
    return korean_book("html")


def page(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_a_korean_page_linking_its_english_twin(korean_html):
    lesson = page(korean_html, "lessons/05-telling-the-model-what-you-want.html")
    assert lesson.html["lang"] == "ko"
    english = lesson.select_one('.stream-editions a[hreflang="en"]')
    assert english["href"].endswith("/en/latest/lessons/05-telling-the-model-what-you-want.html")


def test_translated_pages_read_in_korean(korean_html):
    title = page(korean_html, "lessons/05-telling-the-model-what-you-want.html").h1.get_text()
    assert any("\uac00" <= character <= "\ud7a3" for character in title), title
    glossary = page(korean_html, "glossary.html")
    assert glossary.select_one("#term-latent").get_text().startswith("잠재")


def test_the_korean_epub_passes_epubcheck(korean_book):
    epub = korean_book("epub") / "Stream.epub"
    check = subprocess.run(
        [sys.executable, "-m", "epubcheck", str(epub)], capture_output=True, text=True
    )
    report = check.stdout + check.stderr
    assert (check.returncode, "ERROR" in report, "WARNING" in report) == (0, False, False), report


def test_the_korean_pdf_embeds_its_fonts_and_its_hangul_can_be_read(korean_book):
    latex = korean_book("latex")
    result = subprocess.run(
        ["make", "-C", str(latex), "all-pdf", "LATEXOPTS=-halt-on-error", "LATEXMKOPTS=-silent"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    pdf = latex / "stream.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "AI 영상 생성의 원리" in text and "핵심 정리" in text
    assert "Missing character" not in (latex / "stream.log").read_text(errors="replace")


@pytest.fixture(scope="module")
def english_messages(tmp_path_factory) -> Path:
    """The messages of the English pages as they are now (`make gettext`)."""
    root = tmp_path_factory.mktemp("gettext")
    command = [sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(REPO_ROOT),
               "-d", str(root / "doctrees"), "-q", str(REPO_ROOT / "docs"), str(root / "pot")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "pot"


def test_every_english_message_has_a_current_korean_translation(english_messages):
    from babel.messages.pofile import read_po

    missing, checked = [], 0
    for template in sorted(english_messages.rglob("*.pot")):
        page = template.relative_to(english_messages).with_suffix(".po")
        catalog_path = REPO_ROOT / "locales" / "ko" / "LC_MESSAGES" / page
        catalog = read_po(catalog_path.open("rb")) if catalog_path.exists() else None
        for message in read_po(template.open("rb")):
            if not message.id:
                continue
            checked += 1
            found = catalog.get(message.id) if catalog else None
            if found is None or not found.string or found.fuzzy:
                state = "missing" if found is None else "fuzzy" if found.fuzzy else "empty"
                missing.append(f"{page}: {state}: {message.id[:70]!r}")
    assert checked > 2500  # the whole book, not an empty extraction
    assert missing == [], f"{len(missing)} messages need a translator (make locales):\n" + (
        "\n".join(missing[:30])
    )


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.stem)
def test_each_catalog_is_valid_gettext(catalog):
    check = subprocess.run(
        ["msgfmt", "--check-format", "--check-domain", "-o", os.devnull, str(catalog)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
