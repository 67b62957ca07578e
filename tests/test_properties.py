"""Property-based tests (hypothesis): any valid course builds and shows everything it holds;
any YAML document, or any bytes, in any content file is reported, never raised.

Courses are written as files and read back through the whole pipeline
(loader, models, checks, renderer), as an editor's repository would be.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.course import load_course
from generator.render import RenderOptions, render_site

from .conftest import COURSES
from .test_loader import both_ways
from .test_robustness import DIAGNOSTIC

EXAMPLES = {"valid courses": 60, "yaml documents": 150, "bytes": 150, "one-pass reader": 200}
"""Examples per property (the first three make the 360 the closing note of issue 12 gives)."""


def examples(name: str) -> settings:
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,  # a course load takes tens of milliseconds on a busy machine; no timing here
        database=None,  # nothing written into the repository
        suppress_health_check=[HealthCheck.too_slow],
    )


# Words of letters (any script) with spaces: text that Markdown leaves as it is, so it can be found on the page.
WORD = st.text(st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=8)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
SHORT = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def questions(draw: st.DrawFn) -> dict[str, Any]:
    texts = draw(st.lists(SHORT, min_size=2, max_size=8, unique_by=str.casefold))
    correct = draw(st.integers(0, len(texts) - 1))
    options = [{"text": t, "correct": i == correct, "feedback": draw(TEXT)} for i, t in enumerate(texts)]
    return {"prompt": draw(TEXT), "options": options, "explanation": draw(TEXT)}


@st.composite
def courses(draw: st.DrawFn) -> dict[str, Any]:
    """The files of a valid course, by path: 1-3 lessons, each with a dialogue and its own quiz, and a checklist."""
    files: dict[str, Any] = {}
    lesson_ids = [f"lesson-{n}" for n in range(1, draw(st.integers(1, 3)) + 1)]
    for lesson_id in lesson_ids:
        quiz_id = f"{lesson_id}-check"
        lines = draw(st.lists(st.fixed_dictionaries({"speaker": SHORT, "text": TEXT}), min_size=1, max_size=4))
        files[f"content/lessons/{lesson_id}.yml"] = {
            "title": draw(SHORT),
            "summary": draw(TEXT),
            "objectives": draw(st.lists(TEXT, min_size=1, max_size=3)),
            "blocks": [{"type": "dialogue", "lines": lines}, {"type": "quiz", "quiz": quiz_id}],
        }
        files[f"quizzes/{quiz_id}.yml"] = {
            "title": draw(SHORT),
            "questions": draw(st.lists(questions(), min_size=1, max_size=3)),
        }
    files["content/checklists/after.yml"] = {
        "title": draw(SHORT),
        "items": draw(st.lists(TEXT, min_size=1, max_size=6, unique_by=str.casefold)),
    }
    files["content/course.yml"] = {
        "title": draw(SHORT),
        "description": draw(TEXT),
        "modules": [{"title": draw(SHORT), "lessons": lesson_ids}],
        "checklists": ["after"],
    }
    return files


@contextmanager
def course_folder(files: dict[str, Any] | None = None) -> Iterator[Path]:
    """A copy of the minimal course (with its mkdocs.yml and assets), ``files`` written over it as YAML."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(COURSES / "minimal", root)
        if files is not None:
            for folder in ("content/lessons", "content/checklists", "quizzes"):
                shutil.rmtree(root / folder)
                (root / folder).mkdir()
            for path, data in files.items():
                (root / path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        yield root


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@examples("valid courses")
@given(courses())
def test_a_valid_course_builds_and_every_text_is_on_its_page(files: dict[str, Any]) -> None:
    with course_folder(files) as root:
        content, diagnostics = load_course(root)
    assert content is not None, [str(d) for d in diagnostics]
    assert not [d for d in diagnostics if d.is_error]
    pages = {page.path: _plain(page.text()) for page in render_site(content, RenderOptions()).pages}
    for path, data in files.items():
        if path.startswith("quizzes/"):
            page = pages[f"quizzes/{Path(path).stem}.md"]
            for question in data["questions"]:
                assert question["prompt"] in page
                for option in question["options"]:
                    assert option["text"] in page and option["feedback"] in page
        elif path.startswith("content/lessons/"):
            page = pages[f"lessons/{Path(path).stem}.md"]
            for line in data["blocks"][0]["lines"]:
                assert line["speaker"] in page and line["text"] in page
            for objective in data["objectives"]:
                assert objective in page
        elif path.startswith("content/checklists/"):
            page = pages[f"checklists/{Path(path).stem}.md"]
            for item in data["items"]:
                assert item in page


CONTENT_FILES = [
    "content/course.yml",
    "content/lessons/intro.yml",
    "quizzes/check.yml",
    "content/checklists/after-call.yml",
]
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
KEYS = st.sampled_from(["title", "summary", "questions", "options", "blocks", "type", "items", "modules", "lessons"])
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS | st.text(max_size=8), children, max_size=5),
    max_leaves=25,
)


def _reported_not_raised(root: Path) -> None:
    content, diagnostics = load_course(root)
    for d in diagnostics:
        assert DIAGNOSTIC.match(str(d)), str(d)
    if content is None:
        assert any(d.is_error for d in diagnostics)
    else:
        render_site(content)  # whatever passes the checks also renders


@examples("yaml documents")
@given(st.sampled_from(CONTENT_FILES), DOCUMENTS)
def test_any_yaml_document_in_any_content_file_is_reported_not_raised(path: str, document: Any) -> None:
    with course_folder() as root:
        (root / path).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        _reported_not_raised(root)


@examples("bytes")
@given(st.sampled_from(CONTENT_FILES), st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_any_bytes_in_any_content_file_are_reported_not_raised(path: str, data: bytes) -> None:
    with course_folder() as root:
        (root / path).write_bytes(data)
        _reported_not_raised(root)


@examples("one-pass reader")
@given(DOCUMENTS, st.sampled_from([False, True, None]), st.sampled_from([None, '"', "'"]), st.booleans())
def test_the_one_pass_reader_agrees_with_the_full_one(
    document: Any, flow: bool | None, style: str | None, twice: bool
) -> None:
    """Any document, in any style (twice over: duplicate keys), reads the same both ways."""
    text = yaml.safe_dump(document, default_flow_style=flow, default_style=style, allow_unicode=True)
    if twice:
        text += text
    quick, full, _ = both_ways(text)
    assert quick == full
