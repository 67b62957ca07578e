"""Rules that a single model cannot express: within a quiz, within a lesson, across files."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity, did_you_mean, quoted_list
from .i18n import Strings, available
from .loader import Document, Loc
from .models import (
    Checklist,
    ChecklistBlock,
    Course,
    ImageBlock,
    Lesson,
    Question,
    Quiz,
    QuizBlock,
)
from .timing import reading_minutes

if TYPE_CHECKING:
    from .course import Parsed

M = TypeVar("M", bound=BaseModel)
MAX_LESSON_MINUTES = 10
SCALE_LENGTH = (2, 5)


def _at(doc: Document, loc: Loc, message: str, *, key: bool = False, warning: bool = False) -> Diagnostic:
    line, col = doc.marks.locate(loc, key=key)
    return Diagnostic(doc.path, line, col, Severity.WARNING if warning else Severity.ERROR, message)


def quiz_refs(lesson: Lesson) -> list[str]:
    return [b.quiz for b in lesson.blocks if isinstance(b, QuizBlock)]


def checklist_refs(lesson: Lesson) -> list[str]:
    return [b.checklist for b in lesson.blocks if isinstance(b, ChecklistBlock)]


def question_ids(quiz: Quiz) -> list[str]:
    """Each question's key for saved progress: its id, or q1, q2, … by position."""
    return [q.id or f"q{n}" for n, q in enumerate(quiz.questions, start=1)]


# --- one quiz ---------------------------------------------------------------


def check_quiz(doc: Document, quiz: Quiz) -> Iterable[Diagnostic]:
    seen: dict[str, int] = {}
    for index, (qid, question) in enumerate(zip(question_ids(quiz), quiz.questions, strict=True)):
        loc: Loc = ("questions", index)
        if qid in seen:
            where = (*loc, "id") if question.id else loc
            first = seen[qid]
            yield _at(
                doc,
                where,
                f"question id '{qid}' in questions[{index}] is already used by questions[{first}]; ids must be unique in a quiz",
            )
        seen.setdefault(qid, index)
        yield from _check_question(doc, loc, question)


def _check_question(doc: Document, loc: Loc, q: Question) -> Iterable[Diagnostic]:
    name = f"questions[{loc[1]}]"
    if q.type == "true_false":
        if q.options is not None:
            yield _at(
                doc,
                (*loc, "options"),
                f"'options' is not allowed on a true_false question ({name}): True and False are generated; say which is right with 'answer: true' or 'answer: false'",
                key=True,
            )
        if q.answer is None:
            yield _at(
                doc,
                loc,
                f"missing required field 'answer' in {name}: a true_false question needs 'answer: true' or 'answer: false'",
            )
        for field, label in (("feedback_true", "True"), ("feedback_false", "False")):
            if getattr(q, field) is None:
                yield _at(
                    doc,
                    loc,
                    f"{name} has no '{field}': learners who choose {label} get no feedback",
                    warning=True,
                )
        return
    for field in ("answer", "feedback_true", "feedback_false"):
        if getattr(q, field) is not None:
            yield _at(
                doc,
                (*loc, field),
                f"'{field}' is only for true_false questions ({name} is '{q.type}'); mark right options with 'correct: true' and give each option its own 'feedback'",
                key=True,
            )
    if q.options is None:
        yield _at(
            doc,
            loc,
            f"missing required field 'options' in {name}: a '{q.type}' question needs 2 to 8 options",
        )
        return
    correct = sum(o.correct for o in q.options)
    if q.type == "single" and correct != 1:
        fix = (
            "mark one with 'correct: true'"
            if correct == 0
            else "keep one, or use 'type: multiple' for select-all-that-apply"
        )
        yield _at(
            doc,
            (*loc, "options"),
            f"a 'single' question needs exactly one correct option; {name} has {correct}: {fix}",
            key=True,
        )
    if q.type == "multiple" and correct == 0:
        yield _at(
            doc,
            (*loc, "options"),
            f"a 'multiple' question needs at least one correct option; {name} has none: mark them with 'correct: true'",
            key=True,
        )
    texts: dict[str, int] = {}
    for i, option in enumerate(q.options):
        oloc = (*loc, "options", i)
        if option.text.strip() in texts:
            yield _at(
                doc,
                (*oloc, "text"),
                f"option text in {name}.options[{i}] repeats options[{texts[option.text.strip()]}]; option texts must be unique within a question",
            )
        texts.setdefault(option.text.strip(), i)
        if option.feedback is None:
            yield _at(
                doc,
                oloc,
                f"{name}.options[{i}] has no 'feedback': say why this choice is right or wrong",
                warning=True,
            )


# --- one checklist ----------------------------------------------------------


def check_checklist(doc: Document, checklist: Checklist) -> Iterable[Diagnostic]:
    if checklist.items is None and checklist.sections is None:
        yield _at(doc, (), "missing 'items' or 'sections': a checklist needs one of them")
    if checklist.items is not None and checklist.sections is not None:
        yield _at(
            doc,
            ("sections",),
            "use either 'items' or 'sections', not both: put loose items into a section",
            key=True,
        )
    if checklist.scale is not None and checklist.scale:
        low, high = SCALE_LENGTH
        if not low <= len(checklist.scale) <= high:
            yield _at(
                doc,
                ("scale",),
                f"scale must have {low} to {high} ratings (or be [] for tick boxes), found {len(checklist.scale)}",
            )
        yield from _duplicates(doc, ("scale",), checklist.scale, "scale")


def _duplicates(doc: Document, loc: Loc, values: list[str], name: str) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield _at(doc, (*loc, i), f"{name}[{i}] '{value}' is listed twice")
        seen.add(value)


# --- one lesson -------------------------------------------------------------


def check_lesson(doc: Document, lesson: Lesson, assets: set[str], quizzes: Mapping[str, Quiz]) -> Iterable[Diagnostic]:
    for i, block in enumerate(lesson.blocks):
        if isinstance(block, ImageBlock):
            yield from _check_image(doc, ("blocks", i), block, assets)
    minutes = reading_minutes(lesson, quizzes)
    if minutes > MAX_LESSON_MINUTES and not lesson.draft:
        where: Loc = ("minutes",) if lesson.minutes is not None else ()
        yield _at(
            doc,
            where,
            f"this lesson takes {minutes} minutes; microlearning lessons should take at most {MAX_LESSON_MINUTES}: split it in two",
            warning=True,
        )


def _check_image(doc: Document, loc: Loc, image: ImageBlock, assets: set[str]) -> Iterable[Diagnostic]:
    src = image.src
    name = f"blocks[{loc[1]}].src"
    if "://" in src or src.startswith(("//", "data:")):
        yield _at(
            doc,
            (*loc, "src"),
            f"{name} must be a file in content/assets/, not an address: the site loads nothing from other hosts",
        )
    else:
        normal = posixpath.normpath(src)
        if src.startswith("/") or not normal.startswith("assets/"):
            yield _at(
                doc,
                (*loc, "src"),
                f"{name} must be a path inside content/assets/ relative to content/, e.g. 'assets/{posixpath.basename(src)}'; found '{src}'",
            )
        elif normal not in assets:
            hint = did_you_mean(normal, assets)
            yield _at(
                doc,
                (*loc, "src"),
                f"image file '{src}' not found in content/assets/{hint}",
            )
    if not image.decorative and not (image.alt or "").strip():
        where = (*loc, "alt") if image.alt is not None else loc
        yield _at(
            doc,
            where,
            f"blocks[{loc[1]}] needs 'alt' text that says what the image shows (or 'decorative: true' if it adds nothing)",
        )


# --- across files -----------------------------------------------------------


def check_course(
    course: Parsed[Course],
    lessons: Mapping[str, Parsed[Lesson]],
    quizzes: Mapping[str, Parsed[Quiz]],
    checklists: Mapping[str, Parsed[Checklist]],
    assets: Iterable[str],
    strings: Strings,
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    valid_quizzes = {qid: p.model for qid, p in quizzes.items() if p.model}
    for p in quizzes.values():
        out += (
            check_quiz(p.doc, p.model) if p.model else _check_valid_parts(p.doc, "questions", Question, _check_question)
        )
    for p in checklists.values():
        if p.model:
            out += check_checklist(p.doc, p.model)
    asset_set = set(assets)
    for p in lessons.values():
        if p.model:
            out += check_lesson(p.doc, p.model, asset_set, valid_quizzes)
        else:
            out += _check_valid_parts(p.doc, "blocks", ImageBlock, lambda d, loc, b: _check_image(d, loc, b, asset_set))
    if course.model is None:
        return out
    doc, model = course.doc, course.model
    if not strings.found:
        out.append(
            _at(
                doc,
                ("language",),
                f"no interface strings for language '{model.language}'; using English (available: {quoted_list(available())})",
                warning=True,
            )
        )
    elif strings.missing:
        out.append(
            _at(
                doc,
                ("language",),
                f"interface strings for '{model.language}' lack {quoted_list(strings.missing)}; using English for those",
                warning=True,
            )
        )

    placed: dict[str, Loc] = {}
    for m, module in enumerate(model.modules):
        for i, lid in enumerate(module.lessons):
            loc: Loc = ("modules", m, "lessons", i)
            if lid not in lessons:
                out.append(
                    _at(
                        doc,
                        loc,
                        f"modules[{m}].lessons[{i}]: no lesson '{lid}' in content/lessons/{did_you_mean(lid, lessons)}",
                    )
                )
            elif lid in placed:
                first = placed[lid]
                out.append(
                    _at(
                        doc,
                        loc,
                        f"lesson '{lid}' is already in modules[{first[1]}]; a lesson belongs to exactly one module",
                    )
                )
            else:
                placed[lid] = loc
                lesson = lessons[lid].model
                if lesson is not None and lesson.draft:
                    out.append(
                        _at(
                            doc,
                            loc,
                            f"lesson '{lid}' is a draft and is left out of the site",
                            warning=True,
                        )
                    )
    for lid, p in lessons.items():
        if lid not in placed and p.model is not None and not p.model.draft:
            out.append(
                _at(
                    p.doc,
                    (),
                    f"lesson '{lid}' is in no module: add it to a module's lessons in {doc.path}, or set 'draft: true'",
                )
            )

    published = [p for lid, p in lessons.items() if lid in placed and not (p.model and p.model.draft)]
    used_quizzes = _check_refs(doc, "assessments", model.assessments, quizzes, "quizzes/", out)
    used_checklists = _check_refs(doc, "checklists", model.checklists, checklists, "content/checklists/", out)
    for p in lessons.values():
        if p.model is None:
            continue
        for i, block in enumerate(p.model.blocks):
            if isinstance(block, QuizBlock):
                out += _missing_ref(
                    p.doc,
                    ("blocks", i, "quiz"),
                    "quiz",
                    block.quiz,
                    quizzes,
                    "quizzes/",
                )
            elif isinstance(block, ChecklistBlock):
                out += _missing_ref(
                    p.doc,
                    ("blocks", i, "checklist"),
                    "checklist",
                    block.checklist,
                    checklists,
                    "content/checklists/",
                )
    for p in published:
        used_quizzes.update(_raw_refs(p.doc, "quiz"))
        used_checklists.update(_raw_refs(p.doc, "checklist"))
    for qid, p in quizzes.items():
        if qid not in used_quizzes:
            out.append(
                _at(
                    p.doc,
                    (),
                    f"quiz '{qid}' is not used: add a 'quiz' block to a lesson or list it in 'assessments' in {doc.path}",
                    warning=True,
                )
            )
    for cid, p in checklists.items():
        if cid not in used_checklists:
            out.append(
                _at(
                    p.doc,
                    (),
                    f"checklist '{cid}' is not used: add a 'checklist' block to a lesson or list it in 'checklists' in {doc.path}",
                    warning=True,
                )
            )
    return out


def _raw_refs(doc: Document, kind: str) -> list[str]:
    """Ids a lesson's blocks refer to, read from the data so an invalid lesson still counts as a use."""
    blocks = doc.data.get("blocks") if isinstance(doc.data, dict) else None
    return [
        b[kind] for b in blocks or [] if isinstance(b, dict) and b.get("type") == kind and isinstance(b.get(kind), str)
    ]


def _check_valid_parts(
    doc: Document, field: str, model: type[M], check: Callable[[Document, Loc, M], Iterable[Diagnostic]]
) -> list[Diagnostic]:
    """Run a part's rules on each part that is valid on its own, when its file as a whole is not.

    That way one malformed question does not hide the rule broken by the next.
    """
    parts = doc.data.get(field) if isinstance(doc.data, dict) else None
    out: list[Diagnostic] = []
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        if model is ImageBlock and not (isinstance(part, dict) and part.get("type") == "image"):
            continue
        try:
            valid = model.model_validate(part)
        except ValidationError:
            continue
        out += check(doc, (field, i), valid)
    return out


def _check_refs(
    doc: Document,
    field: str,
    ids: list[str],
    known: Mapping[str, object],
    folder: str,
    out: list[Diagnostic],
) -> set[str]:
    used: set[str] = set()
    for i, ref in enumerate(ids):
        if ref in used:
            out.append(_at(doc, (field, i), f"{field}[{i}]: '{ref}' is listed twice"))
        used.add(ref)
        out += _missing_ref(doc, (field, i), field, ref, known, folder)
    return used


def _missing_ref(
    doc: Document,
    loc: Loc,
    field: str,
    ref: str,
    known: Mapping[str, object],
    folder: str,
) -> list[Diagnostic]:
    if ref in known:
        return []
    kind = "quiz" if folder == "quizzes/" else "checklist"
    return [
        _at(
            doc,
            loc,
            f"{field}: no {kind} '{ref}' in {folder}{did_you_mean(ref, known)}",
        )
    ]
