r"""The metrics the book teaches, each a few lines of numpy.

All of them take frames as an array (T, H, W, 3), either 8-bit values or floats in [0, 1]
(sRGB-encoded, as stored in a file); differences are reported on the 0-1 scale. They go
through the clip a frame, or a pair of consecutive frames, at a time. :func:`measure_frames`
gives the same numbers for a clip that it is handed a frame at a time, as many times as it
asks (``streamlab.measure`` decodes the file again), so that its memory does not grow with
the clip's length.

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
    stays near zero. Without masks from the lab, the subject is found as the pixels that
    differ from the clip's per-pixel median frame, which assumes a still background: in a
    clip whose camera pans, shakes or zooms, the whole moving background counts as
    subject, and the number measures the scene's colour rather than the subject's.

``frechet``
    :math:`\lVert m_1 - m_2\rVert^2 + \operatorname{tr}(C_1 + C_2 - 2 (C_1 C_2)^{1/2})`,
    the Fréchet distance between Gaussians fitted to the features of two sets of clips (FVD
    uses an action classifier's features of whole clips; here, tiny thumbnails of single
    frames, which makes the content bias of such features easy to see).

``flashes``
    General and red flashes per WCAG 2.2's success criterion 2.3.1; see :func:`flashes`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

import numpy as np

from .errors import LabError
from .progress import Progress, silent
from .video import to_float

# Rec. 709 weights: of sRGB-encoded values for the block matcher's luma, of linear values
# for WCAG's relative luminance.
LUMA = np.array([0.2126, 0.7152, 0.0722])
# The same weights in whole numbers: 2126 R + 7152 G + 722 B of 8-bit values is the luma
# of floats in [0, 1] times LUMA_SCALE, exactly.
LUMA_INT = (2126, 7152, 722)
LUMA_SCALE = 10000 * 255

# --- flicker and warping ---------------------------------------------------------------


def _change(previous: np.ndarray, current: np.ndarray) -> tuple[np.ndarray, int]:
    """Per-pixel change (H, W) between two frames and the number it is to be divided by:
    for 8-bit frames, the exact sum over channels of the absolute differences (divide by
    3 × 255); for floats, the mean over channels on the 0-1 scale (divide by 1)."""
    if previous.dtype == np.uint8 and current.dtype == np.uint8:
        difference = np.abs(current.astype(np.int16) - previous.astype(np.int16))
        return _channel_sum(difference), 3 * 255
    return np.abs(to_float(current) - to_float(previous)).mean(axis=-1), 1


def _channel_sum(values: np.ndarray) -> np.ndarray:
    """Sum over the last axis of three whole numbers: numpy is slow to reduce an axis so
    short."""
    return values[..., 0] + values[..., 1] + values[..., 2]


class _Mean:
    """A mean kept as a running sum and count, of values in ``unit`` (exact for whole
    numbers: Python's integers do not overflow, and their division rounds once)."""

    def __init__(self) -> None:
        self.total, self.count, self.unit = 0, 0, 1

    def add(self, values: np.ndarray, unit: int = 1) -> None:
        self.total += values.sum(dtype=np.int64 if values.dtype.kind in "iu" else None).item()
        self.count += values.size
        self.unit = unit

    def value(self) -> float:
        return float(self.total / (self.unit * self.count)) if self.count else 0.0


def flicker(frames: np.ndarray, static: np.ndarray | None = None) -> float:
    """Mean absolute difference between consecutive frames, optionally only where
    ``static`` (H, W) or (T-1, H, W) is true."""
    frames = np.asarray(frames)
    if len(frames) < 2:
        return 0.0
    if static is not None:
        static = np.broadcast_to(static, (len(frames) - 1, *frames.shape[1:3]))
    mean = _Mean()
    for t in range(len(frames) - 1):
        change, unit = _change(frames[t], frames[t + 1])
        mean.add(change if static is None else change[static[t]], unit)
    return mean.value()


def warp(frame: np.ndarray, flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pull ``frame`` (H, W, C) along a backward flow (H, W, 2) of (row, column)
    displacements: output(p) = frame(p - flow(p)), nearest pixel. Also returns where the
    source lay inside the frame; elsewhere the output repeats the border."""
    H, W = frame.shape[:2]
    rows, cols = np.indices((H, W), sparse=True)
    source_rows, source_cols = rows - flow[..., 0], cols - flow[..., 1]
    if flow.dtype.kind == "f":
        source_rows = np.rint(source_rows).astype(int)
        source_cols = np.rint(source_cols).astype(int)
    inside = (source_rows >= 0) & (source_rows < H) & (source_cols >= 0) & (source_cols < W)
    source = np.clip(source_rows, 0, H - 1) * W + np.clip(source_cols, 0, W - 1)
    moved = frame.reshape(H * W, *frame.shape[2:]).take(source.ravel(), axis=0)
    return moved.reshape(frame.shape), inside


def _warp_pair_error(
    previous: np.ndarray, current: np.ndarray, flow: np.ndarray, visible: np.ndarray | None
) -> float:
    """The mean squared error (0-1 scale) of one frame warped onto the next along ``flow``
    (H, W, 2), over the pixels whose source is inside and ``visible``; 0 if none is."""
    moved, inside = warp(previous, flow)
    keep = inside if visible is None else inside & visible
    if previous.dtype == np.uint8 and current.dtype == np.uint8:
        difference = current.astype(np.int32) - moved
        squared = _channel_sum(difference * difference)[keep]
        unit = 3 * 255**2
    else:
        squared = ((to_float(current) - to_float(moved)) ** 2).mean(axis=-1)[keep]
        unit = 1
    if not squared.size:
        return 0.0
    mean = _Mean()
    mean.add(squared, unit)
    return mean.value()


def warp_error(
    frames: np.ndarray, flow: np.ndarray | None = None, visible: np.ndarray | None = None
) -> float:
    """Mean squared error after warping each frame onto the next along ``flow``
    (T-1, H, W, 2): flow[t] says where each pixel of frame t+1 came from in frame t.
    Pixels whose source lies outside the frame are left out, and so are pixels where
    ``visible`` (T-1, H, W) is false (hidden in frame t). Without a flow, one is
    estimated by block matching."""
    frames = np.asarray(frames)
    if len(frames) < 2:
        return 0.0
    errors = []
    for t in range(len(frames) - 1):
        pair_flow = flow[t] if flow is not None else pair_flow_of(frames[t], frames[t + 1])
        pair_visible = None if visible is None else visible[t]
        errors.append(_warp_pair_error(frames[t], frames[t + 1], pair_flow, pair_visible))
    return float(np.mean(errors))


def luma(frame: np.ndarray) -> np.ndarray:
    """The block matcher's luma (H, W) of one frame. Of 8-bit values, in whole numbers
    (int32): 2126 R + 7152 G + 722 B, which is the luma on the 0-1 scale times
    ``LUMA_SCALE``, unrounded."""
    if frame.dtype == np.uint8:
        red, green, blue = (frame[..., c].astype(np.int32) for c in range(3))
        return LUMA_INT[0] * red + LUMA_INT[1] * green + LUMA_INT[2] * blue
    return to_float(frame) @ LUMA


BAND = 1 << 16  # pixels matched at a time: a few hundred kilobytes, kept in cache


def match_blocks(
    previous: np.ndarray, current: np.ndarray, block: int = 8, radius: int = 4
) -> np.ndarray:
    """Block matching of two luma images (H, W), as :func:`luma` gives them: for every
    ``block`` × ``block`` block of ``current``, the whole-pixel shift (row, column) within
    ``radius`` that best explains it from ``previous``, as (rows of blocks, columns of
    blocks, 2) integers. The cost of a shift (dy, dx) is the block's sum of absolute
    differences from ``previous`` at p - (dy, dx), plus 1e-6 (|dy| + |dx|); the least
    wins, the first in row-major order of shifts on a tie.

    Of whole-number luma the costs are exact: 100 × sum + 255 × (|dy| + |dx|) is the cost
    on the 0-1 scale times 2.55e8. Two unequal costs then differ by at least 3.9e-8 on
    that scale (for a radius below 10), far more than rounding can move costs computed in
    floating point, so the same shift wins as on floats but for exact ties, and faster,
    one band of rows at a time."""
    H, W = current.shape
    rows_b, cols_b = -(-H // block), -(-W // block)
    pad_h, pad_w = rows_b * block - H, cols_b * block - W
    target = np.pad(current, ((0, pad_h), (0, pad_w)), mode="edge")
    source = np.pad(previous, ((radius, radius + pad_h), (radius, radius + pad_w)), mode="edge")
    exact = current.dtype.kind in "iu"
    sums = (np.int32 if block * block * LUMA_SCALE < 2**31 else np.int64) if exact else np.float64
    scores = np.int64 if exact else np.float64
    shifts = [(dy, dx) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)]
    best = np.zeros((rows_b, cols_b), np.intp)
    band_blocks = max(1, BAND // (block * block * cols_b))
    # Working arrays for one band, made once.
    difference = np.empty((band_blocks * block, cols_b * block), target.dtype)
    row_sums = np.empty((band_blocks, cols_b * block), sums)
    cost = np.empty((band_blocks, cols_b), sums)
    score, least = np.empty((2, band_blocks, cols_b), scores)
    better = np.empty((band_blocks, cols_b), bool)
    for first in range(0, rows_b, band_blocks):
        last = min(rows_b, first + band_blocks)
        top, bottom, n = first * block, last * block, last - first
        band_target, band_best = target[top:bottom], best[first:last]
        d, sums_of_rows, c = difference[: bottom - top], row_sums[:n], cost[:n]
        blocks_of_rows = d.reshape(n, block, -1)
        columns = [sums_of_rows[:, column::block] for column in range(block)]
        scored, lowest, improved = score[:n], least[:n], better[:n]
        for i, (dy, dx) in enumerate(shifts):
            # The pixel at p in the current frame came from p - (dy, dx) in the previous.
            window = source[
                radius - dy + top : radius - dy + bottom, radius - dx : radius - dx + cols_b * block
            ]
            np.subtract(band_target, window, out=d)
            np.abs(d, out=d)
            np.add.reduce(blocks_of_rows, axis=1, out=sums_of_rows, dtype=sums)
            # Then the columns of each block (numpy is slow to reduce a short last axis).
            np.copyto(c, columns[0])
            for column in columns[1:]:
                np.add(c, column, out=c)
            if exact:
                np.multiply(c, 100, out=scored, dtype=np.int64)
                np.add(scored, 255 * (abs(dy) + abs(dx)), out=scored)
            else:
                np.add(c, 1e-6 * (abs(dy) + abs(dx)), out=scored)
            if i == 0:
                np.copyto(lowest, scored)
                continue
            np.less(scored, lowest, out=improved)
            np.copyto(lowest, scored, where=improved)
            np.copyto(band_best, i, where=improved)
    return np.asarray(shifts, np.int16)[best]


def pixel_flow(shifts: np.ndarray, height: int, width: int, block: int = 8) -> np.ndarray:
    """Block shifts (rows of blocks, columns of blocks, 2) as a flow (H, W, 2)."""
    flow = np.repeat(np.repeat(shifts, block, axis=0), block, axis=1)
    return flow[:height, :width]


def pair_flow_of(
    previous: np.ndarray, current: np.ndarray, block: int = 8, radius: int = 4
) -> np.ndarray:
    """The backward flow (H, W, 2) integers from frame ``previous`` to ``current``."""
    shifts = match_blocks(luma(previous), luma(current), block, radius)
    return pixel_flow(shifts, *current.shape[:2], block)


def estimate_flow(frames: np.ndarray, block: int = 8, radius: int = 4) -> np.ndarray:
    """A backward flow (T-1, H, W, 2) by exhaustive block matching on luminance: for every
    ``block`` × ``block`` block of frame t+1, the whole-pixel shift within ``radius`` that
    best explains it from frame t (least absolute difference; ties go to the smaller shift,
    so still regions get zero). A stand-in for RAFT and its kind, which estimate a smooth
    sub-pixel flow with a trained network. Pair by pair: see :func:`match_blocks`."""
    frames = np.asarray(frames)
    T, H, W = frames.shape[:3]
    flow = np.zeros((max(T - 1, 0), H, W, 2))
    if T < 2:
        return flow
    following = luma(frames[0])
    for t in range(T - 1):
        leading, following = following, luma(frames[t + 1])
        flow[t] = pixel_flow(match_blocks(leading, following, block, radius), H, W, block)
    return flow


def static_pixels(flow: np.ndarray, block: int = 8) -> np.ndarray:
    """Pixels (..., H, W) with no estimated motion in a flow (..., H, W, 2), one block
    away from any motion."""
    moving = np.any(flow != 0, axis=-1)
    grown = moving.copy()
    for axis in (-2, -1):
        for shift in (-block, block):
            grown |= np.roll(moving, shift, axis=axis)
    return ~grown


# --- identity -------------------------------------------------------------------------


class _ByteMedian:
    """The per-pixel median over time of 8-bit frames, exactly as ``np.median`` of their
    0-1 values gives it, found in two passes over the frames with 15 counters per value
    instead of the whole clip. The first pass counts the values at or above 16, 32, ...,
    240, which gives the upper four bits of the middle values; the second counts the
    values at or above each possible lower four bits."""

    def __init__(self) -> None:
        self.frames = 0  # frames counted in this pass
        self.total = 0  # frames in the clip, known after the first pass
        self.counts: list[np.ndarray] = []  # 15 counters (H, W, 3), 8-bit while they can be
        self.ranks: tuple[int, ...] = ()
        self.high: list[np.ndarray] = []  # the middle values' upper four bits, times 16
        self.least_above: np.ndarray | None = None

    def _count(self, frame: np.ndarray, thresholds: Iterable) -> None:
        if not self.counts:
            self.counts = [np.zeros(frame.shape, np.uint8) for _ in range(15)]
        if self.frames == np.iinfo(self.counts[0].dtype).max:  # one more could overflow
            wider = np.uint16 if self.counts[0].dtype == np.uint8 else np.uint32
            for i, counter in enumerate(self.counts):  # one at a time: less memory at once
                self.counts[i] = counter.astype(wider)
        above = np.empty(frame.shape, bool)
        for counter, threshold in zip(self.counts, thresholds, strict=True):
            np.greater_equal(frame, threshold, out=above)
            np.add(counter, above.view(np.uint8), out=counter)
        self.frames += 1

    def _bits(self, rank: int) -> np.ndarray:
        """How many thresholds the value of sorted position ``rank`` is at or above: as
        many as have at least ``total - rank`` values at or above them."""
        bits = np.zeros(self.counts[0].shape, np.uint8)
        for counter in self.counts:
            bits += counter >= self.total - rank
        return bits

    def first_pass(self, frame: np.ndarray) -> None:
        self._count(frame, range(16, 256, 16))

    def between_passes(self) -> None:
        self.total = T = self.frames
        self.ranks = ((T - 1) // 2,) if T % 2 else (T // 2 - 1, T // 2)
        self.high = [16 * self._bits(rank) for rank in self.ranks]
        self.frames, self.counts = 0, []
        if len(self.ranks) == 2:
            # When the second middle value's upper bits are higher than the first's, it
            # is the least value at or above them.
            self.least_above = np.full(self.high[1].shape, 255, np.uint8)

    def second_pass(self, frame: np.ndarray) -> None:
        if self.least_above is not None:
            above = np.where(frame >= self.high[1], frame, 255)
            np.minimum(self.least_above, above, out=self.least_above)
        threshold = self.high[0].copy()

        def thresholds():
            for _ in range(15):
                np.add(threshold, 1, out=threshold)  # at most 240 + 15
                yield threshold

        self._count(frame, thresholds())

    def median(self) -> np.ndarray:
        """(H, W, 3) floats on the 0-1 scale."""
        if self.frames != self.total:
            raise LabError("the clip changed while it was being measured")
        values = [self.high[0] + self._bits(rank) for rank in self.ranks]
        if len(values) == 1:
            return values[0] / 255.0
        second = np.where(self.high[1] == self.high[0], values[1], self.least_above)
        return (values[0] / 255.0 + second / 255.0) / 2


def median_frame(frames: np.ndarray) -> np.ndarray:
    """The per-pixel median (H, W, 3) of frames (T, H, W, 3), on the 0-1 scale."""
    frames = np.asarray(frames)
    if frames.dtype != np.uint8:
        return np.median(to_float(frames), axis=0)
    median = _ByteMedian()
    for frame in frames:
        median.first_pass(frame)
    median.between_passes()
    for frame in frames:
        median.second_pass(frame)
    return median.median()


class _Background:
    """The still background of a clip, its per-pixel median (H, W, 3) on the 0-1 scale,
    and the subject: the pixels of a frame that differ from it by more than ``threshold``
    in some channel."""

    def __init__(self, median: np.ndarray, threshold: float = 0.08) -> None:
        self.median, self.threshold = median, threshold
        self.bounds: tuple[np.ndarray, np.ndarray] | None = None

    def subject(self, frame: np.ndarray) -> np.ndarray:
        """(H, W) booleans."""
        if frame.dtype == np.uint8:
            low, high = self._byte_bounds()
            off = (frame < low) | (frame > high)
        else:
            off = np.abs(to_float(frame) - self.median) > self.threshold
        return off[..., 0] | off[..., 1] | off[..., 2]

    def _byte_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The 8-bit values (H, W, 3) from ``low`` to ``high`` that are within the threshold
        of the median: exactly those for which ``abs(value / 255 - median) <= threshold``
        holds in floating point, since ``value / 255 - median`` never decreases as the
        value grows. None at all is written (255, 0)."""
        if self.bounds is None:
            at_least = self._first_byte(lambda v: v / 255.0 - self.median >= -self.threshold)
            above = self._first_byte(lambda v: v / 255.0 - self.median > self.threshold)
            empty = at_least >= above
            low = np.where(empty, 255, at_least).astype(np.uint8)
            high = np.where(empty, 0, above - 1).astype(np.uint8)
            self.bounds = low, high
        return self.bounds

    def _first_byte(self, holds: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """The least value 0-255 for which ``holds`` (true from some value on), or 256."""
        low = np.zeros(self.median.shape, np.int16)
        high = np.full(self.median.shape, 256, np.int16)
        while (low < high).any():
            middle = (low + high) // 2
            true = holds(middle.astype(np.float64))
            high = np.where(true, middle, high)
            low = np.where(true, low, middle + 1)
        return low

    def colour(self, frame: np.ndarray) -> np.ndarray:
        """The subject's mean colour (3,) in one frame; the whole picture's if the subject
        is not found (fewer than 8 pixels)."""
        return _colour(frame, self.subject(frame))


def subject_masks(frames: np.ndarray, threshold: float = 0.08) -> np.ndarray:
    """Where the subject is, frame by frame (T, H, W), for clips whose background holds
    still and whose subject moves on (covering any pixel for less than half the clip):
    pixels that differ from the clip's per-pixel median, the background, by more than
    ``threshold`` in some channel. With a moving camera the median is no background, and
    whatever moves with the camera is taken for the subject."""
    background = _Background(median_frame(frames), threshold)
    return np.stack([background.subject(frame) for frame in frames])


def _colour(frame: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The mean colour (3,) on the 0-1 scale of a frame's pixels in ``mask``, or of the
    whole frame if it holds fewer than 8."""
    region = frame[mask] if mask.sum() >= 8 else frame.reshape(-1, 3)
    return to_float(region).mean(axis=0)


def _drift(features: list[np.ndarray]) -> np.ndarray:
    features = np.asarray(features)
    return np.linalg.norm(features - features[0], axis=1)


def identity_drift(frames: np.ndarray, masks: np.ndarray | None = None) -> np.ndarray:
    """Distance of the subject's mean colour (RGB, 0-1) from its value in frame 0, for
    every frame (T,). ``masks`` (T, H, W) say where the subject is (the lab knows); by
    default it is found with :func:`subject_masks`, which assumes a still background, and
    a frame where it is not found counts with its whole picture."""
    frames = np.asarray(frames)
    if masks is None:
        background = _Background(median_frame(frames))
        return _drift([background.colour(frame) for frame in frames])
    if len(masks) != len(frames):
        raise ValueError(f"{len(masks)} masks for {len(frames)} frames")
    return _drift([_colour(frame, mask) for frame, mask in zip(frames, masks, strict=True)])


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


# linear_rgb of every 8-bit value: looking values up gives the very same numbers.
LINEAR_OF_BYTE = linear_rgb(np.arange(256, dtype=np.uint8))
# For each 8-bit red, the largest green or blue that can go with a saturated red: R >= 0.8
# (R + G + B) needs G + B <= R / 4 (the margin covers rounding).
RED_PARTNER_OF_BYTE = (
    np.searchsorted(LINEAR_OF_BYTE, LINEAR_OF_BYTE / 4 * (1 + 1e-9), side="right") - 1
).astype(np.uint8)


def _linear(frame: np.ndarray) -> np.ndarray:
    """linear_rgb of one frame, as (H * W, 3)."""
    linear = LINEAR_OF_BYTE[frame] if frame.dtype == np.uint8 else linear_rgb(frame)
    return linear.reshape(-1, 3)


def relative_luminance(frames: np.ndarray) -> np.ndarray:
    return linear_rgb(frames) @ LUMA


def _saturated_red(linear: np.ndarray) -> np.ndarray:
    total = linear.sum(axis=-1)
    return linear[..., 0] >= RED_RATIO * np.maximum(total, 1e-12)


def _saturated_reds(frame: np.ndarray, linear: np.ndarray) -> np.ndarray:
    """The pixels (flat indices) of a frame that are a saturated red; ``linear`` is its
    linear_rgb (H * W, 3). Of 8-bit frames, only pixels whose green and blue are small
    enough for their red are tested."""
    if frame.dtype != np.uint8:
        return np.flatnonzero(_saturated_red(linear))
    limit = RED_PARTNER_OF_BYTE[frame[..., 0]]
    candidates = np.flatnonzero((frame[..., 1] <= limit) & (frame[..., 2] <= limit))
    return candidates[_saturated_red(linear[candidates])]


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


class _LuminanceTransitions:
    """Transition events, frame by frame, of pixels' relative luminance (N,): a change of at
    least 0.1 between a peak and the following valley or the reverse, the darker state
    below 0.8. Each pixel's series is followed with a running extreme, so a change spread
    over several frames counts once, and jitter smaller than 0.1 never counts."""

    def __init__(self, first: np.ndarray) -> None:
        self.extreme = first.copy()  # the peak (when rising) or valley (when falling)
        self.low, self.high = first.copy(), first.copy()  # before the first transition
        self.trend = np.zeros(first.shape, np.int8)  # 0 unknown, +1 rising, -1 falling

    def step(self, y: np.ndarray) -> np.ndarray:
        low, high, trend, extreme = self.low, self.high, self.trend, self.extreme
        unknown = trend == 0
        low = np.where(unknown, np.minimum(low, y), low)
        high = np.where(unknown, np.maximum(high, y), high)
        rise = unknown & (y - low >= FLASH_CHANGE) & (y >= high)
        fall = unknown & (high - y >= FLASH_CHANGE) & (y <= low) & ~rise
        first_darker = np.where(rise, low, y)
        events = (rise | fall) & (first_darker < DARKER_BELOW)
        trend = np.where(rise, 1, np.where(fall, -1, trend)).astype(np.int8)
        extreme = np.where(rise | fall, y, extreme)

        rising, falling = (trend == 1) & ~(rise | fall), (trend == -1) & ~(rise | fall)
        extreme = np.where(rising & (y > extreme), y, extreme)
        extreme = np.where(falling & (y < extreme), y, extreme)
        turn_down = rising & (extreme - y >= FLASH_CHANGE)
        turn_up = falling & (y - extreme >= FLASH_CHANGE)
        darker = np.where(turn_down, y, extreme)
        events |= (turn_down | turn_up) & (darker < DARKER_BELOW)
        trend = np.where(turn_down, -1, np.where(turn_up, 1, trend)).astype(np.int8)
        extreme = np.where(turn_down | turn_up, y, extreme)
        self.low, self.high, self.trend, self.extreme = low, high, trend, extreme
        return events


class _RedTransitions:
    """Red transition events, frame by frame, of pixels' linear colours (N, 3): the colour
    moves more than 0.2 in CIE 1976 u'v' from the state at the pixel's last transition,
    and one of the two states is a saturated red. Near-black states take the white point's
    chromaticity, so black to red counts."""

    def __init__(self, first: np.ndarray) -> None:
        self.u, self.v, self.red = self._state(first)

    @staticmethod
    def _state(linear: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        xyz = linear @ SRGB_TO_XYZ.T
        denominator = xyz[..., 0] + 15 * xyz[..., 1] + 3 * xyz[..., 2]
        dark = denominator < 1e-4
        safe = np.where(dark, 1.0, denominator)
        u = np.where(dark, 0.1978, 4 * xyz[..., 0] / safe)
        v = np.where(dark, 0.4683, 9 * xyz[..., 1] / safe)
        total = linear.sum(axis=-1)
        red = (total > 1e-4) & (linear[..., 0] >= RED_RATIO * np.maximum(total, 1e-12))
        return u, v, red

    def step(self, linear: np.ndarray) -> np.ndarray:
        u, v, red = self._state(linear)
        moved = np.hypot(u - self.u, v - self.v) > RED_CHROMA
        events = moved & (red | self.red)
        self.u = np.where(events, u, self.u)
        self.v = np.where(events, v, self.v)
        self.red = np.where(events, red, self.red)
        return events


def field_size(height: int, width: int, display_width: int = REFERENCE_WIDTH) -> tuple[int, int]:
    """A 10-degree visual field in clip pixels, (rows, columns), when the clip is shown
    ``display_width`` screen pixels wide on WCAG's reference screen (1024 × 768 at
    typical viewing distance, where 341 × 256 pixels make ten degrees)."""
    scale = width / display_width  # clip pixels per screen pixel
    rows = max(1, min(height, round(FIELD_PX[0] * scale)))
    cols = max(1, min(width, round(FIELD_PX[1] * scale)))
    return rows, cols


class _Windows:
    """Transitions of some pixels (``where``, flat indices into H × W) counted in every
    window of ``window`` frames (one second) as the frames go by: the most flashes of any
    pixel in any window, the largest share of a 10-degree field flashing more than three
    times in one window, and where that window starts. Keeps the transitions of the last
    window, a bit per pixel."""

    def __init__(
        self, where: np.ndarray, shape: tuple[int, int], window: int, field: tuple[int, int]
    ) -> None:
        self.where, self.shape, self.window, self.field = where, shape, window, field
        self.count = np.zeros(len(where), np.int32)
        self.recent: deque[np.ndarray] = deque()
        self.frames = 0
        self.most, self.share, self.at = 0, 0.0, 0

    def add(self, events: np.ndarray) -> None:
        self.count += events
        self.recent.append(np.packbits(events))
        if len(self.recent) > self.window:
            self.count -= np.unpackbits(self.recent.popleft(), count=len(events)).view(bool)
        self.frames += 1
        if self.frames >= self.window:
            self._close(self.frames - self.window)

    def _close(self, start: int) -> None:
        """The window of frames from ``start`` is complete."""
        if not len(self.count):
            return
        self.most = max(self.most, int(self.count.max()))
        too_many = self.count > 2 * MAX_FLASHES  # seven transitions are more than three flashes
        if not too_many.any():
            return
        H, W = self.shape
        flashing = np.zeros(H * W, bool)
        flashing[self.where[too_many]] = True
        rows, cols = self.field
        # Share of every field position that flashes too often: box sums by integral image.
        integral = np.pad(
            np.cumsum(np.cumsum(flashing.reshape(H, W), axis=0, dtype=np.int32), axis=1),
            ((1, 0), (1, 0)),
        )
        boxes = (
            integral[rows:, cols:]
            - integral[:-rows, cols:]
            - integral[rows:, :-cols]
            + integral[:-rows, :-cols]
        )
        share = boxes.max() / (rows * cols)
        if share > self.share:
            self.share, self.at = float(share), start

    def result(self) -> tuple[float, float, int]:
        return self.most / 2, self.share, self.at


class _FlashCheck:
    """WCAG 2.3.1 check of a clip in two passes over its frames: ``scan`` each frame (the
    pixels whose luminance spans 0.1, or that are ever a saturated red, are the only ones
    that can flash), then ``follow`` each frame, and take the ``result``."""

    def __init__(self, fps: float, display_width: int = REFERENCE_WIDTH) -> None:
        self.fps, self.display_width = fps, display_width
        self.frames = 0
        self.darkest: np.ndarray | None = None
        self.lightest: np.ndarray | None = None
        self.reddish: np.ndarray | None = None

    def scan(self, frame: np.ndarray) -> None:
        linear = _linear(frame)
        luminance = linear @ LUMA
        if self.darkest is None:
            self.shape = frame.shape[:2]
            self.darkest, self.lightest = luminance.copy(), luminance.copy()
            self.reddish = np.zeros(len(luminance), bool)
        assert self.lightest is not None and self.reddish is not None
        np.minimum(self.darkest, luminance, out=self.darkest)
        np.maximum(self.lightest, luminance, out=self.lightest)
        self.reddish[_saturated_reds(frame, linear)] = True
        self.frames += 1

    def _start(self) -> None:
        assert self.darkest is not None and self.lightest is not None
        self.active = np.flatnonzero(self.lightest - self.darkest >= FLASH_CHANGE)
        self.reds = np.flatnonzero(self.reddish)
        self.darkest = self.lightest = self.reddish = None
        # A clip shorter than a second is one window.
        window = max(1, min(self.frames, round(self.fps)))
        self.field = field_size(*self.shape, self.display_width)
        self.general = _Windows(self.active, self.shape, window, self.field)
        self.red = _Windows(self.reds, self.shape, window, self.field)
        self.followed = 0

    def follow(self, frame: np.ndarray) -> None:
        if self.darkest is not None:
            self._start()
        linear = _linear(frame)
        luminance = (linear @ LUMA)[self.active]
        linear = linear[self.reds]
        if self.followed == 0:
            self.luminance_transitions = _LuminanceTransitions(luminance)
            self.red_transitions = _RedTransitions(linear)
            self.general.add(np.zeros(len(self.active), bool))
            self.red.add(np.zeros(len(self.reds), bool))
        else:
            self.general.add(self.luminance_transitions.step(luminance))
            self.red.add(self.red_transitions.step(linear))
        self.followed += 1

    def result(self) -> FlashResult:
        if self.followed != self.frames:
            raise LabError("the clip changed while it was being measured")
        general, general_area, general_at = self.general.result()
        red, red_area, red_at = self.red.result()
        worst = general_at if general_area >= red_area else red_at
        return FlashResult(
            passed=general_area <= MAX_AREA and red_area <= MAX_AREA,
            general_flashes=general,
            red_flashes=red,
            general_area=round(general_area, 4),
            red_area=round(red_area, 4),
            worst_second=round(worst / self.fps, 3),
            field=self.field,
        )


def flashes(
    frames: np.ndarray | Callable[[], Iterable[np.ndarray]],
    fps: float,
    display_width: int = REFERENCE_WIDTH,
) -> FlashResult:
    """Check a clip against WCAG 2.2's general flash and red flash thresholds (success
    criterion 2.3.1, three flashes or below threshold). ``frames`` (T, H, W, 3), or a
    function giving them again and again one at a time (two passes are made).

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
    passes = frames if callable(frames) else (lambda: iter(np.asarray(frames)))
    check = _FlashCheck(fps, display_width)
    for frame in passes():
        check.scan(frame)
    for frame in passes():
        check.follow(frame)
    return check.result()


# --- a clip from a file -----------------------------------------------------------------


def measure_frames(
    frames: Callable[[], Iterable[np.ndarray]],
    fps: float,
    *,
    progress: Progress = silent,
    expected: int = 0,
) -> dict:
    """flicker, flicker_static, warp_error, identity_drift (per frame) and flashes of a
    clip of 8-bit frames (H, W, 3) that ``frames()`` gives one at a time (each call from
    the start), with ``frames``, ``height`` and ``width``: the numbers of the array
    functions on the whole clip (flicker_static on the pixels that
    :func:`static_pixels` finds in :func:`estimate_flow`), in three passes that each hold
    a frame or two. First motion, flicker and warp error, frame pair by frame pair, and a
    scan for flashes and the background's median; then the flash check and the median;
    then the subject's colour."""
    block = 8
    change, change_static, errors = _Mean(), _Mean(), []
    check = _FlashCheck(fps)
    median = _ByteMedian()
    previous = previous_luma = None
    shape = None
    T = 0
    for T, frame in enumerate(frames(), start=1):
        if shape is None:
            if frame.dtype != np.uint8:
                raise ValueError(f"measure_frames takes 8-bit frames, not {frame.dtype}")
            shape = frame.shape
        elif frame.shape != shape:
            raise LabError(f"frame {T} is {frame.shape[1]}x{frame.shape[0]}, not like frame 1")
        progress("estimating motion", T, max(T, expected))
        check.scan(frame)
        median.first_pass(frame)
        frame_luma = luma(frame)
        if previous is not None:
            flow = pixel_flow(match_blocks(previous_luma, frame_luma, block), *shape[:2], block)
            pixel_change, unit = _change(previous, frame)
            change.add(pixel_change, unit)
            change_static.add(pixel_change[static_pixels(flow, block)], unit)
            errors.append(_warp_pair_error(previous, frame, flow, None))
        previous, previous_luma = frame, frame_luma
    del previous, previous_luma
    if shape is None:
        raise LabError("the clip has no frames")
    median.between_passes()
    for t, frame in enumerate(frames(), start=1):
        progress("checking flashes", t, T)
        check.follow(frame)
        median.second_pass(frame)
    flash = check.result()
    background = _Background(median.median())
    del median
    features = []
    for t, frame in enumerate(frames(), start=1):
        progress("following the subject", t, T)
        features.append(background.colour(frame))
    if len(features) != T:
        raise LabError("the clip changed while it was being measured")
    return {
        "frames": T,
        "height": shape[0],
        "width": shape[1],
        "flicker": change.value(),
        "flicker_static": change_static.value(),
        "warp_error": float(np.mean(errors)) if errors else 0.0,
        "identity_drift": _drift(features),
        "flashes": flash,
    }
