"""YAML → plain data plus the line/column of every key and value.

Content is read with the YAML 1.2 core schema, not PyYAML's default 1.1 one:
editors write ``scale: [Yes, Partly, Not yet]`` and ``language: no`` and mean
text, not booleans. PyYAML's C parser (libyaml) reads the files;
the pure-Python one explains the broken ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .diagnostics import Diagnostic, Severity
from .syntax import pasted_spaces, syntax_problem

Loc = tuple[str | int, ...]
Position = tuple[int, int]


class _CoreResolver(BaseResolver):
    """Implicit types of the YAML 1.2 core schema: true/false, decimal numbers, null."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
# Merge keys ('<<: *defaults') are not in the core schema, but editors reuse settings with them.
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)


class _CoreConstructor(SafeConstructor):
    def construct_decimal_int(self, node: ScalarNode) -> int:
        # PyYAML reads a leading zero as octal (YAML 1.1); the core schema does not.
        return int(str(self.construct_scalar(node)))


# The stubs bind add_constructor to loader classes; PyYAML itself registers on constructor classes like this one.
_CoreConstructor.add_constructor("tag:yaml.org,2002:int", _CoreConstructor.construct_decimal_int)  # type: ignore[type-var]


class _PythonLoader(Reader, Scanner, Parser, Composer, _CoreConstructor, _CoreResolver):
    """The pure-Python parser: its error messages are the ones ``syntax.py`` names mistakes from."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreConstructor.__init__(self)
        _CoreResolver.__init__(self)


try:
    # libyaml reads a course about 20 times faster. PyYAML's wheels always include it,
    # but PyYAML does not export it as yaml.CParser (hasattr(yaml, "CParser") is False).
    from yaml._yaml import CParser

    class _CLoader(CParser, _CoreConstructor, _CoreResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CoreConstructor.__init__(self)
            _CoreResolver.__init__(self)

    _Loader: type[_CLoader | _PythonLoader] = _CLoader
except ImportError:  # pragma: no cover - PyYAML built from source without libyaml
    _Loader = _PythonLoader


@dataclass
class Marks:
    """Where each key and each value of a document starts (1-based line, column)."""

    keys: dict[Loc, Position] = field(default_factory=dict)
    values: dict[Loc, Position] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of ``loc``, or of its nearest ancestor that has one.

        With ``key=True`` a mapping entry points at its key (``promt:``) rather
        than at its value: that is where an editor looks for a wrong name.
        """
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            table = self.keys if key and end == len(loc) else self.values
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


@dataclass
class Document:
    """One parsed YAML file: its data (None when it could not be parsed) and marks."""

    path: str
    data: Any
    marks: Marks
    diagnostics: list[Diagnostic]


def load_file(file: Path, display_path: str) -> Document:
    try:
        text = file.read_text(encoding="utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        message = f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        return Document(display_path, None, Marks(), [_error(display_path, (1, 1), message)])
    return load_text(text, display_path)


def load_text(text: str, display_path: str) -> Document:
    text, pasted = pasted_spaces(text)
    problems = [
        _error(
            display_path, at, f"a non-breaking space {where} (pasted from a word processor?): type an ordinary space"
        )
        for at, where in pasted
    ]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(display_path, None, Marks(), problems)
        marks = Marks()
        _walk(node, (), marks, problems, display_path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        position, message = syntax_problem(text, _python_error(text) or exc, _fails_at)
        return Document(display_path, None, Marks(), [*problems, _error(display_path, position, message)])
    except yaml.YAMLError as exc:
        message = f"the file could not be read: {' '.join(str(exc).split())}"
        return Document(display_path, None, Marks(), [*problems, _error(display_path, (1, 1), message)])
    finally:
        loader.dispose()
    return Document(display_path, data, marks, problems)


def _python_error(text: str) -> yaml.MarkedYAMLError | None:
    """The pure-Python parser's account of a file libyaml could not read.

    Only broken files get here, so the slower parser costs nothing on a good build;
    its messages say what it expected and found ("expected <block end>, but found
    '-'"), where libyaml's are vaguer ("did not find expected key"), and
    ``syntax.py`` names the editor's mistake from them.
    """
    loader = _PythonLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _fails_at(text: str) -> int | None:
    """The 0-based line where ``text`` stops being YAML, or None if it parses (for ``syntax.py``'s guesses)."""
    loader = _PythonLoader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else 0
    except yaml.YAMLError:
        return 0
    finally:
        loader.dispose()
    return None


OPENING_QUOTES = "“‘„‚"
CLOSING_QUOTES = "”’“‘\"'"


def _walk(node: Node, loc: Loc, marks: Marks, problems: list[Diagnostic], path: str) -> None:
    marks.values[loc] = _position(node)
    if isinstance(node, MappingNode):
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            name = key_node.value
            child = (*loc, name)
            if name in seen:
                line, _ = seen[name]
                problems.append(
                    _error(
                        path,
                        _position(key_node),
                        f"duplicate key '{name}' (first given on line {line})",
                    )
                )
                continue
            seen[name] = _position(key_node)
            marks.keys[child] = _position(key_node)
            _walk(value_node, child, marks, problems, path)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), marks, problems, path)
    elif isinstance(node, ScalarNode) and not node.style:
        value = node.value.strip()
        if len(value) > 1 and value[0] in OPENING_QUOTES and value[-1] in CLOSING_QUOTES:
            problems.append(
                _error(
                    path,
                    _position(node),
                    f"typographic quotes ({value[0]} … {value[-1]}) around this value are not YAML quotes and would "
                    "show on the page: use straight quotes (\" or ') or none",
                )
            )


def _position(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _error(path: str, position: Position, message: str) -> Diagnostic:
    return Diagnostic(path, position[0], position[1], Severity.ERROR, message)
