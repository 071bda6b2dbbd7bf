"""Repairs to the theme's navigation that an accessibility check (axe-core) asks for.

pydata-sphinx-theme (under sphinx-book-theme) folds sub-lists of the sidebar's
table of contents into ``<details>`` whose ``<summary>`` holds only a chevron icon,
so a screen reader announces an unnamed control. This gives every such summary a
translated name. The page's other repairs are templates in ``docs/_templates``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sphinx.application import Sphinx

from .shared import translate

UNNAMED_SUMMARY = '<summary><span class="toctree-toggle" role="presentation">'


def name_toctree_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return
    label = escape(translate("Show or hide the sections of this part"), quote=True)
    named = f'<summary aria-label="{label}"><span class="toctree-toggle" role="presentation">'

    def generate_named(*args: Any, **kwargs: Any) -> str:
        return str(generate(*args, **kwargs)).replace(UNNAMED_SUMMARY, named)

    context["generate_toctree_html"] = generate_named


def setup_accessibility(app: Sphinx) -> None:
    # After the theme (priority 500) has put its toctree function in the context.
    app.connect("html-page-context", name_toctree_toggles, priority=900)
