"""Reading time of a lesson, as the content format defines it."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from .models import Lesson, Quiz
from .scenario import longest_path

WORDS_PER_MINUTE = 200
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def count_words(*texts: str) -> int:
    """Words as a reader sees them: Markdown link targets and markup don't count.

    Several texts are counted in one pass (no word runs across the line break between two).
    """
    return len(_WORD.findall("\n".join(_LINK_TARGET.sub("]", text) for text in texts)))


def reading_minutes(lesson: Lesson, quizzes: Mapping[str, Quiz]) -> int:
    """Declared minutes, else words at 200 a minute plus one per embedded question (or scenario reply)."""
    if lesson.minutes is not None:
        return lesson.minutes
    words = count_words(*lesson.texts())
    questions = sum(_answers(quizzes[qid]) for qid in lesson.quiz_ids if qid in quizzes)
    return max(1, math.ceil(words / WORDS_PER_MINUTE + questions))


def _answers(quiz: Quiz) -> int:
    """How many answers a learner gives: its questions, or a scenario's replies on its longest path."""
    return longest_path(quiz) if quiz.kind == "branching" else len(quiz.questions or [])
