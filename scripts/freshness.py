"""List every dated claim in the book, oldest first, and flag the stale ones.

    python scripts/freshness.py                   (make freshness)
    python scripts/freshness.py --strict          (exit 1 if any claim is stale)
    python scripts/freshness.py --max-age 6       (stale after 6 months, not 9)

A dated claim is a sentence with ``{as-of}`2026-11``` (lessonkit's freshness
module). The script builds the book with Sphinx's ``dummy`` builder into a
temporary folder, which reads every page and writes nothing, then reads the
claims from the lesson register in the pickled build environment: file, line,
month, the paragraph and the sources it cites. A claim is stale when its month
lies more than ``--max-age`` months before this month (``--today`` to pretend
another day). The report exits 0 unless ``--strict`` is given and a claim is
stale, so maintainers can run the strict form before a release.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MAX_AGE = 9


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--srcdir", type=Path, default=REPO / "docs", help="the book's pages")
    parser.add_argument("--confdir", type=Path, default=REPO, help="the folder that holds conf.py")
    parser.add_argument(
        "--max-age",
        type=int,
        default=DEFAULT_MAX_AGE,
        metavar="MONTHS",
        help=f"flag claims older than this many months (default {DEFAULT_MAX_AGE})",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="the day to measure ages from (default: today)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if any claim is stale (before a release)"
    )
    args = parser.parse_args(argv)
    if args.max_age < 0:
        parser.error("--max-age must be 0 or more months")
    return args


def read_claims(srcdir: Path, confdir: Path) -> list[dict[str, Any]]:
    """Build with the dummy builder and return every claim of the register."""
    with tempfile.TemporaryDirectory(prefix="stream-freshness-") as tmp:
        doctrees = Path(tmp) / "doctrees"
        command = [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-c", str(confdir),
                   "-d", str(doctrees), str(srcdir), str(Path(tmp) / "out")]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            raise SystemExit(f"freshness: the book did not build (sphinx exit {result.returncode})")
        # The environment pickles lessonkit's classes: import them from the project.
        sys.path.insert(0, str(REPO / "extensions"))
        with (doctrees / "environment.pickle").open("rb") as file:
            env = pickle.load(file)
    claims: list[dict[str, Any]] = []
    for docname, page_claims in env.domaindata["lesson"]["dated_claims"].items():
        for claim in page_claims:
            claims.append({**claim, "docname": docname})
    return claims


def months_old(date: str, today: dt.date) -> int:
    year, month = (int(part) for part in date.split("-"))
    return (today.year - year) * 12 + (today.month - month)


def display_path(srcdir: Path, file: str) -> str:
    path = (srcdir / file).resolve()
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def report(claims: list[dict[str, Any]], srcdir: Path, today: dt.date, max_age: int) -> int:
    """Print the report; return the number of stale claims."""
    claims = sorted(claims, key=lambda claim: (claim["date"], claim["file"], claim["line"]))
    stale = [claim for claim in claims if months_old(claim["date"], today) > max_age]
    print(
        f"{len(claims)} dated claims, oldest first; {len(stale)} older than {max_age} months "
        f"on {today.isoformat()} are marked STALE."
    )
    for claim in claims:
        age = months_old(claim["date"], today)
        mark = "STALE" if age > max_age else "ok"
        where = f"{display_path(srcdir, claim['file'])}:{claim['line']}"
        cites = ", ".join(claim["keys"]) if claim["keys"] else "no citation in the paragraph"
        old = "1 month" if age == 1 else f"{age} months"
        print(f"\n{claim['date']}  {mark:<5}  {where}  ({old} old)")
        print(f"    {claim['sentence']}")
        print(f"    cites: {cites}")
    return len(stale)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    srcdir = args.srcdir.resolve()
    claims = read_claims(srcdir, args.confdir.resolve())
    stale = report(claims, srcdir, args.today, args.max_age)
    if args.strict and stale:
        print(f"\n{stale} stale claims: check each against its source and update its month.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
