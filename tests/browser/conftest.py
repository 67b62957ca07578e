"""Fixtures for the browser tests: one Chromium per session, local HTTP servers,
and a page that fails its test on a console error or a request to another host.

The site must work from a plain static host and make no request to another
host, so every test serves real build output over HTTP on 127.0.0.1.
Helpers to build a course, run axe-core and drive Material are in
browser_support.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import (
    BRANCHING,
    CHROMIUM,
    CHROMIUM_ARGS,
    POOLS,
    QUIZ_RUNTIME,
    LocalServer,
    PageWatch,
    build_course,
    is_foreign,
)
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route, sync_playwright


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that lets a test expect console errors."""
    config.addinivalue_line(
        "markers",
        "allow_console_errors: the test provokes console errors on purpose (requests to other hosts still fail it)",
    )


# --- Chromium -----------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright driver per session (per xdist worker)."""
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, launched once per session to keep the run fast.

    Playwright's own browser downloads are unavailable here, so a missing
    /usr/bin/chromium is an environment error CI must fix, not a skip.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium package "
            "(make browser-deps, or apt-get install chromium); Playwright never downloads its own browser here",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def local_server_factory() -> Iterator[Callable[[], LocalServer]]:
    """Make servers for module- or session-scoped site fixtures; all stop at the end."""
    servers: list[LocalServer] = []

    def make() -> LocalServer:
        server = LocalServer()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def quiz_runtime(
    tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]
) -> tuple[Path, str]:
    """tests/courses/quiz-runtime, built once per session (per xdist worker) for, and served at,
    a local URL so Material's instant navigation engages: (build folder, its address).

    Tests only read it; each gets a fresh browser context, so saved progress is not shared.
    """
    return _built_and_served(QUIZ_RUNTIME, tmp_path_factory, local_server_factory)


@pytest.fixture(scope="session")
def quiz_site(quiz_runtime: tuple[Path, str]) -> str:
    """The address of the built quiz-runtime course."""
    return quiz_runtime[1]


@pytest.fixture(scope="session")
def pools_site(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    """The address of tests/courses/pools, built once per session (per xdist worker), like `quiz_runtime`."""
    return _built_and_served(POOLS, tmp_path_factory, local_server_factory)[1]


@pytest.fixture(scope="session")
def branching_course(
    tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]
) -> tuple[Path, str]:
    """tests/courses/branching, built once per session (per xdist worker) and served,
    like `quiz_runtime`: (build folder, its address)."""
    return _built_and_served(BRANCHING, tmp_path_factory, local_server_factory)


def _built_and_served(
    course: Path, tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]
) -> tuple[Path, str]:
    """Build `course` for a new local server's address and serve it: (build folder, its address)."""
    server = local_server_factory()
    out = build_course(course, tmp_path_factory.mktemp(course.name) / "site", server.url)
    return out, server.serve(out)


@pytest.fixture
def local_server(local_server_factory: Callable[[], LocalServer]) -> LocalServer:
    """A fresh server for one test: read `.url`, build with it, then `.serve(dir)`."""
    return local_server_factory()


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Browser, page_watch: PageWatch, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh context (fresh localStorage) that blocks and records
    requests to other hosts and records console errors.

    Both fail the test; the `allow_console_errors` marker exempts console errors.
    """
    context = browser.new_context()
    page = context.new_page()

    def on_route(route: Route, req: Request) -> None:
        if is_foreign(req.url):
            page_watch.foreign_requests.append(req.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            page_watch.console_errors.append(f"{message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    context.route("**/*", on_route)
    # Service workers could bypass routing; the site does not use them.
    page.on("console", on_console)
    page.on("pageerror", lambda error: page_watch.console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()
    # Normally checked right after the test body (pytest_runtest_call); this
    # catches a test that raised first, where the console often says why.
    if not page_watch.checked:
        found = page_watch.problems(console=not _allows_console_errors(request.node))
        if found:
            pytest.fail("\n".join(found), pytrace=False)


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context with JavaScript off; a request to another host fails the test."""
    context = browser.new_context(java_script_enabled=False)
    foreign: list[str] = []

    def route(r: Route, req: Request) -> None:
        if is_foreign(req.url):
            foreign.append(req.url)
            r.abort("blockedbyclient")
        else:
            r.continue_()

    context.route("**/*", route)
    yield context.new_page()
    context.close()
    assert not foreign, foreign


def _allows_console_errors(item: pytest.Item) -> bool:
    return item.get_closest_marker("allow_console_errors") is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail the test itself, not its teardown, on a console error or a foreign request."""
    result = yield
    watch = getattr(item, "funcargs", {}).get("page_watch")
    if isinstance(watch, PageWatch):
        watch.checked = True
        found = watch.problems(console=not _allows_console_errors(item))
        if found:
            pytest.fail("\n".join(found), pytrace=False)
    return result
