"""Build speed, memory and page weight of microlearn, as ratios against baselines from the same run.

For each size of a synthetic course (``synth.py``: every block type, a
five-question quiz per lesson, a checklist per module), alternating so drift in
machine load hits every side alike:

- (a) the plugin build (``mkdocs build``, a fresh process, as an editor runs it);
- (b) plain MkDocs on the same pages exported once by ``microlearn export``:
  (a)/(b) is the generator's overhead;
- (n) the same exported pages as a naive MkDocs site: Material's default
  navigation (every ``navigation.*`` feature removed), which renders the
  whole navigation into every page;
- ``microlearn validate`` (a fresh process) and load+validate+render alone
  (timed inside one process, imports excluded), each with its peak memory;
- HTML bytes per page of (a), and the peak memory of (a) and (b);
- with ``--serve-sizes``, the rebuild under ``mkdocs serve`` after one lesson
  edit: from the save to MkDocs' "Reloading browsers".

Medians of ``--rounds`` rounds (``--rounds-large`` for courses of 500 lessons or
more, which are slow on a small machine). Nothing here asserts a time.
``--code DIR`` measures another checkout of microlearn (e.g. the commit before
a change) with this harness: its ``generator`` package and its mkdocs.yml.

Run with ``make bench``; ``make bench-smoke`` is a quick run on 10 lessons.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import queue
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from synth import edit_lesson, write_course  # beside this script, which Python puts on sys.path

REPO = Path(__file__).resolve().parent.parent

CORE = """
import resource, sys, time
from pathlib import Path
from generator.course import load_course
from generator.render import render_site
from generator.settings import read_settings, render_options
def cpu():  # this process and the workers it forked and has waited for
    return time.process_time() + sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) for f in ("ru_utime", "ru_stime"))
root = Path(sys.argv[1])
start, cpu_start = time.perf_counter(), cpu()
content, diagnostics = load_course(root)
assert content is not None, diagnostics
options = render_options(read_settings(root / "mkdocs.yml"), content.strings)
site = render_site(content, options)
print(time.perf_counter() - start, cpu() - cpu_start, len(site.pages))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str = ""
    cpu_seconds: float = 0.0
    """User plus system time: on a machine shared with other work, what its wall time would be alone."""


@dataclass
class SizeResult:
    lessons: int
    pages: int = 0
    rounds: int = 0
    plugin: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)
    naive: list[float] = field(default_factory=list)
    validate: list[float] = field(default_factory=list)
    core: list[float] = field(default_factory=list)
    validate_cpu: list[float] = field(default_factory=list)
    core_cpu: list[float] = field(default_factory=list)
    plugin_mb: list[float] = field(default_factory=list)
    plain_mb: list[float] = field(default_factory=list)
    naive_mb: list[float] = field(default_factory=list)
    core_mb: list[float] = field(default_factory=list)
    html_bytes_per_page: int = 0
    naive_html_bytes_per_page: int = 0
    serve_rebuild: list[float] = field(default_factory=list)


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """``command`` to its end: wall time and the peak resident memory of that process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        # wait4 rather than wait: it also reports the child's own peak memory (ru_maxrss, KiB on Linux).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err.read()[-3000:]}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read(), usage.ru_utime + usage.ru_stime)


def timed_inside(done: Run) -> Run:
    """The times the ``CORE`` snippet measured itself (imports left out), in place of the process's."""
    seconds, cpu_seconds, _ = done.output.split()
    return Run(float(seconds), done.peak_mb, done.output, float(cpu_seconds))


def mkdocs_build(config: Path, site: Path, env: dict[str, str]) -> Run:
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], env, config.parent)


def html_bytes_per_page(site: Path) -> tuple[int, int]:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    return sum(p.stat().st_size for p in pages) // max(len(pages), 1), len(pages)


def naive_config(exported: Path) -> Path:
    """The exported site with Material's default navigation: no navigation.* feature.

    Edited as text, so tags such as ``!!python/name:`` stay as ``export`` wrote them
    (a block list, one feature a line).
    """
    text = (exported / "mkdocs.yml").read_text(encoding="utf-8")
    out = exported / "mkdocs.naive.yml"
    out.write_text(re.sub(r"(?m)^\s*- navigation\.[\w.]+\n", "", text), encoding="utf-8")
    return out


def serve_rebuilds(root: Path, config: Path, env: dict[str, str], edits: int, code: Path = REPO) -> list[float]:
    """Seconds from saving one lesson to MkDocs' "Reloading browsers", for ``edits`` saves in a row."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # As `microlearn serve` runs it (runner.py); --dirty where the measured checkout's runner asks for it.
    dirty = ["--dirty"] if '"--dirty"' in (code / "generator/runner.py").read_text(encoding="utf-8") else []
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", *dirty]
    process = subprocess.Popen(
        command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))

    threading.Thread(target=pump, daemon=True).start()

    def wait_for(text: str, timeout: float = 1800) -> float:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            try:
                at, line = lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None:
                    raise SystemExit("mkdocs serve stopped") from None
                continue
            if "ERROR" in line or "Traceback" in line:
                raise SystemExit(f"mkdocs serve: {line}")
            if text in line:
                return at
        raise SystemExit(f"mkdocs serve: no '{text}' in {timeout} s")

    out = []
    try:
        wait_for("Serving on")
        time.sleep(1)
        for n in range(edits):
            saved = time.perf_counter()
            edit_lesson(root, 1 + (n * 7) % 10, n)
            out.append(wait_for("Reloading browsers") - saved)
            time.sleep(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return out


def measure(
    size: int,
    rounds: int,
    code: Path,
    work: Path,
    env: dict[str, str],
    serve: bool,
    only: set[str] | None = None,
    scenarios: bool = True,
) -> SizeResult:
    result = SizeResult(size, rounds=rounds)
    root = work / f"course-{size}"
    config = write_course(root, size, code / "mkdocs.yml", scenarios=scenarios)
    exported = work / f"exported-{size}"
    cli = [sys.executable, "-m", "generator.cli"]
    # Every command runs in the work folder: ``python -m`` and ``-c`` put the working directory
    # first on sys.path, so run from a checkout they would measure that checkout, not --code.
    if only is None or only & {"plain", "naive"}:
        run([*cli, "export", str(exported), "--root", str(root)], env, cwd=work)
        naive = naive_config(exported)
    steps: list[tuple[str, Callable[[int], Run]]] = [
        ("plugin", lambda n: mkdocs_build(config, work / f"site-a-{size}-{n}", env)),
        ("plain", lambda n: mkdocs_build(exported / "mkdocs.yml", work / f"site-b-{size}-{n}", env)),
        ("naive", lambda n: mkdocs_build(naive, work / f"site-n-{size}-{n}", env)),
        ("validate", lambda n: run([*cli, "validate", str(root)], env, cwd=work)),
        ("core", lambda n: timed_inside(run([sys.executable, "-c", CORE, str(root)], env, cwd=work))),
    ]
    steps = [(name, step) for name, step in steps if only is None or name in only]
    for n in range(rounds):  # interleaved so drift in machine load hits each side alike
        for name, step in steps:
            done = step(n)
            getattr(result, name).append(done.seconds)
            for measure, value in (("cpu", done.cpu_seconds), ("mb", done.peak_mb)):
                if hasattr(result, f"{name}_{measure}"):
                    getattr(result, f"{name}_{measure}").append(value)
            print(f"  {size} lessons, round {n + 1}: {name} {done.seconds:.2f} s, {done.peak_mb:.0f} MB", flush=True)
    if only is None or {"plugin", "naive"} <= only:
        result.html_bytes_per_page, result.pages = html_bytes_per_page(work / f"site-a-{size}-0")
        result.naive_html_bytes_per_page, _ = html_bytes_per_page(work / f"site-n-{size}-0")
    if serve:
        result.serve_rebuild = serve_rebuilds(root, config, env, edits=max(rounds, 3), code=code)
        print(f"  {size} lessons: serve rebuilds {[round(s, 2) for s in result.serve_rebuild]} s", flush=True)
    return result


def page_weight(code: Path, work: Path, env: dict[str, str]) -> str:
    """The gzip size of the JS and CSS the generator adds to a page, against the theme's own."""
    site = work / "site-weight"
    mkdocs_build(code / "mkdocs.yml", site, env)
    ours = sorted((site / "assets/microlearn").rglob("*.js")) + sorted((site / "assets/microlearn").rglob("*.css"))
    theme = sorted((site / "assets/javascripts").glob("bundle.*.min.js"))
    theme += sorted((site / "assets/stylesheets").glob("*.min.css"))
    added, base = (sum(len(gzip.compress(f.read_bytes(), 9)) for f in files) for files in (ours, theme))
    return (
        "page weight, generator JS+CSS vs the theme's own JS+CSS (gzip -9), example course:\n"
        f"  microlearn {added} B (budget 8192 B), theme {base} B, ratio {added / base:.3f}"
    )


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({model}), "
        f"Python {platform.python_version()}, load average {load:.1f} at start"
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(results: list[SizeResult]) -> str:
    head = [
        "lessons",
        "pages",
        "rounds",
        "(a) plugin s",
        "(b) plain s",
        "(a)/(b)",
        "(n) naive s",
        "(a)/(n)",
        "validate s (CPU s)",
        "load+validate+render s (CPU s)",
        "peak MB (a) / (b)",
        "HTML KB/page (a) / (n)",
        "serve rebuild s (÷ (a))",
    ]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        a, b, n = median(r.plugin), median(r.plain), median(r.naive)
        serve = f"{median(r.serve_rebuild):.2f} ({median(r.serve_rebuild) / a:.2f})" if r.serve_rebuild else "–"
        cells = [
            str(r.lessons),
            str(r.pages),
            str(r.rounds),
            f"{a:.2f}",
            f"{b:.2f}",
            f"{a / b:.2f}",
            f"{n:.2f}",
            f"{a / n:.2f}",
            f"{median(r.validate):.2f} ({median(r.validate_cpu):.2f})",
            f"{median(r.core):.2f} ({median(r.core_cpu):.2f})",
            f"{max(r.plugin_mb, default=0):.0f} / {max(r.plain_mb, default=0):.0f}",
            f"{r.html_bytes_per_page / 1000:.0f} / {r.naive_html_bytes_per_page / 1000:.0f}",
            serve,
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,100,200,1000", help="course sizes in lessons, comma-separated")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "3")))
    parser.add_argument("--rounds-large", type=int, default=1, help="rounds for courses of 500 lessons or more")
    parser.add_argument("--serve-sizes", default="200", help="sizes to measure a serve rebuild at ('' for none)")
    parser.add_argument("--code", type=Path, default=REPO, help="the microlearn checkout to measure")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--no-weight", action="store_true", help="skip the example course's page weight")
    parser.add_argument(
        "--no-scenarios",
        action="store_true",
        help="no branching conversations in the courses (for comparing with code from before they existed)",
    )
    parser.add_argument(
        "--only", help="measure only these steps, comma-separated: plugin, plain, naive, validate, core (load+render)"
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    scenarios = not args.no_scenarios
    if scenarios and '"branching"' not in (args.code / "generator/models.py").read_text(encoding="utf-8"):
        print("this code has no branching scenarios: the courses leave them out", flush=True)
        scenarios = False

    code = args.code.resolve()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    env.pop("SITE_URL", None)
    # Python keeps compiled bytecode by default; a sandbox that turns that off would
    # have every command compile the package again, which no editor's machine does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    serve_sizes = {int(s) for s in args.serve_sizes.split(",") if s}
    print(f"machine: {machine()}\ncode: {code}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="microlearn-bench-") as tmp:
        work = Path(tmp)
        if not args.no_weight:
            print(page_weight(code, work, env), flush=True)
        for size in sizes:
            rounds = args.rounds_large if size >= 500 else args.rounds
            results.append(
                measure(size, rounds, code, work, env, serve=size in serve_sizes, only=only, scenarios=scenarios)
            )
            if args.json:  # after each size, so a long run that is stopped keeps what it measured
                data: dict[str, Any] = {
                    "machine": machine(),
                    "code": str(code),
                    "results": [asdict(r) for r in results],
                }
                args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(f"\nmedians ({machine()}):\n{table(results)}")


if __name__ == "__main__":
    main()
