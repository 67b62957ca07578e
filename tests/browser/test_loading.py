"""Loading (site-behaviour.md, Budgets): the runtime arrives without a chain of
dependent requests, and a page loads the widget code it uses, not every
widget's; a page that instant navigation brings in still gets its widgets.

Read from the browser's own Resource Timing entries on real pages.
"""

from __future__ import annotations

import pytest
from browser_support import FINAL, SCORED, SHOWCASE, goto_instant, open_ready
from playwright.sync_api import Page, expect

RUNTIME = "/assets/microlearn/js/"
ALWAYS = {"init.js", "storage.js"}


def runtime_requests(page: Page) -> list[dict]:
    return page.evaluate(
        """(prefix) => performance.getEntriesByType("resource")
             .filter((e) => new URL(e.name).pathname.includes(prefix))
             .map((e) => ({file: e.name.split("/").pop(), start: e.startTime, end: e.responseEnd}))""",
        RUNTIME,
    )


@pytest.mark.parametrize(
    ("address", "widgets"),
    [
        ("", {"home.js", "queue.js"}),
        (SCORED, {"lesson-done.js", "quiz.js", "question.js"}),
        (SHOWCASE, {"lesson-done.js"}),
        (FINAL, {"quiz.js", "question.js"}),
        ("checklists/ticks/", {"checklist.js"}),
        ("review/", {"review.js", "question.js", "queue.js"}),
    ],
)
def test_a_page_loads_its_widgets_at_once_and_no_others(
    page: Page, quiz_site: str, address: str, widgets: set[str]
) -> None:
    open_ready(page, quiz_site + address)
    requests = runtime_requests(page)
    files = [r["file"] for r in requests]
    assert sorted(files) == sorted(ALWAYS | widgets), requests
    # Every module was asked for by the page's own preload links, none by a module that
    # had to arrive first: each request started before init.js had finished arriving.
    init = next(r for r in requests if r["file"] == "init.js")
    assert all(r["start"] <= init["end"] for r in requests), requests


def test_instant_navigation_brings_the_next_pages_widgets(page: Page, quiz_site: str) -> None:
    goto_instant(page, quiz_site + SHOWCASE)
    page.evaluate("() => { window.__sameDocument = true; }")
    assert "quiz.js" not in [r["file"] for r in runtime_requests(page)]
    page.locator(".md-sidebar--primary a.md-nav__link").filter(has_text="A scored lesson").click()
    expect(page.locator("h1")).to_have_text("A scored lesson")
    expect(page.locator("[data-ml-module=quiz]")).to_have_attribute("data-ml-ready", "")
    expect(page.get_by_role("button", name="Check answer").first).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    assert "quiz.js" in [r["file"] for r in runtime_requests(page)]
