"""Parallel reading and writing give every process about equal work, in chunks cut where
Sphinx cuts them and run in the order Sphinx runs them."""

from __future__ import annotations

import subprocess
import sys

from lessonkit.scheduling import balanced_order, chunk_sizes, dispatch, writing_order
from sphinx.util.parallel import make_chunks


def test_chunk_sizes_are_those_sphinx_cuts():
    for count in (2, 5, 20, 21, 100, 101):
        for processes in (2, 3, 4):
            expected = [len(chunk) for chunk in make_chunks(list(range(count)), processes)]
            assert chunk_sizes(count, processes) == expected, (count, processes)


def test_heavy_pages_are_spread_over_the_chunks():
    # Ten light reference pages named first, ten heavy lessons after them: in name
    # order one process would read every lesson.
    weights = {f"a-reference-{i:02d}": 1_000 for i in range(10)}
    weights |= {f"lessons/{i:02d}": 20_000 for i in range(10)}
    order = balanced_order(weights, processes=2)
    chunks = make_chunks(order, 2)
    loads = [sum(weights[page] for page in chunk) for chunk in chunks]
    assert (sorted(order), loads) == (sorted(weights), [105_000, 105_000])


def test_dispatch_runs_waiting_chunks_as_sphinx_does():
    # Two processes start chunks 0 and 1; the waiting chunks go last-added first to
    # whichever process comes free: chunk 3 to process 0 (free at 1), then chunk 2 to
    # process 0 again (free at 2, before process 1 at 5).
    plan, end = dispatch([1, 5, 4, 1], processes=2)
    assert (plan, end) == ([[0, 3, 2], [1]], 6)


def test_every_process_gets_a_fair_share_of_an_odd_number_of_chunks():
    # 28 pages on two processes: Sphinx cuts chunks of 11, 11 and 6 pages, and one
    # process reads two of them. Equal chunks would give it two thirds of the work.
    weights = {f"reference-{i:02d}": 2_000 + 100 * i for i in range(14)}
    weights |= {f"lessons/{i:02d}": 30_000 + 1_000 * i for i in range(14)}
    order = balanced_order(weights, processes=2)
    sizes = [len(chunk) for chunk in make_chunks(order, 2)]
    assert sizes == [11, 11, 6]
    loads, start = [], 0
    for size in sizes:
        loads.append(sum(weights[page] for page in order[start : start + size]))
        start += size
    plan, end = dispatch(loads, processes=2)
    assert sorted(order) == sorted(weights)
    assert end <= 1.02 * sum(weights.values()) / 2, (plan, loads)


def test_pages_are_written_lightest_first_then_balanced():
    weights = {"index": 3_000, "tags": 200, **{f"lessons/{i}": 30_000 for i in range(6)}}
    order = writing_order(weights, processes=2)
    assert order[0] == "tags"
    assert sorted(order[1:]) == sorted(set(weights) - {"tags"})


def test_parallel_readers_start_with_what_lessonkit_imports_on_first_use(tmp_path):
    """Each reader is forked from the main process; the lab, PyAV and NumPy are
    imported there before the fork, so no reader imports them for itself. A fresh
    interpreter, since this test process may have imported them already."""
    source = tmp_path / "book"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "lessonkit"]\n')
    pages = [f"page{number}" for number in range(8)]
    toctree = "\n".join(pages)
    (source / "index.md").write_text(f"# Book\n\n```{{toctree}}\n{toctree}\n```\n")
    for page in pages:
        (source / f"{page}.md").write_text(f"# {page}\n\nText.\n")
    script = f"""
import os, sys
from pathlib import Path
from sphinx.application import Sphinx
source = Path({str(source)!r})
app = Sphinx(source, source, source / "_build", source / "_build/.doctrees", "html",
             status=None, warning=None, parallel=2)
seen = source / "seen"
def look(app, docname, text):
    with seen.open("a") as file:
        file.write(f"{{os.getpid()}} {{'streamlab' in sys.modules and 'av' in sys.modules}}\\n")
app.connect("source-read", look)
app.build()
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    readers = {
        line.split()[0]: line.split()[1] for line in (source / "seen").read_text().splitlines()
    }
    assert len(readers) >= 2 and set(readers.values()) == {"True"}
