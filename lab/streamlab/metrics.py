r"""The metrics the book teaches, each a few lines of numpy.

All of them take frames as an array (T, H, W, 3), either 8-bit values or floats in [0, 1]
(sRGB-encoded, as stored in a file); differences are reported on the 0-1 scale.

``flicker``
    :math:`\frac{1}{(T-1)\,|P|} \sum_{t} \sum_{p \in P} \lVert x_{t+1}(p) - x_t(p)\rVert_1 / 3`,
    the mean absolute change between consecutive frames over the pixels :math:`P` (all, or
    only the static ones). Zero for a still clip, larger for more flicker. VBench's
    temporal-flickering dimension uses the same mean absolute difference on clips of static
    scenes, where any change is flicker rather than motion.

``warp_error``
    :math:`\frac{1}{T-1}\sum_t \frac{1}{|V_t|}\sum_{p \in V_t}
    \lVert x_{t+1}(p) - x_t(p - f_{t+1}(p))\rVert_2^2 / 3`: each frame is moved along the
    motion onto the next, and what is still different is error (Lai et al. 2018). For lab
    clips the motion :math:`f` is known exactly. A real evaluation estimates it with an
    optical-flow network such as RAFT and finds the pixels :math:`V_t` that stay visible
    by checking the flow forwards and backwards; ``estimate_flow`` here is a plain
    block matcher, good enough for the lab's whole-pixel motions.

``identity_drift``
    :math:`\lVert \phi(x_t) - \phi(x_0)\rVert_2` over time, with :math:`\phi` a simple
    appearance feature of the subject: its mean colour. A clip whose subject keeps its look
    stays near zero.

``frechet``
    :math:`\lVert m_1 - m_2\rVert^2 + \operatorname{tr}(C_1 + C_2 - 2 (C_1 C_2)^{1/2})`,
    the Fréchet distance between Gaussians fitted to the features of two sets of clips (FVD
    uses an action classifier's features of whole clips; here, tiny thumbnails of single
    frames, which makes the content bias of such features easy to see).

``flashes``
    General and red flashes per WCAG 2.2's success criterion 2.3.1; see :func:`flashes`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .video import to_float

# --- flicker and warping ---------------------------------------------------------------


def flicker(frames: np.ndarray, static: np.ndarray | None = None) -> float:
    """Mean absolute difference between consecutive frames, optionally only where
    ``static`` (H, W) or (T-1, H, W) is true."""
    frames = to_float(frames)
    if len(frames) < 2:
        return 0.0
    change = np.abs(np.diff(frames, axis=0)).mean(axis=-1)  # (T-1, H, W)
    if static is None:
        return float(change.mean())
    weight = np.broadcast_to(static, change.shape)
    if not weight.any():
        return 0.0
    return float(change[weight].mean())


def warp(frame: np.ndarray, flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pull ``frame`` (H, W, C) along a backward flow (H, W, 2) of (row, column)
    displacements: output(p) = frame(p - flow(p)), nearest pixel. Also returns where the
    source lay inside the frame; elsewhere the output repeats the border."""
    H, W = frame.shape[:2]
    rows, cols = np.indices((H, W))
    source_rows = np.rint(rows - flow[..., 0]).astype(int)
    source_cols = np.rint(cols - flow[..., 1]).astype(int)
    inside = (source_rows >= 0) & (source_rows < H) & (source_cols >= 0) & (source_cols < W)
    moved = frame[np.clip(source_rows, 0, H - 1), np.clip(source_cols, 0, W - 1)]
    return moved, inside


def warp_error(
    frames: np.ndarray, flow: np.ndarray | None = None, visible: np.ndarray | None = None
) -> float:
    """Mean squared error after warping each frame onto the next along ``flow``
    (T-1, H, W, 2): flow[t] says where each pixel of frame t+1 came from in frame t.
    Pixels whose source lies outside the frame are left out, and so are pixels where
    ``visible`` (T-1, H, W) is false (hidden in frame t). Without a flow, one is
    estimated by block matching."""
    frames = to_float(frames)
    if len(frames) < 2:
        return 0.0
    if flow is None:
        flow = estimate_flow(frames)
    errors = []
    for t in range(len(frames) - 1):
        moved, inside = warp(frames[t], flow[t])
        keep = inside if visible is None else inside & visible[t]
        squared = ((frames[t + 1] - moved) ** 2).mean(axis=-1)[keep]
        errors.append(squared.mean() if squared.size else 0.0)
    return float(np.mean(errors))


def estimate_flow(frames: np.ndarray, block: int = 8, radius: int = 4) -> np.ndarray:
    """A backward flow (T-1, H, W, 2) by exhaustive block matching on luminance: for every
    ``block`` × ``block`` block of frame t+1, the whole-pixel shift within ``radius`` that
    best explains it from frame t (least absolute difference; ties go to the smaller shift,
    so still regions get zero). A stand-in for RAFT and its kind, which estimate a smooth
    sub-pixel flow with a trained network."""
    luma = to_float(frames) @ np.array([0.2126, 0.7152, 0.0722])
    T, H, W = luma.shape
    rows_b, cols_b = -(-H // block), -(-W // block)
    pad_h, pad_w = rows_b * block - H, cols_b * block - W
    target = np.pad(luma[1:], ((0, 0), (0, pad_h), (0, pad_w)), mode="edge")
    source = np.pad(
        luma[:-1], ((0, 0), (radius, radius + pad_h), (radius, radius + pad_w)), mode="edge"
    )
    shifts = [(dy, dx) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)]
    costs = np.empty((len(shifts), T - 1, rows_b, cols_b))
    for i, (dy, dx) in enumerate(shifts):
        # The pixel at p in frame t+1 came from p - (dy, dx) in frame t.
        window = source[
            :,
            radius - dy : radius - dy + rows_b * block,
            radius - dx : radius - dx + cols_b * block,
        ]
        difference = np.abs(target - window).reshape(T - 1, rows_b, block, cols_b, block)
        costs[i] = difference.sum(axis=(2, 4)) + 1e-6 * (abs(dy) + abs(dx))
    best = np.asarray(shifts)[costs.argmin(axis=0)]  # (T-1, rows_b, cols_b, 2)
    flow = np.repeat(np.repeat(best, block, axis=1), block, axis=2)
    return flow[:, :H, :W].astype(float)


def static_pixels(flow: np.ndarray, block: int = 8) -> np.ndarray:
    """Pixels (T-1, H, W) with no estimated motion, one block away from any motion."""
    moving = np.any(flow != 0, axis=-1)
    grown = moving.copy()
    for axis in (1, 2):
        for shift in (-block, block):
            grown |= np.roll(moving, shift, axis=axis)
    return ~grown


# --- identity -------------------------------------------------------------------------


def subject_masks(frames: np.ndarray, threshold: float = 0.08) -> np.ndarray:
    """Where the subject is, frame by frame (T, H, W), for clips whose background holds
    still and whose subject moves on (covering any pixel for less than half the clip):
    pixels that differ from the clip's per-pixel median, the background, by more than
    ``threshold`` in some channel."""
    frames = to_float(frames)
    median = np.median(frames, axis=0)
    return np.abs(frames - median).max(axis=-1) > threshold


def identity_drift(frames: np.ndarray, masks: np.ndarray | None = None) -> np.ndarray:
    """Distance of the subject's mean colour (RGB, 0-1) from its value in frame 0, for
    every frame (T,). ``masks`` (T, H, W) say where the subject is (the lab knows); by
    default it is found with :func:`subject_masks`, and a frame where it is not found
    counts with its whole picture."""
    frames = to_float(frames)
    if masks is None:
        masks = subject_masks(frames)
    features = []
    for frame, mask in zip(frames, masks, strict=True):
        region = frame[mask] if mask.sum() >= 8 else frame.reshape(-1, 3)
        features.append(region.mean(axis=0))
    features = np.asarray(features)
    return np.linalg.norm(features - features[0], axis=1)


# --- Fréchet distance --------------------------------------------------------------------

FEATURE_GRID = (3, 6)  # rows, columns of the thumbnail


def frame_features(frames: np.ndarray) -> np.ndarray:
    """Per-frame features (..., 3 * rows * columns): the frame shrunk to a 3 × 6 colour
    thumbnail by averaging blocks. What a frame shows and where, nothing about motion."""
    frames = np.asarray(frames) if np.asarray(frames).dtype != np.uint8 else to_float(frames)
    *lead, H, W, _ = frames.shape
    rows, cols = FEATURE_GRID
    # Averaging matrices: row block i of the thumbnail averages image rows edges[i]..edges[i+1].
    average_rows = _block_average(H, rows).astype(frames.dtype)
    average_cols = _block_average(W, cols).astype(frames.dtype)
    flat = frames.reshape(-1, H, W, 3)
    across = np.swapaxes(flat, -1, -2) @ average_cols.T  # (M, H, 3, cols)
    down = average_rows @ across.reshape(len(flat), H, 3 * cols)  # (M, rows, 3 * cols)
    thumbnail = np.swapaxes(down.reshape(len(flat), rows, 3, cols), -1, -2)  # (M, rows, cols, 3)
    return thumbnail.reshape(*lead, rows * cols * 3).astype(np.float64)


def _block_average(size: int, blocks: int) -> np.ndarray:
    edges = np.linspace(0, size, blocks + 1).astype(int)
    matrix = np.zeros((blocks, size))
    for i in range(blocks):
        matrix[i, edges[i] : edges[i + 1]] = 1.0 / (edges[i + 1] - edges[i])
    return matrix


def _sqrtm_psd(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def frechet_gaussian(mean1, cov1, mean2, cov2) -> float:
    """Fréchet distance between two Gaussians. The trace of (C1 C2)^(1/2) is computed as
    the trace of (C1^(1/2) C2 C1^(1/2))^(1/2), a symmetric matrix, so eigh suffices."""
    root1 = _sqrtm_psd(cov1)
    cross = _sqrtm_psd(root1 @ cov2 @ root1)
    value = np.sum((mean1 - mean2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(cross)
    return float(max(value, 0.0))


def frechet(clips_a: np.ndarray, clips_b: np.ndarray) -> float:
    """Fréchet distance between per-frame features of two sets of clips (N, T, H, W, 3):
    every frame of every clip is one sample of its set's Gaussian. Shuffling the frames
    of a clip cannot change it: the features never see the order."""
    fa = frame_features(clips_a).reshape(-1, 3 * FEATURE_GRID[0] * FEATURE_GRID[1])
    fb = frame_features(clips_b).reshape(-1, 3 * FEATURE_GRID[0] * FEATURE_GRID[1])
    return frechet_gaussian(
        fa.mean(axis=0), np.cov(fa, rowvar=False), fb.mean(axis=0), np.cov(fb, rowvar=False)
    )


# --- flashes ----------------------------------------------------------------------------

FLASH_CHANGE = 0.10  # a transition: relative luminance changes by 10 % of the maximum
DARKER_BELOW = 0.80  # ... and the darker state is below 0.80
RED_RATIO = 0.80  # a saturated red: R / (R + G + B) >= 0.8 (linear values)
RED_CHROMA = 0.20  # ... and the states differ by more than 0.2 in CIE 1976 u'v'
MAX_FLASHES = 3  # more than three flashes in any one second fail ...
MAX_AREA = 0.25  # ... if they cover more than 25 % of any 10-degree field
FIELD_PX = (256, 341)  # a 10-degree field on WCAG's reference 1024 x 768 screen
REFERENCE_WIDTH = 1024

SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)


def linear_rgb(frames: np.ndarray) -> np.ndarray:
    """sRGB values (0-1) to linear light, as in WCAG's definition of relative luminance
    (threshold 0.04045; WCAG 2.0 printed 0.03928, which no 8-bit value falls between)."""
    v = to_float(frames)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def relative_luminance(frames: np.ndarray) -> np.ndarray:
    return linear_rgb(frames) @ np.array([0.2126, 0.7152, 0.0722])


@dataclass(frozen=True)
class FlashResult:
    """``general_flashes`` and ``red_flashes``: the most flashes any pixel shows in any
    one-second window (a flash is two opposing transitions, so 3.5 means seven
    transitions). ``general_area`` and ``red_area``: the largest share of any 10-degree
    field covered by pixels that flash more than three times in the same second. The clip
    passes when both areas are at most 25 %: by WCAG 2.3.1, flashing is allowed where it
    is no more than three times a second or small enough."""

    passed: bool
    general_flashes: float
    red_flashes: float
    general_area: float
    red_area: float
    worst_second: float  # start time (s) of the window with the largest flashing area
    field: tuple[int, int]  # the 10-degree field in clip pixels (rows, columns)

    def as_dict(self) -> dict:
        return asdict(self)


def _luminance_transitions(luminance: np.ndarray) -> np.ndarray:
    """Transition events (T, H, W): a change of at least 0.1 in relative luminance between
    a peak and the following valley or the reverse, the darker state below 0.8. Each
    pixel's series is followed with a running extreme, so a change spread over several
    frames counts once, and jitter smaller than 0.1 never counts."""
    T = len(luminance)
    events = np.zeros(luminance.shape, bool)
    extreme = luminance[0].copy()  # the peak (when rising) or valley (when falling)
    low, high = luminance[0].copy(), luminance[0].copy()  # before the first transition
    trend = np.zeros(luminance.shape[1:], np.int8)  # 0 unknown, +1 rising, -1 falling
    for t in range(1, T):
        y = luminance[t]
        unknown = trend == 0
        low = np.where(unknown, np.minimum(low, y), low)
        high = np.where(unknown, np.maximum(high, y), high)
        rise = unknown & (y - low >= FLASH_CHANGE) & (y >= high)
        fall = unknown & (high - y >= FLASH_CHANGE) & (y <= low) & ~rise
        first_darker = np.where(rise, low, y)
        events[t] |= (rise | fall) & (first_darker < DARKER_BELOW)
        trend = np.where(rise, 1, np.where(fall, -1, trend)).astype(np.int8)
        extreme = np.where(rise | fall, y, extreme)

        rising, falling = (trend == 1) & ~(rise | fall), (trend == -1) & ~(rise | fall)
        extreme = np.where(rising & (y > extreme), y, extreme)
        extreme = np.where(falling & (y < extreme), y, extreme)
        turn_down = rising & (extreme - y >= FLASH_CHANGE)
        turn_up = falling & (y - extreme >= FLASH_CHANGE)
        darker = np.where(turn_down, y, extreme)
        events[t] |= (turn_down | turn_up) & (darker < DARKER_BELOW)
        trend = np.where(turn_down, -1, np.where(turn_up, 1, trend)).astype(np.int8)
        extreme = np.where(turn_down | turn_up, y, extreme)
    return events


def _red_transitions(linear: np.ndarray) -> np.ndarray:
    """Red transition events (T, H, W): the colour moves more than 0.2 in CIE 1976 u'v'
    from the state at the pixel's last transition, and one of the two states is a
    saturated red. Near-black states take the white point's chromaticity, so black to
    red counts."""
    xyz = linear @ SRGB_TO_XYZ.T
    denominator = xyz[..., 0] + 15 * xyz[..., 1] + 3 * xyz[..., 2]
    dark = denominator < 1e-4
    safe = np.where(dark, 1.0, denominator)
    u = np.where(dark, 0.1978, 4 * xyz[..., 0] / safe)
    v = np.where(dark, 0.4683, 9 * xyz[..., 1] / safe)
    total = linear.sum(axis=-1)
    red = (total > 1e-4) & (linear[..., 0] >= RED_RATIO * np.maximum(total, 1e-12))
    events = np.zeros(u.shape, bool)
    ref_u, ref_v, ref_red = u[0].copy(), v[0].copy(), red[0].copy()
    for t in range(1, len(u)):
        moved = np.hypot(u[t] - ref_u, v[t] - ref_v) > RED_CHROMA
        event = moved & (red[t] | ref_red)
        events[t] = event
        ref_u = np.where(event, u[t], ref_u)
        ref_v = np.where(event, v[t], ref_v)
        ref_red = np.where(event, red[t], ref_red)
    return events


def field_size(height: int, width: int, display_width: int = REFERENCE_WIDTH) -> tuple[int, int]:
    """A 10-degree visual field in clip pixels, (rows, columns), when the clip is shown
    ``display_width`` screen pixels wide on WCAG's reference screen (1024 × 768 at
    typical viewing distance, where 341 × 256 pixels make ten degrees)."""
    scale = width / display_width  # clip pixels per screen pixel
    rows = max(1, min(height, round(FIELD_PX[0] * scale)))
    cols = max(1, min(width, round(FIELD_PX[1] * scale)))
    return rows, cols


def _worst(events: np.ndarray, fps: float, field: tuple[int, int]) -> tuple[float, float, int]:
    """The most flashes of any pixel in any one-second window, the largest share of a
    10-degree field flashing more than three times in one second, and that window."""
    T = len(events)
    window = max(1, min(T, round(fps)))
    running = np.concatenate(
        [np.zeros((1, *events.shape[1:]), np.int32), np.cumsum(events, axis=0, dtype=np.int32)]
    )
    counts = running[window:] - running[:-window]  # transitions per one-second window
    most = float(counts.max()) / 2 if counts.size else 0.0
    too_many = counts > 2 * MAX_FLASHES  # seven transitions are more than three flashes
    if not too_many.any():
        return most, 0.0, 0
    rows, cols = field
    # Share of every field position that flashes too often: box sums by integral image.
    integral = np.pad(
        np.cumsum(np.cumsum(too_many, axis=1, dtype=np.int32), axis=2), ((0, 0), (1, 0), (1, 0))
    )
    boxes = (
        integral[:, rows:, cols:]
        - integral[:, :-rows, cols:]
        - integral[:, rows:, :-cols]
        + integral[:, :-rows, :-cols]
    )
    share = boxes.reshape(len(boxes), -1).max(axis=1) / (rows * cols)
    return most, float(share.max()), int(share.argmax())


def flashes(frames: np.ndarray, fps: float, display_width: int = REFERENCE_WIDTH) -> FlashResult:
    """Check a clip against WCAG 2.2's general flash and red flash thresholds (success
    criterion 2.3.1, three flashes or below threshold).

    Simplifications, all on the cautious side or stated:

    * Each pixel is followed on its own; a transition is a change between its adjacent
      luminance peak and valley, as in WCAG's note. Flashes of different pixels count
      together when they fall in the same one-second window, even if not in the same frame.
    * The area is measured against a 10-degree field of the clip as shown
      ``display_width`` screen pixels wide on WCAG's reference 1024 × 768 screen (by
      default full width: the largest a reader will usually see it), every position of
      that field checked.
    * Red: WCAG 2.2's working definition, a saturated red being R/(R+G+B) >= 0.8 on linear
      values; the chromaticity change is measured from the state at the last transition.
    * WCAG's exception for fine balanced patterns (noise, checkerboards under 0.1 degree)
      is not applied.
    """
    frames = to_float(frames)
    T, H, W, _ = frames.shape
    linear = linear_rgb(frames).reshape(T, H * W, 3)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    field = field_size(H, W, display_width)
    # Only pixels whose luminance ever spans 0.1, or that are ever a saturated red, can
    # flash; following just those is the same check, much faster.
    active = np.flatnonzero(np.ptp(luminance, axis=0) >= FLASH_CHANGE)
    events = np.zeros((T, H * W), bool)
    events[:, active] = _luminance_transitions(luminance[:, active])
    general, general_area, general_at = _worst(events.reshape(T, H, W), fps, field)
    total = linear.sum(axis=-1)
    reddish = np.flatnonzero((linear[..., 0] >= RED_RATIO * np.maximum(total, 1e-12)).any(axis=0))
    events = np.zeros((T, H * W), bool)
    events[:, reddish] = _red_transitions(linear[:, reddish])
    red, red_area, red_at = _worst(events.reshape(T, H, W), fps, field)
    worst = general_at if general_area >= red_area else red_at
    return FlashResult(
        passed=general_area <= MAX_AREA and red_area <= MAX_AREA,
        general_flashes=general,
        red_flashes=red,
        general_area=round(general_area, 4),
        red_area=round(red_area, 4),
        worst_second=round(worst / fps, 3),
        field=field,
    )
