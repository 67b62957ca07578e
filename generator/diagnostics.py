"""Problems found in course content, worded for the people who write it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


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


def field_path(loc: Sequence[str | int]) -> str:
    """('questions', 2, 'prompt') -> 'questions[2].prompt' — how messages name a field."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
