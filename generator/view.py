"""What templates show, worked out in Python: question options, checklist rows, per-page links and ids.

Pure functions of the models, the interface strings and the render options;
the templates only lay it out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from markupsafe import Markup

from .i18n import Strings
from .kinds import ASSETS_DIR
from .markdown import MarkdownRenderer
from .models import Checklist, ChecklistItem, Question, Quiz
from .scenario import best_points
from .urls import SOURCE_LINK, page_path, page_url, relative_url


def revision(data: Any) -> str:
    """A short stable hash of what a learner answered against: changes drop saved answers."""
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:10]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# --- quizzes ------------------------------------------------------------------


@dataclass(frozen=True)
class OptionView:
    text: str
    correct: bool
    feedback: str | None
    plain: bool
    """Text that is not Markdown (the generated True and False)."""


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: int
    q: Question
    options: list[OptionView]
    shuffle: bool
    rev: str


def question_views(quiz: Quiz, t: Strings) -> list[QuestionView]:
    """Questions with their key, revision and options (True/False generated)."""
    out = []
    for number, (qid, q) in enumerate(zip(quiz.question_keys, quiz.questions or [], strict=True), start=1):
        options = _options(q, t)
        rev = revision({"type": q.type, "prompt": q.prompt, "options": [(o.text, o.correct) for o in options]})
        out.append(QuestionView(qid, number, q, options, quiz.shuffles(q), rev))
    return out


def quiz_meta(quiz: Quiz, t: Strings) -> str:
    """What a quiz asks of the learner, in one line, as its heading and its home card say it."""
    if quiz.kind == "branching":
        return t("scenario_label")
    return f"{quiz_size(quiz, t)} · {t('quiz_pass_mark', pass_mark=quiz.pass_mark)}"


def quiz_size(quiz: Quiz, t: Strings) -> str:
    """How many questions an attempt has, as the quiz and its home card say it ("3 of 8 questions per attempt" for a pool)."""
    count = len(quiz.questions or [])
    if quiz.draw:
        return t("quiz_draw", count=quiz.draw, pool=count)
    return t("quiz_question") if count == 1 else t("quiz_questions", count=count)


def _options(q: Question, t: Strings) -> list[OptionView]:
    if q.type == "true_false":
        return [
            OptionView(t("option_true"), q.answer is True, q.feedback_true, plain=True),
            OptionView(t("option_false"), q.answer is False, q.feedback_false, plain=True),
        ]
    return [OptionView(o.text, o.correct, o.feedback, plain=False) for o in q.options or []]


@dataclass(frozen=True)
class ScenarioView:
    best: int
    """The most points a path to a pass ending earns: what "N of M points" counts against."""
    rev: str
    """A hash of the graph (start, each node's choices and ending): a saved path of another graph is dropped."""


def scenario_view(quiz: Quiz) -> ScenarioView:
    graph = [quiz.start] + [[n.id, n.ending, [(c.next, c.points) for c in n.choices or []]] for n in quiz.nodes or []]
    return ScenarioView(best_points(quiz), revision(graph))


# --- checklists ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    key: str
    text: str
    hint: str | None
    rev: str


@dataclass(frozen=True)
class SectionView:
    title: str | None
    index: int
    items: list[ItemView]


def checklist_sections(checklist: Checklist) -> list[SectionView]:
    """Sections of items (one untitled section for a flat list), each item with a stable key."""
    return [
        SectionView(title, s, [_item(item, s, i) for i, item in enumerate(items)])
        for s, (title, items) in enumerate(checklist.groups)
    ]


def _item(item: ChecklistItem, section: int, index: int) -> ItemView:
    return ItemView(f"{section}-{index}", item.text, item.hint, revision(item.text))


def checklist_scale(checklist: Checklist, t: Strings) -> list[str]:
    return t.list("checklist_scale") if checklist.scale is None else list(checklist.scale)


def checklist_fields(checklist: Checklist, t: Strings) -> list[str]:
    return t.list("checklist_fields") if checklist.fields is None else list(checklist.fields)


# --- one page -----------------------------------------------------------------


THEME_IDS = frozenset({"main-content"})
"""Ids the theme overrides give elements of every page (the skip link's target): no heading may take one."""


class PageContext:
    """Per-page state for templates: Markdown fields, relative links and unique element ids."""

    def __init__(self, path: str, directory_urls: bool, markdown: MarkdownRenderer) -> None:
        self.path = path
        self.url = page_url(path, directory_urls=directory_urls)
        self.directory_urls = directory_urls
        self._markdown = markdown
        self._ids: set[str] = set(THEME_IDS)

    def link(self, kind: str, item_id: str = "") -> str:
        target = page_url(page_path(kind, item_id), directory_urls=self.directory_urls)
        return relative_url(target, self.url)

    def asset(self, path: str) -> str:
        return relative_url(path, self.url)

    def uid(self, *parts: str) -> str:
        return self._reserve("-".join(slug(p) for p in parts if p))

    def md(self, text: str | None) -> Markup:
        """A *md* field, with its ids and links made right for this page."""
        return Markup(self._localise(self._markdown.block(text)))

    def mdi(self, text: str | None) -> Markup:
        """An *inline md* field, likewise."""
        return Markup(self._localise(self._markdown.inline(text)))

    def _reserve(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self._ids:
            candidate, n = f"{base}-{n}", n + 1
        self._ids.add(candidate)
        return candidate

    def _localise(self, html: str) -> str:
        """Each field is rendered on its own: give its ids (headings, attr_list) page-wide unique
        values, and point links written relative to content/ (assets/x.svg, lessons/x.md) at this page."""
        if " id=" not in html and " href=" not in html and " src=" not in html:
            return html  # most fields: nothing to rename or repoint
        renamed: dict[str, str] = {}

        def unique(match: re.Match[str]) -> str:
            new = self._reserve(match.group(2))
            if new != match.group(2):
                renamed[match.group(2)] = new
            return f'{match.group(1)}"{new}"'

        html = _ID_ATTR.sub(unique, html)
        for old, new in renamed.items():
            html = html.replace(f'href="#{old}"', f'href="#{new}"')
        return _LINK_ATTR.sub(lambda m: f'{m.group(1)}="{self._content_link(unescape(m.group(2)))}"', html)

    def _content_link(self, target: str) -> str:
        page = SOURCE_LINK.match(target)
        if page:
            url = page_url(page.group(1), directory_urls=self.directory_urls)
            return escape(relative_url(url, self.url) + (page.group(2) or ""))
        if target.startswith(f"{ASSETS_DIR}/"):
            return escape(self.asset(target))
        return escape(target)


_ID_ATTR = re.compile(r'(\sid=)"([^"]+)"')
_LINK_ATTR = re.compile(r'(\s(?:href|src))="([^"]+)"')
