"""What a translated edition needs from lessonkit beyond its message catalog.

MyST keeps each page's heading anchors (``[text](page.md#a-heading)`` links resolve
through them) in the page's metadata when it parses the page. In a translated build,
Sphinx parses every translated heading again, as a small document of its own, and
MyST then replaces the page's anchors with that one heading's: every link into the
page by heading anchor breaks. The page's own document still holds the anchors of the
full parse, so they are put back once the page has been read.

Sphinx's translation step also carries each cross-reference of a paragraph over to
its translation by a key of domain, type and target. MyST's links into a page by
heading anchor all share the page as target and differ only in the anchor, so when a
paragraph links to two headings of one page, both translated links got the second
anchor. For the translation step only, the anchor is made part of the key.
"""

from __future__ import annotations

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.application import Sphinx

#: Where a MyST link's own domain waits while the anchor stands in for it.
SAVED_DOMAIN = "lessonkit_saved_refdomain"
#: Sphinx's translation transform, sphinx.transforms.i18n.Locale, runs at 20.
LOCALE_PRIORITY = 20


def anchored_links(document: nodes.document):
    for node in document.findall(addnodes.pending_xref):
        if node.get("reftype") == "myst" and node.get("reftargetid"):
            yield node


class AnchorInReferenceKey(Transform):
    """Before translation: a MyST link's domain names its anchor too."""

    default_priority = LOCALE_PRIORITY - 1

    def apply(self, **kwargs) -> None:
        for node in anchored_links(self.document):
            node[SAVED_DOMAIN] = node.get("refdomain")
            node["refdomain"] = f"{node.get('refdomain')}#{node['reftargetid']}"


class AnchorOutOfReferenceKey(Transform):
    """After translation: the link's own domain again."""

    default_priority = LOCALE_PRIORITY + 1

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(addnodes.pending_xref):
            if SAVED_DOMAIN in node.attributes:
                node["refdomain"] = node[SAVED_DOMAIN]
                del node[SAVED_DOMAIN]


def keep_heading_anchors(app: Sphinx, doctree: nodes.document) -> None:
    slugs = getattr(doctree, "myst_slugs", None)
    if slugs:
        app.env.metadata[app.env.docname]["myst_slugs"] = slugs


def setup_translation(app: Sphinx) -> None:
    app.add_transform(AnchorInReferenceKey)
    app.add_transform(AnchorOutOfReferenceKey)
    app.connect("doctree-read", keep_heading_anchors)
