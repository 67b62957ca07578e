"""Progress survives bad storage: every key the runtime keeps (quiz answers, best scores, passed quizzes,
done lessons, checklist ratings), each filled with every kind of garbage, and the home page, lessons,
quizzes and checklists still start, answer, count and save, with no console error and no change to
the page's own objects (``__proto__`` in saved JSON pollutes nothing)."""

from __future__ import annotations

import json

import pytest
from browser_support import FINAL, SCORED, SHOWCASE, answer, open_ready
from playwright.sync_api import Page, expect

SCOPE = "microlearn.v1:/:"
KEYS = ["passed", "done", "best", "quiz:scored-check", "quiz:final", "checklist:ticks"]
GARBAGE = {
    "not JSON": "{not json",
    "empty": "",
    "null": "null",
    "a number": "42",
    "a text": '"done"',
    "a list": "[true, 1, null]",
    "wrong types inside": json.dumps(
        {
            "scored": {"x": 1},
            "scored-check": "yes",
            "final": [1],
            "questions": {"first": "a", "one": {"rev": 5, "chosen": "all", "order": {"a": 1}}},
            "items": 7,
        }
    ),
    "prototype keys": '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    "deeply nested": "[" * 5000 + "]" * 5000,
}


def ready(page: Page, url: str) -> None:
    """Open `url`, wait for its widgets, and check that no saved value reached Object.prototype."""
    open_ready(page, url)
    assert page.evaluate("() => ({}).polluted === undefined && Object.prototype.polluted === undefined")


@pytest.mark.parametrize("kind", GARBAGE)
def test_every_key_holding_garbage_starts_fresh_and_works(page: Page, quiz_site: str, kind: str) -> None:
    stored = {SCOPE + key: GARBAGE[kind] for key in KEYS}
    # Set once, before the first page: later pages read what the runtime wrote over it.
    page.goto(quiz_site + "404.html")
    page.evaluate("(items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v))", stored)

    ready(page, quiz_site)
    expect(page.get_by_text("0 of 3 lessons done")).to_be_visible()
    ready(page, quiz_site + SHOWCASE)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    ready(page, quiz_site + SCORED)
    answer(page, "tone", "True")
    ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_contain_text("3 of 3 correct (100%)")
    ready(page, quiz_site + "checklists/ticks/")
    page.get_by_role("checkbox", name="One thing").check()
    page.reload()
    expect(page.get_by_role("checkbox", name="One thing")).to_be_checked()
    ready(page, quiz_site)
    expect(page.get_by_text("1 of 3 lessons done")).to_be_visible()
    ready(page, quiz_site + SCORED)
    expect(page.locator("[data-ml-question='tone']").get_by_role("status")).to_have_text("Correct")
    # What the runtime saved over the garbage is plain JSON objects again.
    saved = page.evaluate("(keys) => keys.map((k) => JSON.parse(localStorage.getItem(k)))", [SCOPE + k for k in KEYS])
    assert all(isinstance(value, dict) for value in saved), saved
