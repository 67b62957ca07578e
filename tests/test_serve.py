"""The live preview: ``mkdocs serve`` rebuilds when a lesson or a quiz changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import copy_course


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    """The page at ``url``, also when it is an error page (the preview's problem list answers with 404)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.fixture(params=["clean", "dirty"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve``, and ``mkdocs serve --dirty`` as ``microlearn serve`` runs it (only changed pages rewritten)."""
    root = copy_course("minimal", tmp_path / "course")
    log = tmp_path / "serve.log"
    port = free_port()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_url: http://127.0.0.1:{port}/\n")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-a",
            f"127.0.0.1:{port}",
            *(["--dirty"] * (request.param == "dirty")),
        ],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_editing_a_quiz_or_a_lesson_updates_the_preview(served: tuple[Path, str]) -> None:
    root, url = served
    assert wait_for(url + "quizzes/check/", "Is this a question?")
    quiz = root / "quizzes/check.yml"
    quiz.write_text(quiz.read_text().replace("Is this a question?", "Is this still a question?"))
    assert wait_for(url + "quizzes/check/", "Is this still a question?")
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("A short first lesson.", "A shorter first lesson."))
    assert wait_for(url + "lessons/intro/", "A shorter first lesson.")


def test_a_mistake_is_shown_and_the_preview_recovers_once_fixed(served: tuple[Path, str], tmp_path: Path) -> None:
    root, url = served
    assert wait_for(url + "lessons/intro/", "A short first lesson.")
    lesson = root / "content/lessons/intro.yml"
    good = lesson.read_text()
    lesson.write_text(good.replace("summary:", "sumary:"))
    log = tmp_path / "serve.log"
    expected = "content/lessons/intro.yml:2:1: error: unknown key 'sumary'; did you mean 'summary'?"
    deadline = time.monotonic() + 30
    while expected not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert expected in log.read_text()
    assert wait_for(url + "lessons/intro/", "unknown key"), "no page of the last build is left"
    lesson.write_text(good.replace("A short first lesson.", "Fixed again."))
    assert wait_for(url + "lessons/intro/", "Fixed again.")


def test_a_new_lesson_title_shows_in_the_navigation_of_every_page(served: tuple[Path, str]) -> None:
    root, url = served
    assert wait_for(url + "quizzes/check/", "Introduction")
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("title: Introduction", "title: Welcome aboard"))
    assert wait_for(url + "quizzes/check/", "Welcome aboard")
    assert "Welcome aboard" in fetch(url)
    body = lesson.read_text().replace("body: Hello.", "body: Hello again.")
    lesson.write_text(body)
    assert wait_for(url + "lessons/intro/", "Hello again.")
    assert "Welcome aboard" in fetch(url + "quizzes/check/"), "a page not rewritten keeps its navigation"
