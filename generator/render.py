"""Course models → page sources and navigation. Pure: no MkDocs import, no file reads but its templates.

A page source is Markdown text (front matter plus one top-level HTML
element) that any Python-Markdown site builder passes through unchanged, so
the MkDocs plugin and ``microlearn export`` emit exactly the same pages.
Files the site also needs (runtime, stylesheet, images, PDFs) are the
adapters' asset step: see ``assets.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from .course import CourseContent
from .diagnostics import Diagnostic
from .i18n import Strings
from .markdown import MarkdownRenderer
from .nav import NavEntry, course_nav, nav_config
from .parallel import parallel_map
from .urls import HOME, REVIEW, page_path, page_url, pdf_path, relative_url
from .view import (
    PageContext,
    checklist_fields,
    checklist_scale,
    checklist_sections,
    question_views,
    quiz_meta,
    scenario_view,
)

TEMPLATES = Path(__file__).parent / "templates"

PAGE_TEMPLATES = {
    "home": "microlearn/home.html",
    "lesson": "microlearn/lesson.html",
    "quiz": "microlearn/quiz.html",
    "checklist": "microlearn/checklist.html",
    "review": "microlearn/quiz.html",
    "problems": "microlearn/problems.html",
}
"""The theme template each kind of page is shown with (in overrides/)."""


_Dumper: type[yaml.SafeDumper | yaml.CSafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it goes, its front matter and its HTML body."""

    path: str
    title: str
    meta: dict[str, Any]
    html: str

    def front_matter(self) -> dict[str, Any]:
        """The page's metadata as MkDocs reads it back. MkDocs and the theme print
        front-matter values into HTML unescaped, so plain-text values are escaped here."""
        meta = {**self.meta, "title": escape(self.title)}
        if "description" in meta:
            meta["description"] = escape(meta["description"])
        return meta

    def text(self) -> str:
        """The page as a Markdown file: front matter and the HTML."""
        meta = self.front_matter()
        # libyaml's emitter: the pure-Python one took a tenth of the render at 100 lessons.
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True)
        return f"---\n{front}---\n\n{self.html}\n"


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


@dataclass(frozen=True)
class RenderedSite:
    pages: list[PageSource]
    nav: list[NavEntry]

    def nav_config(self) -> list[dict[str, Any]]:
        return nav_config(self.nav)


class _CompiledOnce(BytecodeCache):
    """Compiled templates kept for the life of the process.

    Every build (each rebuild of a live preview too) renders with a new environment,
    which would parse and compile every template again. Jinja checks each entry
    against its template's source, so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledOnce()


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=_COMPILED,
        auto_reload=False,  # an environment lives for one build: no need to stat every partial at each include
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an included partial's last line stays its own
        extensions=["jinja2.ext.do"],
    )


PARALLEL_FROM = 200
"""Pages a course needs before they are rendered on several cores: below, starting a worker costs more than it saves."""


class Pages:
    """Renders each page of one course with one set of options."""

    def __init__(self, content: CourseContent, options: RenderOptions | None = None) -> None:
        self.content = content
        self.options = options or RenderOptions()
        t = content.strings
        self.env = _environment()
        self.env.globals.update(
            t=t,
            course=content.course,
            quizzes=content.quizzes,
            checklists=content.checklists,
            minutes=content.minutes,
            questions=lambda quiz: question_views(quiz, t),
            quiz_meta=lambda quiz: quiz_meta(quiz, t),
            scenario=scenario_view,
        )

    def _render(self, template: str, path: str, **context: Any) -> str:
        page = PageContext(path, self.options.use_directory_urls, self.options.markdown)
        return _without_blank_lines(self.env.get_template(template).render(page=page, **context))

    def home(self) -> PageSource:
        c = self.content
        total = sum(c.minutes(lid) for lid in c.lessons)
        first = next(iter(c.lessons), None)
        html = self._render("home.html", HOME, lessons=c.lessons, total_minutes=total, first_lesson=first)
        return PageSource(HOME, c.course.title, self._meta("home", c.course.description, html), html)

    def lesson(self, lesson_id: str) -> PageSource:
        lesson = self.content.lessons[lesson_id]
        path = page_path("lesson", lesson_id)
        position = {"number": self.content.lesson_number(lesson_id), "total": len(self.content.lessons)}
        html = self._render("lesson.html", path, lesson=lesson, lesson_id=lesson_id, position=position)
        return PageSource(path, lesson.title, self._meta("lesson", lesson.summary, html), html)

    def quiz(self, quiz_id: str) -> PageSource:
        quiz = self.content.quizzes[quiz_id]
        path = page_path("quiz", quiz_id)
        used_by = [(lid, self.content.lessons[lid]) for lid in self.content.lessons_using_quiz(quiz_id)]
        html = self._render("quiz_page.html", path, quiz=quiz, quiz_id=quiz_id, used_by=used_by)
        meta = self._meta("quiz", quiz.intro, html)
        if used_by and quiz_id not in self.content.course.assessments:
            # Only repeats a lesson's quiz: search finds the lesson, not this copy.
            meta["search"] = {"exclude": True}
        return PageSource(path, quiz.title, meta, html)

    def checklist(self, checklist_id: str, *, pdf_link: bool = True) -> PageSource:
        """A checklist page; ``pdf_link=False`` for the sheet the PDF itself is printed from."""
        checklist = self.content.checklists[checklist_id]
        t = self.content.strings
        path = page_path("checklist", checklist_id)
        url = page_url(path, directory_urls=self.options.use_directory_urls)
        html = self._render(
            "checklist.html",
            path,
            checklist=checklist,
            checklist_id=checklist_id,
            sections=checklist_sections(checklist),
            scale=checklist_scale(checklist, t),
            fields=checklist_fields(checklist, t),
            source_url=self.options.site_url + url,
            pdf_href=relative_url(pdf_path(checklist_id), url) if pdf_link and self.options.checklist_pdf else None,
        )
        return PageSource(path, checklist.title, self._meta("checklist", checklist.intro, html), html)

    def review(self) -> PageSource:
        """The spaced-review page: empty markup the browser fills with the due questions, taken
        from their quiz pages, so no page carries every question of the course."""
        t = self.content.strings
        html = self._render("review.html", REVIEW)
        meta = self._meta("review", None, html)
        meta["search"] = {"exclude": True}
        return PageSource(REVIEW, t("review_title"), meta, html)

    def all(self, *, parallel: bool = True) -> list[PageSource]:
        """Every page: home, review, lessons in course order, quizzes, checklists.

        ``parallel=False`` renders in this process alone, where the Markdown
        renderer keeps every field it converts (a live preview's next rebuild
        reuses them).
        """
        c = self.content
        # Every template compiled here first, so that workers forked next inherit them.
        first = [self.home(), self.review()]
        for template in self.env.list_templates(extensions=["html"]):
            self.env.get_template(template)
        order = [("lesson", lid) for lid in c.lessons]
        order += [("quiz", qid) for qid in c.quizzes]
        order += [("checklist", cid) for cid in c.checklists]
        # Work in another order: each lesson's quizzes just after it, rendered by the
        # same process, whose Markdown renderer has their fields converted already.
        work: dict[tuple[str, str], None] = {}
        for lid, lesson in c.lessons.items():
            work[("lesson", lid)] = None
            work.update(dict.fromkeys(("quiz", qid) for qid in lesson.quiz_ids if qid in c.quizzes))
        work.update(dict.fromkeys(order))
        jobs = list(work)
        pages = parallel_map(self.page, jobs, min_items=PARALLEL_FROM) if parallel else [self.page(*j) for j in jobs]
        done = dict(zip(jobs, pages, strict=True))
        return first + [done[page] for page in order]

    def page(self, kind: str, item_id: str) -> PageSource:
        """The lesson, quiz or checklist page of that id."""
        return {"lesson": self.lesson, "quiz": self.quiz, "checklist": self.checklist}[kind](item_id)

    def _meta(self, kind: str, description: str | None, html: str) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "template": PAGE_TEMPLATES[kind],
            "microlearn": {"type": kind, "course": self.content.course.title, "modules": widget_modules(html)},
        }
        if description:
            meta["description"] = _plain(self.options.markdown.inline(description))
        # The page body is one HTML block whose headings Markdown's toc never lists:
        # a table of contents would be an empty column and an empty landmark.
        meta["hide"] = ["toc"]
        return meta


_WIDGET = re.compile(r'data-ml-module="([a-z-]+)"')


MODULE_IMPORTS = {"home": ("queue",), "quiz": ("question",), "review": ("queue", "question")}
"""The runtime modules a widget's module imports itself (all import storage.js, which every page preloads)."""


def widget_modules(html: str) -> list[str]:
    """The runtime modules a page's widgets need, read off its markup: the theme preloads just these."""
    widgets = set(_WIDGET.findall(html))
    return sorted(widgets.union(*(MODULE_IMPORTS.get(w, ()) for w in widgets)))


def page_paths(content: CourseContent) -> list[str]:
    """Every page the course gets, known before anything is rendered."""
    paths = [HOME, REVIEW]
    paths += [page_path("lesson", lid) for lid in content.lessons]
    paths += [page_path("quiz", qid) for qid in content.quizzes]
    paths += [page_path("checklist", cid) for cid in content.checklists]
    return paths


def problems_page(diagnostics: Sequence[Diagnostic], strings: Strings) -> PageSource:
    """The page a live preview shows at every address while the course has errors: each problem, where it is.

    Problems are listed as the terminal lists them (file:line:column, severity, message).
    """
    html = _environment().get_template("problems.html").render(t=strings, diagnostics=diagnostics)
    meta = {
        "template": PAGE_TEMPLATES["problems"],
        "microlearn": {"type": "problems"},
        "hide": ["navigation", "toc"],
        "search": {"exclude": True},
    }
    return PageSource(HOME, strings("problems_title"), meta, _without_blank_lines(html))


def render_site(content: CourseContent, options: RenderOptions | None = None, *, parallel: bool = True) -> RenderedSite:
    return RenderedSite(pages=Pages(content, options).all(parallel=parallel), nav=course_nav(content))


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def _without_blank_lines(html: str) -> str:
    """Drop empty lines outside <pre>: a blank line would end the raw HTML block in Markdown."""
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _BLANK_LINES.sub("\n", parts[i])
    return "".join(parts).strip()


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()
