"""Writing and reading clips: H.264 in MP4 through PyAV, byte-identical for the same frames.

Determinism comes from fixing everything the encoder could choose: one thread for libx264
and for the colour conversion (PyAV's default is a slice per core), a fixed preset and
quality, BT.709 colour tags, yuv420p, frame times counted from zero, and FFmpeg's
``bitexact`` flags, so neither the container nor the stream carries a library version or a
creation time.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace, Interpolation

from .errors import LabError

ENCODER_OPTIONS = {
    "crf": "16",  # high quality: the lab's differences are subtle and must survive coding
    "preset": "medium",
    "tune": "animation",
    "threads": "1",
}
# Rounding in the colour conversion must not depend on the CPU's vector instructions.
CONVERSION = Interpolation.BILINEAR | Interpolation.ACCURATE_RND | Interpolation.BITEXACT


@dataclass(frozen=True)
class Video:
    frames: np.ndarray  # (T, H, W, 3) uint8, sRGB
    fps: float


def to_uint8(frames: np.ndarray) -> np.ndarray:
    """Floats in [0, 1] to 8-bit values, rounded and clipped."""
    if frames.dtype == np.uint8:
        return frames
    return np.clip(np.rint(frames * 255.0), 0, 255).astype(np.uint8)


def to_float(frames: np.ndarray) -> np.ndarray:
    """8-bit values (or floats) to floats in [0, 1]."""
    if frames.dtype == np.uint8:
        return frames.astype(np.float64) / 255.0
    return np.asarray(frames, np.float64)


def write_video(path: Path, frames: np.ndarray, fps: int) -> None:
    """Encode frames (T, H, W, 3), floats in [0, 1] or uint8, to an MP4 file."""
    frames = to_uint8(frames)
    _, height, width, _ = frames.shape
    if height % 2 or width % 2:
        raise LabError(f"clip size {width}x{height}: yuv420p needs an even width and height")
    path = Path(path)
    # Write beside the target and rename, so a failed run never leaves half a file.
    handle, temporary = tempfile.mkstemp(suffix=".mp4", dir=path.parent, prefix=".streamlab-")
    os.close(handle)
    try:
        with av.open(
            temporary, "w", format="mp4", options={"movflags": "+faststart", "fflags": "+bitexact"}
        ) as container:
            stream = container.add_stream("libx264", rate=fps, options=dict(ENCODER_OPTIONS))
            stream.width, stream.height = width, height
            stream.pix_fmt = "yuv420p"
            context = stream.codec_context
            context.flags |= av.codec.context.Flags.bitexact
            context.thread_count = 1  # as ENCODER_OPTIONS says; PyAV's default is auto
            context.colorspace = Colorspace.ITU709
            context.color_range = ColorRange.MPEG
            context.color_primaries = 1  # BT.709
            context.color_trc = 1  # BT.709
            for index, image in enumerate(frames):
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
                frame = frame.reformat(
                    format="yuv420p",
                    dst_colorspace=Colorspace.ITU709,
                    dst_color_range=ColorRange.MPEG,
                    interpolation=CONVERSION,
                    threads=1,  # PyAV's default is one slice per core: output could vary
                )
                frame.pts = index
                container.mux(stream.encode(frame))
            container.mux(stream.encode())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


@dataclass(frozen=True)
class VideoFile:
    """A video file, opened and checked, whose frames can be decoded again and again, one at
    a time: a long clip is never held whole in memory."""

    path: Path
    fps: float
    frame_count: int  # as the container says; 0 when it does not say

    def frames(self) -> Iterator[np.ndarray]:
        """Decode the frames in order, each (H, W, 3) uint8 RGB. Raises :class:`LabError`
        if the file cannot be decoded, or has no frames."""
        count = 0
        try:
            with av.open(str(self.path)) as container:
                stream = container.streams.video[0]
                for frame in container.decode(stream):
                    image = frame.to_ndarray(format="rgb24", interpolation=CONVERSION, threads=1)
                    count += 1
                    yield np.ascontiguousarray(image)
        except (av.error.FFmpegError, UnicodeDecodeError) as error:
            raise _not_a_video(self.path, error) from None
        if not count:
            raise LabError(f"{self.path} has no frames")


KEEP_BYTES = 16 << 20  # a clip this small is decoded once and kept for the next passes


def replayable(
    frames: Callable[[], Iterable[np.ndarray]], keep_bytes: int = KEEP_BYTES
) -> Callable[[], Iterable[np.ndarray]]:
    """``frames`` for several passes: the first pass keeps the frames it decodes while
    they fit in ``keep_bytes``, and later passes replay them; a larger clip is decoded
    afresh for every pass."""
    kept: list[np.ndarray] | None = None

    def first_pass() -> Iterator[np.ndarray]:
        nonlocal kept
        keeping, size = [], 0
        for frame in frames():
            if keeping is not None:
                size += frame.nbytes
                if size <= keep_bytes:
                    frame.setflags(write=False)  # replayed: nobody may change it
                    keeping.append(frame)
                else:
                    keeping = None
            yield frame
        kept = keeping

    def passes() -> Iterable[np.ndarray]:
        return first_pass() if kept is None else iter(kept)

    return passes


def _not_a_video(path: Path, error: Exception) -> LabError:
    return LabError(f"{path} is not a video file PyAV can read ({error.__class__.__name__})")


def open_video(path: Path) -> VideoFile:
    """Open a video file without decoding it. A file that is not a video raises
    :class:`LabError`."""
    path = Path(path)
    if not path.is_file():
        raise LabError(f"no such file: {path}")
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise LabError(f"{path} has no video stream")
            stream = container.streams.video[0]
            fps = float(stream.average_rate or stream.guessed_rate or 24)
            frame_count = int(stream.frames or 0)
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise _not_a_video(path, error) from None
    return VideoFile(path, fps, frame_count)


def read_video(path: Path) -> Video:
    """Decode every frame of a video file to RGB, all at once (T × H × W × 3 bytes: for a
    long clip, iterate over :meth:`VideoFile.frames` instead). A file that is not a video
    raises :class:`LabError`."""
    video = open_video(path)
    return Video(np.stack(list(video.frames())), video.fps)
