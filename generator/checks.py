"""Rules that a single model cannot express: within a quiz, within a lesson, across files."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity, did_you_mean, field_path, quoted_list
from .i18n import Strings, available
from .loader import Document, Loc
from .models import (
    Checklist,
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


def question_key(given: object, position: int) -> str:
    """A question's key for saved progress: its id, or q1, q2, … by position (1-based)."""
    return given if isinstance(given, str) else f"q{position}"


def question_ids(quiz: Quiz) -> list[str]:
    return [question_key(q.id, n) for n, q in enumerate(quiz.questions, start=1)]


# --- one quiz ---------------------------------------------------------------


def check_quiz(doc: Document, quiz: Quiz) -> Iterable[Diagnostic]:
    for index, question in enumerate(quiz.questions):
        yield from _check_question(doc, ("questions", index), question)


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


def check_checklist(doc: Document) -> Iterable[Diagnostic]:
    """Checklist rules, read from the data so they hold even when another field is malformed."""
    if not isinstance(doc.data, dict):
        return
    data = doc.data
    if "items" not in data and "sections" not in data:
        yield _at(doc, (), "missing 'items' or 'sections': a checklist needs one of them")
    if "items" in data and "sections" in data:
        yield _at(
            doc, ("sections",), "use either 'items' or 'sections', not both: put loose items into a section", key=True
        )
    scale = data.get("scale")
    if isinstance(scale, list) and scale:
        low, high = SCALE_LENGTH
        if not low <= len(scale) <= high:
            message = f"scale must have {low} to {high} ratings (or be [] for tick boxes), found {len(scale)}"
            yield _at(doc, ("scale",), message)
        yield from _duplicates(doc, ("scale",), [str(v) for v in scale], "scale")


def _duplicates(doc: Document, loc: Loc, values: list[str], name: str) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield _at(doc, (*loc, i), f"{name}[{i}] '{value}' is listed twice")
        seen.add(value)


# --- one lesson -------------------------------------------------------------


def check_lesson(doc: Document, lesson: Lesson, assets: set[str], quizzes: Mapping[str, Quiz]) -> Iterable[Diagnostic]:
    embedded: dict[str, int] = {}
    for i, block in enumerate(lesson.blocks):
        if isinstance(block, ImageBlock):
            yield from _check_image(doc, ("blocks", i), block, assets)
        elif isinstance(block, QuizBlock):
            if block.quiz in embedded:
                first = embedded[block.quiz]
                message = (
                    f"quiz '{block.quiz}' is already in blocks[{first}]; both copies share saved answers: embed it once"
                )
                yield _at(doc, ("blocks", i, "quiz"), message, warning=True)
            embedded.setdefault(block.quiz, i)
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
#
# References are read from each file's data rather than its model, so a file
# with one malformed field still has its references checked in the same run.


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _ids(value: object) -> list[tuple[int, str]]:
    """(index, id) for the text entries of a list in the data."""
    return [(i, v) for i, v in enumerate(_list(value)) if isinstance(v, str)]


def _mapping(doc: Document) -> dict[str, object]:
    return doc.data if isinstance(doc.data, dict) else {}


def _is_draft(p: Parsed[Lesson]) -> bool:
    return p.model.draft if p.model else _mapping(p.doc).get("draft") is True


def _block_refs(doc: Document, kind: str) -> list[tuple[int, str]]:
    """(block index, id) of the lesson's quiz or checklist blocks."""
    blocks = _list(_mapping(doc).get("blocks"))
    return [
        (i, b[kind]) for i, b in enumerate(blocks)
        if isinstance(b, dict) and b.get("type") == kind and isinstance(b.get(kind), str)
    ]  # fmt: skip


def _raw_question_ids(doc: Document) -> list[str]:
    questions = _list(_mapping(doc).get("questions"))
    return [question_key(q.get("id") if isinstance(q, dict) else None, n) for n, q in enumerate(questions, start=1)]


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
        # Ids are read from the data, so they are checked even when a question is malformed.
        out += _unique_question_ids(p.doc)
        if p.model:
            out += check_quiz(p.doc, p.model)
        else:
            out += _check_valid_parts(p.doc, "questions", Question, _check_question)
    for p in checklists.values():
        out += check_checklist(p.doc)
    asset_set = set(assets)
    for p in lessons.values():
        if p.model:
            out += check_lesson(p.doc, p.model, asset_set, valid_quizzes)
        else:
            out += _check_valid_parts(p.doc, "blocks", ImageBlock, lambda d, loc, b: _check_image(d, loc, b, asset_set))
        for i, ref in _block_refs(p.doc, "quiz"):
            out += _missing_ref(p.doc, ("blocks", i, "quiz"), "quiz", ref, quizzes)
        for i, ref in _block_refs(p.doc, "checklist"):
            out += _missing_ref(p.doc, ("blocks", i, "checklist"), "checklist", ref, checklists)
    if course.doc.data is None:
        return out
    doc, data = course.doc, _mapping(course.doc)
    if course.model is not None:
        out += _language(doc, course.model.language, strings)

    placed: dict[str, Loc] = {}
    outline_readable = bool(_list(data.get("modules")))
    for m, module in enumerate(_list(data.get("modules"))):
        module_lessons = module.get("lessons") if isinstance(module, dict) else None
        outline_readable &= isinstance(module_lessons, list)
        for i, lid in _ids(module_lessons):
            loc: Loc = ("modules", m, "lessons", i)
            if lid not in lessons:
                hint = did_you_mean(lid, lessons)
                out.append(_at(doc, loc, f"modules[{m}].lessons[{i}]: no lesson '{lid}' in content/lessons/{hint}"))
            elif lid in placed:
                first = placed[lid][1]
                message = f"lesson '{lid}' is already in modules[{first}]; a lesson belongs to exactly one module"
                out.append(_at(doc, loc, message))
            else:
                placed[lid] = loc
                if _is_draft(lessons[lid]):
                    out.append(_at(doc, loc, f"lesson '{lid}' is a draft and is left out of the site", warning=True))
    if outline_readable:
        for lid, p in lessons.items():
            if lid not in placed and p.doc.data is not None and not _is_draft(p):
                message = (
                    f"lesson '{lid}' is in no module: add it to a module's lessons in {doc.path}, or set 'draft: true'"
                )
                out.append(_at(p.doc, (), message))

    used_quizzes = _check_refs(doc, "assessments", "quiz", data.get("assessments"), quizzes, out)
    used_checklists = _check_refs(doc, "checklists", "checklist", data.get("checklists"), checklists, out)
    for lid, p in lessons.items():
        if lid in placed and not _is_draft(p):
            used_quizzes.update(ref for _, ref in _block_refs(p.doc, "quiz"))
            used_checklists.update(ref for _, ref in _block_refs(p.doc, "checklist"))
    if outline_readable:
        where = f"'assessments' in {doc.path}"
        for qid, p in quizzes.items():
            if qid not in used_quizzes:
                message = f"quiz '{qid}' is not used: add a 'quiz' block to a lesson or list it in {where}"
                out.append(_at(p.doc, (), message, warning=True))
        where = f"'checklists' in {doc.path}"
        for cid, p in checklists.items():
            if cid not in used_checklists:
                message = f"checklist '{cid}' is not used: add a 'checklist' block to a lesson or list it in {where}"
                out.append(_at(p.doc, (), message, warning=True))
    return out


def _language(doc: Document, language: str, strings: Strings) -> list[Diagnostic]:
    if not strings.found:
        message = (
            f"no interface strings for language '{language}'; using English (available: {quoted_list(available())})"
        )
        return [_at(doc, ("language",), message, warning=True)]
    if strings.missing:
        message = f"interface strings for '{language}' lack {quoted_list(strings.missing)}; using English for those"
        return [_at(doc, ("language",), message, warning=True)]
    return []


def _unique_question_ids(doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for index, qid in enumerate(_raw_question_ids(doc)):
        if qid in seen:
            message = f"question id '{qid}' in questions[{index}] is already used by questions[{seen[qid]}]; ids must be unique in a quiz"
            out.append(_at(doc, ("questions", index, "id"), message))
        seen.setdefault(qid, index)
    return out


def _check_valid_parts(
    doc: Document, field: str, model: type[M], check: Callable[[Document, Loc, M], Iterable[Diagnostic]]
) -> list[Diagnostic]:
    """Run a part's rules on each part that is valid on its own, when its file as a whole is not.

    That way one malformed question does not hide the rule broken by the next.
    """
    out: list[Diagnostic] = []
    for i, part in enumerate(_list(_mapping(doc).get(field))):
        if model is ImageBlock and not (isinstance(part, dict) and part.get("type") == "image"):
            continue
        try:
            valid = model.model_validate(part)
        except ValidationError:
            continue
        out += check(doc, (field, i), valid)
    return out


def _check_refs(
    doc: Document, field: str, kind: str, value: object, known: Mapping[str, object], out: list[Diagnostic]
) -> set[str]:
    """Errors for unknown and repeated ids in a course list; returns the ids listed."""
    used: set[str] = set()
    for i, ref in _ids(value):
        if ref in used:
            out.append(_at(doc, (field, i), f"{field}[{i}]: '{ref}' is listed twice"))
        used.add(ref)
        out += _missing_ref(doc, (field, i), kind, ref, known)
    return used


FOLDERS = {"quiz": "quizzes/", "checklist": "content/checklists/"}


def _missing_ref(doc: Document, loc: Loc, kind: str, ref: str, known: Mapping[str, object]) -> list[Diagnostic]:
    """An error at ``loc`` when the quiz or checklist ``ref`` does not exist."""
    if ref in known:
        return []
    where = field_path(loc)
    return [_at(doc, loc, f"{where}: no {kind} '{ref}' in {FOLDERS[kind]}{did_you_mean(ref, known)}")]
