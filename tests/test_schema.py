"""The shipped JSON Schemas (docs/schema/) and microlearn's validation accept the same files.

Every YAML content file the project ships must pass both; every file in
tests/schema_corpus/bad/ (one per rule a schema can state, one per strictness
case) must fail both, and every file in tests/schema_corpus/good/ pass both.
A corpus file is ``<kind>/<case>.yml``; it replaces that kind's file in
tests/courses/minimal for the microlearn side.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import jsonschema
import pytest

from generator.course import load_course
from generator.diagnostics import errors
from generator.loader import load_file

from .conftest import COURSES, REPO, TESTS

CORPUS = TESTS / "schema_corpus"
COURSE_ROOTS = [
    REPO,
    REPO / "examples/nl",
    *sorted(p for p in COURSES.iterdir() if p.is_dir()),
    REPO / "generator/starter",
]
# Where each kind's file sits in a course, and which file of tests/courses/minimal a corpus file replaces.
KIND_FOLDERS = {"lesson": "content/lessons", "checklist": "content/checklists", "quiz": "quizzes"}
MINIMAL_FILES = {
    "course": "content/course.yml",
    "lesson": "content/lessons/intro.yml",
    "quiz": "quizzes/check.yml",
    "checklist": "content/checklists/after-call.yml",
}


@cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "docs/schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def content_files(root: Path) -> list[tuple[str, Path]]:
    """(kind, file) of every content file of the course at ``root``."""
    found = [("course", f) for f in (root / "content").glob("course.y*ml")]
    for kind, folder in KIND_FOLDERS.items():
        found += [(kind, f) for f in sorted((root / folder).glob("*.y*ml"))]
    return found


def schema_problems(kind: str, file: Path) -> list[str]:
    data = load_file(file, file.name).data  # read as microlearn reads it: YAML 1.2
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


SHIPPED = [(kind, f) for root in COURSE_ROOTS for kind, f in content_files(root)]


def test_every_course_and_kind_is_covered() -> None:
    assert all(root.is_dir() for root in COURSE_ROOTS)
    assert {kind for kind, _ in SHIPPED} == set(MINIMAL_FILES)
    assert len(SHIPPED) > 30


@pytest.mark.parametrize("kind, file", SHIPPED, ids=[f.relative_to(REPO).as_posix() for _, f in SHIPPED])
def test_the_schema_accepts_every_shipped_file(kind: str, file: Path) -> None:
    assert schema_problems(kind, file) == []


@pytest.mark.parametrize("root", COURSE_ROOTS, ids=[r.relative_to(REPO).as_posix() or "." for r in COURSE_ROOTS])
def test_microlearn_accepts_every_shipped_course(root: Path) -> None:
    content, diagnostics = load_course(root)
    assert errors(diagnostics) == []
    assert content is not None


def corpus(group: str) -> list[Path]:
    return sorted((CORPUS / group).glob("*/*.yml"))


def microlearn_errors(file: Path, tmp_path: Path) -> list[str]:
    """Errors microlearn reports for ``file`` put in place of its kind's file in the minimal course."""
    root = tmp_path / "course"
    shutil.copytree(COURSES / "minimal", root)
    target = MINIMAL_FILES[file.parent.name]
    shutil.copy(file, root / target)
    _, diagnostics = load_course(root)
    return [str(d) for d in errors(diagnostics) if d.path == target]


@pytest.mark.parametrize("file", corpus("bad"), ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_a_bad_file_fails_both(file: Path, tmp_path: Path) -> None:
    assert schema_problems(file.parent.name, file), "the schema accepts it"
    assert microlearn_errors(file, tmp_path), "microlearn accepts it"


@pytest.mark.parametrize("file", corpus("good"), ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_a_good_file_passes_both(file: Path, tmp_path: Path) -> None:
    assert schema_problems(file.parent.name, file) == []
    assert microlearn_errors(file, tmp_path) == []


def test_every_field_has_a_description_and_an_example() -> None:
    missing: list[str] = []
    for kind in MINIMAL_FILES:
        schema = validator(kind).schema
        for name, model in [(kind, schema), *schema.get("$defs", {}).items()]:
            for field, prop in model.get("properties", {}).items():
                if "description" not in prop or "examples" not in prop:
                    missing.append(f"{kind}: {name}.{field}")
    assert missing == []
