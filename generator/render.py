"""Course models → page sources, navigation and assets. No MkDocs import.

A page source is Markdown text (front matter plus one top-level HTML
element) that any Python-Markdown site builder passes through unchanged, so
the MkDocs plugin and ``microlearn export`` emit exactly the same pages.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape, unescape
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import pdf
from .checks import question_ids
from .course import CONTENT_DIR, CourseContent
from .markdown import MarkdownRenderer
from .models import Checklist, ChecklistItem, Question, Quiz

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
ASSET_PREFIX = "assets/microlearn"
STYLESHEET = f"{ASSET_PREFIX}/microlearn.css"
SCRIPT = f"{ASSET_PREFIX}/js/init.js"


def overrides_dir() -> Path:
    """The page templates: packaged beside the code, or the repository's overrides/."""
    packaged = Path(__file__).parent / "overrides"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "overrides"


PAGE_TEMPLATES = {
    "home": "microlearn/home.html",
    "lesson": "microlearn/lesson.html",
    "quiz": "microlearn/quiz.html",
    "checklist": "microlearn/checklist.html",
}


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it goes, its front matter and its HTML body."""

    path: str
    title: str
    meta: dict[str, Any]
    html: str

    def text(self) -> str:
        """The page as a Markdown file. MkDocs and the theme print front-matter
        values into HTML unescaped, so plain-text values are escaped here."""
        meta = {**self.meta, "title": escape(self.title)}
        if "description" in meta:
            meta["description"] = escape(meta["description"])
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
        return f"---\n{front}---\n\n{self.html}\n"


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str | None = None
    children: tuple[NavEntry, ...] = ()

    def paths(self) -> list[str]:
        """Every page path at or below this entry."""
        own = [self.path] if self.path else []
        return own + [p for child in self.children for p in child.paths()]

    def to_config(self) -> dict[str, Any]:
        """The entry as MkDocs' ``nav:`` setting spells it (titles are HTML there, so escaped)."""
        if self.path is not None:
            return {escape(self.title): self.path}
        return {escape(self.title): [child.to_config() for child in self.children]}


@dataclass(frozen=True)
class Asset:
    """A file the site needs, at ``path`` under the site root."""

    path: str
    data: bytes


@dataclass(frozen=True)
class RenderedSite:
    pages: list[PageSource]
    nav: list[NavEntry]
    assets: list[Asset]

    def nav_config(self) -> list[dict[str, Any]]:
        return [entry.to_config() for entry in self.nav]


@dataclass(frozen=True)
class RenderOptions:
    markdown: MarkdownRenderer = field(default_factory=MarkdownRenderer)
    use_directory_urls: bool = True
    content_assets: bool = True
    """Copy content/assets into the site (off when MkDocs already serves content/ as docs)."""
    site_url: str = ""
    """The site's address (ending in /), for the small print tracing a printed checklist back."""
    checklist_pdf: str | None = None
    """Paper size ('A4' or 'Letter') of a ready-made PDF per checklist; None for no PDFs."""


SECTIONS = {"lesson": "lessons", "quiz": "quizzes", "checklist": "checklists"}


def page_path(kind: str, item_id: str = "") -> str:
    """Where a page's source goes: the address the site behaviour spec gives it."""
    return "index.md" if kind == "home" else f"{SECTIONS[kind]}/{item_id}.md"


def pdf_path(checklist_id: str) -> str:
    """The ready-made PDF sits beside its checklist page."""
    return f"{SECTIONS['checklist']}/{checklist_id}.pdf"


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """Site-relative URL of a page path, as MkDocs computes it."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(target: str, from_url: str) -> str:
    """``target`` (site-relative; '' is the home page) as seen from the page at ``from_url``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if rel == ".":
        return "./"
    return rel + "/" if (target == "" or target.endswith("/")) and not rel.endswith("/") else rel


def revision(data: Any) -> str:
    """A short stable hash of what a learner answered against: changes drop saved answers."""
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:10]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


class _Page:
    """Per-page state for templates: Markdown fields, relative links and unique element ids."""

    def __init__(self, path: str, directory_urls: bool, markdown: MarkdownRenderer) -> None:
        self.path = path
        self.url = page_url(path, directory_urls=directory_urls)
        self.directory_urls = directory_urls
        self._markdown = markdown
        self._ids: set[str] = set()

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
        page = _CONTENT_PAGE.match(target)
        if page:
            url = page_url(page.group(1), directory_urls=self.directory_urls)
            return escape(relative_url(url, self.url) + (page.group(2) or ""))
        if target.startswith(f"{CONTENT_ASSETS}/"):
            return escape(self.asset(target))
        return escape(target)


class Renderer:
    def __init__(self, content: CourseContent, options: RenderOptions | None = None) -> None:
        self.content = content
        self.options = options or RenderOptions()
        self.t = content.strings
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            extensions=["jinja2.ext.do"],
        )
        self.env.globals.update(
            t=self.t,
            course=content.course,
            minutes=content.minutes,
            questions=self.questions,
            checklist_rows=self.checklist_rows,
        )

    # -- data the templates need ----------------------------------------------

    def questions(self, quiz: Quiz) -> list[dict[str, Any]]:
        """Questions with their key, revision and options (True/False generated)."""
        out = []
        for number, (qid, q) in enumerate(zip(question_ids(quiz), quiz.questions, strict=True), start=1):
            options = self._options(q)
            shuffle = quiz.shuffle if q.shuffle is None else q.shuffle
            out.append(
                {
                    "id": qid,
                    "number": number,
                    "q": q,
                    "options": options,
                    "shuffle": shuffle and q.type != "true_false",
                    "rev": revision(
                        {"type": q.type, "prompt": q.prompt, "options": [(o["text"], o["correct"]) for o in options]}
                    ),
                }
            )
        return out

    def _options(self, q: Question) -> list[dict[str, Any]]:
        if q.type == "true_false":
            return [
                {
                    "text": self.t("option_true"),
                    "correct": q.answer is True,
                    "feedback": q.feedback_true,
                    "plain": True,
                },
                {
                    "text": self.t("option_false"),
                    "correct": q.answer is False,
                    "feedback": q.feedback_false,
                    "plain": True,
                },
            ]
        return [{"text": o.text, "correct": o.correct, "feedback": o.feedback, "plain": False} for o in q.options or []]

    def checklist_rows(self, checklist: Checklist) -> list[dict[str, Any]]:
        """Sections of items (one untitled section for a flat list), each item with a stable key."""
        if checklist.sections is not None:
            groups = [(s.title, s.items) for s in checklist.sections]
        else:
            groups = [(None, checklist.items or [])]
        return [
            {"title": title, "index": s, "items": [self._item(item, s, i) for i, item in enumerate(items)]}
            for s, (title, items) in enumerate(groups)
        ]

    @staticmethod
    def _item(item: ChecklistItem, section: int, index: int) -> dict[str, Any]:
        return {"key": f"{section}-{index}", "text": item.text, "hint": item.hint, "rev": revision(item.text)}

    def scale(self, checklist: Checklist) -> list[str]:
        return self.t.list("checklist_scale") if checklist.scale is None else list(checklist.scale)

    def fields(self, checklist: Checklist) -> list[str]:
        return self.t.list("checklist_fields") if checklist.fields is None else list(checklist.fields)

    @cached_property
    def _stylesheet(self) -> str:
        # Read once per build: the site's CSS file and every checklist PDF use it.
        return stylesheet()

    # -- pages -----------------------------------------------------------------

    def _render(self, template: str, path: str, **context: Any) -> str:
        page = _Page(path, self.options.use_directory_urls, self.options.markdown)
        return _without_blank_lines(self.env.get_template(template).render(page=page, **context))

    def home(self) -> PageSource:
        c = self.content
        html = self._render("home.html", "index.md", lessons=c.lessons, quizzes=c.quizzes, checklists=c.checklists)
        return PageSource("index.md", c.course.title, self._meta("home", c.course.description), html)

    def lesson(self, lesson_id: str) -> PageSource:
        lesson = self.content.lessons[lesson_id]
        path = page_path("lesson", lesson_id)
        html = self._render(
            "lesson.html",
            path,
            lesson=lesson,
            lesson_id=lesson_id,
            quizzes=self.content.quizzes,
            checklists=self.content.checklists,
        )
        return PageSource(path, lesson.title, self._meta("lesson", lesson.summary), html)

    def quiz(self, quiz_id: str) -> PageSource:
        quiz = self.content.quizzes[quiz_id]
        path = page_path("quiz", quiz_id)
        used_by = [(lid, self.content.lessons[lid].title) for lid in self.content.lessons_using_quiz(quiz_id)]
        html = self._render("quiz_page.html", path, quiz=quiz, quiz_id=quiz_id, used_by=used_by)
        return PageSource(path, quiz.title, self._meta("quiz", quiz.intro), html)

    def checklist(self, checklist_id: str, *, pdf_link: bool = True) -> PageSource:
        checklist = self.content.checklists[checklist_id]
        path = page_path("checklist", checklist_id)
        url = page_url(path, directory_urls=self.options.use_directory_urls)
        html = self._render(
            "checklist.html",
            path,
            checklist=checklist,
            checklist_id=checklist_id,
            scale=self.scale(checklist),
            fields=self.fields(checklist),
            source_url=self.options.site_url + url,
            pdf_href=relative_url(pdf_path(checklist_id), url) if pdf_link and self.options.checklist_pdf else None,
        )
        return PageSource(path, checklist.title, self._meta("checklist", checklist.intro), html)

    def checklist_pdf(self, checklist_id: str) -> Asset:
        """The blank sheet as a PDF, printed from the page's own markup and print styles."""
        page = self.checklist(checklist_id, pdf_link=False)
        paper = self.options.checklist_pdf or "A4"
        data = pdf.checklist_pdf(
            page.html, self._stylesheet, lang=self.content.course.language, title=page.title, paper=paper
        )
        return Asset(pdf_path(checklist_id), data)

    def _meta(self, kind: str, description: str | None) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "template": PAGE_TEMPLATES[kind],
            "microlearn": {"type": kind, "course": self.content.course.title},
        }
        if description:
            meta["description"] = _plain(self.options.markdown.inline(description))
        if kind in ("home", "checklist"):
            meta["hide"] = ["toc"]
        return meta

    # -- the whole site ----------------------------------------------------------

    def nav(self) -> list[NavEntry]:
        c = self.content
        entries = [NavEntry(self.t("nav_home"), "index.md")]
        for module in c.course.modules:
            children = tuple(
                NavEntry(c.lessons[lid].title, page_path("lesson", lid)) for lid in module.lessons if lid in c.lessons
            )
            if children:
                entries.append(NavEntry(module.title, children=children))
        if c.course.assessments:
            entries.append(
                NavEntry(
                    self.t("nav_assessments"),
                    children=tuple(NavEntry(c.quizzes[q].title, page_path("quiz", q)) for q in c.course.assessments),
                )
            )
        if c.course.checklists:
            entries.append(
                NavEntry(
                    self.t("nav_checklists"),
                    children=tuple(
                        NavEntry(c.checklists[k].title, page_path("checklist", k)) for k in c.course.checklists
                    ),
                )
            )
        return entries

    def assets(self) -> list[Asset]:
        out = [Asset(STYLESHEET, self._stylesheet.encode())]
        out += [Asset(f"{ASSET_PREFIX}/js/{p.name}", p.read_bytes()) for p in _scripts()]
        if self.options.content_assets:
            content_dir = self.content.root / CONTENT_DIR
            out += [Asset(rel, (content_dir / rel).read_bytes()) for rel in self.content.assets]
        return out

    def site(self) -> RenderedSite:
        c = self.content
        pages = [self.home()]
        pages += [self.lesson(lid) for lid in c.lessons]
        pages += [self.quiz(qid) for qid in c.quizzes]
        pages += [self.checklist(cid) for cid in c.checklists]
        assets = self.assets()
        if self.options.checklist_pdf:
            assets += [self.checklist_pdf(cid) for cid in c.checklists]
        return RenderedSite(pages=pages, nav=self.nav(), assets=assets)


def output_paths(content: CourseContent, options: RenderOptions) -> list[str]:
    """Every file the site will get from microlearn, known before anything is rendered."""
    paths = [page_path("home")]
    paths += [page_path("lesson", lid) for lid in content.lessons]
    paths += [page_path("quiz", qid) for qid in content.quizzes]
    paths += [page_path("checklist", cid) for cid in content.checklists]
    paths += [STYLESHEET] + [f"{ASSET_PREFIX}/js/{p.name}" for p in _scripts()]
    if options.content_assets:
        paths += list(content.assets)
    if options.checklist_pdf:
        paths += [pdf_path(cid) for cid in content.checklists]
    return paths


def _scripts() -> list[Path]:
    """The runtime's ES modules, shipped as they are (no build step)."""
    return sorted((ASSETS / "js").glob("*.js"))


def stylesheet() -> str:
    """All generator CSS as one file: one request, in a fixed order (theme fixes first).

    Comments are for maintainers and stay in the sources; learners don't download them.
    """
    parts = sorted((ASSETS / "css").glob("*.css"), key=lambda p: (p.name != "theme.css", p.name))
    css = "\n".join(_CSS_COMMENT.sub("", p.read_text(encoding="utf-8")).strip() for p in parts)
    return _BLANK_LINES.sub("\n", css) + "\n"


def render_site(content: CourseContent, options: RenderOptions | None = None) -> RenderedSite:
    return Renderer(content, options).site()


_ID_ATTR = re.compile(r'(\sid=)"([^"]+)"')
_LINK_ATTR = re.compile(r'(\s(?:href|src))="([^"]+)"')
# Links to other pages, written as their source files relative to content/ and quizzes/.
_CONTENT_PAGE = re.compile(r"^((?:lessons|quizzes|checklists)/[a-z0-9]+(?:-[a-z0-9]+)*\.md|index\.md)(#[^\s]*)?$")
CONTENT_ASSETS = "assets"
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def _without_blank_lines(html: str) -> str:
    """Drop empty lines outside <pre>: a blank line would end the raw HTML block in Markdown."""
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _BLANK_LINES.sub("\n", parts[i])
    return "".join(parts).strip()


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()
