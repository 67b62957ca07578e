"""The ``microlearn`` command as an editor runs it."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from .conftest import COURSES, copy_course


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_validate_a_clean_course() -> None:
    result = run("validate", str(COURSES / "complete"))
    assert result.returncode == 0
    assert "3 lessons, 3 quizzes, 2 checklists: OK" in result.stdout


def test_validate_loads_no_renderer_printer_or_packager() -> None:
    """Editors run validate on every save: it imports only what checking needs (a fifth of its time otherwise)."""
    code = (
        "import sys; from generator.cli import main; status = main(['validate', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markdown', 'weasyprint', 'ruamel') "
        "or m in ('generator.render', 'generator.scorm', 'generator.runner', 'generator.export')), status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(COURSES / "complete")], capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1] == "[] 0", result.stdout + result.stderr


def test_validate_reports_every_problem_without_a_traceback(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "c")
    (root / "quizzes/check.yml").write_text("title: Check\nquestions:\n  - promt: x\n    type: single\n")
    (root / "content/lessons/intro.yml").write_text(
        (root / "content/lessons/intro.yml").read_text().replace("title:", "titel:")
    )
    result = run("validate", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/lessons/intro.yml:1:1: error: unknown key 'titel'; did you mean 'title'?",
        "quizzes/check.yml:3:5: error: unknown key 'promt' in question 1; did you mean 'prompt'?",
        "2 errors in course content",
    ]


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "c")
    (root / "content/course.yml").write_text((root / "content/course.yml").read_text() + "language: fr\n")
    assert run("validate", str(root)).returncode == 0
    strict = run("validate", "--strict", str(root))
    assert strict.returncode == 1
    assert "content/course.yml:7:11: warning: no interface strings for language 'fr'" in strict.stderr
    assert "1 warning in course content" in strict.stderr


def test_validate_a_missing_folder() -> None:
    result = run("validate", "/nonexistent/course")
    assert result.returncode == 1
    assert "no folder /nonexistent/course" in result.stderr


def test_schema_describes_every_file_kind(tmp_path: Path) -> None:
    assert run("schema", str(tmp_path)).returncode == 0
    lesson = json.loads((tmp_path / "lesson.schema.json").read_text())
    assert lesson["additionalProperties"] is False
    assert set(lesson["required"]) == {"title", "summary", "objectives", "blocks"}
    quiz = json.loads((tmp_path / "quiz.schema.json").read_text())
    assert quiz["properties"]["pass_mark"]["maximum"] == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "checklist.schema.json",
        "course.schema.json",
        "lesson.schema.json",
        "quiz.schema.json",
    ]


def test_the_shipped_schemas_are_up_to_date(tmp_path: Path) -> None:
    from .conftest import REPO

    assert run("schema", str(tmp_path)).returncode == 0
    for fresh in tmp_path.iterdir():
        shipped = REPO / "docs/schema" / fresh.name
        assert shipped.read_text() == fresh.read_text(), f"run: microlearn schema --out docs/schema ({fresh.name})"


def test_new_creates_a_course_that_builds_strictly(tmp_path: Path) -> None:
    from .conftest import mkdocs_build

    root = tmp_path / "onboarding"
    result = run("new", str(root), "--title", 'Welcome: "the basics"', "--language", "nl")
    assert result.returncode == 0, result.stderr
    assert run("validate", "--strict", str(root)).returncode == 0
    build = mkdocs_build(root, root / "site", "--strict")
    assert build.returncode == 0, build.stderr
    home = (root / "site/index.html").read_text()
    assert 'Welcome: "the basics"' in home.replace("&#34;", '"').replace("&quot;", '"')
    assert '<html lang="nl"' in home
    assert 'name: "Donkere modus"' in (root / "mkdocs.yml").read_text()


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = run("new", str(tmp_path))
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_schema_out_option_and_its_mistakes(tmp_path: Path) -> None:
    assert run("schema", "--out", str(tmp_path / "a")).returncode == 0
    assert len(list((tmp_path / "a").iterdir())) == 4
    missing = run("schema")
    assert missing.returncode == 2
    assert "where to? give --out DIR" in missing.stderr
    assert run("schema", str(tmp_path / "b"), "--out", str(tmp_path / "c")).returncode == 2


def test_validate_reports_github_annotations(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "c")
    (root / "quizzes/check.yml").write_text("title: Check\nquestions:\n  - promt: x\n    type: single\n")
    result = run("validate", "--format", "github", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=quizzes/check.yml,line=3,col=5::unknown key 'promt' in question 1; did you mean 'prompt'?"
    ]
    assert result.stderr.splitlines() == ["1 error in course content"]


def test_github_annotations_are_escaped() -> None:
    from generator.diagnostics import Diagnostic, Severity, github_annotation

    d = Diagnostic("a,b:c%.yml", 2, 3, Severity.WARNING, "50% done\r\nnext: a, b")
    # A line break in a message is already written as an escape (Diagnostic keeps messages one line).
    assert github_annotation(d) == "::warning file=a%2Cb%3Ac%25.yml,line=2,col=3::50%25 done\\r\\nnext: a, b"


def test_validate_reports_a_broken_mkdocs_yml(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "c")
    config = root / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original.replace("site_name: Minimal course", 'site_name: "Minimal course'))
    result = run("validate", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'mkdocs.yml:1:12: error: the double quote (") that starts this value is never closed: add " at the end of the value',
        "1 error in course content",
    ]
    config.write_text(original.replace("  - microlearn", "  - microlearn:\n      checklist_pfd: A4"))
    result = run("validate", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "mkdocs.yml:8:5: error: unknown microlearn option 'checklist_pfd'; did you mean 'checklist_pdf'?",
        "1 error in course content",
    ]


def test_csp_prints_a_policy_with_the_theme_scripts_by_hash(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    theme = "<script>var palette=1</script>"
    content = '<article><script>alert("content")</script></article><script type="application/json">{}</script>'
    (site / "index.html").write_text(f"<html><head>{theme}</head><body>{content}</body></html>")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "csp", str(site)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    expected = base64.b64encode(hashlib.sha256(b"var palette=1").digest()).decode()
    assert f"script-src 'self' 'sha256-{expected}';" in result.stdout  # the theme's, and not the content's
    assert result.stdout.count("sha256-") == 1
    missing = subprocess.run(
        [sys.executable, "-m", "generator.cli", "csp", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stderr == f"microlearn: no built site in {tmp_path / 'none'}: run microlearn build first\n"
