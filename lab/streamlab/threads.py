"""One BLAS thread while the lab computes.

numpy's bundled OpenBLAS starts a thread per core. The lab's matrices are small, and on a
busy two-core machine those threads spin against each other and against everything else:
a 335 × 335 Cholesky factorisation was measured taking over a second. One thread is faster
here, and its sums do not depend on the machine's core count, which keeps generated
clips byte-identical across machines. This does what threadpoolctl does, for OpenBLAS
only, with ctypes; where the library is not found it changes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar

NAMES = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)


@functools.cache
def _openblas() -> tuple[Callable, Callable] | None:
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted(
                {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
            )
    except OSError:
        return None
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for setter, getter in NAMES:
            if hasattr(library, setter) and hasattr(library, getter):
                return getattr(library, setter), getattr(library, getter)
    return None


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    functions = _openblas()
    if functions is None:
        yield
        return
    set_threads, get_threads = functions
    before = get_threads()
    set_threads(1)
    try:
        yield
    finally:
        set_threads(before)


F = TypeVar("F", bound=Callable)


def single_threaded(function: F) -> F:
    """Run ``function`` with one BLAS thread."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
