"""A translated edition keeps every link into a page by heading anchor: MyST's
anchors survive translated headings, and two links from one translated paragraph
into one page keep their own anchors."""

from __future__ import annotations

from conftest import parse_output, warning_lines


def test_links_by_heading_anchor_survive_translation(built):
    app = built("translation")
    assert warning_lines(app) == []
    links = parse_output(app, "index.html").select("p a.reference")
    assert [(link.get_text(), link["href"]) for link in links] == [
        ("첫째 부분", "target.html#the-first-part"),
        ("둘째 부분", "target.html#the-second-part"),
    ]
    headings = [h.get_text().rstrip("¶#") for h in parse_output(app, "target.html").select("h2")]
    assert headings == ["첫째 부분", "둘째 부분"]
