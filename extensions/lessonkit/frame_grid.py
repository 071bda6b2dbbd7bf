"""The frame-grid diagram: a row of video frames through time.

The directive parses its options and body with :func:`parse_frame_grid` (a pure
function in :mod:`lessonkit.frame_grid_model`) and emits a numbered
``nodes.figure`` that holds one :class:`frame_grid` node and the caption, so
``{numref}`` and figure numbering work as for any figure. Each builder draws the
model its own way: HTML as an ordered list styled by our CSS (no JavaScript, wraps
on a phone), LaTeX as a TikZ picture, text as ASCII art.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from .frame_grid_model import (
    FrameGrid,
    FrameGridError,
    Gap,
    format_seconds,
    parse_frame_grid,
)
from .shared import CR, translate, visit_skip, warn

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


class frame_grid(nodes.General, nodes.Element):
    """The drawing; its parsed model is in ``node["grid"]``."""


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
        drawing = frame_grid("", grid=grid)
        self.set_source_info(drawing)
        figure += drawing
        if caption_text:
            inline_nodes, messages = self.state.inline_text(caption_text, self.lineno)
            caption = nodes.caption(caption_text, "", *inline_nodes)
            self.set_source_info(caption)
            figure += caption
        else:
            messages = []
        if "name" in self.options:
            self.options["name"] = self.options["name"].strip()
            self.add_name(figure)
        return [figure, *messages]


# -- HTML -------------------------------------------------------------------------


def state_word(state: str) -> str:
    return translate(state)


def html_visit_frame_grid(self, node: frame_grid) -> None:
    grid: FrameGrid = node["grid"]
    description = grid.alt or grid.describe()
    out = self.body
    out.append('<div class="frame-grid-drawing">' + CR)
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
                    f'<span class="frame-grid-time">{self.encode(format_seconds(item.time))}</span>'
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
        out.append(
            f'<dl class="frame-grid-legend" aria-label="{self.attval(translate("Legend"))}">' + CR
        )
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
}


def latex_visit_frame_grid(self, node: frame_grid) -> None:
    grid: FrameGrid = node["grid"]
    columns = max(len(row) for row in grid.rows)
    # Frames share the text width; 0.9 leaves room for the arrows between them.
    width = f"{0.9 / columns:.4f}\\linewidth"
    pitch = f"{1.0 / columns:.4f}\\linewidth"
    out = self.body
    out.append(CR + r"\begin{center}\begin{tikzpicture}[x=" + pitch + ", y=-1cm]" + CR)
    position = 0
    for row_index, row in enumerate(grid.rows):
        for column_index, item in enumerate(row):
            name = f"f{position}"
            at = f"({column_index + 0.5},{row_index * 2.2})"
            if isinstance(item, Gap):
                out.append(
                    rf"\node[lessonkit gap, minimum width={width}] ({name}) at {at} {{\dots}};" + CR
                )
            else:
                lines = [r"\textbf{" + self.encode(item.label) + "}"]
                if item.time is not None:
                    lines.append(self.encode(format_seconds(item.time)))
                if item.note:
                    lines.append(self.encode(item.note))
                if item.state:
                    lines.append(r"\textit{" + self.encode(state_word(item.state)) + "}")
                style = LATEX_STATE_STYLE.get(item.state or "", "lessonkit frame")
                text = r"\\ ".join(lines)
                out.append(rf"\node[{style}, text width={width}] ({name}) at {at} {{{text}}};" + CR)
            if grid.arrows and position:
                previous = f"f{position - 1}"
                if column_index == 0:
                    # Wrapped row: the arrow runs back to the start of the next row.
                    out.append(
                        rf"\draw[lessonkit arrow] ({previous}.south) -- ++(0,0.35) -| ({name}.north);"
                        + CR
                    )
                else:
                    out.append(rf"\draw[lessonkit arrow] ({previous}) -- ({name});" + CR)
            position += 1
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
\usetikzlibrary{arrows.meta,positioning}
\tikzset{
  lessonkit frame/.style={draw, rounded corners=2pt, align=center, font=\scriptsize,
    inner sep=2pt, minimum height=1.4cm},
  lessonkit frame free/.style={lessonkit frame, dashed},
  lessonkit frame hard/.style={lessonkit frame, very thick, fill=black!12},
  lessonkit frame key/.style={lessonkit frame, double, double distance=1pt},
  lessonkit gap/.style={align=center, font=\small, minimum height=1.4cm},
  lessonkit arrow/.style={-{Stealth[length=2mm]}, thick},
}
"""


# -- Text and everything else -----------------------------------------------------


def ascii_frame_grid(grid: FrameGrid) -> str:
    """The seed's ASCII picture: boxes joined by arrows, one row per wrapped row."""
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
                    format_seconds(item.time) if item.time is not None else "",
                    item.note,
                    f"[{state_word(item.state)}]" if item.state else "",
                ]
            )
        width = max(max(len(part) for part in cell) for cell in cells) + 2
        joiner = "-->" if grid.arrows else "   "
        border = (" " * 3).join("+" + "-" * width + "+" for _ in cells)
        lines.append(border)
        for part in range(4):
            if not any(cell[part] for cell in cells):
                continue
            pieces = []
            for index, cell in enumerate(cells):
                link = joiner if part == 0 and index < len(cells) - 1 else "   "
                pieces.append("|" + cell[part].center(width) + "|" + link)
            lines.append("".join(pieces).rstrip())
        lines.append(border)
    if grid.states_used:
        lines.append("")
        for state in grid.states_used:
            lines.append(f"[{state_word(state)}] {grid.legend_text(state, translate)}")
    return CR.join(lines)


def text_visit_frame_grid(self, node: frame_grid) -> None:
    self.new_state(0)
    self.add_text(ascii_frame_grid(node["grid"]))
    self.end_state(wrap=False)
    raise nodes.SkipNode


def fallback_visit_frame_grid(self, node: frame_grid) -> None:
    """Builders without a drawing get the frames as a sentence, never nothing."""
    grid: FrameGrid = node["grid"]
    self.visit_paragraph(node)
    self.visit_Text(nodes.Text(grid.alt or grid.describe()))
    self.depart_paragraph(node)
    raise nodes.SkipNode


def add_latex_preamble(app: Sphinx, config: Config) -> None:
    # The LaTeX builder reads latex_elements when it is created, so this must
    # happen at config-inited, before any builder exists.
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def setup_frame_grid(app: Sphinx) -> None:
    app.add_node(
        frame_grid,
        html=(html_visit_frame_grid, None),
        latex=(latex_visit_frame_grid, None),
        text=(text_visit_frame_grid, None),
        man=(fallback_visit_frame_grid, None),
        texinfo=(fallback_visit_frame_grid, None),
        gettext=(visit_skip, None),
    )
    app.add_directive("frame-grid", FrameGridDirective)
    app.add_latex_package("tikz")
    app.connect("config-inited", add_latex_preamble)
