"""Work spread over processes: the same results, in the same order, as done in turn; never a fork where it is unsafe."""

from __future__ import annotations

import os
import pickle
import threading

import pytest

from generator import parallel
from generator.loader import Document, load_text
from generator.parallel import parallel_map

PARENT = os.getpid()
REAL_WORKERS = parallel._workers


def square_and_where(n: int, offset: int) -> tuple[int, int]:
    return n * n + offset, os.getpid()


def die_in_a_worker(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(1)  # as if the kernel killed the worker
    return n + 1


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forks even under pytest-xdist, whose worker runs a thread (where ``parallel_map`` itself would not fork)."""
    monkeypatch.setattr(parallel, "_workers", lambda: 2)


@pytest.mark.parametrize("count", [2, 3, 101])
def test_results_come_back_in_order_from_several_processes(two_cores: None, count: int) -> None:
    results = parallel_map(square_and_where, [(n, 1) for n in range(count)], min_items=2)
    assert [value for value, _ in results] == [n * n + 1 for n in range(count)]
    pids = {pid for _, pid in results}
    assert PARENT in pids and len(pids) == 2


def test_a_small_batch_is_done_in_this_process(two_cores: None) -> None:
    results = parallel_map(square_and_where, [(n, 0) for n in range(5)], min_items=6)
    assert results == [(n * n, PARENT) for n in range(5)]


def test_a_worker_that_dies_leaves_its_share_to_this_process(two_cores: None) -> None:
    assert parallel_map(die_in_a_worker, [(n,) for n in range(10)], min_items=2) == list(range(1, 11))


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel._workers() == 1
        assert {pid for _, pid in parallel_map(square_and_where, [(n, 0) for n in range(50)], min_items=2)} == {PARENT}
    finally:
        stop.set()
        other.join()


SOURCE = """\
title: Café
questions:
  - prompt: "Which?"
    options:
      - text: A
        correct: true
      - {text: B, feedback: "no"}
blocks: [1, [2, {deep: x}]]
"""


def test_a_document_crosses_processes_without_its_marks_and_reads_them_again() -> None:
    doc = load_text(SOURCE, "quizzes/x.yml")
    back = pickle.loads(pickle.dumps(doc))
    assert isinstance(back, Document)
    assert (back.path, back.data, back.diagnostics) == (doc.path, doc.data, doc.diagnostics)
    assert back.marks.values == {} and len(pickle.dumps(back)) < len(pickle.dumps(doc.marks))
    for loc in [*doc.marks.values, *doc.marks.keys, ("questions", 0, "missing")]:
        for key in (False, True):
            assert back.marks.locate(loc, key=key) == doc.marks.locate(loc, key=key), loc
    assert back.marks.values == doc.marks.values and back.marks.keys == doc.marks.keys


def test_a_document_without_a_source_keeps_its_marks() -> None:
    doc = load_text("a: [\n", "broken.yml")  # unreadable: no data, no source, its problem is the point
    back = pickle.loads(pickle.dumps(doc))
    assert back.data is None and back.diagnostics == doc.diagnostics and back.marks == doc.marks


def workers_here() -> int:
    return REAL_WORKERS()


def test_a_worker_never_forks_workers_of_its_own(two_cores: None) -> None:
    assert parallel_map(workers_here, [()] * 4, min_items=2)[2:] == [1, 1]
