"""The book's metrics on constructed cases, where the right answer is known."""

from __future__ import annotations

import numpy as np
import pytest
import streamlab
from streamlab import metrics

FPS = 24


def textured(height=36, width=64, seed=0) -> np.ndarray:
    """A still picture with detail everywhere, values in [0.2, 0.8]."""
    return np.random.default_rng(seed).uniform(0.2, 0.8, (height, width, 3))


def smooth(height=36, width=64) -> np.ndarray:
    """A still picture that changes slowly across the frame: a small move changes it little."""
    y, x = np.mgrid[0:height, 0:width] / 64.0
    picture = 0.5 + 0.25 * np.sin(2 * np.pi * x)[..., None] * np.array([1.0, 0.6, 0.2])
    return picture + 0.1 * np.cos(2 * np.pi * y)[..., None]


def translated(image: np.ndarray, frames: int, step: tuple[int, int]) -> np.ndarray:
    """The picture moving by a whole-pixel step per frame (wrapping round the edges)."""
    return np.stack(
        [np.roll(image, (t * step[0], t * step[1]), axis=(0, 1)) for t in range(frames)]
    )


# --- flicker -------------------------------------------------------------------------


def test_a_still_clip_does_not_flicker():
    still = np.repeat(textured()[None], 12, axis=0)
    assert metrics.flicker(still) == 0.0


def test_flicker_is_the_mean_absolute_change():
    frames = np.zeros((3, 4, 4, 3))
    frames[1] = 0.3  # 0 -> 0.3 -> 0: two changes of 0.3 everywhere
    assert metrics.flicker(frames) == pytest.approx(0.3)


def test_flicker_restricted_to_static_pixels():
    frames = np.zeros((5, 8, 8, 3))
    frames[1::2, :, :4] = 0.5  # the left half flickers, the right half is still
    static = np.zeros((8, 8), bool)
    static[:, 4:] = True
    assert metrics.flicker(frames, static) == 0.0
    assert metrics.flicker(frames, ~static) == pytest.approx(0.5)


def test_eight_bit_frames_are_measured_on_the_same_scale():
    frames = np.zeros((2, 4, 4, 3), np.uint8)
    frames[1] = 51
    assert metrics.flicker(frames) == pytest.approx(0.2)


# --- warp error ------------------------------------------------------------------------


def test_warp_error_is_zero_along_the_true_motion_of_a_translation():
    clip = translated(textured(), 6, (1, 2))[:, 4:-4, 4:-4]  # cropped: no wrapping
    true_flow = np.broadcast_to(np.array([1.0, 2.0]), (5, *clip.shape[1:3], 2))
    assert metrics.warp_error(clip, true_flow) < 1e-12
    still_flow = np.zeros_like(true_flow)
    assert metrics.warp_error(clip, still_flow) > 0.01  # the wrong motion leaves error


def test_warp_error_of_the_lessons_worked_example():
    """Lesson 08: 100 visible pixels, 10 of them off by 0.2 after warping -> 0.004."""
    first = np.full((2, 10, 10, 3), 0.5)
    first[1, 0, :] += 0.2  # one row of ten pixels changes by 0.2
    assert metrics.warp_error(first, np.zeros((1, 10, 10, 2))) == pytest.approx(0.004)


def test_block_matching_finds_a_translation():
    clip = translated(textured(), 4, (2, -3))
    flow = metrics.estimate_flow(clip)
    inner = flow[:, 8:-8, 8:-8]  # away from the wrapped borders
    assert np.all(inner == np.array([2, -3]))
    assert metrics.warp_error(clip[:, 8:-8, 8:-8], flow[:, 8:-8, 8:-8]) < 1e-12


def test_block_matching_calls_a_still_picture_still():
    clip = np.repeat(textured()[None], 3, axis=0)
    assert not metrics.estimate_flow(clip).any()


# --- identity drift ---------------------------------------------------------------------


def test_identity_drift_follows_the_subjects_colour():
    frames = np.full((5, 20, 20, 3), 0.4)
    masks = np.zeros((5, 20, 20), bool)
    masks[:, 5:15, 5:15] = True
    for t in range(5):
        frames[t, 5:15, 5:15] = [0.5 + 0.05 * t, 0.3, 0.3]  # the subject reddens frame by frame
    drift = metrics.identity_drift(frames, masks)
    assert drift[0] == 0.0
    assert drift == pytest.approx(0.05 * np.arange(5))


def test_identity_drift_finds_a_moving_subject_without_masks():
    frames = np.full((8, 20, 40, 3), 0.4)
    for t in range(8):
        frames[t, 5:15, 1 + 5 * t : 6 + 5 * t] = [0.8, 0.3, 0.3]  # same colour, moving on
    assert metrics.identity_drift(frames).max() < 1e-9
    frames[6, 5:15, 31:36] = [0.3, 0.3, 0.8]  # one frame with a different subject colour
    assert metrics.identity_drift(frames).max() > 0.3


# --- Fréchet distance -------------------------------------------------------------------


def test_frechet_of_the_lessons_one_number_example():
    """Lesson 08: real 3, 7, 3, 7 (mean 5, spread 2); model A 5, 7, 5, 7 (6, 1) -> 2;
    model B always 5 -> 4."""
    value = metrics.frechet_gaussian(
        np.array([5.0]), np.array([[4.0]]), np.array([6.0]), np.array([[1.0]])
    )
    assert value == pytest.approx(2.0)
    value = metrics.frechet_gaussian(
        np.array([5.0]), np.array([[4.0]]), np.array([5.0]), np.array([[0.0]])
    )
    assert value == pytest.approx(4.0)


def test_frechet_of_identical_sets_is_zero_and_of_shifted_sets_is_the_squared_shift():
    rng = np.random.default_rng(0)
    clips = rng.uniform(0, 1, (20, 4, 18, 32, 3))
    assert metrics.frechet(clips, clips) == pytest.approx(0.0, abs=1e-9)
    shift = metrics.frechet(clips, clips + 0.1)  # every feature moves by 0.1
    assert shift == pytest.approx(0.1**2 * 54, rel=1e-6)


def test_shuffling_frames_leaves_per_frame_frechet_alone_and_raises_flicker():
    rng = np.random.default_rng(1)
    reference = translated(smooth(), 12, (0, 1))[None].repeat(6, axis=0) + rng.normal(
        0, 0.002, (6, 12, 36, 64, 3)
    )
    # A sample from a slightly different distribution: a little brighter, a little warmer.
    generated = translated(smooth() + np.array([0.03, 0.01, 0.0]), 12, (0, 1))[None].repeat(
        6, axis=0
    )
    generated = generated + rng.normal(0, 0.002, (6, 12, 36, 64, 3))
    shuffled = np.stack([clip[rng.permutation(12)] for clip in generated])
    before, after = metrics.frechet(reference, generated), metrics.frechet(reference, shuffled)
    assert before > 1e-3
    assert after == pytest.approx(before, rel=1e-6)  # the same frames, summed in another order
    flicker_before = np.mean([metrics.flicker(clip) for clip in generated])
    flicker_after = np.mean([metrics.flicker(clip) for clip in shuffled])
    assert flicker_after > 3 * flicker_before


def test_content_bias_experiment_in_miniature():
    result = streamlab.content_bias(clips=8, frames=12)
    frechet, flicker = result["frechet"], result["flicker"]
    assert frechet["shuffled"] == pytest.approx(frechet["same"], rel=1e-3)
    assert frechet["mixed"] == pytest.approx(frechet["same"], rel=1e-3)
    assert flicker["mixed"] > 3 * flicker["same"]
    assert frechet["cast"] > 2 * frechet["same"]  # a faint cast moves it ...
    assert flicker["cast"] == pytest.approx(flicker["same"], rel=0.05)  # ... without flicker


def test_frechet_between_samples_of_one_distribution_shrinks_with_the_sample():
    result = streamlab.frechet_vs_n(max_clips=64, repeats=2)
    same, shifted = result["same"], result["shifted"]
    assert same[-1] < same[0] / 4
    assert shifted[-1] > 3 * same[-1]
    assert shifted[-1] > 0.5 * shifted[2]  # the real shift stays


# --- flashes ----------------------------------------------------------------------------


def test_a_full_frame_strobe_fails():
    strobe = np.zeros((48, 72, 128, 3))
    strobe[::2] = 1.0  # 12 flashes a second, everywhere
    result = metrics.flashes(strobe, FPS)
    assert not result.passed
    assert result.general_flashes == 12.0
    assert result.general_area == 1.0


def test_a_strobe_in_a_small_square_passes():
    strobe = np.zeros((48, 72, 128, 3))
    strobe[::2, 10:20, 10:20] = 1.0  # 100 pixels: 7 % of a 10-degree field at this size
    result = metrics.flashes(strobe, FPS)
    assert result.passed
    assert result.general_flashes == 12.0
    assert 0 < result.general_area < 0.25


def test_a_strobe_just_over_a_quarter_of_a_field_fails():
    rows, cols = metrics.field_size(72, 128)
    strobe = np.zeros((48, 72, 128, 3))
    strobe[::2, : rows // 2 + 2, : cols // 2 + 2] = 1.0  # a bit more than a quarter
    assert not metrics.flashes(strobe, FPS).passed


def test_three_flashes_a_second_pass_and_four_fail():
    def square_wave(per_second: int) -> np.ndarray:
        frames = np.zeros((48, 36, 64, 3))
        half = FPS // (2 * per_second)
        for t in range(48):
            frames[t] = 1.0 if (t // half) % 2 else 0.0
        return frames

    assert metrics.flashes(square_wave(3), FPS).passed
    assert not metrics.flashes(square_wave(4), FPS).passed


def test_changes_below_a_tenth_of_luminance_are_not_flashes():
    frames = np.full((48, 36, 64, 3), 0.5)
    frames[::2] = 0.52  # a large but faint flicker
    result = metrics.flashes(frames, FPS)
    assert result.passed and result.general_flashes == 0.0


def test_flashes_between_bright_states_do_not_count():
    # Both states above 0.8 in relative luminance: WCAG counts only a darker state below 0.8.
    frames = np.full((48, 36, 64, 3), 0.93)
    frames[::2] = 1.0
    assert metrics.relative_luminance(frames[1]).min() > 0.8
    assert metrics.flashes(frames, FPS).general_flashes == 0.0


def test_a_slow_ramp_is_one_transition_not_many():
    frames = np.repeat(np.linspace(0, 1, 24)[:, None, None, None], 3, axis=3) * np.ones(
        (24, 8, 8, 3)
    )
    assert metrics.flashes(frames, FPS).general_flashes == 0.5


def test_a_saturated_red_strobe_fails_as_red():
    frames = np.zeros((48, 36, 64, 3))
    frames[::2, ..., 0] = 0.7  # dark red against black
    result = metrics.flashes(frames, FPS)
    assert result.red_flashes == 12.0 and result.red_area == 1.0
    assert not result.passed


def test_a_green_strobe_of_the_same_kind_is_not_red():
    frames = np.zeros((48, 36, 64, 3))
    frames[::2, ..., 1] = 0.7
    assert metrics.flashes(frames, FPS).red_flashes == 0.0


def test_the_field_follows_the_viewing_assumption():
    assert metrics.field_size(72, 128) == (32, 43)  # 256 x 341 screen pixels at 1024 wide
    assert metrics.field_size(72, 128, display_width=512) == (64, 85)
