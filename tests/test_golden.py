"""Golden render tests: every case's rendered page must match its expected file exactly.

The markup is what the JS runtime, search exclusion and the accessibility checks
rely on, so any change to it shows up here as a diff. See tests/golden/README.md.
Rewrite the expected files after an intended change with:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.course import load_course
from generator.render import RenderOptions, render_site

from .conftest import COURSES

GOLDEN = Path(__file__).parent / "golden"
BASE = GOLDEN / "base"
"""Copied into every case course: an image asset, the quiz 'pulse-check' and the checklist 'wrap-up'."""
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
LESSON_ID = "golden"

COURSE_YML = f"""\
title: Golden course
description: A course that wraps one golden case.
modules:
  - title: The module
    lessons: [{LESSON_ID}]
"""

LESSON_YML = """\
title: Golden lesson
summary: One lesson that holds the case.
objectives: [Render the case]
blocks:
"""


def render_pages(root: Path) -> dict[str, str]:
    """Every page of the course at ``root``, by path, as its full text (front matter + HTML)."""
    content, diagnostics = load_course(root)
    assert content is not None, "\n".join(map(str, diagnostics))
    return {page.path: page.text() for page in render_site(content, RenderOptions()).pages}


def case_course(tmp_path: Path, blocks: str, files: dict[str, str] | None = None) -> Path:
    """A minimal course: the base files, one module with one lesson whose blocks are ``blocks`` (YAML)."""
    root = tmp_path / "course"
    shutil.copytree(BASE, root)
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content/course.yml").write_text(COURSE_YML, encoding="utf-8")
    (root / f"content/lessons/{LESSON_ID}.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / f"content/lessons/{LESSON_ID}.yml").write_text(LESSON_YML + blocks, encoding="utf-8")
    return root


# --- the three kinds of small case -------------------------------------------
#
# Case files are embedded as text, not re-dumped, so they are read with the
# generator's own YAML rules (1.2 core schema: `Yes` stays text).


def render_block_case(source: Path, tmp_path: Path) -> str:
    """blocks/<name>.yml: a list of lesson blocks, or one block → the lesson page."""
    text = source.read_text(encoding="utf-8")
    if isinstance(yaml.safe_load(text), list):
        blocks = textwrap.indent(text, "  ")
    else:
        blocks = "  -\n" + textwrap.indent(text, "    ")
    return render_pages(case_course(tmp_path, blocks))[f"lessons/{LESSON_ID}.md"]


def render_question_case(source: Path, tmp_path: Path) -> str:
    """questions/<name>.yml: a quiz file, embedded in the lesson → the quiz page."""
    quiz_id = source.stem
    files = {f"quizzes/{quiz_id}.yml": source.read_text(encoding="utf-8")}
    root = case_course(tmp_path, f"  - type: quiz\n    quiz: {quiz_id}\n", files)
    return render_pages(root)[f"quizzes/{quiz_id}.md"]


def render_checklist_case(source: Path, tmp_path: Path) -> str:
    """checklists/<name>.yml: a checklist file, linked from the lesson → the checklist page."""
    checklist_id = source.stem
    files = {f"content/checklists/{checklist_id}.yml": source.read_text(encoding="utf-8")}
    root = case_course(tmp_path, f"  - type: checklist\n    checklist: {checklist_id}\n", files)
    return render_pages(root)[f"checklists/{checklist_id}.md"]


KINDS: dict[str, Callable[[Path, Path], str]] = {
    "blocks": render_block_case,
    "questions": render_question_case,
    "checklists": render_checklist_case,
}


# --- whole-site cases: the 'complete' test course ----------------------------


@cache
def complete_site() -> tuple[dict[str, str], str]:
    content, diagnostics = load_course(COURSES / "complete")
    assert content is not None, "\n".join(map(str, diagnostics))
    site = render_site(content, RenderOptions())
    pages = {page.path: page.text() for page in site.pages}
    return pages, json.dumps(site.nav_config(), indent=2, ensure_ascii=False) + "\n"


SITE_PAGES = {
    "home": "index.md",
    "lesson-greeting": "lessons/greeting.md",
    "lesson-listening-first": "lessons/listening-first.md",
    "quiz-refund-check": "quizzes/refund-check.md",
    "checklist-after-a-return": "checklists/after-a-return.md",
    "review": "review.md",
}


@dataclass(frozen=True)
class Case:
    name: str
    expected: Path
    render: Callable[[Path], str]
    """tmp_path → the rendered text."""


def cases() -> list[Case]:
    found = []
    for kind, render in KINDS.items():
        for source in sorted((GOLDEN / kind).glob("*.yml")):
            found.append(
                Case(f"{kind}/{source.stem}", source.with_suffix(".html"), lambda tmp, s=source, r=render: r(s, tmp))
            )
    for name, path in SITE_PAGES.items():
        found.append(Case(f"pages/{name}", GOLDEN / "pages" / f"{name}.html", lambda _, p=path: complete_site()[0][p]))
    found.append(Case("pages/nav", GOLDEN / "pages" / "nav.json", lambda _: complete_site()[1]))
    return found


CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Case, tmp_path: Path) -> None:
    actual = case.render(tmp_path)
    rel = case.expected.relative_to(GOLDEN.parent.parent)
    if UPDATE:
        case.expected.parent.mkdir(parents=True, exist_ok=True)
        case.expected.write_text(actual, encoding="utf-8")
        return
    if not case.expected.is_file():
        pytest.fail(f"{rel} is missing: run with UPDATE_GOLDEN=1 to create it, then read it", pytrace=False)
    expected = case.expected.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{rel} (expected)",
            tofile=f"{case.name} (rendered)",
        )
    )
    assert actual == expected, (
        f"rendered output differs from {rel}; if the change is intended, rerun with UPDATE_GOLDEN=1 "
        f"and review the diff of the expected files\n{diff}"
    )


def test_every_block_type_and_quiz_kind_has_its_partial_and_a_golden_case() -> None:
    import typing

    from generator.models import BLOCK_TYPES, QuizKind
    from generator.render import TEMPLATES

    cases = "\n".join(p.read_text() for p in (GOLDEN / "blocks").glob("*.yml"))
    for block_type in BLOCK_TYPES:
        assert (TEMPLATES / "blocks" / f"{block_type}.html").is_file(), block_type
        assert f"type: {block_type}\n" in cases, f"no golden case in tests/golden/blocks/ uses '{block_type}'"
    quizzes = "\n".join(p.read_text() for p in (GOLDEN / "questions").glob("*.yml"))
    for kind in typing.get_args(QuizKind):
        assert (TEMPLATES / "quizzes" / f"{kind}.html").is_file(), kind
        assert kind == "questions" or f"kind: {kind}\n" in quizzes, (
            f"no golden case in tests/golden/questions/ is a '{kind}' quiz"
        )
