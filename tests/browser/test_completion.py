"""The record of completion (site-behaviour.md, Completion), driven in Chromium:
once every lesson is done and every assessment passed, home says so and offers
a record with the learner's name (kept in the browser) that prints on one A4
or Letter page without site chrome; before that, Continue and the footer's
Next lead to what is left.

Course: tests/courses/quiz-runtime (see test_progress.py).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    FINAL,
    SCORED,
    SCORED_QUIZ,
    SHOWCASE,
    SHUFFLED,
    answer,
    axe,
    open_ready,
    pass_scored_quiz,
    print_pdf,
    save_png,
    set_palette,
)
from playwright.sync_api import Locator, Page, expect
from test_progress import go_link, mark_showcase_done

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def record(page: Page) -> Locator:
    return page.locator(".ml-record")


def pass_final(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_contain_text("Passed")


def complete_course(page: Page, quiz_site: str, *, final: bool = True) -> None:
    """Every lesson done (two by their quizzes, one by Mark as done) and, unless told not to, the assessment passed."""
    open_ready(page, quiz_site + SCORED_QUIZ)
    pass_scored_quiz(page)
    open_ready(page, quiz_site + SHOWCASE)
    toggle = page.get_by_role("button", name="Mark as done")
    if toggle.get_attribute("aria-pressed") != "true":
        toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    open_ready(page, quiz_site + SHUFFLED)
    answer(page, "pick", "Charlie")
    if final:
        pass_final(page, quiz_site)
    open_ready(page, quiz_site)


def footer_next(page: Page) -> Locator:
    return page.locator("a.md-footer__link--next")


def test_continue_and_the_footers_next_lead_to_what_is_left(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site)
    assert footer_next(page).evaluate("(a) => a.href") == quiz_site + SCORED
    mark_showcase_done(page, quiz_site)
    open_ready(page, quiz_site)
    for link in (go_link(page), footer_next(page)):
        assert link.evaluate("(a) => a.href") == quiz_site + SCORED
    expect(footer_next(page)).to_have_attribute("aria-label", "Next: A scored lesson")

    complete_course(page, quiz_site, final=False)
    expect(page.get_by_text("3 of 3 lessons done")).to_be_visible()
    # Every lesson done: what is left is the assessment.
    expect(go_link(page)).to_have_text("Continue")
    for link in (go_link(page), footer_next(page)):
        assert link.evaluate("(a) => a.href") == quiz_site + FINAL
    expect(footer_next(page)).to_have_attribute("aria-label", "Next: Final check")
    expect(footer_next(page).locator(".md-ellipsis")).to_have_text("Final check")
    expect(record(page)).to_be_hidden()


def test_a_complete_course_offers_the_record_with_the_learners_name_kept(page: Page, quiz_site: str) -> None:
    complete_course(page, quiz_site)
    expect(page.get_by_role("heading", name="Course complete")).to_be_visible()
    expect(go_link(page)).to_be_hidden()
    sheet = record(page).locator(".ml-record__sheet")
    expect(sheet).to_contain_text("Record of completion")
    expect(sheet).to_contain_text("Quiz runtime")
    cells = sheet.locator("tbody :is(th, td)")
    expect(cells).to_have_text(
        [
            "A scored lesson",
            "Done",
            "Every block",
            "Done",
            "A shuffled lesson",
            "Done",
            "Final check",
            "Passed with 100%",
        ]
    )
    today = datetime.date.today()
    expect(sheet.locator(".ml-record__date")).to_have_text(f"Completed on {today:%B} {today.day}, {today.year}")

    name = page.get_by_label("Name")
    expect(name).to_have_attribute("autocomplete", "name")
    name.fill("Sam Jansen")
    page.reload()
    expect(page.get_by_label("Name")).to_have_value("Sam Jansen")
    # Kept in this browser only: nothing but the site's own files was requested (the page fixture checks the host).
    stored = page.evaluate("() => Object.keys(localStorage).filter((k) => k.endsWith(':record'))")
    assert len(stored) == 1, stored


def test_the_date_is_when_the_course_was_first_complete(page: Page, quiz_site: str) -> None:
    complete_course(page, quiz_site)
    key = page.evaluate("() => Object.keys(localStorage).find((k) => k.endsWith(':record'))")
    page.evaluate("(key) => localStorage.setItem(key, JSON.stringify({date: Date.UTC(2026, 2, 14, 12)}))", key)
    open_ready(page, quiz_site)
    expect(page.locator(".ml-record__date")).to_have_text("Completed on March 14, 2026")


def test_without_every_assessment_passed_there_is_no_record(page: Page, quiz_site: str) -> None:
    complete_course(page, quiz_site, final=False)
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "False")
    answer(page, "two", "True")
    answer(page, "three", "Loud")
    open_ready(page, quiz_site)
    expect(record(page)).to_be_hidden()
    expect(page.get_by_role("heading", name="Course complete")).to_have_count(0)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_record_prints_on_one_page_without_site_chrome(
    page: Page, quiz_site: str, paper: str, tmp_path: Path
) -> None:
    complete_course(page, quiz_site)
    page.get_by_label("Name").fill("Sam Jansen")
    printed = print_pdf(page, tmp_path, "record", paper)
    save_png(printed.path, f"record-{paper}")
    assert len(printed.pages) == 1, printed.text
    flat = printed.flat()
    for text in ("Record of completion", "Quiz runtime", "Sam Jansen", "Completed on", "Final check Passed with 100%"):
        assert text in flat, (text, flat)
    for chrome in ("Skip to content", "Search", "Answering", "Course complete", "Print the record", "Previous", "Next"):
        assert chrome not in flat, (chrome, flat)


def test_print_the_record_opens_the_browsers_print(page: Page, quiz_site: str) -> None:
    complete_course(page, quiz_site)
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.get_by_role("button", name="Print the record").click()
    assert page.evaluate("() => window.__printed === true")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_record_has_no_axe_violations(page: Page, quiz_site: str, scheme: str) -> None:
    complete_course(page, quiz_site)
    set_palette(page, scheme)
    expect(record(page)).to_be_visible()
    report = axe(page)
    assert not report, f"axe violations, completion record ({scheme}):\n{report}"


def test_screenshots_of_the_learners_course(page: Page, quiz_site: str) -> None:
    """For a person to look at (test-artifacts/): home with progress, a lesson, a quiz after a wrong
    answer and the completion record, on desktop and phone."""
    ARTIFACTS.mkdir(exist_ok=True)
    mark_showcase_done(page, quiz_site)
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "False")
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        open_ready(page, quiz_site)
        expect(page.get_by_text("1 of 3 lessons done")).to_be_visible()
        page.screenshot(path=ARTIFACTS / f"home-progress-{name}.png", full_page=True)
        open_ready(page, quiz_site + SHOWCASE)
        page.screenshot(path=ARTIFACTS / f"lesson-{name}.png", full_page=True)
        open_ready(page, quiz_site + FINAL)
        expect(page.locator("[data-ml-question='one']").get_by_role("status")).to_have_text("Incorrect")
        page.locator("[data-ml-question='one']").scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"quiz-wrong-answer-{name}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.evaluate("() => localStorage.clear()")
    complete_course(page, quiz_site)
    page.get_by_label("Name").fill("Sam Jansen")
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=ARTIFACTS / f"completion-record-{name}.png", full_page=True)
    for stem in ("home-progress", "lesson", "quiz-wrong-answer", "completion-record"):
        for name in ("desktop", "phone"):
            assert (ARTIFACTS / f"{stem}-{name}.png").stat().st_size > 10_000, (stem, name)


@pytest.mark.parametrize(
    "garbage",
    ['{"date": "soon", "name": {"first": "Sam"}}', '{"date": -5, "name": 7}', "{not json", "[1, 2]", '"Sam"'],
)
def test_a_record_in_bad_storage_starts_afresh(page: Page, quiz_site: str, garbage: str) -> None:
    complete_course(page, quiz_site)
    key = page.evaluate("() => Object.keys(localStorage).find((k) => k.endsWith(':record'))")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, garbage])
    open_ready(page, quiz_site)
    today = datetime.date.today()
    expect(page.locator(".ml-record__date")).to_have_text(f"Completed on {today:%B} {today.day}, {today.year}")
    expect(page.get_by_label("Name")).to_have_value("")
    page.get_by_label("Name").fill("Sam")
    saved = page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", key)
    assert saved["name"] == "Sam" and isinstance(saved["date"], int | float), saved
