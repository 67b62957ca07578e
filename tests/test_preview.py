"""A preview that always answers: ``mkdocs serve`` on a course with errors shows them on every page.

Over HTTP against a real ``mkdocs serve``, every wait bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.course import course_language, load_course
from generator.diagnostics import Diagnostic, Severity
from generator.i18n import strings_for
from generator.render import problems_page

from .conftest import copy_course, mkdocs_build
from .test_serve import free_port

MISTAKE = "content/lessons/intro.yml:2:1: error: unknown key 'sumary'; did you mean 'summary'?"
MISTAKE_HTML = "<code>content/lessons/intro.yml:2:1</code> <strong>error</strong>: unknown key &#39;sumary&#39;"
LIVERELOAD = "livereload("
ORPHAN = "lesson 'extra' is in no module"


def get(url: str) -> tuple[int, str, float]:
    """Status, body and seconds taken; an error status is an answer too."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except OSError:
        status, body = 0, b""
    return status, body.decode(errors="replace"), time.monotonic() - start


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in get(url)[1]:
            return True
        time.sleep(0.3)
    return False


def break_lesson(root: Path) -> None:
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("summary:", "sumary:"))


def fix_lesson(root: Path, summary: str = "A short first lesson.") -> None:
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("sumary:", "summary:").replace("A short first lesson.", summary))


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = copy_course("minimal", tmp_path / "course")
    break_lesson(root)
    return root


Serve = Callable[[Path], tuple[str, Path]]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """Factory: ``serve(root)`` starts ``mkdocs serve`` there and returns its address and log file."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(root: Path) -> tuple[str, Path]:
        port = free_port()
        log = tmp_path / "serve.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        processes.append(process)
        return f"http://127.0.0.1:{port}/", log

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def assert_error_page_everywhere(url: str) -> None:
    """Home, a lesson, a missing image and any other address answer at once with the error page."""
    for path in ("", "lessons/intro/", "lessons/not-yet/", "assets/missing.png", "quizzes/check/"):
        status, body, seconds = get(url + path)
        assert status in (200, 404), (path, status)
        assert MISTAKE_HTML in body, path
        assert LIVERELOAD in body, f"{path}: the error page reloads itself on the next save"
        assert seconds < 1, f"{path} took {seconds:.2f} s"
    status, body, seconds = get(url + "assets/dot.svg")
    assert status == 200 and "<svg" in body and seconds < 1, "the course's images still answer"


def test_a_broken_course_is_previewed_as_an_error_page_at_every_address(broken: Path, serve: Serve) -> None:
    url, log = serve(broken)
    assert wait_for(url, MISTAKE_HTML), log.read_text()
    assert_error_page_everywhere(url)
    status, home, _ = get(url)
    assert status == 200
    assert '<html lang="en"' in home
    assert "<title>Problems in the course - Minimal course</title>" in home
    assert '<h1 class="ml-problems__title"' in home and '<ul class="ml-problems__list">' in home
    assert 'href="assets/microlearn/microlearn.css"' in home, "in the site's look"
    _, missing, _ = get(url + "lessons/not-yet/")
    assert 'href="/assets/microlearn/microlearn.css"' in missing, "styled at any depth"
    assert get(url + "assets/microlearn/microlearn.css")[0] == 200
    assert MISTAKE in log.read_text(), "the terminal lists the problems too"


def test_the_preview_goes_from_errors_to_the_site_and_back(broken: Path, serve: Serve) -> None:
    url, _ = serve(broken)
    assert wait_for(url, MISTAKE_HTML)
    fix_lesson(broken, "Fixed now.")
    assert wait_for(url + "lessons/intro/", "Fixed now.")
    status, home, _ = get(url)
    assert status == 200 and "Minimal course" in home and "ml-problems" not in home
    break_lesson(broken)
    assert wait_for(url + "lessons/intro/", MISTAKE_HTML)
    assert_error_page_everywhere(url)


def test_a_lesson_not_yet_in_a_module_is_a_warning_in_the_preview_and_an_error_in_a_build(
    course: Callable[[str], Path], serve: Serve, tmp_path: Path
) -> None:
    root = course("minimal")
    lesson = root / "content/lessons/intro.yml"
    (root / "content/lessons/extra.yml").write_text(lesson.read_text().replace("Introduction", "Extra"))
    url, log = serve(root)
    assert wait_for(url + "lessons/intro/", "A short first lesson.")
    assert "ml-problems" not in get(url)[1]
    assert f"WARNING -  content/lessons/extra.yml:1:1: warning: {ORPHAN}" in log.read_text()
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert f"content/lessons/extra.yml:1:1: error: {ORPHAN}" in result.stderr


def test_the_preview_checks_ease_only_the_lesson_in_no_module(course: Callable[[str], Path]) -> None:
    root = course("minimal")
    lesson = root / "content/lessons/intro.yml"
    (root / "content/lessons/extra.yml").write_text(lesson.read_text())
    built, found = load_course(root)
    previewed, eased = load_course(root, preview=True)
    assert built is None and [d.severity for d in found if ORPHAN in d.message] == [Severity.ERROR]
    assert previewed is not None and [d.severity for d in eased if ORPHAN in d.message] == [Severity.WARNING]
    assert list(previewed.lessons) == ["intro"], "a lesson in no module is not in the site"
    break_lesson(root)
    assert load_course(root, preview=True)[0] is None, "other errors stay errors"


def test_the_error_page_lists_each_problem_where_it_is_in_the_course_language() -> None:
    problems = [
        Diagnostic("content/course.yml", 3, 5, Severity.ERROR, "no lesson '<intro>'"),
        Diagnostic("quizzes/check.yml", 8, 9, Severity.WARNING, "no feedback"),
    ]
    page = problems_page(problems, strings_for("nl"))
    assert page.path == "index.md" and page.title == "Problemen in de cursus"
    assert '<h1 class="ml-problems__title" id="problems">Problemen in de cursus</h1>' in page.html
    assert "<code>content/course.yml:3:5</code> <strong>fout</strong>: no lesson &#39;&lt;intro&gt;&#39;" in page.html
    assert "<code>quizzes/check.yml:8:9</code> <strong>waarschuwing</strong>: no feedback" in page.html
    assert page.html.count("<li") == 2
    assert page.meta["template"] == "microlearn/problems.html"


def test_the_error_page_speaks_the_language_course_yml_asks_for_even_when_broken(course: Callable[[str], Path]) -> None:
    root = course("minimal")
    course_file = root / "content/course.yml"
    course_file.write_text(course_file.read_text() + "language: nl\naudience: [1, 2]\n")
    assert load_course(root)[0] is None
    assert course_language(root) == "nl"
    (root / "content/course.yml").unlink()
    assert course_language(root) == "en"
