"""Problems found in course content, worded for the people who write it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)} | {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``, ``\\x07``)."""
    return text.translate(_CONTROL)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place; ordered by file, then position, so output is stable."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # A message quotes what the editor wrote, which may hold a line break or a control
        # character: shown escaped, so every problem stays one line (terminal, CI, preview).
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def github_annotation(d: Diagnostic) -> str:
    """``d`` as a GitHub Actions workflow command: '::error file=…,line=…,col=…::message'."""
    return (
        f"::{d.severity.value} file={_escape_property(d.path)},line={d.line},col={d.column}::{_escape_data(d.message)}"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.is_error]


def warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if not d.is_error]


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """'2 errors and 1 warning in course content' — the one line a failed build ends with."""
    n_err, n_warn = len(errors(diagnostics)), len(warnings(diagnostics))
    parts = []
    if n_err:
        parts.append(plural(n_err, "error"))
    if n_warn:
        parts.append(plural(n_warn, "warning"))
    return (" and ".join(parts) or "no problems") + " in course content"


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}zes" if word.endswith("iz") else f"{n} {word}s"


def did_you_mean(wrong: str, candidates: Iterable[str]) -> str:
    """'; did you mean 'prompt'?' when one candidate is close, else ''."""
    match = closest(wrong, candidates)
    return f"; did you mean '{match}'?" if match else ""


def closest(wrong: str, candidates: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(wrong, sorted(set(candidates)), n=1, cutoff=0.6)
    return found[0] if found else None


def quoted_list(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


SEPARATOR = " › "
ITEM_NAMES = {
    "assessments": "assessment",
    "blocks": "block",
    "checklists": "checklist",
    "choices": "choice",
    "fields": "field",
    "items": "item",
    "lessons": "lesson",
    "lines": "dialogue line",
    "modules": "module",
    "nodes": "node",
    "objectives": "objective",
    "options": "option",
    "questions": "question",
    "scale": "rating",
    "sections": "section",
    "steps": "step",
    "tags": "tag",
    "takeaways": "takeaway",
    "techniques": "technique",
}


def item_name(key: str | int | None, index: int) -> str:
    """'question 3' for item 2 of 'questions' (counted from 1); 'item 3' of a list without a known key."""
    if not isinstance(key, str):
        return f"item {index + 1}"
    return f"{ITEM_NAMES.get(key, f'{key} item')} {index + 1}"


def field_path(loc: Sequence[str | int]) -> str:
    """How messages name a place in a file: as an editor counts, from 1, in words.

    A list item is the singular of its key and its number, the parts of a path
    are joined by ' › ', and a field keeps its key as written::

        ('questions', 1, 'options', 2, 'feedback') -> 'question 2 › option 3 › feedback'
        ('modules', 0, 'lessons')                   -> 'module 1 › lessons'
        ('blocks', 6, 'lines', 0)                   -> 'block 7 › dialogue line 1'

    A dialogue's 'lines' are "dialogue lines", so they are not taken for lines of the file.
    """
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            key = loc[i - 1] if i else None
            if parts and isinstance(key, str):
                parts.pop()
            parts.append(item_name(key, part))
        else:
            parts.append(part)
    return SEPARATOR.join(parts)
