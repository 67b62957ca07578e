"""The site navigation: home, modules with their lessons, assessments, checklists."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from .course import CourseContent
from .urls import HOME, page_path


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


def course_nav(c: CourseContent) -> list[NavEntry]:
    t = c.strings
    entries = [NavEntry(t("nav_home"), HOME)]
    for module in c.course.modules:
        lessons = tuple(
            NavEntry(c.lessons[lid].title, page_path("lesson", lid)) for lid in module.lessons if lid in c.lessons
        )
        if lessons:
            entries.append(NavEntry(module.title, children=lessons))
    if c.course.assessments:
        quizzes = tuple(NavEntry(c.quizzes[q].title, page_path("quiz", q)) for q in c.course.assessments)
        entries.append(NavEntry(t("nav_assessments"), children=quizzes))
    if c.course.checklists:
        checklists = tuple(NavEntry(c.checklists[k].title, page_path("checklist", k)) for k in c.course.checklists)
        entries.append(NavEntry(t("nav_checklists"), children=checklists))
    return entries


def nav_config(nav: list[NavEntry]) -> list[dict[str, Any]]:
    return [entry.to_config() for entry in nav]
