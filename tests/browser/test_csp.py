"""The example course served with a strict Content-Security-Policy (``microlearn csp``): scripts only from
the site itself plus the hashes of Material's own inline scripts. Quizzes, checklists and progress work,
through full page loads and instant navigation, and the browser reports no violation of the policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from browser_support import REPO_ROOT, LocalServer, _QuietHandler, build_course, goto_instant, widgets_ready
from playwright.sync_api import Page, expect

from generator.csp import content_security_policy


class _PolicyHandler(_QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.server.policy)  # type: ignore[attr-defined]
        super().end_headers()


# Recorded from the first script of every page: the policy's violations, as the browser reports them.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    server = local_server_factory()
    out = build_course(REPO_ROOT, tmp_path_factory.mktemp("csp") / "site", server.url)
    server.RequestHandlerClass = _PolicyHandler
    server.policy = content_security_policy(out)  # type: ignore[attr-defined]
    assert "'unsafe-eval'" not in server.policy and "script-src 'self' 'sha256-" in server.policy  # type: ignore[attr-defined]
    return server.serve(out)


def violations(page: Page) -> list[Any]:
    found: list[Any] = page.evaluate("() => window.__violations")
    return found


def test_quizzes_checklists_and_progress_work_under_the_policy(page: Page, csp_site: str) -> None:
    page.add_init_script(WATCH_VIOLATIONS)
    # The header is there: an inline script of the page's own making would be refused.
    response = page.goto(csp_site)
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    widgets_ready(page)
    expect(page.get_by_text("0 of 10 lessons done")).to_be_visible()

    # A lesson without a quiz: Mark as done.
    goto_instant(page, csp_site + "lessons/what-is-active-listening/")
    widgets_ready(page)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    # A quiz: check an answer, see the feedback.
    page.goto(csp_site + "quizzes/foundations-check/")
    widgets_ready(page)
    question = page.locator("[data-ml-question='what-it-is']")
    question.locator("input").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.get_by_role("status")).not_to_be_empty()

    # A checklist: a rating is kept across a reload.
    page.goto(csp_site + "checklists/after-the-conversation/")
    widgets_ready(page)
    first = page.locator("article input[type=radio]").first
    first.check()
    page.reload()
    widgets_ready(page)
    expect(first).to_be_checked()

    # Progress, back on the home page through instant navigation.
    page.locator("a.md-header__button.md-logo").click()
    expect(page.get_by_text("1 of 10 lessons done")).to_be_visible()
    assert violations(page) == []


@pytest.mark.allow_console_errors  # the browser logs the refused script
def test_an_injected_inline_script_is_refused_and_reported(page: Page, csp_site: str) -> None:
    """The watch itself works: a script the policy does not allow is reported, and does not run."""
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(csp_site)
    widgets_ready(page)
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                   document.body.append(s); }"""
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("() => window.__ran") is None
    assert any(v.startswith("script-src") for v in violations(page))
