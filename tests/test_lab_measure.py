"""``measure`` on clips of real size: memory that does not grow with the clip, and the
same numbers as before, and as the array functions give, for the lab's own clips."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest
import streamlab
from streamlab import metrics
from streamlab.video import KEEP_BYTES, read_video, replayable, to_float, write_video

MB = 2**20

# What measure() gave for the lab's clips (the book quotes numbers measured on them) when
# it still decoded whole clips to floats; it must go on giving exactly these.
LAB_CLIPS = {
    "joint": {
        "frames": 48,
        "fps": 24.0,
        "width": 128,
        "height": 72,
        "seconds": 2.0,
        "flicker": 0.00240579,
        "flicker_static": 4.11653e-05,
        "warp_error": 1.10236e-05,
        "identity_drift": 0.0108928,
        "flashes": {
            "passed": True,
            "general_flashes": 5.0,
            "red_flashes": 0.0,
            "general_area": 0.0124,
            "red_area": 0.0,
            "worst_second": 1.0,
            "field": (32, 43),
        },
    },
    "per-frame": {
        "frames": 48,
        "fps": 24.0,
        "width": 128,
        "height": 72,
        "seconds": 2.0,
        "flicker": 0.0192286,
        "flicker_static": 0.0110756,
        "warp_error": 0.00102277,
        "identity_drift": 0.353712,
        "flashes": {
            "passed": True,
            "general_flashes": 5.0,
            "red_flashes": 0.0,
            "general_area": 0.0051,
            "red_area": 0.0,
            "worst_second": 0.917,
            "field": (32, 43),
        },
    },
}


@pytest.fixture(scope="module")
def lab_clips(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("lab-clips")
    return {name: streamlab.make(name, folder / f"{name}.mp4", seed=0) for name in LAB_CLIPS}


@pytest.mark.parametrize("name", LAB_CLIPS)
def test_the_lab_clips_measure_as_they_always_did(lab_clips, name):
    result = streamlab.measure(lab_clips[name])
    assert result.pop("file") == str(lab_clips[name])
    assert result == LAB_CLIPS[name]


@pytest.mark.parametrize("name", LAB_CLIPS)
def test_measuring_frame_by_frame_gives_the_array_functions_numbers(lab_clips, name):
    video = read_video(lab_clips[name])
    frames = video.frames
    streamed = metrics.measure_frames(lambda: iter(frames), video.fps)
    flow = metrics.estimate_flow(frames)
    static = metrics.static_pixels(flow)
    assert streamed["frames"] == len(frames)
    assert streamed["flicker"] == pytest.approx(metrics.flicker(frames), rel=1e-12)
    assert streamed["flicker_static"] == pytest.approx(metrics.flicker(frames, static), rel=1e-12)
    assert streamed["warp_error"] == pytest.approx(metrics.warp_error(frames, flow), rel=1e-12)
    assert np.array_equal(streamed["identity_drift"], metrics.identity_drift(frames))
    assert streamed["flashes"] == metrics.flashes(frames, video.fps)
    assert streamlab.flashes(lab_clips[name]) == streamed["flashes"]


# --- clips of real size --------------------------------------------------------------------


def moving_square(frames: int, height: int, width: int, seed: int = 0) -> Iterator[np.ndarray]:
    """A camera-like test clip, frame by frame: a still textured background, a faintly
    textured square crossing it (3 pixels right and 2 down a frame, starting again at the
    edge), a small patch blinking at 6 Hz and a red one."""
    rng = np.random.default_rng(seed)
    background = rng.integers(50, 200, (height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    background = np.repeat(np.repeat(background, 8, axis=0), 8, axis=1)[:height, :width]
    side = height // 4
    square = rng.integers(100, 130, (side, side, 3), dtype=np.uint8)
    for t in range(frames):
        frame = background.copy()
        top, left = (2 * t) % (height - side), (width // 8 + 3 * t) % (width - side)
        frame[top : top + side, left : left + side] = square
        frame[8:40, -40:-8] = 230 if (t // 2) % 2 else 20
        frame[-40:-8, 8:40] = (200, 20, 10)
        yield frame


def peak_memory(function) -> tuple[object, int]:
    """What ``function()`` returns, and the most memory it had allocated at once."""
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_measure_holds_a_few_frames_of_a_720p_clip_not_all_of_them(tmp_path):
    # 26 frames of 1280 x 720: more bytes than measure keeps, so it decodes the file again
    # for each pass. Decoding whole clips to floats, it took 2.1 GB for 24 frames (12 GB
    # for 120); frame by frame, 110 MB.
    frames = 26
    assert frames * 720 * 1280 * 3 > KEEP_BYTES
    path = tmp_path / "720p.mp4"
    write_video(path, np.stack(list(moving_square(frames, 720, 1280))), 24)
    result, peak = peak_memory(lambda: streamlab.measure(path))
    assert peak < 300 * MB, f"measure of a 720p clip allocated {peak / MB:.0f} MB"
    assert (result["width"], result["height"], result["frames"]) == (1280, 720, frames)
    assert result["flashes"]["passed"] and result["flashes"]["general_flashes"] >= 5  # the patch
    assert 0 < result["flicker_static"] < result["flicker"] / 10


def test_memory_does_not_grow_with_the_clips_length():
    def peak(frames: int) -> int:
        clip = lambda: moving_square(frames, 180, 320)  # noqa: E731
        return peak_memory(lambda: metrics.measure_frames(clip, 24))[1]

    short, long = peak(12), peak(60)
    assert long < 1.2 * short, f"{short / MB:.1f} MB for 12 frames, {long / MB:.1f} MB for 60"


def test_a_small_clip_is_decoded_once_and_a_large_one_for_every_pass():
    decoded = []

    def frames():
        decoded.append(1)
        yield from moving_square(4, 16, 16)

    small = replayable(frames)
    assert [len(list(small())) for _ in range(3)] == [4, 4, 4] and len(decoded) == 1
    decoded.clear()
    large = replayable(frames, keep_bytes=1000)
    assert [len(list(large())) for _ in range(3)] == [4, 4, 4] and len(decoded) == 3


def test_a_single_frame_measures_as_still():
    frame = next(moving_square(1, 32, 48))
    result = metrics.measure_frames(lambda: iter([frame]), 24)
    assert (result["flicker"], result["flicker_static"], result["warp_error"]) == (0, 0, 0)
    assert result["identity_drift"].tolist() == [0.0] and result["flashes"].passed


# --- the exact shortcuts, each against the plain formula -------------------------------------


def test_whole_number_block_matching_finds_the_same_motion_as_floats():
    rng = np.random.default_rng(5)
    picture = rng.integers(0, 256, (48, 80, 3), dtype=np.uint8)
    clip = np.stack([np.roll(picture, (t, -2 * t), axis=(0, 1)) for t in range(4)])
    clip[2, 10:30, 20:40] = clip[1, 12:32, 17:37]  # and a block moving on its own
    exact = metrics.estimate_flow(clip)
    assert np.array_equal(exact, metrics.estimate_flow(to_float(clip)))
    assert np.all(exact[:, 8:-8, 8:-8][0] == [1, -2])


@pytest.mark.parametrize("count", [1, 2, 7, 8, 255, 256, 301, 510])
def test_the_counted_median_is_numpys(count):
    rng = np.random.default_rng(count)
    frames = rng.integers(0, 256, (count, 5, 6, 3), dtype=np.uint8)
    # Values bunched on both sides of a multiple of 16, where the two passes meet.
    frames[:, :2] = rng.choice(
        np.array([0, 15, 16, 17, 31, 32, 240, 255], np.uint8), (count, 2, 6, 3)
    )
    assert np.array_equal(metrics.median_frame(frames), np.median(to_float(frames), axis=0))


def test_the_subject_found_on_bytes_is_the_subject_found_on_floats():
    rng = np.random.default_rng(2)
    frames = rng.integers(0, 256, (9, 20, 30, 3), dtype=np.uint8)
    frames[:, :10] = rng.integers(100, 140, (9, 10, 30, 3))  # differences near the threshold
    floats = to_float(frames)
    expected = (np.abs(floats - np.median(floats, axis=0)) > 0.08).any(axis=-1)
    assert np.array_equal(metrics.subject_masks(frames), expected)
    assert np.array_equal(metrics.subject_masks(floats), expected)
    assert np.array_equal(metrics.identity_drift(frames), metrics.identity_drift(floats))


def test_no_saturated_red_escapes_the_quick_test_on_bytes():
    partner = metrics.RED_PARTNER_OF_BYTE
    green, blue = np.meshgrid(np.arange(256), np.arange(256), indexing="ij")
    for red in range(256):
        colours = np.stack([np.full_like(green, red), green, blue], axis=-1).astype(np.uint8)
        saturated = metrics._saturated_red(metrics.LINEAR_OF_BYTE[colours])
        assert not (saturated & ((green > partner[red]) | (blue > partner[red]))).any(), red


def test_flashes_of_bytes_are_flashes_of_their_floats():
    rng = np.random.default_rng(4)
    frames = np.zeros((48, 36, 64, 3), np.uint8)
    frames[::2, :, :32, 0] = 180  # a red strobe on the left ...
    frames[::3, :, 32:] = rng.integers(0, 256, (16, 36, 32, 3))  # ... noise on the right
    result = metrics.flashes(frames, 24)
    assert result.red_flashes == 12.0 and not result.passed
    assert metrics.flashes(to_float(frames), 24) == result
