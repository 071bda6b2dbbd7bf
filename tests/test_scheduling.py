"""Parallel reading gets chunks of about equal work, cut where Sphinx cuts them."""

from __future__ import annotations

from lessonkit.scheduling import balanced_order, chunk_sizes
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
