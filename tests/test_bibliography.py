"""The lessonkit bibliography style keeps titles as their authors wrote them."""

from __future__ import annotations

from conftest import parse_output


def test_titles_keep_their_capitalization(built):
    page = parse_output(built("bibliography"), "index.html")
    entries = [" ".join(entry.get_text().split()) for entry in page.select("aside.footnote")]
    titles = [
        title
        for title in (
            "Generate videos with Veo 3.1 in the Gemini API.",
            "Denoising Diffusion Probabilistic Models.",
        )
        if any(title in entry for entry in entries)
    ]
    assert len(titles) == 2, entries


def test_epub_bibliography_entries_use_a_role_epub_accepts(built):
    # EPUB 3.3 deprecates doc-biblioentry (EPUBCheck RSC-017); the web keeps it.
    epub_entry = parse_output(built("bibliography", "epub"), "cited.xhtml").select_one(
        "div.citation"
    )
    web_entry = parse_output(built("bibliography"), "cited.html").select_one("div.citation")
    assert (epub_entry["role"], web_entry["role"]) == ("listitem", "doc-biblioentry")
