"""The lab in the book: clips, figures and numbers that streamlab makes while the book
builds, so that what a page shows and what its prose says come from the same run.

- A clip's video option (``:source:``, ``:left:``, ``:right:``) may name a lab clip
  instead of a file: ``lab:per-frame seed=0 frames=48``. The clip directive calls
  :func:`lab_clip` through ``clip.resolve_source``.
- ``lab-figure`` shows one of the lab's static figures (PNG on the web and in the ePub,
  vector PDF in LaTeX, the alt text in plain text) as a numbered figure.
- ``{lab}`` prints a number the lab computed, e.g. ``{lab}`flicker_comparison.flicker_ratio.min:.0f```
  or ``{lab}`measure(per-frame seed=0).flicker:.4f```: see :func:`parse_number`.

Everything is made once and kept by content in ``lessonkit_lab_cache`` (the key covers
the parameters and the lab's source code), written atomically so parallel readers can
share it; a page that uses the lab depends on the lab's source files, so editing the lab
rereads exactly those pages. Every problem is a located ``lessonkit.lab`` warning with
a hint, and the page shows what the author wrote instead of a number.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .shared import (
    PASS_THROUGH,
    add_node_everywhere,
    caption_and_name,
    depart_pass,
    figure_description,
    logger,
    translate,
    warn,
    write_as_paragraph,
    write_as_text_block,
)

PREFIX = "lab:"
#: The cache folder when ``lessonkit_lab_cache`` is empty: beside the output folder.
DEFAULT_CACHE_NAME = ".lessonkit-lab"
#: The experiments a ``{lab}`` number may quote (streamlab.experiments), and measure.
EXPERIMENTS = (
    "flicker_comparison",
    "compression_quality",
    "drift_curve",
    "frechet_vs_n",
    "content_bias",
    "flow_2d_landing",
)
MEASURE = "measure"
#: Steps of a number's path that summarise a list.
SUMMARIES = {
    "min": min,
    "max": max,
    "mean": lambda values: sum(values) / len(values),
    "first": lambda values: values[0],
    "last": lambda values: values[-1],
    "count": len,
}


class LabProblem(Exception):
    """Something the author can fix; ``message`` says what and how."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def streamlab():
    """The lab package, or a LabProblem saying how to install it."""
    try:
        import streamlab as lab
    except ImportError as error:  # pragma: no cover - the project installs it
        raise LabProblem(
            f"the lab (streamlab) cannot be imported ({error}); install the project "
            f"with `make venv` or `pip install -e .`"
        ) from None
    return lab


def lab_sources() -> list[Path]:
    return sorted(Path(streamlab().__file__).parent.glob("*.py"))


def depend_on_lab(env: BuildEnvironment) -> None:
    """Reread the page when the lab's code changes: its clips and numbers may too."""
    for path in lab_sources():
        env.note_dependency(str(path))


def cache_folder(env: BuildEnvironment) -> Path:
    folder = Path(env.lessonkit_lab_folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def locate_cache(app: Sphinx) -> None:
    """Where the lab keeps what it made, for this build (the directives and roles see
    only the environment, which remembers no folders of its own)."""
    configured = app.config.lessonkit_lab_cache
    folder = (
        Path(app.confdir, configured)
        if configured
        else Path(app.outdir).parent / DEFAULT_CACHE_NAME
    )
    app.env.lessonkit_lab_folder = str(folder)


@dataclass(frozen=True)
class LabRequest:
    """``NAME key=value ...`` as an author writes it after ``lab:``."""

    name: str
    params: dict[str, str]

    @classmethod
    def parse(cls, text: str, example: str) -> LabRequest:
        words = text.split()
        if not words:
            raise LabProblem(f"name a lab generator after {PREFIX!r}, {example}")
        name, *pairs = words
        params: dict[str, str] = {}
        for pair in pairs:
            key, equals, value = pair.partition("=")
            if not equals or not key or not value:
                raise LabProblem(
                    f"{pair!r} is not key=value; write each parameter as key=value with no "
                    f"spaces, {example}"
                )
            params[key] = value
        return cls(name, params)


def _made_atomically(folder: Path, finals: list[Path], make) -> None:
    """Run ``make(paths)`` into temporary names in ``folder``, then move each into place,
    so a reader in another process sees a whole file or none."""
    with tempfile.TemporaryDirectory(dir=folder, prefix=".making-") as scratch:
        temporary = [Path(scratch, final.name) for final in finals]
        make(temporary)
        for made, final in zip(temporary, finals, strict=True):
            os.replace(made, final)


def lab_output(env: BuildEnvironment, request: LabRequest, suffixes: tuple[str, ...]) -> list[Path]:
    """The lab's output for ``request``, one file per suffix, made if not cached."""
    lab = streamlab()
    generator = lab.GENERATORS.get(request.name)
    if generator is None:
        raise LabProblem(
            f"the lab has no generator {request.name!r}; generators: {', '.join(lab.GENERATORS)} "
            f"(python -m streamlab list describes each)"
        )
    try:
        key = lab.cache_key(request.name, **request.params)
    except lab.LabError as error:
        raise LabProblem(f"{error} (python -m streamlab make {request.name} --help)") from None
    folder = cache_folder(env)
    finals = [folder / f"{request.name}-{key}{suffix}" for suffix in suffixes]
    if not all(path.is_file() for path in finals):
        logger.info("lab: making %s %s", request.name, key[:12])

        def make(paths: list[Path]) -> None:
            lab.make(request.name, paths, **request.params)

        try:
            _made_atomically(folder, finals, make)
        except lab.LabError as error:
            raise LabProblem(str(error)) from None
    depend_on_lab(env)
    return finals


def lab_clip(env: BuildEnvironment, text: str, option: str) -> Path:
    """The MP4 of a clip source written ``lab:NAME key=value ...``."""
    example = f"e.g. ':{option}: lab:joint seed=0'"
    request = LabRequest.parse(text[len(PREFIX) :], example)
    lab = streamlab()
    generator = lab.GENERATORS.get(request.name)
    if generator is not None and generator.kind != "clip":
        raise LabProblem(
            f"the lab's {request.name!r} makes a still figure, not a clip; show it with the "
            f"lab-figure directive (':source: lab:{request.name}')"
        )
    return lab_output(env, request, (".mp4",))[0]


def flash_problem(env: BuildEnvironment, video: Path) -> str | None:
    """Why ``video`` may harm a reader with photosensitive epilepsy (WCAG 2.3.1), or None.
    Kept by the file's content, so a clip is checked once."""
    try:
        lab = streamlab()
    except LabProblem:
        return None
    from .clip_media import file_digest

    record = cache_folder(env) / f"flashes-{file_digest(video)[:32]}.json"
    if record.is_file():
        result = json.loads(record.read_text(encoding="utf-8"))
    else:
        try:
            result = lab.flashes(video).as_dict()
        except (lab.LabError, OSError, ValueError):
            return None  # the clip's own checks report a file that cannot be decoded
        _write_json(record, result)
    if result.get("passed", True):
        return None
    return (
        f"fails the WCAG 2.3.1 three-flashes test ({result.get('general_flashes', 0):g} general "
        f"and {result.get('red_flashes', 0):g} red flashes in one second): it could trigger "
        f"seizures in readers with photosensitive epilepsy; lower the contrast of what "
        f"changes, shrink the area that flashes, or slow it to at most three flashes a "
        f"second (python -m streamlab measure FILE reports the flashes)"
    )


def _write_json(path: Path, value: Any) -> None:
    def write(paths: list[Path]) -> None:
        paths[0].write_text(json.dumps(value, sort_keys=True), encoding="utf-8")

    _made_atomically(path.parent, [path], write)


# -- lab-figure --------------------------------------------------------------------------


class lab_still(nodes.General, nodes.Element):
    """Holds a lab figure's image: the web and LaTeX show the image, plain text and the
    other formats a line saying what it shows (Sphinx's text writer would print
    "[image: ...][image]" run into the caption)."""


def still_description(node: lab_still) -> str:
    image = node.next_node(nodes.image)
    return figure_description(image["alt"] if image else "")


def text_visit_lab_still(self, node: lab_still) -> None:
    write_as_text_block(self, still_description(node))
    raise nodes.SkipNode


def html_visit_lab_still(self, node: lab_still) -> None:
    # Lesson 3's two figures weigh 140 KB; fetched with the page, they delayed its first
    # heading by half a second on Lighthouse's phone. A figure is fetched as the reader
    # scrolls to it. (Not in the ePub, which holds every file already.)
    if self.builder.name != "epub":
        for image in node.findall(nodes.image):
            image["loading"] = "lazy"


def fallback_visit_lab_still(self, node: lab_still) -> None:
    write_as_paragraph(self, node, still_description(node))
    raise nodes.SkipNode


class LabFigureDirective(SphinxDirective):
    """A numbered figure of one of the lab's static figures (or a clip's frame strip)."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "source": directives.unchanged,
        "alt": directives.unchanged,
        "name": directives.unchanged,
        "width": directives.length_or_percentage_or_unitless,
        "class": directives.class_option,
    }
    example = "e.g. ':source: lab:flow-2d seed=0'"

    def image(self) -> lab_still:
        source = (self.options.get("source") or "").strip()
        if not source.startswith(PREFIX):
            raise LabProblem(f":source: names what the lab makes, {self.example}")
        alt = " ".join((self.options.get("alt") or "").split())
        if not alt:
            raise LabProblem(
                ":alt: is missing; say in words what the figure shows, for readers who "
                "cannot see it"
            )
        request = LabRequest.parse(source[len(PREFIX) :], self.example)
        png, _pdf = lab_output(self.env, request, (".png", ".pdf"))
        # Sphinx picks a file per builder from "name.*": PNG for HTML, PDF for LaTeX.
        page_folder = Path(self.env.doc2path(self.env.docname)).parent
        uri = os.path.relpath(png.with_suffix(""), page_folder).replace(os.sep, "/") + ".*"
        image = nodes.image(uri=uri, alt=alt, candidates={})
        if "width" in self.options:
            image["width"] = self.options["width"]
        return lab_still("", image)

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure("", classes=["lab-figure", *self.options.get("class", [])])
        self.set_source_info(figure)
        try:
            body: nodes.Element = self.image()
        except LabProblem as problem:
            warn(
                f"{self.name}: {problem.message}; the figure is left out until this is fixed",
                self.get_location(),
                "lab",
            )
            body = nodes.paragraph("", f"[{self.name}: {problem.message}]")
        self.set_source_info(body)
        figure += body
        return caption_and_name(self, figure, self.arguments[0] if self.arguments else None)


# -- lab-generators ----------------------------------------------------------------------


class LabGeneratorsDirective(SphinxDirective):
    """A table of the lab's generators, from the lab itself, so the page that lists
    them cannot fall behind it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            generators = streamlab().GENERATORS
        except LabProblem as problem:
            warn(f"{self.name}: {problem.message}", self.get_location(), "lab")
            return []
        depend_on_lab(self.env)
        header = (
            # Translators: the headings of the lab's table of generators: a generator's
            # name, the lesson it serves, what it makes (a clip or a figure), what it shows.
            translate("Generator"),
            translate("Lesson"),
            translate("Makes"),
            translate("What it shows"),
        )
        kinds = {"clip": translate("a clip"), "figure": translate("a figure")}
        rows = [
            (nodes.literal(name, name), generator.lesson, kinds[generator.kind], generator.summary)
            for name, generator in generators.items()
        ]
        table = nodes.table("", classes=["lab-generators"])
        group = nodes.tgroup("", cols=len(header))
        table += group
        for width in (18, 9, 11, 62):
            group += nodes.colspec("", colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        for cells, part in [(header, head)] + [(row, body) for row in rows]:
            row_node = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                paragraph = nodes.paragraph()
                paragraph += cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
                entry += paragraph
                row_node += entry
            part += row_node
        # What each generator shows is the lab's English: a message of this page's
        # catalog, as if the author had written the table (the headings and kinds
        # are lessonkit's, already in the book's language, and without a source
        # they stay out of the catalog).
        for row_node in body.children:
            summary = row_node[-1][0]
            summary.rawsource = summary.astext()
            self.set_source_info(summary)
        self.set_source_info(table)
        return [table]


# -- {lab} numbers -----------------------------------------------------------------------

NUMBER_PATTERN = re.compile(
    r"^\s*(?P<source>[a-z_][a-z0-9_]*)\s*(?:\((?P<params>[^()]*)\))?"
    r"(?P<path>(?:\.[A-Za-z0-9_-]+)*)\s*(?::(?P<format>[^:]*))?\s*$"
)
NUMBER_EXAMPLE = (
    "e.g. {lab}`flicker_comparison.flicker_ratio.min:.0f` or "
    "{lab}`measure(per-frame seed=0).flicker:.4f`"
)


@dataclass(frozen=True)
class NumberRequest:
    source: str
    params: dict[str, str]
    path: tuple[str, ...]
    format: str | None


def parse_number(text: str) -> NumberRequest:
    """``SOURCE[(key=value ...)][.step ...][:format]``.

    SOURCE is an experiment of streamlab.experiments, or ``measure`` with a generator and
    its parameters in the parentheses. Each step indexes the result: a key of a dict, an
    index of a list (negative from the end), or min, max, mean, first, last or count of a
    list. The format is Python's (``.3f``, ``.0%``); without one, a whole number prints
    as is and any other to 3 significant digits.
    """
    match = NUMBER_PATTERN.match(text)
    if not match:
        raise LabProblem(
            f"cannot read {text!r}; write SOURCE(key=value ...).path:format, {NUMBER_EXAMPLE}"
        )
    source = match["source"]
    if source not in (*EXPERIMENTS, MEASURE):
        raise LabProblem(
            f"{source!r} is not something the lab computes; write one of "
            f"{', '.join((*EXPERIMENTS, MEASURE))}, {NUMBER_EXAMPLE}"
        )
    params_text = (match["params"] or "").strip()
    path = tuple(step for step in match["path"].split(".") if step)
    if not path:
        raise LabProblem(f"say which number of {source} to print after a dot, {NUMBER_EXAMPLE}")
    if source == MEASURE:
        request = LabRequest.parse(params_text, "e.g. measure(joint seed=0)")
        params = {"generator": request.name, **request.params}
    else:
        params = LabRequest.parse(f"{source} {params_text}", NUMBER_EXAMPLE).params
    return NumberRequest(source, params, path, match["format"])


def _typed(default: Any, key: str, text: str) -> Any:
    """``text`` as the type of the experiment's default: 3, 0.5, or 0,1,2 for a tuple."""
    try:
        if isinstance(default, tuple | list):
            kind = type(default[0]) if default else int
            return tuple(kind(part) for part in text.split(","))
        if isinstance(default, bool):
            return text.lower() in ("1", "true", "yes")
        return type(default)(text)
    except ValueError:
        raise LabProblem(f"{key}={text!r} is not a {type(default).__name__}") from None


def experiment_result(env: BuildEnvironment, request: NumberRequest) -> Any:
    """The whole result dict of the request's experiment (or measurement), cached."""
    lab = streamlab()
    if request.source == MEASURE:
        params = dict(request.params)
        generator = params.pop("generator")
        clip = lab_clip(
            env,
            f"{PREFIX}{generator} " + " ".join(f"{k}={v}" for k, v in params.items()),
            "measure",
        )
        record = clip.with_name(clip.stem + "-measure.json")
        if not record.is_file():
            result = lab.measure(clip)
            result.pop("file", None)
            _write_json(record, result)
        return json.loads(record.read_text(encoding="utf-8"))
    function = getattr(lab, request.source)
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(function).parameters.items()
        if name != "progress"
    }
    values = {}
    for key, text in request.params.items():
        name = key.replace("-", "_")
        if name not in defaults:
            raise LabProblem(
                f"{request.source} has no parameter {key!r} (parameters: {', '.join(defaults)})"
            )
        values[name] = _typed(defaults[name], key, text)
    from streamlab.generators import source_digest

    identity = json.dumps(
        {"experiment": request.source, "params": {**defaults, **values}, "lab": source_digest()},
        sort_keys=True,
        default=list,
    )
    record = (
        cache_folder(env)
        / f"{request.source}-{hashlib.sha256(identity.encode()).hexdigest()[:32]}.json"
    )
    if not record.is_file():
        logger.info("lab: computing %s", request.source)
        try:
            result = function(**values)
        except lab.LabError as error:
            raise LabProblem(str(error)) from None
        _write_json(record, result)
    depend_on_lab(env)
    return json.loads(record.read_text(encoding="utf-8"))


def pick(result: Any, path: tuple[str, ...], shown: str) -> Any:
    value = result
    for step in path:
        if isinstance(value, dict):
            if step not in value and step.replace("-", "_") in value:
                step = step.replace("-", "_")
            if step not in value:
                raise LabProblem(
                    f"{shown}: no {step!r} here; there is {', '.join(map(str, value))}"
                )
            value = value[step]
        elif isinstance(value, list):
            if step in SUMMARIES:
                value = SUMMARIES[step](value)
                continue
            try:
                value = value[int(step)]
            except (ValueError, IndexError):
                raise LabProblem(
                    f"{shown}: {step!r} is not one of the list's {len(value)} positions "
                    f"(0 to {len(value) - 1}, or -1 for the last) nor {', '.join(SUMMARIES)}"
                ) from None
        else:
            raise LabProblem(f"{shown}: {step!r} goes past a number ({value})")
    if isinstance(value, dict | list):
        raise LabProblem(f"{shown} is not one number; add a step, e.g. .0, .min or a key")
    return value


def formatted(value: Any, spec: str | None) -> str:
    if spec:
        try:
            return format(value, spec)
        except ValueError as error:
            raise LabProblem(f"format {spec!r}: {error}") from None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (
        isinstance(value, float) and value.is_integer() and abs(value) < 1e15
    ):
        return str(int(value))
    return format(value, ".3g")


class LabNumberRole(SphinxRole):
    """``{lab}`...```: a number the lab computes while the book builds."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            request = parse_number(self.text)
            value = pick(experiment_result(self.env, request), request.path, self.text)
            text = formatted(value, request.format)
        except LabProblem as problem:
            warn(
                f"lab number: {problem.message}; the page shows what was written until this "
                f"is fixed",
                self.get_location(),
                "lab",
            )
            return [nodes.literal(self.rawtext, self.text, classes=["lab-number-error"])], []
        return [nodes.inline(self.rawtext, text, classes=["lab-number"])], []


def setup_lab(app: Sphinx) -> None:
    # A folder, relative to conf.py, keeping what the lab made (clips, figures, numbers)
    # between builds; empty: .lessonkit-lab beside the output folder.
    app.add_config_value("lessonkit_lab_cache", "", "", types=frozenset({str}))
    app.connect("builder-inited", locate_cache)
    add_node_everywhere(
        app,
        lab_still,
        html=(html_visit_lab_still, depart_pass),
        latex=PASS_THROUGH,
        text=(text_visit_lab_still, None),
        fallback=(fallback_visit_lab_still, None),
    )
    app.add_directive("lab-figure", LabFigureDirective)
    app.add_directive("lab-generators", LabGeneratorsDirective)
    app.add_role("lab", LabNumberRole())
