"""YAML → plain data plus the line/column of every key and value.

Content is read with the YAML 1.2 core schema, not PyYAML's default 1.1 one:
editors write ``scale: [Yes, Partly, Not yet]`` and ``language: no`` and mean
text, not booleans. PyYAML's C parser (libyaml) reads the files;
the pure-Python one explains the broken ones.
"""

from __future__ import annotations

import codecs
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
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, size_text
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
    _LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built from source without libyaml
    _Loader = _PythonLoader
    _LIBYAML = False


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
    source: str | None = None
    """The text the data was read from: the marks can be read again from it."""

    def __reduce__(self) -> tuple[Any, ...]:
        """A document read in a worker process comes back without its marks, which are most of its
        pickled size and time, and which only a problem to report ever looks at: they are read
        again from the source when one does."""
        if self.source is None:
            return (Document, (self.path, self.data, self.marks, self.diagnostics))
        return (Document, (self.path, self.data, _MarksReadAgain(self.source), self.diagnostics, self.source))


class _MarksReadAgain(Marks):
    """Marks read from a document's source on first use."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self._source: str | None = source

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        if self._source is not None:
            found = load_text(self._source, "").marks
            self.keys, self.values, self._source = found.keys, found.values, None
        return super().locate(loc, key=key)


def load_file(file: Path, display_path: str) -> Document:
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:  # checked before reading: a huge file is never loaded into memory
        message = (
            f"this file is {size_text(size)}, over the limit of {size_text(MAX_FILE_BYTES)} for one content file: "
            "split it into several lessons, quizzes or checklists"
        )
        return Document(display_path, None, Marks(), [_error(display_path, (1, 1), message)])
    raw = file.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "file is saved as UTF-16 text; save it as UTF-8 (in the editor's 'Save as' or 'Encoding' menu)"
        return Document(display_path, None, Marks(), [_error(display_path, (1, 1), message)])
    try:
        text = raw.decode("utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        message = f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        return Document(display_path, None, Marks(), [_error(display_path, (1, 1), message)])
    return load_text(text, display_path)


def load_text(text: str, display_path: str) -> Document:
    source = text
    text, pasted = pasted_spaces(text)
    problems = [
        _error(
            display_path, at, f"a non-breaking space {where} (pasted from a word processor?): type an ordinary space"
        )
        for at, where in pasted
    ]
    unprintable = _unprintable(text)
    if unprintable:
        return Document(display_path, None, Marks(), [*problems, _error(display_path, *unprintable)])
    # Composing recurses once per level (in C with the C parser, where too deep a file crashes the
    # process): a file that might nest deeper than the parsers can take is measured as events first.
    deep = _too_deep(text) if _nesting_bound(text) > _SAFE_TO_COMPOSE else None
    if deep:
        return Document(display_path, None, Marks(), [*problems, _error(display_path, deep, _too_deep_message())])
    quick = _read_plain(text, display_path)
    if quick is not None:
        data, marks, found = quick
        return Document(display_path, data, marks, [*problems, *found], source)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # not expected below _SAFE_TO_COMPOSE, but never a traceback
            at = _too_deep(text) or (1, 1)
            return Document(display_path, None, Marks(), [*problems, _error(display_path, at, _too_deep_message())])
        if node is None:
            return Document(display_path, None, Marks(), problems)
        beyond = _beyond_limits(node)
        if beyond:
            return Document(display_path, None, Marks(), [*problems, _error(display_path, *beyond)])
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
    return Document(display_path, data, marks, problems, source)


class _Unusual(Exception):
    """The file uses something ``_read_plain`` leaves to the composer."""


_RESOLVER = _CoreResolver()
_CONSTRUCTOR = _CoreConstructor()
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


def _read_plain(text: str, path: str) -> tuple[Any, Marks, list[Diagnostic]] | None:
    """Data, marks and problems of an ordinary file in one pass over libyaml's events; None otherwise.

    Composing a node tree, measuring it against the limits, walking it for
    marks and constructing it were four passes, most of the time a course
    takes to validate. Content files are almost always plain mappings, lists
    and texts, so those are read here straight from the event stream. Anything
    else (anchors and aliases, explicit tags, merge keys, complex keys, nesting
    or size near the limits, several documents, a syntax error) returns None
    and takes the full path, which alone words those problems; a test checks
    that both paths agree on every file they both read.
    """
    if not _LIBYAML:  # pragma: no cover - without libyaml the full path is as fast
        return None
    reader = _PlainReader(CParser(text), path)
    parser = reader.parser
    try:
        if type(parser.get_event()) is not yaml.StreamStartEvent:
            raise _Unusual
        if type(parser.get_event()) is not yaml.DocumentStartEvent:
            raise _Unusual  # an empty file: the full path says so
        root = reader.value(parser.get_event(), (), False, 0)
        if len(reader.marks.values) + len(reader.marks.keys) + reader.quiet_values > MAX_VALUES:
            raise _Unusual  # over the limit: the full path says where
        if type(parser.get_event()) is not yaml.DocumentEndEvent or type(parser.get_event()) is not yaml.StreamEndEvent:
            raise _Unusual  # a second document: the full path says so
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        parser.dispose()
    return root, reader.marks, reader.problems


class _PlainReader:
    """What ``_read_plain`` builds while it walks one file's events."""

    def __init__(self, parser: Any, path: str) -> None:
        self.parser = parser
        self.path = path
        self.marks = Marks()
        self.problems: list[Diagnostic] = []
        self.quiet_values = 0
        """Values a duplicate key's value holds, which have no marks."""

    def value(self, event: Any, loc: Loc, quiet: bool, depth: int) -> Any:
        """One value and everything in it, ``event`` being its first event.

        ``quiet`` is set inside a duplicate key's value, which keeps no marks (the
        first one's stand, as in ``_walk``); its values are counted in ``quiet_values``.
        """
        if event.anchor is not None or (event.tag is not None and event.tag != "!") or depth > _PLAIN_DEPTH:
            raise _Unusual  # anchors, aliases, tags and deep nesting: the composer's business
        kind = type(event)
        mark = event.start_mark
        if quiet:
            self.quiet_values += 1
        else:
            self.marks.values[loc] = (mark.line + 1, mark.column + 1)
        if kind is yaml.ScalarEvent:
            text: str = event.value
            if not quiet and not event.style and text[:1] in OPENING_QUOTES:  # plain scalars start with no space
                found = _typographic_quotes(text)
                if found:
                    self.problems.append(_error(self.path, (mark.line + 1, mark.column + 1), found))
            if not event.implicit[0] or text[:1] not in _TYPED_STARTS:
                return text  # quoted, or plain text no implicit type starts with: the common case
            return _scalar(event)
        if kind is yaml.SequenceStartEvent:
            return self._sequence(loc, quiet, depth)
        if kind is yaml.MappingStartEvent:
            return self._mapping(loc, quiet, depth)
        raise _Unusual  # an alias

    def _sequence(self, loc: Loc, quiet: bool, depth: int) -> list[Any]:
        items: list[Any] = []
        while True:
            event = self.parser.get_event()
            if type(event) is yaml.SequenceEndEvent:
                return items
            items.append(self.value(event, (*loc, len(items)), quiet, depth + 1))

    def _mapping(self, loc: Loc, quiet: bool, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        seen: dict[str, Position] = {}
        while True:
            event = self.parser.get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent:
                return mapping
            if kind is not yaml.ScalarEvent or event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unusual  # a complex key, or a key with an anchor or a tag
            name: str = event.value
            key = name if name[:1] not in _TYPED_STARTS else _scalar(event)
            duplicate = quiet
            if quiet:
                self.quiet_values += 1
            else:
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1)
                if name in seen:
                    self.problems.append(_duplicate_key(self.path, position, name, seen[name]))
                    self.quiet_values += 1
                    duplicate = True
                else:
                    seen[name] = position
                    self.marks.keys[(*loc, name)] = position
            mapping[key] = self.value(self.parser.get_event(), (*loc, name), duplicate, depth + 1)


_PLAIN_DEPTH = min(MAX_DEPTH, 40)
"""Nesting the event reader takes on; deeper files go the full path, which applies ``MAX_DEPTH``."""


def _scalar(event: Any) -> Any:
    """The value of a scalar, typed as the core schema says; '<<' (a merge key) is left to the full path."""
    value: str = event.value
    tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _STR:
        return value
    if tag == _MERGE:
        raise _Unusual
    return _CONSTRUCTOR.construct_object(ScalarNode(tag, value, event.start_mark, event.end_mark, event.style))


_TYPED_STARTS = frozenset(_CoreResolver.yaml_implicit_resolvers)
"""First characters (and '' for an empty value) that may begin a value of another type than text."""


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
    except (yaml.YAMLError, RecursionError):
        return 0
    finally:
        loader.dispose()
    return None


def _too_deep_message() -> str:
    return (
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here, over the limit of {MAX_DEPTH}: "
        "a content file needs only a few levels; check the indentation and the brackets [ ] { }"
    )


def _beyond_limits(root: Node) -> tuple[Position, str] | None:
    """Where the composed document crosses the nesting or size limit, and which; None within both.

    Aliases share the anchored node, so the tree is small even for an alias
    bomb; counting each visit expands it as the data would, and stops at
    ``MAX_VALUES``, so the count itself stays cheap.
    """
    seen: set[int] = set()
    ancestors: set[int] = set()
    count = 0

    def visit(node: Node, depth: int, alias_at: Position | None) -> tuple[Position, str] | None:
        nonlocal count
        count += 1
        if id(node) in ancestors:
            return alias_at or _position(node), (
                "an alias (*name) inside the value of its own anchor (&name) repeats that value forever: "
                "write the values out instead"
            )
        if depth > MAX_DEPTH:
            return alias_at or _position(node), _too_deep_message()
        if count > MAX_VALUES:
            if alias_at:
                return alias_at, (
                    f"the aliases (*name) here repeat their anchors (&name) so often that this file would hold more "
                    f"than {MAX_VALUES:,} values, over the limit of {MAX_VALUES:,}: write the values out instead"
                )
            return _position(node), (
                f"this file holds more than {MAX_VALUES:,} values, over the limit of {MAX_VALUES:,} for one "
                "content file: split it into several lessons, quizzes or checklists"
            )
        seen.add(id(node))
        children: list[tuple[Node, Position]] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                children += [(key, _position(key)), (value, _position(key))]
        elif isinstance(node, SequenceNode):
            children = [(item, _position(item) if id(item) not in seen else _position(node)) for item in node.value]
        ancestors.add(id(node))
        for child, used_at in children:
            # A node met again was reached through an alias: report the first such use on the path.
            found = visit(child, depth + 1, alias_at or (used_at if id(child) in seen else None))
            if found:
                return found
        ancestors.discard(id(node))
        return None

    return visit(root, 0, None)


_SAFE_TO_COMPOSE = 300
"""Nesting both parsers compose without trouble (PyYAML's Python composer stops near 490 levels)."""


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of how deep ``text`` nests.

    In block style every level starts further right, so a node's depth is at
    most its column; each flow bracket adds at most one level.
    """
    longest = max(map(len, text.split("\n")), default=0)
    return longest + text.count("[") + text.count("{") + 1


def _too_deep(text: str) -> Position | None:
    """Where ``text`` first nests deeper than ``MAX_DEPTH``, read as a stream of events (which needs no recursion)."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # a syntax error before the limit: composing reports it
    finally:
        loader.dispose()
    return None


def _unprintable(text: str) -> tuple[Position, str] | None:
    """The first character YAML forbids in a file (a control character pasted with text), and where it is."""
    found = _NON_PRINTABLE.search(text)
    if not found:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return (line, column), (
        f"an invisible control character (U+{ord(found.group()):04X}) that a text file cannot hold: "
        "delete it (it was probably pasted along with the text)"
    )


_NON_PRINTABLE = Reader.NON_PRINTABLE


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
                problems.append(_duplicate_key(path, _position(key_node), name, seen[name]))
                continue
            seen[name] = _position(key_node)
            marks.keys[child] = _position(key_node)
            _walk(value_node, child, marks, problems, path)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), marks, problems, path)
    elif isinstance(node, ScalarNode) and not node.style:
        found = _typographic_quotes(node.value)
        if found:
            problems.append(_error(path, _position(node), found))


def _duplicate_key(path: str, at: Position, name: str, first: Position) -> Diagnostic:
    return _error(path, at, f"duplicate key '{name}' (first given on line {first[0]})")


def _typographic_quotes(text: str) -> str | None:
    value = text.strip()
    if len(value) > 1 and value[0] in OPENING_QUOTES and value[-1] in CLOSING_QUOTES:
        return (
            f"typographic quotes ({value[0]} … {value[-1]}) around this value are not YAML quotes and would "
            "show on the page: use straight quotes (\" or ') or none"
        )
    return None


def _position(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _error(path: str, position: Position, message: str) -> Diagnostic:
    return Diagnostic(path, position[0], position[1], Severity.ERROR, message)
