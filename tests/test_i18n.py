"""Interface strings: every shipped language is complete; a gap falls back to English with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import i18n
from generator.course import load_course

from .conftest import copy_course


def test_every_shipped_language_has_every_string() -> None:
    for language in i18n.available():
        strings = i18n.strings_for(language)
        assert strings.found and strings.missing == (), language


def test_a_regional_tag_uses_its_language() -> None:
    assert i18n.strings_for("nl-BE")("check_answer") == "Controleer antwoord"


def test_a_missing_string_falls_back_to_english_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "en.yml").write_text((i18n.LOCALES / "en.yml").read_text())
    (locales / "fy.yml").write_text("check_answer: Kontrolearje\n")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n._table.cache_clear()
    try:
        strings = i18n.strings_for("fy")
        assert strings("check_answer") == "Kontrolearje"
        assert strings("try_again") == "Try again"
        root = copy_course("minimal", tmp_path / "c")
        (root / "content/course.yml").write_text((root / "content/course.yml").read_text() + "language: fy\n")
        _, diagnostics = load_course(root)
        (warning,) = [str(d) for d in diagnostics]
        assert warning.startswith("content/course.yml:7:11: warning: interface strings for 'fy' lack 'activity', ")
        assert warning.endswith("; using English for those")
    finally:
        i18n._table.cache_clear()
