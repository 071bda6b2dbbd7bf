"""The Stream benchmark: page weight, Lighthouse, build times, scaling, diagram launches.

Run it with ``make bench``. Every number comes from this run, on this machine, next
to a stock sphinx-book-theme book (``bench/stock/``) built in the same run with the
same packages, so a change can be judged against the baseline rather than against
a number remembered from another machine. It prints one Markdown table per part.

Lighthouse needs ``make bench-tools`` (the npm package ``lighthouse``, driving
Debian's Chromium); without it, or with ``--quick``, that part is skipped and
says so. Nothing here runs in ``make test``: timings belong to a benchmark.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from page_weight import page_weight

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DOCS = REPO / "docs"
STOCK = BENCH / "stock"
LESSON = "lessons/01-video-is-not-image-generation-repeated"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Targets from the speed issue; the table says whether each is met.
PAGE_BUDGET = 200_000
STOCK_RATIO = 0.3
PARALLEL_RATIO = 0.75
SCALING_RATIO = 11.0


def sphinx(
    source: Path, out: Path, *extra: str, confdir: Path = REPO, env: dict | None = None
) -> float:
    """Build html once; return the wall-clock seconds. A failed build stops the bench."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(confdir),
               "-d", str(out.parent / f"{out.name}.doctrees"), *extra, str(source), str(out)]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"bench: the build of {source} failed:\n{result.stderr[-3000:]}")
    return elapsed


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    sys.stdout.flush()


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


# -- page weight -----------------------------------------------------------------


def weight_rows(ours: Path, stock: Path) -> list[tuple]:
    stock_total = sum(page_weight(stock / "index.html", stock).values())
    rows = []
    for label, page in (
        ("lesson 01", f"{LESSON}.html"),
        ("front page", "index.html"),
        ("glossary", "glossary.html"),
    ):
        weights = page_weight(ours / page, ours)
        total = sum(weights.values())
        heaviest = max(weights, key=weights.get)
        ratio = total / stock_total
        ok = total <= PAGE_BUDGET and ratio <= STOCK_RATIO
        rows.append(
            (
                label,
                f"{total:,}",
                f"{ratio:.2f}×",
                f"{heaviest} ({weights[heaviest]:,})",
                verdict(ok),
            )
        )
    rows.append(("stock page", f"{stock_total:,}", "1.00×", "", ""))
    return rows


# -- Lighthouse --------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzipped, as a real host does, so Lighthouse sees transfer sizes."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return BytesIO(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def lighthouse(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": CHROMIUM or ""},
            check=True, capture_output=True,
        )  # fmt: skip
        result = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: value["score"] for key, value in result["categories"].items()}
    scores["bytes"] = result["audits"]["total-byte-weight"]["numericValue"]
    scores["fcp"] = result["audits"]["first-contentful-paint"]["numericValue"] / 1000
    return scores


def lighthouse_rows(ours: Path, stock: Path) -> list[tuple]:
    """Every lesson page (the targets hold for each), then the stock page."""
    lessons = sorted(path.stem for path in (DOCS / "lessons").glob("[0-9][0-9]-*.md"))
    pages = [(f"Stream lesson {name[:2]}", ours, f"lessons/{name}.html") for name in lessons]
    rows = []
    for label, folder, page in [*pages, ("stock page", stock, "index.html")]:
        with serve(folder) as root:
            scores = lighthouse(root + page)
        rows.append(
            (
                label,
                f"{scores['bytes']:,.0f}",
                f"{scores['performance']:.2f}",
                f"{scores['accessibility']:.2f}",
                f"{scores['best-practices']:.2f}",
                f"{scores['seo']:.2f}",
                f"{scores['fcp']:.1f} s",
            )
        )
    return rows


# -- build times -------------------------------------------------------------------


def build_rows(work: Path, runs: int) -> list[tuple]:
    def clean(jobs: str) -> float:
        out = work / f"clean-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work / f"clean-{jobs}.doctrees", ignore_errors=True)
        return sphinx(DOCS, out, "-j", jobs)

    # Serial and parallel builds take turns, and the ratio is the median of each pair's:
    # on a shared machine the speed drifts over a minute, and a drift would otherwise
    # land on whichever of the two ran later.
    serial_runs, parallel_runs = [], []
    for _ in range(runs):
        serial_runs.append(clean("1"))
        parallel_runs.append(clean("2"))
    serial = statistics.median(serial_runs)
    parallel = statistics.median(parallel_runs)
    ratio = statistics.median(p / s for p, s in zip(parallel_runs, serial_runs, strict=True))
    noop = median_of(runs, lambda: sphinx(DOCS, work / "clean-1", "-j", "1"))

    # An edit in a copy of the book, so the repository is never touched.
    copy = work / "edited-src"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(DOCS, copy)
    sphinx(copy, work / "edited")
    lesson = copy / f"{LESSON}.md"
    original = lesson.read_text(encoding="utf-8")

    def edit_once() -> float:
        text = lesson.read_text(encoding="utf-8")
        lesson.write_text(text + "\nOne more sentence for the benchmark.\n", encoding="utf-8")
        return sphinx(copy, work / "edited")

    edited = median_of(runs, edit_once)
    lesson.write_text(original, encoding="utf-8")
    return [
        ("clean, -j 1", f"{serial:.1f} s", "1.00", ""),
        ("clean, -j 2", f"{parallel:.1f} s", f"{ratio:.2f}", verdict(ratio <= PARALLEL_RATIO)),
        ("no-op rebuild", f"{noop:.1f} s", f"{noop / serial:.2f}", ""),
        ("one lesson edited", f"{edited:.1f} s", f"{edited / serial:.2f}", ""),
    ]  # fmt: skip


# -- scaling -----------------------------------------------------------------------

LESSON_ENTRY = re.compile(r"^lessons/(\d\d)-[\w-]+$", re.MULTILINE)
DEFINED_NAME = re.compile(r"^:(?:label|name):\s*(\S+)\s*$", re.MULTILINE)


def synthetic_book(folder: Path, lessons: int) -> Path:
    """The book with its lessons copied and renumbered to ``lessons`` lessons.

    Each copy's own labels get a suffix, so that no two copies define one label.
    """
    shutil.copytree(DOCS, folder)
    originals = sorted((folder / "lessons").glob("[0-9][0-9]-*.md"))
    entries = []
    for number in range(1, lessons + 1):
        source = originals[(number - 1) % len(originals)]
        slug = source.stem[3:]
        name = f"{number:03d}-{slug}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^lesson:\s*\d+", f"lesson: {number}", text, count=1, flags=re.M)
        if number > len(originals):
            for label in set(DEFINED_NAME.findall(text)):
                text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-{number}", text)
        (folder / "lessons" / f"{name}.md").write_text(text, encoding="utf-8")
        entries.append(f"lessons/{name}")
    for source in originals:
        source.unlink()
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8")
    first = LESSON_ENTRY.search(text)
    last = list(LESSON_ENTRY.finditer(text))[-1]
    index.write_text(text[: first.start()] + "\n".join(entries) + text[last.end() :], "utf-8")
    return folder


def scaling_rows(work: Path) -> list[tuple]:
    times = {}
    for lessons in (10, 100):
        source = synthetic_book(work / f"book-{lessons}", lessons)
        # Without -W: copied lessons repeat glossary links and citations, which is fine.
        times[lessons] = sphinx(source, work / f"book-{lessons}-html")
    ratio = times[100] / times[10]
    return [
        ("10 lessons", f"{times[10]:.1f} s", "1.0×", ""),
        ("100 lessons", f"{times[100]:.1f} s", f"{ratio:.1f}×", verdict(ratio <= SCALING_RATIO)),
    ]


# -- diagram launches ------------------------------------------------------------------


def launch_rows(work: Path) -> list[tuple]:
    cache = work / "diagram-cache"
    log = work / "launches.log"
    env = {**os.environ, "LESSONKIT_DIAGRAM_LOG": str(log)}
    rows = []
    for label in ("cold cache", "warm cache"):
        log.write_text("", encoding="utf-8")
        out = work / f"diagrams-{label.split()[0]}"
        sphinx(DOCS, out, "-D", f"lessonkit_diagram_cache={cache}", env=env)
        launches = len(log.read_text(encoding="utf-8").splitlines())
        rows.append((label, launches, verdict(launches == 0) if label == "warm cache" else ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip Lighthouse and scaling")
    parser.add_argument("--runs", type=int, default=5, help="builds per timing (median)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stream-bench-") as folder:
        work = Path(folder)
        print(f"# Stream benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
        ours, stock = work / "ours", work / "stock"
        sphinx(DOCS, ours)
        sphinx(STOCK, stock, confdir=STOCK)
        table(
            "Page weight (gzip, page and every asset it loads)",
            ("page", "bytes", "× stock", "heaviest file", "≤ 200 KB and ≤ 0.3×"),
            weight_rows(ours, stock),
        )
        if arguments.quick or not LIGHTHOUSE.exists() or not CHROMIUM:
            print("\nLighthouse: skipped (run `make bench-tools` once, and drop --quick)")
        else:
            table(
                "Lighthouse (mobile, served gzipped from 127.0.0.1)",
                ("page", "bytes", "performance", "accessibility", "best practices", "SEO", "FCP"),
                lighthouse_rows(ours, stock),
            )
        table(
            f"Build times (html, median of {arguments.runs}, diagrams cached)",
            ("build", "time", "× clean -j 1", "≤ 0.75×"),
            build_rows(work, arguments.runs),
        )
        if arguments.quick:
            print("\nScaling: skipped (--quick)")
        else:
            table(
                "Scaling (synthetic books)",
                ("book", "clean build", "ratio", "≤ 11×"),
                scaling_rows(work),
            )
        table(
            "Diagram renderer launches (clean build)",
            ("cache", "launches", "none"),
            launch_rows(work),
        )


if __name__ == "__main__":
    main()
