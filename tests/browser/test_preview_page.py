"""The live preview's error page in Chromium: accessible, and it turns back into the
site by itself on the next good save (MkDocs' live-reload script, also on a 404)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import REPO_ROOT, axe
from playwright.sync_api import Page, expect

LESSON = "content/lessons/intro.yml"


def _body(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:
        return str(error.read().decode())
    except OSError:
        return ""


@pytest.fixture
def broken_preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``mkdocs serve`` on the minimal course with a mistake in its lesson, once it answers."""
    root = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "tests/courses/minimal", root)
    lesson = root / LESSON
    lesson.write_text(lesson.read_text().replace("summary:", "sumary:"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while "ml-problems" not in _body(url) and time.monotonic() < deadline:
            time.sleep(0.3)
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=10)


# Chromium logs the 404 status every missing address answers with as a console error.
@pytest.mark.allow_console_errors
def test_the_error_page_is_accessible_and_reloads_into_the_site_once_fixed(
    page: Page, broken_preview: tuple[Path, str]
) -> None:
    root, url = broken_preview
    for path in ("", "lessons/intro/"):
        page.goto(url + path)
        expect(page.locator("h1")).to_have_text("Problems in the course")
        expect(page.locator(".ml-problems__list li")).to_contain_text("content/lessons/intro.yml:2:1")
        report = axe(page)
        assert not report, f"axe violations on /{path}:\n{report}"
    lesson = root / LESSON
    lesson.write_text(lesson.read_text().replace("sumary:", "summary:"))
    # No navigation here: the page reloads itself once the fixed course is built.
    expect(page.locator(".md-content")).to_contain_text("A short first lesson.", timeout=60_000)
