"""Interface strings by course language, falling back to English string by string."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .loader import load_file

LOCALES = Path(__file__).parent / "locales"
FALLBACK = "en"


@dataclass(frozen=True)
class Strings:
    """The strings for one language; ``missing`` lists keys taken from English."""

    language: str
    table: dict[str, Any]
    missing: tuple[str, ...] = ()
    found: bool = True

    def __call__(self, key: str, **values: object) -> str:
        text = str(self.table[key])
        return text.format(**values) if values else text

    def list(self, key: str) -> list[str]:
        return [str(item) for item in self.table[key]]


def available() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


@cache
def _table(language: str) -> dict[str, Any] | None:
    file = LOCALES / f"{language}.yml"
    if not file.is_file():
        return None
    data = load_file(file, file.name).data
    return data if isinstance(data, dict) else {}


def closest(language: str) -> list[str]:
    """The languages to try for ``language``, best first: 'nl-BE' → ['nl-BE', 'nl']. English is the caller's last resort."""
    base = language.split("-")[0].lower()
    return [language] if base == language else [language, base]


def strings_for(language: str) -> Strings:
    """Strings for ``language`` (``nl-BE`` falls back to ``nl``, then to English)."""
    english = _table(FALLBACK) or {}
    for candidate in closest(language):
        table = _table(candidate)
        if table is not None:
            missing = tuple(sorted(k for k in english if k not in table))
            return Strings(language, {**english, **table}, missing)
    return Strings(language, dict(english), tuple(sorted(english)), found=False)
