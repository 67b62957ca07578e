"""microlearn's own documentation (docs/): it builds strictly, and its YAML examples are true.

Every ```yaml fence in docs/ must say what it is, so that no example escapes checking:

- a fence titled with a course file's path (``title="quizzes/refund-check.yml"``)
  is that whole file and must validate as its kind, without a single warning;
- ``<!-- example: KIND -->`` on the line before a fence: an untitled whole file
  (course, lesson, quiz, checklist) or a fragment: a list of lesson blocks
  (``block``) or of quiz questions (``question``);
- ``<!-- mistake: KIND "word" -->``: a broken file of that kind; dropped into a
  small working course, it must give an error (whose message names ``word``,
  when given);
- ``<!-- warning: KIND -->``: likewise, but warnings and no error;
- ``<!-- not-checked: reason -->``: left alone, with the reason on record;
- ``title="mkdocs.yml"`` and ``title=".github/…"``: site settings (checked like
  microlearn reads them) and workflows (YAML).

A page whose titled examples include a course file and every lesson it lists is
a complete course: it is loaded as one and must load without a problem.
"""

from __future__ import annotations

import importlib.util
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, Field

from generator.checks import check_checklist, check_quiz
from generator.course import load_course
from generator.diagnostics import errors
from generator.kinds import CHECKLIST, KINDS, LESSON, QUIZ, SCHEMAS
from generator.loader import load_text
from generator.models import BLOCK_TYPES, Id, Model, QuestionType, Quiz
from generator.settings import read_settings
from generator.validate import validate_document

from .conftest import REPO, mkdocs_build

DOCS = REPO / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).parts[0] not in ("hooks", "schema"))
FENCE = re.compile(r"^```yaml(?P<attrs>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(
    r"<!-- (?P<what>example|mistake|warning|not-checked): ?(?P<kind>[\w-]*)(?: \"(?P<word>[^\"]+)\")?.*-->$"
)
TITLE = re.compile(r'title="([^"]+)"')
FILE_KINDS = ("course", *KINDS)


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    title: str | None
    marker: str | None
    kind: str | None
    word: str | None
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def _examples() -> list[Example]:
    found = []
    for page in PAGES:
        source = page.read_text(encoding="utf-8")
        for fence in FENCE.finditer(source):
            before = source[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
            marker = MARKER.match(before.strip())
            title = TITLE.search(fence["attrs"])
            found.append(
                Example(
                    page=str(page.relative_to(DOCS)),
                    line=source.count("\n", 0, fence.start()) + 1,
                    title=title[1] if title else None,
                    marker=marker["what"] if marker else None,
                    kind=marker["kind"] if marker else None,
                    word=marker["word"] if marker else None,
                    text=fence["body"],
                )
            )
    return found


EXAMPLES = _examples()


def _kind_of_path(path: str) -> str | None:
    """'quizzes/x.yml' → 'quiz'; None for a path that is not a course file."""
    if re.fullmatch(r"content/course\.ya?ml", path):
        return "course"
    for kind in KINDS.values():
        if re.fullmatch(rf"{re.escape(kind.folder)}/[a-z0-9-]+\.ya?ml", path):
            return kind.name
    return None


def _problems(kind: str, text: str, path: str = "example.yml") -> list[str]:
    """Every problem in a whole file of ``kind``, as the editor would read it."""
    doc = load_text(text, path)
    if doc.diagnostics:
        return [str(d) for d in doc.diagnostics]
    parsed, found = validate_document(doc, SCHEMAS[kind])
    if isinstance(parsed.model, Quiz):
        found += check_quiz(doc, parsed.model)
    if kind == "checklist":
        found += check_checklist(doc)
    return [str(d) for d in found]


def test_there_are_examples_of_every_sort() -> None:
    markers = {e.marker for e in EXAMPLES}
    assert {"example", "mistake", "warning"} <= markers
    assert {_kind_of_path(e.title or "") for e in EXAMPLES} >= set(FILE_KINDS)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_every_yaml_example_says_what_it_is(example: Example) -> None:
    if example.title:
        assert _kind_of_path(example.title) or example.title == "mkdocs.yml" or example.title.startswith(".github/"), (
            f"{example}: title a YAML example with a course file's path, mkdocs.yml or a workflow's path"
        )
        assert example.marker is None, f"{example}: a titled example needs no marker"
    else:
        assert example.marker, f"{example}: mark the example (<!-- example: lesson -->, see tests/test_docs.py)"
        if example.marker != "not-checked":
            allowed = (*FILE_KINDS, "block", "question") if example.marker == "example" else FILE_KINDS
            assert example.kind in allowed, f"{example}: unknown kind '{example.kind}'"


VALID = [e for e in EXAMPLES if (e.title and _kind_of_path(e.title)) or e.marker == "example"]


@pytest.mark.parametrize("example", VALID, ids=str)
def test_example_is_valid(example: Example) -> None:
    kind = _kind_of_path(example.title) if example.title else example.kind
    assert kind is not None
    if kind == "block":
        whole = {"title": "t", "summary": "s", "objectives": ["o"], "blocks": yaml.safe_load(example.text)}
        kind, text = "lesson", yaml.safe_dump(whole, allow_unicode=True)
    elif kind == "question":
        whole = {"title": "t", "questions": yaml.safe_load(example.text)}
        kind, text = "quiz", yaml.safe_dump(whole, allow_unicode=True)
    else:
        text = example.text
    assert _problems(kind, text) == [], f"{example}: the example is not valid"


def _small_course(root: Path) -> Path:
    """A course that loads without a problem: one of each kind of file, each with the id 'sample'."""
    files = {
        "content/course.yml": "title: T\ndescription: D\nmodules:\n  - title: M\n    lessons: [sample]\n"
        "assessments: [sample]\nchecklists: [sample]\n",
        "content/lessons/sample.yml": "title: L\nsummary: S\nobjectives: [O]\nblocks:\n  - type: text\n    body: B\n",
        "quizzes/sample.yml": "title: Q\nquestions:\n  - type: true_false\n    prompt: P\n    answer: true\n"
        "    feedback_true: Yes.\n    feedback_false: No.\n",
        "content/checklists/sample.yml": "title: C\nitems: [I]\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "content/assets").mkdir()
    (root / "content/assets/listening-loop.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return root


def test_small_course_has_no_problem(tmp_path: Path) -> None:
    assert load_course(_small_course(tmp_path))[1] == []


BROKEN = [e for e in EXAMPLES if e.marker in ("mistake", "warning")]
PLACE = {"course": "content/course.yml", **{k.name: f"{k.folder}/sample.yml" for k in (LESSON, QUIZ, CHECKLIST)}}


@pytest.mark.parametrize("example", BROKEN, ids=str)
def test_mistake_is_reported(example: Example, tmp_path: Path) -> None:
    assert example.kind in PLACE
    root = _small_course(tmp_path)
    (root / PLACE[example.kind]).write_text(example.text, encoding="utf-8")
    _, diagnostics = load_course(root)
    here = [d for d in diagnostics if d.path == PLACE[example.kind]]
    if example.marker == "mistake":
        assert errors(here), f"{example}: no error reported for this mistake"
        if example.word:
            assert any(example.word.lower() in d.message.lower() for d in errors(here)), (
                f"{example}: no error names '{example.word}': {[str(d) for d in here]}"
            )
    else:
        assert here and not errors(here), f"{example}: expected warnings only, got {[str(d) for d in here]}"


SETTINGS = [e for e in EXAMPLES if e.title == "mkdocs.yml"]
WORKFLOWS = [e for e in EXAMPLES if (e.title or "").startswith(".github/")]


@pytest.mark.parametrize("example", SETTINGS, ids=str)
def test_site_settings_example(example: Example, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(example.text, encoding="utf-8")
    settings = read_settings(config)  # a bad microlearn option raises SettingsError
    assert settings.raw.get("docs_dir") == "content"


@pytest.mark.parametrize("example", WORKFLOWS, ids=str)
def test_workflow_example_is_yaml(example: Example) -> None:
    workflow = yaml.safe_load(example.text)
    assert workflow["jobs"]


def _complete_courses() -> dict[str, list[Example]]:
    pages: dict[str, list[Example]] = {}
    for e in EXAMPLES:
        if e.title and _kind_of_path(e.title):
            pages.setdefault(e.page, []).append(e)
    complete = {}
    for page, examples in pages.items():
        course = next((e for e in examples if _kind_of_path(e.title or "") == "course"), None)
        if course is None:
            continue
        listed = {lid for module in yaml.safe_load(course.text)["modules"] for lid in module["lessons"]}
        present = {Path(e.title or "").stem for e in examples if _kind_of_path(e.title or "") == "lesson"}
        if listed <= present:
            complete[page] = examples
    return complete


COMPLETE = _complete_courses()


def test_getting_started_is_a_complete_course() -> None:
    assert "getting-started.md" in COMPLETE


@pytest.mark.parametrize("page", sorted(COMPLETE))
def test_complete_course_loads_without_a_problem(page: str, tmp_path: Path) -> None:
    for example in COMPLETE[page]:
        file = tmp_path / (example.title or "")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(example.text, encoding="utf-8")
    content, diagnostics = load_course(tmp_path)
    assert [str(d) for d in diagnostics] == []
    assert content is not None


# --- the reference covers the whole format -----------------------------------


def _models_in(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    if model in seen:
        return seen
    seen.add(model)
    stack = [info.annotation for info in model.model_fields.values()]
    while stack:
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _models_in(tp, seen)
        stack.extend(typing.get_args(tp))
    return seen


def test_reference_has_a_table_for_every_model() -> None:
    models: set[type[BaseModel]] = set()
    for model in SCHEMAS.values():
        _models_in(model, models)
    assert set(BLOCK_TYPES.values()) <= models
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    missing = sorted(m.__name__ for m in models if f"<!-- fields: {m.__name__} -->" not in text)
    assert missing == [], "add '<!-- fields: Name -->' tables for these to docs/reference/"


def test_every_block_and_question_type_has_an_example() -> None:
    blocks = {b["type"] for e in VALID if e.kind == "block" for b in yaml.safe_load(e.text)}
    assert blocks == set(BLOCK_TYPES)
    questions = {q.get("type", "single") for e in VALID if e.kind == "question" for q in yaml.safe_load(e.text)}
    assert questions == set(typing.get_args(QuestionType))


# --- the site ----------------------------------------------------------------


def test_docs_build_strictly(tmp_path: Path) -> None:
    result = mkdocs_build(REPO, tmp_path / "site", "--strict", config="mkdocs.docs.yml")
    assert result.returncode == 0, result.stderr
    lessons = (tmp_path / "site/reference/lessons/index.html").read_text(encoding="utf-8")
    assert 'id="fields-lesson"' in lessons and 'id="fields-text-block"' in lessons
    assert "<!-- fields:" not in lessons
    assert not (tmp_path / "site/schema").exists(), "the editor schemas are not part of the documentation site"
    assert not (tmp_path / "site/hooks").exists()


def _hook():
    spec = importlib.util.spec_from_file_location("docs_reference_hook", DOCS / "hooks" / "reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_field_tables_take_descriptions_and_examples_from_the_models() -> None:
    class Sample(Model):
        name: str = Field(description="What it is called.", examples=["refund-check"])
        count: int = Field(3, ge=1, le=5)
        flags: list[Id] = Field(default_factory=list)

    rows = _hook().fields_table(Sample).splitlines()
    assert "| `name` | text | **required** | What it is called. Example: `refund-check` |" in rows
    assert "| `count` | whole number (1–5) | optional, default `3` |  |" in rows
    assert "| `flags` | list of ids | optional |  |" in rows


def test_fallback_descriptions_name_real_fields() -> None:
    hook = _hook()
    stale = [
        key for key in hook.FALLBACK if key.partition(".")[2] not in hook.MODELS[key.partition(".")[0]].model_fields
    ]
    assert stale == [], "fields renamed or removed: update FALLBACK in docs/hooks/reference.py"
