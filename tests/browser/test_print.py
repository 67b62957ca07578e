"""Printing a lesson or a quiz (site-behaviour.md, Printing lessons and quizzes):
no dialogue line, step or callout, and no question with its options, is split
across two pages.

Checked on real PDFs from headless Chromium (page.pdf) of a long lesson and a
long quiz written for this test: every element to keep whole starts with one
marker word and ends with another (a question: one in its prompt and one in
each option), and pdftotext must find both on the same page. The filler text
varies in length so that page ends fall in many different places.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from browser_support import REPO_ROOT, LocalServer, build_course
from playwright.sync_api import Page

MINIMAL = REPO_ROOT / "tests" / "courses" / "minimal"
FORMATS = ["A4", "Letter"]
WORDS = [
    "the",
    "customer",
    "explains",
    "what",
    "went",
    "wrong",
    "and",
    "the",
    "agent",
    "listens",
    "without",
    "interrupting",
    "once",
]


def filler(n: int) -> str:
    """Between 6 and 95 words, different for each n: long enough to be split between lines."""
    count = 6 + (n * 37) % 90
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(count))


def mark(kind: str, n: int, end: str) -> str:
    return f"{kind}{n:02d}{end}"


def long_lesson() -> tuple[dict, list[tuple[str, str]]]:
    """A lesson of dialogues, steps and callouts between text, and each element's (first, last) marker."""
    blocks: list[dict] = []
    whole: list[tuple[str, str]] = []
    n = 0
    for part in range(4):
        blocks.append({"type": "text", "body": filler(part * 7 + 3)})
        lines = []
        for i in range(8):
            n += 1
            first, last = mark("lin", n, "a"), mark("lin", n, "z")
            lines.append({"speaker": ["Customer", "Agent"][i % 2], "text": f"{first} {filler(n)} {last}"})
            whole.append((first, last))
        blocks.append({"type": "dialogue", "title": f"Dialogue {part + 1}", "lines": lines})
        items = []
        for _ in range(5):
            n += 1
            first, last = mark("stp", n, "a"), mark("stp", n, "z")
            items.append({"title": f"{first} step", "body": f"{filler(n)}\n\n{filler(n + 3)} {last}"})
            whole.append((first, last))
        blocks.append({"type": "steps", "title": f"Steps {part + 1}", "items": items})
        for kind in ("tip", "warning"):
            n += 1
            first, last = mark("cal", n, "a"), mark("cal", n, "z")
            blocks.append(
                {
                    "type": "callout",
                    "kind": kind,
                    "title": f"{first} callout",
                    "body": f"{filler(n)}\n\n{filler(n + 3)} {last}",
                }
            )
            whole.append((first, last))
    # Declared minutes: more than a microlearning lesson should take, to fill pages.
    lesson = {"title": "A long lesson", "summary": "Several pages.", "minutes": 10, "objectives": ["Print it"]}
    return lesson | {"blocks": blocks}, whole


def long_quiz() -> tuple[dict, list[list[str]]]:
    """A quiz of 16 questions, some with a scenario, and each question's markers (prompt, then options)."""
    questions: list[dict] = []
    groups: list[list[str]] = []
    for q in range(1, 17):
        prompt = mark("qst", q, "a")
        options = []
        markers = [prompt]
        for k in range(4):
            option = mark(f"opt{k}", q, "z")
            text = f"{option} " + filler(q * 4 + k)[: 20 + (q * k * 13) % 120]
            options.append({"text": text, "correct": k == q % 4, "feedback": filler(q + k)})
            markers.append(option)
        question: dict = {"prompt": f"{prompt} {filler(q)}?", "options": options}
        if q % 3 == 0:
            question["scenario"] = filler(q * 5)
        questions.append(question)
        groups.append(markers)
    return {"title": "A long quiz", "questions": questions}, groups


LESSON, LESSON_MARKS = long_lesson()
QUIZ, QUIZ_MARKS = long_quiz()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    root = tmp_path_factory.mktemp("print")
    src = root / "course"
    shutil.copytree(MINIMAL, src)
    (src / "content" / "lessons" / "long.yml").write_text(yaml.safe_dump(LESSON, sort_keys=False), encoding="utf-8")
    (src / "quizzes" / "long.yml").write_text(yaml.safe_dump(QUIZ, sort_keys=False), encoding="utf-8")
    course = src / "content" / "course.yml"
    data = yaml.safe_load(course.read_text(encoding="utf-8"))
    data["modules"][0]["lessons"].append("long")
    data["assessments"] = ["long"]
    course.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    server = local_server_factory()
    out = build_course(src, root / "site", server.url)
    return server.serve(out)


def printed_pages(page: Page, url: str, tmp_path: Path, paper: str) -> list[str]:
    page.goto(url)
    page.emulate_media(media="print")
    path = tmp_path / f"print-{paper}.pdf"
    page.pdf(path=str(path), format=paper)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def pages_with(pages: list[str], word: str) -> set[int]:
    found = {number for number, text in enumerate(pages, start=1) if re.search(rf"\b{word}\b", text)}
    assert found, f"{word} is not printed"
    return found


def find_page(page: Page, site_url: str, title: str) -> str:
    """The address of the page whose <h1> or title is `title`, from the site's own links."""
    page.goto(site_url)
    href = page.get_by_role("link", name=title).first.get_attribute("href")
    assert href, title
    return page.evaluate("(href) => new URL(href, location.href).href", href)


@pytest.mark.parametrize("paper", FORMATS)
def test_a_long_lesson_splits_no_dialogue_line_step_or_callout(
    page: Page, site_url: str, tmp_path: Path, paper: str
) -> None:
    pages = printed_pages(page, find_page(page, site_url, "A long lesson"), tmp_path, paper)
    assert len(pages) >= 3, f"only {len(pages)} pages: the test proves nothing"
    split = [(a, z) for a, z in LESSON_MARKS if not pages_with(pages, a) & pages_with(pages, z)]
    assert not split, f"{paper}: split across pages: {split}"


@pytest.mark.parametrize("paper", FORMATS)
def test_a_long_quiz_keeps_each_question_with_its_options(
    page: Page, site_url: str, tmp_path: Path, paper: str
) -> None:
    pages = printed_pages(page, find_page(page, site_url, "A long quiz"), tmp_path, paper)
    assert len(pages) >= 3, f"only {len(pages)} pages: the test proves nothing"
    split = []
    for markers in QUIZ_MARKS:
        together = set.intersection(*(pages_with(pages, m) for m in markers))
        if not together:
            split.append({m: sorted(pages_with(pages, m)) for m in markers})
    assert not split, f"{paper}: a question apart from its options: {split}"
