"""Balanced parallel builds: give each reading and writing process a fair share.

With ``-j N`` Sphinx cuts the list of pages to read into consecutive chunks and
reads each chunk in its own process, N at a time: the first N chunks start at once,
and each later chunk starts when a process comes free, the last chunk first
(``sphinx.util.parallel.ParallelTasks``). The list is in name order, so the lessons,
which are the heaviest pages (citations, diagrams, boxes), end up together while
another process reads the light reference pages and waits.

Before reading, this reorders the list (through Sphinx's ``env-before-read-docs``
hook, made for this) so that every process, over all the chunks it will read, gets
about the same amount of source text. Balancing the chunks alone is not enough:
with 28 pages and two processes Sphinx cuts chunks of 11, 11 and 6 pages, and
equal chunks leave one process reading two of them while the other waits. A serial
build reads the same pages; only their order changes, and nothing a page shows
depends on it.

Writing HTML has the same problem, and one more: Sphinx writes with N - 1 processes,
because the main process must resolve each page's references before handing it on.
In this book resolving takes less than half as long as writing, so with ``-j 2`` the
main process sat idle while a single writer wrote the whole book. The ``html`` and
``dirhtml`` builders here write with N processes, and hand them the pages in a
balanced order (the first page, which Sphinx writes in the main process to warm its
caches before forking, is the lightest). ``Builder.write_documents`` is Sphinx's
documented place for a builder to change how it writes its pages.

Each process Sphinx forks starts from the main process's memory, so whatever the
main process has not loaded yet, every reader loads again for itself. lessonkit
imports the lab, PyAV, NumPy and Pillow only when a page has a clip or lab output,
which a serial build may never need; in a parallel build the first such page in
each reader paid for the imports (0.1-0.3 s, three readers for this book). So
before a parallel read, the main process imports them once, and readers share them.
"""

from __future__ import annotations

import contextlib
import importlib
from math import sqrt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
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


def dispatch(loads: list[float], processes: int) -> tuple[list[list[int]], float]:
    """Which chunks each process reads, and when the last one finishes, if chunk ``i``
    takes ``loads[i]``: as Sphinx runs them, the first ``processes`` chunks at once,
    then the waiting chunks last-added first, each on the first process to come free
    (the lower-numbered one on a tie)."""
    started = min(processes, len(loads))
    plan = [[chunk] for chunk in range(started)]
    finish = [loads[chunk] for chunk in range(started)]
    for chunk in reversed(range(started, len(loads))):
        free = min(range(started), key=lambda process: (finish[process], process))
        plan[free].append(chunk)
        finish[free] += loads[chunk]
    return plan, max(finish, default=0)


def _chunk_loads(order: list[str], weights: dict[str, int], sizes: list[int]) -> list[int]:
    loads, start = [], 0
    for size in sizes:
        loads.append(sum(weights[page] for page in order[start : start + size]))
        start += size
    return loads


def _fill(capacity: list[int], weights: dict[str, int]) -> list[list[str]]:
    """Longest-processing-time scheduling: heaviest page first, each into the lightest
    bin that still has room (bin ``i`` holds ``capacity[i]`` pages). Ties are broken by
    name, so the result is the same in every build."""
    contents: list[list[str]] = [[] for _ in capacity]
    loads = [0] * len(capacity)
    for page in sorted(weights, key=lambda name: (-weights[name], name)):
        open_bins = [index for index, room in enumerate(capacity) if len(contents[index]) < room]
        target = min(open_bins, key=lambda index: (loads[index], index))
        contents[target].append(page)
        loads[target] += weights[page]
    _even_out(contents, loads, weights)
    return contents


def _even_out(contents: list[list[str]], loads: list[int], weights: dict[str, int]) -> None:
    """Swap pages between the heaviest bin and the others while that lowers the
    heaviest load: the greedy fill can fill a small bin with heavy pages and still
    leave it lighter than a big bin of light ones. Swaps keep every bin's size."""
    for _ in range(len(weights)):
        heaviest = max(range(len(loads)), key=lambda index: (loads[index], -index))
        best = None  # (new heaviest of the pair, bin, page out, page in)
        for other in range(len(loads)):
            if other == heaviest:
                continue
            for out in contents[heaviest]:
                for into in contents[other]:
                    moved = weights[out] - weights[into]
                    if moved <= 0:
                        continue
                    worst = max(loads[heaviest] - moved, loads[other] + moved)
                    if worst < loads[heaviest] and (best is None or worst < best[0]):
                        best = (worst, other, out, into)
        if best is None:
            return
        _, other, out, into = best
        moved = weights[out] - weights[into]
        contents[heaviest][contents[heaviest].index(out)] = into
        contents[other][contents[other].index(into)] = out
        loads[heaviest] -= moved
        loads[other] += moved


def _equal_chunks(weights: dict[str, int], sizes: list[int]) -> list[str]:
    """Every chunk about the same weight."""
    chunks = _fill(sizes, weights)
    return [page for chunk in chunks for page in sorted(chunk)]


def _equal_processes(weights: dict[str, int], sizes: list[int], processes: int) -> list[str]:
    """Every process about the same weight over the chunks it will read."""
    # Which chunks each process gets, if pages weighed alike.
    plan, _ = dispatch([float(size) for size in sizes], processes)
    capacity = [sum(sizes[chunk] for chunk in chunks) for chunks in plan]
    shares = _fill(capacity, weights)
    order: list[list[str]] = [[] for _ in sizes]
    for chunks, share in zip(plan, shares, strict=True):
        # Lightest pages into the process's first chunk: it ends (and a writer can
        # start on it) soonest, so this process, as planned, takes the next chunk.
        pages = sorted(share, key=lambda name: (weights[name], name))
        for chunk in chunks:
            order[chunk], pages = pages[: sizes[chunk]], pages[sizes[chunk] :]
    return [page for chunk in order for page in sorted(chunk)]


def balanced_order(weights: dict[str, int], processes: int) -> list[str]:
    """The pages in the order that, cut into Sphinx's chunks and run as Sphinx runs
    them, finishes reading soonest (of the two plans above, by simulation)."""
    sizes = chunk_sizes(len(weights), processes)
    plans = [_equal_processes(weights, sizes, processes), _equal_chunks(weights, sizes)]
    return min(plans, key=lambda order: dispatch(_chunk_loads(order, weights, sizes), processes)[1])


def source_sizes(env: BuildEnvironment, docnames) -> dict[str, int]:
    """Each page's source size: the work of reading or writing it, near enough."""
    weights = {}
    for docname in docnames:
        try:
            weights[docname] = Path(env.doc2path(docname)).stat().st_size
        except OSError:
            weights[docname] = 0
    return weights


#: What lessonkit's directives import on first use: clips, lab output, QR codes, maths.
IMPORTED_ON_FIRST_USE = (
    "av",
    "numpy",
    "PIL.Image",
    "segno",
    "streamlab",
    "latex2mathml.converter",
    "pylatexenc.latex2text",
)


def import_before_forking() -> None:
    for module in IMPORTED_ON_FIRST_USE:
        # A missing one is reported where a page needs it, with a hint.
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


def balance_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel < 2 or len(docnames) < 2:
        return
    docnames[:] = balanced_order(source_sizes(env, docnames), app.parallel)
    import_before_forking()


def writing_order(weights: dict[str, int], processes: int) -> list[str]:
    """The lightest page first (Sphinx writes it alone), then the rest balanced."""
    first = min(weights, key=lambda name: (weights[name], name))
    rest = {name: weight for name, weight in weights.items() if name != first}
    return [first, *balanced_order(rest, processes)] if rest else [first]


class BalancedWriting:
    """Write with every process ``-j`` allows, in a balanced order."""

    def write_documents(self, docnames) -> None:
        processes = self._app.parallel
        if not self.parallel_ok or processes < 2 or len(docnames) < 3:
            super().write_documents(docnames)
            return
        order = writing_order(source_sizes(self.env, docnames), processes)
        self._write_parallel(order, nproc=processes)


class BalancedHTMLBuilder(BalancedWriting, StandaloneHTMLBuilder):
    pass


class BalancedDirectoryHTMLBuilder(BalancedWriting, DirectoryHTMLBuilder):
    pass


def setup_scheduling(app: Sphinx) -> None:
    app.connect("env-before-read-docs", balance_reading)
    app.add_builder(BalancedHTMLBuilder, override=True)
    app.add_builder(BalancedDirectoryHTMLBuilder, override=True)
