"""One function over many items, spread over the machine's cores when that is safe and pays.

Reading a large course is CPU work in pure Python (libyaml's events become
Python objects one by one), so a second core halves it. Worker processes are
forked, not spawned: a spawned worker would import pydantic and build every
model again, which costs more than it saves. Forking is only safe on Linux, in
a process with no other thread running (a thread holding a lock at the fork
would leave the child waiting on it forever), so anywhere else, and for a
small batch where starting a worker costs more than it saves, the items are
simply done in turn. Either way the results are the same, in the same order.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

R = TypeVar("R")


def parallel_map(function: Callable[..., R], items: Sequence[tuple[Any, ...]], *, min_items: int) -> list[R]:
    """``[function(*item) for item in items]``, in chunks on several cores once there are ``min_items``.

    The workers are forks of this process, so ``function`` (a bound method, a
    closure) and whatever it reads come with them as they are; only the items
    and the results, which must be picklable, go through pipes. The calling
    process does the first chunk itself while the workers do the others.
    """
    workers = _workers() if len(items) >= max(min_items, 2) else 1
    if workers == 1:
        return _apply(function, items)
    # Imported here: a small course, and every preview, never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = -(-len(items) // workers)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    global _function
    _function = function
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(chunks) - 1, mp_context=context, initializer=_become_worker) as pool:
            pending: list[Future[list[R]]] = [pool.submit(_apply_inherited, chunk) for chunk in chunks[1:]]
            results = _apply(function, chunks[0])
            for future, chunk in zip(pending, chunks[1:], strict=True):
                try:
                    results += future.result()
                except BrokenProcessPool:  # a worker killed (out of memory?): its share is done here instead
                    results += _apply(function, chunk)
    finally:
        _function = None
    return results


_function: Callable[..., Any] | None = None
"""The function of the ``parallel_map`` under way, which its forked workers inherit."""

_in_worker = False


def _become_worker() -> None:
    global _in_worker
    _in_worker = True


def _apply_inherited(chunk: Sequence[tuple[Any, ...]]) -> list[Any]:
    assert _function is not None, "set before the workers are forked"
    return _apply(_function, chunk)


def _apply(function: Callable[..., R], chunk: Sequence[tuple[Any, ...]]) -> list[R]:
    return [function(*item) for item in chunk]


def _workers() -> int:
    """How many processes may share the work: 1 where forking is not safe, or inside a worker."""
    if _in_worker or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


MAX_WORKERS = 4
"""The work takes seconds: more processes would mostly add forks and pipes (and a container
limited to a share of a big machine's CPUs still sees all of them)."""
