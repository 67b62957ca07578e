"""Work spread over processes: the same results, in the same order, as done in turn; never a fork where it is unsafe."""

from __future__ import annotations

import gc
import os
import pickle
import threading

import pytest

from generator import parallel
from generator.loader import Document, Marks, load_text
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
    assert PARENT not in pids and 1 <= len(pids) <= 2


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
    doc = Document("made.yml", {"a": 1}, Marks(keys={("a",): (1, 1)}, values={("a",): (1, 4)}), [])
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc and back.marks.locate(("a",)) == (1, 4)


def workers_here() -> tuple[bool, int]:
    return parallel._in_worker, REAL_WORKERS()


def test_a_worker_never_forks_workers_of_its_own(two_cores: None) -> None:
    assert parallel_map(workers_here, [()] * 4, min_items=2) == [(True, 1)] * 4


class Unpicklable(Exception):
    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.lock = threading.Lock()  # an exception that cannot come back through a pipe


def fail_at(n: int, bad: int, error: type[Exception]) -> int:
    if n == bad:
        raise error(n)
    return n


@pytest.mark.parametrize("error", [ValueError, Unpicklable])
def test_a_failure_in_a_worker_is_raised_as_without_workers(two_cores: None, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        parallel_map(fail_at, [(n, 7, error) for n in range(10)], min_items=2)
    assert raised.value.args == (7,) and "_RemoteTraceback" not in repr(raised.value.__cause__)


def test_where_no_process_can_be_started_one_process_does_it_all(
    two_cores: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    class NoFork(concurrent.futures.ProcessPoolExecutor):
        def submit(self, *args: object, **kwargs: object) -> concurrent.futures.Future[object]:
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoFork)
    assert parallel_map(square_and_where, [(n, 0) for n in range(6)], min_items=2) == [
        (n * n, PARENT) for n in range(6)
    ]


def test_the_collector_is_left_as_it_was(two_cores: None) -> None:
    assert gc.get_freeze_count() == 0
    parallel_map(square_and_where, [(n, 0) for n in range(4)], min_items=2)
    assert gc.get_freeze_count() == 0, "what was frozen for the workers is thawed"
    gc.freeze()  # as a program might, for its own forks
    try:
        frozen = gc.get_freeze_count()
        parallel_map(square_and_where, [(n, 0) for n in range(4)], min_items=2)
        assert gc.get_freeze_count() >= frozen, "the program's frozen objects stay frozen"
    finally:
        gc.unfreeze()
