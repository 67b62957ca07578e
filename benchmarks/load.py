"""How a page's runtime arrives, before and after per-page loading, in one run.

Builds the example course twice, with this tree's generator and with a
baseline commit's (``--baseline``, default the last commit before per-page
loading), serves both on 127.0.0.1 and opens three kinds of page (home, a
lesson with a quiz, a checklist) in headless Chromium with a slow mobile
network emulated (150 ms round trip, 1.6 Mbit/s), a cold cache each time.

Per page and build it reports the medians over ``ROUNDS`` loads of: the
runtime's requests, their gzip weight with the stylesheet, when the last
runtime file arrived and when every widget was ready (ms from navigation
start), and the after/before ratio of the last. Nothing asserts a time.

Run: ``.venv/bin/python benchmarks/load.py [--baseline REF]`` (needs git,
Debian's chromium and the test dependencies that ``make test`` installs).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))
from browser_support import CHROMIUM, CHROMIUM_ARGS, LocalServer  # noqa: E402

BASELINE = "8742260"
"""The last commit before per-page loading: init.js imported every widget, which imported storage.js."""
ROUNDS = int(os.environ.get("ROUNDS", "7"))
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 100_000}
READY = """() => new Promise((done) => {
  const check = () => {
    const roots = document.querySelectorAll("[data-ml-module]");
    if (roots.length && [...roots].every((r) => r.hasAttribute("data-ml-ready"))) done(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})"""
RUNTIME = """() => performance.getEntriesByType("resource")
  .filter((e) => e.name.includes("/assets/microlearn/js/"))
  .map((e) => ({file: e.name.split("/").pop(), start: e.startTime, end: e.responseEnd}))"""


def source_tree(ref: str | None, dest: Path) -> Path:
    """This working tree (``None``) or the files of commit ``ref``, as a folder to build."""
    if ref is None:
        return REPO
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def build(tree: Path, site: Path) -> None:
    """Build the example course with ``tree``'s own generator package (first on the path)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(tree), "SITE_URL": ""}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=tree, env=env, check=True)


def pages(site: Path) -> dict[str, str]:
    """A page of each kind, found in the built site (the example course's pages change)."""
    lessons = sorted(site.glob("lessons/*/index.html"))
    quiz_lesson = next(p for p in lessons if 'data-ml-module="quiz"' in p.read_text(encoding="utf-8"))
    checklist = sorted(site.glob("checklists/*/index.html"))[0]
    return {
        "home": "",
        "lesson with quiz": quiz_lesson.parent.relative_to(site).as_posix() + "/",
        "checklist": checklist.parent.relative_to(site).as_posix() + "/",
    }


def page_weight(site: Path, requested: list[str]) -> int:
    """The gzip bytes of the stylesheet and the runtime files the page requested."""
    root = site / "assets" / "microlearn"
    files = [root / "microlearn.css"] + [root / "js" / name for name in sorted(set(requested))]
    return sum(len(gzip.compress(f.read_bytes(), 9, mtime=0)) for f in files)


def measure(browser: Browser, url: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    page.goto(url)
    ready = page.evaluate(READY)
    requests = page.evaluate(RUNTIME)
    context.close()
    return {"ready": ready, "last": max(r["end"] for r in requests), "files": [r["file"] for r in requests]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="git commit to compare with (default: %(default)s)")
    args = parser.parse_args()
    rows: list[tuple[str, str, int, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        for label, ref in (("before", args.baseline), ("after", None)):
            tree = source_tree(ref, Path(tmp) / f"{label}-src")
            sites[label] = Path(tmp) / f"{label}-site"
            build(tree, sites[label])
        servers = {label: LocalServer() for label in sites}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            kinds = pages(sites["after"])
            for name, address in kinds.items():
                results: dict[str, list[dict[str, Any]]] = {label: [] for label in sites}
                for _ in range(ROUNDS):  # alternating, so both see the same machine load
                    for label, site in sites.items():
                        results[label].append(measure(browser, servers[label].serve(site) + address))
                for label, runs in results.items():
                    files = runs[0]["files"]
                    rows.append(
                        (
                            name,
                            label,
                            len(files),
                            page_weight(sites[label], files),
                            statistics.median(r["last"] for r in runs),
                            statistics.median(r["ready"] for r in runs),
                        )
                    )
            browser.close()
        for server in servers.values():
            server.stop()
    print(f"Runtime loading, {ROUNDS} cold loads each, 150 ms RTT, 1.6 Mbit/s (medians; baseline {args.baseline})")
    print(f"{'page':<18} {'build':<7} {'JS files':>8} {'JS+CSS gzip':>12} {'last JS (ms)':>13} {'ready (ms)':>11}")
    for name, label, count, weight, last, ready in rows:
        print(f"{name:<18} {label:<7} {count:>8} {weight:>12,} {last:>13.0f} {ready:>11.0f}")
    for name in kinds:
        before, after = (r[5] for r in rows if r[0] == name)
        print(f"{name}: widgets ready after/before = {after / before:.2f}")


if __name__ == "__main__":
    main()
