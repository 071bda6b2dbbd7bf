"""Sphinx configuration of the Stream textbook.

Build from the repository root with the pages in docs/:
    sphinx-build -b html -c . docs _build/html
(the Makefile does this), so page URLs carry no docs/ prefix.
"""

import datetime
import os
import sys
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent
# lessonkit is installed with the book (pyproject.toml); extensions/ also holds
# theme_assets, a module of this book's own that is not part of lessonkit.
sys.path.append(str(REPO / "extensions"))

project = "Stream"
author = "The Stream authors"
copyright = "2026, the Stream authors"
# One version for the whole project: pyproject.toml's, shown in the web footer and on
# the PDF title page. CHANGELOG.md says what each version changed.
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
release = version = PYPROJECT["project"]["version"]
# Where the book's source lives: the edit, issue and report-a-problem links use it.
repository_url = "https://github.com/stream-textbook/stream"
lessonkit_repository_url = repository_url
# The address pages are published at, for the report-a-problem links; Read the Docs
# says where it publishes each build.
# The edition's language: English, or Korean for the translation. `make html-ko` (and
# pdf-ko, epub-ko) set STREAM_LANGUAGE; Read the Docs sets READTHEDOCS_LANGUAGE for its
# Korean project, a translation of the English one (CONTRIBUTING.md, "Translations").
language = os.environ.get("STREAM_LANGUAGE") or os.environ.get("READTHEDOCS_LANGUAGE") or "en"
# The editions, and where each is published: every page links the same page in the
# other edition.
BOOK_TITLE = {
    "en": "Stream: How AI Video Generation Works",
    "ko": "Stream: AI 영상 생성의 원리",
}
EDITIONS = {
    "en": ("English", "https://stream-textbook.readthedocs.io/en/latest/"),
    "ko": ("한국어", "https://stream-textbook.readthedocs.io/ko/latest/"),
}
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", EDITIONS[language][1])
# A translation is read from catalogs, one per page (sphinx-intl keeps them in step
# with the English source; a changed English paragraph becomes a fuzzy entry).
locale_dirs = [str(REPO / "locales")]
gettext_compact = False
# Comments under each lesson, through giscus (GitHub Discussions). Off while empty:
# then no page makes any third-party request. To turn them on, fill in the four
# values giscus.app gives for the repository, e.g.
#   lessonkit_giscus = {"repo": "stream-textbook/stream", "repo-id": "R_...",
#                       "category": "Lessons", "category-id": "DIC_..."}
# Even then, a page contacts giscus only when a reader presses "Load comments".
lessonkit_giscus: dict[str, str] = {}
# Release 0.2 kept a reader's progress under this key; it carries over once.
lessonkit_progress_previous_keys = ["stream-progress-v1"]
# What search engines and link previews say about pages other than lessons (a
# lesson is described by its one-line summary).
lessonkit_description = (
    "Stream is an open textbook on AI video generation: ten lessons on how video "
    "models work and why video is not image generation repeated."
)

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxcontrib.mermaid",
    "lessonkit",
    # The theme's stylesheets without the rules no page uses (extensions/theme_assets.py).
    "theme_assets",
]

# Pages are MyST Markdown; colon fences (:::{name}) are the authoring syntax of our boxes.
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
# Raw HTML in Markdown would pass through to the web page and vanish from the PDF;
# with it off, text such as "<script>" is shown literally in every output.
myst_disable_syntax = ["html_block", "html_inline"]

root_doc = "index"
# The capstone's templates are files to download, not pages.
exclude_patterns = ["_build", "_templates", "**/.ipynb_checkpoints", "capstone/*.md"]

# Figures and exercises are numbered per lesson ("Figure 1.2", "Exercise 1.1").
numfig = True
numfig_secnum_depth = 1
numfig_format = {
    "en": {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"},
    "ko": {"figure": "그림 %s", "table": "표 %s", "code-block": "코드 %s"},
}[language]

# Relative to this file (the configuration directory), not to docs/.
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "lessonkit"
# Lessons cite with {footcite} and end with {footbibliography}: footnote citations
# are local to a page, so two lessons can cite the same work without clashing labels.

lessonkit_words_per_minute = 200

# Mermaid diagrams are rendered while building, by mermaid-cli (package.json) driving
# Debian's Chromium: SVG for the web and ePub, PDF for LaTeX, no JavaScript in pages.
mermaid_output_format = "svg"
# Rendered diagrams are kept by content in the user's cache folder, shared by clean
# builds, builders and clones: an unchanged diagram never launches the browser again.
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stream-book"
lessonkit_diagram_cache = str(CACHE / "diagrams")
# Clips' posters, frames and QR codes, by content, in the same place.
lessonkit_clip_cache = str(CACHE / "clips")
# What the lab (streamlab) makes for the book: clips, figures, numbers, by content.
lessonkit_lab_cache = str(CACHE / "lab")
# The theme's stylesheets trimmed to what the pages use (extensions/theme_assets.py).
theme_assets_cache = str(CACHE / "theme")
mermaid_cmd = str(REPO / "node_modules" / ".bin" / "mmdc")
# Read the Docs has no Debian Chromium; there puppeteer uses the browser that the
# build's post_install job fetches (see .readthedocs.yaml).
PUPPETEER_CONFIG = (
    "puppeteer-config-rtd.json"
    if os.environ.get("READTHEDOCS") == "True"
    else "puppeteer-config.json"
)
mermaid_params = [
    "-p",
    str(REPO / "scripts" / PUPPETEER_CONFIG),
    "-c",
    str(REPO / "scripts" / "mermaid-config.json"),
    "--pdfFit",
]

# -- HTML --------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Stream"
templates_path = ["docs/_templates"]
html_theme_options = {
    "show_toc_level": 2,
    # No top bar, as in sphinx-book-theme's defaults: with any item in it,
    # pydata-sphinx-theme also puts its own sidebar toggles there, ahead of the article
    # header's, and its script wires only the first of each, so the visible toggles do
    # nothing (pydata-sphinx-theme issue 2451). Search is in the sidebar and header.
    "navbar_persistent": [],
    "footer_content_items": ["author.html", "copyright.html", "stream-version.html"],
    "use_download_button": False,
    # Links only (no request is made): the repository, its issues, and each page's source.
    "repository_url": repository_url,
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_issues_button": True,
    "use_edit_page_button": True,
    "use_fullscreen_button": False,
}
# Follow the reader's system setting; without an explicit mode the theme's script
# logs an error on a reader's first visit.
html_context = {
    "default_mode": "auto",
    # The language switch (docs/_templates/stream-editions.html): the other editions,
    # and this edition's base address, which it replaces in the page's address.
    "stream_editions": [
        (code, name, base) for code, (name, base) in EDITIONS.items() if code != language
    ],
    "stream_base": html_baseurl,
}
html_static_path = ["docs/_static"]
# The theme's icons as inline SVG, in place of Font Awesome's 1.5 MB script and its
# webfonts (docs/_templates/static/webpack-macros.html leaves the script out), and
# layout repairs to the theme at phone width (long titles and URLs).
html_css_files = ["stream.css"]
html_favicon = "docs/_static/favicon.svg"
# The theme's sidebar, with the title and search button from docs/_templates: the
# theme's own leave the title outside any landmark and misname the search button.
html_sidebars = {
    "**": [
        "stream-sidebar-title.html",
        "stream-editions.html",
        "icon-links.html",
        "stream-search-button.html",
        "sbt-sidebar-nav.html",
    ]
}
html_last_updated_fmt = ""

# -- PDF (LaTeX) ----------------------------------------------------------------
# xelatex reads UTF-8 natively; the fonts come from scripts/install-system-deps.sh.
latex_engine = "xelatex"
latex_documents = [
    ("index", "stream.tex", BOOK_TITLE[language], author, "manual"),
]
# Unicode blocks set in another font than the main one, through ucharclasses.
HANGUL_BLOCKS = ("HangulSyllables", "HangulJamo", "HangulCompatibilityJamo")
EMOJI_BLOCKS = (
    "Emoticons",
    "MiscellaneousSymbolsAndPictographs",
    "TransportAndMapSymbols",
    "MiscellaneousSymbols",
    "Dingbats",
)


def font_switches(fonts: dict[str, tuple[str, tuple[str, ...]]]) -> str:
    """LaTeX that sets each named Unicode block in its font: ``fonts`` maps a font
    command to the font's name and the blocks it sets."""
    blocks = [block for _, font_blocks in fonts.values() for block in font_blocks]
    lines = [rf"\usepackage[{','.join(blocks)}]{{ucharclasses}}"]
    lines += [rf"\newfontfamily\{command}{{{name}}}" for command, (name, _) in fonts.items()]
    lines += [
        rf"\setTransitionsFor{{{block}}}{{\begingroup\{command}}}{{\endgroup}}"
        for command, (_, font_blocks) in fonts.items()
        for block in font_blocks
    ]
    return "\n".join(lines) + "\n"


EMOJI_FONT = {"streamemojifont": ("Symbola", EMOJI_BLOCKS)}
LATEX_SCRIPT_FALLBACK = (
    "\n% Korean and emoji are not in FreeSerif: switch fonts for those Unicode blocks.\n"
    + font_switches({"streamkoreanfont": ("Noto Sans CJK KR", HANGUL_BLOCKS), **EMOJI_FONT})
)
# Reference pages close the PDF as appendices; in the web book they are in the
# sidebar's "Reference" part (docs/index.md keeps those toctrees out of the PDF).
latex_appendices = [
    "capstone",
    "reading-a-report",
    "lab",
    "state-of-the-tools",
    "glossary",
    "notation",
    "tags",
    "changelog",
]
# Sphinx lets an image grow to the full text height, which leaves no room for its
# caption: a tall flowchart's caption then runs into the page footer.
LATEX_FIGURE_HEIGHT = r"""
\makeatletter
\AtBeginDocument{\spx@image@maxheight=0.8\textheight}
\makeatother
"""
# The edition: its version and release date come from CITATION.cff, which a release
# updates together with pyproject.toml (CONTRIBUTING.md, "Release an edition"). The
# title page gives the date; the back of the title page says how to cite this edition.
CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
EDITION_DATE = datetime.date.fromisoformat(str(CITATION["date-released"]))
EDITION = (
    f"{EDITION_DATE.year}년 {EDITION_DATE.month}월 {EDITION_DATE.day}일"
    if language == "ko"
    else f"{EDITION_DATE.day} {EDITION_DATE:%B %Y}"
)
# The words of the title page and its back, per edition.
TITLE_PAGE_WORDS = {
    "en": {
        "date": "Edition of <<EDITION>>",
        "edition": "Edition <<VERSION>>, <<EDITION>>.",
        "licence": "The text is licensed CC BY 4.0 and the code MIT.",
        "cite": "Cite this book",
    },
    "ko": {
        "date": "<<EDITION>> 판",
        "edition": "<<VERSION>>판, <<EDITION>>.",
        "licence": "본문은 CC BY 4.0, 코드는 MIT 라이선스를 따릅니다.",
        "cite": "이 책을 인용하려면",
    },
}[language]
CITE_LINES = [
    r"@book\{stream" + str(EDITION_DATE.year) + ",",
    r"title     = \{Stream: How AI Video Generation Works\},",
    r"author    = \{\{The Stream authors\}\},",
    r"year      = \{" + str(EDITION_DATE.year) + r"\},",
    r"edition   = \{" + str(CITATION["version"]) + r"\},",
    r"url       = \{" + CITATION["url"] + r"\},",
    r"\}",
]
CITE_BODY = "\\\\\n".join(
    ("  " if index in (0, len(CITE_LINES) - 1) else r"  \hspace*{2em}") + line
    for index, line in enumerate(CITE_LINES)
)
LATEX_EDITION_PAGE = (
    r"""
\newcommand{\sphinxbackoftitlepage}{%
  \vspace*{\fill}
  \noindent\textbf{<<TITLE>>}\\
  <<EDITION-LINE>>\\[1ex]
  \copyright{} <<COPYRIGHT>>. <<LICENCE>>\\[3ex]
  \noindent\textbf{<<CITE>>}\\[1ex]
  {\small\ttfamily\raggedright
<<CITATION>>\par}
  \clearpage
}
""".replace("<<TITLE>>", BOOK_TITLE[language])
    .replace("<<EDITION-LINE>>", TITLE_PAGE_WORDS["edition"])
    .replace("<<LICENCE>>", TITLE_PAGE_WORDS["licence"])
    .replace("<<CITE>>", TITLE_PAGE_WORDS["cite"])
    .replace("<<VERSION>>", str(CITATION["version"]))
    .replace("<<EDITION>>", EDITION)
    .replace("<<COPYRIGHT>>", copyright)
    .replace("<<CITATION>>", CITE_BODY)
)
# Each chapter is a footnote scope, so a source cited twice in one chapter is one
# footnote; Sphinx starts a scope at every chapter of the main matter but not at the
# appendices, which then all shared lesson 10's scope (duplicate labels, and repeated
# citations pointing to the wrong page).
LATEX_APPENDIX_FOOTNOTES = r"""
\makeatletter
\g@addto@macro\appendix{\pretocmd{\chapter}{\sphinxstepscope}{}{}}
\makeatother
"""
# The Korean edition sets Hangul with xetexko (the kotex bundle's XeTeX package), which
# breaks lines between words as Korean is written, in the Noto CJK fonts; emoji still
# come from Symbola.
LATEX_KOREAN = r"""
\usepackage{xetexko}
\setmainhangulfont{Noto Serif CJK KR}
\setsanshangulfont{Noto Sans CJK KR}
\setmonohangulfont{Noto Sans Mono CJK KR}
""" + font_switches(EMOJI_FONT)
latex_elements = {
    "papersize": "a4paper",
    "preamble": (LATEX_KOREAN if language == "ko" else LATEX_SCRIPT_FALLBACK)
    + LATEX_FIGURE_HEIGHT
    + LATEX_EDITION_PAGE
    + LATEX_APPENDIX_FOOTNOTES,
    # Sphinx dates the title page with the day of the build; an edition has its own.
    "maketitle": r"\date{"
    + TITLE_PAGE_WORDS["date"].replace("<<EDITION>>", EDITION)
    + r"}\sphinxmaketitle",
}

# -- Plain text ----------------------------------------------------------------
# Sphinx's text writer prints ". " before subsections of a toctree numbered to
# depth 1; chapter numbers are in each lesson header anyway.
text_add_secnumbers = False


def setup(app):
    # Sphinx's LaTeX writer knows no Babel name for Korean and says so on every build;
    # the Korean edition does not use Babel (xetexko sets the language, LATEX_KOREAN).
    # The warning has no type that suppress_warnings could name, so it is filtered.
    if language == "ko":
        import logging

        for module in ("builders.latex", "writers.latex"):
            logging.getLogger(f"sphinx.sphinx.{module}").addFilter(
                lambda record: "no Babel option known for language" not in record.getMessage()
            )
