"""Reading time of a lesson, as the content format defines it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping

from .models import (
    ActivityBlock,
    CalloutBlock,
    CompareBlock,
    DialogueBlock,
    ImageBlock,
    Lesson,
    Quiz,
    QuizBlock,
    QuoteBlock,
    StepsBlock,
    TextBlock,
)

WORDS_PER_MINUTE = 200
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as a reader sees them: Markdown link targets and markup don't count."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", text)))


def lesson_texts(lesson: Lesson) -> Iterator[str]:
    """Every text the lesson page shows, except its embedded quizzes."""
    yield lesson.title
    yield lesson.summary
    yield from lesson.objectives
    for block in lesson.blocks:
        if block.title:
            yield block.title
        yield from _block_texts(block)
    yield from lesson.takeaways


def _block_texts(block: object) -> Iterator[str]:
    if isinstance(block, (TextBlock, CalloutBlock)):
        yield block.body
    elif isinstance(block, StepsBlock):
        for step in block.items:
            yield step.title
            yield step.body
    elif isinstance(block, CompareBlock):
        for side in (block.do, block.dont):
            yield side.label or ""
            yield from side.items
    elif isinstance(block, DialogueBlock):
        if block.context:
            yield block.context
        for line in block.lines:
            yield line.speaker
            yield line.text
            yield from line.techniques or ()
    elif isinstance(block, QuoteBlock):
        yield block.text
        yield block.author
        yield block.role or ""
    elif isinstance(block, ImageBlock):
        if block.caption:
            yield block.caption
    elif isinstance(block, ActivityBlock):
        yield block.body
        yield from block.steps or ()


def reading_minutes(lesson: Lesson, quizzes: Mapping[str, Quiz]) -> int:
    """Declared minutes, else words at 200 a minute plus one per embedded question."""
    if lesson.minutes is not None:
        return lesson.minutes
    words = sum(count_words(text) for text in lesson_texts(lesson))
    questions = sum(
        len(quizzes[block.quiz].questions)
        for block in lesson.blocks
        if isinstance(block, QuizBlock) and block.quiz in quizzes
    )
    return max(1, math.ceil(words / WORDS_PER_MINUTE + questions))
