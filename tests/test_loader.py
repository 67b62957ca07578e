"""YAML reading: the 1.2 core schema and the marks every message relies on."""

from __future__ import annotations

import re

import pytest

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


def messages(text: str) -> list[str]:
    return [str(d) for d in load_text(text, "x.yml").diagnostics]


def test_a_missing_closing_quote_is_reported_where_it_opened() -> None:
    missing = (
        'x.yml:2:10: error: the double quote (") that starts this value is never closed: add " at the end of the value'
    )
    assert messages('title: Check\nsummary: "A short\nquestions:\n  - prompt: x\n') == [missing]
    # closed by the next value's opening quote, the parser gives up two lines later
    assert messages('title: Check\nsummary: "A short\nquestions:\n  - prompt: "x"\n') == [missing]
    assert messages('title: "Use the caller’s words”\nsummary: x\n') == [
        'x.yml:1:8: error: the double quote (") that starts this value is never closed (a typographic ” does not '
        'close it): add " at the end of the value'
    ]


def test_text_after_a_closing_quote() -> None:
    assert messages('title: "Done" now\n') == [
        "x.yml:1:8: error: text after the closing quote: put the whole value inside the quotes, "
        "or leave the quotes out if the value starts with a quotation"
    ]


def test_indentation_mistakes_point_at_the_line() -> None:
    assert messages("title: Check\nquestions:\n  - prompt: x\n     type: single\n") == [
        "x.yml:4:6: error: inconsistent indentation: the field starts in column 6, more than the line above "
        "(column 5); start entries of the same list or mapping in the same column"
    ]
    assert messages("title: Check\n- x\n") == [
        "x.yml:2:1: error: a list item ('- ') where a field was expected: indent it under the field it belongs to"
    ]


def test_non_breaking_spaces_are_reported_and_read_as_spaces() -> None:
    doc = load_text("title: Check\nsummary\u00a0: x\nlist:\n \u00a0- a\n", "x.yml")
    assert doc.data == {"title": "Check", "summary": "x", "list": ["a"]}
    assert [str(d) for d in doc.diagnostics] == [
        "x.yml:2:8: error: a non-breaking space before the colon (pasted from a word processor?): type an ordinary space",
        "x.yml:4:2: error: a non-breaking space in the indentation (pasted from a word processor?): type an ordinary space",
    ]
    # in a value (French typography puts one before a colon) it is text
    assert not any("non-breaking" in m for m in messages("title: Remarque\u00a0: ok\n"))
    assert load_text('title: "Remarque\u00a0: ok"\n', "x.yml").diagnostics == []


def test_typographic_quotes_inside_a_value_are_text() -> None:
    assert messages("title: He said “no” and left\nsummary: '“Quoted” on purpose'\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "a: [x\n",
        "a: {x\n",
        "a: *nope\n",
        "a: %x\n",
        "a: @x\n",
        'a: "x\\q"\n',
        "a: b\nc\nd: e\n",
        "a:\n  - b\n c: d\n",
        "a: b\n---\nc: d\n",
        "a: &x b\nc: &x d\n",
        "a: !!binary zz\n",
        "? [a\n",
        "a: |\n  x\n b: c\n",
    ],
)
def test_no_parser_jargon(text: str) -> None:
    for message in messages(text):
        assert not re.search(r"<|scalar|token|block end|stream|invalid YAML", message), message


def test_content_is_read_by_the_c_parser() -> None:
    """libyaml parses a course about 20 times faster; PyYAML hides it from ``hasattr(yaml, "CParser")``."""
    from yaml._yaml import CParser

    from generator import loader

    assert issubclass(loader._Loader, CParser)


def test_a_broken_file_is_explained_from_the_python_parsers_report() -> None:
    """libyaml says 'did not find expected key' here; the message names the list item instead."""
    assert messages("title: Check\n- x\n") == [
        "x.yml:2:1: error: a list item ('- ') where a field was expected: indent it under the field it belongs to"
    ]


# The one-pass reader: content files are read from libyaml's events in one pass; anything
# unusual goes the full way (compose, check the limits, walk for marks, construct). Both
# must give the same data, marks and problems wherever the fast one answers.


def both_ways(text: str) -> tuple[object, object, bool]:
    """`text` read the one-pass way (where it answers) and the full way: (what each saw, whether it was one-pass).

    Patches the loader itself (not through the monkeypatch fixture) so that
    Hypothesis tests in test_properties.py can use it too.
    """
    from unittest import mock

    from generator import loader

    fast = loader._read_plain(text, "x.yml") is not None
    quick = load_text(text, "x.yml")
    with mock.patch.object(loader, "_read_plain", lambda text, path: None):
        full = load_text(text, "x.yml")

    def seen(doc: object) -> object:
        # repr: True == 1 and 1.0 == 1 would hide a wrong type
        return repr(doc.data), doc.marks, [str(d) for d in doc.diagnostics]  # type: ignore[attr-defined]

    return seen(quick), seen(full), fast


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("title: T\nitems: [a, 'b', \"c\", 1, 1.5, -2, true, null, ~, '', .inf]\n", True),
        ("a:\n  b: 1\n  b: [x, {c: d}]\nb: 2\n", True),  # a duplicate with a nested value
        ("a: “quoted”\nb: '“fine”'\nc: [“x”]\n", True),  # typographic quotes, only unquoted ones count
        ("true: 1\n1: 2\n~: 3\n010: 4\n", True),  # keys of other types keep their text in the marks
        ("a: |\n  block\n  text\nb: >-\n  folded\n", True),
        ("d: &x {a: 1}\ne: *x\n", False),  # anchors and aliases
        ("<<: {a: 1}\nb: 2\n", False),  # a merge key
        ("a: !!str 1\n", False),  # an explicit tag
        ("? [a, b]\n: c\n", False),  # a complex key
        ("a: 1\n---\nb: 2\n", False),  # two documents
        ("# only a comment\n", False),
        ("plain text\n", True),
        ("a: [1, 2\n", False),  # broken: the full path words it
    ],
)
def test_the_one_pass_reader_agrees_with_the_full_one(text: str, fast: bool) -> None:
    quick, full, was_fast = both_ways(text)
    assert was_fast is fast
    assert quick == full


def test_the_one_pass_reader_reads_every_content_file_of_the_repository_as_the_full_one() -> None:
    from .conftest import REPO

    folders = ("content", "quizzes", "examples", "tests/courses", "tests/bad_inputs", "generator/starter")
    files = [
        f
        for folder in folders
        for f in sorted((REPO / folder).rglob("*.y*ml"))
        if not f.is_symlink() and f.name != "mkdocs.yml"
    ]
    fast = []
    for file in files:
        text = file.read_bytes().decode("utf-8-sig", errors="replace")
        quick, full, was_fast = both_ways(text)
        assert quick == full, file
        if was_fast:
            fast.append(file)
    # not vacuous: every file of the example courses takes the one-pass way
    courses = [f for f in files if f.relative_to(REPO).parts[0] in ("content", "quizzes", "examples")]
    assert len(courses) > 10 and set(courses) <= set(fast)
