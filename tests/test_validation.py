"""Every content rule, one bad course per case: tests/bad_inputs/<case>/.

A case holds the files it changes on top of tests/courses/minimal (same
layout as a course; a symbolic link is copied as a link), an optional
``remove.txt`` of files to delete, an optional ``grow.txt`` of ``path bytes``
lines (the file padded with comment lines to that size, too big to keep in
git), and ``expected.txt``: the exact diagnostics, one per line, in reported order.
After a deliberate change of wording, rewrite every expected.txt (then read the diff) with:

    UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/test_validation.py
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.course import load_course

from .conftest import COURSES, TESTS, copy_course

UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"
CASES = sorted(p for p in (TESTS / "bad_inputs").iterdir() if p.is_dir())
CASE_FILES = ("expected.txt", "remove.txt", "grow.txt")


def apply_case(case: Path, root: Path) -> None:
    shutil.copytree(COURSES / "minimal", root)
    for file in case.rglob("*"):
        rel = file.relative_to(case)
        if (file.is_dir() and not file.is_symlink()) or rel.as_posix() in CASE_FILES:
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).unlink(missing_ok=True)
        shutil.copy(file, root / rel, follow_symlinks=False)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text().split():
            (root / line).unlink()
    growths = case / "grow.txt"
    if growths.exists():
        for line in growths.read_text().splitlines():
            name, size = line.split()
            _grow(root / name, int(size))


def _grow(file: Path, size: int) -> None:
    """Pad ``file`` with comment lines to ``size`` bytes, written in pieces: a huge file costs no memory here."""
    line = b"# padding to make this file too big to read\n"
    with file.open("ab") as out:
        while out.tell() + len(line) <= size:
            out.write(line * min(10_000, (size - out.tell()) // len(line)))
        out.write(b"#" * (size - out.tell()))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_exactly(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import course as course_module

    root = tmp_path / "course"
    apply_case(case, root)
    content, diagnostics = load_course(root)
    if UPDATE:
        (case / "expected.txt").write_text("".join(f"{d}\n" for d in diagnostics), encoding="utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(d) for d in diagnostics] == expected
    has_errors = any(line.split(": ")[1] == "error" for line in expected if ": " in line)
    assert (content is None) == has_errors
    if UPDATE:
        return
    # Read again with every file read "in a worker": a document read in a worker
    # comes back without its marks, and every position is the same all the same.
    monkeypatch.setattr(course_module, "parallel_map", _as_from_workers)
    _, diagnostics = load_course(root)
    assert [str(d) for d in diagnostics] == expected


def _as_from_workers(function: Callable[..., Any], items: list[tuple[Any, ...]], *, min_items: int) -> list[Any]:
    """`parallel_map` in turn, each result pickled and unpickled as if it came back from a worker."""
    return [pickle.loads(pickle.dumps(function(*item))) for item in items]


def test_every_case_expects_something() -> None:
    assert CASES, "no bad-input cases found"
    for case in CASES:
        assert (case / "expected.txt").read_text().strip(), f"{case.name}: empty expected.txt"


def test_the_minimal_course_is_clean() -> None:
    content, diagnostics = load_course(COURSES / "minimal")
    assert diagnostics == []
    assert content is not None


def test_positions_are_named_as_an_editor_counts_them() -> None:
    from generator.diagnostics import field_path

    assert field_path(("questions", 1, "options", 2, "feedback")) == "question 2 › option 3 › feedback"
    assert field_path(("modules", 0, "lessons")) == "module 1 › lessons"
    assert field_path(("blocks", 6, "lines", 0, "techniques")) == "block 7 › dialogue line 1 › techniques"
    assert field_path(("title",)) == "title"
    assert field_path(("unheard", 0)) == "unheard item 1"


def test_a_link_that_stays_inside_the_course_is_fine(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "minimal", root)
    (root / "content/assets/same-dot.svg").symlink_to("dot.svg")
    content, diagnostics = load_course(root)
    assert diagnostics == [] and content is not None
    assert "assets/same-dot.svg" in content.assets


def test_a_problem_quoting_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "minimal", root)
    course = root / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + '"odd\\nkey\\u0007": 1\n', encoding="utf-8")
    problems = [str(d) for d in load_course(root)[1]]
    assert any("unknown key 'odd\\nkey\\x07'" in p for p in problems), problems
    assert all("\n" not in p and "\x07" not in p for p in problems), problems


def test_a_preview_rebuild_parses_only_the_files_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import course as course_module

    root = copy_course("complete", tmp_path / "course")
    read: list[str] = []
    real = course_module.load_file
    monkeypatch.setattr(course_module, "load_file", lambda file, shown: read.append(shown) or real(file, shown))
    kept: course_module.Unchanged = {}
    first, _ = course_module.load_course(root, unchanged=kept)
    assert first is not None and len(read) > 5
    read.clear()
    lesson = root / "content/lessons/greeting.yml"
    lesson.write_text(lesson.read_text().replace("title: Greeting a returning customer", "title: Hello"))
    again, _ = course_module.load_course(root, unchanged=kept)
    assert read == ["content/lessons/greeting.yml"]
    assert again is not None and again.lessons["greeting"].title == "Hello"
    assert again.quizzes == first.quizzes
    lesson.write_text(lesson.read_text().replace("title: Hello", "titel: Hello"))
    broken, problems = course_module.load_course(root, unchanged=kept)
    assert broken is None and any("unknown key 'titel'" in str(p) for p in problems)
    assert course_module.load_course(root, unchanged=kept)[1] == problems, "a kept file keeps its problems"


def test_a_course_read_by_forked_workers_reads_as_in_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import course as course_module
    from generator import parallel

    root = tmp_path / "course"
    apply_case(TESTS / "bad_inputs" / "all-at-once", root)
    in_turn = load_course(root)[1]
    monkeypatch.setattr(course_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "_workers", lambda: 3)
    assert load_course(root)[1] == in_turn
