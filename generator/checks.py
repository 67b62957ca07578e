"""Rules that a single model cannot express: within a quiz, within a lesson, across files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity, did_you_mean, errors, field_path, item_name, quoted_list
from .i18n import Strings, available
from .kinds import ASSETS_DIR, CONTENT_DIR, KINDS, LESSON
from .loader import Document, Loc
from .models import (
    BRANCHING_ONLY,
    ENDING_FIELDS,
    ENDING_REQUIRED,
    QUESTIONS_ONLY,
    SCALE_LENGTH,
    STEP_FIELDS,
    STEP_REQUIRED,
    Checklist,
    Course,
    ImageBlock,
    Lesson,
    Node,
    Question,
    Quiz,
    QuizBlock,
)
from .scenario import loops, reachable
from .validate import Parsed

M = TypeVar("M", bound=BaseModel)
ASSETS_WHERE = f"{CONTENT_DIR}/{ASSETS_DIR}/"
MAX_LESSON_MINUTES = 10


def _at(doc: Document, loc: Loc, message: str, *, key: bool = False, warning: bool = False) -> Diagnostic:
    line, col = doc.marks.locate(loc, key=key)
    return Diagnostic(doc.path, line, col, Severity.WARNING if warning else Severity.ERROR, message)


# --- one quiz ---------------------------------------------------------------


def check_quiz(doc: Document, quiz: Quiz) -> Iterable[Diagnostic]:
    yield from check_quiz_kind(doc)
    if quiz.kind == "branching":
        yield from check_scenario(doc, quiz)
        return
    sound: list[int] = []
    for index, question in enumerate(quiz.questions or []):
        found = list(_check_question(doc, ("questions", index), question))
        yield from found
        if not errors(found):
            sound.append(index)
    yield from _same_position(doc, quiz, sound)
    yield from _check_draw(doc, quiz)


def _check_draw(doc: Document, quiz: Quiz) -> Iterable[Diagnostic]:
    """A pool cannot hand out more questions than it holds (the schema cannot say so: it is a count of another field)."""
    pool = len(quiz.questions or [])
    if quiz.draw is not None and 0 < pool < quiz.draw:
        held = "only 1 question" if pool == 1 else f"only {pool} questions"
        yield _at(
            doc,
            ("draw",),
            f"'draw' is {quiz.draw}, but the quiz has {held}: each attempt cannot show more questions than there are; use a number from 1 to {pool}, or leave 'draw' out to show them all",
        )


def _check_question(doc: Document, loc: Loc, q: Question) -> Iterable[Diagnostic]:
    """A question's rules; once it breaks none, the assessment-quality warnings on it."""
    found = list(_question_rules(doc, loc, q))
    yield from found
    if not errors(found):
        yield from _question_quality(doc, loc, q)


def _question_rules(doc: Document, loc: Loc, q: Question) -> Iterable[Diagnostic]:
    name = field_path(loc)
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
                f"option text in {field_path(oloc)} repeats option {texts[option.text.strip()] + 1}; option texts must be unique within a question",
            )
        texts.setdefault(option.text.strip(), i)
        if option.feedback is None:
            yield _at(
                doc,
                oloc,
                f"{field_path(oloc)} has no 'feedback': say why this choice is right or wrong",
                warning=True,
            )


# Assessment quality: warnings about questions that follow the rules but teach or
# measure badly. They name the questions and are only given for questions without errors.


def _question_quality(doc: Document, loc: Loc, q: Question) -> Iterable[Diagnostic]:
    name = field_path(loc)
    if q.type == "multiple" and q.options and all(o.correct for o in q.options):
        yield _at(
            doc,
            (*loc, "options"),
            f"every option of {name} is correct: a learner who ticks them all scores without thinking; add an option that is wrong",
            key=True,
            warning=True,
        )
    if q.explanation is not None:
        return
    if q.type == "true_false":
        field = "feedback_true" if q.answer else "feedback_false"
        unexplained = "" if getattr(q, field) is not None else f"the correct answer ({q.answer!s}) has no '{field}'"
    else:
        options = [item_name("options", i) for i, o in enumerate(q.options or []) if o.correct and o.feedback is None]
        unexplained = (
            f"the correct {' and '.join(options)} {'has' if len(options) == 1 else 'have'} no 'feedback'"
            if options
            else ""
        )
    if unexplained:
        yield _at(
            doc,
            loc,
            f"{name} has no 'explanation' and {unexplained}: a learner who chose wrong never learns why the right answer is right; add either",
            warning=True,
        )


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
SAME_POSITION_MIN = 3
"""How many unshuffled 'single' questions with the correct option in one place make a pattern."""


def _same_position(doc: Document, quiz: Quiz, sound: list[int]) -> Iterable[Diagnostic]:
    """Unshuffled 'single' questions whose correct options all sit at the same position."""
    positions: dict[int, int] = {}
    for index in sound:
        q = (quiz.questions or [])[index]
        if q.type == "single" and q.options and not quiz.shuffles(q):
            positions[index] = next(i for i, o in enumerate(q.options) if o.correct)
    if len(positions) < SAME_POSITION_MIN or len(set(positions.values())) != 1:
        return
    names = [field_path(("questions", i)) for i in positions]
    position = next(iter(positions.values()))
    where: Loc = ("shuffle",) if isinstance(doc.data, dict) and "shuffle" in doc.data else ("questions",)
    yield _at(
        doc,
        where,
        f"the correct option comes {_ORDINALS[position]} in every 'single' question whose options are not shuffled "
        f"({', '.join(names[:-1])} and {names[-1]}): a learner can pass by always picking the {_ORDINALS[position]} option; "
        "set 'shuffle: true' or move some correct options",
        key=True,
        warning=True,
    )


# --- one branching scenario -----------------------------------------------


def check_quiz_kind(doc: Document) -> Iterable[Diagnostic]:
    """The fields a quiz's kind needs, and those of the other kind; read from the data, so they hold in any file."""
    data = doc.data
    if not isinstance(data, dict) or data.get("kind", "questions") not in ("questions", "branching"):
        return
    if data.get("kind") == "branching":
        for field in QUESTIONS_ONLY:
            if field in data:
                why = _NOT_IN_SCENARIO[field]
                message = f"'{field}' is for a quiz of questions, not a branching scenario (kind: branching): {why}"
                yield _at(doc, (field,), message, key=True)
        for field in BRANCHING_ONLY:
            if field not in data:
                yield _at(doc, (), f"missing required field '{field}': a branching scenario needs 'start' and 'nodes'")
        return
    for field in BRANCHING_ONLY:
        if field in data:
            message = f"'{field}' is for a branching scenario: add 'kind: branching' (and leave out 'questions'), or remove 'start' and 'nodes'"
            yield _at(doc, (field,), message, key=True)
    if "questions" not in data:
        yield _at(doc, (), "missing required field 'questions'")


_NOT_IN_SCENARIO = {
    "questions": "its conversation goes in 'nodes'",
    "draw": "it has no questions to draw from",
    "shuffle": "its choices keep the order they are written in",
    "pass_mark": "it is passed by reaching an ending with 'ending: pass'",
}


def check_scenario(doc: Document, quiz: Quiz) -> Iterable[Diagnostic]:
    """The rules of a branching scenario's graph: each one an error at the node, choice or field that breaks it."""
    if quiz.start is None or quiz.nodes is None:
        return  # check_quiz_kind says what is missing
    nodes = quiz.nodes
    first: dict[str, int] = {}  # each node id, at the node that has it first
    for i, node in enumerate(nodes):
        loc: Loc = ("nodes", i)
        if node.id in first:
            message = f"node id '{node.id}' in {field_path(loc)} is already used by {field_path(('nodes', first[node.id]))}; ids must be unique in a scenario"
            yield _at(doc, (*loc, "id"), message)
        first.setdefault(node.id, i)
        yield from _node_shape(doc, loc, node)
    if quiz.start not in first:
        message = f"start: no node '{quiz.start}' in this scenario{did_you_mean(str(quiz.start), first)}"
        yield _at(doc, ("start",), message)
    for i, node in enumerate(nodes):
        for c, choice in enumerate(node.choices or []):
            if _LINK.search(choice.text):
                loc = ("nodes", i, "choices", c, "text")
                message = (
                    f"{field_path(loc)} holds a link: the whole reply is what the learner picks, and a link inside it "
                    "cannot be followed; write the reply without one (a node's 'context' or an ending's 'summary' may link)"
                )
                yield _at(doc, loc, message)
            if choice.next not in first:
                loc = ("nodes", i, "choices", c, "next")
                message = (
                    f"{field_path(loc)}: no node '{choice.next}' in this scenario{did_you_mean(choice.next, first)}"
                )
                yield _at(doc, loc, message)
    if quiz.start not in first:
        return
    seen = reachable(quiz)
    for i, node in enumerate(nodes):
        if node.id not in seen and first[node.id] == i:
            message = f"node '{node.id}' is never reached: no path from the start ('{quiz.start}') leads to it; name it in a choice's 'next', or remove it"
            yield _at(doc, ("nodes", i, "id"), message)
    for edge, loop in loops(quiz):
        loc = ("nodes", edge.node, "choices", edge.choice, "next")
        message = (
            f"{field_path(loc)} leads back to '{edge.target}', which is earlier on the path: {' → '.join(loop)}; "
            "a scenario may not loop (a learner who wants another go uses Restart): lead to a new node or an ending"
        )
        yield _at(doc, loc, message)
    if not any(node.ending == "pass" for node in nodes):
        message = "no ending passes: at least one node needs 'ending: pass', or the scenario can never be passed"
        yield _at(doc, ("nodes",), message, key=True)


_LINK = re.compile(r"\]\s*[(\[]|<(?:https?:|mailto:|a\s)", re.IGNORECASE)
"""A Markdown link ([text](url), [text][ref]), an autolink (<https://…>) or an HTML one (<a href>)."""


def _node_shape(doc: Document, loc: Loc, node: Node) -> Iterable[Diagnostic]:
    """A node is a step (speaker, says, choices) or an ending (ending, summary), not both and not neither."""
    name = f"{field_path(loc)} ('{node.id}')"
    step = [f for f in STEP_FIELDS if getattr(node, f) is not None]
    ending = [f for f in ENDING_FIELDS if getattr(node, f) is not None]
    if step and ending:
        extra = [f"'{f}'" for f in (ending if node.ending is None else step)]
        listed = extra[0] if len(extra) == 1 else f"{', '.join(extra[:-1])} and {extra[-1]}"
        message = (
            f"{name} is both a step and an ending: a step has 'speaker', 'says' and 'choices', an ending has 'ending' and "
            f"'summary'; split it into two nodes, or remove {listed}"
        )
        yield _at(doc, (*loc, (ending if node.ending is None else step)[0]), message, key=True)
    elif step or ending:
        required, needs = (
            (ENDING_REQUIRED, "an ending needs 'ending' (pass or fail) and 'summary'")
            if ending
            else (STEP_REQUIRED, "a step needs 'speaker', 'says' and 'choices'")
        )
        for field in required:
            if getattr(node, field) is None:
                yield _at(doc, loc, f"missing required field '{field}' in {name}: {needs}")
    else:
        message = f"{name} is neither a step nor an ending: give it 'speaker', 'says' and 'choices', or 'ending' and 'summary'"
        yield _at(doc, loc, message)


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
        yield from _duplicates(doc, ("scale",), [str(v) for v in scale])


def _duplicates(doc: Document, loc: Loc, values: list[str]) -> Iterable[Diagnostic]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield _at(doc, (*loc, i), f"{field_path((*loc, i))} '{value}' is listed twice")
        seen.add(value)


# --- one lesson -------------------------------------------------------------


def check_lesson(doc: Document, lesson: Lesson, assets: set[str], minutes: int) -> Iterable[Diagnostic]:
    """``minutes``: its reading time (``timing.reading_minutes``), which the course keeps too."""
    embedded: dict[str, int] = {}
    for i, block in enumerate(lesson.blocks):
        if isinstance(block, ImageBlock):
            yield from _check_image(doc, ("blocks", i), block, assets)
        elif isinstance(block, QuizBlock):
            if block.quiz in embedded:
                first = embedded[block.quiz]
                message = f"quiz '{block.quiz}' is already in {field_path(('blocks', first))}; both copies share saved answers: embed it once"
                yield _at(doc, ("blocks", i, "quiz"), message, warning=True)
            embedded.setdefault(block.quiz, i)
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
    name = field_path((*loc, "src"))
    if "://" in src or src.startswith(("//", "data:")):
        yield _at(
            doc,
            (*loc, "src"),
            f"{name} must be a file in {ASSETS_WHERE}, not an address: the site loads nothing from other hosts",
        )
    else:
        normal = posixpath.normpath(src)
        if src.startswith("/") or not normal.startswith(f"{ASSETS_DIR}/"):
            yield _at(
                doc,
                (*loc, "src"),
                f"{name} must be a path inside {ASSETS_WHERE} relative to {CONTENT_DIR}/, e.g. '{ASSETS_DIR}/{posixpath.basename(src)}'; found '{src}'",
            )
        elif normal not in assets:
            hint = did_you_mean(normal, assets)
            yield _at(
                doc,
                (*loc, "src"),
                f"image file '{src}' not found in {ASSETS_WHERE}{hint}",
            )
    if not image.decorative and not (image.alt or "").strip():
        where = (*loc, "alt") if image.alt is not None else loc
        yield _at(
            doc,
            where,
            f"{field_path(loc)} needs 'alt' text that says what the image shows (or 'decorative: true' if it adds nothing)",
        )


# --- across files -----------------------------------------------------------
#
# References and ids are read from each file's partial model (``Parsed.partial``),
# so a file with one malformed field still has the rest checked in the same run.


def check_course(
    course: Parsed[Course],
    lessons: Mapping[str, Parsed[Lesson]],
    quizzes: Mapping[str, Parsed[Quiz]],
    checklists: Mapping[str, Parsed[Checklist]],
    assets: Iterable[str],
    strings: Strings,
    minutes: Mapping[str, int],
    *,
    preview: bool = False,
) -> list[Diagnostic]:
    """Every rule across files; ``preview`` (a live preview, not a build) eases the rules for work in progress.

    ``minutes``: the reading time of each valid lesson.
    """
    out = _check_quizzes(quizzes)
    for checklist in checklists.values():
        out += check_checklist(checklist.doc)
    out += _check_lessons(lessons, quizzes, checklists, set(assets), minutes)
    if course.partial is None:
        return out
    if course.model is not None:
        out += _language(course.doc, course.model.language, strings)
    placed, out_outline = _check_outline(course, lessons, preview=preview)
    out += out_outline
    out += _check_usage(course, lessons, placed, quizzes, checklists)
    return out


def _check_quizzes(quizzes: Mapping[str, Parsed[Quiz]]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for p in quizzes.values():
        if p.partial is not None:
            out += _unique_question_ids(p.doc, p.partial)
        if p.model:
            out += check_quiz(p.doc, p.model)
        else:
            out += check_quiz_kind(p.doc)
            out += _check_valid_parts(p.doc, "questions", Question, _check_question)
    return out


def _check_lessons(
    lessons: Mapping[str, Parsed[Lesson]],
    quizzes: Mapping[str, Parsed[Quiz]],
    checklists: Mapping[str, Parsed[Checklist]],
    assets: set[str],
    minutes: Mapping[str, int],
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for lid, p in lessons.items():
        if p.model:
            out += check_lesson(p.doc, p.model, assets, minutes[lid])
        else:
            out += _check_valid_parts(p.doc, "blocks", ImageBlock, lambda d, loc, b: _check_image(d, loc, b, assets))
        if p.partial is None:
            continue
        for kind, known in (("quiz", quizzes), ("checklist", checklists)):
            for i, ref in p.partial.refs(kind):
                out += _missing_ref(p.doc, ("blocks", i, kind), kind, ref, known)
    return out


def _check_outline(
    course: Parsed[Course], lessons: Mapping[str, Parsed[Lesson]], *, preview: bool
) -> tuple[set[str], list[Diagnostic]]:
    """Each lesson in exactly one module, and every published lesson in one; returns the lessons placed.

    A lesson in no module is an error in a build, but only a warning in a preview: a new
    lesson file is written before it is added to course.yml.
    """
    assert course.partial is not None
    doc = course.doc
    out: list[Diagnostic] = []
    placed: dict[str, int] = {}
    for m, module in enumerate(course.partial.modules):
        for i, lid in enumerate(module.lessons if module is not None else []):
            if lid is None:
                continue
            loc: Loc = ("modules", m, "lessons", i)
            if lid not in lessons:
                hint = did_you_mean(lid, lessons)
                out.append(_at(doc, loc, f"{field_path(loc)}: no lesson '{lid}' in {LESSON.where}{hint}"))
            elif lid in placed:
                message = f"lesson '{lid}' is already in {field_path(('modules', placed[lid]))}; a lesson belongs to exactly one module"
                out.append(_at(doc, loc, message))
            else:
                placed[lid] = m
                if _is_draft(lessons[lid]):
                    out.append(_at(doc, loc, f"lesson '{lid}' is a draft and is left out of the site", warning=True))
    if _outline_readable(course.partial):
        for lid, p in lessons.items():
            if lid not in placed and p.doc.data is not None and not _is_draft(p):
                message = (
                    f"lesson '{lid}' is in no module: add it to a module's lessons in {doc.path}, or set 'draft: true'"
                )
                out.append(_at(p.doc, (), message, warning=preview))
    return set(placed), out


def _check_usage(
    course: Parsed[Course],
    lessons: Mapping[str, Parsed[Lesson]],
    placed: set[str],
    quizzes: Mapping[str, Parsed[Quiz]],
    checklists: Mapping[str, Parsed[Checklist]],
) -> list[Diagnostic]:
    """The home page's lists refer to existing files, once each; every quiz and checklist is used."""
    assert course.partial is not None
    doc = course.doc
    out: list[Diagnostic] = []
    for field, kind, known in (("assessments", "quiz", quizzes), ("checklists", "checklist", checklists)):
        used = _check_refs(doc, field, kind, getattr(course.partial, field), known, out)
        for lid in placed:
            lesson = lessons[lid].partial
            if lesson is not None and not lesson.draft:
                used.update(ref for _, ref in lesson.refs(kind))
        if not _outline_readable(course.partial):
            continue
        for item_id, p in known.items():
            if item_id not in used:
                message = f"{kind} '{item_id}' is not used: add a '{kind}' block to a lesson or list it in '{field}' in {doc.path}"
                out.append(_at(p.doc, (), message, warning=True))
    return out


def _outline_readable(course: Course) -> bool:
    """Whether every module's lesson list could be read: only then can a lesson be in no module."""
    modules = course.modules
    return bool(modules) and all(m is not None and "lessons" in m.model_fields_set for m in modules)


def _is_draft(p: Parsed[Lesson]) -> bool:
    return p.partial is not None and p.partial.draft


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


def _unique_question_ids(doc: Document, quiz: Quiz) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for index, qid in enumerate(quiz.question_keys):
        if qid in seen:
            message = f"question id '{qid}' in {field_path(('questions', index))} is already used by {field_path(('questions', seen[qid]))}; ids must be unique in a quiz"
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
    parts = doc.data.get(field) if isinstance(doc.data, dict) else None
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
    doc: Document, field: str, kind: str, refs: list[str | None], known: Mapping[str, object], out: list[Diagnostic]
) -> set[str]:
    """Errors for unknown and repeated ids in a course list; returns the ids listed."""
    used: set[str] = set()
    for i, ref in enumerate(refs):
        if ref is None:
            continue
        if ref in used:
            out.append(_at(doc, (field, i), f"{field_path((field, i))}: '{ref}' is listed twice"))
        used.add(ref)
        out += _missing_ref(doc, (field, i), kind, ref, known)
    return used


def _missing_ref(doc: Document, loc: Loc, kind: str, ref: str, known: Mapping[str, object]) -> list[Diagnostic]:
    """An error at ``loc`` when the quiz or checklist ``ref`` does not exist."""
    if ref in known:
        return []
    where = field_path(loc)
    return [_at(doc, loc, f"{where}: no {kind} '{ref}' in {KINDS[kind].where}{did_you_mean(ref, known)}")]
