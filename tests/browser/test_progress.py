"""The learner's progress, driven in Chromium: the home page's counts, Start /
Continue and assessment states, done marks in the navigation, where a lesson
sits, and the Mark as done toggle.

Course: tests/courses/quiz-runtime — lessons `scored` (quiz `scored-check`),
`showcase` (no quiz: Mark as done) and `shuffled` (quiz `shuffle-check`), in
that order; assessment `final` (pass mark 67, three questions).
"""

from __future__ import annotations

import pytest
from browser_support import (
    FINAL,
    SCORED,
    SCORED_QUIZ,
    SHOWCASE,
    SHUFFLED,
    answer,
    axe,
    goto_instant,
    open_ready,
    pass_scored_quiz,
    set_palette,
)
from playwright.sync_api import Browser, Locator, Page, expect


def mark_showcase_done(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHOWCASE)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()


def go_link(page: Page) -> Locator:
    return page.locator(".ml-progress__go")


def nav_link(page: Page, title: str) -> Locator:
    return page.locator(".md-sidebar--primary a.md-nav__link").filter(has_text=title)


def final_state(page: Page) -> Locator:
    return page.locator("[data-ml-quiz-state='final']")


def test_home_counts_and_continue_follow_progress(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site)
    expect(page.locator(".ml-progress__time")).to_have_text("About 6 minutes")
    expect(page.get_by_text("0 of 3 lessons done")).to_be_visible()
    expect(go_link(page)).to_have_text("Start")
    assert go_link(page).evaluate("(a) => a.href") == quiz_site + SCORED

    mark_showcase_done(page, quiz_site)
    open_ready(page, quiz_site)
    expect(page.get_by_text("1 of 3 lessons done")).to_be_visible()
    expect(go_link(page)).to_have_text("Continue")
    assert go_link(page).evaluate("(a) => a.href") == quiz_site + SCORED

    open_ready(page, quiz_site + SCORED_QUIZ)
    pass_scored_quiz(page)
    open_ready(page, quiz_site)
    expect(page.get_by_text("2 of 3 lessons done")).to_be_visible()
    expect(go_link(page)).to_have_text("Continue")
    assert go_link(page).evaluate("(a) => a.href") == quiz_site + SHUFFLED
    go_link(page).click()
    expect(page.locator("h1")).to_have_text("A shuffled lesson")


def test_each_assessment_shows_not_taken_best_score_then_passed(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site)
    expect(final_state(page)).to_have_text("Not taken yet")
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "True")
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_contain_text("Not passed")
    open_ready(page, quiz_site)
    expect(final_state(page)).to_have_text("Best score: 67%")

    open_ready(page, quiz_site + FINAL)
    page.get_by_role("button", name="Try again").click()
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Red")
    open_ready(page, quiz_site)
    expect(final_state(page)).to_have_text("Passed")


def test_without_javascript_home_offers_start_and_no_count(browser: Browser, quiz_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(quiz_site)
    expect(page.get_by_role("link", name="Start")).to_be_visible()
    expect(page.locator(".ml-progress__count")).to_be_hidden()
    expect(final_state(page)).to_be_hidden()
    context.close()


def test_navigation_marks_done_lessons_and_passed_quizzes_across_instant_navigation(page: Page, quiz_site: str) -> None:
    goto_instant(page, quiz_site + SCORED)
    page.evaluate("() => { window.__sameDocument = true; }")
    expect(nav_link(page, "A scored lesson").locator(".ml-nav-mark")).to_have_count(0)
    pass_scored_quiz(page)
    expect(nav_link(page, "A scored lesson").locator(".ml-nav-mark")).to_have_text("Done")
    next_page(page, "Every block")
    page.get_by_role("button", name="Mark as done").click()
    expect(nav_link(page, "Every block").locator(".ml-nav-mark")).to_have_count(1)
    next_page(page, "A shuffled lesson")
    next_page(page, "Final check")
    expect(nav_link(page, "Final check").locator(".ml-nav-mark")).to_have_count(0)
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Red")
    expect(nav_link(page, "Final check").locator(".ml-nav-mark")).to_have_count(1)
    page.locator("a.md-footer__link--prev").click()
    expect(page.locator("h1")).to_have_text("A shuffled lesson")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    for title in ("A scored lesson", "Every block", "Final check"):
        expect(nav_link(page, title).locator(".ml-nav-mark")).to_have_count(1)
    expect(nav_link(page, "A shuffled lesson").locator(".ml-nav-mark")).to_have_count(0)
    # Undone: the mark goes.
    page.locator("a.md-footer__link--prev").click()
    expect(page.locator("h1")).to_have_text("Every block")
    page.get_by_role("button", name="Mark as done").click()
    expect(nav_link(page, "Every block").locator(".ml-nav-mark")).to_have_count(0)


def next_page(page: Page, title: str) -> None:
    page.locator("a.md-footer__link--next").click()
    expect(page.locator("h1")).to_have_text(title)


def test_a_lesson_says_where_it_sits_and_that_its_quiz_completes_it(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHOWCASE)
    expect(page.locator(".ml-lesson__meta")).to_contain_text("Lesson 2 of 3")
    expect(page.get_by_text("Passing the quiz completes this lesson.")).to_have_count(0)
    open_ready(page, quiz_site + SCORED)
    expect(page.locator(".ml-lesson__meta")).to_contain_text("Lesson 1 of 3")
    hint = page.get_by_text("Passing the quiz completes this lesson.")
    expect(hint).to_be_visible()
    pass_scored_quiz(page)
    expect(hint).to_be_hidden()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()


def test_mark_as_done_is_a_toggle_whose_pressed_and_focused_looks_differ(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHOWCASE)
    # Material eases button colours over 125 ms: compare the end states, not a frame of the change.
    page.add_style_tag(content="* { transition: none !important; }")
    toggle = page.locator(".ml-done__toggle")
    expect(toggle).to_have_accessible_name("Mark as done")
    toggle.focus()
    focused = toggle.evaluate("(b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b, '::before').content]")
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_be_focused()
    pressed = toggle.evaluate("(b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b, '::before').content]")
    assert focused[0] != pressed[0], (focused, pressed)
    assert "✓" in pressed[1] and "✓" not in focused[1], (focused, pressed)
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_progress_has_no_axe_violations(page: Page, quiz_site: str, scheme: str) -> None:
    mark_showcase_done(page, quiz_site)
    set_palette(page, scheme)
    report = axe(page)
    assert not report, f"axe violations, lesson marked done ({scheme}):\n{report}"
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "True")
    answer(page, "three", "Red")
    open_ready(page, quiz_site)
    expect(page.get_by_text("1 of 3 lessons done")).to_be_visible()
    expect(final_state(page)).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
    report = axe(page)
    assert not report, f"axe violations, home with progress ({scheme}):\n{report}"


def test_a_lesson_whose_quiz_is_passed_on_the_quiz_page_is_marked_at_once(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED_QUIZ)
    expect(nav_link(page, "A scored lesson").locator(".ml-nav-mark")).to_have_count(0)
    pass_scored_quiz(page)
    expect(nav_link(page, "A scored lesson").locator(".ml-nav-mark")).to_have_text("Done")
