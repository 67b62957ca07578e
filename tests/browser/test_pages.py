"""Pages that read as a course: no empty table-of-contents column, a skip link
first in tab order, a strong title and body-size callouts, quiz marks that are
solid and move nothing, standalone copies of lesson quizzes out of search, and
a 404 page in the course language.

Course: tests/courses/quiz-runtime — `scored-check` is the lesson `scored`'s
quiz (its own page only repeats it), `final` an assessment, `showcase` has a
callout. The Dutch 404 page comes from examples/nl.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_support import REPO_ROOT, axe, build_course, open_ready, set_palette
from playwright.sync_api import Page, expect

PAGES = ["lessons/scored/", "lessons/showcase/", "quizzes/scored-check/", "quizzes/final/", "review/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_table_of_contents_column_or_landmark(page: Page, quiz_runtime: tuple[Path, str], path: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(quiz_runtime[1] + path)
    assert page.locator("[aria-label='Table of contents']").count() == 0
    assert page.locator(".md-sidebar--secondary").count() == 0
    # The text takes the width the column had: the grid less the navigation.
    grid = page.locator(".md-main__inner").bounding_box()
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert grid and nav and content
    assert content["width"] >= grid["width"] - nav["width"] - 1


@pytest.mark.parametrize("path", ["", *PAGES])
def test_first_tab_is_a_visible_skip_link_into_the_article(
    page: Page, quiz_runtime: tuple[Path, str], path: str
) -> None:
    # The widgets start after the page has loaded and change what the article holds.
    open_ready(page, quiz_runtime[1] + path)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_visible()
    expect(skip).to_have_css("opacity", "1")  # after Material's fade-in
    page.keyboard.press("Enter")
    expect(page.locator("article.md-content__inner")).to_be_focused()
    page.keyboard.press("Tab")  # on from the article, not from the top of the page
    assert page.evaluate("document.activeElement.closest('article') !== null")


def test_title_is_strong_and_callouts_are_body_size(page: Page, quiz_runtime: tuple[Path, str]) -> None:
    page.goto(quiz_runtime[1] + "lessons/showcase/")
    h1 = page.locator("article h1").first
    assert int(h1.evaluate("e => getComputedStyle(e).fontWeight")) >= 600
    body = page.locator("article.md-content__inner").evaluate("e => getComputedStyle(e).fontSize")
    callout = page.locator(".admonition p:not(.admonition-title)").first
    assert callout.evaluate("e => getComputedStyle(e).fontSize") == body


def test_checked_options_do_not_move_and_the_correct_answer_is_solid(
    page: Page, quiz_runtime: tuple[Path, str]
) -> None:
    page.goto(quiz_runtime[1] + "quizzes/scored-check/")
    q = page.locator("[data-ml-question='first']")
    rows = q.locator(".ml-option")

    def across() -> list[tuple[float, float, float]]:
        """Each option's box and its input, left to right (feedback below may push later rows down)."""
        boxes = [(rows.nth(i).bounding_box(), rows.nth(i).locator("input").bounding_box()) for i in range(rows.count())]
        return [(b["x"], b["width"], i["x"]) for b, i in boxes if b and i]

    before = across()
    q.get_by_label("Good morning, how can I help?", exact=True).check()
    q.get_by_role("button", name="Check answer").click()
    expect(q.get_by_role("status")).not_to_be_empty()
    assert across() == before
    for option in q.locator(".ml-option[class*='ml-option--']").all():
        assert option.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_lesson_and_quiz_pages_have_no_axe_violations(page: Page, quiz_runtime: tuple[Path, str], scheme: str) -> None:
    page.goto(quiz_runtime[1])
    set_palette(page, scheme)
    found = []
    for path in PAGES:
        page.goto(quiz_runtime[1] + path)
        contrast = page.locator("article h1").first.evaluate("e => getComputedStyle(e).color")
        assert contrast == page.locator("body").evaluate(
            "e => getComputedStyle(document.querySelector('.md-typeset')).color"
        ), "the title is in the text colour, not a pale grey"
        if report := axe(page):
            found.append(f"--- /{path} ({scheme})\n{report}")
    assert not found, "\n".join(found)


def test_search_leaves_out_quiz_pages_that_repeat_a_lesson(quiz_runtime: tuple[Path, str]) -> None:
    index = json.loads((quiz_runtime[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "quizzes/scored-check/" not in locations
    assert {"quizzes/final/", "lessons/scored/"} <= locations
    # The page itself still links back to its lesson.
    html = (quiz_runtime[0] / "quizzes" / "scored-check" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../lessons/scored/"' in html


def test_dutch_404_page_speaks_dutch_and_links_home(tmp_path: Path) -> None:
    out = build_course(REPO_ROOT / "examples" / "nl", tmp_path / "site", "http://127.0.0.1:1/")
    html = (out / "404.html").read_text(encoding="utf-8")
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert "Not found" not in html
    assert ">Ga naar inhoud</a>" in html  # the skip link, in the theme's Dutch
    links = re.findall(r'<a href="([^"]*)">Naar de startpagina van de cursus</a>', html)
    assert len(links) == 1
    # Absolute from the site's root (the 404 page answers any address): here, "/.".
    assert urljoin("http://127.0.0.1:1/no/such/page/", links[0]) == "http://127.0.0.1:1/"
