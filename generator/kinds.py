"""The content kinds in one table: where their files live, where their pages go.

Every other module reads folder names and address sections from here, so a
new kind of content is one more row, not a search through the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Checklist, Course, Lesson, Model, Quiz

CONTENT_DIR = "content"
"""Course file, lessons, checklists and assets, relative to the course root."""
ASSETS_DIR = "assets"
"""Images and other files, relative to CONTENT_DIR; also their place in the site."""
COURSE_FILE = "course"
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Kind:
    """One kind of content file: one file per item, the file name is its id."""

    name: str
    """How messages and page front matter name it ('lesson')."""
    model: type[Model]
    folder: str
    """Where its files live, relative to the course root."""
    section: str
    """The first part of its pages' addresses ('lessons' → lessons/<id>/)."""

    @property
    def where(self) -> str:
        """The folder as messages show it: 'content/lessons/'."""
        return f"{self.folder}/"


LESSON = Kind("lesson", Lesson, f"{CONTENT_DIR}/lessons", "lessons")
QUIZ = Kind("quiz", Quiz, "quizzes", "quizzes")
CHECKLIST = Kind("checklist", Checklist, f"{CONTENT_DIR}/checklists", "checklists")

KINDS: dict[str, Kind] = {k.name: k for k in (LESSON, QUIZ, CHECKLIST)}

SCHEMAS: dict[str, type[Model]] = {"course": Course, **{k.name: k.model for k in KINDS.values()}}
"""The models editors get a JSON Schema for, by file kind."""

SOURCE_DIRS = (CONTENT_DIR, QUIZ.folder)
"""Folders whose changes should rebuild a live preview."""
