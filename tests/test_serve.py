"""The live preview: ``mkdocs serve`` rebuilds when a lesson or a quiz changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_course("minimal", tmp_path / "course")
    log = tmp_path / "serve.log"
    port = free_port()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_url: http://127.0.0.1:{port}/\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
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
    lesson.write_text(good.replace("A short first lesson.", "Fixed again."))
    assert wait_for(url + "lessons/intro/", "Fixed again.")
