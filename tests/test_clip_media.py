"""The clip's media work on its own, without Sphinx: probing, choosing frames,
frame-exact extraction, encoder settings, the cache and its concurrency."""

from __future__ import annotations

import io
import multiprocessing
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from clip_factory import frame_from_pixels, make_clip, undecodable_copy
from lessonkit import clip_media
from lessonkit.clip_media import (
    DEFAULT_STRIP,
    MAX_STRIP,
    POSTER_MAX_BYTES,
    STRIP_WIDTH,
    ClipCache,
    ClipMediaError,
    VideoInfo,
    extract_frames,
    jpeg_bytes,
    parse_poster,
    parse_strip,
    poster_jpeg,
    probe,
    qr_png,
    seconds_text,
    strip_jpeg,
    web_problem,
)
from PIL import Image

ROOT_CLIPS = Path(__file__).resolve().parent / "roots" / "test-clip" / "pages" / "clips"
SQUARE = ROOT_CLIPS / "square.mp4"


def info_of(frames: int = 48, fps: int = 24) -> VideoInfo:
    return VideoInfo(
        width=64,
        height=48,
        fps=Fraction(fps),
        frame_count=frames,
        codec="h264",
        size=1000,
        origin_pts=0,
        time_base=Fraction(1, 12288),
    )


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory) -> Path:
    """200 frames in groups of 25 with B-frames: seeking lands on a key frame and
    decoding forward must find the exact frame."""
    import av

    path = tmp_path_factory.mktemp("long") / "long.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = 240, 32, "yuv420p"
        stream.options = {"crf": "18", "g": "25", "bf": "3", "preset": "fast"}
        for n in range(200):
            picture = np.full((32, 240, 3), 235, np.uint8)
            picture[8:24, n % 225 : n % 225 + 16] = (200, 30, 30)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


# -- probe ------------------------------------------------------------------------------


def test_probe_reads_size_rate_and_frame_count():
    info = probe(SQUARE)
    assert (info.width, info.height, info.fps, info.frame_count, info.codec) == (
        64,
        48,
        Fraction(24),
        48,
        "h264",
    )
    assert (info.duration, info.time_of(12), info.index_at(0.5)) == (2.0, 0.5, 12)


def test_probe_counts_frames_a_webm_does_not_record(tmp_path):
    webm = make_clip(tmp_path / "clip.webm", frames=30, codec="libvpx-vp9")
    info = probe(webm)
    assert (info.frame_count, info.codec, web_problem(webm, info)) == (30, "vp9", None)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "nowhere.mp4", "'nowhere.mp4' is not a file"),
        (
            lambda tmp: (tmp / "notes.mp4").write_text("notes") and tmp / "notes.mp4",
            "'notes.mp4' is not a video that can be read",
        ),
        (
            lambda tmp: undecodable_copy(SQUARE, tmp / "odd.mp4"),
            "'odd.mp4' uses a codec that cannot be decoded here; re-encode it as H.264",
        ),
    ],
)
def test_probe_says_what_is_wrong_with_a_file(tmp_path, make, expected):
    with pytest.raises(ClipMediaError) as raised:
        probe(make(tmp_path))
    assert raised.value.message.startswith(expected)


def test_probe_names_the_file_as_the_author_wrote_it(tmp_path):
    (tmp_path / "notes.mp4").write_text("notes")
    with pytest.raises(ClipMediaError) as raised:
        probe(tmp_path / "notes.mp4", "clips/notes.mp4")
    assert raised.value.message.startswith("'clips/notes.mp4' is not a video")


def test_web_problem_names_containers_and_codecs_browsers_do_not_play(tmp_path):
    avi = tmp_path / "clip.avi"
    mpeg4 = make_clip(tmp_path / "old.mp4", codec="mpeg4")
    assert "browsers do not reliably play '.avi' files" in web_problem(avi, info_of())
    assert "browsers do not play the 'mpeg4' codec" in web_problem(mpeg4, probe(mpeg4))


# -- which frames -----------------------------------------------------------------------


def test_strip_default_is_six_frames_from_first_to_last():
    assert parse_strip(None, info_of()) == (0, 9, 19, 28, 38, 47)
    assert DEFAULT_STRIP == 6


def test_strip_count_spreads_frames_evenly_and_one_frame_is_the_first():
    assert parse_strip("8", info_of()) == (0, 7, 13, 20, 27, 34, 40, 47)
    assert parse_strip("1", info_of()) == (0,)
    assert parse_strip("3", info_of(frames=3)) == (0, 1, 2)


def test_strip_default_never_asks_for_more_frames_than_a_short_clip_has():
    assert parse_strip("", info_of(frames=4)) == (0, 1, 2, 3)


def test_strip_times_are_the_frames_shown_then_in_time_order():
    assert parse_strip("1.9, 0, 0.5 s, .3", info_of()) == (0, 7, 12, 45)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.125, "0.13 s"), (3 / 24 * 3, "0.38 s"), (7 / 24, "0.29 s"), (0, "0.00 s")],
)
def test_times_print_as_the_web_readout_prints_them(seconds, text):
    # JavaScript's (0.125).toFixed(2) is "0.13": halves round up in print too.
    assert seconds_text(seconds) == text


def test_poster_defaults_to_the_first_strip_frame_or_takes_a_time():
    assert parse_poster(None, info_of(), (5, 9)) == 5
    assert parse_poster("1.5", info_of(), (5, 9)) == 36


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0", ":strip: 0 shows no frames; write how many frames the printed strip shows, from 1 to 24, e.g. ':strip: 6'"),
        ("60", ":strip: 60 asks for more frames than the clip has (48 frames at 24 fps, 2.00 s); write at most 24"),
        (str(MAX_STRIP + 1), ":strip: 25 is more frames than a printed strip can show; write at most 24, or list the times you want"),
        ("9" * 5000, ":strip: 99999999999999999999999999999999999999999999999999999999999… asks for more frames"),
        ("0, , 1", ":strip: '0, , 1' has an empty entry; write a number of frames (':strip: 6') or times in seconds separated by commas (':strip: 0, 0.5, 1')"),
        ("0, 2", ":strip: '2' is outside the clip, which runs from 0 to 2.00 s (48 frames at 24 fps); write a time from 0 up to 1.96"),
        ("-0.5, 1", ":strip: '-0.5' is outside the clip"),
        ("soon", ":strip: 'soon' is not a time in seconds; write a number such as '0.5' or '1.25 s'"),
        ("0.5, 0.51", ":strip: '0.5' and '0.51' are the same frame (13, at 24 fps); list each frame once"),
    ],
)  # fmt: skip
def test_strip_errors_say_what_to_write(raw, message):
    with pytest.raises(ClipMediaError) as raised:
        parse_strip(raw, info_of())
    assert raised.value.message.startswith(message)


def test_a_time_list_longer_than_a_strip_is_refused():
    times = ", ".join(f"{n / 24:.3f}" for n in range(MAX_STRIP + 1))
    with pytest.raises(ClipMediaError, match="lists 25 times"):
        parse_strip(times, info_of())


# -- extraction ---------------------------------------------------------------------------


def shown(image) -> int:
    return frame_from_pixels(np.asarray(image))


def test_every_frame_of_the_test_clip_is_extracted_exactly():
    images = extract_frames(SQUARE, probe(SQUARE), range(48))
    assert {index: shown(image) for index, image in images.items()} == {n: n for n in range(48)}


def test_seeking_finds_exact_frames_across_key_frames_and_b_frames(long_clip):
    wanted = [199, 0, 24, 25, 26, 49, 50, 120, 121, 198]
    images = extract_frames(long_clip, probe(long_clip), wanted)
    assert {index: shown(image) % 225 for index, image in images.items()} == {
        n: n % 225 for n in wanted
    }


# -- encoding -----------------------------------------------------------------------------


def noise(width: int, height: int) -> Image.Image:
    pixels = np.random.default_rng(1).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return Image.fromarray(pixels)


def test_poster_of_a_large_noisy_frame_fits_in_30_kb():
    data = poster_jpeg(noise(1920, 1080))
    with Image.open(io.BytesIO(data)) as poster:
        assert (poster.format, len(data) <= POSTER_MAX_BYTES, poster.width <= 1280) == (
            "JPEG",
            True,
            True,
        )


def test_strip_frames_are_240_pixels_wide_and_small_frames_are_not_enlarged():
    with Image.open(io.BytesIO(strip_jpeg(noise(1280, 720)))) as wide:
        assert wide.size == (STRIP_WIDTH, 135)
    with Image.open(io.BytesIO(strip_jpeg(noise(64, 48)))) as small:
        assert small.size == (64, 48)


def test_encoders_repeat_their_bytes_and_write_no_metadata():
    picture = noise(320, 180)
    first, second = jpeg_bytes(picture, 80), jpeg_bytes(picture.copy(), 80)
    qr = qr_png("https://book.example/page.html#clip")
    assert (
        first == second,
        b"Exif" in first,
        qr == qr_png("https://book.example/page.html#clip"),
    ) == (
        True,
        False,
        True,
    )
    assert b"tIME" not in qr and b"tEXt" not in qr


# -- the cache ------------------------------------------------------------------------------


def test_cache_decodes_once_then_answers_from_its_folder(tmp_path, monkeypatch):
    cache = ClipCache(tmp_path / "cache")
    info = probe(SQUARE)
    first = cache.frames(SQUARE, info, [("poster", 0), ("strip", 0), ("strip", 12)])

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(clip_media, "extract_frames", no_decoding)
    again = ClipCache(tmp_path / "cache").frames(SQUARE, info, [("strip", 12), ("poster", 0)])
    assert again[("strip", 12)] == first[("strip", 12)]
    assert again[("poster", 0)].path.read_bytes() == first[("poster", 0)].path.read_bytes()


def test_cache_names_hold_the_content_hash(tmp_path):
    cache = ClipCache(tmp_path)
    info = probe(SQUARE)
    blue = ROOT_CLIPS / "square-blue.mp4"
    red = cache.frames(SQUARE, info, [("strip", 12)])[("strip", 12)]
    other = cache.frames(blue, probe(blue), [("strip", 12)])[("strip", 12)]
    assert red.name.startswith("square-013-strip-") and red.name != other.name


def fill_cache(folder: str) -> list[tuple[str, bytes]]:
    info = probe(SQUARE)
    stills = ClipCache(Path(folder)).frames(SQUARE, info, [("strip", n) for n in range(0, 48, 4)])
    return sorted((still.name, still.path.read_bytes()) for still in stills.values())


def test_concurrent_builds_share_the_cache_safely(tmp_path):
    """Four processes fill one empty cache at once, as `sphinx-build -j 4` would."""
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(fill_cache, [str(tmp_path)] * 4)
    assert all(result == results[0] for result in results)
    assert sorted(path.name for path in tmp_path.iterdir()) == [name for name, _ in results[0]]
