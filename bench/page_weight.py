"""What a reader's browser downloads for one page: the page and every local asset it
loads (scripts, stylesheets, images, fonts, and what the stylesheets import),
each counted gzipped, as a server with compression sends it.

Pure Python on a built output folder; the byte-budget test (tests/test_page_weight.py)
counts by the same rules. An asset that a script fetches later (a search index on
demand, a clip's frame strip kept in a <template>, a clip the reader plays) is not
counted; one that the HTML or CSS names for loading is.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
#: Webfonts a page declares but never sets text in, which browsers do not fetch: the
#: theme's bundled CSS still declares Font Awesome's, and stream-icons.css draws the
#: icons instead (the browser tests check that no page fetches them).
UNUSED_FONT = re.compile(r"font-?awesome", re.IGNORECASE)


class AssetLinks(HTMLParser):
    """The local files an HTML page makes the browser fetch as it loads. Not counted:
    what sits in a <template> (a script may show it later), and the media of a
    <video> or <audio> with preload="none" (fetched when the reader presses play;
    its poster is counted)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.templates = 0
        self.media_on_demand = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "template":
            self.templates += 1
        if self.templates:
            return
        on_demand = tag in ("video", "audio") and values.get("preload") == "none"
        if tag in ("video", "audio"):
            self.media_on_demand += on_demand
        if tag == "script" and values.get("src"):
            self.links.append(values["src"])
        elif tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").split()
            if {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
                self.links.append(values["href"])
        elif values.get("src") and (
            tag == "img" or (tag in ("source", "video", "audio") and not self.media_on_demand)
        ):
            self.links.append(values["src"])
        if tag == "video" and values.get("poster"):
            self.links.append(values["poster"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self.templates:
            self.templates -= 1
        elif tag in ("video", "audio") and self.media_on_demand and not self.templates:
            self.media_on_demand -= 1


def gzipped_size(data: bytes) -> int:
    # mtime=0 keeps the count the same from run to run.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def resolve(base: Path, link: str, root: Path) -> Path | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another host (counted as a failure elsewhere) or a fragment
    path = (base.parent / unquote(parts.path)).resolve()
    return path if path.is_file() and root.resolve() in path.parents else None


def css_assets(stylesheet: Path, root: Path, seen: set[Path]) -> list[Path]:
    found: list[Path] = []
    text = stylesheet.read_text(encoding="utf-8", errors="replace")
    text = FONT_FACE.sub(
        lambda face: "" if UNUSED_FONT.search(face.group(0)) else face.group(0), text
    )
    for match in CSS_URL.finditer(text):
        link = match.group(1) or match.group(2)
        if link.startswith("data:"):
            continue
        path = resolve(stylesheet, link, root)
        if path is not None and path not in seen:
            seen.add(path)
            found.append(path)
            if path.suffix == ".css":
                found.extend(css_assets(path, root, seen))
    return found


def page_assets(page: Path, root: Path) -> list[Path]:
    """The page and every local file it loads, each once."""
    parser = AssetLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    seen = {page.resolve()}
    files = [page.resolve()]
    for link in parser.links:
        path = resolve(page, link, root)
        if path is None or path in seen:
            continue
        seen.add(path)
        files.append(path)
        if path.suffix == ".css":
            files.extend(css_assets(path, root, seen))
    return files


def page_weight(page: Path, root: Path) -> dict[str, int]:
    """Gzipped bytes of each file the page loads, keyed by its path under ``root``."""
    return {
        str(path.relative_to(root.resolve())): gzipped_size(path.read_bytes())
        for path in page_assets(page, root)
    }
