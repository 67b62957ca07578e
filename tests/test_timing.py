"""Reading time as the content format defines it: shown words at 200 a minute, plus a minute per quiz question."""

from __future__ import annotations

from generator.models import Lesson, Quiz
from generator.timing import count_words, reading_minutes

QUIZ = Quiz.model_validate({"title": "Q", "questions": [{"type": "true_false", "prompt": "x", "answer": True}] * 2})


def lesson(words: int, *more_blocks: dict[str, object], **extra: object) -> Lesson:
    # title (1) + summary (1) + objective (1) + the body
    body = " ".join(["word"] * (words - 3))
    blocks = [{"type": "text", "body": body}, *more_blocks]
    return Lesson.model_validate({"title": "T", "summary": "S", "objectives": ["O"], "blocks": blocks, **extra})


def test_words_count_as_a_reader_sees_them() -> None:
    assert count_words("A [link](https://example.org/a-b-c) and **bold** don't-count-twice") == 5


def test_minutes_round_up_from_words_and_add_one_per_question() -> None:
    assert reading_minutes(lesson(400), {}) == 2
    assert reading_minutes(lesson(401), {}) == 3
    with_quiz = lesson(401, {"type": "quiz", "quiz": "q"})
    assert reading_minutes(with_quiz, {"q": QUIZ}) == 5  # ceil(401/200 + 2)


def test_declared_minutes_win_and_a_short_lesson_takes_one_minute() -> None:
    assert reading_minutes(lesson(4000, minutes=4), {}) == 4
    assert reading_minutes(lesson(4), {}) == 1


def test_dialogue_speakers_and_techniques_are_read_too() -> None:
    dialogue = {
        "type": "dialogue",
        "lines": [{"speaker": "Agent Smith", "text": "Hello there", "techniques": ["Open question"]}],
    }
    plain = Lesson.model_validate({"title": "T", "summary": "S", "objectives": ["O"], "blocks": [dialogue]})
    assert sum(count_words(t) for t in plain.texts()) == 3 + 2 + 2 + 2


def test_a_link_left_open_in_one_text_hides_no_words_of_the_next() -> None:
    # Read all at once, "](" in the summary would otherwise swallow the body up to its ")".
    body = " ".join(["word"] * 300) + " (end)"
    open_link = Lesson.model_validate(
        {"title": "T", "summary": "see [this](", "objectives": ["O"], "blocks": [{"type": "text", "body": body}]}
    )
    assert reading_minutes(open_link, {}) == 2  # ceil((1 + 2 + 1 + 301) / 200)
    assert sum(count_words(t) for t in open_link.texts()) == 305
