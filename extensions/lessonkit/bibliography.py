"""A bibliography style that prints titles as their authors wrote them.

pybtex's standard styles put every title in sentence case, so "Generate videos with
Veo 3.1 in the Gemini API" prints as "Generate videos with veo 3.1 in the gemini
api" unless each proper noun is braced in the .bib file. A textbook that cites
product pages, model cards and standards is full of such names, and a contributor
copying a title from its page should not have to brace them. Select the style with
``bibtex_default_style = "lessonkit"``.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pybtex.plugin
from pybtex.plugin import _DEFAULT_PLUGINS, _RUNTIME_PLUGINS, register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field, optional, sentence
from sphinx.application import Sphinx

STYLE_NAME = "lessonkit"


class TitleAsWrittenStyle(PlainStyle):
    """pybtex's plain style, with every title kept in the capitalization of its source."""

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e):
        """The address, without pybtex's "(visited on 2026-12-01)": the entry's note
        says in words when the page was read, and ``urldate`` is there for
        ``scripts/check_bibliography.py``."""
        return sentence[
            optional[self.format_url(e)],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]


def load_pybtex_plugins_once() -> None:
    """Resolve pybtex's installed plugins once per process, as runtime plugins.

    pybtex looks a plugin up in the installed packages' metadata on every use, and
    sphinxcontrib-bibtex builds a style for every {footcite}: without this, a third
    of the book's build time went to scanning package metadata. ``register_plugin``
    itself scans it once more for each plugin (asking whether the name is taken,
    even when told to overwrite): 0.43 s for pybtex's 44 plugins, at the start of
    every build. While they are registered, it is answered from one scan.
    """
    if _RUNTIME_PLUGINS.get("pybtex.style.formatting", {}).get(STYLE_NAME):
        return
    installed = entry_points()
    scan_metadata = pybtex.plugin.entry_points
    pybtex.plugin.entry_points = installed.select
    try:
        for base_group in _DEFAULT_PLUGINS:
            for group in (base_group, f"{base_group}.aliases", f"{base_group}.suffixes"):
                for entry_point in installed.select(group=group):
                    register_plugin(group, entry_point.name, entry_point.load(), force=True)
        # pybtex looks styles up by name; sphinxcontrib-bibtex asks for it at build time.
        register_plugin("pybtex.style.formatting", STYLE_NAME, TitleAsWrittenStyle, force=True)
    finally:
        pybtex.plugin.entry_points = scan_metadata


def setup_bibliography(app: Sphinx) -> None:
    load_pybtex_plugins_once()
