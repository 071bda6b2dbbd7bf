"""How warnings quote what a user wrote: pure Python, shared by every module."""

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
