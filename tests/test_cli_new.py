"""``microlearn new``: a course folder an editor can live in, and new lessons, quizzes and checklists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import scaffold
from generator.cli import main
from generator.course import load_course
from generator.diagnostics import errors

from .conftest import copy_course


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("new") / "onboarding"
    assert main(["new", str(root), "--title", "Onboarding"]) == 0
    return root


def test_new_writes_a_complete_course_folder(course: Path) -> None:
    assert sorted(snapshot(course)) == [
        ".github/workflows/course.yml",
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "README.md",
        "content/assets/.gitkeep",
        "content/checklists/after-the-task.yml",
        "content/course.yml",
        "content/lessons/first-lesson.yml",
        "mkdocs.yml",
        "quizzes/first-check.yml",
        "schemas/checklist.schema.json",
        "schemas/course.schema.json",
        "schemas/lesson.schema.json",
        "schemas/quiz.schema.json",
    ]
    assert "site/" in (course / ".gitignore").read_text().splitlines()
    readme = (course / "README.md").read_text()
    assert readme.startswith("# Onboarding\n")
    for command in (
        "microlearn serve",
        "microlearn validate",
        "microlearn new lesson",
        "microlearn build",
        "pip install",
    ):
        assert command in readme
    assert "mkdocs" not in readme.replace("mkdocs.yml", "")


def test_every_content_file_names_its_schema(course: Path) -> None:
    settings = json.loads((course / ".vscode/settings.json").read_text())["yaml.schemas"]
    for schema, globs in settings.items():
        assert (course / schema).is_file()
        for pattern in globs:
            for file in course.glob(pattern):
                first = file.read_text().splitlines()[0]
                assert first == f"# yaml-language-server: $schema={_relative(file, course / schema)}"
                assert (file.parent / first.split("=", 1)[1]).resolve() == (course / schema).resolve()
    assert set(settings) == {f"./schemas/{k}.schema.json" for k in ("course", "lesson", "quiz", "checklist")}


def _relative(file: Path, target: Path) -> str:
    import os

    return Path(os.path.relpath(target.resolve(), file.parent.resolve())).as_posix()


def test_the_workflow_validates_pull_requests_and_publishes_main(course: Path) -> None:
    workflow = yaml.safe_load((course / ".github/workflows/course.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["validate"]["if"] == "github.event_name == 'pull_request'"
    runs = [step.get("run", "") for step in jobs["validate"]["steps"]]
    assert "microlearn validate --format github" in runs
    deploy = jobs["deploy"]
    assert deploy["if"] == "github.event_name != 'pull_request'"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = deploy["steps"]
    assert any(step.get("run", "").startswith("microlearn build") for step in steps)
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/upload-pages-artifact" in uses and uses[-1] == "actions/deploy-pages"
    assert next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "site"


def test_a_course_in_its_own_folder_validates_and_builds_with_the_installed_command(tmp_path: Path) -> None:
    """What a course repository does: microlearn installed, then new, validate, new lesson, build."""
    microlearn = str(Path(sys.executable).parent / "microlearn")

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([microlearn, *args], cwd=cwd, capture_output=True, text=True, check=False)

    created = run("new", "course", "--title", "Own repository", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.rstrip().endswith("run: cd course && microlearn serve")
    root = tmp_path / "course"
    assert run("validate", cwd=root).returncode == 0
    added = run("new", "lesson", "second-lesson", cwd=root)
    assert added.returncode == 0, added.stderr
    checked = run("validate", "--strict", cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert "2 lessons, 1 quiz, 1 checklist: OK" in checked.stdout
    built = run("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert (root / "site/lessons/second-lesson/index.html").is_file()


def test_new_lesson_joins_a_module_and_keeps_course_yml_as_written(tmp_path: Path) -> None:
    root = copy_course("example", tmp_path / "c")
    before = (root / "content/course.yml").read_text()
    code = main(["new", "lesson", "quiet-listening", "--module", "the core TECHNIQUES", "--root", str(root)])
    assert code == 0
    after = (root / "content/course.yml").read_text()
    assert after == before.replace(
        "      - paraphrase-and-empathy\n", "      - paraphrase-and-empathy\n      - quiet-listening\n"
    )
    lesson = (root / "content/lessons/quiet-listening.yml").read_text()
    assert lesson.startswith("# yaml-language-server: $schema=../../schemas/lesson.schema.json\n#")
    assert 'title: "Quiet listening"' in lesson
    content, diagnostics = load_course(root)
    assert errors(diagnostics) == []
    assert "quiet-listening" in content.lessons


def test_new_lesson_goes_to_the_last_module_by_default_and_quizzes_and_checklists_validate(course: Path) -> None:
    root = course.parent / "copy"
    import shutil

    shutil.copytree(course, root)
    assert main(["new", "lesson", "wrap-up", "--title", "Wrap: up", "--root", str(root)]) == 0
    assert "    lessons: [first-lesson, wrap-up]\n" in (root / "content/course.yml").read_text()
    assert main(["new", "quiz", "final-check", "--root", str(root)]) == 0
    assert main(["new", "checklist", "next-time", "--root", str(root)]) == 0
    assert main(["new", "quiz", "at-the-counter", "--kind", "branching", "--root", str(root)]) == 0
    content, diagnostics = load_course(root)
    assert errors(diagnostics) == []
    scenario = content.quizzes["at-the-counter"]
    assert scenario.kind == "branching" and scenario.title == "At the counter"
    assert (root / "quizzes/at-the-counter.yml").read_text().startswith("# yaml-language-server: $schema=")
    assert content.lessons["wrap-up"].title == "Wrap: up"
    assert content.quizzes["final-check"].title == "Final check"
    assert content.checklists["next-time"].title == "Next time"
    assert {d.message.split(":")[0] for d in diagnostics} <= {
        "quiz 'final-check' is not used",
        "quiz 'at-the-counter' is not used",
        "checklist 'next-time' is not used",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lesson", "Handling Refunds"],
            "microlearn: 'Handling Refunds' is not a valid id: use lowercase letters, digits and single hyphens "
            "(it becomes the file name and the page address); did you mean 'handling-refunds'?",
        ),
        (
            ["lesson", "first-lesson"],
            "microlearn: a lesson 'first-lesson' already exists: content/lessons/first-lesson.yml",
        ),
        (
            ["lesson", "extra", "--module", "Getting startd"],
            "microlearn: content/course.yml has no module 'Getting startd'; did you mean 'Getting started'?",
        ),
        (["quiz", "first-check"], "microlearn: a quiz 'first-check' already exists: quizzes/first-check.yml"),
        (
            ["quiz", "extra", "--module", "Getting started"],
            "microlearn: --module is for lessons; a quiz is not part of a module",
        ),
        (
            ["lesson", "extra", "--kind", "branching"],
            "microlearn: --kind is for quizzes (questions or branching); a lesson has no kind",
        ),
    ],
)
def test_new_item_refuses_and_writes_nothing(
    course: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(course)
    assert main(["new", *args, "--root", str(course)]) == 1
    assert capsys.readouterr().err == message + "\n"
    assert snapshot(course) == before


def test_a_failed_course_yml_update_removes_the_new_lesson(
    course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(file: Path, text: str) -> None:
        raise PermissionError("read-only file")

    monkeypatch.setattr(scaffold, "_replace", fail)
    before = snapshot(course)
    assert main(["new", "lesson", "extra", "--root", str(course)]) == 1
    assert "could not update content/course.yml: read-only file" in capsys.readouterr().err
    assert snapshot(course) == before


def test_new_outside_a_course_and_mixed_up_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "lesson", "intro", "--root", str(tmp_path)]) == 1
    assert "no content/course.yml in" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    for args, wording in (
        (["new", "lesson"], "give the new lesson's id: microlearn new lesson ID (a course folder: ./lesson)"),
        (["new", "course-dir", "extra"], "'course-dir' is not lesson, quiz or checklist"),
        (["new", "quiz", "q", "--language", "nl"], "--language is for a new course"),
        (["new", str(tmp_path / "c"), "--module", "m"], "--module and --root are for a new lesson"),
        (["new", str(tmp_path / "c"), "--kind", "branching"], "--kind is for a new quiz"),
        (["new", "quiz", "q", "--kind", "branchng"], "invalid choice: 'branchng'"),
    ):
        with pytest.raises(SystemExit) as stop:
            main(args)
        assert stop.value.code == 2
        assert wording in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_help_shows_both_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    shown = capsys.readouterr().out
    assert "microlearn new COURSE_DIR" in shown
    assert "microlearn new {lesson,quiz,checklist} ID" in shown
