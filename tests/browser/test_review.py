"""Spaced review (site-behaviour.md, Spaced review), with the browser's clock moved forward.

Course: tests/courses/pools — the lesson `greeting` embeds the quiz `basics`
(`hello`: "Good morning, how can I help?" is right, "Next!" wrong; `wait`:
True is right), and the assessment `drill` has eleven true statements d1..d11.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from browser_support import (
    ARTIFACTS,
    BLOCK_OUR_STORAGE,
    POOLS,
    LocalServer,
    PageWatch,
    answer,
    axe,
    build_course,
    open_ready,
    widgets_ready,
)
from playwright.sync_api import Page, expect

SCOPE = "microlearn.v1:/:"
QUEUE = SCOPE + "review"
# Mid-morning: moving on whole days never crosses a midnight by accident.
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def site(pools_site: str) -> str:
    """The pools course's address (built once per session; tests/courses/pools)."""
    return pools_site


def on_day(page: Page, day: int) -> None:
    page.clock.set_fixed_time(START + timedelta(days=day))


def due_on_home(page: Page, site: str, day: int) -> str:
    """What home says is due on `day`: its text, or '' when the line stays hidden."""
    on_day(page, day)
    open_ready(page, site)
    # The count needs the due questions' quiz pages: wait until it has looked.
    page.wait_for_load_state("networkidle")
    line = page.locator(".ml-progress__review")
    return page.locator(".ml-progress__review-link").inner_text() if line.is_visible() else ""


def open_review(page: Page, site: str, day: int) -> None:
    on_day(page, day)
    open_ready(page, site + "review/")
    expect(page.locator(".ml-review[data-ml-shown]")).to_have_count(1)


def miss_both(page: Page, site: str) -> None:
    """Day 0: both questions of the lesson quiz answered wrong."""
    on_day(page, 0)
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Next!")
    answer(page, "wait", "False")


def stored(page: Page, key: str) -> object:
    return page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", key)


def put(page: Page, key: str, value: str) -> None:
    """Store `value` under `key` as is, as if written earlier (or by something else)."""
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


def test_due_counts_follow_the_schedule(page: Page, site: str) -> None:
    miss_both(page, site)
    assert due_on_home(page, site, 0) == ""
    assert due_on_home(page, site, 1) == "2 questions to review"
    page.get_by_role("link", name="2 questions to review").click()
    expect(page.locator(".ml-review[data-ml-shown]")).to_have_count(1)
    numbers = page.locator(".ml-question__number").all_inner_texts()
    assert numbers == ["Question 1 of 2", "Question 2 of 2"]
    expect(page.locator(".ml-review__from").first).to_have_text("From Basics")
    # Right moves it on to 3 days; wrong starts it again at 1 day.
    answer(page, "hello", "Good morning, how can I help?")
    answer(page, "wait", "False")
    assert due_on_home(page, site, 1) == ""
    assert due_on_home(page, site, 2) == "1 question to review"
    assert due_on_home(page, site, 3) == "1 question to review"
    assert due_on_home(page, site, 4) == "2 questions to review"


def test_a_review_shows_the_question_as_its_quiz_does(page: Page, site: str) -> None:
    miss_both(page, site)
    open_review(page, site, 1)
    q = page.locator("[data-ml-question='hello']")
    expect(q.get_by_text("A customer walks up to the counter.")).to_be_visible()
    expect(q.get_by_text("Show answer")).to_have_count(0)
    q.get_by_role("button", name="Check answer").click()
    expect(q.get_by_text("Choose an answer.")).to_be_visible()
    assert not axe(page)
    answer(page, "hello", "Next!")
    expect(q.locator(".ml-question__status")).to_have_text("Incorrect")
    expect(q.get_by_text("That sounds like a queue, not a welcome.")).to_be_visible()
    expect(q.get_by_text("A greeting and an open question.")).to_be_visible()
    expect(q.get_by_text("Greet first, then ask an open question.")).to_be_visible()
    assert not axe(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "review-page.png", full_page=True)


def test_right_at_the_last_interval_leaves_the_queue(page: Page, site: str) -> None:
    on_day(page, 0)
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Next!")
    day = 0
    for interval in [1, 3, 7, 16, 35]:
        assert due_on_home(page, site, day + interval - 1) == ""
        day += interval
        open_review(page, site, day)
        answer(page, "hello", "Good morning, how can I help?")
    assert stored(page, QUEUE) == {}
    assert due_on_home(page, site, day + 400) == ""
    open_review(page, site, day + 400)
    expect(page.get_by_text("Nothing to review today.")).to_be_visible()


def test_reviewing_changes_no_score_and_no_done_state(page: Page, site: str) -> None:
    miss_both(page, site)
    keys = ["passed", "best", "done", "quiz:basics"]
    before = {key: stored(page, SCOPE + key) for key in keys}
    open_review(page, site, 1)
    answer(page, "hello", "Good morning, how can I help?")
    answer(page, "wait", "True")
    assert {key: stored(page, SCOPE + key) for key in keys} == before
    open_ready(page, site)
    expect(page.get_by_text("0 of 1 lessons done")).to_be_visible()
    open_ready(page, site + "lessons/greeting/")
    expect(page.locator("[data-ml-question='hello'] .ml-question__status")).to_have_text("Incorrect")


@pytest.mark.allow_console_errors  # the browser logs the removed quiz's 404, and only that (asserted below)
def test_an_edited_or_removed_question_leaves_the_queue(page: Page, site: str, page_watch: PageWatch) -> None:
    miss_both(page, site)
    queue = stored(page, QUEUE)
    assert isinstance(queue, dict) and set(queue) == {"basics/hello", "basics/wait"}
    # As if the site changed since: hello's revision differs, and two questions are gone.
    queue["basics/hello"][0] = "0000000000"
    queue["basics/gone"] = queue["basics/wait"]
    queue["removed-quiz/q1"] = queue["basics/wait"]
    put(page, QUEUE, json.dumps(queue))
    assert due_on_home(page, site, 1) == "1 question to review"
    assert set(stored(page, QUEUE)) == {"basics/wait"}  # type: ignore[arg-type]
    open_review(page, site, 1)
    expect(page.locator("[data-ml-question]")).to_have_count(1)
    assert page_watch.console_errors, "the removed quiz's page was never asked for"
    assert all("404" in e and "/quizzes/removed-quiz/" in e for e in page_watch.console_errors), (
        page_watch.console_errors
    )


@pytest.mark.parametrize(
    "garbage",
    [
        "{not json",
        "null",
        "[1, 2]",
        '"due"',
        json.dumps({"basics/hello": "x", "a b/c": [1, 0, 0], "basics/wait": ["r", 9, 0]}),
    ],
)
def test_broken_storage_is_an_empty_queue(page: Page, site: str, garbage: str) -> None:
    on_day(page, 0)
    page.goto(site + "404.html")
    put(page, QUEUE, garbage)
    assert due_on_home(page, site, 1) == ""
    open_review(page, site, 1)
    expect(page.get_by_text("Nothing to review today.")).to_be_visible()
    # A wrong answer still enters the queue over the garbage.
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Next!")
    assert due_on_home(page, site, 2) == "1 question to review"


def test_blocked_storage_is_an_empty_queue(page: Page, site: str) -> None:
    page.add_init_script(BLOCK_OUR_STORAGE)
    on_day(page, 0)
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Next!")
    assert due_on_home(page, site, 1) == ""
    open_review(page, site, 1)
    expect(page.get_by_text("Nothing to review today.")).to_be_visible()


def test_at_most_ten_at_a_time(page: Page, site: str) -> None:
    on_day(page, 0)
    open_ready(page, site + "quizzes/drill/")
    for n in range(1, 12):
        answer(page, f"d{n}", "False")
    assert due_on_home(page, site, 1) == "11 questions to review"
    open_review(page, site, 1)
    expect(page.locator("[data-ml-question]")).to_have_count(10)
    more = page.get_by_role("button", name="Next questions")
    expect(more).to_be_hidden()
    for qid in page.locator("[data-ml-question]").evaluate_all("(els) => els.map((e) => e.dataset.mlQuestion)"):
        answer(page, qid, "True")
    more.click()
    expect(page.locator("[data-ml-question]")).to_have_count(1)
    expect(page.locator(".ml-question__number")).to_have_text("Question 1 of 1")
    expect(page.locator("[data-ml-question] input").first).to_be_focused()


def test_review_works_with_html_addresses(
    page: Page, tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]
) -> None:
    server = local_server_factory()
    out = build_course(
        POOLS, tmp_path_factory.mktemp("review-flat") / "site", server.url, config_file="mkdocs-flat.yml"
    )
    site = server.serve(out)
    on_day(page, 0)
    open_ready(page, site + "lessons/greeting.html")
    answer(page, "wait", "False")
    assert due_on_home(page, site + "index.html", 1) == "1 question to review"
    page.get_by_role("link", name="1 question to review").click()
    expect(page).to_have_url(site + "review.html")
    expect(page.locator(".ml-review[data-ml-shown]")).to_have_count(1)
    answer(page, "wait", "True")
    expect(page.locator("[data-ml-question='wait'] .ml-question__status")).to_have_text("Correct")


def test_only_a_first_check_sends_a_question_to_review(page: Page, site: str) -> None:
    on_day(page, 0)
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Good morning, how can I help?")
    answer(page, "wait", "True")
    page.get_by_role("button", name="Try again").click()
    page.reload()
    widgets_ready(page)
    answer(page, "hello", "Next!")
    assert due_on_home(page, site, 1) == ""
    assert stored(page, QUEUE) in (None, {})


def test_a_quiz_failed_at_zero_percent_keeps_its_result(page: Page, site: str) -> None:
    """0% is a result (the home page and the LMS say 'not passed'), not 'not taken'."""
    miss_both(page, site)
    assert stored(page, SCOPE + "best") == {"basics": 0}


def test_a_new_revision_replaces_an_older_one_in_the_queue(page: Page, site: str) -> None:
    miss_both(page, site)
    queue = stored(page, QUEUE)
    assert isinstance(queue, dict)
    revision, _, due = queue["basics/hello"]
    # As if an older revision of the question had been queued long ago, and the quiz tried afresh.
    queue["basics/hello"] = ["0000000000", 3, due + 100]
    put(page, QUEUE, json.dumps(queue))
    page.evaluate("(key) => localStorage.removeItem(key)", SCOPE + "quiz:basics")
    open_ready(page, site + "lessons/greeting/")
    answer(page, "hello", "Next!")
    assert stored(page, QUEUE)["basics/hello"] == [revision, 0, due]  # type: ignore[index]


def test_a_box_that_is_not_a_whole_number_is_garbage(page: Page, site: str) -> None:
    miss_both(page, site)
    queue = stored(page, QUEUE)
    assert isinstance(queue, dict)
    queue = {"basics/hello": [queue["basics/hello"][0], "0", queue["basics/hello"][2]]}
    put(page, QUEUE, json.dumps(queue))
    assert due_on_home(page, site, 1) == ""
