"""Properties of the shipped example course that must stay true as it is edited.

The course is what visitors judge microlearn by, and a trainer's review found
checks that could be passed without reading (the right answer always first, or
always the longest), recall instead of judgement, no explanations, and a Dutch
course that was only a sample. What can be counted is counted here, from the
files as editors write them, for the English course and its Dutch translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.course import load_course
from generator.models import BLOCK_TYPES

from .conftest import REPO, mkdocs_build

COURSES = {"en": REPO, "nl": REPO / "examples/nl"}
CHANNELS = {
    "en": {"counter": ("counter",), "phone": ("phone", "call"), "chat": ("chat",)},
    "nl": {"counter": ("balie",), "phone": ("telefoon", "belt", "beller"), "chat": ("chat",)},
}
REFUND = {"en": "money back", "nl": "geld terug"}

Yaml = dict[str, Any]


def _load(path: Path) -> Yaml:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _files(root: Path) -> list[str]:
    """Every content file of a course, relative to its root: lessons, quizzes, checklists, assets."""
    return sorted(
        p.relative_to(root).as_posix()
        for folder in ("content/lessons", "content/checklists", "content/assets", "quizzes")
        for p in (root / folder).iterdir()
    )


def _quizzes(root: Path) -> dict[str, Yaml]:
    return {p.stem: _load(p) for p in sorted((root / "quizzes").glob("*.yml"))}


def _lessons(root: Path) -> dict[str, Yaml]:
    return {p.stem: _load(p) for p in sorted((root / "content/lessons").glob("*.yml"))}


def _questions(root: Path) -> Iterator[tuple[str, Yaml, Yaml]]:
    """(quiz id, quiz, question) for every question of every question quiz; branching scenarios have none."""
    for qid, quiz in _quizzes(root).items():
        for question in quiz.get("questions") or []:
            yield qid, quiz, question


def _kind(question: Yaml) -> str:
    return str(question.get("type", "single"))


def _correct(question: Yaml) -> list[int]:
    return [i for i, option in enumerate(question["options"]) if option.get("correct")]


def _scenarios(root: Path) -> dict[str, Yaml]:
    return {qid: quiz for qid, quiz in _quizzes(root).items() if quiz.get("kind") == "branching"}


def _reachable(nodes: dict[str, Yaml], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += [choice["next"] for choice in nodes[node].get("choices", [])]
    return seen


@pytest.fixture(params=sorted(COURSES))
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def root(lang: str) -> Path:
    return COURSES[lang]


def test_the_course_builds_with_strict_without_a_warning(root: Path) -> None:
    """Assessment-quality warnings included: a strict build would stop on any of them."""
    content, diagnostics = load_course(root)
    assert [str(d) for d in diagnostics] == []
    assert content is not None


def test_every_lesson_takes_three_to_six_minutes(root: Path) -> None:
    content, _ = load_course(root)
    assert content is not None
    minutes = {lid: content.minutes(lid) for lid in content.lessons}
    assert all(3 <= m <= 6 for m in minutes.values()), minutes


def test_every_quiz_shuffles_unless_a_question_says_why_not(root: Path) -> None:
    """Whole quizzes always shuffle; a question may keep its order with `shuffle: false  # reason`."""
    for qid, quiz in _quizzes(root).items():
        if quiz.get("kind") != "branching":
            assert quiz.get("shuffle", True) is True, qid
    for path in (root / "quizzes").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*shuffle:\s*false\b", line):
                assert re.search(r"#\s*\S+\s+\S+\s+\S+", line), f"{path.name}: say why the order is kept: {line}"


def test_correct_answers_are_spread_over_the_positions(root: Path) -> None:
    """Picking the same position every time must not pass: no position holds more than 40 % of the answers."""
    positions = Counter(_correct(q)[0] for _, _, q in _questions(root) if _kind(q) == "single")
    assert set(positions) == {0, 1, 2, 3}, positions
    assert max(positions.values()) <= 0.4 * sum(positions.values()), positions
    for qid, quiz in _quizzes(root).items():
        own = [_correct(q)[0] for q in quiz.get("questions") or [] if _kind(q) == "single"]
        assert len(own) < 2 or len(set(own)) > 1, (qid, own)


def test_the_correct_option_does_not_give_itself_away_by_length(root: Path) -> None:
    """Within 80-130 % of the distractors' mean length, and the longest option in at most a quarter of questions."""
    longest = 0
    singles = [(qid, q) for qid, _, q in _questions(root) if _kind(q) == "single"]
    for qid, question in singles:
        lengths = [len(option["text"]) for option in question["options"]]
        right = _correct(question)[0]
        others = [n for i, n in enumerate(lengths) if i != right]
        assert 0.8 <= lengths[right] / (sum(others) / len(others)) <= 1.3, (qid, question["id"], lengths)
        longest += lengths[right] == max(lengths)
    assert longest <= len(singles) / 4, longest


def test_select_all_questions_have_one_two_or_three_right_options_not_always_the_first(root: Path) -> None:
    multiple = [q for _, _, q in _questions(root) if _kind(q) == "multiple"]
    right = [_correct(q) for q in multiple]
    assert {len(c) for c in right} == {1, 2, 3}, right
    assert any(c != list(range(len(c))) for c in right), "the right options are always the first ones"
    assert all(len(c) < len(q["options"]) for c, q in zip(right, multiple, strict=True)), "one option must be wrong"


def test_two_thirds_of_the_questions_are_judgements_in_a_situation(root: Path) -> None:
    questions = [q for _, _, q in _questions(root)]
    with_scenario = [q for q in questions if q.get("scenario")]
    assert len(with_scenario) >= 2 / 3 * len(questions), (len(with_scenario), len(questions))


def test_every_question_explains_its_answer_and_every_option_has_feedback(root: Path) -> None:
    for qid, _, question in _questions(root):
        name = (qid, question.get("id"))
        assert question.get("explanation"), name
        if _kind(question) == "true_false":
            assert question.get("feedback_true") and question.get("feedback_false"), name
        else:
            assert all(option.get("feedback") for option in question["options"]), name


def test_every_lesson_has_practice(root: Path) -> None:
    """A check or a branching conversation (a quiz block), or an activity such as a reply to rewrite."""
    for lid, lesson in _lessons(root).items():
        assert {"quiz", "activity"} & {block["type"] for block in lesson["blocks"]}, lid


def test_every_block_type_is_used(root: Path) -> None:
    used = {block["type"] for lesson in _lessons(root).values() for block in lesson["blocks"]}
    assert used == set(BLOCK_TYPES)


def test_branching_conversations_include_a_refund_that_can_be_recovered(lang: str, root: Path) -> None:
    """At least two scenarios; in the refund one, every wrong turn that does not end the talk can still pass."""
    scenarios = _scenarios(root)
    assert len(scenarios) >= 2, sorted(scenarios)
    refund = [s for s in scenarios.values() if REFUND[lang] in yaml.safe_dump(s, allow_unicode=True).lower()]
    assert refund, "no scenario about a refund"
    for scenario in scenarios.values():
        nodes = {node["id"]: node for node in scenario["nodes"]}
        passing = {nid for nid, node in nodes.items() if node.get("ending") == "pass"}
        assert passing and any(node.get("ending") == "fail" for node in nodes.values())
        best = [
            [c.get("points", 0) for c in node["choices"]].index(max(c.get("points", 0) for c in node["choices"]))
            for node in nodes.values()
            if len(node.get("choices", [])) > 1
        ]
        assert len(set(best)) > 1, (scenario["title"], "the best reply always sits at the same place", best)
        for node in nodes.values():
            for choice in node.get("choices", []):
                if not choice.get("points") and "ending" not in nodes[choice["next"]]:
                    assert _reachable(nodes, choice["next"]) & passing, (scenario["title"], choice["next"])


def test_the_final_assessment_is_a_scenario_pool_across_channels(lang: str, root: Path) -> None:
    course = _load(root / "content/course.yml")
    quizzes = _quizzes(root)
    pools = [quizzes[q] for q in course["assessments"] if quizzes[q].get("draw")]
    assert pools, "no assessment draws from a pool"
    final = pools[0]
    assert 10 <= final["draw"] < len(final["questions"])
    assert 60 <= final.get("pass_mark", 80) <= 90
    assert {_kind(q) for q in final["questions"]} == {"single", "multiple", "true_false"}
    assert all(q.get("scenario") for q in final["questions"])
    scenes = " ".join(q["scenario"].lower() for q in final["questions"])
    for channel, words in CHANNELS[lang].items():
        assert any(word in scenes for word in words), channel


def test_the_english_course_has_three_modules_and_a_checklist_and_desk_card() -> None:
    course = _load(REPO / "content/course.yml")
    assert len(course["modules"]) == 3
    assert 7 <= sum(len(m["lessons"]) for m in course["modules"]) <= 10
    checklists = {c: _load(REPO / "content/checklists" / f"{c}.yml") for c in course["checklists"]}
    rated = [c for c in checklists.values() if c.get("scale")]
    cards = [c for c in checklists.values() if c.get("scale") == []]
    assert rated and cards
    for sheet in rated:
        assert len(sheet["scale"]) <= 5 and "Not applicable" in sheet["scale"]
        assert not {"Customer", "Case", "Customer or case"} & set(sheet.get("fields", []))


def test_the_dutch_course_covers_every_english_file_with_the_same_ids() -> None:
    en, nl = COURSES["en"], COURSES["nl"]
    assert _files(nl) == _files(en)
    assert _load(nl / "content/course.yml")["modules"].__len__() == len(_load(en / "content/course.yml")["modules"])
    for part in ("modules", "assessments", "checklists"):
        english, dutch = (_load(r / "content/course.yml")[part] for r in (en, nl))
        if part == "modules":
            english, dutch = ([m["lessons"] for m in x] for x in (english, dutch))
        assert dutch == english, part
    english_quizzes, dutch_quizzes = _quizzes(en), _quizzes(nl)
    for qid, quiz in english_quizzes.items():
        dutch = dutch_quizzes[qid]
        for key in ("kind", "draw", "pass_mark", "start"):
            assert dutch.get(key) == quiz.get(key), (qid, key)
        shape = [
            (q.get("id"), _kind(q), _correct(q) if "options" in q else q["answer"]) for q in quiz.get("questions", [])
        ]
        assert shape == [
            (q.get("id"), _kind(q), _correct(q) if "options" in q else q["answer"]) for q in dutch.get("questions", [])
        ], qid
        assert [n["id"] for n in quiz.get("nodes", [])] == [n["id"] for n in dutch.get("nodes", [])], qid
    english_lessons, dutch_lessons = _lessons(en), _lessons(nl)
    for lid, lesson in english_lessons.items():
        blocks = [(b["type"], b.get("quiz"), b.get("checklist")) for b in lesson["blocks"]]
        assert [(b["type"], b.get("quiz"), b.get("checklist")) for b in dutch_lessons[lid]["blocks"]] == blocks, lid


def test_the_dutch_course_speaks_dutch_and_uses_lsd() -> None:
    nl = COURSES["nl"]
    assert _load(nl / "content/course.yml")["language"] == "nl"
    assert "Luisteren, Samenvatten, Doorvragen" in (nl / "content/course.yml").read_text(encoding="utf-8")
    text = " ".join(p.read_text(encoding="utf-8") for p in (nl / "content").rglob("*.yml"))
    assert "parafrase" not in text.lower(), "one word for the step: samenvatten"


def test_the_dutch_course_switches_the_interface_language(tmp_path: Path) -> None:
    result = mkdocs_build(COURSES["nl"], tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text()
    assert '<html lang="nl"' in home
    lesson = (tmp_path / "site/lessons/why-listening-matters/index.html").read_text()
    assert "Controleer antwoord" in lesson and "Toon antwoord" in lesson
    assert "Check answer" not in lesson and "Show answer" not in lesson
