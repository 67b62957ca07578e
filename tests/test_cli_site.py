"""``microlearn build`` and ``microlearn serve``: MkDocs underneath, never in sight."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from generator.runner import relay

from .conftest import copy_course
from .test_serve import free_port, wait_for

MICROLEARN = [sys.executable, "-m", "generator.cli"]
BANNER = ("end of life", "MkDocs 2", "Zensical", "NO_MKDOCS_2_WARNING")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}  # as an editor's shell has it
    return subprocess.run([*MICROLEARN, *args], capture_output=True, text=True, cwd=cwd, env=env, check=False)


def test_build_writes_the_site_without_banners(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    result = run("build", str(root), "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/lessons/intro/index.html").is_file()
    assert "built the site into" in result.stdout
    output = result.stdout + result.stderr
    assert not any(word in output for word in BANNER), output
    assert "INFO" not in output


def test_build_from_the_course_folder_writes_site(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    result = run("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").is_file()


def test_build_reports_course_problems_as_validate_does(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("summary:", "sumary:"))
    result = run("build", str(root), "-d", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-3:] == [
        "content/lessons/intro.yml:2:1: error: unknown key 'sumary'; did you mean 'summary'?",
        "1 error in course content",
        "microlearn: the site was not built; fix what is reported above",
    ]
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr + result.stdout


def test_build_strict_stops_on_warnings(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "sitename: typo\n")
    assert run("build", str(root), "-d", str(tmp_path / "out")).returncode == 0
    strict = run("build", str(root), "--strict", "-d", str(tmp_path / "out"))
    assert strict.returncode == 1
    assert "warning: Config value 'sitename': Unrecognised configuration name: sitename" in strict.stderr
    assert "error: stopped: 1 configuration warning with --strict" in strict.stderr


def test_build_outside_a_course_says_so(tmp_path: Path) -> None:
    result = run("build", str(tmp_path))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"microlearn: no mkdocs.yml in {tmp_path}: is this a course folder? (start one with: microlearn new FOLDER)\n"
    )
    assert run("serve", str(tmp_path / "nothing")).stderr == f"microlearn: no folder {tmp_path / 'nothing'}\n"


def test_a_broken_mkdocs_yml_is_one_error_not_a_traceback(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    (root / "mkdocs.yml").write_text("site_name: [\n")
    result = run("build", str(root))
    assert result.returncode == 1
    assert result.stderr.startswith("error: MkDocs encountered an error parsing the configuration file")
    assert "Traceback" not in result.stderr


def test_relay_keeps_only_the_last_line_of_a_traceback() -> None:
    lines = [
        "INFO    -  Building documentation...\n",
        "Traceback (most recent call last):\n",
        '  File "x.py", line 1, in <module>\n',
        "    boom()\n",
        "RuntimeError: boom\n",
        "WARNING -  a warning\n",
    ]
    assert list(relay(lines)) == [
        "Building documentation...",
        "error: RuntimeError: boom (this is a bug or a broken install, not a problem in the course)",
        "warning: a warning",
    ]


def test_serve_previews_the_course_and_stops(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*MICROLEARN, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert wait_for(f"http://127.0.0.1:{port}/lessons/intro/", "A short first lesson.", seconds=60), (
                log.read_text()
            )
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                assert process.wait(timeout=20) == 0
            finally:
                os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None
    time.sleep(0.5)
    output = log.read_text()
    assert f"Serving on http://127.0.0.1:{port}/" in output
    assert not any(word in output for word in BANNER), output
    with socket.socket() as s:  # the MkDocs server went with it: nothing listens any more
        assert s.connect_ex(("127.0.0.1", port)) != 0
