"""Check first, then enhance: a widget whose markup lacks a part it needs keeps
its no-JS markup untouched, logs one error naming it, and the others still start.

Serves the quiz-runtime course (tests/courses/quiz-runtime) with one part cut
out of a page's HTML on its way to the browser: `scored` holds the quiz
`scored-check` (questions `first`, `remedies`, `tone`; pass mark 66) and the
lesson's done block, `showcase` a tick-box checklist and Mark as done.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from browser_support import SCORED, SHOWCASE, PageWatch, answer, question
from playwright.sync_api import ConsoleMessage, Locator, Page, Route, expect

CHECKLIST = "checklists/ticks/"
QUESTIONS = ("first", "remedies", "tone")
DONE_TEXT = "You have completed this lesson."
# The outerHTML of every widget root and quiz question as parsed, before any script runs.
SNAPSHOT = """document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const roots = document.querySelectorAll("[data-ml-module], [data-ml-question]");
    window.__markup = new Map([...roots].map((el) => [el, el.outerHTML]));
})"""


def drop(html: str, css_class: str, *, after: str = "", every: bool = False) -> str:
    """`html` without the first element of class `css_class` that follows the
    text `after` (or every such element). The element must not nest its own tag."""
    name = re.escape(css_class)
    element = re.compile(rf'<(\w+)\b[^>]*\bclass="(?:[^"]*\s)?{name}(?:\s[^"]*)?"[^>]*>.*?</\1>', re.S)
    head, tail = html[: html.index(after)], html[html.index(after) :]
    tail, count = element.subn("", tail, count=0 if every else 1)
    assert count, f"no .{css_class} after {after!r}"
    return head + tail


def open_edited(page: Page, url: str, edit: Callable[[str], str], *, fails: bool = True) -> None:
    """Open `url` with its HTML passed through `edit` and record the markup as
    parsed; when a widget `fails`, wait for the runtime's first error."""

    def handle(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=edit(response.text()))

    page.route(url, handle)
    page.add_init_script(SNAPSHOT)
    if not fails:
        page.goto(url)
        return
    with page.expect_console_message(lambda m: m.text.startswith("microlearn:")):
        page.goto(url)


def untouched(el: Locator) -> bool:
    """Whether `el` still has the markup it was parsed with."""
    return el.evaluate("(el) => window.__markup.get(el) === el.outerHTML")


def record_errors(page: Page) -> list[ConsoleMessage]:
    """Collect the runtime's console errors, their arguments included."""
    messages: list[ConsoleMessage] = []
    page.on("console", lambda m: messages.append(m) if m.type == "error" else None)
    return messages


def logged(messages: list[ConsoleMessage], page_watch: PageWatch) -> list[tuple[str, str, str]]:
    """Each error as (text, the element it names, the Error's message); every
    console error the page logged must be one of them."""
    assert len(page_watch.console_errors) == len(messages), page_watch.console_errors
    return [
        (
            m.args[0].json_value(),
            m.args[1].evaluate("(el) => el.dataset.mlModule || 'question ' + el.dataset.mlQuestion"),
            m.args[2].evaluate("(error) => error.message"),
        )
        for m in messages
    ]


def expect_show_answer_works(q: Locator, *texts: str) -> None:
    """The no-JS disclosure of question `q` is there and reveals `texts`."""
    expect(q.locator("summary", has_text="Show answer")).to_have_count(1)
    for text in texts:
        expect(q.locator(".ml-answer").get_by_text(text)).to_be_hidden()
    q.get_by_text("Show answer").click()
    for text in texts:
        expect(q.locator(".ml-answer").get_by_text(text)).to_be_visible()


# --- A quiz question -----------------------------------------------------------------


@pytest.mark.allow_console_errors
@pytest.mark.parametrize("part", ["ml-question__check", "ml-question__status"])
def test_a_broken_question_keeps_show_answer_and_the_others_work(
    page: Page, page_watch: PageWatch, quiz_site: str, part: str
) -> None:
    messages = record_errors(page)
    open_edited(page, quiz_site + SCORED, lambda html: drop(html, part, after='data-ml-question="remedies"'))
    quiz = page.locator("[data-ml-module=quiz]")
    expect(quiz).to_have_attribute("data-ml-ready", "")
    broken = question(page, "remedies")
    assert untouched(broken)
    expect(page.locator("summary", has_text="Show answer")).to_have_count(1)
    assert logged(messages, page_watch) == [
        ("microlearn: quiz question failed to start", "question remedies", f"missing .{part}")
    ]

    # The other questions start and score on their own...
    first = answer(page, "first", "Receipt, please.")
    expect(first.get_by_role("status")).to_have_text("Incorrect")
    expect(first.get_by_text("Straight to business sounds cold.")).to_be_visible()
    expect(first.get_by_text("Greet first, then ask an open question.")).to_be_visible()
    expect(first.get_by_role("radio").first).to_be_disabled()
    score = page.locator(".ml-quiz__score")
    expect(score).to_be_empty()
    expect(answer(page, "tone", "True").get_by_role("status")).to_have_text("Correct")
    # ...and the result counts the questions that started.
    expect(score).to_have_text(re.compile(r"1 of 2 correct \(50%\)\s*Not passed\s*Pass mark: 66%"))
    page.get_by_role("button", name="Try again").click()
    expect(score).to_be_empty()
    expect(first.get_by_role("radio").first).to_be_focused()
    answer(page, "first", "Good morning, how can I help?")
    answer(page, "tone", "True")
    expect(score).to_have_text(re.compile(r"2 of 2 correct \(100%\)\s*Passed"))
    expect(page.get_by_text(DONE_TEXT)).to_be_visible()

    # The broken one is still answerable without JavaScript.
    assert untouched(broken)
    expect_show_answer_works(broken, "A replacement", "Refund and replacement are both fair.")
    expect(broken.get_by_role("checkbox").first).to_be_enabled()
    page.reload()
    expect(quiz).to_have_attribute("data-ml-ready", "")
    expect(first.get_by_role("status")).to_have_text("Correct")
    expect(broken.locator("summary", has_text="Show answer")).to_have_count(1)


def test_state_classes_leave_a_themes_own_classes(page: Page, quiz_site: str) -> None:
    def theme(html: str) -> str:
        html = html.replace('class="ml-option"', 'class="ml-option theme-option"')
        return html.replace('class="ml-question__status"', 'class="ml-question__status theme-status"')

    open_edited(page, quiz_site + SCORED, theme, fails=False)
    q = answer(page, "first", "Receipt, please.")
    chosen = q.locator(".ml-option").filter(has=page.get_by_label("Receipt, please.", exact=True))
    status = q.locator(".ml-question__status")
    expect(chosen).to_have_class("ml-option theme-option ml-option--incorrect")
    expect(status).to_have_class("ml-question__status theme-status ml-question__status--incorrect")
    answer(page, "remedies", "A refund")
    answer(page, "tone", "True")
    page.get_by_role("button", name="Try again").click()
    expect(chosen).to_have_class("ml-option theme-option")
    expect(status).to_have_class("ml-question__status theme-status")


# --- A whole widget --------------------------------------------------------------------


@pytest.mark.allow_console_errors
@pytest.mark.parametrize(
    ("edit", "errors"),
    [
        (
            lambda html: drop(html, "ml-quiz__retry", after="data-ml-module"),
            [("quiz widget", "quiz", "missing .ml-quiz__retry")],
        ),
        (
            lambda html: drop(html, "ml-question__status", after="data-ml-module", every=True),
            [("quiz question", f"question {qid}", "missing .ml-question__status") for qid in QUESTIONS]
            + [("quiz widget", "quiz", "no question started")],
        ),
    ],
    ids=["no-try-again", "no-question-starts"],
)
def test_a_quiz_that_cannot_start_keeps_its_no_js_markup_and_the_done_block_starts(
    page: Page, page_watch: PageWatch, quiz_site: str, edit: Callable[[str], str], errors: list[tuple[str, str, str]]
) -> None:
    messages = record_errors(page)
    open_edited(page, quiz_site + SCORED, edit)
    expect(page.locator("[data-ml-module=lesson-done]")).to_have_attribute("data-ml-ready", "")
    quiz = page.locator("[data-ml-module=quiz]")
    expect(quiz).not_to_have_attribute("data-ml-ready", "")
    assert untouched(quiz)
    expected = [(f"microlearn: {name} failed to start", root, error) for name, root, error in errors]
    assert logged(messages, page_watch) == expected
    expect(page.locator("summary", has_text="Show answer")).to_have_count(3)
    expect(quiz.get_by_role("button", name="Check answer")).to_be_hidden()
    expect_show_answer_works(
        question(page, "first"), "Good morning, how can I help?", "A greeting and an open question."
    )


@pytest.mark.allow_console_errors
def test_a_broken_done_block_leaves_the_quiz_working(page: Page, page_watch: PageWatch, quiz_site: str) -> None:
    messages = record_errors(page)
    # The lesson header's Done mark is a part the done block needs.
    open_edited(page, quiz_site + SCORED, lambda html: drop(html, "ml-done-mark", after="ml-lesson__meta"))
    expect(page.locator("[data-ml-module=quiz]")).to_have_attribute("data-ml-ready", "")
    done = page.locator("[data-ml-module=lesson-done]")
    expect(done).not_to_have_attribute("data-ml-ready", "")
    assert untouched(done)
    for qid, label in (("first", "Good morning, how can I help?"), ("remedies", "A refund"), ("tone", "True")):
        answer(page, qid, label)
    expect(page.locator(".ml-quiz__score")).to_contain_text("2 of 3 correct (67%) Passed")
    # The pass reaches a done block that never started: nothing happens, nothing throws.
    expect(page.get_by_text(DONE_TEXT)).to_be_hidden()
    assert untouched(done)
    assert logged(messages, page_watch) == [
        ("microlearn: lesson-done widget failed to start", "lesson-done", "missing .ml-done-mark")
    ]


@pytest.mark.allow_console_errors
def test_a_done_block_that_cannot_start_shows_no_dead_button(page: Page, page_watch: PageWatch, quiz_site: str) -> None:
    messages = record_errors(page)
    open_edited(page, quiz_site + SHOWCASE, lambda html: drop(html, "ml-done__text", after="data-ml-module"))
    done = page.locator("[data-ml-module=lesson-done]")
    expect(done).not_to_have_attribute("data-ml-ready", "")
    expect(page.get_by_role("button", name="Mark as done")).to_be_hidden()
    assert untouched(done)
    assert logged(messages, page_watch) == [
        ("microlearn: lesson-done widget failed to start", "lesson-done", "missing .ml-done__text")
    ]


@pytest.mark.allow_console_errors
def test_a_broken_checklist_stays_a_plain_form(page: Page, page_watch: PageWatch, quiz_site: str) -> None:
    messages = record_errors(page)
    open_edited(page, quiz_site + CHECKLIST, lambda html: drop(html, "ml-checklist__actions", after="data-ml-module"))
    checklist = page.locator("[data-ml-module=checklist]")
    expect(checklist).not_to_have_attribute("data-ml-ready", "")
    assert untouched(checklist)
    # A tick still ticks, and nothing listens to save it.
    box = checklist.get_by_label("One thing")
    box.check()
    expect(box).to_be_checked()
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.includes(':checklist:'))") == []
    assert logged(messages, page_watch) == [
        ("microlearn: checklist widget failed to start", "checklist", "missing .ml-checklist__actions")
    ]


def test_focus_inside_a_quiz_that_starts_stays_where_it_was(page: Page, quiz_site: str) -> None:
    """The quiz takes itself out of the page while it restores answers; a focused option keeps the focus.

    Focused at DOMContentLoaded: the quiz starts later, once its module is imported."""
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => "
        "document.querySelector(\"[data-ml-question='first'] input\").focus())"
    )
    page.goto(quiz_site + SCORED)
    expect(page.locator("[data-ml-module=quiz]")).to_have_attribute("data-ml-ready", "")
    assert page.evaluate("() => document.activeElement.matches(\"[data-ml-question='first'] input\")")
