"""Markup fixes that EPUBCheck asks for and the web does not need.

docutils marks each bibliography entry with the DPUB-ARIA role
``doc-biblioentry``, which EPUB 3.3 deprecates (EPUBCheck RSC-017). Entries sit
in a ``role="list"`` wrapper, so ``listitem`` is the role that keeps their meaning.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

DEPRECATED_ROLES = {' role="doc-biblioentry"': ' role="listitem"'}


def replace_deprecated_roles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "epub" or "body" not in context:
        return
    body = context["body"]
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(old, new)
    context["body"] = body


def setup_epub(app: Sphinx) -> None:
    app.connect("html-page-context", replace_deprecated_roles)
