"""The command line: ``python -m streamlab make NAME --seed N --out FILE [options]``,
``python -m streamlab measure FILE [--json]`` and ``python -m streamlab list``.

Every mistake a user can make ends in one line on stderr and a non-zero exit status
(2 for a malformed command line, 1 for anything else); never a traceback, unless
``STREAMLAB_DEBUG=1`` asks for one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .errors import LabError
from .generators import GENERATORS, Generator, check_output, make
from .progress import StderrProgress


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is a single line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"streamlab: error: {message} (try --help)\n")
        raise SystemExit(2)


def _option_type(param):
    def convert(text: str):
        try:
            return param.coerce(text)
        except LabError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    convert.__name__ = param.kind.__name__
    return convert


def _add_generator(subparsers, generator: Generator) -> None:
    kinds = (
        "FILE.mp4, or .png/.pdf for a strip of frames"
        if generator.kind == "clip"
        else "FILE.png or FILE.pdf"
    )
    sub = subparsers.add_parser(
        generator.name,
        help=generator.summary,
        description=f"{generator.summary}. (Lesson {generator.lesson}.)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    sub.add_argument("--out", required=True, metavar="FILE", help=f"where to write: {kinds}")
    for param in generator.params:
        metavar = "N" if param.kind is int else "X"
        sub.add_argument(
            param.flag,
            dest=param.name,
            type=_option_type(param),
            default=param.default,
            metavar=metavar,
            help=f"{param.help} [{param.low:g} to {param.high:g}]",
        )


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="python -m streamlab",
        description="The Stream lab: a real video sampler on a Gaussian mixture of template clips, "
        "and the metrics the book teaches.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser
    )
    make_parser = commands.add_parser(
        "make",
        help="make a clip or figure",
        description="Make a clip (MP4) or figure (PNG/PDF). Same options and seed, same bytes.",
    )
    generators = make_parser.add_subparsers(
        dest="name", required=True, metavar="NAME", parser_class=OneLineParser
    )
    for generator in GENERATORS.values():
        _add_generator(generators, generator)
    measure_parser = commands.add_parser(
        "measure",
        help="measure a video: flicker, warp error, identity drift, flashes",
        description="Measure a video file: flicker (mean absolute change between frames, 0-1), "
        "flicker_static (the same where nothing moves), warp_error (mean squared error after "
        "following the estimated motion), identity_drift (largest change of the subject's mean "
        "colour from frame 0), and a WCAG 2.3.1 flash check.",
    )
    measure_parser.add_argument("file", metavar="FILE", help="a video file")
    measure_parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    commands.add_parser("list", help="list the generators", description="List the generators.")
    return parser


def _print_measure(result: dict) -> None:
    flash = result["flashes"]
    verdict = "pass" if flash["passed"] else "FAIL"
    lines = [
        f"file            {result['file']}",
        f"clip            {result['width']}x{result['height']}, {result['frames']} frames at {result['fps']:g} fps ({result['seconds']:g} s)",
        f"flicker         {result['flicker']:.5f}",
        f"flicker_static  {result['flicker_static']:.5f}",
        f"warp_error      {result['warp_error']:.6f}",
        f"identity_drift  {result['identity_drift']:.4f}",
        f"flashes         {verdict}: at most {flash['general_flashes']:g} general and {flash['red_flashes']:g} red flashes "
        f"per second on any pixel; flashing area {100 * flash['general_area']:.1f}% (general), "
        f"{100 * flash['red_area']:.1f}% (red) of a 10-degree field (limit 25%)",
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            for generator in GENERATORS.values():
                print(
                    f"{generator.name:15} {generator.kind:6} lesson {generator.lesson}  {generator.summary}"
                )
            return 0
        if args.command == "measure":
            from . import measure

            progress = StderrProgress(f"measure {args.file}")
            result = measure(args.file, progress=progress)
            progress.finish()
            if args.json:
                print(json.dumps(result, indent=2))
            else:
                _print_measure(result)
            return 0
        generator = GENERATORS[args.name]
        params = {param.name: getattr(args, param.name) for param in generator.params}
        out = check_output(args.name, args.out)
        progress = StderrProgress(f"make {args.name}")
        started = time.monotonic()
        make(args.name, out, progress=progress, **params)
        progress.finish(f"wrote {out} in {time.monotonic() - started:.1f} s")
        return 0
    except LabError as error:
        sys.stderr.write(f"streamlab: error: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("streamlab: interrupted\n")
        return 130
    except Exception as error:  # a bug: still one line, the traceback on request
        if os.environ.get("STREAMLAB_DEBUG"):
            raise
        message = str(error).splitlines()[0] if str(error) else ""
        sys.stderr.write(
            f"streamlab: internal error: {type(error).__name__}: {message} (STREAMLAB_DEBUG=1 shows the traceback)\n"
        )
        return 1
