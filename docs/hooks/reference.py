"""MkDocs hook: field tables of the format reference, written from ``generator.models``.

A page asks for a table with a comment on a line of its own::

    <!-- fields: Lesson -->

and gets one row per field of that model: its name, its type in plain words,
whether it is required (or its default) and its description, with the
model's own example when it has one. Descriptions and examples come from the
models (the same text editors see in their editor's autocompletion), so the
reference cannot disagree with the code; ``FALLBACK`` words the few fields
that have no description of their own yet, and a model's description always
wins over it.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from generator import models
from generator.models import ID_PATTERN, Model

PLACEHOLDER = re.compile(r"^<!-- fields: (\w+) -->$", re.MULTILINE)

MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(models).items()
    if isinstance(value, type) and issubclass(value, Model) and value not in (Model, models.BlockBase)
}
"""Every content model by class name: what a placeholder may name."""

FALLBACK: dict[str, str] = {
    "Lesson.title": "Lesson title: the page heading and its name in the navigation.",
    "Lesson.tags": "Keywords for the lesson.",
    "TextBlock.type": "Always `text`.",
    "Step.title": "The step's name, shown as its heading.",
    "Step.body": "What to do, and why.",
    "StepsBlock.items": "The steps, in order.",
    "StepsBlock.numbered": "Number the steps (`false`: a plain list).",
    "CompareSide.items": "One line each.",
    "CompareBlock.do": "The left column: what to do.",
    "CompareBlock.dont": "The right column: what to avoid.",
    "DialogueLine.speaker": "Who speaks.",
    "DialogueLine.text": "What they say.",
    "DialogueBlock.context": "One line that sets the scene.",
    "DialogueBlock.lines": "The conversation, in order.",
    "QuoteBlock.text": "The quotation.",
    "QuoteBlock.author": "Who said it.",
    "QuoteBlock.role": "The author's role, shown after the name.",
    "CalloutBlock.kind": "The kind of box: its colour and icon.",
    "CalloutBlock.body": "The text in the box.",
    "ImageBlock.decorative": "`true` when the image adds nothing to the text: screen readers skip it.",
    "ImageBlock.caption": "A line under the image.",
    "ActivityBlock.body": "What the learner should go and do.",
    "ActivityBlock.steps": "The activity as a checklist of steps.",
    "QuizBlock.quiz": "The id of a quiz in `quizzes/`.",
    "ChecklistBlock.checklist": "The id of a checklist in `content/checklists/`.",
    "Option.text": "The answer as the learner sees it.",
    "Option.correct": "Whether this option is right.",
    "Question.type": "`single`: one right option; `multiple`: select all that apply; `true_false`: a statement.",
    "Question.options": "The answers to choose from (not on a `true_false` question).",
    "Question.feedback_true": "true_false only: feedback for a learner who chose True.",
    "Question.feedback_false": "true_false only: feedback for a learner who chose False.",
    "Quiz.title": "Quiz title: the heading of the quiz and of its own page.",
    "Quiz.intro": "Text above the first question.",
    "Quiz.questions": "The questions, in order.",
    "ChecklistItem.text": "The statement the learner rates.",
    "ChecklistItem.hint": "A smaller line under the item: an example or a reminder.",
    "ChecklistSection.title": "The section heading.",
    "ChecklistSection.items": "Its items: plain text, or `text` with a `hint`.",
    "Checklist.title": "Checklist title: the heading of its page and of the printout.",
    "Checklist.intro": "How and when to use the checklist.",
    "Checklist.items": "The items, for a checklist without sections: plain text, or `text` with a `hint`.",
    "Checklist.sections": "The items in titled groups (instead of `items`).",
    "Checklist.outro": "Closing advice under the table.",
}

_anchors: dict[str, str] = {}
"""Model name → 'page.md#anchor', filled from every page's placeholders before any page renders."""


def anchor(name: str) -> str:
    return "fields-" + re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def on_files(files: Any, config: Any) -> Any:
    _anchors.clear()
    for file in files.documentation_pages():
        text = file.content_string
        for name in PLACEHOLDER.findall(text):
            _anchors[name] = f"{file.src_uri}#{anchor(name)}"
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    here = posixpath.dirname(page.file.src_uri)

    def table(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MODELS:
            raise ValueError(f"{page.file.src_uri}: no model '{name}' in generator.models")
        return fields_table(MODELS[name], here)

    return PLACEHOLDER.sub(table, markdown)


def fields_table(model: type[BaseModel], here: str = "") -> str:
    """A Markdown table of ``model``'s fields, preceded by an anchor other tables link to."""
    schema = model.model_json_schema()
    properties = schema.get("properties", {})
    rows = [
        f'<span id="{anchor(model.__name__)}"></span>',
        "",
        "| Field | Type | Required? | What it is |",
        "|---|---|---|---|",
    ]
    for name, info in model.model_fields.items():
        prop = properties.get(name, {})
        kind = describe(prop, schema.get("$defs", {}), here)
        if info.is_required():
            need = "**required**"
        else:
            default = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
            need = "optional" if default in (None, [], PydanticUndefined) else f"optional, default {_yaml(default)}"
        text = info.description or FALLBACK.get(f"{model.__name__}.{name}", "")
        if not text and "const" in prop:
            text = "Says which kind of block this is."
        examples = info.examples or prop.get("examples")
        if examples:
            text += f" Example: {_yaml(examples[0])}"
        rows.append(f"| `{name}` | {kind} | {need} | {_cell(text)} |")
    return "\n".join(rows) + "\n"


def describe(prop: dict[str, Any], defs: dict[str, Any], here: str, plural: bool = False) -> str:
    """A JSON Schema property in plain words: 'list of ids (at least 1 item)'."""
    if "$ref" in prop:
        return _link(prop["$ref"].rsplit("/", 1)[-1], here, plural=plural)
    if "discriminator" in prop or "oneOf" in prop:
        return _link("blocks", here, text="a block")
    if "anyOf" in prop:
        members = [m for m in prop["anyOf"] if m.get("type") != "null"]
        return " or ".join(describe(m, defs, here, plural) for m in members)
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "object" and "title" in prop:
        return _link(prop["title"], here, plural=plural)
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "integer":
        return "whole number" + _range(prop.get("minimum"), prop.get("maximum"), "")
    if kind == "array":
        items = prop.get("items", {})
        if "discriminator" in items or "oneOf" in items:
            return _link("blocks", here, text="list of blocks") + _range(prop.get("minItems"), None, " items")
        item = describe(items, defs, here, plural=True)
        return f"list of {item}" + _range(prop.get("minItems"), prop.get("maxItems"), " items")
    if kind == "string":
        word = _string(prop)
        return "ids" if plural and word == "id" else word
    return "any value"


def _string(prop: dict[str, Any]) -> str:
    form = prop.get("format")
    if form == "markdown":
        word = "Markdown"
    elif form == "inline-markdown":
        word = "inline Markdown"
    elif prop.get("pattern") == ID_PATTERN:
        return "id"
    elif "pattern" in prop:
        return "language tag"
    else:
        word = "text"
    if "maxLength" in prop:
        word += f" (at most {prop['maxLength']} characters)"
    return word


def _range(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and high is not None:
        return f" ({low}–{high}{unit})"
    if low is not None and low > 0:
        return f" (at least {low}{unit if low != 1 else unit.rstrip('s')})"
    if high is not None:
        return f" (at most {high}{unit})"
    return ""


def _link(name: str, here: str, text: str | None = None, plural: bool = False) -> str:
    target = _anchors.get(name) if name != "blocks" else _anchors.get("TextBlock")
    label = text or _words(name) + ("s" if plural else "")
    if target is None:
        return label
    page, _, fragment = target.partition("#")
    if name == "blocks":
        fragment = "block-types"
    return f"[{label}]({posixpath.relpath(page, here or '.')}#{fragment})"


def _words(name: str) -> str:
    """'ChecklistSection' → 'checklist section'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str | int | float):
        return f"`{value}`"
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
