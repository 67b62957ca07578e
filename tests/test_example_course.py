"""Properties of the shipped example course that must stay true as it is edited."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.course import load_course
from generator.models import QuizBlock

from .conftest import REPO, mkdocs_build

COURSES = {"en": REPO, "nl": REPO / "examples/nl"}


@pytest.fixture(scope="module", params=sorted(COURSES))
def shipped(request: pytest.FixtureRequest):
    content, diagnostics = load_course(COURSES[request.param])
    assert [str(d) for d in diagnostics] == [], "the shipped course builds with --strict: no warnings"
    assert content is not None
    return content


def test_every_lesson_takes_three_to_six_minutes(shipped) -> None:
    minutes = {lid: shipped.minutes(lid) for lid in shipped.lessons}
    assert all(3 <= m <= 6 for m in minutes.values()), minutes


def test_every_option_has_feedback(shipped) -> None:
    for qid, quiz in shipped.quizzes.items():
        for n, q in enumerate(quiz.questions):
            if q.type == "true_false":
                assert q.feedback_true and q.feedback_false, (qid, n)
            else:
                assert all(o.feedback for o in q.options or []), (qid, n)


def test_the_english_course_is_complete() -> None:
    content, _ = load_course(REPO)
    assert content is not None
    assert 7 <= len(content.lessons) <= 10
    assert len(content.course.modules) == 3
    used = Counter(block.type for lesson in content.lessons.values() for block in lesson.blocks)
    assert set(used) == {
        "text",
        "steps",
        "compare",
        "dialogue",
        "quote",
        "callout",
        "image",
        "activity",
        "quiz",
        "checklist",
    }
    for module in content.course.modules:
        assert any(isinstance(b, QuizBlock) for lid in module.lessons for b in content.lessons[lid].blocks), (
            module.title
        )
    final = [content.quizzes[q] for q in content.course.assessments]
    assert any(
        10 <= len(q.questions) <= 15 and {x.type for x in q.questions} == {"single", "multiple", "true_false"}
        for q in final
    )
    assert "refund-knowledge-check" in content.quizzes
    assert content.course.checklists


def test_the_dutch_course_switches_the_interface_language(tmp_path: Path) -> None:
    result = mkdocs_build(COURSES["nl"], tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text()
    assert '<html lang="nl"' in home
    lesson = next((tmp_path / "site/lessons").rglob("index.html")).read_text()
    assert "Controleer antwoord" in lesson and "Toon antwoord" in lesson
    assert "Check answer" not in lesson and "Show answer" not in lesson
