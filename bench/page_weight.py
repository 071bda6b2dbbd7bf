"""What a reader's browser downloads for one page: the page and every local file it
loads (scripts, stylesheets, icons, images, posters, and what the stylesheets import
or name through url()), each counted gzipped as a web server sends it, and once.

Pure Python on a built output folder, with no browser: the benchmark's page-weight
table and the byte-budget test (tests/test_page_weight.py) count with the same code.
Not counted: pages a link leads to, the media of a <video> or <audio> with
preload="none" (fetched when the reader plays it; its poster is counted), and Font
Awesome's webfonts, which the theme's stylesheet declares but sets no text in.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# What a browser fetches while it shows a page (links to other pages it does not).
LOADING_ATTRIBUTES = [
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
]
LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload"}
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_AWESOME = re.compile(r"font-?awesome", re.IGNORECASE)


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def local_file(book: Path, base: str, reference: str) -> Path | None:
    """The built file that a reference (relative to the page or stylesheet at
    ``base``, a path inside the book) names; None for data: and other hosts."""
    reference = reference.strip()
    if not reference or reference.startswith(("data:", "#")):
        return None
    address = urlsplit(urljoin(f"http://book/{base}", reference))
    if address.netloc != "book":
        return None
    return book / unquote(address.path).lstrip("/")


def page_references(book: Path, page: str) -> list[Path]:
    """Every file a page's HTML makes the browser fetch."""
    markup = BeautifulSoup((book / page).read_text(encoding="utf-8"), "html.parser")
    references = []
    for link in markup.find_all("link"):
        if LOADED_LINKS & set(link.get("rel", [])):
            references.append(link.get("href", ""))
    for tag, attribute in LOADING_ATTRIBUTES:
        references += [element.get(attribute, "") for element in markup.find_all(tag)]
    # A video or sound with preload="none" (lessonkit's clips) is fetched only when
    # the reader plays it; its poster is fetched with the page.
    for media in markup.find_all(["video", "audio"]):
        references.append(media.get("poster", ""))
        if media.get("preload") != "none":
            sources = [media, *media.find_all("source")]
            references += [source.get("src", "") for source in sources]
    for element in markup.find_all(srcset=True):
        references += [item.split()[0] for item in element["srcset"].split(",") if item.strip()]
    for element in markup.find_all(style=True):
        references += [next(filter(None, match), "") for match in CSS_URL.findall(element["style"])]
    files = (local_file(book, page, reference) for reference in references)
    return [path for path in files if path is not None]


def stylesheet_references(book: Path, stylesheet: Path) -> list[Path]:
    """The files a stylesheet makes the browser fetch: its @imports, and the images
    and fonts named by url(), except Font Awesome's webfonts. The theme's bundled
    stylesheet still declares those in @font-face rules, but a browser fetches a
    webfont only for text set in it, and stream.css sets none (the browser
    test test_no_page_fetches_font_awesome_and_every_icon_is_drawn checks it)."""
    css = CSS_COMMENT.sub("", stylesheet.read_text(encoding="utf-8"))
    base = str(stylesheet.relative_to(book))
    references = CSS_IMPORT.findall(css)
    for face in FONT_FACE.findall(css):
        if FONT_AWESOME.search(face):
            css = css.replace(face, "")
    references += [next(filter(None, match), "") for match in CSS_URL.findall(css)]
    files = (local_file(book, base, reference) for reference in references)
    return [path for path in files if path is not None]


def page_assets(book: Path, page: str) -> list[Path]:
    """The page and everything it loads, each file once."""
    found: dict[Path, None] = {book / page: None}
    queue = page_references(book, page)
    while queue:
        path = queue.pop(0)
        if path in found:
            continue
        found[path] = None
        if path.suffix == ".css":
            queue += stylesheet_references(book, path)
    return list(found)


def page_weight(page: Path, root: Path) -> dict[str, int]:
    """Gzipped bytes of each file the page loads, keyed by its path under ``root``."""
    assets = page_assets(root, str(page.relative_to(root)))
    return {str(path.relative_to(root)): gzipped_size(path) for path in assets}
