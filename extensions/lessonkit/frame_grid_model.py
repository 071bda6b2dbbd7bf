"""The frame-grid data model and its parser: pure Python, no Sphinx.

Syntax of the ``frame-grid`` directive (the argument is the caption)::

    :::{frame-grid} Every frame must agree with its neighbours
    :name: fig-frame-chain
    :fps: 24
    :columns: 6

    Frame 1 | spatial only
    Frame 2 | spatial + temporal | hard
    ...
    Frame N | spatial + temporal
    :::

Each body line is one frame, ``LABEL | NOTE | STATE``; NOTE and STATE are optional
(``LABEL | | hard`` gives a state without a note). A line ``...`` or ``…`` is an
elided stretch. Instead of a body, ``:frames: N`` (1 to 240) draws frames numbered
1 to N, and ``:states: 1-8 free, 9-20 hard`` gives them states by ranges.

``:legend:`` replaces the legend's default wording for some states, for a figure
where "free" and "hard" mean something more specific:
``:legend: free: settled detail; hard: still undecided``.

``:fps:`` (a positive number) prints each frame's time; ``:every:`` (a positive
whole number, default 1) says a drawn frame stands for every Nth frame of the clip,
so frame *i* (counting from 0) is at ``i × every / fps`` seconds. Times need a grid
without elided stretches, whose length is unknown. ``:columns:`` (default 6) wraps
the grid into rows; ``:arrows:`` (default true) draws the arrows of time. A drawing
never puts more than :data:`MAX_DRAWN_COLUMNS` frames side by side: a wider row is
drawn as a few equal rows (see :func:`balanced_columns`).

The states are listed in :data:`STATE_DESCRIPTIONS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .messages import N_, shortened

#: How :class:`FrameGrid` words things when no translation is given: as written.
Translate = Callable[[str], str]


def untranslated(message: str) -> str:
    return message


MAX_FRAMES = 240
DEFAULT_COLUMNS = 6
#: The most frames a drawing puts side by side, on a page or a screen.
MAX_DRAWN_COLUMNS = 12
#: The largest :every:; larger values make times no clip has.
MAX_EVERY = 1_000_000
#: The state vocabulary, in legend order, with the legend's explanation of each.
#: Marked for lessonkit's catalog; shown through :meth:`FrameGrid.legend_text`.
STATE_DESCRIPTIONS = {
    "free": N_("easy for a model: still camera, ambient motion"),
    "hard": N_("hard for a model: articulated bodies, complex physics"),
    "key": N_("key frame: fixed in advance or given to the model"),
    # Neutral states, for figures that mark something other than difficulty (noise
    # shared or not, a sync point): free, hard and key keep lesson 1's meaning
    # everywhere. They mean nothing by themselves, so a figure using one must say
    # what it means in :legend:.
    "shaded": "",
    "dotted": "",
}
#: What a drawing writes on a frame in each state, and in the legend
#: (:meth:`FrameGrid.state_word`); the keys are what an author writes.
STATE_WORDS = {
    # Translators: a frame's state, written under it in a frame grid: a "free moment"
    # (lesson 1), easy for a model. Keep the five state words short.
    "free": N_("free"),
    # Translators: a frame's state: a "hard moment" (lesson 1), hard for a model.
    "hard": N_("hard"),
    # Translators: a frame's state: a key frame, fixed in advance.
    "key": N_("key"),
    # Translators: a frame's state drawn with a grey fill; its figure says what it means.
    "shaded": N_("shaded"),
    # Translators: a frame's state drawn with a dotted border; its figure says what it means.
    "dotted": N_("dotted"),
}
NEUTRAL_STATES = tuple(state for state, text in STATE_DESCRIPTIONS.items() if not text)

GAP_MARKERS = ("...", "…")
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


class FrameGridError(ValueError):
    """Invalid frame-grid input; ``message`` says what is wrong and what to write."""

    def __init__(self, message: str, line_offset: int | None = None, option: str | None = None):
        super().__init__(message)
        self.message = message
        #: 0-based index of the offending body line, if a body line is at fault
        self.line_offset = line_offset
        self.option = option


@dataclass(frozen=True)
class Frame:
    label: str
    note: str = ""
    state: str | None = None
    time: float | None = None


@dataclass(frozen=True)
class Gap:
    """An elided stretch of frames."""


@dataclass(frozen=True)
class FrameGrid:
    caption: str
    items: tuple[Frame | Gap, ...]
    columns: int = DEFAULT_COLUMNS
    arrows: bool = True
    fps: float | None = None
    every: int = 1
    alt: str = ""
    #: the figure's own legend text for some states, replacing the default wording
    legend: tuple[tuple[str, str], ...] = ()

    def legend_text(self, state: str, translate: Translate = untranslated) -> str:
        """What the legend says of ``state``: the figure's own words, or the default."""
        default = STATE_DESCRIPTIONS[state]
        # Never translate(""): gettext answers that with the catalog's header.
        return dict(self.legend).get(state) or (translate(default) if default else "")

    @property
    def rows(self) -> tuple[tuple[Frame | Gap, ...], ...]:
        return tuple(
            self.items[start : start + self.columns]
            for start in range(0, len(self.items), self.columns)
        )

    @property
    def drawn_columns(self) -> int:
        """How many frames the drawing puts side by side: the longest row, or, for a
        row wider than :data:`MAX_DRAWN_COLUMNS`, the width of its even split."""
        return balanced_columns(max((len(row) for row in self.rows), default=1))

    @property
    def drawn_rows(self) -> tuple[tuple[Frame | Gap, ...], ...]:
        """The rows as drawn: each row, split into rows of :attr:`drawn_columns`."""
        width = self.drawn_columns
        return tuple(
            row[start : start + width] for row in self.rows for start in range(0, len(row), width)
        )

    @property
    def frames(self) -> tuple[Frame, ...]:
        return tuple(item for item in self.items if isinstance(item, Frame))

    @property
    def states_used(self) -> tuple[str, ...]:
        used = {frame.state for frame in self.frames}
        return tuple(state for state in STATE_DESCRIPTIONS if state in used)

    def describe(self, translate: Translate = untranslated) -> str:
        """A plain-language text alternative for readers who cannot see the drawing,
        in the book's language (``translate`` is lessonkit's, when Sphinx builds)."""
        frames = self.frames
        if len(frames) == 1:
            count = translate("1 frame")
        else:
            count = translate("{count} frames").format(count=len(frames))
        if frames and frames[0].time is not None and frames[-1].time is not None:
            count = translate("{frames} from {start} to {end}").format(
                frames=count,
                start=format_seconds(frames[0].time, translate),
                end=format_seconds(frames[-1].time, translate),
            )
        parts = [count + "."]
        # Runs of frames that say the same thing are told once: "Frames 1–8: free."
        runs: list[list[Frame | Gap]] = []
        for item in self.items:
            previous = runs[-1][-1] if runs else None
            if (
                isinstance(item, Frame)
                and isinstance(previous, Frame)
                and (item.note, item.state) == (previous.note, previous.state)
                and (item.note or item.state)
            ):
                runs[-1].append(item)
            else:
                runs.append([item])
        for run in runs:
            first, last = run[0], run[-1]
            if isinstance(first, Gap):
                parts.append(translate("Then an elided stretch."))
                continue
            labels = (
                first.label
                if len(run) == 1
                # Translators: a run of frames in a figure's description: "1 to 8: free."
                else translate("{first} to {last}").format(first=first.label, last=last.label)
            )
            state = translate(STATE_WORDS[first.state]) if first.state else ""
            details = ", ".join(text for text in (first.note, state) if text)
            parts.append(f"{labels}: {details}." if details else f"{labels}.")
        return " ".join(parts)

    @staticmethod
    def state_word(state: str, translate: Translate = untranslated) -> str:
        """The word a drawing writes on a frame in ``state``."""
        return translate(STATE_WORDS[state])

    def authors_words(self) -> tuple[str, ...]:
        """Everything in the drawing that its author wrote, in reading order: each
        frame's label and note, the figure's own legend texts and its alt text (the
        caption is a text node of the page). A page's translation catalog holds
        these; lessonkit's own words (states, the default legend) are not among them."""
        words = [part for frame in self.frames for part in (frame.label, frame.note)]
        words.extend(text for _, text in self.legend)
        words.append(self.alt)
        return tuple(word for word in words if word)

    def with_words(self, translation: Translate) -> FrameGrid:
        """The same grid with each of :meth:`authors_words` passed through
        ``translation`` (a lookup in the page's translation catalog)."""
        items = tuple(
            replace(
                item,
                label=translation(item.label),
                note=translation(item.note) if item.note else "",
            )
            if isinstance(item, Frame)
            else item
            for item in self.items
        )
        return replace(
            self,
            items=items,
            legend=tuple((state, translation(text)) for state, text in self.legend),
            alt=translation(self.alt) if self.alt else "",
        )


def balanced_columns(columns: int, limit: int = MAX_DRAWN_COLUMNS) -> int:
    """How many frames a drawing puts side by side for a row of ``columns`` frames.

    A row that fits ``limit`` is drawn as it is; a wider one is split into the fewest
    rows of at most ``limit``, filled as evenly as they can be: 20 -> 10 + 10, not
    12 + 8. The stylesheet reflows a grid on a narrow screen by the same rule.
    """
    rows = math.ceil(columns / limit)
    return math.ceil(columns / rows)


def format_seconds(seconds: float, translate: Translate = untranslated) -> str:
    # Translators: a time in seconds, to two decimals: "0.50 s".
    return translate("{seconds} s").format(seconds=f"{seconds:.2f}")


def quoted(value: object) -> str:
    """``value`` in quotes for an error message, shortened to one short line."""
    return repr(shortened(value))


def parse_positive_int(raw: str, option: str, hint: str, maximum: int) -> int:
    text = raw.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    if digits.isascii() and digits.isdigit() and len(digits.lstrip("0")) > len(str(maximum)):
        # Too long to be in range, and int() refuses more than 4,300 digits: judge the
        # sign alone rather than call a whole number "not a whole number".
        problem = "is not positive" if text.startswith("-") else f"is outside 1–{maximum}"
        raise FrameGridError(f":{option}: {quoted(text)} {problem}; {hint}", option=option)
    try:
        value = int(text)
    except ValueError:
        raise FrameGridError(
            f":{option}: {quoted(raw)} is not a whole number; {hint}", option=option
        ) from None
    if value < 1:
        raise FrameGridError(f":{option}: {quoted(text)} is not positive; {hint}", option=option)
    if value > maximum:
        raise FrameGridError(
            f":{option}: {quoted(text)} is outside 1–{maximum}; {hint}", option=option
        )
    return value


def parse_fps(raw: str) -> float:
    hint = "write the clip's frame rate, e.g. ':fps: 24'"
    try:
        value = float(raw.strip())
    except ValueError:
        raise FrameGridError(f":fps: {quoted(raw)} is not a number; {hint}", option="fps") from None
    if not math.isfinite(value) or value <= 0:
        raise FrameGridError(
            f":fps: {quoted(raw.strip())} is not a positive number; {hint}", option="fps"
        )
    return value


def parse_arrows(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS or word == "":
        return True
    if word in FALSE_WORDS:
        return False
    raise FrameGridError(
        f":arrows: {quoted(raw)} is not true or false; write ':arrows: true' or ':arrows: false'",
        option="arrows",
    )


def parse_state(raw: str, line_offset: int | None = None, option: str | None = None) -> str:
    state = raw.strip().lower()
    if state not in STATE_DESCRIPTIONS:
        known = ", ".join(STATE_DESCRIPTIONS)
        raise FrameGridError(
            f"unknown state {quoted(raw.strip())}; use one of: {known}",
            line_offset=line_offset,
            option=option,
        )
    return state


def parse_body(lines: list[str]) -> list[Frame | Gap]:
    items: list[Frame | Gap] = []
    for offset, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if text in GAP_MARKERS:
            if items and isinstance(items[-1], Gap):
                raise FrameGridError(
                    "two elided stretches in a row; write a single '...' line",
                    line_offset=offset,
                )
            items.append(Gap())
            continue
        parts = [part.strip() for part in text.split("|")]
        if len(parts) > 3:
            raise FrameGridError(
                f"too many '|' in {quoted(text)}; write 'LABEL | NOTE | STATE' with at most two '|'",
                line_offset=offset,
            )
        if not parts[0]:
            raise FrameGridError(
                f"frame line {quoted(text)} has no label; start it with the frame's label, "
                f"e.g. 'Frame 1 | note'",
                line_offset=offset,
            )
        state = parse_state(parts[2], line_offset=offset) if len(parts) == 3 and parts[2] else None
        items.append(Frame(label=parts[0], note=parts[1] if len(parts) > 1 else "", state=state))
        if len([item for item in items if isinstance(item, Frame)]) > MAX_FRAMES:
            raise FrameGridError(
                f"more than {MAX_FRAMES} frames; draw every Nth frame and say so with :every:",
                line_offset=offset,
            )
    return items


RANGE_PATTERN = re.compile(r"^(\d+)\s*(?:[-–]\s*(\d+))?\s+(\S+)$")


def parse_state_ranges(raw: str, frame_count: int) -> dict[int, str]:
    """``1-8 free, 9-20 hard`` -> {1: "free", ..., 20: "hard"} (1-based frame numbers)."""
    hint = "write ranges like ':states: 1-8 free, 9-20 hard'"
    states: dict[int, str] = {}
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        match = RANGE_PATTERN.match(item)
        if match is None:
            raise FrameGridError(
                f":states: {quoted(item)} is not a range and a state; {hint}", option="states"
            )
        state = parse_state(match.group(3), option="states")
        if any(
            len(number.lstrip("0")) > len(str(MAX_FRAMES)) for number in match.group(1, 2) if number
        ):
            # Beyond any grid, and too long for int() past 4,300 digits.
            raise FrameGridError(
                f":states: range {quoted(item)} is outside frames 1–{frame_count}; {hint}",
                option="states",
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first > last:
            raise FrameGridError(
                f":states: range {quoted(item)} runs backwards; {hint}", option="states"
            )
        if first < 1 or last > frame_count:
            raise FrameGridError(
                f":states: range {quoted(item)} is outside frames 1–{frame_count}; {hint}",
                option="states",
            )
        for number in range(first, last + 1):
            if number in states:
                raise FrameGridError(
                    f":states: frame {number} is in two ranges; give each frame one state",
                    option="states",
                )
            states[number] = state
    return states


def parse_legend(raw: str) -> tuple[tuple[str, str], ...]:
    """``free: settled detail; hard: still undecided`` -> ((free, ...), (hard, ...))."""
    hint = "write e.g. ':legend: free: clean frames; hard: noisy frames'"
    entries: dict[str, str] = {}
    for item in (part.strip() for part in raw.split(";")):
        if not item:
            continue
        state, colon, text = item.partition(":")
        state = state.strip().lower()
        if not colon or not text.strip():
            raise FrameGridError(
                f":legend: {quoted(item)} is not 'STATE: text'; {hint}", option="legend"
            )
        if state not in STATE_DESCRIPTIONS:
            known = ", ".join(STATE_DESCRIPTIONS)
            raise FrameGridError(
                f":legend: unknown state {quoted(state)}; use one of: {known}", option="legend"
            )
        entries[state] = text.strip()
    return tuple(entries.items())


def parse_frame_grid(caption: str, options: dict[str, str], body_lines: list[str]) -> FrameGrid:
    """Validate the directive's raw options and body; raise FrameGridError if invalid."""
    has_body = any(line.strip() for line in body_lines)
    fps = parse_fps(options["fps"]) if "fps" in options else None
    every = 1
    if "every" in options:
        if fps is None:
            raise FrameGridError(
                ":every: needs :fps: to turn frames into times; add ':fps: 24' (your clip's rate)",
                option="every",
            )
        every = parse_positive_int(
            options["every"], "every", "write e.g. ':every: 4'", maximum=MAX_EVERY
        )
    columns = (
        parse_positive_int(
            options["columns"], "columns", "write e.g. ':columns: 6'", maximum=MAX_FRAMES
        )
        if "columns" in options
        else DEFAULT_COLUMNS
    )
    arrows = parse_arrows(options["arrows"]) if "arrows" in options else True

    if "frames" in options:
        if has_body:
            raise FrameGridError(
                "both :frames: and frame lines were given; keep one of them", option="frames"
            )
        count = parse_positive_int(
            options["frames"],
            "frames",
            f"write a number from 1 to {MAX_FRAMES} and draw every Nth frame with :every:",
            maximum=MAX_FRAMES,
        )
        states = parse_state_ranges(options.get("states", ""), count)
        items: list[Frame | Gap] = [
            Frame(label=str(number), state=states.get(number)) for number in range(1, count + 1)
        ]
    else:
        if "states" in options:
            raise FrameGridError(
                ":states: works with :frames:; with frame lines, write the state after "
                "the second '|' of each line",
                option="states",
            )
        if not has_body:
            raise FrameGridError(
                "the grid has no frames; write one 'LABEL | NOTE | STATE' line per frame "
                "or use ':frames: N'"
            )
        items = parse_body(body_lines)

    if fps is not None:
        if any(isinstance(item, Gap) for item in items):
            raise FrameGridError(
                ":fps: cannot time a grid with an elided stretch ('...'); remove :fps: or "
                "list every drawn frame",
                option="fps",
            )
        items = [
            Frame(item.label, item.note, item.state, index * every / fps)
            for index, item in enumerate(items)
        ]
    legend = parse_legend(options["legend"]) if "legend" in options else ()
    explained = {state for state, _ in legend}
    for item in items:
        state = getattr(item, "state", None)
        if state in NEUTRAL_STATES and state not in explained:
            raise FrameGridError(
                f"the state {quoted(state)} means nothing by itself; say what it marks in "
                f"this figure, e.g. ':legend: {state}: noise shared with the frame before'",
                option="legend",
            )
    return FrameGrid(
        caption=caption.strip(),
        items=tuple(items),
        columns=columns,
        arrows=arrows,
        fps=fps,
        every=every,
        alt=options.get("alt", "").strip(),
        legend=legend,
    )
