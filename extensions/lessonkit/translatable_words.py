"""Words an author writes into a directive that a page shows outside its text: a
frame grid's labels, notes and legend, a clip's alt text and side labels, a
self-check's unit, a diagram's alt text.

Sphinx's translation catalogs hold a page's text nodes (paragraphs, titles,
captions), which a translated build replaces one by one. These words live instead in
a node's attributes or in a drawing's model, where the gettext builder never looks,
so the Korean edition showed them in English. A node that keeps such words mixes in
:class:`translatable_words`, Sphinx's own interface for them
(``sphinx.addnodes.translatable``, which the toctree's captions use): ``-b gettext``
extracts each word as a message of the page's catalog, at the directive's line, and
a translated build hands each translation back to the node (Sphinx's ``Locale``
transform, while the page is read), which puts it where its visitors read it. The
visitors themselves never change: they read the node as before, now in the book's
language.

A translation is used as written, never parsed as markup: these words are shown as
plain text (an ``alt`` attribute, a label in a drawing).
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx import addnodes

#: The node attribute listing the author's words as written.
WORDS = "words"


class translatable_words(addnodes.translatable):
    """Mixin for a node whose author's words are messages of its page's catalog.

    ``node["words"]`` lists them as the author wrote them (see :func:`words_to_translate`);
    the directive sets it and nothing changes it, so the gettext builder extracts the
    English even from a translated build. A subclass implements :meth:`use_translation`.
    The node needs a source and a line (``set_source_info``): they are where the
    catalog says a message comes from.
    """

    def preserve_original_messages(self) -> None:
        # node["words"] already keeps the words as written: a translation never
        # changes it.
        pass

    def extract_original_messages(self) -> list[str]:
        return list(self.get(WORDS, []))

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if original_message in self.get(WORDS, []):
            self.use_translation(original_message, translated_message)

    def use_translation(self, original: str, translated: str) -> None:
        """Show ``translated`` wherever the node shows ``original``."""
        raise NotImplementedError


def words_to_translate(texts: Iterable[str]) -> list[str]:
    """The messages among ``texts``: each once, in order, and only those with a letter
    in them (a frame labelled "12" or a unit "%" is not for a translator)."""
    seen: dict[str, None] = {}
    for text in texts:
        text = text.strip()
        if text and any(character.isalpha() for character in text):
            seen.setdefault(text, None)
    return list(seen)
