"""Question pools (site-behaviour.md, Quizzes: `draw`), driven in Chromium.

Course: tests/courses/pools — the assessment `pool` holds six questions
(p1..p6, option texts "Right N" and "Wrong N", shuffled) and draws three per
attempt, pass mark 66.
"""

from __future__ import annotations

import re

import pytest
from browser_support import ARTIFACTS, axe, goto_instant, open_ready, widgets_ready
from browser_support import answer as check_answer
from playwright.sync_api import Page, expect

POOL = "quizzes/pool/"
POOL_KEY = "microlearn.v1:/:quiz:pool"


@pytest.fixture
def site(pools_site: str) -> str:
    """The pools course's address (built once per session; tests/courses/pools)."""
    return pools_site


def drawn(page: Page) -> list[str]:
    """The ids of the questions shown, in page order."""
    return page.locator("[data-ml-question]:visible").evaluate_all("(els) => els.map((e) => e.dataset.mlQuestion)")


def answer(page: Page, qid: str, right: bool) -> None:
    """Question pN's options are "Right N" and "Wrong N"."""
    n = qid[1:]
    check_answer(page, qid, f"{'Right' if right else 'Wrong'} {n}")


def test_an_attempt_shows_the_draw_numbered_from_one(page: Page, site: str) -> None:
    open_ready(page, site + POOL)
    ids = drawn(page)
    assert len(ids) == 3 and len(set(ids)) == 3 and set(ids) <= {f"p{n}" for n in range(1, 7)}
    numbers = page.locator("[data-ml-question]:visible .ml-question__number").all_inner_texts()
    assert numbers == ["Question 1 of 3", "Question 2 of 3", "Question 3 of 3"]
    expect(page.locator(".ml-quiz__meta")).to_contain_text("3 of 6 questions per attempt")
    assert not axe(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "pool-draw.png", full_page=True)


def test_the_draw_survives_a_reload_and_instant_navigation(page: Page, site: str) -> None:
    open_ready(page, site + POOL)
    first = drawn(page)
    answer(page, first[0], right=True)
    page.reload()
    widgets_ready(page)
    assert drawn(page) == first
    expect(page.locator(f"[data-ml-question='{first[0]}'] .ml-question__status")).to_have_text("Correct")
    # Away and back through instant navigation: still this attempt's questions.
    goto_instant(page, site)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(".ml-card__link", has_text="Pool").click()
    expect(page.locator("[data-ml-module=quiz]")).to_have_attribute("data-ml-ready", "")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    assert drawn(page) == first


def test_try_again_draws_questions_not_shown_last_time(page: Page, site: str) -> None:
    open_ready(page, site + POOL)
    seen: list[list[str]] = []
    for _ in range(3):
        ids = drawn(page)
        if seen:
            # Six questions, three per attempt: the next attempt has none of the last one's.
            assert not set(ids) & set(seen[-1]), (seen[-1], ids)
        seen.append(ids)
        for qid in ids:
            answer(page, qid, right=False)
        page.get_by_role("button", name="Try again").click()
        expect(page.locator("[data-ml-question]:visible .ml-question__status:not(:empty)")).to_have_count(0)
        numbers = page.locator("[data-ml-question]:visible .ml-question__number").all_inner_texts()
        assert numbers == ["Question 1 of 3", "Question 2 of 3", "Question 3 of 3"]
    expect(page.locator("[data-ml-question]:visible").first.locator("input").first).to_be_focused()


@pytest.mark.parametrize(
    ("rights", "result", "state"),
    [
        # 2 of 3 is 66.7%: passes at 66. Over the pool it would be 2 of 6, 33%.
        ((True, True, False), "2 of 3 correct (67%) Passed", "Passed"),
        ((True, False, False), "1 of 3 correct (33%) Not passed", "Best score: 33%"),
    ],
)
def test_the_score_and_pass_mark_count_the_drawn_questions_only(
    page: Page, site: str, rights: tuple[bool, ...], result: str, state: str
) -> None:
    open_ready(page, site + POOL)
    ids = drawn(page)
    for qid, right in zip(ids, rights, strict=True):
        answer(page, qid, right=right)
    expect(page.locator(".ml-quiz__score")).to_have_text(re.compile("^" + re.escape(result)))
    page.goto(site)
    expect(page.locator("[data-ml-quiz-state='pool']")).to_have_text(state)
    saved = page.evaluate(f"() => JSON.parse(localStorage.getItem('{POOL_KEY}'))")
    # Kept by position in the quiz: p1 is 0.
    assert sorted(saved["draw"]) == sorted(int(qid[1:]) - 1 for qid in ids)


def test_broken_saved_draw_starts_a_fresh_one(page: Page, site: str) -> None:
    page.goto(site)
    page.evaluate(f"""() => localStorage.setItem('{POOL_KEY}', JSON.stringify({{draw: [0, 0, 9]}}))""")
    open_ready(page, site + POOL)
    ids = drawn(page)
    assert len(set(ids)) == 3


def test_without_javascript_the_whole_pool_shows(no_js_page: Page, site: str) -> None:
    page = no_js_page
    page.goto(site + POOL)
    expect(page.locator("[data-ml-question]")).to_have_count(6)
    expect(page.locator("[data-ml-question]:visible")).to_have_count(6)
    numbers = page.locator(".ml-question__number").all_inner_texts()
    assert numbers == [f"Question {n} of 6" for n in range(1, 7)]
    expect(page.get_by_text("Show answer")).to_have_count(6)
