"""Shared fixtures: copies of the test courses and real MkDocs builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
COURSES = TESTS / "courses"


def copy_course(name: str, dest: Path) -> Path:
    """A writable copy of tests/courses/<name> (or of the repository's own course for 'example')."""
    if name == "example":
        dest.mkdir(parents=True, exist_ok=True)
        for part in ("content", "quizzes", "mkdocs.yml"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
        return dest
    shutil.copytree(COURSES / name, dest)
    return dest


def mkdocs_build(
    root: Path, site_dir: Path, *extra: str, config: str = "mkdocs.yml"
) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build`` the way an editor would, from the course root."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site_dir), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def course(tmp_path: Path):
    """Factory: ``course('minimal')`` → path of a fresh copy."""

    def make(name: str = "minimal") -> Path:
        return copy_course(name, tmp_path / name)

    return make
