"""The lab's little world: a textured background and a few characters that move over it.

Everything here is drawn procedurally, with fixed seeds, so the *data distribution* is the
same on every machine; only the samples drawn from it depend on a seed.

A **template clip** is one character doing one motion over the background. The sampler's
data model (:mod:`streamlab.mixture`) is a mixture with one Gaussian component per template.

Characters
    Four: Pip (teal, round, spotted), Bo (amber, square, striped), Vi (violet, egg-shaped,
    checked) and Ru (coral, bean-shaped, with a light belly). Each has two eyes, two feet and
    a dark outline, so a reader sees a creature, not a blob.

Motions
    Four: ``walk-right`` and ``walk-left`` along the ground (turning at the edges, so the
    motion is defined for any frame, which the chunked generator needs), ``hop`` in place
    and ``fly`` round a loop in the sky. Positions are whole pixels: a character's texture
    then moves exactly with it, and the known motion is an exact integer displacement.

Photosensitive safety
    The per-frame generator makes characters pop in and out at 24 frames per second. To keep
    that harmless, the palette is nearly isoluminant: every body colour lies within about
    0.07 in relative luminance of the ground or sky behind it (WCAG counts a change of 0.1
    or more as a flash), and the high-contrast parts (outline, eyes, feet) are a few pixels.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

# Characters: name, body shape, body colour (sRGB 0-255), pattern.
CHARACTERS: tuple[tuple[str, str, tuple[int, int, int], str], ...] = (
    ("Pip", "circle", (70, 160, 150), "spots"),
    ("Bo", "square", (200, 130, 60), "stripes"),
    ("Vi", "egg", (150, 110, 200), "checks"),
    ("Ru", "bean", (215, 110, 120), "belly"),
)
MOTIONS: tuple[str, ...] = ("walk-right", "walk-left", "hop", "fly")

MAX_TEMPLATES = len(CHARACTERS) * len(MOTIONS)
SUPERSAMPLE = 4  # sub-pixel samples per pixel side for anti-aliased shapes
PATTERN_CONTRAST = 0.08  # the mean pattern's brightness swing, kept low on purpose
OUTLINE_SHADE = 0.55
FOOT_COLOUR = (0.24, 0.22, 0.2)
EYE_WHITE = (0.93, 0.93, 0.9)
PUPIL = (0.1, 0.1, 0.12)


def template_pairs(count: int) -> list[tuple[int, int]]:
    """(character, motion) of the first ``count`` templates. The order interleaves
    characters and motions, so even two templates differ in both who and how."""
    pairs = [
        (character, (character + shift) % len(MOTIONS))
        for shift in range(len(MOTIONS))
        for character in range(len(CHARACTERS))
    ]
    return pairs[:count]


def sprite_size(height: int) -> int:
    """The side of a character's square window in pixels: a quarter of the frame height."""
    return max(4, round(height / 4))


@dataclass(frozen=True)
class Templates:
    """K template clips over frames ``frames`` of a ``height`` × ``width`` scene.

    A template's frame ``t`` is ``background`` everywhere except in an ``S`` × ``S`` window
    whose top-left corner is ``origins[k, t]``, where ``deltas[k, t]`` is added: the
    character drawn over the background, minus the background. Keeping only the window
    makes everything the sampler does with a template cost a window, not a frame.

    ``body`` (the character's body, without eyes, in window coordinates) and ``pattern``
    (its stripes or spots on that body) are the same in every frame: motions are whole-pixel
    translations, so the character's own coordinates never change.
    """

    width: int
    height: int
    fps: int
    frames: np.ndarray  # (T,) frame indices
    background: np.ndarray  # (H, W, 3) floats in [0, 1], sRGB-encoded
    deltas: np.ndarray  # (K, T, S, S, 3)
    origins: np.ndarray  # (K, T, 2) int: top-left (row, column) of each window
    body: np.ndarray  # (K, S, S) in [0, 1]
    pattern: np.ndarray  # (K, S, S) in [-1, 1], zero off the body
    names: tuple[str, ...]  # "Pip walk-right", ...

    @property
    def count(self) -> int:
        return self.deltas.shape[0]

    @property
    def window(self) -> int:
        return self.deltas.shape[2]

    def clip(self, k: int) -> np.ndarray:
        """Template ``k`` as a full clip (T, H, W, 3): the component's mean."""
        out = np.broadcast_to(self.background, (len(self.frames), *self.background.shape)).copy()
        paste_windows(out, self.deltas[k], self.origins[k])
        return out

    def body_masks(self, k: int) -> np.ndarray:
        """Where template ``k``'s body is, frame by frame: (T, H, W) booleans."""
        masks = np.zeros((len(self.frames), self.height, self.width), bool)
        size = self.window
        for t, (row, col) in enumerate(self.origins[k]):
            masks[t, row : row + size, col : col + size] = self.body[k] > 0.5
        return masks


def paste_windows(frames: np.ndarray, windows: np.ndarray, origins: np.ndarray) -> None:
    """Add ``windows[t]`` (S, S, ...) into ``frames[t]`` at ``origins[t]``, in place."""
    size = windows.shape[1]
    for t, (row, col) in enumerate(origins):
        frames[t, row : row + size, col : col + size] += windows[t]


# --- drawing -------------------------------------------------------------------------


def _srgb(colour: tuple[int, int, int]) -> np.ndarray:
    return np.asarray(colour, float) / 255.0


@functools.cache
def background(height: int, width: int) -> np.ndarray:
    """The shared static background: a dusk sky with soft clouds, a band of hills and a
    grassy ground, all low in contrast. Deterministic (fixed seed), (H, W, 3) in [0, 1]."""
    rows = (np.arange(height) + 0.5) / height
    cols = (np.arange(width) + 0.5) / width
    y, x = np.meshgrid(rows, cols, indexing="ij")
    rng = np.random.default_rng(20240501)

    sky_top, sky_low = _srgb((95, 120, 150)), _srgb((130, 150, 165))
    image = sky_top + (sky_low - sky_top) * np.clip(y / 0.55, 0, 1)[..., None]
    for cx, cy, rx, ry in (
        (0.2, 0.16, 0.12, 0.05),
        (0.55, 0.1, 0.16, 0.04),
        (0.85, 0.22, 0.1, 0.04),
    ):
        cloud = np.exp(-(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2))
        image += 0.05 * cloud[..., None]

    # Hills: a wavy band between sky and ground.
    ridge = 0.47 + 0.03 * np.sin(2 * np.pi * (1.3 * x + 0.2)) + 0.015 * np.sin(2 * np.pi * 3.1 * x)
    hills = _smoothstep((y - ridge) * height)
    image = image * (1 - hills[..., None]) + _srgb((100, 125, 115)) * hills[..., None]

    # Ground from the horizon down, a little darker towards the bottom, with grass texture:
    # fine noise stretched vertically, like blades.
    horizon = 0.56
    ground = _smoothstep((y - horizon) * height)
    soil = _srgb((135, 135, 95)) - 0.06 * np.clip((y - horizon) / (1 - horizon), 0, 1)[..., None]
    blades = rng.normal(size=(height // 2 + 1, width))
    blades = np.repeat(blades, 2, axis=0)[:height]
    texture = 0.025 * blades + 0.015 * np.sin(2 * np.pi * (7 * x + 2 * y))
    soil = soil + texture[..., None]
    image = np.clip(image * (1 - ground[..., None]) + soil * ground[..., None], 0, 1)
    image.setflags(write=False)  # cached and shared: nobody may change it
    return image


def _smoothstep(distance_px: np.ndarray) -> np.ndarray:
    """A one-pixel soft edge: 0 above the edge, 1 below."""
    return np.clip(distance_px + 0.5, 0, 1)


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Supersampled window coordinates u (right) and v (down), both in [-1, 1]."""
    n = size * SUPERSAMPLE
    axis = (np.arange(n) + 0.5) / n * 2 - 1
    v, u = np.meshgrid(axis, axis, indexing="ij")
    return u, v


def _downsample(mask: np.ndarray, size: int) -> np.ndarray:
    """Average SUPERSAMPLE × SUPERSAMPLE blocks: coverage, i.e. an anti-aliased alpha."""
    return mask.reshape(size, SUPERSAMPLE, size, SUPERSAMPLE).mean(axis=(1, 3))


BODY_CENTRE_V = -0.12  # the body sits a little above the window's centre, feet below it
BODY_RADIUS = 0.66


def _inside(shape: str, u: np.ndarray, v: np.ndarray, grow: float) -> np.ndarray:
    """Whether (u, v) is inside a body of the given shape grown by ``grow`` (window units)."""
    r = BODY_RADIUS + grow
    dv = v - BODY_CENTRE_V
    if shape == "circle":
        return u**2 + dv**2 <= r**2
    if shape == "square":
        return (u / r) ** 4 + (dv / r) ** 4 <= 1
    if shape == "egg":
        # Narrower at the top: the horizontal radius grows towards the bottom.
        width = r * (0.78 + 0.18 * np.clip((dv + r) / (2 * r), 0, 1))
        return (u / width) ** 2 + (dv / (r * 1.05)) ** 2 <= 1
    if shape == "bean":
        return (u / (r * 1.12)) ** 2 + (dv / (r * 0.82)) ** 2 <= 1
    raise ValueError(shape)


def _pattern(kind: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The character's markings in [-1, 1], symmetric left to right (so looking left or
    right never changes them)."""
    dv = v - BODY_CENTRE_V
    if kind == "spots":
        spots = np.zeros_like(u)
        for cu, cv in ((0.0, -0.35), (-0.33, 0.12), (0.33, 0.12), (0.0, 0.4)):
            for side in (1, -1) if cu else (1,):
                spots = np.maximum(spots, ((u - side * cu) ** 2 + (dv - cv) ** 2 <= 0.15**2))
        return spots * 2.0 - 1.0
    if kind == "stripes":
        return np.sign(np.sin(dv * 9.0))
    if kind == "checks":
        return np.sign(np.cos(np.abs(u) * 7.0) * np.sin(dv * 7.0 + 0.6))
    if kind == "belly":
        return np.where((u / 0.42) ** 2 + ((dv - 0.3) / 0.3) ** 2 <= 1, 1.0, -0.3)
    raise ValueError(kind)


EYE_V = BODY_CENTRE_V - 0.18
EYE_U = 0.27
EYE_RADIUS = 0.17


def _eyes(u: np.ndarray, v: np.ndarray, look: int) -> tuple[np.ndarray, np.ndarray]:
    """Eye whites and pupils; ``look`` is -1 (left), 0 (front) or +1 (right)."""
    whites = np.zeros_like(u, bool)
    pupils = np.zeros_like(u, bool)
    for side in (-1, 1):
        cu = side * EYE_U + 0.08 * look
        whites |= (u - cu) ** 2 + (v - EYE_V) ** 2 <= EYE_RADIUS**2
        pupils |= (u - cu - 0.07 * look) ** 2 + (v - EYE_V) ** 2 <= (EYE_RADIUS * 0.55) ** 2
    return whites, pupils


@dataclass(frozen=True)
class SpriteLayers:
    body: np.ndarray  # (S, S) alpha of the body
    outline: np.ndarray  # (S, S) alpha of the outline ring
    colour_map: np.ndarray  # (S, S, 3) the body's colour with its pattern
    eye_whites: np.ndarray
    pupils: np.ndarray
    feet: np.ndarray


@functools.cache
def sprite(character: int, size: int, look: int, feet: int) -> SpriteLayers:
    """The layers of one character pose. ``feet`` is -1 (none: flying), 0 or 1 (stride
    phase)."""
    _, shape, colour, pattern = CHARACTERS[character]
    u, v = _grid(size)
    pixel = 2.0 / size  # one pixel in window units
    body = _downsample(_inside(shape, u, v, 0.0), size)
    outline = _downsample(_inside(shape, u, v, 0.9 * pixel), size) - body
    marks = _downsample(_pattern(pattern, u, v), size)
    colour_map = _srgb(colour) * (1 + PATTERN_CONTRAST * marks)[..., None]
    whites, pupils = _eyes(u, v, look)
    foot_mask = np.zeros_like(u, bool)
    if feet >= 0:
        lift = (0.1, -0.06) if feet == 0 else (-0.06, 0.1)
        for side, dv in zip((-1, 1), lift, strict=True):
            foot_mask |= ((u - side * 0.32) / 0.2) ** 2 + ((v - 0.72 + dv) / 0.12) ** 2 <= 1
    return SpriteLayers(
        body=body,
        outline=np.clip(outline, 0, 1),
        colour_map=np.clip(colour_map, 0, 1),
        eye_whites=_downsample(whites, size),
        pupils=_downsample(pupils, size),
        feet=_downsample(foot_mask, size),
    )


@functools.cache
def body_and_pattern(character: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The body without its eyes (wherever the eyes may look) and the pattern on it: the
    support of a component's colour and texture variation, the same in every frame."""
    _, shape, _, pattern = CHARACTERS[character]
    u, v = _grid(size)
    eyes = np.zeros_like(u, bool)
    for look in (-1, 0, 1):
        eyes |= _eyes(u, v, look)[0]
    body = _downsample(_inside(shape, u, v, 0.0) & ~eyes, size)
    marks = _downsample(_pattern(pattern, u, v), size)
    return body, marks * body


def compose(window_background: np.ndarray, layers: SpriteLayers) -> np.ndarray:
    """Draw the layers over a background window, back to front."""
    image = window_background.copy()
    for alpha, colour in (
        (layers.feet, np.asarray(FOOT_COLOUR)),
        (layers.outline, layers.colour_map * OUTLINE_SHADE),
        (layers.body, layers.colour_map),
        (layers.eye_whites, np.asarray(EYE_WHITE)),
        (layers.pupils, np.asarray(PUPIL)),
    ):
        image = image * (1 - alpha[..., None]) + colour * alpha[..., None]
    return image


# --- motion --------------------------------------------------------------------------


def _ping_pong(position: np.ndarray, low: int, high: int) -> np.ndarray:
    """Fold an ever-growing position back and forth between low and high."""
    span = max(high - low, 1)
    phase = np.mod(position - low, 2 * span)
    return low + np.where(phase <= span, phase, 2 * span - phase)


def motion_path(
    motion: int, frames: np.ndarray, height: int, width: int, fps: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Window origins (rows, cols, whole pixels), where the eyes look (-1, 0, 1) and the
    feet's stride phase (-1 for none) of a motion at the given frame indices. Defined for
    any frame index, so a chunked generator can continue a motion for as long as it likes."""
    size = sprite_size(height)
    f = frames.astype(float)
    seconds = f / fps
    ground_row = round(0.88 * height) - size
    margin = round(0.03 * width)
    low, high = margin, width - size - margin
    speed = max(1, round(width / 128))  # whole pixels per frame
    # Three steps a second, one bounce per step: a pixel on the outline changes at most
    # three times a second, under WCAG's flash rate even where its contrast is high.
    stride = (np.floor(seconds * 3) % 2).astype(int)
    name = MOTIONS[motion]
    if name in ("walk-right", "walk-left"):
        start = low + round(0.1 * width) if name == "walk-right" else high - round(0.1 * width)
        direction = 1 if name == "walk-right" else -1
        unfolded = start + direction * speed * frames
        cols = _ping_pong(unfolded, low, high)
        heading = np.sign(
            np.diff(np.append(cols, _ping_pong(unfolded[-1:] + direction * speed, low, high)))
        )
        look = np.where(heading == 0, direction, heading).astype(int)
        rows = ground_row - np.round(0.025 * height * np.abs(np.sin(np.pi * seconds * 3)))
        feet = stride
    elif name == "hop":
        cols = np.full(frames.shape, round(0.5 * width - size / 2))
        rows = ground_row - np.round(0.2 * height * np.abs(np.sin(np.pi * seconds / 0.75)))
        look = np.zeros(frames.shape, int)
        feet = np.zeros(frames.shape, int)
    else:  # fly: a loop in the sky, three seconds round
        angle = 2 * np.pi * seconds / 3.0
        cols = np.round(0.6 * width + 0.2 * width * np.cos(angle) - size / 2)
        rows = np.round(0.26 * height + 0.1 * height * np.sin(angle) - size / 2)
        look = np.where(-np.sin(angle) >= 0, 1, -1)
        feet = np.full(frames.shape, -1)
    rows = np.clip(rows, 0, height - size).astype(int)
    cols = np.clip(cols, 0, width - size).astype(int)
    return rows, cols, look.astype(int), feet.astype(int)


@functools.lru_cache(maxsize=16)
def templates(count: int, height: int, width: int, fps: int, start: int, length: int) -> Templates:
    """The first ``count`` templates over frames ``start`` … ``start + length - 1``."""
    if not 1 <= count <= MAX_TEMPLATES:
        raise ValueError(f"count must be 1 to {MAX_TEMPLATES}")
    frames = np.arange(start, start + length)
    size = sprite_size(height)
    bg = background(height, width)
    pairs = template_pairs(count)
    deltas = np.zeros((count, length, size, size, 3))
    origins = np.zeros((count, length, 2), int)
    bodies = np.zeros((count, size, size))
    patterns = np.zeros((count, size, size))
    names = []
    for k, (character, motion) in enumerate(pairs):
        rows, cols, look, feet = motion_path(motion, frames, height, width, fps)
        origins[k, :, 0], origins[k, :, 1] = rows, cols
        for t in range(length):
            window = bg[rows[t] : rows[t] + size, cols[t] : cols[t] + size]
            layers = sprite(character, size, int(look[t]), int(feet[t]))
            deltas[k, t] = compose(window, layers) - window
        bodies[k], patterns[k] = body_and_pattern(character, size)
        names.append(f"{CHARACTERS[character][0]} {MOTIONS[motion]}")
    for array in (deltas, origins, bodies, patterns):
        array.setflags(write=False)
    return Templates(
        width=width,
        height=height,
        fps=fps,
        frames=frames,
        background=bg,
        deltas=deltas,
        origins=origins,
        body=bodies,
        pattern=patterns,
        names=tuple(names),
    )
