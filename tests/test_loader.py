"""YAML reading: the 1.2 core schema and the marks every message relies on."""

from __future__ import annotations

from generator.loader import load_text


def test_yes_no_and_dates_stay_text() -> None:
    doc = load_text("scale: [Yes, No, Not yet]\nlanguage: no\nwhen: 2024-01-02\nn: 010\nok: true\n", "x.yml")
    assert doc.data == {"scale": ["Yes", "No", "Not yet"], "language": "no", "when": "2024-01-02", "n": 10, "ok": True}


def test_marks_point_at_keys_and_values() -> None:
    doc = load_text("title: T\nquestions:\n  - prompt: P\n    options:\n      - text: A\n", "x.yml")
    assert doc.marks.locate(("questions", 0, "prompt")) == (3, 13)
    assert doc.marks.locate(("questions", 0, "prompt"), key=True) == (3, 5)
    assert doc.marks.locate(("questions", 0, "options", 0, "text")) == (5, 15)
    # a field that is not there points at the nearest mapping that is
    assert doc.marks.locate(("questions", 0, "missing")) == (3, 5)


def test_duplicate_keys_are_errors() -> None:
    doc = load_text("a: 1\nb: 2\na: 3\n", "x.yml")
    assert [str(d) for d in doc.diagnostics] == ["x.yml:3:1: error: duplicate key 'a' (first given on line 1)"]


def test_an_empty_file_has_no_data() -> None:
    doc = load_text("# only a comment\n", "x.yml")
    assert doc.data is None and doc.diagnostics == []


def test_a_byte_order_mark_and_windows_line_endings_are_fine(tmp_path) -> None:
    from generator.loader import load_file

    file = tmp_path / "x.yml"
    file.write_bytes("\ufefftitle: Café\r\nsummary: ok\r\n".encode())
    doc = load_file(file, "x.yml")
    assert doc.data == {"title": "Café", "summary": "ok"}
    assert doc.marks.locate(("summary",)) == (2, 10)


def test_merge_keys_reuse_settings() -> None:
    doc = load_text("base: &b {correct: false, feedback: x}\nopt:\n  <<: *b\n  text: A\n", "x.yml")
    assert doc.data["opt"] == {"correct": False, "feedback": "x", "text": "A"}
    assert doc.diagnostics == []
