"""The benchmark's synthetic course is a valid course with every block type (make bench measures it).

The benchmark itself never runs here: it is slow and measures time, which tests never assert.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path

import yaml

from generator.course import load_course
from generator.models import Block

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import synth  # noqa: E402  (from benchmarks/, put on the path above)


def test_the_synthetic_course_is_valid_and_uses_every_block_type(tmp_path: Path) -> None:
    config = synth.write_course(tmp_path / "course", 23, BENCHMARKS.parent / "mkdocs.yml")
    content, diagnostics = load_course(config.parent)
    assert diagnostics == [] and content is not None
    assert len(content.lessons) == 23 and len(content.checklists) == 3, "a checklist per module of ten"
    kinds = {qid: quiz.kind for qid, quiz in content.quizzes.items()}
    assert list(kinds.values()).count("branching") == 3, "a branching conversation per module"
    assert content.course.assessments == [qid for qid, kind in kinds.items() if kind == "branching"]
    assert all(len(quiz.questions or []) == 5 for quiz in content.quizzes.values() if quiz.kind == "questions")
    (union, _) = typing.get_args(Block)
    every = {typing.get_args(m.model_fields["type"].annotation)[0] for m in typing.get_args(union)}
    used = {block.type for lesson in content.lessons.values() for block in lesson.blocks}
    assert used == every
    assert "custom_dir" not in config.read_text(), "the plugin brings its own page templates"


def test_an_edit_changes_one_lessons_body(tmp_path: Path) -> None:
    config = synth.write_course(tmp_path / "course", 10, BENCHMARKS.parent / "mkdocs.yml")
    before, _ = load_course(config.parent)
    synth.edit_lesson(config.parent, 3, 1)
    after, _ = load_course(config.parent)
    assert before is not None and after is not None
    assert [lid for lid in before.lessons if before.lessons[lid] != after.lessons[lid]] == ["lesson-0003"]


def test_the_naive_site_has_materials_default_navigation(tmp_path: Path) -> None:
    import run

    tag = "emoji_index: !!python/name:material.extensions.emoji.twemoji"
    (tmp_path / "mkdocs.yml").write_text(
        "theme:\n  name: material\n  features:\n  - navigation.instant\n  - navigation.prune\n  - search.highlight\n"
        f"markdown_extensions:\n- pymdownx.emoji:\n    {tag}\n"
    )
    naive = run.naive_config(tmp_path).read_text()
    assert yaml.safe_load(naive.replace(tag, ""))["theme"]["features"] == ["search.highlight"]
    assert tag in naive
