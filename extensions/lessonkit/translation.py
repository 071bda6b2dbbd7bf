"""What a translated edition needs from lessonkit beyond its message catalog.

MyST keeps each page's heading anchors (``[text](page.md#a-heading)`` links resolve
through them) in the page's metadata when it parses the page. In a translated build,
Sphinx parses every translated heading again, as a small document of its own, and
MyST then replaces the page's anchors with that one heading's: every link into the
page by heading anchor breaks. The page's own document still holds the anchors of the
full parse, so they are put back once the page has been read.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def keep_heading_anchors(app: Sphinx, doctree: nodes.document) -> None:
    slugs = getattr(doctree, "myst_slugs", None)
    if slugs:
        app.env.metadata[app.env.docname]["myst_slugs"] = slugs


def setup_translation(app: Sphinx) -> None:
    app.connect("doctree-read", keep_heading_anchors)
