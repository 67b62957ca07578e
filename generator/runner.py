"""``microlearn build`` and ``microlearn serve``: MkDocs underneath, microlearn's words on top.

MkDocs runs as a child process (``python -m mkdocs``), so the package keeps
one module that imports MkDocs (``plugin.py``). Its log lines are relayed as
editor-facing messages: course problems exactly as ``microlearn validate``
words them, other warnings and errors as ``warning: …`` / ``error: …``, and a
Python traceback as its last line only. The end-of-life banner Material prints
for ``mkdocs`` commands is switched off for these children
(``NO_MKDOCS_2_WARNING``), not for the editor's own ``mkdocs`` runs.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from .settings import SettingsError, read_raw

CONFIG = "mkdocs.yml"

_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s*-  (.*)$")
_DIAGNOSTIC = re.compile(r"^\S.*?:\d+:\d+: (error|warning): ")
_SUMMARY = re.compile(r" in course content( \(--strict\))?$")
_ABORTED = re.compile(r"^Aborted with (.*?)( in '?strict'? mode)?!$")
# Asked for by serve (--dirty), and said on every rebuild: microlearn rewrites every page the
# navigation changes on (plugin.py), which is what MkDocs warns about.
_DIRTY_WARNING = "A 'dirty' build is being performed"
_TRACEBACK_NOISE = (
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
)


class _Stop(Exception):
    """SIGTERM while serving: stop the child, then exit."""


def child_env() -> dict[str, str]:
    """This process's environment with MkDocs' and Material's banners off and output unbuffered."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def mkdocs_command(command: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", command, "--config-file", CONFIG, *args]


def course_problem(root: Path) -> str | None:
    """Why ``root`` cannot be built or served, in one line; None when it can."""
    if not root.is_dir():
        return f"no folder {root}"
    if not (root / CONFIG).is_file():
        return f"no {CONFIG} in {root}: is this a course folder? (start one with: microlearn new FOLDER)"
    return None


def relay(lines: Iterable[str]) -> Iterator[str]:
    """MkDocs' output, line by line → the lines an editor sees (log prefixes off, tracebacks cut)."""
    in_traceback = False
    for raw in lines:
        line = raw.rstrip("\n")
        if in_traceback:
            if line.startswith(" ") or not line or line in _TRACEBACK_NOISE or line.startswith("Traceback "):
                continue
            in_traceback = False
            yield f"error: {line} (this is a bug or a broken install, not a problem in the course)"
            continue
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
            continue
        if not line.strip():
            continue
        logged = _LOG_LINE.match(line)
        if logged:
            level, message = logged.groups()
            if message.startswith(_DIRTY_WARNING):
                continue
            if level in ("DEBUG", "INFO") or _DIAGNOSTIC.match(message) or _SUMMARY.search(message):
                yield message
            else:
                yield f"{level.lower()}: {message}"
            continue
        aborted = _ABORTED.match(line)
        if aborted:
            if aborted.group(1) != "a BuildError":  # a BuildError has been reported just above
                count = re.sub(r"^(1 .*\w)s$", r"\1", aborted.group(1))
                yield f"error: stopped: {count}" + (" with --strict" if aborted.group(2) else "")
            continue
        if line.startswith("Error: "):
            yield "error: " + line.removeprefix("Error: ")
            continue
        yield line


def _pump(process: subprocess.Popen[str], out: TextIO) -> None:
    assert process.stdout is not None
    for line in relay(process.stdout):
        print(line, file=out, flush=True)


def _start(root: Path, command: str, *args: str) -> subprocess.Popen[str]:
    """MkDocs' ``command`` on the course in ``root``, its output (both streams) readable as text."""
    return subprocess.Popen(
        mkdocs_command(command, *args),
        cwd=root,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def build(root: Path, *, site_dir: Path | None, strict: bool, quiet: bool = False, out: TextIO = sys.stderr) -> int:
    """Build the site of the course in ``root``; the exit status of the build (``quiet``: warnings and errors only).

    MkDocs writes into a fresh folder beside the site, which replaces the site
    only once the build succeeded: a build that fails, or is killed midway,
    leaves the previous site whole (at worst a ``.site.building-…`` folder is left beside it).
    """
    target = (site_dir or _configured_site_dir(root)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    args = ["--strict"] if strict else []
    if quiet:
        args.append("--quiet")
    try:
        process = _start(root, "build", *args, "--site-dir", str(staging))
        _pump(process, out)
        status = process.wait()
        if status == 0:
            _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return status


def _configured_site_dir(root: Path) -> Path:
    """The ``site_dir`` of the course's mkdocs.yml (default ``site``), relative to the course, as MkDocs reads it."""
    try:
        configured = read_raw(root / CONFIG).get("site_dir")
    except SettingsError:
        configured = None  # MkDocs reports the broken mkdocs.yml itself
    return root / (configured if isinstance(configured, str) and configured else "site")


def _swap_in(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``; the previous ``target`` ends up at ``new`` (to be removed)."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        return
    # Without an atomic exchange: two renames, so only between them is there no site at all.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    old.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def serve(root: Path, *, dev_addr: str | None, out: TextIO = sys.stderr) -> int:
    """Run the live preview until Ctrl-C (or SIGTERM); 0 when stopped that way."""
    # --dirty: a save rewrites only the pages it changed (plugin.py), a fraction of a full build.
    args = ["--dirty", *(["--dev-addr", dev_addr] if dev_addr else [])]
    process = _start(root, "serve", *args)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        _pump(process, out)
        return process.wait()
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
