"""The frame-grid diagram: a row of video frames through time.

The directive parses its options and body with :func:`parse_frame_grid` (a pure
function in :mod:`lessonkit.frame_grid_model`) and emits a numbered
``nodes.figure`` that holds one :class:`frame_grid` node and the caption, so
``{numref}`` and figure numbering work as for any figure. Each builder draws the
model its own way: HTML as an ordered list per row, laid out by our CSS grid (no
JavaScript, no inline style; the class ``frame-grid-columns-N`` carries the column
count, and narrow screens reflow each row into equal shorter rows), LaTeX as a TikZ
picture whose boxes and gaps are computed from the column count, text as ASCII art.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.text import column_width

from .frame_grid_model import (
    FrameGrid,
    FrameGridError,
    Gap,
    format_seconds,
    parse_frame_grid,
)
from .shared import CR, add_node_everywhere, caption_and_name, translate, warn, write_as_paragraph
from .translatable_words import translatable_words, words_to_translate

try:
    from myst_parser.mocking import MockState as MystMockState
except ImportError:  # the directive also works in reStructuredText projects
    MystMockState = ()

OPTION_NAMES = (
    "name",
    "class",
    "fps",
    "every",
    "columns",
    "arrows",
    "alt",
    "frames",
    "states",
    "legend",
)


class frame_grid(nodes.General, nodes.Element, translatable_words):
    """The drawing; its parsed model is in ``node["grid"]``. The labels, notes,
    legend texts and alt text its author wrote are messages of the page's catalog
    (``node["words"]``); a translated build puts their translations in the model."""

    def use_translation(self, original: str, translated: str) -> None:
        self["grid"] = self["grid"].with_words(
            lambda text: translated if text == original else text
        )


class FrameGridDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        **{name: directives.unchanged for name in OPTION_NAMES},
        "class": directives.class_option,
    }

    def body_line(self, index: int) -> int:
        """The 1-based source line of body line ``index``."""
        if isinstance(self.state, MystMockState):
            # MyST counts content_offset from the directive's own line.
            return self.lineno + self.content_offset + index + 1
        return self.content_offset + index + 1

    def run(self) -> list[nodes.Node]:
        raw_options = {
            name: value or ""
            for name, value in self.options.items()
            if name not in ("name", "class")
        }
        caption_text = self.arguments[0] if self.arguments else ""
        try:
            grid = parse_frame_grid(caption_text, raw_options, list(self.content))
        except FrameGridError as error:
            line = self.lineno
            if error.line_offset is not None:
                line = self.body_line(error.line_offset)
            warn(
                f"frame-grid: {error.message}; the figure is left out until this is fixed",
                (self.env.docname, line),
                "frame-grid",
            )
            return []

        figure = nodes.figure("", classes=["frame-grid", *self.options.get("class", [])])
        self.set_source_info(figure)
        drawing = frame_grid("", grid=grid, words=words_to_translate(grid.authors_words()))
        self.set_source_info(drawing)
        figure += drawing
        return caption_and_name(self, figure, caption_text)


# -- HTML -------------------------------------------------------------------------


def state_word(state: str) -> str:
    return FrameGrid.state_word(state, translate)


def seconds(time: float) -> str:
    return format_seconds(time, translate)


def html_visit_frame_grid(self, node: frame_grid) -> None:
    grid: FrameGrid = node["grid"]
    description = grid.alt or grid.describe(translate)
    out = self.body
    # The stylesheet has a rule per column count (1 to MAX_DRAWN_COLUMNS): the
    # count reaches it as a class, never as an inline style.
    out.append(f'<div class="frame-grid-drawing frame-grid-columns-{grid.drawn_columns}">' + CR)
    out.append(f'<p class="frame-grid-description">{self.encode(description)}</p>' + CR)
    arrows = " frame-grid-arrows" if grid.arrows else ""
    for row in grid.rows:
        out.append(f'<ol class="frame-grid-row{arrows}" aria-hidden="true">' + CR)
        for item in row:
            if isinstance(item, Gap):
                out.append('<li class="frame-grid-gap"><span>…</span></li>' + CR)
                continue
            state_class = f" frame-grid-{item.state}" if item.state else ""
            out.append(f'<li class="frame-grid-frame{state_class}">')
            out.append(f'<span class="frame-grid-label">{self.encode(item.label)}</span>')
            if item.time is not None:
                out.append(
                    f'<span class="frame-grid-time">{self.encode(seconds(item.time))}</span>'
                )
            if item.note:
                out.append(f'<span class="frame-grid-note">{self.encode(item.note)}</span>')
            if item.state:
                out.append(
                    f'<span class="frame-grid-state">{self.encode(state_word(item.state))}</span>'
                )
            out.append("</li>" + CR)
        out.append("</ol>" + CR)
    if grid.states_used:
        legend = self.attval(translate("Legend"))
        out.append(f'<dl class="frame-grid-legend" aria-label="{legend}">' + CR)
        for state in grid.states_used:
            out.append(
                f'<div class="frame-grid-legend-item frame-grid-{state}">'
                f"<dt>{self.encode(state_word(state))}</dt>"
                f"<dd>{self.encode(grid.legend_text(state, translate))}</dd></div>" + CR
            )
        out.append("</dl>" + CR)
    out.append("</div>" + CR)
    raise nodes.SkipNode


# -- LaTeX ------------------------------------------------------------------------

LATEX_STATE_STYLE = {
    "free": "lessonkit frame free",
    "hard": "lessonkit frame hard",
    "key": "lessonkit frame key",
    "shaded": "lessonkit frame shaded",
    "dotted": "lessonkit frame dotted",
}


#: Fewest slots a row of boxes is divided into: one to three frames get boxes a
#: quarter of the line wide, not the whole line.
LATEX_MIN_SLOTS = 4
#: Room left for a box's border outside its path: the widest border is the key
#: frame's double line, 2 x 0.4pt lines 1pt apart, half of it outside the path.
LATEX_BORDER_PT = 2.0
#: Space between rows; the arrow from one row to the next turns halfway down it.
LATEX_ROW_SEP_CM = 0.7
#: Where the arrows between boxes run: half the boxes' minimum height below their tops.
LATEX_ARROW_DROP_CM = 0.7


@dataclass(frozen=True)
class LatexGeometry:
    r"""A row of boxes across the line: the picture's x unit is one slot (``pitch``),
    each box is centred in its slot, and the rest of the slot is the gap that holds
    the arrow of time. Widths are fractions of ``\linewidth``, so the picture fits
    any line (A4, letter, inside a box). A box's path is ``box * \linewidth`` less
    :data:`LATEX_BORDER_PT`, so with its border it is at most ``box * \linewidth``
    wide, and neighbouring boxes are at least ``gap * \linewidth`` apart.
    """

    slots: int
    #: one slot, the distance between the centres of neighbouring boxes
    pitch: float
    #: the least space between neighbouring boxes' outer edges
    gap: float
    #: a box's outer width, its border included
    box: float
    inner_xsep_pt: float
    font: str
    arrow_length_mm: float

    @property
    def path_width(self) -> str:
        """The box's drawn outline: its outer width less the border."""
        return f"{{{self.box:.4f}\\linewidth-{LATEX_BORDER_PT:g}pt}}"

    @property
    def text_width(self) -> str:
        """Fixed, so no label can widen a box beyond its slot; long words hyphenate."""
        return f"{{{self.box:.4f}\\linewidth-{LATEX_BORDER_PT + 2 * self.inner_xsep_pt:g}pt}}"


def latex_geometry(columns: int) -> LatexGeometry:
    """Box, gap and type size for ``columns`` boxes side by side.

    The gap is 3 % of the line up to 10 columns (0.48 cm of A4's 15.9 cm line) and
    0.3 / columns beyond (0.40 cm at 12). Drawings ask for at most
    ``MAX_DRAWN_COLUMNS`` (12); past that the gap stays open, but the boxes become
    too narrow for words, and the type drops to tiny.
    """
    slots = max(columns, LATEX_MIN_SLOTS)
    pitch = 1 / slots
    gap = min(0.03, 0.3 / slots)
    return LatexGeometry(
        slots=slots,
        pitch=pitch,
        gap=gap,
        box=pitch - gap,
        inner_xsep_pt=2.0 if slots <= 8 else 1.5 if slots <= 12 else 1.0,
        font=r"\scriptsize" if slots <= 12 else r"\tiny",
        arrow_length_mm=2.0 if slots <= 8 else 1.5 if slots <= 12 else 1.0,
    )


def latex_lines(lines: list[str]) -> str:
    # \hspace{0pt} lets TeX hyphenate a line's first word, which it otherwise never does.
    return r"\\ ".join(r"\hspace{0pt}" + line for line in lines)


def latex_visit_frame_grid(self, node: frame_grid) -> None:
    grid: FrameGrid = node["grid"]
    geometry = latex_geometry(grid.drawn_columns)
    out = self.body
    out.append(
        CR + r"\begin{center}\begin{tikzpicture}["
        f"x={geometry.pitch:.4f}\\linewidth, y=1cm, "
        f"lessonkit slot/.style={{minimum width={geometry.path_width}, "
        f"text width={geometry.text_width}, inner xsep={geometry.inner_xsep_pt:g}pt, "
        f"font={geometry.font}, anchor=north}}]" + CR
    )
    position = 0
    rows = grid.drawn_rows
    for row_index, row in enumerate(rows):
        # Each row hangs from a line below the previous row's lowest box, so a box
        # with a long note pushes the next row down instead of overlapping it.
        top = "0" if row_index == 0 else f"0 |- lessonkit row {row_index}"
        if row_index:
            out.append(
                rf"\coordinate (lessonkit row {row_index}) at "
                rf"([yshift=-{LATEX_ROW_SEP_CM}cm]lessonkit row box {row_index - 1}.south);" + CR
            )
        names = []
        for column_index, item in enumerate(row):
            name = f"f{position}"
            names.append(name)
            at = f"({column_index + 0.5:g},{top})"
            if isinstance(item, Gap):
                out.append(
                    rf"\node[lessonkit gap, lessonkit slot] ({name}) at {at} {{\dots}};" + CR
                )
            else:
                lines = [r"\textbf{" + self.encode(item.label) + "}"]
                if item.time is not None:
                    lines.append(self.encode(seconds(item.time)))
                if item.note:
                    lines.append(self.encode(item.note))
                if item.state:
                    lines.append(r"\textit{" + self.encode(state_word(item.state)) + "}")
                style = LATEX_STATE_STYLE.get(item.state or "", "lessonkit frame")
                out.append(
                    rf"\node[{style}, lessonkit slot] ({name}) at {at} {{{latex_lines(lines)}}};"
                    + CR
                )
            if grid.arrows and column_index:
                # Forward, from the previous box's right edge to this box's left edge,
                # at one height for the whole row (the boxes' tops are aligned).
                out.append(
                    rf"\draw[lessonkit arrow={geometry.arrow_length_mm:g}mm] "
                    rf"([yshift=-{LATEX_ARROW_DROP_CM}cm]f{position - 1}.north east) -- "
                    rf"([yshift=-{LATEX_ARROW_DROP_CM}cm]{name}.north west);" + CR
                )
            position += 1
        fit = "".join(f"({name})" for name in names)
        out.append(rf"\node[fit={fit}, inner sep=0pt] (lessonkit row box {row_index}) {{}};" + CR)
        if grid.arrows and row_index:
            # The row before wraps into this one: down from its last box, back along
            # the middle of the space between the rows, down into this row's first box.
            first = f"f{position - len(row)}"
            last = f"f{position - len(row) - 1}"
            out.append(
                rf"\draw[lessonkit arrow={geometry.arrow_length_mm:g}mm] ({last}.south) -- "
                rf"([yshift={LATEX_ROW_SEP_CM / 2:g}cm]{last}.south |- lessonkit row {row_index}) "
                rf"-| ({first}.north);" + CR
            )
    out.append(r"\end{tikzpicture}" + CR)
    if grid.states_used:
        legend = "; ".join(
            r"\textit{"
            + self.encode(state_word(state))
            + "}: "
            + self.encode(grid.legend_text(state, translate))
            for state in grid.states_used
        )
        out.append(r"\par{\small " + legend + "}" + CR)
    out.append(r"\end{center}" + CR)
    raise nodes.SkipNode


LATEX_PREAMBLE = r"""
\usetikzlibrary{arrows.meta,fit}
\tikzset{
  lessonkit frame/.style={draw, rounded corners=2pt, align=center, font=\scriptsize,
    inner sep=2pt, minimum height=1.4cm},
  lessonkit frame free/.style={lessonkit frame, dashed},
  lessonkit frame hard/.style={lessonkit frame, very thick, fill=black!12},
  lessonkit frame key/.style={lessonkit frame, double, double distance=1pt},
  lessonkit frame shaded/.style={lessonkit frame, fill=black!6},
  lessonkit frame dotted/.style={lessonkit frame, dotted, thick},
  lessonkit gap/.style={align=center, minimum height=1.4cm},
  lessonkit arrow/.style={-{Stealth[length=#1]}, thick},
  lessonkit arrow/.default=2mm,
}
"""


# -- Text and everything else -----------------------------------------------------


def centred(text: str, width: int) -> str:
    """``text`` centred as ``str.center`` does, by the columns it takes on a terminal:
    a Hangul syllable or a CJK character takes two, so Korean labels keep the boxes
    straight."""
    margin = width - column_width(text)
    if margin <= 0:
        return text
    left = margin // 2 + (margin & width & 1)
    return " " * left + text + " " * (margin - left)


#: Columns of the plain-text book (Sphinx's text writer wraps its paragraphs at 70).
TEXT_COLUMNS = 72


def wrap_columns(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns, broken at spaces (a
    word longer than a line is cut); counted as ``column_width`` counts, so Korean
    labels, two columns a syllable, fit too. Sphinx's own ``my_wrap`` counts columns
    as well, but breaks Korean words in the middle."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while column_width(word) > columns:
            if line:
                lines.append(line)
                line = ""
            cut = len(word)
            while column_width(word[:cut]) > columns:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        if line and column_width(f"{line} {word}") > columns:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def ascii_frame_grid(grid: FrameGrid, columns: int = TEXT_COLUMNS) -> str:
    """The seed's ASCII picture: boxes joined by arrows, one line of boxes per wrapped
    row, in at most ``columns`` columns. Boxes that do not fit beside each other go on
    the next line (the arrow at the end of a line says the row goes on), and text
    wider than a box is wrapped inside it."""
    joiner = "-->" if grid.arrows else "   "
    lines: list[str] = []
    for row in grid.rows:
        cells = []
        for item in row:
            if isinstance(item, Gap):
                cells.append(["", "...", "", ""])
                continue
            cells.append(
                [
                    item.label,
                    seconds(item.time) if item.time is not None else "",
                    item.note,
                    f"[{state_word(item.state)}]" if item.state else "",
                ]
            )
        # A box: "|" + its inside + "|", then three columns for the arrow.
        inside = min(
            max(column_width(part) for cell in cells for part in cell) + 2,
            columns - len(joiner) - 2,
        )
        per_line = max(1, columns // (inside + 2 + len(joiner)))
        texts = [[wrap_columns(part, inside - 2) for part in cell] for cell in cells]
        for first in range(0, len(cells), per_line):
            boxes = texts[first : first + per_line]
            row_goes_on = first + per_line < len(cells)
            border = (" " * len(joiner)).join("+" + "-" * inside + "+" for _ in boxes)
            lines.append(border)
            for part in range(4):
                height = max(len(box[part]) for box in boxes)
                for depth in range(height):
                    pieces = []
                    for index, box in enumerate(boxes):
                        arrow = depth == 0 and part == 0 and (index < len(boxes) - 1 or row_goes_on)
                        text = box[part][depth] if depth < len(box[part]) else ""
                        pieces.append(
                            "|" + centred(text, inside) + "|" + (joiner if arrow else "   ")
                        )
                    lines.append("".join(pieces).rstrip())
            lines.append(border)
    if grid.states_used:
        lines.append("")
        for state in grid.states_used:
            lines.extend(
                wrap_columns(f"[{state_word(state)}] {grid.legend_text(state, translate)}", columns)
            )
    return CR.join(lines)


def text_visit_frame_grid(self, node: frame_grid) -> None:
    # Inside an exercise or a list the writer indents every line: draw narrower.
    columns = max(TEXT_COLUMNS - sum(self.stateindent), 36)
    self.new_state(0)
    self.add_text(ascii_frame_grid(node["grid"], columns))
    self.end_state(wrap=False)
    raise nodes.SkipNode


def fallback_visit_frame_grid(self, node: frame_grid) -> None:
    """Builders without a drawing get the frames as a sentence, never nothing."""
    grid: FrameGrid = node["grid"]
    write_as_paragraph(self, node, grid.alt or grid.describe(translate))
    raise nodes.SkipNode


def add_latex_preamble(app: Sphinx, config: Config) -> None:
    # The LaTeX builder reads latex_elements when it is created, so this must
    # happen at config-inited, before any builder exists.
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def setup_frame_grid(app: Sphinx) -> None:
    add_node_everywhere(
        app,
        frame_grid,
        html=(html_visit_frame_grid, None),
        latex=(latex_visit_frame_grid, None),
        text=(text_visit_frame_grid, None),
        fallback=(fallback_visit_frame_grid, None),
    )
    app.add_directive("frame-grid", FrameGridDirective)
    app.add_latex_package("tikz")
    app.connect("config-inited", add_latex_preamble)
