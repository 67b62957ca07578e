"""Every content rule, one bad course per case: tests/bad_inputs/<case>/.

A case holds the files it changes on top of tests/courses/minimal (same
layout as a course), an optional ``remove.txt`` of files to delete, and
``expected.txt``: the exact diagnostics, one per line, in reported order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.course import load_course

from .conftest import COURSES, TESTS

CASES = sorted(p for p in (TESTS / "bad_inputs").iterdir() if p.is_dir())


def apply_case(case: Path, root: Path) -> None:
    shutil.copytree(COURSES / "minimal", root)
    for file in case.rglob("*"):
        rel = file.relative_to(case)
        if file.is_dir() or rel.as_posix() in ("expected.txt", "remove.txt"):
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, root / rel)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text().split():
            (root / line).unlink()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_exactly(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "course"
    apply_case(case, root)
    content, diagnostics = load_course(root)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(d) for d in diagnostics] == expected
    has_errors = any(line.split(": ")[1] == "error" for line in expected if ": " in line)
    assert (content is None) == has_errors


def test_every_case_expects_something() -> None:
    assert CASES, "no bad-input cases found"
    for case in CASES:
        assert (case / "expected.txt").read_text().strip(), f"{case.name}: empty expected.txt"


def test_the_minimal_course_is_clean() -> None:
    content, diagnostics = load_course(COURSES / "minimal")
    assert diagnostics == []
    assert content is not None
