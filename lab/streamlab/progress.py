"""Progress on stderr for work that takes more than a second."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def silent(stage: str, done: int, total: int) -> None:
    """The API's default: report nothing."""


class StderrProgress:
    """Says what is happening once a job has run for ``delay`` seconds: one updating line
    on a terminal, or a line per stage (and per quarter of a long stage) in a log."""

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.start = time.monotonic()
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.last_stage = ""
        self.last_quarter = -1
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < self.delay:
            return
        text = f"streamlab: {self.label}: {stage} {done}/{total}"
        if self.terminal:
            if now - self.last_draw >= 0.1 or done == total:
                self.stream.write("\r" + text.ljust(60))
                self.stream.flush()
                self.last_draw, self.drawn = now, True
            return
        quarter = 4 * done // max(total, 1)
        if stage != self.last_stage or quarter != self.last_quarter:
            self.stream.write(text + "\n")
            self.stream.flush()
            self.last_stage, self.last_quarter = stage, quarter

    def finish(self, message: str = "") -> None:
        if self.drawn:
            self.stream.write("\n")
        if message and time.monotonic() - self.start >= self.delay:
            self.stream.write(f"streamlab: {self.label}: {message}\n")
        self.stream.flush()
