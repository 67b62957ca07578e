"""Load a whole course: find its files, parse, validate, check across files.

This is the one entry point for the CLI, the MkDocs plugin and the
benchmarks; it imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from . import checks
from .diagnostics import Diagnostic, Severity, errors
from .i18n import Strings, strings_for
from .loader import Document, load_file
from .models import ID_PATTERN, Checklist, Course, Lesson, Quiz
from .timing import reading_minutes
from .validate import validate_document

M = TypeVar("M", bound=BaseModel)

CONTENT_DIR = "content"
QUIZ_DIR = "quizzes"
ASSETS_DIR = "assets"
YAML_SUFFIXES = (".yml", ".yaml")
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """One content file: its id, its parsed document, and its model when valid."""

    id: str
    doc: Document
    model: M | None


@dataclass(frozen=True)
class CourseContent:
    """A course that passed every check: what the renderer works from."""

    root: Path
    course: Course
    lessons: dict[str, Lesson]
    """Published lessons in course order (drafts left out)."""
    quizzes: dict[str, Quiz]
    checklists: dict[str, Checklist]
    strings: Strings
    assets: tuple[str, ...]
    """Files under content/assets, relative to content/ ('assets/x.svg')."""

    def minutes(self, lesson_id: str) -> int:
        return reading_minutes(self.lessons[lesson_id], self.quizzes)

    def lessons_using_quiz(self, quiz_id: str) -> list[str]:
        return [lid for lid, lesson in self.lessons.items() if quiz_id in checks.quiz_refs(lesson)]


def watched_paths(root: Path) -> list[Path]:
    """Folders whose changes should rebuild a live preview."""
    return [root / CONTENT_DIR, root / QUIZ_DIR]


def load_course(root: Path) -> tuple[CourseContent | None, list[Diagnostic]]:
    """The course at ``root`` (None if it has errors) and every problem found, sorted."""
    root = Path(root)
    content = root / CONTENT_DIR
    diagnostics: list[Diagnostic] = []

    course_files = _existing([content / f"course{s}" for s in YAML_SUFFIXES])
    if not course_files:
        path = f"{CONTENT_DIR}/course.yml"
        message = "no course file: create content/course.yml with a title, description and modules"
        return None, [Diagnostic(path, 1, 1, Severity.ERROR, message)]
    for extra in course_files[1:]:
        other = _display(root, course_files[0])
        diagnostics.append(
            Diagnostic(
                _display(root, extra),
                1,
                1,
                Severity.ERROR,
                f"a second course file beside {other}; keep one",
            )
        )
    course = _parse(root, course_files[0], "course", Course, diagnostics)

    lessons = _parse_folder(root, content / "lessons", Lesson, diagnostics)
    quizzes = _parse_folder(root, root / QUIZ_DIR, Quiz, diagnostics)
    checklists = _parse_folder(root, content / "checklists", Checklist, diagnostics)
    assets = _assets(content)
    strings = strings_for(course.model.language if course.model else "en")

    diagnostics += checks.check_course(course, lessons, quizzes, checklists, assets, strings)
    diagnostics = sorted(set(diagnostics))
    if errors(diagnostics) or course.model is None:
        return None, diagnostics

    ordered = [lid for module in course.model.modules for lid in module.lessons]
    published = {lid: lessons[lid].model for lid in ordered if lessons[lid].model and not lessons[lid].model.draft}
    return (
        CourseContent(
            root=root,
            course=course.model,
            lessons=published,  # type: ignore[arg-type]
            quizzes={qid: p.model for qid, p in quizzes.items()},  # type: ignore[misc]
            checklists={cid: p.model for cid, p in checklists.items()},  # type: ignore[misc]
            strings=strings,
            assets=assets,
        ),
        diagnostics,
    )


def _existing(files: list[Path]) -> list[Path]:
    return [f for f in files if f.is_file()]


def _display(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _parse(root: Path, file: Path, file_id: str, model: type[M], out: list[Diagnostic]) -> Parsed[M]:
    doc = load_file(file, _display(root, file))
    out += doc.diagnostics
    parsed, problems = validate_document(doc, model)
    out += problems
    return Parsed(file_id, doc, parsed)


def _parse_folder(root: Path, folder: Path, model: type[M], out: list[Diagnostic]) -> dict[str, Parsed[M]]:
    """Every .yml/.yaml file in ``folder`` by id; bad names and clashing ids are errors."""
    found: dict[str, Parsed[M]] = {}
    if not folder.is_dir():
        return found
    for file in sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()):
        path = _display(root, file)
        if not _ID.match(file.stem):
            message = (
                f"file name '{file.stem}' is not a valid id: use lowercase letters, digits and single "
                f"hyphens, e.g. '{_suggest_id(file.stem)}{file.suffix}'"
            )
            out.append(Diagnostic(path, 1, 1, Severity.ERROR, message))
            continue
        if file.stem in found:
            first = found[file.stem].doc.path
            out.append(
                Diagnostic(
                    path,
                    1,
                    1,
                    Severity.ERROR,
                    f"id '{file.stem}' is already used by {first}",
                )
            )
            continue
        found[file.stem] = _parse(root, file, file.stem, model, out)
    return found


def _suggest_id(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "my-id"


def _assets(content: Path) -> tuple[str, ...]:
    folder = content / ASSETS_DIR
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.relative_to(content).as_posix() for p in folder.rglob("*") if p.is_file()))
