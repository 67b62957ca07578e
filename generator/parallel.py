"""One function over many items, spread over the machine's cores when that is safe and pays.

Reading and rendering a large course is CPU work in pure Python (libyaml's
events become Python objects one by one; Jinja and Python-Markdown write
every page), so more cores cut it. Worker processes are forked, not spawned:
a spawned worker would import pydantic and build every model again, which
costs more than it saves. Forking is only safe on Linux, in a process with no
other thread running (a thread holding a lock at the fork would leave the
child waiting on it forever), so anywhere else, and for a small batch where
starting a worker costs more than it saves, the items are simply done in
turn. Either way the results are the same, in the same order.
"""

from __future__ import annotations

import gc
import os
import signal
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
    and the results, which must be picklable, go through pipes. Each worker
    takes a new chunk when it is done with one, so one with heavier items does
    not hold up the rest. A chunk that fails, or whose worker dies, is done
    again here, so an error is raised as it would be without workers.
    """
    workers = _workers() if len(items) >= max(min_items, 2) else 1
    if workers == 1:
        return _apply(function, items)
    # Imported here: a small course, and every preview, never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    global _function
    _function = function
    # The collector leaves the objects the workers share alone, so their pages are never copied
    # (unless the program froze objects of its own, which are not ours to unfreeze).
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        pool = None
        try:
            pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_become_worker
            )
            pending: list[Future[list[R]]] = [pool.submit(_apply_inherited, chunk) for chunk in chunks]
        except (OSError, ImportError):  # no fork or no semaphores here (a locked-down container)
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            return _apply(function, items)  # one process does it all
        results: list[R] = []
        with pool:
            for future, chunk in zip(pending, chunks, strict=True):
                try:
                    results += future.result()
                except Exception:  # failed or died: done here, a failure is raised as without workers
                    results += _apply(function, chunk)
    finally:
        if freeze:
            gc.unfreeze()
        _function = None
    return results


CHUNKS_PER_WORKER = 4
"""Small enough chunks that the workers finish together, large enough that each lesson mostly
shares a chunk (and a Markdown renderer's memory) with its quizzes."""


_function: Callable[..., Any] | None = None
"""The function of the ``parallel_map`` under way, which its forked workers inherit."""

_in_worker = False


def _become_worker() -> None:
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the calling process's to handle


def _apply_inherited(chunk: Sequence[tuple[Any, ...]]) -> list[Any]:
    assert _function is not None, "set before the workers are forked"
    return _apply(_function, chunk)


def _apply(function: Callable[..., R], chunk: Sequence[tuple[Any, ...]]) -> list[R]:
    return [function(*item) for item in chunk]


def _workers() -> int:
    """How many processes may share the work: 1 where forking is not safe, or inside a worker."""
    if _in_worker or sys.platform != "linux" or _threads() > 1:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


def _threads() -> int:
    """Threads of this process, also those a C library started (which Python's own count leaves out)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # pragma: no cover - /proc not mounted
        return threading.active_count()


MAX_WORKERS = 4
"""The work takes seconds: more processes would mostly add forks and pipes (and a container
limited to a share of a big machine's CPUs still sees all of them)."""
