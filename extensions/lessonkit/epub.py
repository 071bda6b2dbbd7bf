"""Markup that EPUBCheck asks for and the web does not need.

docutils marks each bibliography entry with the DPUB-ARIA role
``doc-biblioentry``, which EPUB 3.3 deprecates (EPUBCheck RSC-017). Entries sit
in a ``role="list"`` wrapper, so in the ePub they become ``listitem``s, which keeps
their meaning; the web keeps docutils' markup.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def visit_citation(self, node: nodes.citation) -> None:
    if self.builder.name != "epub":
        type(self).visit_citation(self, node)
        return
    # docutils' own visitor, with the role EPUB 3.3 accepts.
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node: nodes.citation) -> None:
    type(self).depart_citation(self, node)


def setup_epub(app: Sphinx) -> None:
    # Only the HTML format (the web builders and the ePub) writes citations this way.
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
