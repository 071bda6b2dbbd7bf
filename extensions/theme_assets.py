"""The theme's assets, trimmed to what the book's pages use.

A page of the book cannot paint before its stylesheets arrive. The theme's (Bootstrap
5 and the pydata theme's own rules, with Font Awesome's table of 2,000 icon glyphs)
was 45 KB of the 68 KB a lesson loaded that way, and most of its rules style
components no page has (carousels, modals, toasts, form controls). After every page is
written, the stylesheets of the theme, of Sphinx and of sphinx-design are rewritten
without the rules whose classes appear neither on a page nor in a script a page loads:
45 KB becomes 18 KB, and Lighthouse's first contentful paint 1.7 s becomes 1.35 s.

The test is the one PurgeCSS makes, by name rather than by structure: a selector stays
when every class it names (outside ``:not()``, ``:is()`` and the like) is in the book,
so a rule for a class that a script adds later (``show``, ``collapsing``) stays too.
Everything that is not a plain style rule (``@keyframes``, ``@font-face``, custom
properties on ``:root``) stays as it is. Our own stylesheets are not touched: what
they hold is ours to keep lean.

sphinx-design's stylesheet and tabs script are also kept off pages without one of its
components (no page of the book has one today).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import docutils.nodes
import tinycss2
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Files under _static that others wrote: the themes', Sphinx's and sphinx-design's.
THIRD_PARTY_STYLESHEETS = (
    "basic.css",
    "pygments.css",
    "sphinx-design.min.css",
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
)
THEMED_BUILDERS = ("html", "dirhtml", "singlehtml")

CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
SCRIPT_SOURCE = re.compile(r"""<script\b[^>]*\ssrc=["']([^"'?#]+)""")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL)
SCRIPT_WORD = re.compile(r"[A-Za-z_][\w-]*")
# Block at-rules whose content is more style rules, to be trimmed in turn.
GROUPING_RULES = {"media", "supports", "layer", "container"}


def selector_classes(selector: Iterable) -> list[str]:
    """The class names a selector requires, outside functional pseudo-classes."""
    names, previous = [], None
    for token in selector:
        if token.type == "ident" and previous is not None and previous == ".":
            names.append(token.value)
        previous = token
    return names


def split_selector_list(prelude: list) -> Iterator[list]:
    # Commas inside :is(…) or :not(…) are nested in their function token.
    selector: list = []
    for token in prelude:
        if token == ",":
            yield selector
            selector = []
        else:
            selector.append(token)
    yield selector


def trim_rules(rules: list, classes: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                tinycss2.serialize(selector).strip()
                for selector in split_selector_list(rule.prelude)
                if all(name in classes for name in selector_classes(selector))
            ]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in GROUPING_RULES:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            if trimmed := trim_rules(inner, classes):
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{''.join(trimmed)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
        # Anything else is a parse error, which the browser drops too.
    return kept


def trim_stylesheet(text: str, classes: set[str]) -> str:
    """The stylesheet without the rules that need a class not in ``classes``."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return "\n".join(trim_rules(rules, classes)) + "\n"


def classes_in_book(outdir: Path) -> set[str]:
    """Every class on a written page, and every word of the scripts pages run.

    A script's words are taken whole, as PurgeCSS does: a class it adds is somewhere
    among them, and a word that is not a class keeps at most a rule that is not needed.
    """
    classes: set[str] = set()
    scripts: set[Path] = set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        html = page.read_text(encoding="utf-8")
        for double, single in CLASS_ATTRIBUTE.findall(html):
            classes.update((double or single).split())
        for inline in INLINE_SCRIPT.findall(html):
            classes.update(SCRIPT_WORD.findall(inline))
        for source in SCRIPT_SOURCE.findall(html):
            if "://" not in source:
                scripts.add((page.parent / source).resolve())
    for script in scripts:
        if script.is_file():
            classes.update(
                SCRIPT_WORD.findall(script.read_text(encoding="utf-8", errors="replace"))
            )
    return classes


def trim_theme_stylesheets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in THEMED_BUILDERS:
        return
    outdir = Path(app.outdir)
    classes = classes_in_book(outdir)
    # Sphinx copies every static file again on each build, so each build trims again;
    # the result is kept by content (with the build's doctrees unless the book names a
    # folder shared by clean builds), and an unchanged book only copies it.
    cache = Path(app.confdir, app.config.theme_assets_cache or app.doctreedir) / "stylesheets"
    cache.mkdir(parents=True, exist_ok=True)
    wanted = "\n".join(sorted(classes)).encode()
    for name in THIRD_PARTY_STYLESHEETS:
        stylesheet = outdir / "_static" / name
        if not stylesheet.is_file():
            continue
        original = stylesheet.read_bytes()
        digest = hashlib.sha256(original + b"\0" + wanted).hexdigest()[:32]
        trimmed = cache / f"{digest}.css"
        if not trimmed.is_file():
            text = trim_stylesheet(original.decode("utf-8"), classes)
            temporary = trimmed.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(trimmed)
        stylesheet.write_bytes(trimmed.read_bytes())
        logger.verbose("trimmed %s: %d to %d bytes", name, len(original), trimmed.stat().st_size)


# sphinx-design links its stylesheet (8 KB gzipped, render-blocking) and its tabs script
# from every page. A page gets them only if one of its elements is sphinx-design's
# (their classes start "sd-").
SPHINX_DESIGN_ASSETS = {"sphinx-design.min.css", "design-tabs.js"}


def link_design_assets_where_used(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None and any(
        name.startswith("sd-")
        for node in doctree.findall(docutils.nodes.Element)
        for name in node.get("classes", [])
    ):
        return
    # Sphinx puts both lists back as they were before it renders the next page.
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if isinstance(files, list):
            files[:] = [
                asset
                for asset in files
                if Path(getattr(asset, "filename", "") or "").name not in SPHINX_DESIGN_ASSETS
            ]


def setup(app: Sphinx) -> dict:
    app.add_config_value("theme_assets_cache", "", "", types=frozenset({str}))
    app.connect("html-page-context", link_design_assets_where_used)
    app.connect("build-finished", trim_theme_stylesheets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
