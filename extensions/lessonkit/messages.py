"""How warnings quote what a user wrote, and how messages are marked for lessonkit's
catalog: pure Python, shared by every module."""

from __future__ import annotations

#: How much of an offending value a warning quotes: enough to find it, never a page.
QUOTE_LIMIT = 60


def shortened(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` on one line, cut to ``limit`` characters with an ellipsis, so a
    runaway value (a 5,000-digit number) cannot fill the build log."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def N_(message: str) -> str:
    """Mark ``message`` for lessonkit's catalog without translating it (gettext's
    ``N_``, "no-op").

    For messages kept in a constant (a level's name, a legend's wording): the
    catalog extraction (``make lessonkit-catalog``) finds the literal here, and the
    code translates the constant where it is shown, with ``translate(CONSTANT)``,
    when the builder's language is known. Translating at import time would be too
    early: the catalog is loaded only when Sphinx starts.
    """
    return message
