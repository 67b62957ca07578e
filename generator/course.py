"""Load a whole course: find its files, parse, validate, check across files.

This is the one entry point for the CLI, the MkDocs plugin and the
benchmarks; it imports nothing from MkDocs.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from . import checks
from .diagnostics import Diagnostic, Severity, errors
from .i18n import FALLBACK, Strings, strings_for
from .kinds import ASSETS_DIR, CHECKLIST, CONTENT_DIR, COURSE_FILE, LESSON, QUIZ, SOURCE_DIRS, YAML_SUFFIXES, Kind
from .loader import Document, load_file
from .models import ID_PATTERN, Checklist, Course, Lesson, Quiz
from .parallel import parallel_map
from .timing import reading_minutes
from .validate import Parsed, validate_document

M = TypeVar("M", bound=BaseModel)

_ID = re.compile(ID_PATTERN)


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
    minutes_by_lesson: dict[str, int]
    """Each lesson's reading time, worked out once while checking (``timing.reading_minutes``)."""

    def minutes(self, lesson_id: str) -> int:
        return self.minutes_by_lesson[lesson_id]

    def lessons_using_quiz(self, quiz_id: str) -> list[str]:
        return self._quiz_users.get(quiz_id, [])

    def lesson_number(self, lesson_id: str) -> int:
        """The lesson's place in the course, from 1."""
        return self._lesson_numbers[lesson_id]

    # Worked out once: asked for each quiz and each lesson page, they were quadratic in the course size.
    @cached_property
    def _quiz_users(self) -> dict[str, list[str]]:
        users: dict[str, list[str]] = {}
        for lid, lesson in self.lessons.items():
            for qid in dict.fromkeys(lesson.quiz_ids):
                users.setdefault(qid, []).append(lid)
        return users

    @cached_property
    def _lesson_numbers(self) -> dict[str, int]:
        return {lid: n for n, lid in enumerate(self.lessons, start=1)}


def watched_paths(root: Path) -> list[Path]:
    """Folders whose changes should rebuild a live preview."""
    return [root / folder for folder in SOURCE_DIRS]


Unchanged = dict[Path, tuple[tuple[str, bytes], Any, list[Diagnostic]]]
"""Parsed files by path, with the id and content digest they were parsed with (see ``load_course``)."""


def load_course(
    root: Path, *, preview: bool = False, unchanged: Unchanged | None = None
) -> tuple[CourseContent | None, list[Diagnostic]]:
    """The course at ``root`` (None if it has errors) and every problem found, sorted.

    ``preview`` checks for a live preview, where work in progress (a lesson not yet in
    a module) is a warning rather than an error; builds and ``validate`` check in full.
    ``unchanged`` keeps each file's parsed and validated form between calls (a live
    preview's rebuilds): a file with the same bytes is not parsed again. The checks
    across files always run in full.
    """
    with _no_cycle_collection():
        return _load_course(Path(root), preview=preview, unchanged=unchanged)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading a course makes hundreds of thousands of small containers and no reference cycles.

    Python's cycle collector would walk every one of them again each time a
    few hundred more were made: a third of the time a large course takes to
    read. Nothing made here needs it; whatever is garbage afterwards is
    collected once it is back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load_course(
    root: Path, *, preview: bool, unchanged: Unchanged | None
) -> tuple[CourseContent | None, list[Diagnostic]]:
    content = root / CONTENT_DIR
    diagnostics: list[Diagnostic] = []

    course_files = _course_files(root)
    if not course_files:
        path = f"{CONTENT_DIR}/{COURSE_FILE}.yml"
        message = f"no course file: create {path} with a title, description and modules"
        return None, [Diagnostic(path, 1, 1, Severity.ERROR, message)]
    for extra in course_files[1:]:
        message = f"a second course file beside {_display(root, course_files[0])}; keep one"
        diagnostics.append(Diagnostic(_display(root, extra), 1, 1, Severity.ERROR, message))
    bad_links = _bad_links(root)
    for link, message in bad_links.items():
        diagnostics.append(Diagnostic(_display(root, link), 1, 1, Severity.ERROR, message))
    outside = list(bad_links)
    files = {kind.name: _kind_files(root, kind, diagnostics, skip=outside) for kind in (LESSON, QUIZ, CHECKLIST)}
    jobs: list[_Job] = [(course_files[0], COURSE_FILE, Course)]
    jobs += [(file, file.stem, kind.model) for kind in (LESSON, QUIZ, CHECKLIST) for file in files[kind.name]]
    parsed = iter(_parse_files(root, jobs, diagnostics, unchanged))
    course: Parsed[Course] = next(parsed)
    lessons: dict[str, Parsed[Lesson]] = {f.stem: next(parsed) for f in files[LESSON.name]}
    quizzes: dict[str, Parsed[Quiz]] = {f.stem: next(parsed) for f in files[QUIZ.name]}
    checklists: dict[str, Parsed[Checklist]] = {f.stem: next(parsed) for f in files[CHECKLIST.name]}
    assets = _assets(content)
    strings = strings_for(course.model.language if course.model else "en")

    valid_lessons = {lid: p.model for lid, p in lessons.items() if p.model}
    valid_quizzes = {qid: p.model for qid, p in quizzes.items() if p.model}
    minutes = {lid: reading_minutes(lesson, valid_quizzes) for lid, lesson in valid_lessons.items()}
    diagnostics += checks.check_course(course, lessons, quizzes, checklists, assets, strings, minutes, preview=preview)
    diagnostics = sorted(set(diagnostics))
    valid_checklists = {cid: p.model for cid, p in checklists.items() if p.model}
    if errors(diagnostics) or course.model is None:
        return None, diagnostics
    # No errors: every file is valid, so nothing was left out of the dicts above.
    ordered = [lid for module in course.model.modules for lid in module.lessons]
    published = {lid: valid_lessons[lid] for lid in ordered if not valid_lessons[lid].draft}
    return (
        CourseContent(
            root=root,
            course=course.model,
            lessons=published,
            quizzes=valid_quizzes,
            checklists=valid_checklists,
            strings=strings,
            assets=assets,
            minutes_by_lesson={lid: minutes[lid] for lid in published},
        ),
        diagnostics,
    )


def course_language(root: Path) -> str:
    """The language course.yml asks for, read even when the course has errors (English if it can't be read).

    For what a live preview shows while the course is broken: its error page speaks the course language.
    """
    files = _course_files(Path(root))
    parsed = _parse(Path(root), files[0], COURSE_FILE, Course, []) if files else None
    if parsed is not None and parsed.partial is not None and "language" in parsed.partial.model_fields_set:
        return parsed.partial.language
    return FALLBACK


def _course_files(root: Path) -> list[Path]:
    """The course file (content/course.yml or .yaml) and any second one beside it."""
    return [f for f in (root / CONTENT_DIR / f"{COURSE_FILE}{s}" for s in YAML_SUFFIXES) if f.is_file()]


def _display(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


_Job = tuple[Path, str, type[BaseModel]]
"""A file to read: where it is, its id, and the model it should match."""

PARALLEL_FROM = 400
"""Files a course needs before they are read on several cores: below, starting a worker costs more than it saves."""


def _parse(root: Path, file: Path, file_id: str, model: type[M], out: list[Diagnostic]) -> Parsed[M]:
    parsed: Parsed[M] = _parse_files(root, [(file, file_id, model)], out, None)[0]
    return parsed


def _parse_files(root: Path, jobs: list[_Job], out: list[Diagnostic], unchanged: Unchanged | None) -> list[Any]:
    """Each file parsed and validated (a ``Parsed``), in the order of ``jobs``; its problems added to ``out``.

    With ``unchanged``, a file with the same bytes as last time is not parsed again.
    """
    # By content, not modification time: two saves within a clock tick must not look alike.
    kept = unchanged if unchanged is not None else {}
    keys = [(file_id, _digest(file)) if unchanged is not None else None for file, file_id, _ in jobs]
    todo = [i for i, (file, _, _) in enumerate(jobs) if keys[i] is None or kept.get(file, (None,))[0] != keys[i]]
    read = parallel_map(load_file, [(jobs[i][0], _display(root, jobs[i][0])) for i in todo], min_items=PARALLEL_FROM)
    fresh = {i: _validate(doc, *jobs[i][1:]) for i, doc in zip(todo, read, strict=True)}
    results = []
    for i, (file, _, _) in enumerate(jobs):
        if i in fresh:
            parsed, problems = fresh[i]
            key = keys[i]
            if key is not None:
                kept[file] = (key, parsed, problems)
        else:
            _, parsed, problems = kept[file]
        out += problems
        results.append(parsed)
    return results


def _validate(doc: Document, file_id: str, model: type[BaseModel]) -> tuple[Parsed[Any], list[Diagnostic]]:
    parsed, found = validate_document(doc, model, file_id)
    return parsed, [*doc.diagnostics, *found]


def _digest(file: Path) -> bytes:
    return hashlib.blake2b(file.read_bytes(), digest_size=16).digest()


def _kind_files(root: Path, kind: Kind, out: list[Diagnostic], *, skip: list[Path]) -> list[Path]:
    """The kind's .yml/.yaml files to read, in order; bad names and clashing ids are errors.

    Files in ``skip`` (links leading outside the course) are never read.
    """
    folder = root / kind.folder
    if not folder.is_dir():
        return []
    found: dict[str, Path] = {}
    files = (p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file() and p not in skip)
    for file in sorted(files):
        path = _display(root, file)
        if not _ID.match(file.stem):
            message = (
                f"file name '{file.stem}' is not a valid id: use lowercase letters, digits and single "
                f"hyphens, e.g. '{_suggest_id(file.stem)}{file.suffix}'"
            )
            out.append(Diagnostic(path, 1, 1, Severity.ERROR, message))
            continue
        if file.stem in found:
            message = f"id '{file.stem}' is already used by {_display(root, found[file.stem])}"
            out.append(Diagnostic(path, 1, 1, Severity.ERROR, message))
            continue
        found[file.stem] = file
    return list(found.values())


def _bad_links(root: Path) -> dict[Path, str]:
    """Symbolic links in the course's folders that lead outside the course, or nowhere (a loop), and why each is wrong.

    MkDocs follows links when it copies content/ into the site, so a link to
    /etc/passwd, or to a folder of private files, would be published.
    """
    inside = root.resolve()
    found: dict[Path, str] = {}
    for folder in SOURCE_DIRS:
        # os.walk does not enter linked folders (followlinks=False); they are checked as entries.
        for directory, folders, files in os.walk(root / folder):
            for name in sorted((*folders, *files)):
                path = Path(directory) / name
                if not path.is_symlink():
                    continue
                try:
                    target = path.resolve()
                except (RuntimeError, OSError):  # a link to itself, or a chain of links that loops
                    found[path] = f"this link ('{os.readlink(path)}') leads back to itself: put the file here instead"
                    continue
                if not target.is_relative_to(inside):
                    found[path] = (
                        f"this is a link to '{os.readlink(path)}', outside the course, and the site would publish "
                        "what it points to: copy the file into the course instead"
                    )
    return found


def _suggest_id(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "my-id"


def _assets(content: Path) -> tuple[str, ...]:
    folder = content / ASSETS_DIR
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.relative_to(content).as_posix() for p in folder.rglob("*") if p.is_file()))
