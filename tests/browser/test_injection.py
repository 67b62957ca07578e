"""Hostile content renders as harmless text in a real browser.

Every payload below goes into every kind of field an editor fills in (course
title, description and audience; module titles; lesson titles, summaries,
objectives, blocks, dialogue lines and takeaways; quiz titles, scenarios,
prompts, option texts, feedback and explanations; checklist items, scale,
fields and outro). The pages are opened in Chromium, each quiz is answered
so its feedback shows, and no dialog may open and no element may carry
script: no inline script in the content, no ``on…`` handler, no
``javascript:`` address. With ``allow_html: true`` the raw HTML stays, but
scripts, handlers and ``javascript:`` addresses are still removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import LocalServer, build_course, open_ready
from playwright.sync_api import Dialog, Page, expect

PAYLOADS = [
    '</script><script>alert("script")</script>',
    "<img src=x onerror=alert('img')>",
    '<svg onload=alert("svg")></svg>',
    '"><script>alert("attr")</script>',
    "' onmouseover='alert(1)' x='",
    "[a link](javascript:alert('md-link'))",
    "[a link](JaVaScRiPt:alert('md-case'))",
    "![an image](javascript:alert('md-img'))",
    "<a href=\"javascript:alert('a')\">a link</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<style>body { display: none }</style>",
    "{{ 7 * 7 }} and {% if true %}jinja{% endif %}",
    "text{: onclick=\"alert('attr-list')\" }",
    "<details open ontoggle=alert('toggle')>",
]
"""What editors (or attackers) paste: script, handlers, javascript: links, template syntax, HTML in Markdown."""


def _lesson(n: int, payload: str) -> dict[str, Any]:
    return {
        "title": payload,
        "summary": payload,
        "objectives": [payload],
        "blocks": [
            {"type": "text", "title": payload, "body": payload},
            {"type": "dialogue", "context": payload, "lines": [{"speaker": payload, "text": payload}]},
            {"type": "steps", "items": [{"title": payload, "body": payload}]},
            {"type": "compare", "do": {"label": payload, "items": [payload]}, "dont": {"items": [payload]}},
            {"type": "callout", "kind": "tip", "title": payload, "body": payload},
            {"type": "quote", "text": payload, "author": payload, "role": payload},
            {"type": "activity", "body": payload, "steps": [payload]},
            {"type": "quiz", "quiz": f"check-{n}"},
        ],
        "takeaways": [payload],
    }


def _quiz(payload: str) -> dict[str, Any]:
    return {
        "title": payload,
        "intro": payload,
        "shuffle": False,
        "questions": [
            {
                "id": "q",
                "scenario": payload,
                "prompt": payload,
                "explanation": payload,
                "options": [
                    {"text": f"{payload} (right)", "correct": True, "feedback": payload},
                    {"text": f"{payload} (wrong)", "feedback": payload},
                ],
            }
        ],
    }


def hostile_course(root: Path, *, allow_html: bool) -> int:
    """Write the hostile course into ``root``; the number of (field, payload) placements."""
    for folder in ("content/lessons", "content/checklists", "quizzes"):
        (root / folder).mkdir(parents=True)
    files: dict[str, Any] = {}
    for n, payload in enumerate(PAYLOADS, 1):
        files[f"content/lessons/lesson-{n}.yml"] = _lesson(n, payload)
        files[f"quizzes/check-{n}.yml"] = _quiz(payload)
    files["content/checklists/sheet.yml"] = {
        "title": PAYLOADS[0],
        "intro": "\n\n".join(PAYLOADS),
        "scale": [PAYLOADS[1], PAYLOADS[2]],
        "fields": PAYLOADS[3:5],
        "items": [{"text": p, "hint": p} for p in PAYLOADS],
        "outro": "\n\n".join(PAYLOADS),
    }
    files["content/course.yml"] = {
        "title": PAYLOADS[0],
        "description": "\n\n".join(PAYLOADS),
        "audience": PAYLOADS[1],
        "modules": [{"title": p, "description": p, "lessons": [f"lesson-{n}"]} for n, p in enumerate(PAYLOADS, 1)],
        "checklists": ["sheet"],
    }
    for path, data in files.items():
        (root / path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plugin = "  - microlearn:\n      allow_html: true\n" if allow_html else "  - microlearn\n"
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile course\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n{plugin}"
    )
    return _count_strings(files)


def _count_strings(data: Any) -> int:
    if isinstance(data, dict):
        return sum(_count_strings(v) for k, v in data.items() if k not in ("type", "kind", "quiz", "id", "lessons"))
    if isinstance(data, list):
        return sum(_count_strings(v) for v in data)
    return 1 if isinstance(data, str) and any(p in data for p in PAYLOADS) else 0


# Anything that could run script: content inline scripts, handlers, javascript: addresses, frames, style blocks.
FIND_SCRIPT = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (/^\\s*javascript:/i.test(attr.value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const el of document.querySelectorAll("article script, article iframe, article style, article svg[onload]"))
    found.push(el.outerHTML.slice(0, 80));
  return found;
}"""


@pytest.fixture(scope="module", params=[False, True], ids=["escaped", "allow_html"])
def hostile_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, local_server_factory: Any
) -> tuple[str, int, bool]:
    allow_html: bool = request.param
    src = tmp_path_factory.mktemp("hostile") / "course"
    placements = hostile_course(src, allow_html=allow_html)
    server: LocalServer = local_server_factory()
    out = build_course(src, src.parent / "site", server.url, strict=False)
    return server.serve(out), placements, allow_html


def _visit(page: Page, url: str, dialogs: list[str]) -> None:
    open_ready(page, url)
    found = page.evaluate(FIND_SCRIPT)
    assert found == [], (url, found)
    assert dialogs == [], (url, dialogs)


@pytest.mark.allow_console_errors  # allow_html keeps <img src=x>, which the test server answers with 404
def test_hostile_content_runs_no_script_and_injects_no_element(page: Page, hostile_site: tuple[str, int, bool]) -> None:
    url, placements, allow_html = hostile_site
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    assert placements >= len(PAYLOADS) * 30
    _visit(page, url, dialogs)
    # Template syntax is text, never evaluated; without allow_html, tags show as typed.
    expect(page.locator("article").get_by_text("{{ 7 * 7 }} and {% if true %}jinja{% endif %}").first).to_be_visible()
    if not allow_html:
        expect(page.locator("article").get_by_text(PAYLOADS[1]).first).to_be_visible()
    for n in range(1, len(PAYLOADS) + 1):
        _visit(page, f"{url}lessons/lesson-{n}/", dialogs)
        question = page.locator("[data-ml-question='q']").first
        question.locator("input").first.check()
        question.get_by_role("button", name="Check answer").click()
        expect(question.get_by_role("status")).not_to_be_empty()
        found = page.evaluate(FIND_SCRIPT)
        assert found == [] and dialogs == [], (n, found, dialogs)
    _visit(page, f"{url}checklists/sheet/", dialogs)
    page.locator("article input[type=radio]").first.check()
    assert page.evaluate(FIND_SCRIPT) == [] and dialogs == []
    print(f"{'allow_html' if allow_html else 'escaped'}: {len(PAYLOADS)} payloads in {placements} fields")
