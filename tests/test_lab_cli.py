"""``python -m streamlab``: its help, its happy path, and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import streamlab
from streamlab.progress import StderrProgress

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
SMALL = ["--width", "64", "--height", "36", "--frames", "12"]


def streamlab_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "streamlab", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("streamlab: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_make_then_measure_as_json(tmp_path):
    out = tmp_path / "clip.mp4"
    made = streamlab_cli("make", "per-frame", "--seed", "3", "--out", str(out), *SMALL)
    assert made.returncode == 0, made.stderr
    assert out.stat().st_size > 0
    measured = streamlab_cli("measure", str(out), "--json")
    assert measured.returncode == 0, measured.stderr
    result = json.loads(measured.stdout)
    for key in ("flicker", "warp_error", "identity_drift", "flashes"):
        assert key in result
    assert result["flashes"]["passed"] is True
    table = streamlab_cli("measure", str(out))
    assert "flicker" in table.stdout and "flashes         pass" in table.stdout


def test_help_explains_every_option_of_a_generator():
    result = streamlab_cli("make", "autoregressive", "--help")
    assert result.returncode == 0
    for param in streamlab.GENERATORS["autoregressive"].params:
        assert param.flag in result.stdout
    assert "--anchor-every" in result.stdout and "default: 0" in result.stdout
    listing = streamlab_cli("make", "--help")
    for name in streamlab.GENERATORS:
        assert name in listing.stdout


def test_unknown_generator():
    assert_one_line_error(streamlab_cli("make", "sora", "--out", "x.mp4"), "invalid choice: 'sora'")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--frames", "many"], "frames must be a whole number"),
        (["--frames", "0"], "frames must be from 2 to 480"),
        (["--width", "65"], "width must be even"),
        (["--colour", "red"], "unrecognized arguments: --colour red"),
        (["--template", "9", "--templates", "4"], "template must be below templates"),
    ],
)
def test_bad_option_values(tmp_path, args, fragment):
    result = streamlab_cli("make", "per-frame", "--out", str(tmp_path / "x.mp4"), *args)
    assert_one_line_error(result, fragment)
    assert not (tmp_path / "x.mp4").exists()


def test_missing_output():
    assert_one_line_error(streamlab_cli("make", "joint"), "--out")


def test_wrong_output_kind(tmp_path):
    assert_one_line_error(
        streamlab_cli("make", "drift", "--out", str(tmp_path / "d.mp4")), "drift writes .png, .pdf"
    )


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = streamlab_cli("make", "joint", "--out", str(blocker / "clip.mp4"), *SMALL)
    assert_one_line_error(result, "cannot write", "clip.mp4")


def test_measure_a_file_that_is_not_a_video(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    assert_one_line_error(streamlab_cli("measure", str(text)), "is not a video file")


def test_measure_a_missing_file(tmp_path):
    assert_one_line_error(streamlab_cli("measure", str(tmp_path / "nowhere.mp4")), "no such file")


def test_no_command():
    assert_one_line_error(streamlab_cli(), "COMMAND")


def test_progress_appears_only_after_the_delay():
    quiet, chatty = io.StringIO(), io.StringIO()
    slow = StderrProgress("make joint", stream=quiet, delay=3600)
    slow("sampling", 1, 20)
    slow.finish("done")
    assert quiet.getvalue() == ""
    at_once = StderrProgress("make joint", stream=chatty, delay=0)
    for step in range(1, 21):
        at_once("sampling", step, 20)
    at_once.finish("wrote clip.mp4")
    lines = chatty.getvalue().splitlines()
    assert lines[0] == "streamlab: make joint: sampling 1/20"
    assert lines[-1] == "streamlab: make joint: wrote clip.mp4"
    assert len(lines) <= 7  # a line per quarter, not per step
