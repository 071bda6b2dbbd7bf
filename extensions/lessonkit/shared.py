"""What every lessonkit module needs: the warning type, the logger and translations."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
LOCALE_DIR = PACKAGE_DIR / "locales"

MESSAGE_CATALOG = "lessonkit"
# Box titles and header text go through this, so a Korean edition needs only a catalog.
translate = get_translation(MESSAGE_CATALOG)

# Users silence our warnings with suppress_warnings = ["lessonkit"] or ["lessonkit.<subtype>"].
WARNING_TYPE = "lessonkit"

logger = logging.getLogger("lessonkit")

CR = "\n"


def warn(message: str, location, subtype: str) -> None:
    """Log a located, suppressible lessonkit warning."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype)


def visit_skip(self, node: nodes.Element) -> None:
    """A visitor for nodes that a builder shows through their children or not at all."""
    raise nodes.SkipNode


def visit_pass(self, node: nodes.Element) -> None:
    """A visitor for wrapper nodes that a builder shows only through their children."""


def depart_pass(self, node: nodes.Element) -> None:
    pass
