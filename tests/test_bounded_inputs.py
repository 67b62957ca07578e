"""Every bad input of tests/bad_inputs/, through the commands an editor runs, under a memory and CPU limit.

``microlearn validate --strict`` and ``mkdocs build --strict`` each fail with
the case's exact diagnostics and no traceback, write nothing anywhere, and
leave an existing ``site/`` untouched. The limits make an input that would
eat the machine (an alias bomb, a 50 MB file) fail here instead: as a
``MemoryError`` traceback, or killed for its CPU time. All cases run in one
process (tests/bounded_driver.py), so MkDocs starts once; ``microlearn
build``'s own staging is tested in test_atomic_build.py.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity, summary

from .conftest import TESTS
from .test_validation import CASES, apply_case

MEMORY_LIMIT = 1024 * 1024 * 1024
"""Address space for the whole run (1 GiB; MkDocs with Material takes about 400 MB)."""
CPU_SECONDS = 300
"""For every case together: about a second each."""

Snapshot = dict[str, tuple[int, int]]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder under ``folder`` (links not followed), files with their size and modification time."""
    found: Snapshot = {}
    for directory, folders, files in os.walk(folder):
        for name in folders:
            found[(Path(directory) / name).relative_to(folder).as_posix()] = (0, 0)
        for name in files:
            path = Path(directory) / name
            stat = path.lstat()
            found[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Snapshot, Snapshot, str]]:
    """Each case's folder before and after the run, and what the commands said, by case name."""
    base = tmp_path_factory.mktemp("bounded")
    roots = []
    for case in CASES:
        root = base / case.name / "course"
        apply_case(case, root)
        (root / "site").mkdir()
        (root / "site/index.html").write_text("the previous site", encoding="utf-8")
        roots.append(root)
    before = {case.name: snapshot(base / case.name) for case in CASES}
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, str(TESTS / "bounded_driver.py"), *map(str, roots)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        errors="replace",
        preexec_fn=_limit,
        check=False,
        timeout=900,  # a hang guard only; the CPU limit bounds the time
    )
    assert result.returncode == 0, result.stdout + result.stderr  # the run ended normally: no crash, no limit hit
    assert list(elsewhere.iterdir()) == []
    found = {}
    for case in CASES:
        output = (base / case.name / "output.txt").read_text(encoding="utf-8")
        (base / case.name / "output.txt").unlink()
        found[case.name] = (before[case.name], snapshot(base / case.name), output)
    return found


def _summary_line(expected: list[str]) -> str:
    severities = [Severity(line.split(": ")[1]) for line in expected]
    return summary([Diagnostic("", 0, 0, s, "") for s in severities])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_fails_both_commands_within_limits_and_writes_nothing(
    case: Path, runs: dict[str, tuple[Snapshot, Snapshot, str]]
) -> None:
    before, after, output = runs[case.name]
    assert "Traceback" not in output and "MemoryError" not in output, output
    validate, build = output.split("--- validate exited ")
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert validate.splitlines() == [*expected, _summary_line(expected)]
    assert build.startswith("1\n"), output
    assert "--- build stopped: " in build, output
    for line in expected:
        assert line in build, (line, build)  # the plugin logs each problem as validate does
    assert after == before  # nothing written, the previous site untouched
