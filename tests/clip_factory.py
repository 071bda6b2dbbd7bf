"""Small test clips made with PyAV and numpy, whose every frame says which it is.

A dark square 16 pixels wide moves one pixel to the right per frame: in frame ``n``
(from 0) its left edge is at ``x = n``, so :func:`frame_from_pixels` reads the frame
number back from any decoded picture (PyAV's, or a browser's canvas). The files in
tests/roots/test-clip*/ and the authoring guide's docs/contributing/clips/ were
written by this module; run it to write them again:

    .venv/bin/python tests/clip_factory.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ROOTS = Path(__file__).resolve().parent / "roots"
SQUARE = 16
BACKGROUND = 235


def frame_picture(n: int, width: int, height: int, colour: tuple[int, int, int]) -> np.ndarray:
    picture = np.full((height, width, 3), BACKGROUND, np.uint8)
    top = (height - SQUARE) // 2
    picture[top : top + SQUARE, n : n + SQUARE] = colour
    return picture


def make_clip(
    path: Path,
    *,
    frames: int = 48,
    width: int = 64,
    height: int = 48,
    fps: int = 24,
    colour: tuple[int, int, int] = (200, 30, 30),
    codec: str = "libx264",
    noise: bool = False,
) -> Path:
    """Write a clip of ``frames`` frames; ``noise`` makes it large (it barely compresses),
    in grey of low contrast, so that it does not flash (WCAG 2.3.1) as full-range noise
    would."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    generator = np.random.default_rng(7)
    with av.open(str(path), "w", format="mp4" if path.suffix != ".webm" else "webm") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if codec == "libx264":
            stream.options = {"crf": "0" if noise else "18", "preset": "veryslow", "bf": "0"}
        stream.codec_context.thread_count = 1
        for n in range(frames):
            picture = frame_picture(n % max(1, width - SQUARE + 1), width, height, colour)
            if noise:
                picture = generator.integers(112, 144, picture.shape, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def frame_from_pixels(rgb: np.ndarray) -> int:
    """The frame number (from 0) a picture of a test clip shows: where the square is."""
    square = rgb[:, :, 1].astype(int) < BACKGROUND // 2
    columns = np.nonzero(square.any(axis=0))[0]
    if not len(columns):
        return -1
    return round(columns.mean() - (SQUARE - 1) / 2)


def undecodable_copy(source: Path, path: Path) -> Path:
    """``source`` with its codec's name (avc1) overwritten: a video file whose codec
    no decoder knows."""
    path.write_bytes(source.read_bytes().replace(b"avc1", b"zzzz"))
    return path


def ball_picture(
    n: int, frames: int, texture: np.ndarray, colour: tuple[int, int, int]
) -> np.ndarray:
    """A ball rolling left to right over a textured floor, for the authoring guide."""
    height, width = texture.shape
    picture = np.repeat(texture[:, :, None], 3, axis=2).astype(np.uint8)
    radius = height // 5
    start = radius + 4
    x = start + (width - 2 * radius - 8) * n / (frames - 1)
    y = height * 0.6
    rows, columns = np.ogrid[:height, :width]
    inside = (columns - x) ** 2 + (rows - y) ** 2 <= radius**2
    picture[inside] = colour
    # a spot that turns with the ball (rolling, not sliding: the angle is the distance
    # travelled over the radius), so the rolling shows
    angle = -np.pi / 2 + (x - start) / radius
    hx, hy = x + radius * 0.6 * np.cos(angle), y + radius * 0.6 * np.sin(angle)
    spot = (columns - hx) ** 2 + (rows - hy) ** 2 <= (radius / 4) ** 2
    picture[spot & inside] = (255, 235, 235)
    return picture


def floor_texture(generator: np.random.Generator, width: int, height: int) -> np.ndarray:
    blocks = generator.integers(-14, 15, (height // 12 + 1, width // 12 + 1))
    texture = np.kron(blocks, np.ones((12, 12), int))[:height, :width]
    shade = np.linspace(215, 185, height)[:, None]
    return np.clip(shade + texture, 0, 255)


def make_guide_clip(path: Path, *, frames: int = 48, fps: int = 24) -> Path:
    """The guide's example: a red ball rolls left to right. (Its flickering twin is
    made by the lab, in the guide itself: a floor whose texture changed in every frame
    failed the flash check.)"""
    import av

    width, height = 192, 108
    generator = np.random.default_rng(11)
    steady = floor_texture(generator, width, height)
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "26", "preset": "veryslow"}
        stream.codec_context.thread_count = 1
        for n in range(frames):
            picture = ball_picture(n, frames, steady, (200, 40, 40))
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def write_guide_clips() -> None:
    folder = ROOTS.parent.parent / "docs" / "contributing" / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    make_guide_clip(folder / "ball-joint.mp4")


def write_roots() -> None:
    good = ROOTS / "test-clip" / "pages" / "clips"
    make_clip(good / "square.mp4")
    make_clip(good / "square-blue.mp4", colour=(30, 60, 200))
    bad = ROOTS / "test-clip-bad" / "clips"
    make_clip(bad / "square.mp4")
    make_clip(bad / "short.mp4", frames=40)
    make_clip(bad / "fast.mp4", fps=30)
    undecodable_copy(bad / "square.mp4", bad / "unknown-codec.mp4")
    (bad / "notes.mp4").write_text("These are notes, not a video.\n", encoding="utf-8")
    korean = ROOTS / "test-korean" / "lessons" / "clips"
    make_clip(korean / "square.mp4")
    make_clip(korean / "square-blue.mp4", colour=(30, 60, 200))


if __name__ == "__main__":
    write_roots()
    write_guide_clips()
