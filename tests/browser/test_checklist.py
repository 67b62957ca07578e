"""Checklists in the browser: the form on screen, saved choices, and the printed sheet.

Printing is checked on real PDFs from headless Chromium (page.pdf), read back
with poppler's pdftotext / pdftoppm: page counts on A4 and US Letter (also for
the widest 12-item sheet: hints, 4 fields, 5 long scale labels), what the
sheet says and what it leaves out, marks for "Print my answers" and none for
"Print blank", and rows whole on every page of a long checklist.
The fixture course is tests/courses/checklists.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from browser_support import (
    ARTIFACTS,
    PRINTED_MARK,
    REPO_ROOT,
    LocalServer,
    PageWatch,
    axe,
    build_course,
    goto_instant,
    print_pdf,
    save_png,
    set_palette,
    squash,
)
from playwright.sync_api import Browser, Locator, Page, expect

COURSE = REPO_ROOT / "tests" / "courses" / "checklists"
FORMATS = ["A4", "Letter"]
MARK = PRINTED_MARK
# Page chrome and interface text that must never reach paper.
NOT_PRINTED = [
    "Shop floor academy",  # site name in the header
    "Reflecting on your work",  # module in the navigation
    "Looking back on a shift",  # lesson in the navigation and the footer
    "Full counter audit",  # other checklists in the navigation and the footer
    "Opening the counter",
    "Peer observation of a counter shift",
    "Checklists",
    "Home",
    "Search",
    "Skip to content",
    "Previous",
    "Next",
    "Switch to dark mode",
    "Print my answers",
    "Print blank",
    "Clear",
]


def _checklist(checklist_id: str) -> dict:
    return yaml.safe_load((COURSE / "content" / "checklists" / f"{checklist_id}.yml").read_text(encoding="utf-8"))


def _items(checklist_id: str) -> list[tuple[str, str | None]]:
    """(text, hint) of every item, in order."""
    data = _checklist(checklist_id)
    entries = data.get("items") or [i for s in data["sections"] for i in s["items"]]
    return [(e, None) if isinstance(e, str) else (e["text"], e.get("hint")) for e in entries]


WEEKLY = _items("weekly-review")
AUDIT = _items("full-audit")
WIDEST = _items("peer-review")  # 12 items, the most a one-page sheet can carry
COURSE_TITLE = yaml.safe_load((COURSE / "content" / "course.yml").read_text(encoding="utf-8"))["title"]
# The sheet names its page; built for the test server (a loopback address), it names no address (site-behaviour.md).


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    server = local_server_factory()
    out = tmp_path_factory.mktemp("checklists") / "site"
    build_course(COURSE, out, server.url)
    return server.serve(out)


# --- helpers ---------------------------------------------------------------------


def open_checklist(page: Page, site_url: str, checklist_id: str) -> None:
    page.goto(f"{site_url}checklists/{checklist_id}/")
    expect(page.locator("[data-ml-module=checklist]")).to_have_attribute("data-ml-ready", "")


def group(page: Page, text: str) -> Locator:
    return sheet(page).get_by_role("radiogroup", name=text, exact=True)


def sheet(page: Page) -> Locator:
    """The checklist form: Material has radios (palette) and a "Clear" (search) of its own."""
    return page.locator("[data-ml-module=checklist]")


def button(page: Page, name: str) -> Locator:
    return sheet(page).get_by_role("button", name=name, exact=True)


def record_prints(page: Page) -> None:
    """Replace window.print by a counter, so a test can print with page.pdf() in the
    state the button left the sheet in (headless Chromium has no print dialog)."""
    page.add_init_script("window.__prints = 0; window.print = () => { window.__prints += 1; };")


def prints(page: Page) -> int:
    return page.evaluate("window.__prints")


def saved_state(page: Page) -> dict:
    """Every localStorage entry as text, to compare before and after."""
    return page.evaluate("Object.fromEntries(Object.entries(localStorage))")


CHOICES = {WEEKLY[0][0]: "Yes", WEEKLY[1][0]: "Partly", WEEKLY[5][0]: "Not yet"}


def fill_in(page: Page) -> None:
    for text, label in CHOICES.items():
        group(page, text).get_by_role("radio", name=label).check()
    page.get_by_label("Name", exact=True).fill("Ann Example")
    page.get_by_label("Team lead", exact=True).fill("Bo Lead")


def expect_filled_in(page: Page) -> None:
    for text, label in CHOICES.items():
        expect(group(page, text).get_by_role("radio", name=label)).to_be_checked()
    expect(sheet(page).get_by_role("radio", checked=True)).to_have_count(len(CHOICES))
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ann Example")
    expect(page.get_by_label("Team lead", exact=True)).to_have_value("Bo Lead")


def expect_empty(page: Page) -> None:
    expect(sheet(page).get_by_role("radio", checked=True)).to_have_count(0)
    for name in ("Name", "Date", "Team lead"):
        expect(page.get_by_label(name, exact=True)).to_have_value("")


# --- on screen -----------------------------------------------------------------------


def test_each_item_is_a_radio_group_named_by_its_text(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    expect(sheet(page).get_by_role("radiogroup")).to_have_count(len(WEEKLY))
    for text, hint in WEEKLY:
        radios = group(page, text).get_by_role("radio")
        expect(radios).to_have_count(3)
        for i, label in enumerate(["Yes", "Partly", "Not yet"]):
            expect(radios.nth(i)).to_have_accessible_name(label)
        if hint:
            expect(group(page, text)).to_have_accessible_description(hint)
    for name in ("Print my answers", "Print blank", "Clear"):
        expect(button(page, name)).to_be_visible()


def test_the_keyboard_alone_rates_an_item_with_visible_focus(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    page.get_by_label("Team lead", exact=True).focus()
    for name in ("Print my answers", "Print blank", "Clear"):
        page.keyboard.press("Tab")
        expect(button(page, name)).to_be_focused()
    page.keyboard.press("Tab")
    first = group(page, WEEKLY[0][0])
    expect(first.get_by_role("radio", name="Yes")).to_be_focused()
    page.keyboard.press("ArrowRight")
    partly = first.get_by_role("radio", name="Partly")
    expect(partly).to_be_checked()
    outline = partly.evaluate("(e) => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline == "solid 2px", f"no visible focus on a radio: {outline}"
    page.reload()
    expect(group(page, WEEKLY[0][0]).get_by_role("radio", name="Partly")).to_be_checked()


def test_an_empty_scale_gives_a_tick_box_per_item(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "opening-ticks")
    expect(sheet(page).get_by_role("radio")).to_have_count(0)
    for text, hint in _items("opening-ticks"):
        box = sheet(page).get_by_role("checkbox", name=text, exact=True)
        box.check()
        if hint:
            expect(box).to_have_accessible_description(hint)
    page.reload()
    expect(sheet(page).get_by_role("checkbox", checked=True)).to_have_count(3)


def test_without_javascript_the_form_works_and_the_buttons_stay_hidden(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}checklists/weekly-review/")
        group(page, WEEKLY[0][0]).get_by_role("radio", name="Partly").check()
        expect(sheet(page).get_by_role("radio", checked=True)).to_have_count(1)
        expect(sheet(page).get_by_role("button")).to_have_count(0)
    finally:
        context.close()


def test_choices_and_write_ins_survive_a_reload_and_clear_empties_them(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    page.reload()
    expect_filled_in(page)

    button(page, "Clear").click()
    expect_empty(page)
    page.reload()
    expect_empty(page)


def test_clear_can_be_undone_and_says_what_happened(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    status = sheet(page).get_by_role("status")
    expect(status).to_have_text("")
    expect(button(page, "Undo")).to_be_hidden()
    fill_in(page)
    before = saved_state(page)

    button(page, "Clear").click()
    expect_empty(page)
    expect(status).to_have_text("All answers cleared.")
    expect(button(page, "Undo")).to_be_visible()

    button(page, "Undo").click()
    expect_filled_in(page)
    expect(status).to_have_text("Answers restored.")
    expect(button(page, "Undo")).to_be_hidden()
    expect(button(page, "Clear")).to_be_focused()  # focus is not lost with the Undo button
    assert saved_state(page) == before
    page.reload()
    expect_filled_in(page)


def test_after_clear_a_new_answer_ends_the_undo(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    button(page, "Clear").click()
    group(page, WEEKLY[2][0]).get_by_role("radio", name="Yes").check()
    expect(button(page, "Undo")).to_be_hidden()
    page.reload()
    expect(sheet(page).get_by_role("radio", checked=True)).to_have_count(1)


def test_only_the_name_field_offers_autofill(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    expect(page.get_by_label("Name", exact=True)).to_have_attribute("autocomplete", "name")
    for name in ("Date", "Team lead"):
        expect(page.get_by_label(name, exact=True)).to_have_attribute("autocomplete", "off")


def test_an_edited_item_drops_only_its_own_saved_choice(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    first = page.locator("[data-ml-item]").first
    key, rev = first.get_attribute("data-ml-item"), first.get_attribute("data-ml-rev")
    # What a rebuilt site with the first item's text changed looks like to the browser.
    page.evaluate(
        """([key, rev]) => {
            for (const name of Object.keys(localStorage)) {
                const text = localStorage.getItem(name);
                if (text.includes(rev)) localStorage.setItem(name, text.replace(`"${key}":["${rev}"`, `"${key}":["0ld0ld0ld0"`));
            }
        }""",
        [key, rev],
    )
    page.reload()
    expect(group(page, WEEKLY[0][0]).get_by_role("radio", checked=True)).to_have_count(0)
    expect(group(page, WEEKLY[1][0]).get_by_role("radio", name="Partly")).to_be_checked()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ann Example")


GARBAGE = [
    "{",
    "null",
    "[]",
    '"text"',
    "42",
    '{"items": 5, "fields": [1]}',
    '{"items": {"0-0": "Yes", "0-1": [1, 2], "0-2": ["x"]}, "fields": {"Name": 7}}',
]


def test_garbage_in_storage_starts_fresh(page: Page, site_url: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    names = [n for n in saved_state(page) if "weekly-review" in n]
    assert names, "choosing saved nothing"
    for garbage in GARBAGE:
        page.evaluate("([names, value]) => names.forEach((n) => localStorage.setItem(n, value))", [names, garbage])
        page.reload()
        expect(sheet(page)).to_have_attribute("data-ml-ready", "")
        expect_empty(page)
    fill_in(page)  # and it saves again
    page.reload()
    expect_filled_in(page)


@pytest.mark.parametrize(
    "breakage",
    [
        # Material's own inline scripts throw on this one (uncaught "denied"); ours must not.
        pytest.param(
            "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});",
            id="blocked",
            marks=pytest.mark.allow_console_errors,
        ),
        pytest.param(
            "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };", id="full"
        ),
    ],
)
def test_blocked_or_full_storage_never_breaks_the_sheet(
    page: Page, page_watch: PageWatch, site_url: str, breakage: str
) -> None:
    page.add_init_script(breakage)
    record_prints(page)
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    expect_filled_in(page)
    button(page, "Print blank").click()
    button(page, "Clear").click()
    expect_empty(page)
    assert prints(page) == 1
    ours = [e for e in page_watch.console_errors if "microlearn" in e]
    assert not ours, ours


# --- printing --------------------------------------------------------------------------


@pytest.mark.parametrize("paper", FORMATS)
def test_twelve_items_print_on_one_page_with_the_sheet_and_nothing_else(
    page: Page, site_url: str, tmp_path: Path, paper: str
) -> None:
    assert len(WEEKLY) == 12
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    printed = print_pdf(page, tmp_path, "weekly-review", paper)
    save_png(printed.path, f"checklist-12-items-{paper}-answers")

    assert len(printed.pages) == 1, f"{len(printed.pages)} pages on {paper}"
    assert printed.marks() == len(CHOICES), "the browser's own print shows the sheet as it stands"
    data = _checklist("weekly-review")
    flat = printed.flat()
    expected = [
        data["title"],
        *(s["title"] for s in data["sections"]),
        *data["fields"],
        "Item",
        "Yes",
        "Partly",
        "Not yet",
    ]
    expected += [squash(f"{text} {hint or ''}") for text, hint in WEEKLY]
    expected += ["Fill this in at the end of your week", "Pick one Not yet and talk it through"]
    expected += [f"{COURSE_TITLE} — checklists/weekly-review/"]
    missing = [text for text in expected if text not in flat]
    assert not missing, f"not printed: {missing}\n{printed.text}"
    leaked = [text for text in NOT_PRINTED if re.search(rf"\b{re.escape(text)}\b", printed.text)]
    assert not leaked, f"printed page chrome: {leaked}\n{printed.text}"


@pytest.mark.parametrize("paper", FORMATS)
def test_the_widest_twelve_item_sheet_still_prints_on_one_page(
    page: Page, site_url: str, tmp_path: Path, paper: str
) -> None:
    """Hints on all 12 items, intro and outro of three sentences, 4 fields, 3 sections
    and 5 long scale labels: the labels wrap in their columns, the items keep the width."""
    data = _checklist("peer-review")
    assert len(WIDEST) == 12 and all(hint for _, hint in WIDEST)
    assert len(data["fields"]) == 4 and len(data["sections"]) == 3
    assert "Neither agree nor disagree" in data["scale"] and len(data["scale"]) == 5
    open_checklist(page, site_url, "peer-review")
    printed = print_pdf(page, tmp_path, "peer-review", paper)
    save_png(printed.path, f"checklist-12-items-widest-{paper}-blank")

    assert len(printed.pages) == 1, f"{len(printed.pages)} pages on {paper}"
    flat = printed.flat()
    expected = [data["title"], *(s["title"] for s in data["sections"]), *data["fields"], "Item"]
    expected += [squash(f"{text} {hint}") for text, hint in WIDEST]
    expected += [squash(data["intro"]), squash(data["outro"])]
    expected += [f"{COURSE_TITLE} — checklists/peer-review/"]
    missing = [text for text in expected if text not in flat]
    assert not missing, f"not printed: {missing}\n{printed.text}"
    # Labels wrap between words, never inside one.
    words = set(re.findall(r"\w+", printed.text))
    broken = [w for label in data["scale"] for w in label.split() if w not in words]
    assert not broken, f"scale labels broken up: {broken}\n{printed.text}"
    _assert_readable_black_on_white(page)


def _assert_readable_black_on_white(page: Page) -> None:
    """In print, every piece of text on the sheet is at least 10 pt and black."""
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => [...document.querySelectorAll('[data-ml-module=checklist] *')]
            .filter((e) => e.checkVisibility() && [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim()))
            .map((e) => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).color])"""
    )
    page.emulate_media(media="screen")
    assert len(styles) > 12
    small = [(text, px) for text, px, _ in styles if px * 72 / 96 < 9.99]
    assert not small, f"under 10 pt in print (px): {small}"
    grey = [(text, color) for text, _, color in styles if color != "rgb(0, 0, 0)"]
    assert not grey, f"not black in print: {grey}"


def test_print_my_answers_marks_the_choices_and_print_blank_keeps_them_saved(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    record_prints(page)
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    before = saved_state(page)

    button(page, "Print my answers").click()
    assert prints(page) == 1
    answers = print_pdf(page, tmp_path, "answers", "A4")
    assert answers.marks() == len(CHOICES), answers.text
    assert "Ann Example" in answers.text and "Bo Lead" in answers.text

    button(page, "Print blank").click()
    assert prints(page) == 2
    blank = print_pdf(page, tmp_path, "blank", "A4")
    save_png(blank.path, "checklist-12-items-A4-blank")
    assert blank.marks() == 0, blank.text
    assert "Ann Example" not in blank.text and "Bo Lead" not in blank.text
    assert blank.flat(0).startswith("Weekly counter review"), "the blank sheet lost its content"
    assert len(blank.pages) == 1

    # The print dialog closes: the sheet is the learner's again, nothing was lost.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect_filled_in(page)
    assert saved_state(page) == before
    again = print_pdf(page, tmp_path, "browser-print", "A4")
    assert again.marks() == len(CHOICES), "after Print blank, the browser's own print should show the answers again"
    page.reload()
    expect_filled_in(page)


def test_a_short_sheet_prints_one_page_and_no_full_height_layout(page: Page, site_url: str, tmp_path: Path) -> None:
    """Material makes html and body as tall as the window; on paper that can push a
    short sheet onto a second, blank page. Print resets their height."""
    open_checklist(page, site_url, "opening-ticks")
    for paper in FORMATS:
        assert len(print_pdf(page, tmp_path, "opening-ticks", paper).pages) == 1, paper
    page.emulate_media(media="print")
    heights = page.evaluate("[document.documentElement, document.body].map((e) => e.offsetHeight)")
    assert max(heights) < page.evaluate("innerHeight"), f"html and body are window-high in print: {heights}"


@pytest.mark.parametrize("paper", FORMATS)
def test_forty_items_print_on_several_pages_with_no_row_split(
    page: Page, site_url: str, tmp_path: Path, paper: str
) -> None:
    assert len(AUDIT) == 40
    open_checklist(page, site_url, "full-audit")
    printed = print_pdf(page, tmp_path, "full-audit", paper)
    pages = [printed.flat(i) for i in range(len(printed.pages))]
    assert len(pages) >= 2

    for text, hint in AUDIT:
        row = squash(f"{text} {hint or ''}")
        where = [i + 1 for i, flat in enumerate(pages) if row in flat]
        assert len(where) == 1, f"{paper}: item not whole on one page ({where}): {row!r}"
    header = "Item Always Often Sometimes Never"
    source = f"{COURSE_TITLE} — checklists/full-audit/"
    for number, flat in enumerate(pages, start=1):
        assert header in flat, f"{paper}: no header row on page {number}"
        assert flat.endswith(source), f"{paper}: no small print at the foot of page {number}"
    _assert_small_print_clear_of_content(printed.path, "checklists/full-audit/")


def _assert_small_print_clear_of_content(pdf: Path, address: str) -> None:
    """On every page the small print is the last line, clear of every other word."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    word = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
    for number, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", html, flags=re.S), start=1):
        words = [(float(top), float(bottom), text) for top, bottom, text in word.findall(body)]
        (foot,) = [top for top, _, text in words if text == address]
        for top, bottom, text in words:
            assert abs(top - foot) < 2 or bottom <= foot, f"page {number}: {text!r} reaches the small print"


# --- accessibility and navigation ------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_checklist_pages_have_no_axe_violations(page: Page, site_url: str, scheme: str) -> None:
    open_checklist(page, site_url, "weekly-review")
    set_palette(page, scheme)
    fill_in(page)
    found = []
    for checklist_id in ("weekly-review", "opening-ticks"):
        open_checklist(page, site_url, checklist_id)
        if report := axe(page):
            found.append(f"--- {checklist_id} ({scheme})\n{report}")
    assert not found, "axe violations:\n" + "\n".join(found)


def test_the_lesson_card_opens_the_checklist_and_it_starts_once(page: Page, site_url: str) -> None:
    record_prints(page)
    goto_instant(page, f"{site_url}lessons/reflect/")
    card = page.locator(".ml-linkcard a")
    expect(card).to_contain_text("Weekly counter review")
    card.click()
    expect(page).to_have_url(f"{site_url}checklists/weekly-review/")
    expect(page.locator("[data-ml-module=checklist]")).to_have_attribute("data-ml-ready", "")
    # Away and back through instant navigation: one set of handlers, not two.
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/checklists/full-audit/$"))
    page.go_back()
    expect(page).to_have_url(f"{site_url}checklists/weekly-review/")
    button(page, "Print my answers").click()
    assert prints(page) == 1


def test_saved_state_is_plain_json(page: Page, site_url: str) -> None:
    """What the runtime stores is inspectable: ids, revisions and labels, nothing else."""
    open_checklist(page, site_url, "weekly-review")
    fill_in(page)
    (value,) = [v for n, v in saved_state(page).items() if "weekly-review" in n]
    state = json.loads(value)
    assert state["fields"] == {"Name": "Ann Example", "Team lead": "Bo Lead"}
    assert sorted(v[1] for v in state["items"].values()) == sorted(CHOICES.values())


@pytest.fixture(autouse=True, scope="module")
def _clean_artifacts() -> None:
    """Fresh PNGs each run, so a stale picture never passes for a new one."""
    ARTIFACTS.mkdir(exist_ok=True)
    for png in ARTIFACTS.glob("checklist-*.png"):
        png.unlink()
