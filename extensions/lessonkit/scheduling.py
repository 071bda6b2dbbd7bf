"""Balanced parallel reading: give each reading process a fair share of the work.

With ``-j N`` Sphinx cuts the list of pages to read into consecutive chunks and
reads each chunk in its own process. The list is in name order, so the lessons,
which are the heaviest pages (citations, diagrams, boxes), end up together in the
last chunks while the first process reads the light reference pages and waits.
Before reading, this reorders the list (through Sphinx's ``env-before-read-docs``
hook, made for this) so that each chunk Sphinx will cut holds about the same
amount of source text. A serial build reads the same pages; only their order
changes, and nothing a page shows depends on it.
"""

from __future__ import annotations

from math import sqrt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Sphinx's own batch size for parallel reading (sphinx.util.parallel.make_chunks).
MAX_BATCH = 10


def chunk_sizes(count: int, processes: int) -> list[int]:
    """How many pages each chunk holds, as sphinx.util.parallel.make_chunks cuts them."""
    size = count // processes
    if size >= MAX_BATCH:
        size = int(sqrt(count / processes * MAX_BATCH))
    size = max(size, 1)
    full, rest = divmod(count, size)
    return [size] * full + ([rest] if rest else [])


def balanced_order(weights: dict[str, int], processes: int) -> list[str]:
    """The pages in an order whose consecutive chunks carry about equal weight.

    Heaviest first, each page goes to the lightest chunk that still has room
    (longest-processing-time scheduling); ties are broken by name, so the order is
    the same in every build.
    """
    sizes = chunk_sizes(len(weights), processes)
    chunks: list[list[str]] = [[] for _ in sizes]
    loads = [0] * len(sizes)
    for page in sorted(weights, key=lambda name: (-weights[name], name)):
        open_chunks = [index for index, size in enumerate(sizes) if len(chunks[index]) < size]
        target = min(open_chunks, key=lambda index: (loads[index], index))
        chunks[target].append(page)
        loads[target] += weights[page]
    return [page for chunk in chunks for page in sorted(chunk)]


def balance_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel < 2 or len(docnames) < 2:
        return
    weights = {}
    for docname in docnames:
        try:
            weights[docname] = Path(env.doc2path(docname)).stat().st_size
        except OSError:
            weights[docname] = 0
    docnames[:] = balanced_order(weights, app.parallel)


def setup_scheduling(app: Sphinx) -> None:
    app.connect("env-before-read-docs", balance_reading)
