"""The generators: every clip and figure the book shows, made by running the sampler.

Each generator has a name, a parameter spec (names, types, defaults, ranges, help) and a
function. :data:`GENERATORS` is the registry; :func:`make` validates the parameters, runs
the generator and writes its output (MP4 for clips, PNG or PDF for figures; a clip written
as PNG or PDF becomes a strip of its frames).

Seeds
    Every random draw comes from ``numpy.random.default_rng((seed, purpose))``, one stream
    per purpose, so the same seed always gives the same clip, and ``per-frame`` and
    ``joint`` with the same seed start from the same noise and differ only in the
    denoiser.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import figures, scene
from .compress import PatchPCA, psnr
from .errors import LabError
from .mixture import ClipMixture, GaussianMixture
from .progress import Progress, silent
from .sampler import sample
from .threads import single_threaded
from .video import write_video

# Random streams, one per purpose.
NOISE, PICK, CHUNKS, TRAINING, FLOW_DATA = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Param:
    """One option of a generator: ``:generate: per-frame seed=3 frames=48`` in the book,
    ``--frames 48`` on the command line."""

    name: str
    kind: type  # int or float
    default: int | float
    help: str
    low: float
    high: float
    even: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def coerce(self, value: object) -> int | float:
        """The value as this option's type, or a one-line :class:`LabError`. Strings (from
        the book's directives and the command line) are parsed; 48.0 is a whole number."""
        kind = "a whole number" if self.kind is int else "a number"
        problem = LabError(f"{self.name} must be {kind}, not {value!r}")
        if isinstance(value, bool):
            raise problem
        if isinstance(value, str):
            value = value.strip()
            if self.kind is int and not value.lstrip("+-").isdigit():
                raise problem
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise problem from None
        if not np.isfinite(number) or (self.kind is int and not number.is_integer()):
            raise problem
        number = int(number) if self.kind is int else number
        if not self.low <= number <= self.high:
            raise LabError(
                f"{self.name} must be from {self.low:g} to {self.high:g}, not {number:g}"
            )
        if self.even and number % 2:
            raise LabError(f"{self.name} must be even (H.264 in yuv420p halves it), not {number}")
        return number


@dataclass
class Clip:
    """A generated clip: frames (T, H, W, 3) in [0, 1], its rate, and what the generator
    knows about it (template of each frame, the true motion, ...)."""

    frames: np.ndarray
    fps: int
    info: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Generator:
    name: str
    summary: str  # one line: what it shows
    lesson: str  # the lesson it serves
    kind: str  # "clip" or "figure"
    params: tuple[Param, ...]
    run: Callable[..., Clip | object]
    # How a clip is drawn when written as PNG or PDF (default: a strip of its frames).
    still: Callable[[Clip], object] | None = None

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".mp4", ".png", ".pdf") if self.kind == "clip" else figures.FIGURE_SUFFIXES

    def defaults(self) -> dict:
        return {param.name: param.default for param in self.params}

    def validate(self, params: Mapping[str, object]) -> dict:
        """Typed, range-checked parameters with defaults filled in. Keys may use - or _."""
        values = self.defaults()
        known = {param.name: param for param in self.params}
        for key, value in params.items():
            name = str(key).replace("-", "_")
            if name not in known:
                raise LabError(f"{self.name} has no option {key!r} (options: {', '.join(known)})")
            values[name] = known[name].coerce(value)
        _check_together(values)
        return values


def _check_together(values: dict) -> None:
    """Constraints between options."""
    if "template" in values and "templates" in values and values["template"] >= values["templates"]:
        raise LabError(
            f"template must be below templates ({values['templates']}), not {values['template']}"
        )
    if "overlap" in values and "chunk" in values and 2 * values["overlap"] > values["chunk"]:
        raise LabError(
            f"overlap ({values['overlap']}) may be at most half of chunk ({values['chunk']})"
        )
    if "height" in values and "width" in values and values["width"] < values["height"]:
        raise LabError("width must be at least the height (the scene is landscape)")


# --- parameters shared by several generators --------------------------------------------

SEED = Param(
    "seed", int, 0, "random seed: the same seed gives the same output, byte for byte", 0, 2**32 - 1
)
FRAMES = Param("frames", int, 48, "number of frames", 2, 480)
WIDTH = Param("width", int, 128, "frame width in pixels (even)", 32, 640, even=True)
HEIGHT = Param("height", int, 72, "frame height in pixels (even)", 18, 360, even=True)
FPS = Param("fps", int, 24, "frames per second", 1, 60)
TEMPLATES = Param(
    "templates",
    int,
    8,
    "K, the number of template clips (mixture components), characters x motions",
    1,
    scene.MAX_TEMPLATES,
)
STEPS = Param("steps", int, 20, "sampling steps (network evaluations)", 1, 500)
SHIFT = Param(
    "shift",
    float,
    0.3,
    "time-grid shift: below 1 puts more steps near the data, where fine texture is decided; above 1 near the noise",
    0.05,
    20.0,
)
ETA = Param(
    "eta",
    float,
    0.0,
    "fresh noise per step: 0 follows the flow (DDIM, deterministic), 1 is DDPM-style",
    0.0,
    1.0,
)
CLIP_SIZE = (SEED, FRAMES, WIDTH, HEIGHT, FPS, TEMPLATES)
SAMPLING = (STEPS, SHIFT, ETA)


def _template_param(default_help: str) -> Param:
    return Param(
        "template",
        int,
        -1,
        f"prompt: the template every frame is asked for; -1 = {default_help}",
        -1,
        scene.MAX_TEMPLATES - 1,
    )


@functools.lru_cache(maxsize=16)  # enough for every chunk of the drift experiment
def mixture(
    templates: int, height: int, width: int, fps: int, start: int, length: int
) -> ClipMixture:
    """The clip mixture over frames start … start + length - 1, built once per process."""
    return ClipMixture(scene.templates(templates, height, width, fps, start, length))


def _rng(seed: int, *purpose: int) -> np.random.Generator:
    return np.random.default_rng((seed, *purpose))


def _prompt(model: ClipMixture, template: int) -> np.ndarray | None:
    """Log prior that allows only the prompted template (None: all, as the mixture says)."""
    if template < 0:
        return None
    log_prior = np.full(model.templates.count, -np.inf)
    log_prior[template] = 0.0
    return log_prior


def _run(
    model: ClipMixture,
    noise: np.ndarray,
    *,
    joint: bool,
    steps: int,
    shift: float,
    eta: float,
    seed: int,
    log_prior: np.ndarray | None = None,
    shape_noise: Callable[[np.ndarray], np.ndarray] = lambda eps: eps,
    progress: Progress = silent,
    on_step: Callable | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample clips from ``noise`` with the joint or per-frame denoiser; returns the clips
    and the final weights of the components (N, K, T')."""
    last = {}

    def denoise(x, alpha, sigma):
        guess, weights = model.denoise(x, alpha, sigma, joint=joint, log_prior=log_prior)
        last["weights"] = weights
        return guess

    fresh_rng = _rng(seed, NOISE, 1)

    def fresh(i):
        return shape_noise(fresh_rng.standard_normal(noise.shape, dtype=np.float32))

    def step(i, t, guess):
        progress("sampling", i + 1, steps)
        if on_step is not None:
            on_step(i, t, guess)

    clips = sample(denoise, noise, steps, shift=shift, eta=eta, fresh_noise=fresh, on_step=step)
    return np.clip(clips, 0.0, 1.0), last["weights"]


def _clip_noise(seed: int, T: int, H: int, W: int) -> np.ndarray:
    return _rng(seed, NOISE).standard_normal((1, T, H, W, 3), dtype=np.float32)


def true_motion(model: ClipMixture, components: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exact backward flow (T-1, H, W, 2) of a clip whose frame t shows template
    components[t], and which pixels were visible in the previous frame. Where the template
    changes between frames there is no motion to follow: the flow is zero there."""
    tp = model.templates
    T, H, W, _ = model.shape
    S = tp.window
    flow = np.zeros((T - 1, H, W, 2))
    visible = np.ones((T - 1, H, W), bool)
    for t in range(T - 1):
        k_now, k_next = components[t], components[t + 1]
        if k_now != k_next:
            continue
        (r0, c0), (r1, c1) = tp.origins[k_now, t], tp.origins[k_next, t + 1]
        body = tp.body[k_next] > 0.02
        flow[t, r1 : r1 + S, c1 : c1 + S][body] = (r1 - r0, c1 - c0)
        # Background that the character uncovered was hidden in frame t.
        was_covered = np.zeros((H, W), bool)
        was_covered[r0 : r0 + S, c0 : c0 + S] = tp.body[k_now] > 0.02
        now_covered = np.zeros((H, W), bool)
        now_covered[r1 : r1 + S, c1 : c1 + S] = body
        visible[t] = ~(was_covered & ~now_covered)
    return flow, visible


# --- the clip generators ---------------------------------------------------------------


def per_frame(
    seed, frames, width, height, fps, templates, steps, shift, eta, template, progress=silent
) -> Clip:
    """Each frame sampled on its own from the frame's marginal."""
    model = mixture(templates, height, width, fps, 0, frames)
    noise = _clip_noise(seed, frames, height, width)
    clips, weights = _run(
        model,
        noise,
        joint=False,
        steps=steps,
        shift=shift,
        eta=eta,
        seed=seed,
        log_prior=_prompt(model, template),
        progress=progress,
    )
    components = weights[0].argmax(axis=0)
    return Clip(clips[0], fps, {"components": components, "model": model})


def joint(seed, frames, width, height, fps, templates, steps, shift, eta, progress=silent) -> Clip:
    """The whole clip sampled as one vector from the clip mixture."""
    model = mixture(templates, height, width, fps, 0, frames)
    noise = _clip_noise(seed, frames, height, width)
    clips, weights = _run(
        model, noise, joint=True, steps=steps, shift=shift, eta=eta, seed=seed, progress=progress
    )
    components = np.full(frames, weights[0, :, 0].argmax())
    return Clip(clips[0], fps, {"components": components, "model": model})


def shuffled(
    seed, frames, width, height, fps, templates, steps, shift, eta, progress=silent
) -> Clip:
    """The joint clip of the same seed with its frames in a random order: every frame is a
    good frame, the clip is not (lesson 08's test of a per-frame metric)."""
    clip = joint(seed, frames, width, height, fps, templates, steps, shift, eta, progress)
    order = _rng(seed, 30).permutation(frames)
    return Clip(clip.frames[order], fps, {**clip.info, "order": order})


def _prompted_template(seed: int, template: int, count: int) -> int:
    return int(_rng(seed, PICK).integers(count)) if template < 0 else template


def shared_noise(
    seed, frames, width, height, fps, templates, steps, shift, eta, template, progress=silent
) -> Clip:
    """The per-frame sampler, prompted with one template, every frame from the same noise."""
    model = mixture(templates, height, width, fps, 0, frames)
    k = _prompted_template(seed, template, templates)

    def share(eps):
        return np.broadcast_to(eps[:, :1], eps.shape).copy()

    noise = share(_clip_noise(seed, frames, height, width))
    clips, _ = _run(
        model,
        noise,
        joint=False,
        steps=steps,
        shift=shift,
        eta=eta,
        seed=seed,
        log_prior=_prompt(model, k),
        shape_noise=share,
        progress=progress,
    )
    return Clip(clips[0], fps, {"components": np.full(frames, k), "model": model})


def warp_noise_along(model: ClipMixture, k: int, eps: np.ndarray) -> np.ndarray:
    """Frame 0's noise, carried along template k's motion: in every frame the character's
    window takes the noise its window had in frame 0; elsewhere the noise stays put.
    Whole-pixel moves copy values, so every frame's noise is still exactly N(0, I)."""
    tp = model.templates
    S = tp.window
    base = eps[:, 0]
    warped = np.broadcast_to(base[:, None], eps.shape).copy()
    r0, c0 = tp.origins[k, 0]
    for t, (r, c) in enumerate(tp.origins[k]):
        warped[:, t, r : r + S, c : c + S] = base[:, r0 : r0 + S, c0 : c0 + S]
    return warped


def warped_noise(
    seed, frames, width, height, fps, templates, steps, shift, eta, template, progress=silent
) -> Clip:
    """The per-frame sampler, prompted with one template, with noise that moves with it."""
    model = mixture(templates, height, width, fps, 0, frames)
    k = _prompted_template(seed, template, templates)

    def warp(eps):
        return warp_noise_along(model, k, eps)

    noise = warp(_clip_noise(seed, frames, height, width))
    clips, _ = _run(
        model,
        noise,
        joint=False,
        steps=steps,
        shift=shift,
        eta=eta,
        seed=seed,
        log_prior=_prompt(model, k),
        shape_noise=warp,
        progress=progress,
    )
    return Clip(clips[0], fps, {"components": np.full(frames, k), "model": model})


WARM = np.array([1.0, 0.0, -1.0]) / np.sqrt(2)  # the direction chunk errors push colour


def chunked(
    seed,
    width,
    height,
    fps,
    templates,
    steps,
    shift,
    chunk,
    overlap,
    chunks,
    error,
    feedback,
    anchor_every,
    template,
    progress=silent,
) -> Clip:
    r"""Generate ``chunks`` chunks of ``chunk`` frames, each conditioned on the last
    ``overlap`` frames of the one before.

    Chunk 1 is a joint sample. Every later chunk is drawn from the mixture *conditioned* on
    the handed-over frames (exactly, :meth:`ClipMixture.posterior`): a perfect chunk model,
    which would never drift. The drift comes from the model error added at each hand-over,
    to the character's colour coefficients :math:`c` (in units of their prior spread):

    .. math::  c_{n+1} = c_n + e\,d + \gamma\,(c_n - c_\text{ref}),

    a fixed error :math:`e` in a fixed warm direction :math:`d`, plus exposure-bias feedback
    :math:`\gamma`: context that has already drifted away from what the model saw in
    training makes it err further the same way, so drift compounds like
    :math:`(1 + \gamma)^n`. Every ``anchor_every`` hand-overs the chunk is conditioned on
    anchor frames instead: the reference (chunk 1's character, colour and texture) drawn in
    the current pose, as keyframes made from a reference image would be. The overlap
    frames are cross-faded from the old chunk to the new one.
    """
    step = chunk - overlap
    total = chunk + (chunks - 1) * step
    first = mixture(templates, height, width, fps, 0, chunk)
    noise = _clip_noise(seed, chunk, height, width)
    clips, _ = _run(
        first,
        noise,
        joint=True,
        steps=steps,
        shift=shift,
        eta=0.0,
        seed=seed,
        log_prior=_prompt(first, template),
        progress=progress,
    )
    out = np.empty((total, height, width, 3), np.float32)
    out[:chunk] = clips[0]
    reference = first.posterior(clips[0], chunk)
    k_ref = int(reference.weights.argmax())
    ref = reference.mean[k_ref]
    r_global, r = reference.r_global, reference.r
    ref_colour = ref[r_global : r_global + 3]
    components = np.full(total, k_ref)
    masks = np.zeros((total, height, width), bool)
    masks[:chunk] = first.templates.body_masks(k_ref)
    colours = [ref_colour.copy()]
    rng = _rng(seed, CHUNKS)
    grain = first.variation.grain
    for n in range(1, chunks):
        progress("chunks", n + 1, chunks)
        start = n * step
        model = mixture(templates, height, width, fps, start, chunk)
        anchored = anchor_every > 0 and n % anchor_every == 0
        if anchored:
            context = model.render(
                np.full((1, overlap), k_ref),
                ref[None, None, :r_global],
                ref[None, None, r_global:r],
                ref[None, None, r:],
            )[0]
            context = context + grain * rng.standard_normal(context.shape)
        else:
            context = out[start : start + overlap]
        posterior = model.posterior(np.asarray(context, np.float64), overlap)
        k = int(rng.choice(len(posterior.weights), p=posterior.weights))
        z_global, z_character, z_texture = posterior.draw(rng, k)
        colour = z_character[:3].copy()
        z_character[:3] = colour + error * WARM + feedback * (colour - ref_colour)
        colours.append(z_character[:3].copy())
        fresh = model.render(
            np.full((1, chunk), k),
            z_global[None, None],
            z_character[None, None],
            z_texture[None, None],
        )[0]
        fresh = np.clip(fresh + grain * rng.standard_normal(fresh.shape), 0, 1)
        fade = (np.arange(1, overlap + 1) / (overlap + 1))[:, None, None, None]
        out[start : start + overlap] = (1 - fade) * out[start : start + overlap] + fade * fresh[
            :overlap
        ]
        out[start + overlap : start + chunk] = fresh[overlap:]
        components[start + overlap : start + chunk] = k
        masks[start : start + chunk] = model.templates.body_masks(k)
    handover_frames = [0] + [n * step + overlap for n in range(1, chunks)]
    return Clip(
        out,
        fps,
        {
            "components": components,
            "masks": masks,
            "handover_frames": handover_frames,
            "colours": np.asarray(colours),
        },
    )


def compressed(
    seed,
    frames,
    width,
    height,
    fps,
    templates,
    steps,
    shift,
    eta,
    ratio,
    strong_ratio,
    gain,
    progress=silent,
) -> Clip:
    """A joint clip through a PCA autoencoder at two ratios: for each ratio a row of
    original | decoded | difference × gain (around mid-grey), panels 2 px apart."""
    # The joint clip of the same seed, from the cache if the book has just made it.
    values = dict(
        seed=seed, frames=frames, width=width, height=height, fps=fps, templates=templates
    )
    source = _run_clip(
        GENERATORS["joint"], {**values, "steps": steps, "shift": shift, "eta": eta}, progress
    )
    codec = fitted_codec(templates, height, width, fps, frames)
    original = source.frames
    rows, numbers = [], {}
    for label, value in (("ratio", ratio), ("strong_ratio", strong_ratio)):
        kept = max(1, round(768 / value))
        decoded = np.clip(codec.reconstruct(original, kept), 0, 1)
        cropped = original[: len(decoded), : decoded.shape[1], : decoded.shape[2]]
        difference = np.clip(0.5 + gain * (decoded - cropped), 0, 1)
        rows.append((cropped, decoded, difference))
        numbers[label] = {
            "kept": kept,
            "ratio": round(768 / kept, 3),
            "psnr": round(psnr(cropped, decoded), 3),
        }
    gap = 2
    T, H, W, _ = rows[0][0].shape
    canvas = np.full((T, 2 * H + gap, 3 * W + 2 * gap, 3), 0.2, np.float32)
    for r, panels in enumerate(rows):
        for c, panel in enumerate(panels):
            canvas[:, r * (H + gap) : r * (H + gap) + H, c * (W + gap) : c * (W + gap) + W] = panel
    labels = [
        f"{numbers[key]['ratio']:g}:1 ({numbers[key]['psnr']:.1f} dB)"
        for key in ("ratio", "strong_ratio")
    ]
    return Clip(canvas, fps, {"codec": numbers, "rows": rows, "labels": labels, "gain": gain})


def compress_still(clip: Clip) -> object:
    """The middle frame of the compress clip as a labelled figure."""
    middle = len(clip.info["rows"][0][0]) // 2
    rows = [
        (label, decoded[middle], difference[middle])
        for label, (_, decoded, difference) in zip(
            clip.info["labels"], clip.info["rows"], strict=True
        )
    ]
    return figures.compress_grid(clip.info["rows"][0][0][middle], rows, clip.info["gain"])


@functools.lru_cache(maxsize=4)
def fitted_codec(templates: int, height: int, width: int, fps: int, frames: int) -> PatchPCA:
    """PCA of 4×8×8 patches fitted on four exact samples of the lab's clips (a fixed
    training seed, so the codec does not depend on the clip it is shown with)."""
    model = mixture(templates, height, width, fps, 0, frames)
    clips, _ = model.sample(_rng(0, TRAINING), 4)
    return PatchPCA.fit(list(np.clip(clips, 0, 1)))


# --- the figure generators --------------------------------------------------------------


def flow_2d_data(seed: int, points: int, spread: float) -> GaussianMixture:
    """A few points in the plane (a tight blob each when spread > 0), placed by the seed."""
    rng = _rng(seed, FLOW_DATA)
    # Round a circle, each point nudged, so the seed changes the layout but points stay apart.
    angles = 2 * np.pi * (
        np.arange(points) + rng.uniform(-0.3, 0.3, points)
    ) / points + rng.uniform(0, 2 * np.pi)
    radii = rng.uniform(1.3, 2.3, points)
    means = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
    return GaussianMixture(means, np.eye(2) * spread**2)


def flow_2d_run(seed: int, points: int, spread: float, samples: int) -> dict:
    """Paths of the flow (64 Euler steps, each state kept) and where the same starting
    noise lands after 1, 2, 4 and 8 Euler steps."""
    model = flow_2d_data(seed, points, spread)
    start = _rng(seed, NOISE).standard_normal((samples, 2))
    path = []

    def denoise_and_keep(x, alpha, sigma):
        path.append(x)  # the sampler's state at the start of every step
        return model.denoise(x, alpha, sigma)[0]

    end = sample(denoise_and_keep, start, 64)  # fills path: run it before reading path
    paths = np.asarray([*path, end])
    landings = {
        steps: sample(lambda x, a, s: model.denoise(x, a, s)[0], start, steps)
        for steps in (1, 2, 4, 8)
    }
    destinations = np.linalg.norm(paths[-1][:, None] - model.means[None], axis=-1).argmin(axis=1)
    return {"model": model, "paths": paths, "landings": landings, "destinations": destinations}


def flow_2d_figure(seed, points, spread, samples, progress=silent):
    run = flow_2d_run(seed, points, spread, samples)
    return figures.flow_2d(run["model"].means, run["paths"], run["landings"], run["destinations"])


def trajectory_figure(
    seed, frames, width, height, fps, templates, steps, shift, rows, columns, progress=silent
):
    """The joint sampler's guess at the clean clip at ``rows`` of its steps. The first and
    last steps are always shown; the others are spread evenly by how far the guess has
    moved (its path length), so the rows show where the clip is decided, which for this
    data is in the first few steps."""
    model = mixture(templates, height, width, fps, 0, frames)
    noise = _clip_noise(seed, frames, height, width)
    frame_numbers = np.unique(np.linspace(0, frames - 1, min(columns, frames)).round().astype(int))
    guesses, times = [], []

    def record(i, t, guess):
        guesses.append(np.clip(guess[0, frame_numbers], 0, 1))
        times.append(t)

    _run(
        model,
        noise,
        joint=True,
        steps=steps,
        shift=shift,
        eta=0.0,
        seed=seed,
        progress=progress,
        on_step=record,
    )
    moved = np.concatenate(
        [[0.0], np.cumsum([np.linalg.norm(b - a) for a, b in itertools.pairwise(guesses)])]
    )
    targets = np.linspace(0, moved[-1], min(rows, steps))
    picks = {int(np.abs(moved - target).argmin()) for target in targets} | {0, steps - 1}
    # Where the path-length picks coincide, fill in with the step farthest from any pick.
    while len(picks) < min(rows, steps):
        picks.add(max(range(steps), key=lambda i: min(abs(i - p) for p in picks)))
    picks = sorted(picks)
    # Lay the picked guesses out as clips of the shown frames only.
    shown = [guesses[i] for i in picks]
    return figures.trajectory_grid(
        shown,
        [times[i] for i in picks],
        [i + 1 for i in picks],
        list(range(len(frame_numbers))),
        fps,
        frame_labels=[int(f) for f in frame_numbers],
    )


def drift_figure(
    seed,
    width,
    height,
    fps,
    templates,
    steps,
    shift,
    chunk,
    overlap,
    handovers,
    error,
    feedback,
    anchor_every,
    progress=silent,
):
    from .experiments import drift_curve

    result = drift_curve(
        seed=seed,
        width=width,
        height=height,
        fps=fps,
        templates=templates,
        steps=steps,
        shift=shift,
        chunk=chunk,
        overlap=overlap,
        handovers=handovers,
        error=error,
        feedback=feedback,
        anchor_every=anchor_every,
        progress=progress,
    )
    return figures.drift_curves(result)


def fd_figure(seed, cast, max_clips, repeats, progress=silent):
    from .experiments import frechet_vs_n

    result = frechet_vs_n(
        seed=seed, cast=cast, max_clips=max_clips, repeats=repeats, progress=progress
    )
    return figures.fd_curves(result)


# --- the registry ------------------------------------------------------------------------

CHUNKING = (
    Param("chunk", int, 24, "frames per chunk", 4, 240),
    Param("overlap", int, 4, "frames each chunk is handed from the one before", 1, 120),
)
DRIFT = (
    Param(
        "error",
        float,
        1.0,
        "model error per hand-over, in units of the colour's spread between samples",
        0.0,
        5.0,
    ),
    Param(
        "feedback",
        float,
        0.0,
        "exposure-bias feedback: extra error per unit of drift already there",
        0.0,
        2.0,
    ),
    Param(
        "anchor_every",
        int,
        0,
        "condition every k-th hand-over on anchor frames from the reference (0 = never)",
        0,
        1000,
    ),
)

GENERATORS: Mapping[str, Generator] = {
    g.name: g
    for g in (
        Generator(
            "per-frame",
            "each frame sampled alone from its marginal: identity, colour and texture jump (flicker)",
            "01",
            "clip",
            (*CLIP_SIZE, *SAMPLING, _template_param("none: any template, frame by frame")),
            per_frame,
        ),
        Generator(
            "joint",
            "the whole clip sampled in one trajectory: one template, a consistent clip",
            "01",
            "clip",
            (*CLIP_SIZE, *SAMPLING),
            joint,
        ),
        Generator(
            "shuffled",
            "the joint clip of the same seed, frames in a random order: good frames, a broken clip",
            "08",
            "clip",
            (*CLIP_SIZE, *SAMPLING),
            shuffled,
        ),
        Generator(
            "shared-noise",
            "per-frame sampling, one prompt, the same noise every frame: texture sticks to the screen",
            "03",
            "clip",
            (*CLIP_SIZE, *SAMPLING, _template_param("chosen by the seed")),
            shared_noise,
        ),
        Generator(
            "warped-noise",
            "per-frame sampling, one prompt, noise carried along the motion: texture moves with the character",
            "03",
            "clip",
            (*CLIP_SIZE, *SAMPLING, _template_param("chosen by the seed")),
            warped_noise,
        ),
        Generator(
            "autoregressive",
            "chunk after chunk, each continuing the last frames of the one before: drift, and anchors against it",
            "06",
            "clip",
            (
                SEED,
                WIDTH,
                HEIGHT,
                FPS,
                TEMPLATES,
                STEPS,
                SHIFT,
                *CHUNKING,
                Param("chunks", int, 5, "number of chunks", 1, 100),
                *DRIFT,
                _template_param("chosen by the first chunk's sampling"),
            ),
            chunked,
        ),
        Generator(
            "compress",
            "a PCA autoencoder of 4x8x8 patches at two ratios: original, decoded, amplified difference",
            "02",
            "clip",
            (
                *CLIP_SIZE,
                *SAMPLING,
                Param(
                    "ratio",
                    float,
                    4.0,
                    "compression ratio of the first row (768 numbers per patch / numbers kept)",
                    1.0,
                    768.0,
                ),
                Param(
                    "strong_ratio",
                    float,
                    48.0,
                    "compression ratio of the second row (48: a video VAE's 4x8x8 with 16 channels)",
                    1.0,
                    768.0,
                ),
                Param("gain", float, 3.0, "how much the difference is amplified", 1.0, 20.0),
            ),
            compressed,
            compress_still,
        ),
        Generator(
            "flow-2d",
            "closed-form flow matching for a few points in the plane: paths, and landings after 1, 2, 4, 8 steps",
            "03",
            "figure",
            (
                SEED,
                Param("points", int, 5, "number of data points", 1, 12),
                Param(
                    "spread",
                    float,
                    0.0,
                    "standard deviation of a blob around each point (0 = exact points)",
                    0.0,
                    1.0,
                ),
                Param("samples", int, 300, "number of samples drawn", 10, 5000),
            ),
            flow_2d_figure,
        ),
        Generator(
            "trajectory",
            "the joint sampler's guess at the clean clip, step by step (rows) and frame by frame (columns)",
            "03",
            "figure",
            (
                *CLIP_SIZE,
                STEPS,
                Param("shift", float, 1.0, "time-grid shift (1: evenly spaced times)", 0.05, 20.0),
                Param("rows", int, 6, "steps shown", 2, 40),
                Param("columns", int, 6, "frames shown", 1, 40),
            ),
            trajectory_figure,
        ),
        Generator(
            "drift",
            "identity drift over hand-overs: a fixed error, exposure-bias feedback, and anchors every k",
            "06",
            "figure",
            (
                SEED,
                WIDTH,
                HEIGHT,
                FPS,
                TEMPLATES,
                STEPS,
                SHIFT,
                Param("chunk", int, 12, "frames per chunk", 4, 240),
                CHUNKING[1],
                Param("handovers", int, 12, "number of hand-overs", 1, 200),
                Param("error", float, 0.5, DRIFT[0].help, 0.0, 5.0),
                Param("feedback", float, 0.15, DRIFT[1].help, 0.0, 2.0),
                Param(
                    "anchor_every",
                    int,
                    4,
                    "anchor every k-th hand-over in the anchored run",
                    1,
                    1000,
                ),
            ),
            drift_figure,
        ),
        Generator(
            "fd-vs-n",
            "Fréchet distance of two samples of one distribution as the sample grows, against a real shift",
            "08",
            "figure",
            (
                SEED,
                Param(
                    "cast",
                    float,
                    0.02,
                    "the real shift: a warm colour cast on every pixel",
                    0.0,
                    0.5,
                ),
                Param("max_clips", int, 128, "the largest sample size (clips per set)", 8, 4096),
                Param("repeats", int, 3, "independent repeats averaged per size", 1, 50),
            ),
            fd_figure,
        ),
    )
}


# The clips made most recently in this process, by generator and parameters: the book
# makes a clip and then quotes numbers measured on the same clip, and a clip of 48 frames
# at 128 x 72 takes 5 MB. Frames are read-only, so a cached clip cannot be changed.
_RECENT_CLIPS: dict[tuple, Clip] = {}
RECENT_CLIPS_KEPT = 12


def _run_clip(generator: Generator, values: dict, progress: Progress) -> Clip:
    key = (generator.name, tuple(sorted(values.items())))
    if key in _RECENT_CLIPS:
        _RECENT_CLIPS[key] = _RECENT_CLIPS.pop(key)  # now the most recent
        return _RECENT_CLIPS[key]
    clip = generator.run(**values, progress=progress)
    clip.frames.setflags(write=False)
    _RECENT_CLIPS[key] = clip
    while len(_RECENT_CLIPS) > RECENT_CLIPS_KEPT:
        _RECENT_CLIPS.pop(next(iter(_RECENT_CLIPS)))
    return clip


@single_threaded
def generate(name: str, progress: Progress = silent, **params) -> Clip | object:
    """Run a generator in memory: a :class:`Clip`, or a matplotlib figure."""
    if name not in GENERATORS:
        raise LabError(f"unknown generator {name!r} (generators: {', '.join(GENERATORS)})")
    generator = GENERATORS[name]
    values = generator.validate(params)
    if generator.kind == "figure":
        with figures.figure_context():
            return generator.run(**values, progress=progress)
    return _run_clip(generator, values, progress)


def check_output(name: str, out: Path) -> Path:
    """The output path, checked before any work is done: a suffix the generator can write,
    and a directory that exists (or can be made) and can be written."""
    generator = GENERATORS.get(name)
    if generator is None:
        raise LabError(f"unknown generator {name!r} (generators: {', '.join(GENERATORS)})")
    out = Path(out)
    if out.suffix.lower() not in generator.suffixes:
        raise LabError(f"{name} writes {', '.join(generator.suffixes)} files, not {out.name!r}")
    if out.is_dir():
        raise LabError(f"cannot write {out}: it is a directory")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LabError(f"cannot write {out}: {error.strerror or error}") from None
    if not os.access(out.parent, os.W_OK):
        raise LabError(f"cannot write {out}: the directory is not writable")
    return out


@single_threaded
def make(
    name: str, out: Path | Sequence[Path], *, progress: Progress = silent, **params
) -> Path | list[Path]:
    """Make generator ``name``'s output at ``out`` (.mp4 for clips; .png or .pdf for
    figures, or a clip's frame strip) and return the path. ``out`` may also be a list of
    paths, written from one run (a figure as PNG and PDF, a clip and its strip); a list of
    paths is returned. Deterministic: the same name, parameters and seed give the same
    bytes."""
    several = not isinstance(out, str | os.PathLike)
    outs = [check_output(name, path) for path in (out if several else [out])]
    generator = GENERATORS[name]
    values = generator.validate(params)
    try:
        if generator.kind == "figure":
            with figures.figure_context():
                figure = generator.run(**values, progress=progress)
                for path in outs:
                    figures.save_figure(figure, path)
            return outs if several else outs[0]
        clip = _run_clip(generator, values, progress)
        progress("writing", 1, 1)
        for path in outs:
            if path.suffix.lower() == ".mp4":
                write_video(path, clip.frames, clip.fps)
                continue
            with figures.figure_context():
                drawn = (
                    generator.still(clip)
                    if generator.still
                    else figures.frame_strip(clip.frames, clip.fps)
                )
                figures.save_figure(drawn, path)
    except OSError as error:
        raise LabError(f"cannot write {outs[0]}: {error.strerror or error}") from None
    return outs if several else outs[0]


def source_digest() -> str:
    """SHA-256 of the lab's own source files: it changes whenever the lab could make
    different output, so a build can cache what it made until then."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(name: str, **params) -> str:
    """A key for the output of ``make(name, ..., **params)``: the same key means the same
    bytes. It covers the validated parameters (defaults included, so writing a default
    out changes nothing) and the lab's source; not the versions of numpy, PyAV's FFmpeg
    or matplotlib, which a build should add if it keeps a cache across upgrades."""
    if name not in GENERATORS:
        raise LabError(f"unknown generator {name!r} (generators: {', '.join(GENERATORS)})")
    values = GENERATORS[name].validate(params)
    text = json.dumps({"name": name, "params": values, "lab": source_digest()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


__all__ = [
    "GENERATORS",
    "Clip",
    "Generator",
    "Param",
    "cache_key",
    "generate",
    "make",
    "source_digest",
]
