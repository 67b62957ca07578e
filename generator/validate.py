"""Check one parsed file against its model and word pydantic's errors for editors.

Pydantic reports a ``loc`` such as ``('blocks', 0, 'callout', 'kind')``; the
union tag in it (``'callout'``) is not in the file, so it is dropped before
the loader's marks turn the rest into ``path:line:column``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PydanticUserError, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, Severity, closest, did_you_mean, field_path, quoted_list
from .loader import Document, Loc
from .models import BLOCK_TYPES, ID_PATTERN, Model

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """One content file: its id, its document, its model when valid, and what of it is valid.

    ``partial`` is the model when the file is valid; otherwise the parts that
    are valid on their own (see ``salvage``), or None when the file is not a
    mapping. Cross-file checks read references and ids from it, so one
    malformed field does not hide the problems of the others.
    """

    id: str
    doc: Document
    model: M | None
    partial: M | None


def validate_document(doc: Document, model: type[M], file_id: str = "") -> tuple[Parsed[M], list[Diagnostic]]:
    """``doc`` checked against ``model``, with one diagnostic per problem found."""
    if doc.data is None:
        empty = (
            []
            if doc.diagnostics
            else [Diagnostic(doc.path, *doc.marks.locate(()), Severity.ERROR, "the file is empty")]
        )
        return Parsed(file_id, doc, None, None), empty
    try:
        valid = model.model_validate(doc.data)
        return Parsed(file_id, doc, valid, valid), []
    except ValidationError as exc:
        details = _without_misspelt_missing(doc.data, model, exc.errors(include_url=False))
        found = [_diagnostic(doc, model, err) for err in details]
        return Parsed(file_id, doc, None, salvage(model, doc.data)), sorted(set(found))


# --- what of an invalid file is valid ----------------------------------------


def salvage(model: type[M], data: object) -> M | None:
    """A model built from the fields of ``data`` that are valid on their own; None if it is no mapping.

    A list that fails as a whole keeps its places: a model item is salvaged
    in turn, any other invalid item becomes None. A field with nothing valid is
    left out of ``model_fields_set``; if it is a required list it reads as [].
    """
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            item = _item_type(info.annotation)
            if item is not None and isinstance(data[name], list):
                values[name] = [_salvage_item(item, value) for value in data[name]]
    fields_set = set(values)
    for name, info in model.model_fields.items():
        if name not in values and info.is_required() and _item_type(info.annotation) is not None:
            values[name] = []
    return model.model_construct(fields_set, **values)


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info: FieldInfo = model.model_fields[name]
    return _item_adapter(Annotated[info.annotation, info])


@cache
def _item_adapter(item: Any) -> TypeAdapter[Any]:
    """A validator for one field or list item, as strict as the content models (see ``Model``)."""
    try:
        return TypeAdapter(item, config=ConfigDict(strict=Model.model_config.get("strict", False)))
    except PydanticUserError:  # a model (or an annotated one) brings its own config
        return TypeAdapter(item)


def _salvage_item(item: Any, value: object) -> Any:
    try:
        return _item_adapter(item).validate_python(value)
    except ValidationError:
        model = _pick_model(item, value)
        if isinstance(model, type) and issubclass(model, Model):
            return salvage(model, value if isinstance(value, dict) else {})
        return None


def _without_misspelt_missing(data: Any, model: type[BaseModel], details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "missing 'prompt'" when the same mapping has 'promt': one mistake, one message."""
    suggested: set[Loc] = set()
    for err in details:
        if err["type"] == "extra_forbidden":
            loc = _data_loc(data, err["loc"])
            match = closest(str(loc[-1]), _allowed_keys(model, data, loc[:-1]))
            if match:
                suggested.add((*loc[:-1], match))
    return [e for e in details if not (e["type"] == "missing" and _data_loc(data, e["loc"]) in suggested)]


def _diagnostic(doc: Document, model: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    loc = _data_loc(doc.data, err["loc"])
    kind = err["type"]
    message, point_at_key = _message(doc.data, model, loc, err)
    if kind == "invalid_key":  # the marks name keys as written: '1', not 1
        loc = (*loc[:-1], str(err["input"]))
    if kind in ("union_tag_invalid",):
        loc = (*loc, "type")
    line, col = doc.marks.locate(loc, key=point_at_key)
    return Diagnostic(doc.path, line, col, Severity.ERROR, message)


def _data_loc(data: Any, loc: Sequence[str | int]) -> Loc:
    """Keep the parts of pydantic's loc that exist in the data (drops union tags).

    A block's tag comes right after its index and equals its 'type'; it is
    dropped by position, since a 'quiz' block also has a 'quiz' key. Other
    union members (checklist items) are named by class and never match a key.
    A final part that is absent (a missing field) is kept: it names the field.
    """
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        is_block_tag = (
            i >= 2 and loc[i - 2] == "blocks" and isinstance(loc[i - 1], int) and isinstance(node, dict)
            and part == node.get("type") and part in BLOCK_TYPES
        )  # fmt: skip
        if is_block_tag:
            continue
        child = _child(node, part)
        if child is not _ABSENT:
            out.append(part)
            node = child
        elif i == len(loc) - 1:
            out.append(part)
    return tuple(out)


_ABSENT = object()


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` when the data has it, else ``_ABSENT``."""
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT


def _message(data: Any, model: type[BaseModel], loc: Loc, err: ErrorDetails) -> tuple[str, bool]:
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err["input"]
    name = field_path(loc) or "the file"
    parent = field_path(loc[:-1])
    where = f" in {parent}" if parent else ""
    if kind == "missing":
        return (
            f"missing required field '{loc[-1]}'{where}{_block_note(data, loc[:-1])}",
            False,
        )
    if kind == "invalid_key":
        return (
            f"'{value}' is not a field name{where}: field names are words such as 'title' "
            "(text that starts with a number belongs after the colon, in quotes)",
            True,
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, data, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = f"; expected one of {quoted_list(sorted(allowed))}"
        return (
            f"unknown key '{loc[-1]}'{where}{_block_note(data, loc[:-1])}{hint}",
            True,
        )
    if kind == "union_tag_invalid":
        tags = list(BLOCK_TYPES)
        hint = did_you_mean(str(ctx.get("tag")), tags) or f"; expected one of {quoted_list(tags)}"
        return f"unknown block type '{ctx.get('tag')}' in {name}{hint}", False
    if kind == "union_tag_not_found":
        return (
            f"{name} has no 'type'; expected one of {quoted_list(BLOCK_TYPES)}",
            False,
        )
    if kind == "literal_error":
        expected = [e.strip().strip("'") for e in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), expected)
        return (
            f"{name} must be one of {quoted_list(expected)}, found {_show(value)}{hint}",
            False,
        )
    if kind == "string_too_long":
        return (
            f"{name} is {len(value)} characters long; at most {ctx['max_length']} allowed",
            False,
        )
    if kind == "string_too_short":
        return f"{name} must not be empty", False
    if kind == "too_short":
        need = ctx["min_length"]
        return (
            f"{name} must have at least {_items(need)}, found {ctx.get('actual_length', 0)}",
            False,
        )
    if kind == "too_long":
        return (
            f"{name} must have at most {_items(ctx['max_length'])}, found {ctx.get('actual_length')}",
            False,
        )
    if kind == "string_type":
        return f"{name} must be text, found {_show(value)}{_text_hint(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false, found {_show(value)}{_bool_hint(value)}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, found {_show(value)}{_number_hint(value)}", False
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"{name} must be at least {ctx.get('ge', ctx.get('gt'))}, found {_show(value)}",
            False,
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"{name} must be at most {ctx.get('le', ctx.get('lt'))}, found {_show(value)}",
            False,
        )
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return (
                f"{name} {_show(value)} is not a valid id: use lowercase letters, digits and single "
                "hyphens, e.g. 'refund-check'"
            ), False
        return (
            f"{name} must be a language tag such as 'en' or 'nl', found {_show(value)}",
            False,
        )
    if kind == "list_type":
        return f"{name} must be a list, found {_show(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} must be a mapping of fields, found {_show(value)}", False
    return f"{name}: {err['msg']}", False


def _show(value: Any) -> str:
    """A found value as an editor would recognise it — never a Python repr of a container."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return str(value)


# What editors write for true and false, and what YAML 1.2 (and so the schema) reads as text or a number.
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})


def _bool_hint(value: Any) -> str:
    """': write `true` (or `false`)' when a value plainly means one of them: 'yes', on, 1, '"true"'."""
    word = str(value).strip().lower() if isinstance(value, str | int) and not isinstance(value, bool) else None
    if isinstance(value, str) and word in ("true", "false"):  # YAML reads a bare true as a boolean: it was quoted
        return f": write `{word}` without quotes"
    if word in _TRUE_WORDS:
        return ": write `true` (or `false`)"
    if word in _FALSE_WORDS:
        return ": write `false` (or `true`)"
    return ""


def _number_hint(value: Any) -> str:
    """': write it without quotes' for a number written as text ('66')."""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return ": write it without quotes"
    return ""


def _text_hint(value: Any) -> str:
    """': put it in quotes' for a number, true or false where text belongs (title: 2024)."""
    if isinstance(value, bool | int | float):
        return ": put it in quotes"
    return ""


def _items(n: int) -> str:
    return "1 item" if n == 1 else f"{n} items"


def _block_note(data: Any, loc: Loc) -> str:
    """' (a 'text' block)' when loc is a lesson block: allowed keys depend on its type."""
    if len(loc) == 2 and loc[0] == "blocks":
        node = _at(data, loc)
        if isinstance(node, dict) and node.get("type") in BLOCK_TYPES:
            return f" (block type '{node['type']}')"
    return ""


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _allowed_keys(model: type[BaseModel], data: Any, loc: Loc) -> list[str]:
    """Field names of the model that validates the mapping at ``loc``."""
    current: Any = model
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
        current = _pick_model(current, _at(data, loc[: depth + 1]))
    current = _pick_model(current, _at(data, loc))
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> list[Any]:
    tp = _strip(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [_strip(a) for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


def _item_type(tp: Any) -> Any:
    for member in _members(tp):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def _pick_model(tp: Any, node: Any) -> Any:
    """Resolve unions: a block by its 'type', otherwise the single model member."""
    members = _members(tp)
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    if isinstance(node, dict) and isinstance(node.get("type"), str) and node["type"] in BLOCK_TYPES and len(models) > 1:
        return BLOCK_TYPES[node["type"]]
    if len(models) == 1:
        return models[0]
    return members[0] if len(members) == 1 else tp
