"""The lab's generators through its public API: what each clip shows, determinism,
photosensitive safety, and the parameter spec the book's build validates against."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
import streamlab
from streamlab import metrics
from streamlab.generators import generate, true_motion
from streamlab.video import read_video, to_uint8, write_video

SMALL = dict(width=64, height=36, frames=24)  # quick clips for behaviour tests


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the registry ---------------------------------------------------------------------


def test_every_generator_documents_its_parameters():
    assert set(streamlab.GENERATORS) == {
        "per-frame",
        "joint",
        "shared-noise",
        "warped-noise",
        "autoregressive",
        "compress",
        "flow-2d",
        "shuffled",
        "trajectory",
        "drift",
        "fd-vs-n",
    }
    for generator in streamlab.GENERATORS.values():
        assert generator.summary and generator.lesson and generator.kind in ("clip", "figure")
        names = [param.name for param in generator.params]
        assert names[0] == "seed" and len(set(names)) == len(names)
        for param in generator.params:
            assert param.help and param.kind in (int, float)
            assert param.low <= param.default <= param.high
            assert param.coerce(param.default) == param.default


def test_validate_turns_directive_strings_into_typed_values():
    values = streamlab.GENERATORS["per-frame"].validate(
        {"seed": "3", "frames": "48", "shift": "0.5"}
    )
    assert values["seed"] == 3 and isinstance(values["seed"], int)
    assert values["frames"] == 48 and values["shift"] == 0.5
    assert values["width"] == 128  # defaults filled in
    assert (
        streamlab.GENERATORS["autoregressive"].validate({"anchor-every": "2"})["anchor_every"] == 2
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"frames": "many"}, "frames must be a whole number, not 'many'"),
        ({"frames": "2.5"}, "frames must be a whole number"),
        ({"frames": 0}, "frames must be from 2 to 480, not 0"),
        ({"width": 65}, "width must be even"),
        ({"shift": "nan"}, "shift must be a number"),
        ({"colour": 1}, "per-frame has no option 'colour'"),
        ({"templates": 4, "template": 4}, "template must be below templates (4), not 4"),
        ({"width": 64, "height": 72}, "width must be at least the height"),
        ({"seed": True}, "seed must be a whole number, not True"),
    ],
)
def test_bad_parameters_are_one_line_errors(params, message):
    with pytest.raises(streamlab.LabError) as raised:
        streamlab.GENERATORS["per-frame"].validate(params)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_unknown_generator_is_a_lab_error(tmp_path):
    with pytest.raises(streamlab.LabError, match="unknown generator 'sora'"):
        streamlab.make("sora", tmp_path / "x.mp4")


def test_output_suffix_must_suit_the_generator(tmp_path):
    with pytest.raises(streamlab.LabError, match=re.escape("flow-2d writes .png, .pdf files")):
        streamlab.make("flow-2d", tmp_path / "flow.mp4")
    with pytest.raises(streamlab.LabError, match=re.escape("joint writes .mp4, .png, .pdf files")):
        streamlab.make("joint", tmp_path / "clip.gif")


def test_an_unwritable_output_fails_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(streamlab.LabError, match="cannot write"):
        streamlab.make("joint", blocker / "clip.mp4", **SMALL)


# --- what the clips show -----------------------------------------------------------------


def test_joint_clips_flicker_several_times_less_than_per_frame_clips_from_the_same_noise():
    result = streamlab.flicker_comparison(seeds=(0, 1, 2), frames=24)
    for per_frame, joint in zip(
        result["per_frame"]["flicker"], result["joint"]["flicker"], strict=True
    ):
        assert per_frame > 4 * joint
    for per_frame, joint in zip(
        result["per_frame"]["warp_error"], result["joint"]["warp_error"], strict=True
    ):
        assert per_frame > 4 * joint
    assert min(result["flicker_ratio"]) > 4


def test_per_frame_frames_land_in_different_templates_and_joint_frames_in_one():
    per_frame = generate("per-frame", seed=4, **SMALL)
    joint = generate("joint", seed=4, **SMALL)
    assert len(set(per_frame.info["components"].tolist())) >= 3
    assert len(set(joint.info["components"].tolist())) == 1


def test_joint_samples_differ_from_each_other_and_from_their_template():
    clips = [generate("joint", seed=seed, templates=1, **SMALL) for seed in (0, 1)]
    template = clips[0].info["model"].templates.clip(0)
    body = clips[0].info["model"].templates.body_masks(0)
    colours = [clip.frames[body].mean(axis=0) for clip in clips]
    assert np.linalg.norm(colours[0] - colours[1]) > 0.02
    for clip in clips:
        assert np.abs(clip.frames - template)[body].mean() > 0.02


def test_prompting_the_per_frame_sampler_fixes_the_template():
    clip = generate("per-frame", seed=4, template=2, **SMALL)
    assert set(clip.info["components"].tolist()) == {2}


def test_warped_noise_moves_texture_with_the_character_and_shared_noise_does_not():
    """Follow the character's body along its true motion: with warped noise its texture
    comes along (as in a joint sample); with shared noise it stays on the screen."""
    errors = {}
    for name, params in (
        ("shared-noise", {"template": 0}),
        ("warped-noise", {"template": 0}),
        ("joint", {"templates": 1}),
    ):
        clip = generate(name, seed=2, **params, **SMALL)  # template 0: Pip walking
        model, components = clip.info["model"], clip.info["components"]
        flow, visible = true_motion(model, components)
        body = model.templates.body_masks(components[0])[1:]
        errors[name] = metrics.warp_error(clip.frames, flow, visible & body)
    assert errors["shared-noise"] > 50 * errors["warped-noise"]
    assert errors["warped-noise"] < 2 * errors["joint"]


def test_shared_noise_keeps_the_static_background_exactly():
    clip = generate("shared-noise", seed=2, template=0, **SMALL)
    masks = np.zeros(clip.frames.shape[:3], bool)
    model = clip.info["model"]
    size = model.templates.window
    for t, (r, c) in enumerate(model.templates.origins[0]):
        masks[t, max(0, r - 2) : r + size + 2, max(0, c - 2) : c + size + 2] = True
    far = ~masks.any(axis=0)  # never near the character
    assert metrics.flicker(clip.frames, far) < 2e-3


def test_chunks_drift_without_anchors_and_anchors_pull_them_back():
    drifting = generate(
        "autoregressive",
        seed=3,
        chunk=8,
        overlap=2,
        chunks=7,
        error=1.0,
        **{k: SMALL[k] for k in ("width", "height")},
    )
    anchored = generate(
        "autoregressive",
        seed=3,
        chunk=8,
        overlap=2,
        chunks=7,
        error=1.0,
        anchor_every=2,
        **{k: SMALL[k] for k in ("width", "height")},
    )
    perfect = generate(
        "autoregressive",
        seed=3,
        chunk=8,
        overlap=2,
        chunks=7,
        error=0.0,
        **{k: SMALL[k] for k in ("width", "height")},
    )

    def final_drift(clip):
        drift = metrics.identity_drift(to_uint8(clip.frames), clip.info["masks"])
        return drift[clip.info["handover_frames"][-1]]

    assert final_drift(drifting) > 0.2
    assert final_drift(anchored) < final_drift(drifting) / 2
    assert final_drift(perfect) < 0.03  # an exact chunk model does not drift by itself


def test_drift_curve_fixed_grows_linearly_feedback_compounds_anchors_reset():
    result = streamlab.drift_curve(width=64, height=36, handovers=8, chunk=8, overlap=2)
    fixed, feedback, anchored = (np.array(result[key]) for key in ("fixed", "feedback", "anchored"))
    steps = np.diff(fixed)
    assert np.all(steps > 0) and steps.max() < 1.5 * steps.min()  # about linear
    assert feedback[-1] > 1.5 * fixed[-1]  # compounding
    assert anchored[-1] < 0.5 * feedback[-1]
    assert anchored[4] < anchored[3]  # the anchor at hand-over 4 resets the drift


def test_compression_pays_more_at_the_stronger_ratio():
    clip = generate("compress", seed=0, **SMALL)
    codec = clip.info["codec"]
    assert codec["ratio"]["psnr"] > codec["strong_ratio"]["psnr"] + 2
    assert (codec["ratio"]["kept"], codec["strong_ratio"]["kept"]) == (192, 16)
    # Two rows of three panels, 2 px apart, each cropped to whole 8 x 8 patches (36 -> 32).
    assert clip.frames.shape == (24, 2 * 32 + 2, 3 * 64 + 4, 3)


def test_flow_2d_paths_hold_every_step_from_noise_to_the_data():
    from streamlab.generators import flow_2d_run

    run = flow_2d_run(seed=0, points=5, spread=0.0, samples=20)
    paths = run["paths"]
    assert paths.shape == (65, 20, 2)  # the start and the state after each of 64 steps
    nearest = np.linalg.norm(paths[-1][:, None] - run["model"].means[None], axis=-1).min(axis=1)
    assert nearest.max() < 0.05 and np.abs(paths[0] - paths[-1]).mean() > 0.5


def test_shuffled_is_the_joint_clip_with_its_frames_reordered():
    joint = streamlab.generate("joint", seed=3, **SMALL)
    shuffled = streamlab.generate("shuffled", seed=3, **SMALL)
    order = shuffled.info["order"]
    assert sorted(order) == list(range(len(order))) and list(order) != sorted(order)
    assert np.array_equal(shuffled.frames, joint.frames[order])
    assert streamlab.flicker(shuffled.frames) > streamlab.flicker(joint.frames)


def test_flow_2d_landing_numbers():
    result = streamlab.flow_2d_landing()
    assert result["steps"] == [1, 2, 4, 8]
    assert result["distance_to_mean"][0] < 1e-9
    nearest = result["distance_to_nearest_point"]
    assert nearest[-1] < nearest[0] / 3


# --- files: determinism, measuring, safety ------------------------------------------------


def test_same_seed_gives_byte_identical_mp4_and_another_seed_does_not(tmp_path):
    first = streamlab.make("joint", tmp_path / "a.mp4", seed=5, **SMALL)
    second = streamlab.make("joint", tmp_path / "b.mp4", seed=5, **SMALL)
    other = streamlab.make("joint", tmp_path / "c.mp4", seed=6, **SMALL)
    assert digest(first) == digest(second)
    assert digest(first) != digest(other)
    assert b"Lavf" not in first.read_bytes()  # no library version in the container


@pytest.mark.parametrize(
    ("name", "suffix"), [("flow-2d", ".png"), ("flow-2d", ".pdf"), ("per-frame", ".png")]
)
def test_same_seed_gives_byte_identical_figures(tmp_path, name, suffix):
    params = {"samples": 60} if name == "flow-2d" else SMALL
    first = streamlab.make(name, tmp_path / f"a{suffix}", seed=1, **params)
    second = streamlab.make(name, tmp_path / f"b{suffix}", seed=1, **params)
    assert digest(first) == digest(second)
    if suffix == ".pdf":
        assert b"CreationDate" not in first.read_bytes() and b"matplotlib" not in first.read_bytes()
    else:
        assert b"Software" not in first.read_bytes()


def test_measure_reports_the_books_metrics(tmp_path):
    per_frame = streamlab.make("per-frame", tmp_path / "per-frame.mp4", seed=1, **SMALL)
    joint = streamlab.make("joint", tmp_path / "joint.mp4", seed=1, **SMALL)
    a, b = streamlab.measure(per_frame), streamlab.measure(joint)
    for key in ("flicker", "flicker_static", "warp_error", "identity_drift", "flashes"):
        assert key in a
    assert (a["frames"], a["width"], a["height"], a["fps"]) == (24, 64, 36, 24.0)
    assert a["flicker"] > 4 * b["flicker"]
    assert a["flicker_static"] > 10 * b["flicker_static"]
    assert a["identity_drift"] > 4 * b["identity_drift"]
    assert set(a["flashes"]) >= {
        "passed",
        "general_flashes",
        "red_flashes",
        "general_area",
        "red_area",
    }


def test_a_still_clip_measures_no_flicker_through_the_codec(tmp_path):
    still = np.repeat(np.random.default_rng(0).uniform(0.2, 0.8, (1, 36, 64, 3)), 24, axis=0)
    write_video(tmp_path / "still.mp4", still, 24)
    result = streamlab.measure(tmp_path / "still.mp4")
    assert result["flicker"] < 1e-3
    assert result["flashes"]["passed"]


def test_a_strobe_file_fails_the_flash_check(tmp_path):
    strobe = np.zeros((48, 72, 128, 3))
    strobe[::2] = 0.9
    write_video(tmp_path / "strobe.mp4", strobe, 24)
    result = streamlab.flashes(tmp_path / "strobe.mp4")
    assert not result.passed and result.general_flashes >= 11


def test_video_roundtrip_keeps_colours():
    frames = np.zeros((4, 36, 64, 3))
    frames[:, :, :32] = [0.27, 0.63, 0.59]
    frames[:, :, 32:] = [0.78, 0.51, 0.24]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        write_video(Path(folder) / "c.mp4", frames, 24)
        decoded = read_video(Path(folder) / "c.mp4").frames
    assert np.abs(decoded[:, 10, 10] / 255 - [0.27, 0.63, 0.59]).max() < 0.02
    assert np.abs(decoded[:, 10, 50] / 255 - [0.78, 0.51, 0.24]).max() < 0.02


@pytest.mark.parametrize(
    "name", [name for name, g in streamlab.GENERATORS.items() if g.kind == "clip"]
)
def test_every_generators_default_clip_is_safe_to_show(tmp_path, name):
    """The book's clips at their default settings pass WCAG 2.3.1, measured on the file."""
    out = streamlab.make(name, tmp_path / f"{name}.mp4", seed=0)
    result = streamlab.flashes(out)
    assert result.passed, result
    assert result.general_area < 0.15  # with room to spare, not just under the limit


# --- what the book's build relies on -----------------------------------------------------


def test_cache_key_follows_the_parameters_not_how_they_are_written():
    key = streamlab.cache_key("per-frame", seed=3)
    assert key == streamlab.cache_key("per-frame", seed="3", frames="48")  # 48 is the default
    assert key != streamlab.cache_key("per-frame", seed=4)
    assert key != streamlab.cache_key("joint", seed=3)
    with pytest.raises(streamlab.LabError):
        streamlab.cache_key("per-frame", seed=-1)


def test_one_run_can_write_several_files_each_as_if_made_alone(tmp_path):
    both = streamlab.make("joint", [tmp_path / "a.mp4", tmp_path / "a.png"], seed=2, **SMALL)
    assert [path.name for path in both] == ["a.mp4", "a.png"]
    alone = streamlab.make("joint", tmp_path / "b.mp4", seed=2, **SMALL)
    assert digest(both[0]) == digest(alone)


def test_experiments_hand_out_copies_of_what_they_remember():
    first = streamlab.flow_2d_landing(seed=3)
    first["steps"].append(99)
    assert streamlab.flow_2d_landing(seed=3)["steps"] == [1, 2, 4, 8]


def test_flashes_of_an_array_needs_its_rate():
    frames = np.zeros((10, 18, 32, 3))
    assert streamlab.flashes(frames, 24).passed
    with pytest.raises(streamlab.LabError, match="needs its fps"):
        streamlab.flashes(frames)
