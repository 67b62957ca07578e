"""Nothing lost: a ``microlearn build`` that fails or is killed midway leaves the previous site whole,
and two builds of the same course are byte-identical, checklist PDFs included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import copy_course

MICROLEARN = [sys.executable, "-m", "generator.cli"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MICROLEARN, "build", str(root), *args], capture_output=True, text=True, env=env, check=False
    )


def staging(root: Path) -> list[Path]:
    return sorted(root.glob(".site.building-*"))


def files_in_staging(root: Path) -> int:
    # os.walk skips what vanishes while it looks: the build may swap the folder in at any moment.
    return sum(len(files) for folder in staging(root) for _, _, files in os.walk(folder))


# Where a build is stopped: as soon as it starts, once its folder exists, and once it wrote
# some of its files (the complete course's site has about 60: pages, search index, theme assets).
KILL_POINTS: dict[str, Callable[[Path], bool]] = {
    "at start": lambda root: True,
    "staging folder made": lambda root: bool(staging(root)),
    "first file written": lambda root: files_in_staging(root) >= 1,
    "15 files written": lambda root: files_in_staging(root) >= 15,
    "30 files written": lambda root: files_in_staging(root) >= 30,
    "45 files written": lambda root: files_in_staging(root) >= 45,
}


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A course with its site built, and the trees of that site and of the site after one edit."""
    work = tmp_path_factory.mktemp("atomic")
    edited = copy_course("complete", work / "edited")
    _edit(edited)
    assert build(edited).returncode == 0
    root = copy_course("complete", work / "course")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, tree(root / "site"), tree(edited / "site")


def _copy(source: Path, tmp_path: Path) -> Path:
    """The built course with its site/, times and modes kept (cp -a)."""
    root = tmp_path / "course"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    return root


def _edit(root: Path) -> None:
    for lesson in (root / "content/lessons").glob("*.yml"):
        lesson.write_text(lesson.read_text().replace("title: ", "title: Edited ", 1))


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_midway_leaves_the_previous_site_whole(
    built_twice: tuple[Path, dict[str, bytes], dict[str, bytes]], point: str, tmp_path: Path
) -> None:
    source, before, after = built_twice
    root = _copy(source, tmp_path)
    _edit(root)
    # Its own session, so the kill reaches the build and the MkDocs process it started, and nothing else.
    process = subprocess.Popen(
        [*MICROLEARN, "build", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    reached = KILL_POINTS[point]
    while process.poll() is None and not reached(root):
        time.sleep(0.002)
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    print(point, "finished" if finished else f"killed with {files_in_staging(root)} files written")
    site = tree(root / "site")
    # Killed: the old site, whole. Finished before the point was reached: the new one, whole.
    assert site == (after if finished and process.returncode == 0 else before)


def test_a_failed_build_leaves_the_previous_site_whole_and_no_staging_folder(
    built_twice: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    source, before, _ = built_twice
    root = _copy(source, tmp_path)
    (root / "content/lessons/listening-first.yml").write_text("title: [broken\n")
    result = build(root)
    assert result.returncode == 1
    assert "content/lessons/listening-first.yml:1:8: error:" in result.stderr
    assert tree(root / "site") == before
    assert staging(root) == []


def test_a_build_replaces_the_site_and_leaves_no_staging_folder(
    built_twice: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    source, _, after = built_twice
    root = _copy(source, tmp_path)
    (root / "site/stale.html").write_text("from an older build")
    _edit(root)
    assert build(root).returncode == 0
    assert tree(root / "site") == after
    assert staging(root) == []


def test_two_builds_are_byte_identical_pdfs_and_sitemap_included(tmp_path: Path) -> None:
    """The build date is the one thing that changes between builds; SOURCE_DATE_EPOCH fixes it (as MkDocs reads it)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("first", "second"):
        root = copy_course("complete", tmp_path / name)
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - microlearn\n", "  - microlearn:\n      checklist_pdf: A4\n"))
        result = build(root, "--strict", env=env)
        assert result.returncode == 0, result.stderr
        sites.append(tree(root / "site"))
    first, second = sites
    assert any(name.endswith(".pdf") for name in first)
    assert "sitemap.xml" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
