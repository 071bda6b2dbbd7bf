"""The clip directives: a video on the web, a time-stamped frame strip in print.

``clip`` shows one video, ``clip-compare`` two of equal length side by side. Each
emits a numbered ``nodes.figure`` (so ``{numref}`` prints "Figure 1.3") holding one
:class:`clip` node and the caption, as the frame grid does.

When a page is read, the directive finds the video (:func:`resolve_source`), probes
it with PyAV and works out which frames the strip and the poster show; every problem
becomes a located warning and a visible :class:`clip_error` placeholder inside the
figure, so a reference to it still resolves. When a page is written, each builder
asks :mod:`lessonkit.clip_media` for the pictures it needs, which come from a cache
shared by builders and clean builds (``lessonkit_clip_cache``), and copies them
into its output, as ``sphinx.ext.graphviz`` does with its renderings:

- web pages (html, dirhtml, singlehtml): ``<video controls preload="none">`` with a
  poster, and hidden controls that ``lessonkit-clip.js`` reveals (step a frame,
  the frame readout, "Show frames"); the strip waits in a ``<template>``, so its
  images are fetched only when a reader asks for them. The video file is copied
  to ``_images``;
- the ePub: the strip as images and the web address of the clip; no video;
- LaTeX: the strip in rows, each frame stamped with its number and time, beside a
  QR code of the clip's web address, and the address as a link;
- plain text: the description, one line per strip frame and the address;
- man, texinfo and anything else: the description and address as a paragraph.

The clip's web address is ``html_baseurl`` + the page's HTML address + ``#`` + the
figure's id; without ``html_baseurl`` print editions say that the web edition
plays the clip, with no address.
"""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .clip_media import (
    LARGE_CLIP_BYTES,
    WEB_CONTAINERS,
    ClipCache,
    ClipMediaError,
    Still,
    VideoInfo,
    copy_atomically,
    fps_text,
    parse_poster,
    parse_strip,
    probe,
    quoted,
    seconds_text,
    video_file_name,
    web_problem,
)
from .lab import PREFIX as LAB_PREFIX
from .lab import LabProblem, flash_problem, lab_clip
from .messages import N_
from .shared import (
    CR,
    add_node_everywhere,
    caption_and_name,
    is_web_page,
    translate,
    warn,
    write_as_paragraph,
)
from .translatable_words import translatable_words, words_to_translate

SCRIPT_FILE = "lessonkit-clip.js"
#: The cache folder when ``lessonkit_clip_cache`` is empty: beside the output folder,
#: so html, latex, epub and text builds into _build/<name> share _build/.lessonkit-clips.
DEFAULT_CACHE_NAME = ".lessonkit-clips"


@dataclass(frozen=True)
class ClipVideo:
    #: the file, relative to the source directory (as Sphinx keeps images)
    source: str
    #: what the reader sees above it in a comparison
    label: str
    info: VideoInfo


@dataclass(frozen=True)
class ClipModel:
    videos: tuple[ClipVideo, ...]
    #: the strip's frames, from 0, in time order
    strip: tuple[int, ...]
    poster: int
    alt: str
    loop: bool

    @property
    def info(self) -> VideoInfo:
        return self.videos[0].info

    @property
    def compare(self) -> bool:
        return len(self.videos) > 1

    def frame_words(self, index: int) -> str:
        return translate("frame {frame}").format(frame=index + 1)

    def stamp(self, index: int) -> str:
        return f"{self.frame_words(index)} · {time_words(self.info.time_of(index))}"

    def with_words(self, original: str, translated: str) -> ClipModel:
        """The same clip with ``translated`` wherever its alt text or a label is
        ``original``."""

        def swap(text: str) -> str:
            return translated if text == original else text

        return replace(
            self,
            videos=tuple(replace(video, label=swap(video.label)) for video in self.videos),
            alt=swap(self.alt),
        )


def time_words(seconds: float) -> str:
    """A time as the book's language writes it: "0.50 s", "0.50초"."""
    return seconds_text(seconds, seconds_template())


def seconds_template() -> str:
    # Translators: a time in seconds, to two decimals: "0.50 s".
    return translate("{seconds} s")


class clip(nodes.General, nodes.Element, translatable_words):
    """A clip; ``node["clip"]`` is its :class:`ClipModel`. Its alt text and the side
    labels its author wrote are messages of the page's catalog (``node["words"]``)."""

    def use_translation(self, original: str, translated: str) -> None:
        self["clip"] = self["clip"].with_words(original, translated)


class clip_error(nodes.General, nodes.Element):
    """Where a clip would be, naming what is wrong (``node["message"]``)."""


@dataclass(frozen=True)
class ClipSource:
    """A clip's video file, as the rest of the directive needs it."""

    #: what the author wrote, for messages
    shown: str
    #: the file, relative to the source directory (as Sphinx keeps images)
    relative: str
    path: Path


def resolve_source(env: BuildEnvironment, option: str, value: str | None) -> ClipSource:
    """The one place that decides where a clip's video comes from, and what the page
    then depends on. ``value`` is the option as written, or None when it is absent.

    Either a file the author names beside the page (``:source:``, ``:left:``,
    ``:right:``; ``/clips/x.mp4`` is from the source directory, as for images), or
    ``lab:NAME key=value ...``, a clip the lab makes while the book builds
    (:func:`lessonkit.lab.lab_clip`: made into the lab cache, the page depending on the
    lab's code). Nothing after this function tells the two apart.
    """
    example = f"e.g. ':{option}: clips/flicker.mp4'"
    if value is None:
        raise ClipMediaError(f":{option}: is missing; name the video file, {example}")
    text = value.strip()
    if not text:
        raise ClipMediaError(
            f":{option}: is empty; write the video's path relative to this page, {example}"
        )
    if text.startswith(LAB_PREFIX):
        try:
            made = lab_clip(env, text, option)
        except LabProblem as problem:
            raise ClipMediaError(f":{option}: {problem.message}") from None
        # Outside the source directory: kept absolute (pictures() joins it to srcdir).
        return ClipSource(shown=text, relative=str(made), path=made)
    relative, absolute = env.relfn2path(text, env.docname)
    path = Path(absolute)
    if not path.is_file():
        looked = "" if relative == text else f" (looked for {quoted(relative)})"
        raise ClipMediaError(
            f":{option}: {quoted(text)} names no file{looked}; write the video's path "
            f"relative to this page, {example}"
        )
    env.note_dependency(str(path))
    return ClipSource(shown=text, relative=relative, path=path)


class ClipDirective(SphinxDirective):
    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "source": directives.unchanged,
        "strip": directives.unchanged,
        "poster": directives.unchanged,
        "alt": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.class_option,
        "loop": directives.flag,
    }
    #: (option naming a video, option naming its label, default label, marked with N_
    #: and translated when the page is read)
    video_options: ClassVar[tuple[tuple[str, str | None, str], ...]] = (("source", None, ""),)

    def video(self, option: str, label: str) -> ClipVideo:
        source = resolve_source(self.env, option, self.options.get(option))
        info = probe(source.path, source.shown)
        if info.size > LARGE_CLIP_BYTES:
            warn(
                f"{self.name}: {quoted(source.shown)} weighs {info.size // 1024} KB, more than "
                f"the {LARGE_CLIP_BYTES // 1024} KB a clip should; every reader who presses "
                f"play downloads it: shorten it, lower its resolution or compress it harder "
                f"(e.g. ffmpeg -i IN -c:v libx264 -crf 30 OUT.mp4)",
                self.get_location(),
                "clip",
            )
        for problem in (web_problem(source.path, info), flash_problem(self.env, source.path)):
            if problem:
                warn(f"{self.name}: {quoted(source.shown)}: {problem}", self.get_location(), "clip")
        return ClipVideo(source=source.relative, label=label, info=info)

    def label(self, option: str | None, default: str) -> str:
        if option is None:
            return ""
        return " ".join((self.options.get(option) or "").split()) or translate(default)

    def check_videos(self, videos: tuple[ClipVideo, ...]) -> None:
        """Subclasses add rules about how their videos go together."""

    def model(self) -> ClipModel:
        alt = " ".join((self.options.get("alt") or "").split())
        if not alt:
            raise ClipMediaError(
                ":alt: is missing; describe the motion in words for readers who cannot "
                "see the clip, e.g. ':alt: A red ball rolls from left to right.'"
            )
        videos = tuple(
            self.video(option, self.label(label_option, default))
            for option, label_option, default in self.video_options
        )
        self.check_videos(videos)
        info = videos[0].info
        strip = parse_strip(self.options.get("strip"), info)
        poster = parse_poster(self.options.get("poster"), info, strip)
        return ClipModel(
            videos=videos, strip=strip, poster=poster, alt=alt, loop="loop" in self.options
        )

    def authors_words(self, model: ClipModel) -> list[str]:
        """The alt text and the labels the author wrote, for the page's catalog; the
        labels lessonkit supplies ("Left") are in lessonkit's own."""
        labels = [
            video.label
            for video, (_, label_option, _) in zip(model.videos, self.video_options, strict=True)
            if label_option and (self.options.get(label_option) or "").strip()
        ]
        return words_to_translate([model.alt, *labels])

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure("", classes=["clip", *self.options.get("class", [])])
        self.set_source_info(figure)
        try:
            model = self.model()
        except ClipMediaError as error:
            warn(
                f"{self.name}: {error.message}; the clip is shown as a placeholder until "
                f"this is fixed",
                self.get_location(),
                "clip",
            )
            body: nodes.Element = clip_error("", message=error.message)
        else:
            body = clip(
                "",
                clip=model,
                words=self.authors_words(model),
                docname=self.env.docname,
                serial=self.env.new_serialno("lessonkit-clip"),
            )
        self.set_source_info(body)
        figure += body
        return caption_and_name(self, figure, self.arguments[0] if self.arguments else None)


class ClipCompareDirective(ClipDirective):
    option_spec: ClassVar[dict] = {
        **{name: spec for name, spec in ClipDirective.option_spec.items() if name != "source"},
        "left": directives.unchanged,
        "right": directives.unchanged,
        "left-label": directives.unchanged,
        "right-label": directives.unchanged,
    }
    video_options = (("left", "left-label", N_("Left")), ("right", "right-label", N_("Right")))

    def check_videos(self, videos: tuple[ClipVideo, ...]) -> None:
        left, right = videos
        if left.info.frame_count != right.info.frame_count:
            raise ClipMediaError(
                f"{quoted(left.source)} has {left.info.frame_count} frames and "
                f"{quoted(right.source)} has {right.info.frame_count}; the two sides play and "
                f"step together frame by frame, so give clips of equal length (e.g. trim "
                f"the longer: ffmpeg -i IN -frames:v "
                f"{min(left.info.frame_count, right.info.frame_count)} OUT.mp4)"
            )
        if left.info.fps != right.info.fps:
            raise ClipMediaError(
                f"{quoted(left.source)} runs at {fps_text(left.info.fps)} fps and "
                f"{quoted(right.source)} at {fps_text(right.info.fps)}; give clips of the same "
                f"frame rate (e.g. ffmpeg -i IN -r {fps_text(left.info.fps)} OUT.mp4)"
            )


# -- Pictures for the page being written -------------------------------------------------


@dataclass
class Pictures:
    """What one builder shows of a clip, as URIs relative to the page (HTML) or
    file names in the output folder (LaTeX)."""

    #: per video: its poster's Still and URI
    posters: list[tuple[Still, str]]
    #: per video: (Still, URI) for each strip frame
    strips: list[list[tuple[Still, str]]]
    #: per video: the video file's URI
    videos: list[str]
    qr: tuple[Still, str] | None


def cache_folder(builder: Builder) -> Path:
    configured = builder.config.lessonkit_clip_cache
    if configured:
        return Path(builder.confdir, configured)
    return Path(builder.outdir).parent / DEFAULT_CACHE_NAME


def publish(builder: Builder, source: Path, name: str) -> str:
    """Copy ``source`` into the builder's image folder; its URI from the page."""
    copy_atomically(source, Path(builder.outdir, builder.imagedir, name))
    return posixpath.join(builder.imgpath, name)


def clip_address(builder: Builder, node: clip) -> str:
    """The clip on the web edition: ``html_baseurl`` + page + ``#`` + figure id."""
    base = builder.config.html_baseurl or ""
    if not base:
        return ""
    if not base.endswith("/"):
        base += "/"
    page = quote(node["docname"]) + (builder.config.html_file_suffix or ".html")
    figure = node.parent
    anchor = ""
    if isinstance(figure, nodes.figure) and figure["ids"]:
        anchor = "#" + quote(figure["ids"][0])
    return base + page + anchor


def pictures(
    translator: Any, node: clip, *, poster: bool, strip: bool, video: bool, qr: bool
) -> Pictures:
    """Make (or reuse) what this builder shows and copy it into its output. A problem
    (the file changed or vanished since the page was read) is warned about at the
    clip and raised again, for the caller to write a placeholder."""
    builder: Builder = translator.builder
    model: ClipModel = node["clip"]
    cache = ClipCache(cache_folder(builder))
    result = Pictures(posters=[], strips=[], videos=[], qr=None)
    try:
        for clip_video in model.videos:
            path = Path(builder.srcdir, clip_video.source)
            requests = []
            if poster:
                requests.append(("poster", model.poster))
            if strip:
                requests.extend(("strip", index) for index in model.strip)
            stills = cache.frames(path, clip_video.info, requests) if requests else {}
            if poster:
                still = stills[("poster", model.poster)]
                result.posters.append((still, publish(builder, still.path, still.name)))
            if strip:
                result.strips.append(
                    [
                        (still, publish(builder, still.path, still.name))
                        for still in (stills[("strip", index)] for index in model.strip)
                    ]
                )
            if video:
                result.videos.append(publish(builder, path, video_file_name(path)))
        address = clip_address(builder, node)
        if qr and address:
            still = cache.qr_code(address)
            result.qr = (still, publish(builder, still.path, still.name))
    except (ClipMediaError, OSError) as error:
        message = getattr(error, "message", None) or str(error)
        warn(f"clip: {message}; the clip is shown as a placeholder", node, "clip")
        raise ClipMediaError(message) from None
    return result


#: At most this many frames in a row of the strip; a strip of six is two rows of three.
STRIP_MAX_COLUMNS = 4


def strip_rows(count: int) -> list[range]:
    """The strip in balanced rows of at most STRIP_MAX_COLUMNS frames, the same on the
    web, in the ePub and in print: 6 is 3 + 3, 5 is 3 + 2, 8 is 4 + 4."""
    rows = -(-count // STRIP_MAX_COLUMNS)
    columns = -(-count // rows)
    return [range(start, min(start + columns, count)) for start in range(0, count, columns)]


# -- HTML: the web player, and the ePub's strip --------------------------------------------


def html_id(node: clip, part: str) -> str:
    return nodes.make_id(f"lessonkit-clip-{node['docname']}-{node['serial']}-{part}")


def html_stamp(self, model: ClipModel, index: int) -> str:
    # Two pieces that never break inside: on a narrow screen the time goes below.
    return (
        f'<span class="clip-stamp"><span>{self.encode(model.frame_words(index))} ·</span> '
        f"<span>{self.encode(time_words(model.info.time_of(index)))}</span></span>"
    )


def html_strip(self, node: clip, model: ClipModel, strips: list, strip_id: str) -> str:
    """The strip as the PDF prints it: rows of at most four frames (the class
    ``clip-strip-columns-N`` says how many), each with its number and time."""
    columns = max(len(row) for row in strip_rows(len(model.strip)))
    rows = []
    for clip_video, frames in zip(model.videos, strips, strict=True):
        items = "".join(
            f'<li class="clip-strip-frame"><img src="{self.attval(uri)}" alt="" '
            f'width="{still.width}" height="{still.height}" />'
            f"{html_stamp(self, model, still.index)}</li>"
            for still, uri in frames
        )
        label = (
            f'<p class="clip-strip-label">{self.encode(clip_video.label)}</p>'
            if model.compare
            else ""
        )
        rows.append(
            f'<div class="clip-strip-row">{label}<ol class="clip-strip-frames">{items}</ol></div>'
        )
    return (
        f'<div class="clip-strip clip-strip-columns-{columns}" id="{strip_id}">'
        f"{''.join(rows)}</div>"
    )


def html_visit_clip(self, node: clip) -> None:
    model: ClipModel = node["clip"]
    web = is_web_page(self.builder)
    try:
        found = pictures(self, node, poster=web, strip=True, video=web, qr=False)
    except ClipMediaError as error:
        html_placeholder(self, error.message)
    description_id = html_id(node, "description")
    strip_id = html_id(node, "strip")
    out = self.body
    player_class = "clip-player clip-player-compare" if model.compare else "clip-player"
    if not web:
        # The ePub: no video and no script; the strip, and where to watch the clip.
        out.append(f'<div class="{player_class} clip-print">' + CR)
        out.append(f'<p class="clip-description">{self.encode(model.alt)}</p>' + CR)
        out.append(html_strip(self, node, model, found.strips, strip_id) + CR)
        out.append(html_watch(self, node) + CR)
        out.append("</div>" + CR)
        raise nodes.SkipNode
    readout = translate("frame {frame} of {frames} · {time}")
    fps = f"{float(model.info.fps):.6f}".rstrip("0").rstrip(".")
    out.append(
        f'<div class="{player_class}" data-fps="{fps}" '
        f'data-frames="{model.info.frame_count}" data-readout="{self.attval(readout)}" '
        f'data-seconds="{self.attval(seconds_template())}">' + CR
    )
    out.append(
        f'<p class="clip-description" id="{description_id}">{self.encode(model.alt)}</p>' + CR
    )
    out.append('<div class="clip-views">' + CR)
    for number, (clip_video, (_, poster_uri), video_uri) in enumerate(
        zip(model.videos, found.posters, found.videos, strict=True)
    ):
        out.append('<div class="clip-view">' + CR)
        labelled = ""
        if model.compare:
            label_id = html_id(node, f"label-{number}")
            out.append(
                f'<p class="clip-label" id="{label_id}">{self.encode(clip_video.label)}</p>' + CR
            )
            labelled = f' aria-labelledby="{label_id}"'
        loop = ' loop="loop"' if model.loop else ""
        media_type = WEB_CONTAINERS.get(Path(video_uri).suffix.lower())
        type_attribute = f' type="{media_type}"' if media_type else ""
        download = self.encode(translate("Download the clip"))
        out.append(
            f'<video class="clip-video" controls="controls" preload="none" '
            f'playsinline="playsinline"{loop} poster="{self.attval(poster_uri)}" '
            f'width="{clip_video.info.width}" height="{clip_video.info.height}"{labelled} '
            f'aria-describedby="{description_id}">'
            f'<source src="{self.attval(video_uri)}"{type_attribute} />'
            f'<a href="{self.attval(video_uri)}">{download}</a>'
            f"</video>" + CR
        )
        out.append("</div>" + CR)
    out.append("</div>" + CR)
    # Hidden until lessonkit-clip.js runs: without JavaScript the native controls work.
    first = readout.format(
        frame=1, frames=model.info.frame_count, time=time_words(model.info.time_of(0))
    )
    previous = self.encode(translate("Previous frame"))
    following = self.encode(translate("Next frame"))
    show = self.encode(translate("Show frames"))
    out.append(
        f'<div class="clip-controls" hidden="hidden">'
        f'<button type="button" class="clip-step" data-step="-1" aria-keyshortcuts=",">'
        f"{previous}</button>"
        f'<button type="button" class="clip-step" data-step="1" aria-keyshortcuts=".">'
        f"{following}</button>"
        f'<output class="clip-readout">{self.encode(first)}</output>'
        f'<button type="button" class="clip-strip-toggle" aria-expanded="false">'
        f"{show}</button>"
        f'<span class="clip-keys">{keys_hint(self)}</span>'
        f"</div>" + CR
    )
    # Inert until a reader presses "Show frames": nothing in a template is fetched.
    out.append(
        '<template class="clip-strip-template">'
        + html_strip(self, node, model, found.strips, strip_id)
        + "</template>"
        + CR
    )
    out.append("</div>" + CR)
    raise nodes.SkipNode


def keys_hint(self) -> str:
    words = self.encode(translate("Press {back} or {forward} to step one frame."))
    return words.format(back="<kbd>,</kbd>", forward="<kbd>.</kbd>")


def watch_words(address: str) -> str:
    if address:
        return translate("Watch the clip:")
    return translate("The web edition of this book plays this clip.")


def html_watch(self, node: clip) -> str:
    address = clip_address(self.builder, node)
    words = self.encode(watch_words(address))
    if not address:
        return f'<p class="clip-watch">{words}</p>'
    return (
        f'<p class="clip-watch">{words} '
        f'<a href="{self.attval(address)}">{self.encode(address)}</a></p>'
    )


def html_visit_clip_error(self, node: clip_error) -> None:
    html_placeholder(self, node["message"])


def html_placeholder(self, message: str) -> None:
    lead = self.encode(translate("Clip not shown:"))
    self.body.append(
        f'<div class="clip-error" role="note"><p><strong>{lead}</strong> '
        f"{self.encode(message)}</p></div>" + CR
    )
    raise nodes.SkipNode


# -- LaTeX: the strip in rows beside a QR code -----------------------------------------------

#: Frames are sized as if a row held at least this many, so two frames are not huge.
LATEX_MIN_SLOTS = 4
#: The strip's share of the line when a QR code sits beside it, and the gaps.
LATEX_STRIP_SHARE = 0.76
LATEX_GAP = 0.02
LATEX_QR_WIDTH = "2.6cm"


@dataclass(frozen=True)
class LatexStripGeometry:
    r"""The strip's width as a share of the line, and a frame's and a gap's as shares
    of the strip (inside its minipage, ``\linewidth`` is the strip's width)."""

    width: float
    cell: float
    gap: float


def latex_strip_geometry(columns: int, share: float) -> LatexStripGeometry:
    slots = max(columns, LATEX_MIN_SLOTS)
    cell = (share - LATEX_GAP * (slots - 1)) / slots
    width = columns * cell + (columns - 1) * LATEX_GAP
    # Shares rounded down, so a row is never wider than the strip.
    return LatexStripGeometry(
        width=width,
        cell=math.floor(cell / width * 10**4) / 10**4,
        gap=math.floor(LATEX_GAP / width * 10**4) / 10**4,
    )


def latex_graphic(name: str, width: str) -> str:
    # {{name}.ext}: a file name with dots or hyphens reaches graphicx whole.
    base, extension = posixpath.splitext(name)
    return rf"\includegraphics[width={width}]{{{{{base}}}{extension}}}"


def latex_framed(name: str) -> str:
    """A strip frame inside a thin rule, so a white frame keeps its edge on paper."""
    return (
        r"{\setlength{\fboxsep}{0pt}\setlength{\fboxrule}{0.4pt}\fbox{"
        + latex_graphic(name, r"\dimexpr\linewidth-0.8pt\relax")
        + "}}"
    )


def latex_visit_clip(self, node: clip) -> None:
    model: ClipModel = node["clip"]
    try:
        found = pictures(self, node, poster=False, strip=True, video=False, qr=True)
    except ClipMediaError as error:
        latex_placeholder(self, error.message)
    rows = strip_rows(len(model.strip))
    geometry = latex_strip_geometry(
        max(len(row) for row in rows), LATEX_STRIP_SHARE if found.qr else 1.0
    )
    out = self.body
    out.append(CR + rf"\begin{{minipage}}[c]{{{geometry.width:.4f}\linewidth}}\raggedright" + CR)
    for row_number, row in enumerate(rows):
        if row_number:
            out.append(r"\par\medskip" + CR)
        for side, (clip_video, frames) in enumerate(zip(model.videos, found.strips, strict=True)):
            if model.compare:
                if side:
                    out.append(r"\par\smallskip" + CR)
                out.append(
                    r"{\scriptsize\bfseries " + self.encode(clip_video.label) + r"}\par" + CR
                )
            # In a comparison the stamps go under the lower row only: the rows align.
            stamped = side == len(model.videos) - 1
            # One box per row: a row never wraps, whatever the rounding of widths.
            out.append(r"\noindent\makebox[\linewidth][l]{%" + CR)
            for position, index in enumerate(row):
                still, name = frames[index]
                if position:
                    out.append(rf"\hspace{{{geometry.gap:.4f}\linewidth}}")
                stamp = ""
                if stamped:
                    stamp = (
                        r"\\[1pt]{\scriptsize "
                        + self.encode(model.frame_words(still.index))
                        + r"\enspace "
                        + self.encode(time_words(model.info.time_of(still.index)))
                        + "}"
                    )
                out.append(
                    rf"\begin{{minipage}}[t]{{{geometry.cell:.4f}\linewidth}}\centering"
                    + latex_framed(name)
                    + stamp
                    + r"\end{minipage}%"
                    + CR
                )
            out.append("}" + CR)
    out.append(r"\end{minipage}")
    address = clip_address(self.builder, node)
    if found.qr:
        still, name = found.qr
        out.append(
            rf"\hspace{{{LATEX_GAP * 2:.2f}\linewidth}}"
            r"\begin{minipage}[c]{"
            + LATEX_QR_WIDTH
            + r"}\centering"
            + latex_graphic(name, r"\linewidth")
            + r"\\{\scriptsize "
            + self.encode(translate("Scan to watch"))
            + r"}\end{minipage}"
            + CR
        )
    out.append(r"\par\medskip" + CR + r"{\small " + self.encode(watch_words(address)))
    if address:
        out.append(r" \sphinxurl{" + self.encode_uri(address) + "}")
    out.append("}" + CR)
    raise nodes.SkipNode


def latex_visit_clip_error(self, node: clip_error) -> None:
    latex_placeholder(self, node["message"])


def latex_placeholder(self, message: str) -> None:
    self.body.append(
        CR
        + r"\fbox{\parbox{0.9\linewidth}{\textbf{"
        + self.encode(translate("Clip not shown:"))
        + "} "
        + self.encode(message)
        + "}}"
        + CR
    )
    raise nodes.SkipNode


# -- Plain text and everything else ------------------------------------------------------


def text_visit_clip(self, node: clip) -> None:
    model: ClipModel = node["clip"]
    self.new_state(0)
    self.add_text(model.alt)
    self.end_state()
    lines = []
    if model.compare:
        left, right = (video.label for video in model.videos)
        lines.append(translate("Left: {left}. Right: {right}.").format(left=left, right=right))
    lines.extend(f"- {model.stamp(index)}" for index in model.strip)
    address = clip_address(self.builder, node)
    lines.append(f"{watch_words(address)} {address}".rstrip())
    self.new_state(0)
    # A wrapped address cannot be copied into a browser.
    self.add_text(CR.join(lines))
    self.end_state(wrap=False)
    raise nodes.SkipNode


def text_visit_clip_error(self, node: clip_error) -> None:
    self.new_state(0)
    lead = translate("Clip not shown:")
    self.add_text(f"[{lead} {node['message']}]")
    self.end_state()
    raise nodes.SkipNode


def fallback_visit_clip(self, node: clip) -> None:
    """man, texinfo and any builder without pictures: the description and address."""
    model: ClipModel = node["clip"]
    address = clip_address(self.builder, node)
    write_as_paragraph(self, node, f"{model.alt} {watch_words(address)} {address}".rstrip())
    raise nodes.SkipNode


def fallback_visit_clip_error(self, node: clip_error) -> None:
    lead = translate("Clip not shown:")
    write_as_paragraph(self, node, f"{lead} {node['message']}")
    raise nodes.SkipNode


def add_clip_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if is_web_page(app.builder) and doctree is not None and doctree.next_node(clip):
        app.add_js_file(SCRIPT_FILE, defer="defer")


def setup_clip(app: Sphinx) -> None:
    # A folder, relative to conf.py, keeping clips' posters, strip frames and QR codes
    # between builds; empty: .lessonkit-clips beside the output folder.
    app.add_config_value("lessonkit_clip_cache", "", "", types=frozenset({str}))
    add_node_everywhere(
        app,
        clip,
        html=(html_visit_clip, None),
        latex=(latex_visit_clip, None),
        text=(text_visit_clip, None),
        fallback=(fallback_visit_clip, None),
    )
    add_node_everywhere(
        app,
        clip_error,
        html=(html_visit_clip_error, None),
        latex=(latex_visit_clip_error, None),
        text=(text_visit_clip_error, None),
        fallback=(fallback_visit_clip_error, None),
    )
    app.add_directive("clip", ClipDirective)
    app.add_directive("clip-compare", ClipCompareDirective)
    app.connect("html-page-context", add_clip_script)
