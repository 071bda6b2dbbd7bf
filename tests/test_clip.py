"""The clip and clip-compare directives in every output, their located warnings,
and pictures that repeat byte for byte between clean builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from clip_factory import make_clip
from conftest import ROOTS, parse_output, read_output, warning_lines
from lessonkit.clip_media import POSTER_MAX_BYTES, qr_png
from PIL import Image
from sphinx.testing.util import SphinxTestApp

PAGE = "pages/motion"
SQUARE_ADDRESS = "https://book.example/pages/motion.html#clip-square"
SQUARE_STAMPS = [
    ("1", "0.00 s"),
    ("8", "0.29 s"),
    ("14", "0.54 s"),
    ("21", "0.83 s"),
    ("28", "1.13 s"),
    ("35", "1.42 s"),
    ("41", "1.67 s"),
    ("48", "1.96 s"),
]
PAIR_STAMPS = [("1", "0.00 s"), ("13", "0.50 s"), ("31", "1.25 s"), ("46", "1.88 s")]
HOSTILE = "<script>alert(1)</script> & # $ % _ { } ~ ^ \\ 한국어 🎬"
HOSTILE_ALT = "Alt <script>alert(2)</script> & # $ % _ { } ~ ^ \\ 한국어 🎬"


@pytest.fixture(scope="module")
def html(built):
    return built("clip")


def page(app, name: str = f"{PAGE}.html"):
    return parse_output(app, name)


def stamps(figure) -> list[str]:
    return [" ".join(stamp.get_text().split()) for stamp in figure.select(".clip-stamp")]


def template_strip(figure):
    """The strip inside the figure's <template>, parsed as a browser would clone it."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(
        figure.select_one("template.clip-strip-template").decode_contents(), "html.parser"
    )


# -- Web pages ------------------------------------------------------------------------------


def test_html_build_is_clean(html):
    assert warning_lines(html) == []


def test_html_clip_is_a_figure_with_a_video_that_loads_nothing_but_its_poster(html):
    figure = page(html).select_one("figure.clip#clip-square")
    video = figure.select_one("video.clip-video")
    assert (
        video.get("controls"),
        video.get("preload"),
        video.has_attr("playsinline"),
        video.has_attr("autoplay"),
        video.has_attr("loop"),
        video.source["type"],
    ) == ("controls", "none", True, False, True, "video/mp4")
    assert page(html).find(attrs={"autoplay": True}) is None


def test_html_video_file_is_copied_into_the_output(html):
    video = page(html).select_one("#clip-square video")
    copied = Path(html.outdir, "pages", video.source["src"]).resolve()
    original = ROOTS / "test-clip" / "pages" / "clips" / "square.mp4"
    assert copied.read_bytes() == original.read_bytes()


def test_html_posters_exist_are_jpeg_and_weigh_at_most_30_kb(html):
    posters = [video["poster"] for video in page(html).select("video.clip-video")]
    sizes = {}
    for poster in posters:
        path = Path(html.outdir, "pages", poster).resolve()
        with Image.open(path) as image:
            sizes[poster] = (image.format, image.size, path.stat().st_size <= POSTER_MAX_BYTES)
    assert len(posters) == 4
    assert set(sizes.values()) == {("JPEG", (64, 48), True)}


def test_html_poster_is_the_frame_asked_for(html):
    pair = page(html).select("#clip-pair video")
    assert [Path(video["poster"]).name.split("-poster-")[0] for video in pair] == [
        "square-025",
        "square-blue-025",
    ]


def test_numref_cites_clips_as_figures(html):
    links = [a.get_text() for a in page(html).select("a span.std-numref")]
    caption = page(html).select_one("#clip-square figcaption").get_text(" ", strip=True)
    assert (links, caption.startswith("Figure 1.1 A square moves")) == (
        ["Figure 1.1", "Figure 1.2"],
        True,
    )


def test_html_script_is_deferred_and_only_on_pages_with_a_clip(html):
    def scripts(name):
        return [
            (script["src"].split("/")[-1].split("?")[0], script.get("defer"))
            for script in page(html, name).find_all("script", src=True)
            if "lessonkit-clip" in script["src"]
        ]

    assert (scripts(f"{PAGE}.html"), scripts("index.html")) == (
        [("lessonkit-clip.js", "defer")],
        [],
    )
    assert (Path(html.outdir) / "_static" / "lessonkit-clip.js").is_file()


def test_html_controls_wait_hidden_for_the_script_and_show_the_first_frame(html):
    figure = page(html).select_one("#clip-square")
    player = figure.select_one(".clip-player")
    controls = figure.select_one(".clip-controls")
    assert (player["data-fps"], player["data-frames"]) == ("24", "48")
    assert controls.has_attr("hidden")
    assert [button.get_text() for button in controls.find_all("button")] == [
        "Previous frame",
        "Next frame",
        "Show frames",
    ]
    assert controls.select_one("output.clip-readout").get_text() == "frame 1 of 48 · 0.00 s"


def test_html_strip_waits_in_a_template_so_no_strip_image_is_fetched(html):
    figure = page(html).select_one("#clip-square")
    outside = [img for img in figure.find_all("img") if not img.find_parent("template")]
    strip = template_strip(figure)
    sources = [img["src"] for img in strip.find_all("img")]
    assert outside == []
    assert stamps(strip) == [f"frame {number} · {time}" for number, time in SQUARE_STAMPS]
    assert all(Path(html.outdir, "pages", source).resolve().is_file() for source in sources)


def test_html_strip_rows_balance_as_in_print(html):
    classes = [
        template_strip(figure).select_one(".clip-strip")["class"][-1]
        for figure in page(html).select("figure.clip")
    ]
    assert classes == ["clip-strip-columns-4", "clip-strip-columns-4", "clip-strip-columns-2"]


def test_html_compare_shows_two_labelled_videos_and_two_strips(html):
    figure = page(html).select_one("#clip-pair")
    videos = figure.select("video")
    labels = [figure.find(id=video["aria-labelledby"]).get_text() for video in videos]
    strip = template_strip(figure)
    rows = [
        (row.select_one(".clip-strip-label").get_text(), stamps(row))
        for row in strip.select(".clip-strip-row")
    ]
    expected_stamps = [f"frame {number} · {time}" for number, time in PAIR_STAMPS]
    assert (labels, rows) == (
        ["Red", "Blue"],
        [("Red", expected_stamps), ("Blue", expected_stamps)],
    )
    assert "clip-player-compare" in figure.select_one(".clip-player")["class"]


def test_html_videos_are_described_by_the_alt_text(html):
    figure = page(html).select_one("#clip-square")
    video = figure.select_one("video")
    assert figure.find(id=video["aria-describedby"]).get_text() == (
        "A dark red square slides from the left edge towards the right edge at a steady pace."
    )


def test_html_escapes_hostile_caption_and_alt(html):
    figure = page(html).select_one("#clip-hostile")
    caption = figure.select_one(".caption-text").get_text()
    description = figure.select_one(".clip-description").get_text()
    assert (caption, description) == (f"Caption {HOSTILE}", HOSTILE_ALT)
    assert [tag for tag in figure.find_all(["script", "b"])] == []


def test_html_clips_have_no_inline_style_and_no_duplicate_id(html):
    document = page(html)
    ids = [element["id"] for element in document.find_all(id=True)]
    assert document.select("figure.clip [style], figure.clip[style]") == []
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@pytest.mark.parametrize(
    ("builder", "page_name"),
    [("dirhtml", "pages/motion/index.html"), ("singlehtml", "index.html")],
)
def test_other_web_builders_build_clean_and_find_their_files(built, builder, page_name):
    app = built("clip", builder)
    figure = parse_output(app, page_name).select_one("#clip-square")
    video = figure.select_one("video")
    folder = Path(app.outdir, page_name).parent
    uris = [video["poster"], video.source["src"]] + [
        img["src"] for img in template_strip(figure).find_all("img")
    ]
    assert warning_lines(app) == []
    assert [uri for uri in uris if not (folder / uri).resolve().is_file()] == []


def test_a_parallel_build_writes_the_same_clip(tmp_path, html):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-clip", srcdir)
    app = SphinxTestApp(
        "html", srcdir=srcdir, parallel=2, freshenv=True, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning_lines(app) == []
    assert images(app) == images(html)


# -- Pictures repeat -------------------------------------------------------------------------


def images(app) -> dict[str, bytes]:
    folder = Path(app.outdir) / "_images"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_two_clean_builds_in_different_folders_give_identical_pictures(built, html):
    again = built("clip", "html", lessonkit_clip_cache="clip-cache")
    first, second = images(html), images(again)
    assert (sorted(first), len(first)) == (sorted(second), 20)
    assert [name for name in first if first[name] != second[name]] == []
    # The configured folder, relative to conf.py, is where the second build kept them.
    cached = {path.name for path in (Path(again.srcdir) / "clip-cache").iterdir()}
    assert {name for name in second if not name.endswith(".mp4")} <= cached


def test_default_cache_sits_beside_the_output_folder(html):
    cache = Path(html.outdir).parent / ".lessonkit-clips"
    # Posters and strip frames; only print editions make QR codes.
    assert {path.suffix for path in cache.iterdir()} == {".jpg"}


# -- LaTeX -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def latex(built):
    return built("clip", "latex")


def tex_of(latex) -> str:
    return read_output(latex, "clips.tex")


def figure_tex(latex, label: str) -> str:
    tex = tex_of(latex)
    end = tex.index(rf"\label{{\detokenize{{{PAGE}:{label}}}}}")
    return tex[tex.rindex(r"\begin{figure}", 0, end) : end]


def test_latex_build_is_clean(latex):
    assert warning_lines(latex) == []


def test_latex_prints_every_strip_frame_with_its_number_and_time(latex):
    tex = figure_tex(latex, "clip-square")
    found = re.findall(
        r"\\includegraphics\[width=\\dimexpr\\linewidth-0\.8pt\\relax\]\{\{([^}]+)\}\.jpg\}\}\}"
        r"\\\\\[1pt\]\{\\scriptsize frame (\d+)\\enspace ([0-9.]+ s)\}",
        tex,
    )
    assert [(number, time) for _, number, time in found] == SQUARE_STAMPS
    assert all((Path(latex.outdir) / f"{name}.jpg").is_file() for name, _, _ in found)


def test_latex_prints_the_address_beside_a_qr_code_of_it(latex):
    tex = figure_tex(latex, "clip-square")
    qr = re.search(r"\\includegraphics\[width=\\linewidth\]\{\{(clip-qr-[^}]+)\}\.png\}", tex)
    assert r"\sphinxurl{https://book.example/pages/motion.html\#clip-square}" in tex
    assert (Path(latex.outdir) / f"{qr[1]}.png").read_bytes() == qr_png(SQUARE_ADDRESS)


def test_latex_compare_labels_both_rows_and_stamps_once(latex):
    tex = figure_tex(latex, "clip-pair")
    assert re.findall(r"\\bfseries (\w+)\}", tex) == ["Red", "Blue"]
    assert re.findall(r"frame (\d+)\\enspace", tex) == [number for number, _ in PAIR_STAMPS]


def test_latex_escapes_hostile_caption(latex):
    assert (
        r"\caption{Caption <script>alert(1)</script> \& \# \$ \% \_ \{ \} "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} 한국어 🎬}"
    ) in tex_of(latex)


@pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("xelatex") is None,
    reason="needs TeX Live: run scripts/install-system-deps.sh",
)
def test_latex_compiles_to_a_pdf_with_the_strip_and_the_address(latex):
    subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "clips.tex"],
        cwd=latex.outdir,
        check=True,
        capture_output=True,
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", "clips.pdf", "-"],
            cwd=latex.outdir,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    )
    for expected in (
        "frame 14 0.54 s",
        "Scan to watch",
        f"Watch the clip: {SQUARE_ADDRESS}",
        "Figure 1.1: A square moves one pixel",
        f"Caption {HOSTILE}",
    ):
        assert expected in text, expected
    log = (Path(latex.outdir) / "clips.log").read_text(encoding="utf-8", errors="replace")
    assert re.findall(r"Overfull \\hbox.*", log) == []


# -- ePub ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def epub(built):
    return built("clip", "epub")


def test_epub_shows_the_strip_and_the_address_and_no_video(epub):
    figure = page(epub, f"{PAGE}.xhtml").select_one("#clip-square")
    sources = [img["src"] for img in figure.find_all("img")]
    link = figure.select_one(".clip-watch a")
    assert warning_lines(epub) == []
    assert (figure.find("video"), figure.find("template"), figure.find("script")) == (None,) * 3
    assert stamps(figure) == [f"frame {number} · {time}" for number, time in SQUARE_STAMPS]
    assert all(Path(epub.outdir, "pages", source).resolve().is_file() for source in sources)
    assert (link["href"], link.get_text()) == (SQUARE_ADDRESS, SQUARE_ADDRESS)
    assert sorted(path.suffix for path in Path(epub.outdir, "_images").iterdir()) == [".jpg"] * 15


def test_epub_passes_epubcheck(epub):
    check = subprocess.run(
        [sys.executable, "-m", "epubcheck", str(Path(epub.outdir) / "Clips.epub")],
        capture_output=True,
        text=True,
    )
    report = check.stdout + check.stderr
    assert (check.returncode, "ERROR" in report, "WARNING" in report) == (0, False, False), report


# -- Plain text, man, texinfo, gettext -------------------------------------------------------


def test_text_has_the_description_a_line_per_frame_the_address_and_the_caption(built):
    app = built("clip", "text")
    text = read_output(app, f"{PAGE}.txt")
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("- frame 1 · 0.00 s")
    assert warning_lines(app) == []
    assert lines[start : start + 9] == [
        *(f"- frame {number} · {time}" for number, time in SQUARE_STAMPS),
        f"Watch the clip: {SQUARE_ADDRESS}",
    ]
    joined = " ".join(text.split())
    assert "A dark red square slides from the left edge towards the right edge" in joined
    assert "Figure 1.1: A square moves one pixel to the right in every frame." in joined
    assert "Left: Red. Right: Blue." in joined
    assert f"Caption {HOSTILE}" in joined and HOSTILE_ALT in joined


@pytest.mark.parametrize(
    ("builder", "output"), [("man", "clips.1"), ("texinfo", "clips.texi"), ("gettext", None)]
)
def test_builders_without_pictures_build_clean_and_keep_the_description(built, builder, output):
    app = built("clip", builder)
    assert warning_lines(app) == []
    if output:
        # man writes a hyphen as \-
        written = " ".join(read_output(app, output).replace("\\-", "-").split())
        assert "A dark red square slides from the left edge" in written
        assert "pages/motion.html#clip-square" in written


# -- Bad input --------------------------------------------------------------------------------

PLACEHOLDER = "the clip is shown as a placeholder until this is fixed [lessonkit.clip]"


def test_every_bad_clip_is_a_located_warning_that_says_what_to_write(built):
    app = built("clip-bad")
    assert warning_lines(app) == [
        f"index.md:5: WARNING: clip: :source: 'clips/nowhere.mp4' names no file; write the video's path relative to this page, e.g. ':source: clips/flicker.mp4'; {PLACEHOLDER}",
        f"index.md:11: WARNING: clip: 'clips/notes.mp4' is not a video that can be read (Invalid data found when processing input); give an MP4 (H.264) or WebM file; {PLACEHOLDER}",
        f"index.md:16: WARNING: clip: 'clips/unknown-codec.mp4' uses a codec that cannot be decoded here; re-encode it as H.264 in MP4 (e.g. ffmpeg -i IN -c:v libx264 -pix_fmt yuv420p OUT.mp4); {PLACEHOLDER}",
        f"index.md:21: WARNING: clip: :strip: 0 shows no frames; write how many frames the printed strip shows, from 1 to 24, e.g. ':strip: 6'; {PLACEHOLDER}",
        f"index.md:27: WARNING: clip: :strip: 60 asks for more frames than the clip has (48 frames at 24 fps, 2.00 s); write at most 24; {PLACEHOLDER}",
        f"index.md:33: WARNING: clip: :strip: '2.5' is outside the clip, which runs from 0 to 2.00 s (48 frames at 24 fps); write a time from 0 up to 1.96; {PLACEHOLDER}",
        f"index.md:39: WARNING: clip: :poster: '-1' is outside the clip, which runs from 0 to 2.00 s (48 frames at 24 fps); write a time from 0 up to 1.96; {PLACEHOLDER}",
        f"index.md:45: WARNING: clip: :alt: is missing; describe the motion in words for readers who cannot see the clip, e.g. ':alt: A red ball rolls from left to right.'; {PLACEHOLDER}",
        "index.md:51: WARNING: 'clip': Unknown option key: 'autoplay' (allowed: ['alt', 'class', 'loop', 'name', 'poster', 'source', 'strip']) [myst.directive_option]",
        f"index.md:55: WARNING: clip-compare: 'clips/square.mp4' has 48 frames and 'clips/short.mp4' has 40; the two sides play and step together frame by frame, so give clips of equal length (e.g. trim the longer: ffmpeg -i IN -frames:v 40 OUT.mp4); {PLACEHOLDER}",
        f"index.md:61: WARNING: clip-compare: 'clips/square.mp4' runs at 24 fps and 'clips/fast.mp4' at 30; give clips of the same frame rate (e.g. ffmpeg -i IN -r 24 OUT.mp4); {PLACEHOLDER}",
        f"index.md:67: WARNING: clip: :source: is missing; name the video file, e.g. ':source: clips/flicker.mp4'; {PLACEHOLDER}",
        f"index.md:71: WARNING: clip: :strip: 'soon' is not a time in seconds; write a number such as '0.5' or '1.25 s'; {PLACEHOLDER}",
    ]  # fmt: skip


BAD_CLIPS = 12


def test_html_replaces_each_bad_clip_with_a_placeholder_inside_its_figure(built):
    document = parse_output(built("clip-bad"), "index.html")
    figures = document.select("figure.clip")
    placeholders = [figure.select_one(".clip-error") for figure in figures]
    assert len([p for p in placeholders if p]) == BAD_CLIPS
    assert (
        placeholders[0]
        .get_text(" ", strip=True)
        .startswith("Clip not shown: :source: 'clips/nowhere.mp4' names no file")
    )
    # The figure keeps its name and number, so a reference to it still resolves.
    assert document.select_one("a span.std-numref").get_text() == "Figure 1"
    # The unknown option is dropped and the clip is shown.
    assert figures[8].select_one("video") is not None


@pytest.mark.parametrize(
    ("builder", "output"),
    [("latex", "badclips.tex"), ("text", "index.txt"), ("texinfo", "badclips.texi")],
)
def test_every_output_shows_the_placeholders(built, builder, output):
    app = built("clip-bad", builder)
    written = " ".join(read_output(app, output).split())
    assert written.count("Clip not shown:") == BAD_CLIPS
    assert "names no file" in written


def test_a_heavy_clip_is_a_warning_and_still_shown(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "lessonkit"]\nmyst_enable_extensions = ["colon_fence"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Heavy\n\n:::{clip} Noise.\n:source: noise.mp4\n:alt: Noise.\n:::\n", encoding="utf-8"
    )
    clip = make_clip(srcdir / "noise.mp4", width=160, height=120, noise=True)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    size = clip.stat().st_size // 1024
    assert size > 400
    assert warning_lines(app) == [
        f"index.md:3: WARNING: clip: 'noise.mp4' weighs {size} KB, more than the 400 KB a clip "
        f"should; every reader who presses play downloads it: shorten it, lower its resolution "
        f"or compress it harder (e.g. ffmpeg -i IN -c:v libx264 -crf 30 OUT.mp4) [lessonkit.clip]"
    ]
    assert parse_output(app, "index.html").select_one("figure.clip video") is not None


def test_a_clip_that_fails_while_pages_are_written_is_a_placeholder(tmp_path, monkeypatch):
    """The file vanished or changed after the page was read: a warning at the clip and a
    placeholder, never a traceback."""
    from lessonkit.clip_media import ClipCache, ClipMediaError

    def broken(self, video, info, requests):
        raise ClipMediaError(f"frame 1 of {video.name!r} could not be decoded")

    monkeypatch.setattr(ClipCache, "frames", broken)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-clip", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = warning_lines(app)
    figure = parse_output(app, f"{PAGE}.html").select_one("#clip-square")
    assert warnings[0] == (
        f"{PAGE}.md:5: WARNING: clip: frame 1 of 'square.mp4' could not be decoded; "
        "the clip is shown as a placeholder [lessonkit.clip]"
    )
    assert len(warnings) == 3
    assert figure.select_one(".clip-error").get_text(" ", strip=True) == (
        "Clip not shown: frame 1 of 'square.mp4' could not be decoded"
    )
    assert figure.find("video") is None
