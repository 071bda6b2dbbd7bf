"""Numbers in the plain-text edition, where Sphinx's text writer leaves them out.

The text writer prints a figure's caption without "Figure 3.1", and a number
reference from its unformatted template ("Exercise %s"). These transforms write the
numbers into the text itself, as the other editions show them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class TextNumberReferences(SphinxPostTransform):
    """Let {numref} read "Exercise 1.2", not "Exercise %s".

    The writer prints a number reference's ``title`` attribute; the formatted text is
    already the node's content, so copy it there.
    """

    default_priority = 20
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(addnodes.number_reference):
            reference["title"] = reference.astext()


class TextFigureNumbers(SphinxPostTransform):
    """Start each numbered figure's caption with "Figure 3.1: ", as in print."""

    default_priority = 20
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        numbers = self.env.toc_fignumbers.get(self.env.docname, {}).get("figure", {})
        template = self.config.numfig_format.get("figure", "Figure %s")
        for figure in self.document.findall(nodes.figure):
            number = next((numbers[i] for i in figure["ids"] if i in numbers), None)
            caption = figure.next_node(nodes.caption)
            if number is None or caption is None:
                continue
            label = template % ".".join(map(str, number))
            caption.insert(0, nodes.Text(f"{label}: "))


def setup_text_numbers(app: Sphinx) -> None:
    app.add_post_transform(TextNumberReferences)
    app.add_post_transform(TextFigureNumbers)
