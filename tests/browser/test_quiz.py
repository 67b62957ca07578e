"""The quiz runtime and lesson completion, driven in Chromium as a learner would.

Course: tests/courses/quiz-runtime — `scored-check` (pass mark 66: a single,
a multiple and a true/false question) in the lesson `scored` and on its own
page, `final` (pass mark 67, three questions), `shuffle-check` (shuffled, in
the lesson `shuffled`) and `showcase` (every block type, no quiz: Mark as done).
"""

from __future__ import annotations

import json
import re

import pytest
from browser_support import (
    BLOCK_OUR_STORAGE,
    FINAL,
    SCORED,
    SCORED_QUIZ,
    SHOWCASE,
    SHUFFLED,
    PageWatch,
    answer,
    axe,
    goto_instant,
    open_ready,
    pass_scored_quiz,
    question,
    set_palette,
    widgets_ready,
    without_runtime,
)
from playwright.sync_api import Browser, Locator, Page, expect

# The runtime's storage keys: a version, the site's path, then the widget's own key.
QUIZ_KEY = "microlearn.v1:/:quiz:scored-check"


def option(q: Locator, label: str) -> Locator:
    """The option row (input, label, mark, feedback) of the option named `label`."""
    return q.locator(".ml-option").filter(has=q.page.get_by_label(label, exact=True))


def option_texts(q: Locator) -> list[str]:
    return q.locator(".ml-option__label").all_inner_texts()


# --- Answering -----------------------------------------------------------------------


def test_check_answer_is_never_disabled_and_show_answer_is_gone(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    expect(page.get_by_text("Show answer")).to_have_count(0)
    q = question(page, "first")
    check = q.get_by_role("button", name="Check answer")
    expect(check).to_be_enabled()
    expect(q.get_by_text("Greet first, then ask an open question.")).to_be_hidden()
    q.get_by_label("We are closing soon.").check()
    expect(check).to_be_enabled()
    expect(page.locator(".ml-quiz__score")).to_be_empty()
    expect(page.get_by_role("button", name="Try again")).to_be_hidden()


def test_a_wrong_choice_shows_its_feedback_the_correct_answer_and_the_explanation(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "first", "Receipt, please.")
    expect(q.get_by_role("status")).to_have_text("Incorrect")
    chosen = option(q, "Receipt, please.")
    expect(chosen).to_contain_text("Incorrect")
    expect(chosen.get_by_text("Straight to business sounds cold.")).to_be_visible()
    correct = option(q, "Good morning, how can I help?")
    expect(correct).to_contain_text("Correct answer")
    # The correct option's feedback appears too; an option neither chosen nor correct stays quiet.
    expect(correct.get_by_text("A greeting and an open question.")).to_be_visible()
    expect(q.get_by_text("That tells them to go away.")).to_be_hidden()
    expect(option(q, "We are closing soon.").locator(".ml-option__mark")).to_have_count(0)
    expect(q.get_by_text("Greet first, then ask an open question.")).to_be_visible()
    # The question locks.
    for label in ("Receipt, please.", "Good morning, how can I help?", "We are closing soon."):
        expect(q.get_by_label(label, exact=True)).to_be_disabled()
    expect(q.get_by_role("button", name="Check answer")).to_be_hidden()


def test_a_right_choice_is_marked_correct_by_text_and_icon(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "first", "Good morning, how can I help?")
    expect(q.get_by_role("status")).to_have_text("Correct")
    chosen = option(q, "Good morning, how can I help?")
    expect(chosen.locator(".ml-option__mark")).to_have_text("Correct")
    expect(chosen.get_by_text("A greeting and an open question.")).to_be_visible()
    icon = chosen.locator(".ml-option__mark").evaluate("(el) => getComputedStyle(el, '::before').content")
    assert "✓" in icon, icon


def test_a_multiple_question_scores_all_or_nothing(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "remedies", "A refund")
    expect(q.get_by_role("status")).to_have_text("Incorrect")
    expect(option(q, "A refund").locator(".ml-option__mark")).to_have_text("Correct")
    expect(option(q, "A replacement").locator(".ml-option__mark")).to_have_text("Correct answer")
    expect(option(q, "A voucher only").locator(".ml-option__mark")).to_have_count(0)
    page.reload()
    expect(question(page, "remedies").get_by_role("status")).to_have_text("Incorrect")


def test_a_multiple_question_with_every_right_option_scores(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "remedies", "A refund", "A replacement")
    expect(q.get_by_role("status")).to_have_text("Correct")


def test_a_true_false_question(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = question(page, "tone")
    expect(q.get_by_role("radio")).to_have_count(2)
    assert option_texts(q) == ["True", "False"]
    answer(page, "tone", "True")
    expect(q.get_by_role("status")).to_have_text("Correct")
    expect(q.get_by_text("Right, people remember how you made them feel.")).to_be_visible()
    expect(q.get_by_text("Policy matters, but tone decides how it lands.")).to_be_hidden()


# --- Feedback that teaches, and controls to the GOV.UK standard --------------------------


def described_by(target: Locator) -> list[str]:
    """The texts of the elements `target`'s aria-describedby points at, in order."""
    result: list[str] = target.evaluate(
        """(el) => (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
            .map((id) => document.getElementById(id)?.textContent.replace(/\\s+/g, " ").trim() ?? `missing #${id}`)"""
    )
    return result


def ax_description(page: Page, selector: str) -> str:
    """The accessible description Chromium computes for the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        nodes = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        return str(nodes[0].get("description", {}).get("value", ""))
    finally:
        cdp.detach()


def test_a_wrong_answer_shows_your_answer_and_the_correct_answer_each_with_its_feedback(
    page: Page, quiz_site: str
) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "first", "Receipt, please.")
    chosen = option(q, "Receipt, please.")
    expect(chosen.locator(".ml-option__yours")).to_have_text("Your answer")
    expect(chosen.locator(".ml-option__yours")).to_be_visible()
    expect(chosen.locator(".ml-option__mark")).to_have_text("Incorrect")
    expect(chosen.get_by_text("Straight to business sounds cold.")).to_be_visible()
    correct = option(q, "Good morning, how can I help?")
    expect(correct.locator(".ml-option__mark")).to_have_text("Correct answer")
    expect(correct.locator(".ml-option__mark")).to_be_visible()
    expect(correct.locator(".ml-option__yours")).to_have_count(0)
    expect(correct.get_by_text("A greeting and an open question.")).to_be_visible()
    other = option(q, "We are closing soon.")
    expect(other.locator(".ml-option__yours, .ml-option__mark")).to_have_count(0)
    expect(other.get_by_text("That tells them to go away.")).to_be_hidden()
    expect(q.get_by_text("Greet first, then ask an open question.")).to_be_visible()
    # Focus goes to the verdict, described by the reasons: the feedback shown
    # (in the options' order), then the explanation.
    status = q.get_by_role("status")
    expect(status).to_be_focused()
    expect(status).to_have_text("Incorrect")
    assert described_by(status) == [
        "A greeting and an open question.",
        "Straight to business sounds cold.",
        "Explanation Greet first, then ask an open question.",
    ]
    # The same after a reload, silently restored.
    page.reload()
    widgets_ready(page)
    expect(option(q, "Receipt, please.").locator(".ml-option__yours")).to_have_text("Your answer")
    expect(correct.get_by_text("A greeting and an open question.")).to_be_visible()


def test_a_multiple_question_labels_each_chosen_and_each_missed_answer(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = answer(page, "remedies", "A refund", "A voucher only")
    for label, mark, feedback in (
        ("A refund", "Correct", "Yes, within the return period."),
        ("A voucher only", "Incorrect", "Not on its own."),
    ):
        expect(option(q, label).locator(".ml-option__yours")).to_have_text("Your answer")
        expect(option(q, label).locator(".ml-option__mark")).to_have_text(mark)
        expect(option(q, label).get_by_text(feedback)).to_be_visible()
    missed = option(q, "A replacement")
    expect(missed.locator(".ml-option__yours")).to_have_count(0)
    expect(missed.locator(".ml-option__mark")).to_have_text("Correct answer")
    expect(missed.get_by_text("Yes, when in stock.")).to_be_visible()


def test_check_answer_with_nothing_chosen_says_what_to_do(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    q = question(page, "first")
    fieldset = q.locator("fieldset")
    check = q.get_by_role("button", name="Check answer")
    error = q.locator(".ml-question__error")
    before = described_by(fieldset)
    expect(error).to_be_hidden()
    # Reachable by Tab with nothing chosen: from the radio group, the next stop.
    q.get_by_label("Good morning, how can I help?").focus()
    page.keyboard.press("Tab")
    expect(check).to_be_focused()
    page.keyboard.press("Enter")
    expect(error).to_be_visible()
    expect(error).to_have_text("Choose an answer.")
    assert described_by(fieldset) == ["Choose an answer.", *before]
    assert "Choose an answer." in ax_description(page, "[data-ml-question='first'] fieldset")
    # Focus goes back to the answers, whose group is described by the error; nothing is checked or saved.
    expect(q.get_by_role("radio").first).to_be_focused()
    expect(q.get_by_role("status")).to_be_empty()
    expect(q.get_by_role("radio").first).to_be_enabled()
    saved = page.evaluate("(key) => localStorage.getItem(key)", QUIZ_KEY)
    assert saved is None or json.loads(saved)["questions"]["first"]["chosen"] is None, saved
    # Choosing clears it.
    q.get_by_label("We are closing soon.").check()
    expect(error).to_be_hidden()
    assert described_by(fieldset) == before
    check.click()
    expect(q.get_by_role("status")).to_have_text("Incorrect")
    expect(error).to_be_hidden()

    remedies = question(page, "remedies")
    remedies.get_by_role("button", name="Check answer").click()
    expect(remedies.locator(".ml-question__error")).to_have_text("Choose at least one answer.")
    expect(remedies.get_by_role("checkbox").first).to_be_focused()
    remedies.get_by_label("A refund").check()
    expect(remedies.locator(".ml-question__error")).to_be_hidden()


def test_the_scenario_and_hint_describe_the_question(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    assert described_by(question(page, "first").locator("fieldset")) == [
        "A customer walks up to the counter with a parcel.",
        "Choose one answer.",
    ]
    description = ax_description(page, "[data-ml-question='first'] fieldset")
    assert "A customer walks up to the counter with a parcel." in description, description
    assert "Choose one answer." in description, description
    # A question without a scenario is described by its hint.
    assert described_by(question(page, "remedies").locator("fieldset")) == ["Choose all that apply."]


# Records every change to the quiz's live regions: a role added or removed, text written.
LIVE_LOG = """(() => {
    window.__live = [];
    new MutationObserver((records) => {
        for (const r of records) {
            const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            const region = el?.closest(".ml-question__status, .ml-quiz__score");
            if (!region) continue;
            if (r.type === "attributes") window.__live.push("role " + region.getAttribute("role"));
            else if (region.getAttribute("role") === "status") window.__live.push("text " + region.textContent);
        }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["role"] });
})()"""


def test_live_regions_are_there_from_load_and_announce_a_check_made_at_once(page: Page, quiz_site: str) -> None:
    page.add_init_script(LIVE_LOG)
    page.goto(quiz_site + SCORED, wait_until="commit")
    regions = page.locator(".ml-question__status, .ml-quiz__score")
    # At "commit" the page may not be parsed yet: wait for the quiz itself, then for every widget.
    expect(page.locator("[data-ml-module='quiz'][data-ml-ready]")).to_have_count(1)
    widgets_ready(page)
    # No gap: every region is a live region the moment the quiz is ready.
    assert regions.evaluate_all("(els) => els.map((el) => el.getAttribute('role'))") == ["status"] * 4
    answer(page, "first", "Receipt, please.")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "True")
    log = page.evaluate("() => window.__live")
    assert "text Incorrect" in log and "text Correct" in log, log
    assert any(entry.startswith("text 2 of 3 correct") for entry in log), log
    assert not [entry for entry in log if entry.startswith("role")], log

    page.reload(wait_until="commit")
    expect(page.locator("[data-ml-module='quiz'][data-ml-ready]")).to_have_count(1)
    widgets_ready(page)
    expect(question(page, "first").get_by_role("status")).to_have_text("Incorrect")
    expect(page.locator(".ml-quiz__score")).to_contain_text("2 of 3 correct")
    assert regions.evaluate_all("(els) => els.map((el) => el.getAttribute('role'))") == ["status"] * 4
    assert page.evaluate("() => window.__live") == []
    # A check right after a reload is announced at once.
    page.get_by_role("button", name="Try again").click()
    answer(page, "first", "Good morning, how can I help?")
    assert "text Correct" in page.evaluate("() => window.__live")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_feedback_and_the_error_message_have_no_axe_violations(page: Page, quiz_site: str, scheme: str) -> None:
    open_ready(page, quiz_site + SCORED)
    set_palette(page, scheme)
    answer(page, "first", "Receipt, please.")
    answer(page, "remedies", "A refund", "A voucher only")
    question(page, "tone").get_by_role("button", name="Check answer").click()
    expect(question(page, "tone").locator(".ml-question__error")).to_be_visible()
    page.locator("body").click(position={"x": 1, "y": 300})  # no focus ring in the way
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
    report = axe(page)
    assert not report, f"axe violations ({scheme}):\n{report}"


# --- Scoring and Try again -------------------------------------------------------------


def test_two_of_three_passes_at_a_pass_mark_of_66(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    answer(page, "first", "Good morning, how can I help?")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "False")
    score = page.locator(".ml-quiz__score")
    expect(score).to_have_text(re.compile(r"2 of 3 correct \(67%\)\s*Passed\s*Pass mark: 66%"))
    expect(score).to_have_attribute("role", "status")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()


def test_two_of_three_does_not_pass_at_a_pass_mark_of_67(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "True")
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_have_text(
        re.compile(r"2 of 3 correct \(67%\)\s*Not passed\s*Pass mark: 67%")
    )


def test_the_result_waits_for_every_question(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "False")
    expect(page.locator(".ml-quiz__score")).to_be_empty()
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_contain_text("3 of 3 correct (100%)")


def test_try_again_resets_the_quiz(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "False")
    answer(page, "two", "True")
    answer(page, "three", "Loud")
    expect(page.locator(".ml-quiz__score")).to_contain_text("0 of 3 correct (0%)")
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".ml-quiz__score")).to_be_empty()
    expect(page.get_by_role("button", name="Try again")).to_be_hidden()
    for qid in ("one", "two", "three"):
        q = question(page, qid)
        expect(q.get_by_role("status")).to_be_empty()
        expect(q.locator(".ml-option__mark")).to_have_count(0)
        expect(q.locator(".ml-option__feedback:visible")).to_have_count(0)
        expect(q.get_by_role("button", name="Check answer")).to_be_enabled()
        for box in q.get_by_role("radio").all():
            expect(box).to_be_enabled()
            expect(box).not_to_be_checked()
    expect(question(page, "one").get_by_role("radio").first).to_be_focused()
    page.reload()
    expect(question(page, "one").get_by_role("status")).to_be_empty()


# --- Progress in storage --------------------------------------------------------------


def test_a_reload_keeps_the_checked_answers(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    answer(page, "first", "Receipt, please.")
    answer(page, "tone", "True")
    page.reload()
    expect(page.locator("[data-ml-ready]").first).to_be_attached()
    q = question(page, "first")
    expect(q.get_by_role("status")).to_have_text("Incorrect")
    expect(q.get_by_label("Receipt, please.")).to_be_checked()
    expect(q.get_by_label("Receipt, please.")).to_be_disabled()
    expect(option(q, "Receipt, please.").get_by_text("Straight to business sounds cold.")).to_be_visible()
    expect(option(q, "Good morning, how can I help?")).to_contain_text("Correct answer")
    expect(question(page, "tone").get_by_role("status")).to_have_text("Correct")
    # The question not yet checked is fresh.
    remedies = question(page, "remedies")
    expect(remedies.get_by_role("status")).to_be_empty()
    expect(remedies.get_by_role("button", name="Check answer")).to_be_enabled()


def test_the_quiz_page_and_the_lesson_share_progress(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED_QUIZ)
    answer(page, "first", "Good morning, how can I help?")
    open_ready(page, quiz_site + SCORED)
    expect(question(page, "first").get_by_role("status")).to_have_text("Correct")


def test_instant_navigation_keeps_answers_and_starts_each_widget_once(page: Page, quiz_site: str) -> None:
    # Count the quiz's writes to storage: a doubled click handler would write twice.
    page.add_init_script(
        """(() => {
            const setItem = Storage.prototype.setItem;
            window.__quizWrites = 0;
            Storage.prototype.setItem = function (key, value) {
                if (key.includes(":quiz:")) window.__quizWrites += 1;
                return setItem.call(this, key, value);
            };
        })()"""
    )
    goto_instant(page, quiz_site + SCORED)
    answer(page, "first", "Good morning, how can I help?")
    page.evaluate("() => { window.__sameDocument = true; }")
    for _ in range(2):
        page.locator("a.md-footer__link--next").click()
        expect(page.locator("h1")).to_have_text("Every block")
        page.locator("a.md-footer__link--prev").click()
        expect(page.locator("h1")).to_have_text("A scored lesson")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    widgets_ready(page)

    expect(question(page, "first").get_by_role("status")).to_have_text("Correct")
    before = page.evaluate("() => window.__quizWrites")
    q = answer(page, "remedies", "A refund", "A replacement")
    assert page.evaluate("() => window.__quizWrites") - before == 1
    expect(q.locator(".ml-option__mark")).to_have_count(2)
    expect(q.get_by_role("status")).to_have_text("Correct")
    # A toggle with a doubled handler would flip twice and stay off.
    page.locator("a.md-footer__link--next").click()
    done = page.get_by_role("button", name="Mark as done")
    done.click()
    expect(done).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => window.__sameDocument === true")


def test_restored_results_are_not_written_into_live_regions(page: Page, quiz_site: str) -> None:
    """A screen reader announces text written into a live region: the results
    restored on load (reload, instant navigation) must not be, later checks must."""
    page.add_init_script(
        """(() => {
            window.__liveWrites = [];
            new MutationObserver((records) => {
                for (const r of records) {
                    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                    const region = el?.closest(".ml-question__status, .ml-quiz__score");
                    if (region?.getAttribute("role") === "status") window.__liveWrites.push(region.className);
                }
            }).observe(document, { subtree: true, childList: true, characterData: true });
        })()"""
    )
    regions = page.locator(".ml-question__status, .ml-quiz__score")
    goto_instant(page, quiz_site + SCORED)
    for region in regions.all():
        expect(region).to_have_attribute("role", "status")
    answer(page, "first", "Receipt, please.")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "True")
    score = page.locator(".ml-quiz__score")
    expect(score).to_contain_text("2 of 3 correct")
    assert len(page.evaluate("() => window.__liveWrites")) >= 4  # the observer sees real checks

    page.reload(wait_until="networkidle")
    widgets_ready(page)
    expect(question(page, "first").locator(".ml-question__status")).to_have_text("Incorrect")
    expect(score).to_contain_text("2 of 3 correct")
    assert page.evaluate("() => window.__liveWrites") == []
    # ...and each becomes a live region again, ready for the next check.
    for region in regions.all():
        expect(region).to_have_attribute("role", "status")

    # The same after instant navigation away and back.
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("a.md-footer__link--next").click()
    expect(page.locator("h1")).to_have_text("Every block")
    page.locator("a.md-footer__link--prev").click()
    expect(question(page, "first").locator(".ml-question__status")).to_have_text("Incorrect")
    for region in regions.all():
        expect(region).to_have_attribute("role", "status")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    assert page.evaluate("() => window.__liveWrites") == []

    page.get_by_role("button", name="Try again").click()
    answer(page, "first", "Good morning, how can I help?")
    assert page.evaluate("() => window.__liveWrites") != []


def test_garbage_in_storage_starts_fresh(page: Page, quiz_site: str) -> None:
    garbage = {
        QUIZ_KEY: "{not json",
        "microlearn.v1:/:passed": "[1, 2, 3]",
        "microlearn.v1:/:done": '"yes"',
        "microlearn.v1:/:quiz:final": json.dumps({"questions": {"one": {"rev": None, "chosen": ["a", 99]}, "two": 7}}),
        "microlearn.v1:/:quiz:shuffle-check": json.dumps({"questions": [1, 2]}),
    }
    page.add_init_script(f"Object.entries({json.dumps(garbage)}).forEach(([k, v]) => localStorage.setItem(k, v))")
    for url in (SCORED, FINAL, SHUFFLED, ""):
        open_ready(page, quiz_site + url)
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Red")
    expect(page.locator(".ml-quiz__score")).to_contain_text("3 of 3 correct (100%)")


def test_a_changed_question_drops_only_its_own_saved_answer(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    answer(page, "first", "Good morning, how can I help?")
    answer(page, "tone", "True")
    # As if "first" had been edited since: its saved revision no longer matches.
    page.evaluate(
        """(key) => {
            const data = JSON.parse(localStorage.getItem(key));
            data.questions.first.rev = "0000000000";
            localStorage.setItem(key, JSON.stringify(data));
        }""",
        QUIZ_KEY,
    )
    page.reload()
    expect(page.locator("[data-ml-ready]").first).to_be_attached()
    expect(question(page, "first").get_by_role("status")).to_be_empty()
    expect(question(page, "first").get_by_role("button", name="Check answer")).to_be_enabled()
    expect(question(page, "tone").get_by_role("status")).to_have_text("Correct")


def test_a_saved_radio_question_with_several_answers_starts_fresh(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    answer(page, "remedies", "A refund", "A replacement")
    # Two answers to a single and to a true/false question: garbage, though every index is in range.
    page.evaluate(
        """(key) => {
            const data = JSON.parse(localStorage.getItem(key));
            for (const id of ["first", "tone"]) {
                const rev = document.querySelector(`[data-ml-question="${id}"]`).dataset.mlRev;
                data.questions[id] = { rev, order: null, chosen: [0, 1] };
            }
            localStorage.setItem(key, JSON.stringify(data));
        }""",
        QUIZ_KEY,
    )
    page.reload()
    widgets_ready(page)
    for qid in ("first", "tone"):
        q = question(page, qid)
        expect(q.locator(".ml-question__status")).to_be_empty()
        expect(q.get_by_role("radio").first).to_be_enabled()
        expect(q.locator("input:checked")).to_have_count(0)
        expect(q.get_by_role("button", name="Check answer")).to_be_enabled()
    # A multiple question keeps its two answers.
    expect(question(page, "remedies").locator(".ml-question__status")).to_have_text("Correct")
    answer(page, "tone", "True")
    expect(question(page, "tone").get_by_role("status")).to_have_text("Correct")


@pytest.mark.allow_console_errors  # Material's own inline scripts read localStorage unguarded
def test_storage_that_throws_never_breaks_the_quiz(page: Page, page_watch: PageWatch, quiz_site: str) -> None:
    page.add_init_script(
        """Object.defineProperty(window, "localStorage", {
            get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
        })"""
    )
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    answer(page, "two", "False")
    answer(page, "three", "Loud")
    expect(page.locator(".ml-quiz__score")).to_contain_text("2 of 3 correct (67%)")
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".ml-quiz__score")).to_be_empty()
    ours = [error for error in page_watch.console_errors if "microlearn" in error]
    assert not ours, ours


def test_storage_blocked_for_the_runtime_logs_no_error(page: Page, quiz_site: str) -> None:
    """The same, with Material's own keys still working: not one console error."""
    page.add_init_script(BLOCK_OUR_STORAGE)
    open_ready(page, quiz_site + SCORED)
    pass_scored_quiz(page)
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    open_ready(page, quiz_site + SHOWCASE)
    page.get_by_role("button", name="Mark as done").click()
    open_ready(page, quiz_site)


def test_full_storage_never_breaks_the_quiz_or_lesson(page: Page, quiz_site: str) -> None:
    page.add_init_script(
        """Storage.prototype.setItem = () => {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        }"""
    )
    open_ready(page, quiz_site + SCORED)
    pass_scored_quiz(page)
    expect(page.locator(".ml-quiz__score")).to_contain_text("3 of 3 correct (100%)")
    open_ready(page, quiz_site + SHOWCASE)
    page.get_by_role("button", name="Mark as done").click()


# --- Shuffle ---------------------------------------------------------------------------------


def test_a_shuffled_order_survives_a_reload_and_changes_on_try_again(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHUFFLED)
    q = question(page, "pick")
    first = option_texts(q)
    assert sorted(first) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    page.reload()
    expect(page.locator("[data-ml-ready]").first).to_be_attached()
    assert option_texts(q) == first
    answer(page, "pick", "Charlie")
    assert option_texts(q) == first
    page.get_by_role("button", name="Try again").click()
    second = option_texts(q)
    assert sorted(second) == sorted(first)
    assert second != first
    page.reload()
    expect(page.locator("[data-ml-ready]").first).to_be_attached()
    assert option_texts(q) == second


# --- Lesson completion --------------------------------------------------------------------


def home_mark(page: Page, title: str) -> Locator:
    card = page.locator(".ml-card").filter(has=page.get_by_role("link", name=title, exact=True))
    return card.get_by_text("Done", exact=True)


def test_passing_the_lesson_quiz_marks_the_lesson_done_and_try_again_keeps_it(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site)
    expect(home_mark(page, "A scored lesson")).to_be_hidden()
    open_ready(page, quiz_site + SCORED)
    header_mark = page.locator(".ml-lesson__meta").get_by_text("Done", exact=True)
    expect(header_mark).to_be_hidden()
    expect(page.get_by_text("You have completed this lesson.")).to_be_hidden()
    answer(page, "first", "Good morning, how can I help?")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "False")
    expect(header_mark).to_be_visible()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)

    page.get_by_role("button", name="Try again").click()
    expect(header_mark).to_be_visible()
    page.reload()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    open_ready(page, quiz_site)
    expect(home_mark(page, "A scored lesson")).to_be_visible()
    expect(home_mark(page, "Every block")).to_be_hidden()


def test_progress_made_in_another_tab_is_kept(page: Page, quiz_site: str) -> None:
    """Done stays done across tabs: each write merges with what storage holds now."""
    other = page.context.new_page()  # a background tab's timers are throttled: bring_to_front()
    page.bring_to_front()
    goto_instant(page, quiz_site + SCORED)
    pass_scored_quiz(page)
    other.bring_to_front()
    open_ready(other, quiz_site + SHUFFLED)
    answer(other, "pick", "Charlie")
    expect(other.get_by_text("You have completed this lesson.")).to_be_visible()

    # The first tab, still on the same document, sees the other tab's pass on the home page...
    page.bring_to_front()
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("a.md-footer__link--prev").click()
    expect(home_mark(page, "A scored lesson")).to_be_visible()
    expect(home_mark(page, "A shuffled lesson")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"
    # ...and passing its own quiz again does not drop it.
    page.locator(".ml-card__link").filter(has_text="A scored lesson").click()
    expect(page.locator("h1")).to_have_text("A scored lesson")
    page.get_by_role("button", name="Try again").click()
    pass_scored_quiz(page)
    passed = json.loads(page.evaluate("() => localStorage.getItem('microlearn.v1:/:passed')"))
    assert passed == {"scored-check": True, "shuffle-check": True}
    other.bring_to_front()
    open_ready(other, quiz_site)
    expect(home_mark(other, "A shuffled lesson")).to_be_visible()
    expect(home_mark(other, "A scored lesson")).to_be_visible()
    # Mark as done in one tab, undo in the other: both tabs agree.
    open_ready(other, quiz_site + SHOWCASE)
    other.get_by_role("button", name="Mark as done").click()
    page.bring_to_front()
    page.locator("a.md-footer__link--next").click()
    expect(page.locator("h1")).to_have_text("Every block")
    toggle = page.get_by_role("button", name="Mark as done")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    other.bring_to_front()
    other.reload()
    expect(other.get_by_role("button", name="Mark as done")).to_have_attribute("aria-pressed", "false")


def test_a_quiz_failed_leaves_the_lesson_not_done(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED)
    answer(page, "first", "Receipt, please.")
    answer(page, "remedies", "A refund")
    answer(page, "tone", "True")
    expect(page.locator(".ml-quiz__score")).to_contain_text("Not passed")
    expect(page.get_by_text("You have completed this lesson.")).to_be_hidden()


def test_passing_on_the_quiz_page_marks_the_lesson_done(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED_QUIZ)
    pass_scored_quiz(page)
    open_ready(page, quiz_site + SCORED)
    expect(page.locator(".ml-lesson__meta").get_by_text("Done", exact=True)).to_be_visible()
    open_ready(page, quiz_site)
    expect(home_mark(page, "A scored lesson")).to_be_visible()


def test_mark_as_done_and_undo_on_a_lesson_without_a_quiz(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHOWCASE)
    toggle = page.get_by_role("button", name="Mark as done")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("You have completed this lesson.")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    expect(page.locator(".ml-lesson__meta").get_by_text("Done", exact=True)).to_be_visible()
    open_ready(page, quiz_site)
    expect(home_mark(page, "Every block")).to_be_visible()

    open_ready(page, quiz_site + SHOWCASE)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("You have completed this lesson.")).to_be_hidden()
    open_ready(page, quiz_site)
    expect(home_mark(page, "Every block")).to_be_hidden()


# --- Without JavaScript, and with the keyboard alone ---------------------------------------


def test_without_javascript_show_answer_reveals_the_answer_and_explanation(no_js_page: Page, quiz_site: str) -> None:
    page = no_js_page
    page.goto(quiz_site + SCORED)
    q = question(page, "first")
    expect(q.get_by_label("Good morning, how can I help?")).to_be_visible()
    expect(q.get_by_role("button", name="Check answer")).to_be_hidden()
    expect(page.get_by_role("button", name="Try again")).to_be_hidden()
    explanation = q.get_by_text("Greet first, then ask an open question.")
    expect(explanation).to_be_hidden()
    q.get_by_text("Show answer").click()
    body = q.locator(".ml-answer")
    expect(body.get_by_text("Correct answer")).to_be_visible()
    expect(body.get_by_text("Good morning, how can I help?")).to_be_visible()
    expect(body.get_by_text("A greeting and an open question.")).to_be_visible()
    expect(explanation).to_be_visible()
    # Every question has its own disclosure, the true/false one too.
    expect(page.locator("summary", has_text="Show answer")).to_have_count(3)


def test_without_javascript_the_lesson_offers_no_dead_buttons(no_js_page: Page, quiz_site: str) -> None:
    no_js_page.goto(quiz_site + SHOWCASE)
    expect(no_js_page.get_by_role("button", name="Mark as done")).to_be_hidden()


def focused(page: Page) -> Locator:
    return page.locator(":focus")


RING = (
    "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"
)


def assert_focus_ring(control: Locator, at_rest: list[str]) -> None:
    """`control` has keyboard focus and shows it: a solid outline at least 2px
    wide (Material removes the outline of inputs) that it lacks when unfocused."""
    expect(control).to_be_focused()
    assert control.evaluate("(el) => el.matches(':focus-visible')")
    ring = control.evaluate(RING)
    assert ring != at_rest, ring
    style, width, color, _ = ring
    assert style == "solid" and float(width.removesuffix("px")) >= 2 and "0, 0, 0, 0" not in color, ring


def test_the_whole_quiz_works_with_the_keyboard_alone(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SCORED_QUIZ)
    first = question(page, "first").get_by_label("Good morning, how can I help?")
    check = question(page, "first").get_by_role("button", name="Check answer")
    at_rest = {
        "radio": first.evaluate(RING),
        "checkbox": question(page, "remedies").get_by_role("checkbox").first.evaluate(RING),
        "button": check.evaluate(RING),
    }
    for _ in range(60):  # Tab from the top of the page into the quiz
        page.keyboard.press("Tab")
        if first.evaluate("(el) => el === document.activeElement"):
            break
    assert_focus_ring(first, at_rest["radio"])

    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("Tab")
    assert_focus_ring(check, at_rest["button"])
    page.keyboard.press("Enter")
    expect(question(page, "first").get_by_role("status")).to_have_text("Correct")

    remedies = question(page, "remedies")
    page.keyboard.press("Tab")
    assert_focus_ring(remedies.get_by_label("A refund"), at_rest["checkbox"])
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(remedies.get_by_label("A replacement")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(remedies.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(remedies.get_by_role("status")).to_have_text("Correct")

    tone = question(page, "tone")
    page.keyboard.press("Tab")
    expect(tone.get_by_label("True")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(tone.get_by_role("status")).to_have_text("Correct")

    expect(page.locator(".ml-quiz__score")).to_contain_text("3 of 3 correct (100%)")
    retry = page.get_by_role("button", name="Try again")
    retry_at_rest = retry.evaluate(RING)
    page.keyboard.press("Tab")
    assert_focus_ring(retry, retry_at_rest)
    page.keyboard.press("Enter")
    expect(page.locator(".ml-quiz__score")).to_be_empty()
    expect(first).to_be_focused()


def test_mark_as_done_shows_keyboard_focus_also_when_pressed(page: Page, quiz_site: str) -> None:
    open_ready(page, quiz_site + SHOWCASE)
    toggle = page.get_by_role("button", name="Mark as done")
    at_rest = toggle.evaluate(RING)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert_focus_ring(toggle, at_rest)
    pressed = toggle.evaluate(RING)
    page.keyboard.press("Tab")
    expect(toggle).not_to_be_focused()
    # Pressed and focused is not the same look as pressed alone.
    assert toggle.evaluate(RING) != pressed


# --- Accessibility -----------------------------------------------------------------------------


def _answer_scored(page: Page) -> None:
    answer(page, "first", "Receipt, please.")
    answer(page, "remedies", "A refund", "A replacement")
    answer(page, "tone", "False")
    page.locator("body").click(position={"x": 1, "y": 300})  # no focus ring in the way


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_lesson_quiz_and_home_have_no_axe_violations(page: Page, quiz_site: str, scheme: str) -> None:
    open_ready(page, quiz_site)
    set_palette(page, scheme)
    reports: list[str] = []

    def check(label: str) -> None:
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        if report := axe(page):
            reports.append(f"--- {label} ({scheme})\n{report}")

    for url in ("", SHOWCASE, SCORED, FINAL):
        open_ready(page, quiz_site + url)
        check(f"/{url} before answering")
    open_ready(page, quiz_site + SCORED)
    _answer_scored(page)
    check(f"/{SCORED} after answering")
    open_ready(page, quiz_site + FINAL)
    answer(page, "one", "True")
    check(f"/{FINAL} one question checked")
    open_ready(page, quiz_site + SHOWCASE)
    page.get_by_role("button", name="Mark as done").click()
    check(f"/{SHOWCASE} marked done")
    open_ready(page, quiz_site)
    check("/ with done marks")
    assert not reports, "axe violations:\n" + "\n".join(reports)


def test_the_markup_without_the_runtime_has_no_axe_violations(browser: Browser, quiz_site: str) -> None:
    """axe needs JavaScript, so block the runtime instead: the page a failed script leaves."""
    with without_runtime(browser) as page:
        page.goto(quiz_site + SCORED)
        expect(page.locator("[data-ml-ready]")).to_have_count(0)
        page.locator("summary", has_text="Show answer").first.click()
        report = axe(page)
        assert not report, report
