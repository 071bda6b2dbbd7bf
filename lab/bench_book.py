"""Time a book's worth of the lab from a cold start: ten clips of 2-4 s at 128x72 (each
checked for flashes), four figures as PNG and PDF, and the numbers experiments.

    .venv/bin/python lab/bench_book.py [OUTPUT_FOLDER]

Prints wall-clock and CPU seconds per item and in total. Wall time includes waiting for
the CPU, so on a busy machine compare the CPU column too.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

START_WALL, START_CPU = time.perf_counter(), time.process_time()

import streamlab  # noqa: E402  (timed: importing is part of a cold start)

CLIPS = [
    ("per-frame", {"seed": 0}),
    ("joint", {"seed": 0}),
    ("per-frame", {"seed": 0, "template": 0}),
    ("shared-noise", {"seed": 0, "template": 0}),
    ("warped-noise", {"seed": 0, "template": 0}),
    ("autoregressive", {"seed": 0}),
    ("autoregressive", {"seed": 0, "anchor_every": 2}),
    ("compress", {"seed": 0}),
    ("joint", {"seed": 1, "frames": 96}),
    ("per-frame", {"seed": 1, "frames": 96}),
]
FIGURES = ["flow-2d", "trajectory", "drift", "fd-vs-n"]
NUMBERS = [
    ("flicker_comparison", streamlab.flicker_comparison),
    ("drift_curve", streamlab.drift_curve),
    ("frechet_vs_n", streamlab.frechet_vs_n),
    ("content_bias", streamlab.content_bias),
    ("flow_2d_landing", streamlab.flow_2d_landing),
]


def main() -> None:
    folder = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(tempfile.mkdtemp(prefix="streamlab-bench-"))
    )
    rows = [("import streamlab", time.perf_counter() - START_WALL, time.process_time() - START_CPU)]

    def timed(label, function):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        rows.append((label, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    unsafe = []
    for i, (name, params) in enumerate(CLIPS):
        out = folder / f"{i:02d}-{name}.mp4"
        timed(
            f"clip {name} {params}",
            lambda name=name, out=out, params=params: streamlab.make(name, out, **params),
        )
        result = timed(f"  flashes {out.name}", lambda out=out: streamlab.flashes(out))
        if not result.passed:
            unsafe.append(out.name)
    for name in FIGURES:
        outs = [folder / f"{name}.png", folder / f"{name}.pdf"]
        timed(
            f"figure {name} (png+pdf)",
            lambda name=name, outs=outs: streamlab.make(name, outs, seed=0),
        )
    for label, function in NUMBERS:
        timed(f"numbers {label}", function)

    width = max(len(label) for label, _, _ in rows)
    for label, wall, cpu in rows:
        print(f"{label:{width}}  {wall:6.2f} s wall  {cpu:6.2f} s cpu")
    total_wall, total_cpu = time.perf_counter() - START_WALL, time.process_time() - START_CPU
    print(f"{'total':{width}}  {total_wall:6.2f} s wall  {total_cpu:6.2f} s cpu")
    print(f"output in {folder}; clips failing the flash check: {unsafe or 'none'}")


if __name__ == "__main__":
    main()
