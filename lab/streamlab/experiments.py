"""Number experiments: the figures the book quotes, computed from clips the lab makes.

Each function returns a plain dict of numbers and lists (JSON-ready), so a page can quote
a value and a reader can rerun it with other parameters.
"""

from __future__ import annotations

import copy
import functools
import inspect

import numpy as np

from . import metrics
from .generators import _rng, chunked, flow_2d_run, generate, mixture, true_motion
from .progress import Progress, silent
from .threads import single_threaded
from .video import to_float, to_uint8

WARM_CAST = np.array([1.0, 0.0, -1.0])  # a white-balance shift: more red, less blue


def remembered(function):
    """Keep each result for the rest of the process (a figure and the text quoting its
    numbers ask for the same experiment), handing out copies so no caller can change it."""
    results: dict = {}
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args, progress: Progress = silent, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = tuple((name, value) for name, value in bound.arguments.items() if name != "progress")
        if key not in results:
            results[key] = function(*args, progress=progress, **kwargs)
        return copy.deepcopy(results[key])

    return wrapper


def _round(value, digits: int = 6):
    """Round floats (in lists too) to a fixed number of significant digits, so the numbers
    are stable and short."""
    if isinstance(value, list | tuple):
        return [_round(v, digits) for v in value]
    return float(f"{float(value):.{digits}g}")


@single_threaded
@remembered
def flicker_comparison(
    seeds=(0, 1, 2),
    frames=48,
    width=128,
    height=72,
    fps=24,
    templates=8,
    steps=20,
    shift=0.3,
    progress: Progress = silent,
) -> dict:
    """Per-frame against joint sampling from the same noise (same seeds): flicker, warp
    error along the true motion, and identity drift of each clip, on 8-bit frames as they
    would be stored."""
    rows = {
        "per_frame": {"flicker": [], "warp_error": [], "identity_drift": []},
        "joint": {"flicker": [], "warp_error": [], "identity_drift": []},
    }
    for i, seed in enumerate(seeds):
        progress("seeds", i + 1, len(seeds))
        for key, name in (("per_frame", "per-frame"), ("joint", "joint")):
            clip = generate(
                name,
                seed=seed,
                frames=frames,
                width=width,
                height=height,
                fps=fps,
                templates=templates,
                steps=steps,
                shift=shift,
            )
            stored = to_float(to_uint8(clip.frames))
            model, components = clip.info["model"], clip.info["components"]
            flow, visible = true_motion(model, components)
            rows[key]["flicker"].append(metrics.flicker(stored))
            rows[key]["warp_error"].append(metrics.warp_error(stored, flow, visible))
            rows[key]["identity_drift"].append(float(metrics.identity_drift(stored).max()))
    result = {"seeds": list(seeds)}
    for key, values in rows.items():
        result[key] = {name: _round(v) for name, v in values.items()}
    result["flicker_ratio"] = _round(
        [
            p / j
            for p, j in zip(rows["per_frame"]["flicker"], rows["joint"]["flicker"], strict=True)
        ],
        3,
    )
    return result


@single_threaded
@remembered
def compression_quality(
    seed=0,
    frames=48,
    width=128,
    height=72,
    fps=24,
    templates=8,
    steps=20,
    shift=0.3,
    ratio=4.0,
    strong_ratio=48.0,
    progress: Progress = silent,
) -> dict:
    """The compress clip's two rows in numbers: for ``ratio`` and ``strong_ratio``, the
    numbers kept per 4x8x8 patch (of 768), the ratio actually used, and the PSNR in dB
    of the decoded clip against the original (the same run as ``make compress``)."""
    clip = generate(
        "compress",
        seed=seed,
        frames=frames,
        width=width,
        height=height,
        fps=fps,
        templates=templates,
        steps=steps,
        shift=shift,
        ratio=ratio,
        strong_ratio=strong_ratio,
        progress=progress,
    )
    return {
        key: {name: _round(value) for name, value in row.items()}
        for key, row in clip.info["codec"].items()
    }


@single_threaded
@remembered
def drift_curve(
    seed=0,
    width=128,
    height=72,
    fps=24,
    templates=8,
    steps=20,
    shift=0.3,
    chunk=12,
    overlap=4,
    handovers=12,
    error=0.5,
    feedback=0.15,
    anchor_every=4,
    progress: Progress = silent,
) -> dict:
    """Identity drift (distance of the character's mean colour from its first frame) at
    each hand-over of the chunked generator, for three settings from the same seed: a fixed
    error per hand-over; the same with exposure-bias feedback; and feedback with anchors
    every ``anchor_every`` hand-overs."""
    settings = {"fixed": (0.0, 0), "feedback": (feedback, 0), "anchored": (feedback, anchor_every)}
    result = {
        "handover": list(range(handovers + 1)),
        "anchor_every": anchor_every,
        "error": error,
        "feedback_gain": feedback,
    }
    for i, (key, (gain, anchors)) in enumerate(settings.items()):
        progress("runs", i + 1, len(settings))
        clip = chunked(
            seed,
            width,
            height,
            fps,
            templates,
            steps,
            shift,
            chunk,
            overlap,
            handovers + 1,
            error,
            gain,
            anchors,
            -1,
        )
        drift = metrics.identity_drift(to_uint8(clip.frames), clip.info["masks"])
        result[key] = _round([drift[f] for f in clip.info["handover_frames"]], 4)
    return result


def _features(clips: np.ndarray) -> np.ndarray:
    """Per-frame features of clips (N, T, H, W, 3), as (N, T, F)."""
    return metrics.frame_features(clips)


def _fd(fa: np.ndarray, fb: np.ndarray) -> float:
    fa, fb = fa.reshape(-1, fa.shape[-1]), fb.reshape(-1, fb.shape[-1])
    return metrics.frechet_gaussian(
        fa.mean(0), np.cov(fa, rowvar=False), fb.mean(0), np.cov(fb, rowvar=False)
    )


@single_threaded
@remembered
def frechet_vs_n(
    seed=0,
    cast=0.02,
    max_clips=128,
    repeats=3,
    width=32,
    height=18,
    frames=8,
    templates=8,
    progress: Progress = silent,
) -> dict:
    """Fréchet distance (per-frame features) between two independent samples of the *same*
    distribution, and between one sample and a genuinely shifted one (a warm colour cast
    of ``cast`` on every pixel), as the number of clips per set doubles from 4. The first
    falls towards 0 like 1/n: it is pure estimation bias. Clips are exact samples of the
    lab's mixture."""
    model = mixture(templates, height, width, 24, 0, frames)
    sizes = [n for n in (4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096) if n <= max_clips]
    same = np.zeros(len(sizes))
    shifted = np.zeros(len(sizes))
    for r in range(repeats):
        progress("repeats", r + 1, repeats)
        a = _features(model.sample(_rng(seed, 10, r), sizes[-1])[0])
        b = _features(model.sample(_rng(seed, 11, r), sizes[-1])[0])
        c = _features(model.sample(_rng(seed, 12, r), sizes[-1])[0] + cast * WARM_CAST)
        for i, n in enumerate(sizes):
            same[i] += _fd(a[:n], b[:n]) / repeats
            shifted[i] += _fd(a[:n], c[:n]) / repeats
    return {
        "clips": sizes,
        "same": _round(same.tolist(), 4),
        "shifted": _round(shifted.tolist(), 4),
        "shift": cast,
    }


@single_threaded
@remembered
def content_bias(
    seed=0,
    clips=32,
    frames=24,
    width=64,
    height=36,
    templates=8,
    cast=0.02,
    progress: Progress = silent,
) -> dict:
    """The content bias in miniature. Against a reference set, compare a second sample of
    the same distribution (``same``); that sample with each clip's frames shuffled
    (``shuffled``) or with frames shuffled among all its clips (``mixed``), severe temporal
    damage that keeps every frame; and that sample with a faint warm cast (``cast``), mild
    spatial damage with no temporal change. A Fréchet distance of per-frame features is
    exactly the same for ``same``, ``shuffled`` and ``mixed`` (the frames are the same
    frames), while ``flicker`` jumps; the faint cast moves the Fréchet distance and leaves
    flicker alone."""
    model = mixture(templates, height, width, 24, 0, frames)
    progress("sampling", 1, 2)
    reference = model.sample(_rng(seed, 20), clips)[0]
    generated = model.sample(_rng(seed, 21), clips)[0]
    order = _rng(seed, 22)
    shuffled = np.stack([clip[order.permutation(frames)] for clip in generated])
    mixed = generated.reshape(clips * frames, *generated.shape[2:])[
        order.permutation(clips * frames)
    ]
    mixed = mixed.reshape(generated.shape)
    tinted = generated + np.float32(cast) * WARM_CAST.astype(np.float32)
    progress("measuring", 2, 2)
    sets = {"same": generated, "shuffled": shuffled, "mixed": mixed, "cast": tinted}
    reference_features = _features(to_float(to_uint8(reference)))
    result = {"clips": clips, "frames": frames, "frechet": {}, "flicker": {}}
    for key, clips_ in sets.items():
        stored = to_uint8(clips_)
        result["frechet"][key] = _round(_fd(reference_features, _features(to_float(stored))), 4)
        result["flicker"][key] = _round(np.mean([metrics.flicker(clip) for clip in stored]), 4)
    return result


@single_threaded
@remembered
def flow_2d_landing(seed=0, points=5, spread=0.0, samples=300, progress: Progress = silent) -> dict:
    """Where Euler sampling of the exact flow lands after 1, 2, 4 and 8 steps: mean
    distance to the data's mean and to the nearest data point. One step puts every
    sample on the mean (distance 0)."""
    run = flow_2d_run(seed, points, spread, samples)
    means = run["model"].means
    centre = means.mean(axis=0)
    result = {
        "steps": [],
        "distance_to_mean": [],
        "distance_to_nearest_point": [],
        "data_mean": _round(centre.tolist()),
    }
    for steps, landed in sorted(run["landings"].items()):
        result["steps"].append(steps)
        result["distance_to_mean"].append(_round(np.linalg.norm(landed - centre, axis=1).mean(), 4))
        nearest = np.linalg.norm(landed[:, None] - means[None], axis=-1).min(axis=1)
        result["distance_to_nearest_point"].append(_round(nearest.mean(), 4))
    return result
