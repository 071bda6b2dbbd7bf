"""What every lessonkit module needs: the warning type, the logger, translations,
node registration for every output format, and the "is this a web page?" test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.locale import get_translation, get_translator
from sphinx.util import logging

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
LOCALE_DIR = PACKAGE_DIR / "locales"

MESSAGE_CATALOG = "lessonkit"
# Every word lessonkit writes into a page goes through this, so an edition in another
# language needs only a catalog (locales/<language>/LC_MESSAGES/lessonkit.po). Call it
# when a page is read or written, never at import time: only then is the catalog
# loaded. The messages must be literals, translate("..."), for `make
# lessonkit-catalog` to find them; a message kept in a constant is marked with
# messages.N_ where it is written and translated where it is shown.
translate = get_translation(MESSAGE_CATALOG)


def translate_in(context: str, message: str) -> str:
    """``message`` in the book's language, where the same English word needs two
    translations: ``translate_in("button", "Check")`` is the verb on a button, while
    ``translate("Check")`` names a self-check question (gettext's pgettext)."""
    return get_translator(MESSAGE_CATALOG).pgettext(context, message)


# Users silence our warnings with suppress_warnings = ["lessonkit"] or ["lessonkit.<subtype>"].
WARNING_TYPE = "lessonkit"

logger = logging.getLogger("lessonkit")

CR = "\n"


def warn(message: str, location: Any, subtype: str) -> None:
    """Log a located, suppressible lessonkit warning."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype)


def is_web_page(builder: Builder) -> bool:
    """Whether the builder writes pages a browser opens, which may run our scripts.

    html, dirhtml and singlehtml do; the ePub (an embedded HTML format, whose
    readers run scripts unreliably) and every non-HTML builder do not.
    """
    return builder.format == "html" and not getattr(builder, "embedded", False)


def visit_skip(self, node: nodes.Element) -> None:
    """A visitor for nodes that a builder shows through their children or not at all."""
    raise nodes.SkipNode


def visit_pass(self, node: nodes.Element) -> None:
    """A visitor for wrapper nodes that a builder shows only through their children."""


def depart_pass(self, node: nodes.Element) -> None:
    pass


def caption_and_name(directive: Any, figure: nodes.figure, caption_text: str | None) -> list:
    """Finish a figure the way every lessonkit figure directive does: the caption (parsed
    inline, so roles work in it) and the ``:name:`` label. Returns the figure and any
    messages the caption's parse gave, for the directive to return."""
    messages: list[nodes.Node] = []
    if caption_text:
        inline_nodes, messages = directive.state.inline_text(caption_text, directive.lineno)
        caption = nodes.caption(caption_text, "", *inline_nodes)
        directive.set_source_info(caption)
        figure += caption
    if "name" in directive.options:
        directive.options["name"] = directive.options["name"].strip()
        directive.add_name(figure)
    return [figure, *messages]


def figure_description(alt: str) -> str:
    """What stands for a figure's picture where no picture can go (plain text, man
    pages, Info): its alt text, marked as a figure."""
    return translate("[Figure: {alt}]").format(alt=alt)


def write_as_text_block(translator: Any, text: str) -> None:
    """Write ``text`` with Sphinx's text writer as a block of its own, so that what
    follows (a caption) starts on a new line."""
    translator.new_state(0)
    translator.add_text(text)
    translator.end_state()


def write_as_paragraph(translator: Any, node: nodes.Element, text: str) -> None:
    """Write ``text`` as a paragraph with any builder's own paragraph visitors.

    For the formats (man, texinfo) that have no drawing or script of their own.
    """
    translator.visit_paragraph(node)
    translator.visit_Text(nodes.Text(text))
    translator.depart_paragraph(node)


Visitors = tuple[Callable[..., None], Callable[..., None] | None]

#: Every output format a user may build: Sphinx looks visitors up by format, so
#: html covers dirhtml, singlehtml and epub. gettext writes no documents.
OUTPUT_FORMATS = ("html", "latex", "text", "man", "texinfo")


def visitors_everywhere(*, fallback: Visitors, **visitors: Visitors) -> dict[str, Visitors]:
    """A visitor for every output format: ``fallback`` where none is given, so a new
    node cannot crash a builder nobody thought of (man and texinfo are the usual
    victims). Pass the result to ``app.add_node`` or ``app.add_enumerable_node``."""
    unknown = set(visitors) - set(OUTPUT_FORMATS)
    if unknown:
        raise ValueError(f"no such output format: {', '.join(sorted(unknown))}")
    return {name: visitors.get(name, fallback) for name in OUTPUT_FORMATS}


def add_node_everywhere(
    app: Sphinx,
    node_class: type[nodes.Element],
    *,
    fallback: Visitors,
    override: bool = False,
    **visitors: Visitors,
) -> None:
    """Register ``node_class`` with a visitor for every output format."""
    app.add_node(
        node_class, override=override, **visitors_everywhere(fallback=fallback, **visitors)
    )


#: Visitors that show a node only through its children.
PASS_THROUGH: Visitors = (visit_pass, depart_pass)
#: Visitors that drop a node and everything in it.
SKIP: Visitors = (visit_skip, None)
