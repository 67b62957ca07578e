"""YAML mistakes worded for editors, at the line where the mistake is.

The parser reports where it gave up ("expected <block end>, but found
'<scalar>'"), often a line or more after the mistake. ``syntax_problem``
reads the source lines around that place and names the likely cause: a
missing closing quote (at the line that opened it), a tab or inconsistent
indentation, a colon followed by a space inside an unquoted value. Anything
else gets a plain wording of the parser's problem, never its jargon.

``pasted_spaces`` finds the non-breaking spaces a word processor leaves in
the indentation or before a key's colon; the loader reports them and reads
the file as it was meant, with ordinary spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

Position = tuple[int, int]
"""1-based line and column."""

NBSP = "\u00a0"
_KEY = re.compile(
    r"^([ \u00a0]*)((?:-[ \u00a0]+)*)([^\s#'\"\[{&*!|>%@`-][^#]*?|-[^\s#]*?)([ \u00a0]*):(?=[ \t\u00a0]|$)"
)
_INDENT = re.compile(r"^([ \t\u00a0]*)")
_ENTRY = re.compile(r"^( *)((?:- +)*)([^\s#].*)?$")
_QUOTE_OPEN = re.compile(r"^( *)((?:- +)*)(?:([^\s#'\"][^#]*?):[ \t]+)?(['\"])")


def pasted_spaces(text: str) -> tuple[str, list[tuple[Position, str]]]:
    """``text`` with non-breaking spaces in indentation and before a key's colon made ordinary; where they were."""
    found: list[tuple[Position, str]] = []
    if NBSP not in text:
        return text, found  # nearly every file: no need to look line by line
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if NBSP not in line:
            continue
        indent = _INDENT.match(line)
        end = indent.end() if indent else 0
        positions = [i for i in range(end) if line[i] == NBSP]
        where = "in the indentation"
        key = _KEY.match(line)
        if key and NBSP in key.group(4):
            where = "before the colon" if not positions else where
            positions += [i for i in range(key.start(4), key.end(4)) if line[i] == NBSP]
        if positions:
            found.append(((n + 1, positions[0] + 1), where))
            chars = list(line)
            for i in positions:
                chars[i] = " "
            lines[n] = "".join(chars)
    return "\n".join(lines), found


def syntax_problem(text: str, exc: yaml.MarkedYAMLError, parses: Callable[[str], int | None]) -> tuple[Position, str]:
    """Where the mistake behind ``exc`` most likely is, and what it is, in plain words.

    ``parses(text)`` gives the 0-based line a changed text fails at, or None if
    it parses: a guessed fix that makes the file parse further confirms the guess.
    """
    mark = exc.problem_mark or exc.context_mark
    failure = _Failure(
        lines=text.split("\n"),
        line=mark.line if mark else 0,
        column=mark.column if mark else 0,
        problem=exc.problem or "",
        context=exc.context or "",
        exc=exc,
        parses=parses,
    )
    for diagnose in (_tab, _unclosed_quote, _text_after_quote, _colon_in_value, _indentation):
        found = diagnose(failure)
        if found:
            return found
    return _plain(failure)


@dataclass(frozen=True)
class _Failure:
    """Where the parser gave up (0-based line and column), what it said, and the source lines."""

    lines: list[str]
    line: int
    column: int
    problem: str
    context: str
    exc: yaml.MarkedYAMLError
    parses: Callable[[str], int | None]


Diagnosis = tuple[Position, str] | None


def _tab(f: _Failure) -> Diagnosis:
    lines, line, column, problem = f.lines, f.line, f.column, f.problem
    for n, text in enumerate(lines[: line + 1]):
        indent = _INDENT.match(text)
        if indent and "\t" in indent.group(1):
            return (n + 1, indent.group(1).index("\t") + 1), "a tab indents this line: indent with spaces only"
    if "\t" in problem:
        return (line + 1, column + 1), "a tab where YAML does not allow one: use spaces instead"
    return None


def _closing(value: str, quote: str) -> int | None:
    """Index in ``value`` (which starts after the opening quote) of the closing quote, or None."""
    i = 0
    while i < len(value):
        c = value[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and value[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _opened_quotes(lines: list[str], upto: int) -> list[tuple[int, int, str]]:
    """(line, column, quote) of each value that opens a quote and does not close it on its line."""
    out = []
    for n, text in enumerate(lines[: upto + 1]):
        m = _QUOTE_OPEN.match(text)
        if m and _closing(text[m.end() :], m.group(4)) is None:
            out.append((n, m.start(4), m.group(4)))
    return out


def _unclosed_quote(f: _Failure) -> Diagnosis:
    lines, line, problem, context, exc, parses = f.lines, f.line, f.problem, f.context, f.exc, f.parses
    candidates = _opened_quotes(lines, line)
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        start = (exc.context_mark.line, exc.context_mark.column)
        text = lines[start[0]] if start[0] < len(lines) else ""
        quote = text[start[1] : start[1] + 1] if text[start[1] : start[1] + 1] in ("'", '"') else '"'
        return (start[0] + 1, start[1] + 1), _missing_quote_message(quote, text)
    for n, col, quote in candidates:
        fixed = [*lines]
        fixed[n] = fixed[n].rstrip() + quote
        after = parses("\n".join(fixed))
        if after is None or after > line:
            return (n + 1, col + 1), _missing_quote_message(quote, lines[n])
    return None


def _missing_quote_message(quote: str, text: str) -> str:
    name = "double" if quote == '"' else "single"
    typographic = "”" if quote == '"' else "’"
    hint = f" (a typographic {typographic} does not close it)" if text.rstrip().endswith(typographic) else ""
    return (
        f"the {name} quote ({quote}) that starts this value is never closed{hint}: add {quote} at the end of the value"
    )


def _text_after_quote(f: _Failure) -> Diagnosis:
    lines, line = f.lines, f.line
    if line >= len(lines):
        return None
    text = lines[line]
    m = _QUOTE_OPEN.match(text)
    if not m:
        return None
    end = _closing(text[m.end() :], m.group(4))
    if end is None:
        return None
    rest = text[m.end() + end + 1 :].strip()
    if rest and not rest.startswith("#"):
        return (line + 1, m.start(4) + 1), (
            "text after the closing quote: put the whole value inside the quotes, "
            "or leave the quotes out if the value starts with a quotation"
        )
    return None


def _colon_in_value(f: _Failure) -> Diagnosis:
    lines, line, column, problem = f.lines, f.line, f.column, f.problem
    if "mapping values are not allowed" not in problem or line >= len(lines):
        return None
    key = _KEY.match(lines[line])
    if not key or key.end() > column:
        return None
    value_start = key.end() + len(lines[line][key.end() :]) - len(lines[line][key.end() :].lstrip())
    name = key.group(3).strip()
    return (line + 1, value_start + 1), (
        f"the text of '{name}' contains a colon followed by a space, which YAML reads as a new field: "
        "put the text in quotes"
    )


def _indentation(f: _Failure) -> Diagnosis:
    lines, line, problem = f.lines, f.line, f.problem
    jammed = "mapping values are not allowed" in problem
    if not (jammed or problem.startswith("expected <block end>")) or line >= len(lines):
        return None
    here = _ENTRY.match(lines[line])
    if not here or not here.group(3):
        return None
    n = line - 1
    while n >= 0:
        above = _ENTRY.match(lines[n])
        if above and above.group(3) and not above.group(3).startswith("#"):
            break
        n -= 1
    else:
        return None
    dash_here = bool(here.group(2)) and not jammed
    col_here = len(here.group(1)) + (0 if dash_here else len(here.group(2)))
    if dash_here and not above.group(2) and col_here <= len(above.group(1)):
        return (line + 1, col_here + 1), (
            "a list item ('- ') where a field was expected: indent it under the field it belongs to"
        )
    if dash_here:
        col_above = len(above.group(1)) if above.group(2) else len(above.group(1)) + len(above.group(2))
        what = "'-' of this list item"
    else:
        col_above = len(above.group(1)) + len(above.group(2))
        what = "field"
    if col_here == col_above:
        return (line + 1, col_here + 1), (
            "inconsistent indentation: this line does not belong where it is indented; "
            "indent it like the other entries of the list or mapping it belongs to"
        )
    direction = "more" if col_here > col_above else "less"
    return (line + 1, col_here + 1), (
        f"inconsistent indentation: the {what} starts in column {col_here + 1}, {direction} than the line above "
        f"(column {col_above + 1}); start entries of the same list or mapping in the same column"
    )


_PLAIN: list[tuple[str, str]] = [
    (
        "found undefined alias",
        "a value starting with '*' refers to an anchor that does not exist: put the text in quotes",
    ),
    ("cannot start any token", "a value cannot start with {char}: put the text in quotes"),
    (
        "unknown escape character",
        "unknown escape with a backslash in double quotes: write \\\\ for a backslash, or use single quotes",
    ),
    (
        "expected ',' or ']'",
        "a list opened with '[' is not closed with ']': close it, or put text that starts with '[' in quotes",
    ),
    (
        "expected ',' or '}'",
        "a mapping opened with '{' is not closed with '}': close it, or put text that starts with '{' in quotes",
    ),
    (
        "could not find expected ':'",
        "a line that is neither 'field: value' nor a '- ' list item: add the ':' or join it to the line above",
    ),
    ("second occurrence", "the same anchor ('&name') is defined twice: rename one"),
    (
        "for merging",
        "'<<' merges the fields of another mapping into this one, as in '<<: *defaults': "
        "give it an alias of a mapping (or a list of them)",
    ),
    ("another document", "'---' starts a second document, but a file holds one: remove the line"),
    (
        "could not determine a constructor",
        "a value starting with '!' is a YAML tag microlearn does not know: put the text in quotes",
    ),
    (
        "expected alphabetic or numeric character",
        "a value starting with '&' or '*' needs a name after it: put the text in quotes",
    ),
]


def _plain(f: _Failure) -> tuple[Position, str]:
    line, column, problem, context, exc = f.line, f.column, f.problem, f.context, f.exc
    position = (line + 1, column + 1)
    if ("flow" in context or "simple key" in context) and exc.context_mark is not None:
        position = (exc.context_mark.line + 1, exc.context_mark.column + 1)
    for start, message in _PLAIN:
        if start in problem:
            char = re.search(r"character '(.+?)'", problem)
            return position, message.replace("{char}", f"'{char.group(1)}'" if char else "this character")
    if "'-'" in problem or "<block sequence start>" in problem:
        return position, "a list item ('- ') where a field was expected: indent it under the field it belongs to"
    return position, (
        "this line could not be read: check its indentation, and put text that contains ': ' "
        "or starts with a special character in quotes"
    )
