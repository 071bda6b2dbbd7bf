"""The pictures behind the clip directive: probing a video, choosing its strip
frames, extracting posters and strip frames, and the QR code printed beside a strip.

Pure Python on PyAV, Pillow and segno, with no Sphinx in it, so every rule here is
unit-tested on its own (tests/test_clip_media.py); :mod:`lessonkit.clip` turns the
errors into located warnings and the files into each builder's output.

Frames are numbered from 0 here, in the order the decoder presents them, and frame
``n`` starts at ``n / fps`` seconds; readers see them numbered from 1. A strip frame
and a poster are found by seeking to the nearest key frame before them and decoding
forward until a frame's presentation time says it is the one, so the picture is
exactly the frame the web player shows at that time.

Every picture is kept in a cache folder under a name that holds a hash of what
made it (the video's bytes, the frame, the size, the encoder settings and the
library versions), so a clean build, another builder or a parallel worker reuses
it instead of decoding again. Files are written under a temporary name and renamed
into place (``os.replace``), so concurrent builds never see half a file. The JPEG
and PNG encoders run with fixed settings and write no metadata: two clean builds
give byte-identical pictures.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from .messages import shortened

#: Bump when a change here changes the pictures, so old cache entries are not reused.
CACHE_VERSION = 1

#: How many frames a strip shows when ``:strip:`` is not given.
DEFAULT_STRIP = 6
#: The most frames a strip may show: beyond this a printed strip is a wall of stamps.
MAX_STRIP = 24
#: A poster is fetched by every reader who sees the page: it must weigh at most this.
POSTER_MAX_BYTES = 30 * 1024
#: Widest poster; the web player is never shown wider than this.
POSTER_MAX_WIDTH = 1280
#: Poster qualities tried in turn until one fits POSTER_MAX_BYTES.
POSTER_QUALITIES = (85, 75, 65, 55, 45, 35, 25)
#: Strip frames: small, for a row of four to six across a printed page.
STRIP_WIDTH = 240
STRIP_QUALITY = 80
#: A clip file above this is a warning: every reader who presses play downloads it.
LARGE_CLIP_BYTES = 400 * 1024
#: QR codes: modules drawn 8 pixels wide with the standard 4-module quiet zone.
QR_SCALE = 8
QR_BORDER = 4
#: Codecs and containers every current browser plays.
WEB_CODECS = frozenset({"h264", "vp8", "vp9", "av1"})
WEB_CONTAINERS = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}
#: Decoding forward is cheaper than seeking when the next wanted frame is this close.
SEEK_GAP_SECONDS = 2


class ClipMediaError(Exception):
    """A problem with a clip's file or options, worded for the author: what is wrong
    and what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def quoted(value: object) -> str:
    return repr(shortened(value))


def seconds_text(seconds: float, template: str = "{seconds} s") -> str:
    """How every output prints a time: "0.50 s" (``template`` is the book's language's
    way, "{seconds}초" in Korean). Halves round up, as the web player's readout
    (JavaScript's toFixed) does, so frame 4 at 24 fps is 0.13 s everywhere."""
    return template.format(seconds=Decimal(seconds).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass(frozen=True)
class VideoInfo:
    """What the directive needs to know about a video, found without decoding it all."""

    width: int
    height: int
    fps: Fraction
    frame_count: int
    codec: str
    #: the file's size in bytes
    size: int
    #: presentation time of the first frame, in the stream's time base
    origin_pts: int
    time_base: Fraction

    @property
    def duration(self) -> float:
        return float(self.frame_count / self.fps)

    def time_of(self, index: int) -> float:
        """When frame ``index`` (from 0) starts, in seconds."""
        return float(index / self.fps)

    def index_at(self, seconds: float) -> int:
        """The frame shown at ``seconds``."""
        return math.floor(seconds * self.fps + Fraction(1, 10**6))

    def describe(self) -> str:
        return f"{self.frame_count} frames at {fps_text(self.fps)} fps, {self.duration:.2f} s"


def fps_text(fps: Fraction) -> str:
    return str(fps.numerator) if fps.denominator == 1 else f"{float(fps):.3f}".rstrip("0")


def open_video(path: Path, shown: str | None = None):
    """The container and its first video stream, or a ClipMediaError that says why
    not, naming the file as ``shown`` (what the author wrote) or by its name."""
    import av

    shown = quoted(shown or path.name)

    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ClipMediaError(
            f"{shown} is not a video that can be read ({shortened(reason)}); "
            f"give an MP4 (H.264) or WebM file"
        ) from None
    if not container.streams.video:
        container.close()
        raise ClipMediaError(f"{shown} has no video stream; give an MP4 (H.264) or WebM file")
    return container, container.streams.video[0]


def probe(path: Path, shown: str | None = None) -> VideoInfo:
    """Size, frame rate and frame count of ``path``, after decoding its first frame
    (so a codec that cannot be decoded is found now, not while writing pages).
    Messages name the file as ``shown``, what the author wrote."""
    import av

    name = quoted(shown or path.name)
    if not path.is_file():
        raise ClipMediaError(f"{name} is not a file")
    container, stream = open_video(path, shown)
    with container:
        codec = stream.codec_context
        if codec is None:
            raise ClipMediaError(
                f"{name} uses a codec that cannot be decoded here; re-encode "
                f"it as H.264 in MP4 (e.g. ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4)"
            )
        fps = stream.average_rate or stream.guessed_rate
        if not fps or fps <= 0:
            raise ClipMediaError(
                f"{name} has no frame rate; re-encode it with a constant "
                f"frame rate (e.g. ffmpeg -i IN -r 24 OUT.mp4)"
            )
        try:
            first = next(container.decode(stream), None)
        except (av.FFmpegError, ValueError) as error:
            raise ClipMediaError(
                f"{name} could not be decoded ({shortened(error)}); re-encode it "
                f"as H.264 in MP4 (e.g. ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4)"
            ) from None
        if first is None:
            raise ClipMediaError(f"{name} has no frames; give a clip with frames")
        time_base = Fraction(stream.time_base) if stream.time_base else Fraction(1, 1)
        origin = first.pts if first.pts is not None else 0
        frame_count = stream.frames
        if not frame_count:
            # Some containers (WebM) do not record it: count the packets instead.
            container.seek(0)
            frame_count = sum(1 for packet in container.demux(stream) if packet.size)
        return VideoInfo(
            width=first.width,
            height=first.height,
            fps=Fraction(fps),
            frame_count=frame_count,
            codec=codec.name,
            size=path.stat().st_size,
            origin_pts=origin,
            time_base=time_base,
        )


def web_problem(path: Path, info: VideoInfo) -> str | None:
    """Why a browser may not play this file, or None."""
    if path.suffix.lower() not in WEB_CONTAINERS:
        return (
            f"browsers do not reliably play {quoted(path.suffix or path.name)} files; "
            f"convert it to MP4 (e.g. ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4)"
        )
    if info.codec not in WEB_CODECS:
        return (
            f"browsers do not play the {quoted(info.codec)} codec; re-encode the clip as "
            f"H.264 (e.g. ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4)"
        )
    return None


# -- Which frames ---------------------------------------------------------------------

TIME_PATTERN = re.compile(r"^\s*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*(?:s|sec|seconds?)?\s*$")


def parse_seconds(text: str, option: str, info: VideoInfo) -> float:
    """A time in seconds within the clip: ``0.5``, ``0.5 s`` or ``2``."""
    match = TIME_PATTERN.match(text)
    if not match:
        raise ClipMediaError(
            f":{option}: {quoted(text)} is not a time in seconds; write a number such as "
            f"'0.5' or '1.25 s'"
        )
    seconds = float(match.group(1))
    if not 0 <= seconds < info.duration:
        raise ClipMediaError(
            f":{option}: {quoted(text)} is outside the clip, which runs from 0 to "
            f"{info.duration:.2f} s ({info.frame_count} frames at {fps_text(info.fps)} fps); "
            f"write a time from 0 up to {info.time_of(info.frame_count - 1):.2f}"
        )
    return seconds


def evenly_spaced(count: int, frame_count: int) -> tuple[int, ...]:
    """``count`` frames from the first to the last, as evenly spaced as frames allow."""
    if count == 1:
        return (0,)
    return tuple(round(i * (frame_count - 1) / (count - 1)) for i in range(count))


def parse_strip(raw: str | None, info: VideoInfo) -> tuple[int, ...]:
    """The frames a printed strip shows: ``:strip: 8`` (evenly spaced, first to last)
    or ``:strip: 0, 0.5, 1.25`` (the frames shown at those times, in time order)."""
    text = (raw or "").strip()
    if not text:
        return evenly_spaced(min(DEFAULT_STRIP, info.frame_count), info.frame_count)
    if text.isascii() and text.isdigit():
        count = int(text[:6])  # a runaway number of digits is still "too many"
        if count == 0:
            raise ClipMediaError(
                f":strip: 0 shows no frames; write how many frames the printed strip "
                f"shows, from 1 to {min(MAX_STRIP, info.frame_count)}, e.g. ':strip: "
                f"{min(DEFAULT_STRIP, info.frame_count)}'"
            )
        if count > info.frame_count:
            raise ClipMediaError(
                f":strip: {shortened(text)} asks for more frames than the clip has "
                f"({info.describe()}); write at most {min(MAX_STRIP, info.frame_count)}"
            )
        if count > MAX_STRIP:
            raise ClipMediaError(
                f":strip: {shortened(text)} is more frames than a printed strip can show; "
                f"write at most {MAX_STRIP}, or list the times you want"
            )
        return evenly_spaced(count, info.frame_count)
    parts = [part for part in text.split(",")]
    if any(not part.strip() for part in parts):
        raise ClipMediaError(
            f":strip: {quoted(text)} has an empty entry; write a number of frames "
            f"(':strip: 6') or times in seconds separated by commas (':strip: 0, 0.5, 1')"
        )
    if len(parts) > MAX_STRIP:
        raise ClipMediaError(
            f":strip: lists {len(parts)} times, more than a printed strip can show; "
            f"list at most {MAX_STRIP}"
        )
    indices: dict[int, str] = {}
    for part in parts:
        seconds = parse_seconds(part.strip(), "strip", info)
        index = info.index_at(seconds)
        if index in indices:
            raise ClipMediaError(
                f":strip: {quoted(indices[index])} and {quoted(part.strip())} are the "
                f"same frame ({index + 1}, at {fps_text(info.fps)} fps); list each frame once"
            )
        indices[index] = part.strip()
    return tuple(sorted(indices))


def parse_poster(raw: str | None, info: VideoInfo, strip: tuple[int, ...]) -> int:
    """The poster's frame: the one shown at ``:poster:`` seconds, else the strip's first."""
    text = (raw or "").strip()
    if not text:
        return strip[0] if strip else 0
    return info.index_at(parse_seconds(text, "poster", info))


# -- Decoding ---------------------------------------------------------------------------


def extract_frames(path: Path, info: VideoInfo, indices: Iterable[int]):
    """The frames ``indices`` of ``path`` as RGB Pillow images, exactly: seek to the
    key frame before each (unless it is close ahead), decode forward, and take the
    frame whose presentation time is the wanted frame's."""
    import av

    wanted = sorted(set(indices))
    wanted_set = set(wanted)
    found: dict[int, object] = {}
    seek_gap = max(1, int(SEEK_GAP_SECONDS * info.fps))

    def index_of(frame) -> int:
        pts = frame.pts if frame.pts is not None else info.origin_pts
        return round((pts - info.origin_pts) * info.time_base * info.fps)

    container, stream = open_video(path)
    with container:
        try:
            frames = None
            last = None
            for target in wanted:
                if target in found:
                    continue
                if frames is None or last is None or target <= last or target - last > seek_gap:
                    offset = info.origin_pts + int(target / info.fps / info.time_base)
                    container.seek(offset, stream=stream, backward=True, any_frame=False)
                    frames = container.decode(stream)
                for frame in frames:
                    index = index_of(frame)
                    last = index
                    if index in wanted_set and index not in found:
                        found[index] = frame.to_image().convert("RGB")
                    if index >= target:
                        break
            missing = [index for index in wanted if index not in found]
            if missing:
                # A seek that landed late (some files' indexes are coarse): decode
                # from the start once.
                container.seek(0, stream=stream, backward=True, any_frame=False)
                for frame in container.decode(stream):
                    index = index_of(frame)
                    if index in wanted_set and index not in found:
                        found[index] = frame.to_image().convert("RGB")
                    if index >= missing[-1]:
                        break
        except (av.FFmpegError, ValueError) as error:
            raise ClipMediaError(
                f"{quoted(path.name)} could not be decoded ({shortened(error)}); re-encode it "
                f"as H.264 in MP4"
            ) from None
    missing = [index for index in wanted if index not in found]
    if missing:
        raise ClipMediaError(
            f"frame {missing[0] + 1} of {quoted(path.name)} could not be decoded; "
            f"re-encode the clip with a constant frame rate"
        )
    return found


# -- Encoding ---------------------------------------------------------------------------


def resized(image, width: int):
    """``image`` at most ``width`` pixels wide (never enlarged), proportions kept."""
    from PIL import Image

    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def jpeg_bytes(image, quality: int) -> bytes:
    """A baseline JPEG with fixed settings and no metadata, so the bytes repeat."""
    buffer = io.BytesIO()
    image.convert("RGB").save(
        buffer, format="JPEG", quality=quality, optimize=True, progressive=False, subsampling=2
    )
    return buffer.getvalue()


def poster_jpeg(image) -> bytes:
    """The best quality that keeps the poster within POSTER_MAX_BYTES, shrinking it
    when even the lowest quality is too heavy."""
    picture = resized(image, POSTER_MAX_WIDTH)
    while True:
        for quality in POSTER_QUALITIES:
            data = jpeg_bytes(picture, quality)
            if len(data) <= POSTER_MAX_BYTES:
                return data
        picture = resized(picture, max(16, picture.width * 3 // 4))


def strip_jpeg(image) -> bytes:
    return jpeg_bytes(resized(image, STRIP_WIDTH), STRIP_QUALITY)


def qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="png", scale=QR_SCALE, border=QR_BORDER
    )
    return buffer.getvalue()


# -- The cache ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Still:
    """One picture in the cache: a poster, a strip frame or a QR code."""

    path: Path
    width: int
    height: int
    #: the frame it shows (from 0); -1 for a QR code
    index: int = -1

    @property
    def name(self) -> str:
        return self.path.name


_digests: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, computed once per process per file version."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _digests[key] = digest.hexdigest()
    return _digests[key]


def slug(text: str) -> str:
    """A file-name part safe in URLs and in LaTeX's \\includegraphics."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40] or "clip"


def library_versions() -> list[str]:
    import av
    import PIL
    import segno

    return [av.__version__, PIL.__version__, segno.__version__]


def write_atomically(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_atomically(source: Path, destination: Path) -> None:
    """Copy ``source`` to ``destination`` unless an identical file is already there."""
    if destination.is_file() and destination.stat().st_size == source.stat().st_size:
        return
    write_atomically(destination, source.read_bytes())


class ClipCache:
    """Pictures by content, in ``folder``; shared by builders, clean builds and workers."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def entry(self, stem: str, kind: str, *parts: object, suffix: str) -> Path:
        key = json.dumps([CACHE_VERSION, *library_versions(), kind, *parts], default=str)
        digest = hashlib.sha256(key.encode()).hexdigest()[:20]
        return self.folder / f"{slug(stem)}-{kind}-{digest}{suffix}"

    def still(self, path: Path, index: int) -> Still:
        from PIL import Image

        with Image.open(path) as image:
            width, height = image.size
        return Still(path=path, width=width, height=height, index=index)

    def frames(
        self, video: Path, info: VideoInfo, requests: Iterable[tuple[str, int]]
    ) -> dict[tuple[str, int], Still]:
        """Posters (kind ``poster``) and strip frames (kind ``strip``) of ``video``,
        decoding only the frames the cache does not hold yet."""
        encoders: dict[str, tuple[Callable[..., bytes], tuple]] = {
            "poster": (poster_jpeg, (POSTER_MAX_WIDTH, POSTER_MAX_BYTES, POSTER_QUALITIES)),
            "strip": (strip_jpeg, (STRIP_WIDTH, STRIP_QUALITY)),
        }
        digest = file_digest(video)
        wanted = {
            (kind, index): self.entry(
                f"{video.stem}-{index + 1:03d}",
                kind,
                digest,
                index,
                str(info.fps),
                *encoders[kind][1],
                suffix=".jpg",
            )
            for kind, index in requests
        }
        missing = {request: path for request, path in wanted.items() if not path.is_file()}
        if missing:
            images = extract_frames(video, info, [index for _, index in missing])
            for (kind, index), path in missing.items():
                write_atomically(path, encoders[kind][0](images[index]))
        return {request: self.still(path, request[1]) for request, path in wanted.items()}

    def qr_code(self, url: str) -> Still:
        path = self.entry("clip", "qr", url, QR_SCALE, QR_BORDER, suffix=".png")
        if not path.is_file():
            write_atomically(path, qr_png(url))
        return self.still(path, -1)


def video_file_name(video: Path) -> str:
    """The name a video is published under: its own, with a hash of its bytes, so two
    pages' ``clip.mp4`` never overwrite each other."""
    return f"{slug(video.stem)}-{file_digest(video)[:12]}{video.suffix.lower()}"
