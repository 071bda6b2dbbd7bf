"""The one exception a reader of the lab sees."""

from __future__ import annotations


class LabError(ValueError):
    """A mistake in what the lab was asked to do: an unknown generator, a bad option value,
    an unwritable output, a file that is not a video. The message is one plain line, and
    the command line prints it without a traceback."""
