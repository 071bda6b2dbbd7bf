"""streamlab: a small, real video sampler and the metrics the book teaches.

The data are a mixture of template clips (a few characters, each with a few motions, over
a textured background) with Gaussian variation around each template. For such a mixture
the denoiser is exact in closed form (:mod:`streamlab.mixture`), so diffusion and flow
matching run for real, with no training and no downloaded weights, in numpy.

Making clips and figures
------------------------
``GENERATORS``
    name -> :class:`~streamlab.generators.Generator`: ``summary``, ``lesson``, ``kind``
    ("clip" or "figure"), ``suffixes``, ``params`` (each a
    :class:`~streamlab.generators.Param` with ``name``, ``kind``, ``default``, ``help``,
    ``low``, ``high``), and ``validate(mapping) -> dict``, which turns
    ``{"seed": "3", "frames": "48"}`` into typed values or raises :class:`LabError`.
``make(name, out, *, progress=None, **params) -> Path``
    Validate, run, write ``out`` (.mp4 for clips; .png or .pdf for figures, or a clip's
    frame strip). Same parameters, same bytes.
``generate(name, **params)``
    The same in memory: a ``Clip`` (frames, fps, info) or a matplotlib figure.
``cache_key(name, **params) -> str``
    Changes exactly when the output could: with the validated parameters (defaults
    included) or with the lab's source code. A build can keep made files under it.

Measuring
---------
``measure(path) -> dict``
    Keys ``flicker``, ``flicker_static``, ``warp_error``, ``identity_drift`` and
    ``flashes`` (a dict: ``passed``, ``general_flashes``, ``red_flashes``,
    ``general_area``, ``red_area``, ...), plus ``frames``, ``fps``, ``width``,
    ``height``, ``seconds``. Reads the file a frame at a time, three times over, so its
    memory does not grow with the clip's length.
``flashes(path_or_frames, fps=None) -> FlashResult``
    WCAG 2.3.1 three-flashes check; ``.passed`` says whether the clip is safe to show.
``flicker``, ``warp_error``, ``identity_drift``, ``frechet``
    The metrics on arrays of frames (:mod:`streamlab.metrics` documents each formula).

Numbers for the text
--------------------
``flicker_comparison``, ``compression_quality``, ``drift_curve``, ``frechet_vs_n``,
``content_bias``, ``flow_2d_landing``: plain dicts of numbers (:mod:`streamlab.experiments`).

Errors the user can fix raise :class:`LabError`, a ``ValueError`` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import LabError
from .experiments import (
    compression_quality,
    content_bias,
    drift_curve,
    flicker_comparison,
    flow_2d_landing,
    frechet_vs_n,
)
from .generators import GENERATORS, cache_key, generate
from .generators import make as _make
from .metrics import FlashResult, flicker, frechet, identity_drift, warp_error
from .progress import Progress, silent
from .threads import single_threaded
from .video import open_video, replayable

__all__ = [
    "GENERATORS",
    "FlashResult",
    "LabError",
    "cache_key",
    "compression_quality",
    "content_bias",
    "drift_curve",
    "flashes",
    "flicker",
    "flicker_comparison",
    "flow_2d_landing",
    "frechet",
    "frechet_vs_n",
    "generate",
    "identity_drift",
    "make",
    "measure",
    "warp_error",
]


def make(
    name: str, out: Path | str | list[Path | str], *, progress: Progress | None = None, **params
) -> Path | list[Path]:
    """Make generator ``name``'s output at ``out`` (or at each path of a list, from one
    run) and return the path (or paths). ``progress(stage, done, total)`` is called as the
    work goes on."""
    outs = Path(out) if isinstance(out, str | Path) else [Path(path) for path in out]
    return _make(name, outs, progress=progress or silent, **params)


@single_threaded
def flashes(source: Path | str | np.ndarray, fps: float | None = None) -> FlashResult:
    """WCAG 2.3.1 check of a video file, or of frames (T, H, W, 3) at ``fps``."""
    from . import metrics

    if isinstance(source, np.ndarray):
        if fps is None:
            raise LabError("flashes of an array of frames needs its fps")
        return metrics.flashes(source, fps)
    video = open_video(Path(source))
    return metrics.flashes(replayable(video.frames), video.fps)


def _number(value: float) -> float:
    return float(f"{float(value):.6g}")


@single_threaded
def measure(path: Path | str, *, progress: Progress | None = None) -> dict:
    """The book's metrics of one video file. Motion is estimated by block matching (the
    file does not say how things moved); flicker_static keeps to blocks where nothing
    moves. The file is read three times over, a frame at a time, so a long or large
    clip needs memory for a few of its frames, not for all of them (a small clip is
    decoded once and kept)."""
    from . import metrics

    report = progress or silent
    path = Path(path)
    video = open_video(path)
    numbers = metrics.measure_frames(
        replayable(video.frames), video.fps, progress=report, expected=video.frame_count
    )
    T = numbers["frames"]
    return {
        "file": str(path),
        "frames": T,
        "fps": _number(video.fps),
        "width": numbers["width"],
        "height": numbers["height"],
        "seconds": _number(T / video.fps),
        "flicker": _number(numbers["flicker"]),
        "flicker_static": _number(numbers["flicker_static"]),
        "warp_error": _number(numbers["warp_error"]),
        "identity_drift": _number(numbers["identity_drift"].max()),
        "flashes": numbers["flashes"].as_dict(),
    }
