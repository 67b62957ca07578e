"""Branching scenarios in Chromium, played as a learner would: with the mouse, the keyboard, and no JavaScript.

Course: tests/courses/branching — `leaking-iron` (six nodes, best possible 4
points, a pass and a fail ending) in the lesson `the-leaking-iron` and on its
own page, and `phone-call`, an assessment.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    BLOCK_OUR_STORAGE,
    axe,
    goto_instant,
    open_ready,
    without_runtime,
)
from playwright.sync_api import Browser, Locator, Page, expect

LESSON = "lessons/the-leaking-iron/"
SCENARIO_PAGE = "quizzes/leaking-iron/"
ASSESSMENT = "quizzes/phone-call/"
KEY = "microlearn.v1:/:quiz:leaking-iron"


@pytest.fixture
def site(branching_course: tuple[Path, str]) -> str:
    """The branching course's address (built once per session; tests/courses/branching)."""
    return branching_course[1]


def scenario(page: Page) -> Locator:
    return page.locator(".ml-scenario")


def turns(page: Page) -> Locator:
    return scenario(page).locator(".ml-scenario__log > li")


def pick(page: Page, reply: str) -> None:
    scenario(page).get_by_role("button", name=reply).click()


def assert_axe_clean(page: Page, label: str) -> None:
    report = axe(page)
    assert not report, f"axe violations ({label}):\n{report}"


# --- A path to each ending ------------------------------------------------------


def test_a_path_to_the_pass_ending_shows_feedback_points_and_passes_the_lesson(page: Page, site: str) -> None:
    open_ready(page, site + LESSON)
    s = scenario(page)
    expect(s.locator(".ml-scenario__nodes")).to_be_hidden()
    expect(turns(page)).to_have_count(2)
    expect(turns(page).nth(0)).to_have_text("He puts the iron on the counter, hard.")
    expect(turns(page).nth(1)).to_have_text("Customer This thing leaks all over my shirts. I want my money back. Now.")
    expect(s.get_by_role("button")).to_have_count(2)
    expect(page.locator(".ml-done__text")).to_be_hidden()
    assert_axe_clean(page, "start")

    pick(page, "Let him finish, then name how annoying this is.")
    you = turns(page).nth(2)
    expect(you).to_contain_text("You Let him finish, then name how annoying this is.")
    expect(you.locator(".ml-turn__feedback")).to_have_text("Naming the feeling first lowers the temperature.")
    expect(turns(page).nth(3)).to_have_text("Customer Yes! And I need a pressed shirt for Monday.")
    expect(turns(page).nth(3)).to_be_focused()
    expect(s.get_by_role("status")).to_contain_text("Naming the feeling first lowers the temperature.")
    expect(s.get_by_role("status")).to_contain_text("Yes! And I need a pressed shirt for Monday.")
    assert_axe_clean(page, "after one reply")

    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    end = turns(page).last
    expect(end).to_be_focused()
    expect(end).to_contain_text("A customer kept")
    expect(end).to_contain_text("Passed 4 of 4 points")
    expect(end).to_contain_text("He leaves with a working iron and comes back next month.")
    expect(s.get_by_role("button", name="Restart")).to_be_visible()
    expect(s.locator(".ml-scenario__choices")).to_be_hidden()
    expect(page.locator(".ml-done__text")).to_be_visible()
    assert_axe_clean(page, "pass ending")
    stored = page.evaluate(
        "() => [localStorage.getItem('microlearn.v1:/:passed'), localStorage.getItem('microlearn.v1:/:best')]"
    )
    assert json.loads(stored[0]) == {"leaking-iron": True}
    assert json.loads(stored[1]) == {"leaking-iron": 100}


def test_a_path_to_the_fail_ending_is_not_passed_and_the_lesson_stays_open(page: Page, site: str) -> None:
    open_ready(page, site + SCENARIO_PAGE)
    pick(page, "Explain the returns policy.")
    expect(turns(page).nth(2).locator(".ml-turn__feedback")).to_have_text("Policy before empathy reads as a brush-off.")
    pick(page, "Repeat the policy, more firmly.")
    end = turns(page).last
    expect(end).to_contain_text("A customer lost")
    expect(end).to_contain_text("Not passed 0 of 4 points")
    expect(end.locator(".ml-quiz__verdict--failed")).to_have_text("Not passed")
    assert_axe_clean(page, "fail ending")
    assert page.evaluate("() => localStorage.getItem('microlearn.v1:/:passed')") is None
    open_ready(page, site + LESSON)
    expect(page.locator(".ml-done__text")).to_be_hidden()


def test_the_longer_path_to_the_pass_ending_scores_less_than_the_best(page: Page, site: str) -> None:
    open_ready(page, site + SCENARIO_PAGE)
    pick(page, "Explain the returns policy.")
    pick(page, "Apologise and ask what happened.")
    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    expect(turns(page).last).to_contain_text("Passed 2 of 4 points")
    open_ready(page, site)
    # The lesson embedding it is done, as after any passed quiz.
    expect(page.locator("[data-ml-lesson-card='the-leaking-iron'] .ml-done-mark")).to_be_visible()


# --- Restart and resume --------------------------------------------------------------


def test_restart_starts_over_and_keeps_the_pass(page: Page, site: str) -> None:
    open_ready(page, site + LESSON)
    pick(page, "Let him finish, then name how annoying this is.")
    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    page.get_by_role("button", name="Restart").click()
    expect(turns(page)).to_have_count(2)
    expect(turns(page).first).to_be_focused()
    expect(scenario(page).get_by_role("button", name="Restart")).to_be_hidden()
    expect(scenario(page).get_by_role("button", name="Explain the returns policy.")).to_be_visible()
    expect(page.locator(".ml-done__text")).to_be_visible()
    page.reload()
    expect(turns(page)).to_have_count(2)
    expect(page.locator(".ml-done__text")).to_be_visible()


def test_a_reload_and_instant_navigation_resume_the_conversation_silently(page: Page, site: str) -> None:
    goto_instant(page, site + LESSON)
    pick(page, "Explain the returns policy.")
    page.reload()
    expect(turns(page)).to_have_count(4)
    expect(turns(page).nth(2).locator(".ml-turn__feedback")).to_have_text("Policy before empathy reads as a brush-off.")
    expect(scenario(page).get_by_role("status")).to_be_empty()
    expect(scenario(page).get_by_role("button", name="Apologise and ask what happened.")).to_be_visible()
    # Instant navigation away and back: the page's scenario resumes, once.
    goto_instant(page, site + LESSON)
    page.locator(".md-nav__link", has_text="Before you start").first.click()
    expect(page).to_have_url(site + "lessons/before-you-start/")
    page.go_back()
    expect(turns(page)).to_have_count(4)
    pick(page, "Apologise and ask what happened.")
    expect(turns(page)).to_have_count(6)


def test_a_stale_or_garbage_path_starts_fresh(page: Page, site: str) -> None:
    page.goto(site)
    for value in ['{"rev": "old", "path": [0, 0]}', '{"path": [7]}', "not json", '{"rev": 1, "path": "x"}']:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, value])
        open_ready(page, site + SCENARIO_PAGE)
        expect(turns(page)).to_have_count(2)
        expect(scenario(page).get_by_role("button")).to_have_count(2)


def test_storage_that_throws_never_breaks_the_scenario(page: Page, site: str) -> None:
    """Our keys blocked, Material's working: not one console error, and the pass still counts on the page."""
    page.add_init_script(BLOCK_OUR_STORAGE)
    open_ready(page, site + LESSON)
    pick(page, "Let him finish, then name how annoying this is.")
    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    expect(turns(page).last).to_contain_text("Passed 4 of 4 points")
    expect(page.locator(".ml-done__text")).to_be_visible()


# --- Assessments and home ------------------------------------------------------------------


def test_a_passed_scenario_assessment_shows_on_home_and_completes_the_course(page: Page, site: str) -> None:
    open_ready(page, site)
    state = page.locator("[data-ml-quiz-state='phone-call']")
    expect(state).to_have_text("Not taken yet")
    open_ready(page, site + ASSESSMENT)
    pick(page, "Tell her parcels are often late this time of year.")
    expect(turns(page).last).to_contain_text("Not passed 0 of 3 points")
    open_ready(page, site)
    expect(state).to_have_text("Best score: 0%")  # taken and not passed: a result, not 'not taken'
    open_ready(page, site + ASSESSMENT)
    page.get_by_role("button", name="Restart").click()
    pick(page, "Ask for the order number and look it up while she waits.")
    expect(turns(page).last).to_contain_text("Passed 3 of 3 points")
    open_ready(page, site)
    expect(state).to_have_text("Passed")
    open_ready(page, site + LESSON)
    pick(page, "Let him finish, then name how annoying this is.")
    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    open_ready(page, site + "lessons/before-you-start/")
    page.get_by_role("button", name="Mark as done").click()
    open_ready(page, site)
    record = page.locator(".ml-record")
    expect(record).to_be_visible()
    expect(record.locator("[data-ml-record-quiz='phone-call']")).to_have_text("Passed with 100%")
    assert_axe_clean(page, "home, course complete")


# --- Keyboard and no JavaScript -----------------------------------------------------------------


def test_the_whole_scenario_plays_with_the_keyboard_alone(page: Page, site: str) -> None:
    open_ready(page, site + SCENARIO_PAGE)
    first = scenario(page).get_by_role("button", name="Let him finish, then name how annoying this is.")
    for _ in range(60):
        page.keyboard.press("Tab")
        if first.evaluate("(el) => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(turns(page).nth(3)).to_be_focused()
    page.keyboard.press("Tab")
    expect(
        scenario(page).get_by_role("button", name="Offer a refund or a same-day swap, and let him choose.")
    ).to_be_focused()
    page.keyboard.press("Space")
    expect(turns(page).last).to_be_focused()
    expect(turns(page).last).to_contain_text("Passed 4 of 4 points")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Restart")).to_be_focused()
    page.keyboard.press("Enter")
    expect(turns(page).first).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(scenario(page).get_by_role("button", name="Explain the returns policy.")).to_be_focused()


def test_without_javascript_every_choice_links_to_the_next_node(no_js_page: Page, site: str) -> None:
    page = no_js_page
    page.goto(site + LESSON)
    s = scenario(page)
    expect(s.locator(".ml-scenario__log")).to_be_hidden()
    expect(page.get_by_role("button", name="Restart")).to_be_hidden()
    s.get_by_role("link", name="Explain the returns policy.").click()
    expect(page).to_have_url(site + LESSON + "#leaking-iron-angrier")
    expect(page.locator("#leaking-iron-angrier")).to_contain_text("I don't care about your policy.")
    page.locator("#leaking-iron-angrier").get_by_role("link", name="Repeat the policy, more firmly.").click()
    ending = page.locator("#leaking-iron-lost")
    expect(page).to_have_url(site + LESSON + "#leaking-iron-lost")
    expect(ending).to_contain_text("Not passed")
    expect(ending).to_contain_text("He leaves without a solution")
    ending.get_by_role("link", name="Back to the start").click()
    expect(page).to_have_url(site + LESSON + "#leaking-iron-opening")
    # Feedback is a disclosure, as a quiz's answer is.
    why = page.locator("#leaking-iron-opening .ml-choice__why").first
    why.locator("summary").click()
    expect(why).to_contain_text("Naming the feeling first lowers the temperature.")


def test_the_markup_without_the_runtime_has_no_axe_violations(browser: Browser, site: str) -> None:
    """axe needs JavaScript, so the runtime is blocked instead: the no-JS view, a disclosure open, at an ending."""
    with without_runtime(browser) as page:
        page.goto(site + LESSON)
        expect(page.locator("[data-ml-ready]")).to_have_count(0)
        page.locator(".ml-choice__why summary").first.click()
        assert_axe_clean(page, "no-JS view")
        page.get_by_role("link", name="Explain the returns policy.").click()
        page.get_by_role("link", name="Repeat the policy, more firmly.").click()
        assert_axe_clean(page, "no-JS view at an ending")


def test_search_indexes_neither_feedback_nor_endings(site: str) -> None:
    index = json.loads(urllib.request.urlopen(site + "search/search_index.json").read())
    text = json.dumps(index)
    assert "This thing leaks all over my shirts" in text
    assert "Naming the feeling first" not in text
    assert "He leaves with a working iron" not in text
    assert "Not passed" not in text


# --- For a person to look at ----------------------------------------------------------------------


def test_screenshots(page: Page, no_js_page: Page, site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    no_js_page.set_viewport_size({"width": 1000, "height": 1400})
    no_js_page.goto(site + SCENARIO_PAGE)
    no_js_page.screenshot(path=str(ARTIFACTS / "branching-nojs.png"), full_page=True)
    page.set_viewport_size({"width": 1000, "height": 1100})
    open_ready(page, site + SCENARIO_PAGE)
    pick(page, "Explain the returns policy.")
    page.screenshot(path=str(ARTIFACTS / "branching-js.png"), full_page=True)
    pick(page, "Apologise and ask what happened.")
    pick(page, "Offer a refund or a same-day swap, and let him choose.")
    page.screenshot(path=str(ARTIFACTS / "branching-ending.png"), full_page=True)
    for name in ("branching-nojs", "branching-js", "branching-ending"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
