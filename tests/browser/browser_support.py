"""Helpers for the browser tests: a local HTTP server, a site build, a record of
what a page did wrong, axe-core, and Material interactions.

Plain functions and classes, so test modules import them by name
(`from browser_support import axe, build_course`); the fixtures that use them
live in conftest.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO_ROOT = Path(__file__).resolve().parents[2]
QUIZ_RUNTIME = REPO_ROOT / "tests" / "courses" / "quiz-runtime"
"""The course most browser tests read (fixture `quiz_site`): its pages, by address."""
SCORED = "lessons/scored/"
SCORED_QUIZ = "quizzes/scored-check/"
SHOWCASE = "lessons/showcase/"
SHUFFLED = "lessons/shuffled/"
FINAL = "quizzes/final/"
POOLS = REPO_ROOT / "tests" / "courses" / "pools"
"""Question pools and spaced review (fixture `pools_site`)."""
BRANCHING = REPO_ROOT / "tests" / "courses" / "branching"
"""Branching scenarios (fixture `branching_course`)."""
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
# No GPU, no sandbox (root in CI), and no background traffic of Chromium's own
# that would look like the site calling another host.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCK_OUR_STORAGE = """for (const name of ["getItem", "setItem"]) {
    const real = Storage.prototype[name];
    Storage.prototype[name] = function (key, ...rest) {
        if (String(key).startsWith("microlearn")) throw new DOMException("Blocked.", "SecurityError");
        return real.call(this, key, ...rest);
    };
}"""
"""An init script: storage throws for the runtime's keys (as in a cross-site frame) and works for Material's."""


# --- Local HTTP server --------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the directory the server currently points at, without logging."""

    server: LocalServer

    def __init__(self, request: Any, client_address: Any, server: LocalServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.directory))

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer(ThreadingHTTPServer):
    """An HTTP server bound on a free port of 127.0.0.1 before it serves anything.

    Binding first gives the URL to build the site with (`site_url` must match
    host and port for Material's instant navigation to engage) and keeps the
    port ours between choosing it and serving, so there is no race.
    """

    daemon_threads = True

    def __init__(self) -> None:
        self.directory: Path = Path.cwd()
        self._thread: threading.Thread | None = None
        # Handler reads self.server.directory per request; see _QuietHandler.
        super().__init__((LOCAL_HOST, 0), _QuietHandler)

    @property
    def url(self) -> str:
        """Base URL with a trailing slash, ready to use as `site_url`."""
        return f"http://{LOCAL_HOST}:{self.server_address[1]}/"

    def serve(self, directory: Path) -> str:
        """Serve `directory` from now on (in a background thread); return the URL."""
        self.directory = Path(directory)
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name=f"http-{self.url}", daemon=True)
            self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()


# --- Building a site ------------------------------------------------------------


# Top-level entries of a course root that are not the course (the repository
# root is a course too); deeper down only caches are skipped. `generator` too:
# the build runs in the copy, where a copied package would shadow the installed one.
_NOT_COURSE = {
    ".git",
    ".venv",
    "node_modules",
    "generator",
    "site",
    "tests",
    "build",
    "export",
    ".pytest_cache",
    ".ruff_cache",
}


def _course_ignore(root: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "__pycache__" or name.endswith(".egg-info")}
        if Path(directory) == root:
            skipped |= _NOT_COURSE.intersection(names)
        return skipped

    return ignore


def _rewrite_config(text: str, site_url: str, src_dir: Path) -> str:
    """Point `site_url` at the test server and make a relative `custom_dir` absolute.

    Line-based rather than yaml.safe_load/dump: Material configs often carry
    `!!python/name:` tags that safe_load rejects, and a dump would lose comments.
    """
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", text)
    if count == 0:
        text = f"site_url: {site_url}\n" + text

    def absolute(match: re.Match[str]) -> str:
        value = match.group(2).strip().strip("'\"")
        path = Path(value)
        if not path.is_absolute():
            path = (src_dir / path).resolve()
        return f"{match.group(1)}custom_dir: {path.as_posix()}"

    return re.sub(r"(?m)^(\s+)custom_dir:(.*)$", absolute, text)


def build_course(
    src_dir: Path,
    out_dir: Path,
    site_url: str,
    *,
    config_file: str = "mkdocs.yml",
    extra_docs_files: Mapping[str, Path] | None = None,
    strict: bool = True,
    builder: str = "mkdocs",
) -> Path:
    """Build the course (or any MkDocs project) in `src_dir` into `out_dir` for `site_url`.

    Works on a copy next to `out_dir` so the source tree stays clean and
    `site_url` can be the test server's. `extra_docs_files` maps paths inside
    docs/ to files copied there first (e.g. a stylesheet a stock site lists in
    `extra_css`). `--strict` by default: a warning in a test build is a bug.
    `builder` is the Python module that builds: "mkdocs", "properdocs" (same
    options) or "zensical" (for a `microlearn export` tree: it runs no plugins).
    Returns `out_dir`.
    """
    src_dir = Path(src_dir).resolve()
    out_dir = Path(out_dir).resolve()
    work = out_dir.with_name(out_dir.name + "-src")
    # The repository root is a course too: skip what is not the course.
    shutil.copytree(src_dir, work, ignore=_course_ignore(src_dir), dirs_exist_ok=True)
    config = work / config_file
    text = _rewrite_config(config.read_text(encoding="utf-8"), site_url, src_dir)
    config.write_text(text, encoding="utf-8")
    docs_dir = re.search(r"(?m)^docs_dir:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", text)
    for target, source in (extra_docs_files or {}).items():
        dest = work / (docs_dir.group(1) if docs_dir else "docs") / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)

    zensical = builder == "zensical"
    # Zensical has neither -q nor -d: it writes site_dir, which must lie inside the project.
    cmd = [sys.executable, "-m", builder, "build", "-f", str(config)]
    cmd += [] if zensical else ["-q", "-d", str(out_dir)]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice about MkDocs 2.0
    result = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise AssertionError(
            f"{builder} build failed ({result.returncode}) for {src_dir}:\n{result.stdout}\n{result.stderr}"
        )
    if zensical:
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.move(work / "site", out_dir)
    _address_sitemap(out_dir, site_url)
    return out_dir


def _address_sitemap(out_dir: Path, site_url: str) -> None:
    """List every page in sitemap.xml by its full address on the test server, as a site published there has it.

    microlearn bakes no loopback address into a site, so MkDocs writes an
    empty sitemap for a build aimed at the test server (127.0.0.1); Material's
    instant navigation follows only links its sitemap names by full address.
    """
    sitemap = out_dir / "sitemap.xml"
    if not sitemap.is_file() or "<loc>" in sitemap.read_text(encoding="utf-8"):
        return
    pages = sorted(p.parent.relative_to(out_dir).as_posix() for p in out_dir.rglob("index.html"))
    urls = "".join(f"<url><loc>{site_url}{'' if page == '.' else page + '/'}</loc></url>" for page in pages)
    sitemap.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n',
        encoding="utf-8",
    )


# --- A watched page ---------------------------------------------------------------


@dataclass
class PageWatch:
    """What a page did wrong: console errors, page errors, requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    checked: bool = False  # set once the problems were asserted, so they fail a test only once

    def problems(self, *, console: bool = True) -> list[str]:
        found = [f"request to another host: {url}" for url in self.foreign_requests]
        if console:
            found += [f"console error: {text}" for text in self.console_errors]
        return found

    def assert_clean(self, *, console: bool = True) -> None:
        """Fail with every problem listed; call it mid-test for an early, precise failure."""
        self.checked = True
        found = self.problems(console=console)
        assert not found, "\n".join(found)


def is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    # data:, blob: and about: never leave the browser.
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != LOCAL_HOST


# --- axe-core -----------------------------------------------------------------------


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, help and each failing node's target and summary."""
    lines: list[str] = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"        {summary_line}")
    return "\n".join(lines)


def axe(
    page: Page,
    *,
    context: str = "document",
    tags: list[str] | None = None,
    rules: list[str] | None = None,
) -> str:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; return the violations as
    readable text, empty when there are none, so `assert not axe(page), ...` reads well.

    `context` is a JS expression for what to check (default the whole document);
    `tags` replaces the WCAG tags, `rules` runs just those rule ids instead.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run `npm install` in {REPO_ROOT}", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        f"""async (runOnly) => {{
            // Colours mid-transition (search results fade in) are not the real ones.
            const finite = document.getAnimations().filter(
                (a) => a.effect?.getComputedTiming().endTime !== Infinity);
            await Promise.all(finite.map((a) => a.finished.catch(() => null)));
            const result = await axe.run({context}, {{runOnly}});
            return result.violations;
        }}""",
        {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags or AXE_TAGS},
    )
    return format_violations(violations)


# --- The runtime's widgets ------------------------------------------------------------


def widgets_ready(page: Page) -> None:
    """Wait until every widget on the page has started: each sets data-ml-ready once its module has run."""
    expect(page.locator("[data-ml-module]:not([data-ml-ready])")).to_have_count(0)


def open_ready(page: Page, url: str) -> None:
    """Open a page and wait until every widget on it has started."""
    page.goto(url)
    widgets_ready(page)


def question(page: Page, qid: str) -> Locator:
    return page.locator(f"[data-ml-question='{qid}']")


def answer(page: Page, qid: str, *labels: str) -> Locator:
    """Choose `labels` in question `qid` and press Check answer; returns the question once it has said how it went."""
    q = question(page, qid)
    for label in labels:
        q.get_by_label(label, exact=True).check()
    q.get_by_role("button", name="Check answer").click()
    expect(q.get_by_role("status")).not_to_be_empty()
    return q


def pass_scored_quiz(page: Page) -> None:
    """Answer every question of quiz-runtime's scored quiz correctly (3 of 3)."""
    answer(page, "first", "Good morning, how can I help?")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "True")


# --- Material interactions ------------------------------------------------------------


def goto_instant(page: Page, url: str) -> None:
    """Open `url` and wait until Material's instant navigation is armed.

    Instant navigation only intercepts links listed in sitemap.xml, which it
    fetches after the page loads; a click before that is a full page load.
    Waiting for the network to go idle covers the fetch and its parsing.
    """
    page.goto(url, wait_until="networkidle")


def set_palette(page: Page, scheme: str) -> None:
    """Switch Material's palette toggle until `scheme` ("default" or "slate") is on.

    Clicks the real toggle, so the choice is stored the way Material stores it
    and later pages of the same context open in that scheme.
    """
    body = page.locator("body")
    for _ in range(page.locator("[data-md-component=palette] input").count()):
        if body.get_attribute("data-md-color-scheme") == scheme:
            break
        page.locator("[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", scheme)


def open_search(page: Page, query: str, *, timeout_s: float = 10) -> None:
    """Open Material's search with its keyboard shortcut, type `query` and wait
    for results.

    Keys, not fill(): the search listens to key events. The shortcut works at
    every width (the header field is hidden on small screens). Keys typed before
    the worker has loaded the index find nothing, so retype the last key until
    results show.
    """
    page.keyboard.press("s")
    field = page.locator(".md-search__input")
    expect(field).to_be_focused()
    field.press_sequentially(query)
    results = page.locator(".md-search-result__item")
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            results.first.wait_for(timeout=500)
            return
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise AssertionError(f"search for {query!r} showed no results within {timeout_s}s") from None
            field.press("Backspace")
            field.press_sequentially(query[-1])


ARTIFACTS = REPO_ROOT / "test-artifacts"
PRINTED_MARK = "✓"  # what a chosen box shows in print (checklist.css)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(PRINTED_MARK, " ")).strip()


@dataclass
class Printed:
    """A PDF as poppler reads it: one layout text per page."""

    path: Path
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def flat(self, page: int | None = None) -> str:
        """The text of one page (or all) on one line, marks removed: wrapped lines join up."""
        return squash(self.text if page is None else self.pages[page])

    def marks(self) -> int:
        return self.text.count(PRINTED_MARK)


def print_pdf(page: Page, tmp_path: Path, name: str, paper: str) -> Printed:
    """Print the page as it stands, as the browser's print does, on `paper`."""
    page.emulate_media(media="print")
    path = tmp_path / f"{name}-{paper}.pdf"
    page.pdf(path=str(path), format=paper)
    page.emulate_media(media="screen")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return Printed(path, text.split("\f")[:-1])


def save_png(pdf: Path, name: str) -> Path:
    """The first page at 80 dpi in test-artifacts/, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
    )
    return stem.with_suffix(".png")


@contextmanager
def without_runtime(browser: Browser) -> Iterator[Page]:
    """A page whose microlearn runtime never loads (nor anything from another host): what a failed script
    leaves, and how axe (which needs JavaScript itself) sees the no-JS markup."""
    context = browser.new_context()
    try:
        context.route("**/assets/microlearn/js/*", lambda route: route.abort())
        context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
        yield context.new_page()
    finally:
        context.close()
