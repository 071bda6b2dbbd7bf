"""Static figures through matplotlib's Agg renderer: PNG for the web, PDF (vector) for print.

Output is deterministic: no pyplot state, matplotlib's defaults instead of any user style,
and no software name or creation date in the files' metadata.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # matplotlib is imported only when a figure is made
    from matplotlib.figure import Figure

# The Okabe–Ito palette: distinguishable with colour-blindness and in grey print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "pdf.fonttype": 42,  # embed TrueType: text stays text in the PDF
    "svg.hashsalt": "streamlab",
    "path.simplify": False,
}
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None}
FIGURE_SUFFIXES = (".png", ".pdf")


@contextlib.contextmanager
def figure_context() -> Iterator[None]:
    """Matplotlib's defaults plus the lab's style, whatever the user's matplotlibrc says.
    Figures are drawn by Agg and written by savefig; pyplot is never used."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=PALETTE)
        yield


def _figure(margins: dict | None = None, **kwargs) -> Figure:
    """A figure with fixed margins (fractions of the figure): laid out once, instead of
    by a layout engine that runs again at every save."""
    from matplotlib.figure import Figure

    figure = Figure(**kwargs)
    figure.subplots_adjust(**(margins or {"left": 0.1, "right": 0.98, "bottom": 0.15, "top": 0.96}))
    return figure


def save_figure(figure: Figure, path: Path) -> None:
    """Write a figure as PNG or PDF (by the suffix), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    handle, temporary = tempfile.mkstemp(suffix=suffix, dir=path.parent, prefix=".streamlab-")
    os.close(handle)
    try:
        if suffix == ".png":
            _save_palette_png(figure, temporary)
        else:
            figure.savefig(temporary, format="pdf", metadata=PDF_METADATA)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _save_palette_png(figure: Figure, path: str) -> None:
    """PNG with a palette of 256 colours: a quarter to a third of the bytes of the
    full-colour file (the trajectory grid: 249 KB against 67 KB), which a reader on a
    phone downloads with the page. Octree quantisation keeps each region's colour
    within a few levels of the original, so the creatures' hues, which the figures
    are about, survive; median cut, tried first, turned pink to brown."""
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # re-encoded below by Pillow, which stamps no version
    image = Image.open(buffer)
    if image.mode == "RGBA" and image.getextrema()[3][0] < 255:
        image.save(path, format="PNG", optimize=True)  # see-through: keep every colour
        return
    palette = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    palette.save(path, format="PNG", optimize=True)


def _image_axes(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


GAP = 3  # pixels between the cells of a mosaic


def mosaic(cells: list[list[np.ndarray]]) -> np.ndarray:
    """Images (rows of cells of one size) tiled into one image on white, GAP pixels apart."""
    height, width = cells[0][0].shape[:2]
    rows, cols = len(cells), max(len(row) for row in cells)
    canvas = np.ones((rows * (height + GAP) - GAP, cols * (width + GAP) - GAP, 3))
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            top, left = r * (height + GAP), c * (width + GAP)
            canvas[top : top + height, left : left + width] = np.clip(cell, 0, 1)
    return canvas


def _mosaic_figure(
    cells: list[list[np.ndarray]],
    column_titles: list[str],
    row_titles: list[str] | None = None,
    cell_inches: float = 1.2,
) -> Figure:
    """A grid of images drawn as one picture (one axes, however many cells), with a
    title over each column and, optionally, a label left of each row."""
    picture = mosaic(cells)
    height, width = cells[0][0].shape[:2]
    scale = cell_inches / width  # inches per image pixel
    left = 0.75 if row_titles else 0.05
    figure = _figure(
        figsize=(picture.shape[1] * scale + left + 0.05, picture.shape[0] * scale + 0.3)
    )
    ax = figure.add_axes(
        (
            left / figure.get_figwidth(),
            0.02,
            1 - (left + 0.05) / figure.get_figwidth(),
            1 - 0.32 / figure.get_figheight(),
        )
    )
    ax.imshow(picture, interpolation="nearest")
    _image_axes(ax)
    for c, title in enumerate(column_titles):
        ax.text(c * (width + GAP) + width / 2, -4, title, ha="center", va="bottom", fontsize=7.5)
    for r, title in enumerate(row_titles or []):
        ax.text(-5, r * (height + GAP) + height / 2, title, ha="right", va="center", fontsize=7.5)
    return figure


def frame_strip(frames: np.ndarray, fps: float, count: int = 6) -> Figure:
    """``count`` evenly spaced frames of a clip in a row, each labelled with its time."""
    picks = np.unique(np.linspace(0, len(frames) - 1, min(count, len(frames))).round().astype(int))
    return _mosaic_figure([[frames[i] for i in picks]], [f"{i / fps:.2f} s" for i in picks])


def trajectory_grid(
    guesses: list[np.ndarray],
    times: list[float],
    step_numbers: list[int],
    frame_numbers: list[int],
    fps: float,
    frame_labels: list[int] | None = None,
) -> Figure:
    """Rows: the denoiser's guess at the clean clip at some sampling steps; columns: frames
    (``guesses[r][frame_numbers[c]]``, labelled with ``frame_labels`` if the guesses hold
    only the shown frames)."""
    frame_labels = frame_labels or frame_numbers
    cells = [[guess[frame] for frame in frame_numbers] for guess in guesses]
    columns = [f"frame {label + 1} ({label / fps:.2f} s)" for label in frame_labels]
    rows = [f"step {step}\nt = {t:.2f}" for step, t in zip(step_numbers, times, strict=True)]
    return _mosaic_figure(cells, columns, rows)


def flow_2d(
    data: np.ndarray,
    paths: np.ndarray,
    landings: dict[int, np.ndarray],
    destinations: np.ndarray,
) -> Figure:
    """Left: flow-matching paths from noise (t = 1) to data (t = 0), coloured by the point
    they reach. Right: where the same starting noise lands after 1, 2, 4 and 8 Euler steps."""
    figure = _figure(figsize=(7.2, 3.6))
    grid = figure.add_gridspec(
        2, 4, left=0.06, right=0.99, bottom=0.09, top=0.93, wspace=0.35, hspace=0.42
    )
    ax = figure.add_subplot(grid[:, :2])
    limit = float(np.abs(paths).max()) * 1.05
    from matplotlib.collections import LineCollection

    colours = [PALETTE[k % len(PALETTE)] for k in destinations]
    # One artist for all the paths: hundreds of separate lines are slow to lay out and save.
    ax.add_collection(
        LineCollection(np.swapaxes(paths, 0, 1), colors=colours, linewidths=0.45, alpha=0.55)
    )
    ax.scatter(paths[0, :, 0], paths[0, :, 1], s=3, color="0.55", zorder=2, label="noise, t = 1")
    ax.scatter(
        data[:, 0], data[:, 1], s=60, marker="*", color="black", zorder=3, label="data points"
    )
    ax.set_title("Paths of the exact flow (64 small steps)")
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    mean = data.mean(axis=0)
    box = float(np.abs(data).max()) * 1.4
    for i, (steps, points) in enumerate(sorted(landings.items())):
        sub = figure.add_subplot(grid[i // 2, 2 + i % 2])
        # Data and mean underneath, hollow, so samples landing on them stay visible.
        sub.scatter(
            data[:, 0],
            data[:, 1],
            s=70,
            marker="*",
            facecolors="none",
            edgecolors="black",
            linewidths=0.8,
            zorder=1,
        )
        sub.scatter(
            [mean[0]],
            [mean[1]],
            s=70,
            marker="o",
            facecolors="none",
            edgecolors=PALETTE[1],
            linewidths=1.2,
            zorder=1,
        )
        sub.scatter(points[:, 0], points[:, 1], s=5, color=PALETTE[0], alpha=0.6, zorder=2)
        spread = float(np.linalg.norm(points - mean, axis=1).max())
        note = f"all {len(points)} on the mean" if spread < 1e-9 else ""
        sub.set_title(f"{steps} Euler step{'s' if steps > 1 else ''}")
        if note:
            sub.text(
                0.5, 0.06, note, transform=sub.transAxes, ha="center", fontsize=7, color=PALETTE[1]
            )
        sub.set_xlim(-box, box)
        sub.set_ylim(-box, box)
        sub.set_aspect("equal")
        sub.tick_params(labelsize=6)
    figure.text(0.99, 0.005, "circle: the data mean", ha="right", fontsize=7, color=PALETTE[1])
    return figure


def drift_curves(result: dict) -> Figure:
    """Identity drift at each hand-over for the chunked generator's three settings."""
    figure = _figure(figsize=(5.6, 3.0))
    ax = figure.add_subplot()
    handovers = result["handover"]
    labels = {
        "fixed": "fixed error per hand-over",
        "feedback": "with exposure-bias feedback",
        "anchored": f"feedback, anchored every {result['anchor_every']}",
    }
    for (key, label), marker in zip(labels.items(), ("o", "s", "^"), strict=True):
        ax.plot(handovers, result[key], marker=marker, markersize=3.5, linewidth=1.2, label=label)
    ax.set_xlabel("hand-overs")
    ax.set_ylabel("identity drift (colour distance)")
    ax.set_xlim(0, max(handovers))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=7.5)
    return figure


def fd_curves(result: dict) -> Figure:
    """Fréchet distance against sample size: two samples of one distribution, and a shift."""
    figure = _figure(figsize=(5.6, 3.0))
    ax = figure.add_subplot()
    sizes = result["clips"]
    ax.plot(sizes, result["same"], marker="o", markersize=3.5, label="same distribution")
    ax.plot(
        sizes,
        result["shifted"],
        marker="s",
        markersize=3.5,
        label=f"shifted (warm cast {result['shift']})",
    )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel("clips per set")
    ax.set_ylabel("Fréchet distance (per-frame features)")
    ax.legend(frameon=False, fontsize=7.5)
    return figure


def compress_grid(
    original: np.ndarray, rows: list[tuple[str, np.ndarray, np.ndarray]], gain: float
) -> Figure:
    """One frame: the original, its reconstruction at each ratio, and the difference."""
    cells = [[original, decoded, difference] for _, decoded, difference in rows]
    titles = ["original", "decoded", f"difference × {gain:g}"]
    return _mosaic_figure(
        cells, titles, [label.replace(" (", "\n(") for label, _, _ in rows], cell_inches=1.8
    )
