"""Numbers in the plain-text, man-page and Texinfo editions, where Sphinx's writers
leave them out.

These writers print a number reference from its unformatted template ("Exercise
%s"), and the text and man writers print a figure's caption without "Figure 3.1"
(Texinfo numbers its floats itself). These transforms write the numbers into the
text, as the web and print editions show them. The man and Texinfo builders resolve
one tree assembled from every page, in which each page's sections carry the page's
name (``docname``): a figure's number is the one its page gave it.
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
    formats = ("text", "man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(addnodes.number_reference):
            reference["title"] = reference.astext()


def page_of(node: nodes.Node, default: str) -> str:
    """The page a node was written on, in a tree assembled from many pages
    (``sphinx.util.nodes.inline_all_toctrees`` names it on each section)."""
    while node is not None:
        if isinstance(node, nodes.section) and "docname" in node:
            return node["docname"]
        node = node.parent
    return default


class TextFigureNumbers(SphinxPostTransform):
    """Start each numbered figure's caption with "Figure 3.1: ", as in print."""

    default_priority = 20
    formats = ("text", "man")

    def run(self, **kwargs: Any) -> None:
        template = self.config.numfig_format.get("figure", "Figure %s")
        for figure in self.document.findall(nodes.figure):
            numbers = self.env.toc_fignumbers.get(page_of(figure, self.env.docname), {})
            numbers = numbers.get("figure", {})
            number = next((numbers[i] for i in figure["ids"] if i in numbers), None)
            caption = figure.next_node(nodes.caption)
            if number is None or caption is None:
                continue
            label = template % ".".join(map(str, number))
            caption.insert(0, nodes.Text(f"{label}: "))


# docutils' man writer runs a figure's caption on from the figure's last line and
# ends it with the request that closes the figure (".UNINDENT"), on the same line, so
# man printed "...in time..UNINDENT" after every caption. A caption of a figure is a
# paragraph of its own here; other captions (of code blocks) are Sphinx's.
def man_visit_caption(self, node: nodes.caption) -> None:
    if not isinstance(node.parent, nodes.figure):
        type(self).visit_caption(self, node)
        return
    self.ensure_eol()
    self.body.append(".sp\n")


def man_depart_caption(self, node: nodes.caption) -> None:
    if not isinstance(node.parent, nodes.figure):
        type(self).depart_caption(self, node)
        return
    self.ensure_eol()


def setup_text_numbers(app: Sphinx) -> None:
    app.add_post_transform(TextNumberReferences)
    app.add_post_transform(TextFigureNumbers)
    app.add_node(nodes.caption, override=True, man=(man_visit_caption, man_depart_caption))
