"""The content format as typed, frozen models.

These models check the shape of each file (fields, types, lengths). Rules
that need more than one field or more than one file live in ``checks.py``.
Field descriptions feed the JSON Schema that editors use for autocompletion.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
InlineMarkdown = Annotated[str, Field(json_schema_extra={"format": "inline-markdown"})]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=False,
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
    )


# --- course -----------------------------------------------------------------


class Module(Model):
    title: Text = Field(description="Module heading in the navigation and on the home page.")
    description: InlineMarkdown | None = Field(None, description="One line under the module heading.")
    lessons: list[Id] = Field(min_length=1, description="Lesson ids in order (file names without .yml).")


class Course(Model):
    title: Text = Field(max_length=80, description="Course title: the home page heading.")
    description: Markdown = Field(description="Shown on the home page.")
    language: str = Field(
        "en",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="BCP 47 tag (en, nl, …): language of the content and of every interface string.",
    )
    audience: str | None = Field(None, description="Who the course is for.")
    modules: list[Module] = Field(min_length=1, description="The course outline, in order.")
    assessments: list[Id] = Field(default_factory=list, description="Quiz ids listed on the home page.")
    checklists: list[Id] = Field(default_factory=list, description="Checklist ids listed on the home page.")


# --- lesson blocks ----------------------------------------------------------


class BlockBase(Model):
    ref: ClassVar[str | None] = None
    """The kind of file the block refers to by id (a field of that name holds the id)."""

    title: Text | None = Field(None, description="A section heading above the block.")

    def texts(self) -> Iterator[str]:
        """Every text the block shows a reader (its title aside): what reading time counts."""
        yield from ()


class TextBlock(BlockBase):
    type: Literal["text"]
    body: Markdown = Field(description="Prose.")

    def texts(self) -> Iterator[str]:
        yield self.body


class Step(Model):
    title: Text
    body: Markdown


class StepsBlock(BlockBase):
    type: Literal["steps"]
    items: list[Step] = Field(min_length=1)
    numbered: bool = True

    def texts(self) -> Iterator[str]:
        for step in self.items:
            yield step.title
            yield step.body


class CompareSide(Model):
    label: Text | None = Field(
        None,
        description="Column heading; defaults to 'Do' / 'Don't' in the course language.",
    )
    items: list[InlineMarkdown] = Field(min_length=1)


class CompareBlock(BlockBase):
    type: Literal["compare"]
    do: CompareSide
    dont: CompareSide

    def texts(self) -> Iterator[str]:
        for side in (self.do, self.dont):
            yield side.label or ""
            yield from side.items


class DialogueLine(Model):
    speaker: Text
    text: Text
    techniques: list[Text] | None = Field(None, min_length=1, description="Techniques shown as tags on the line.")


class DialogueBlock(BlockBase):
    type: Literal["dialogue"]
    context: InlineMarkdown | None = None
    lines: list[DialogueLine] = Field(min_length=1)

    def texts(self) -> Iterator[str]:
        if self.context:
            yield self.context
        for line in self.lines:
            yield line.speaker
            yield line.text
            yield from line.techniques or ()


class QuoteBlock(BlockBase):
    type: Literal["quote"]
    text: Text
    author: Text
    role: Text | None = None

    def texts(self) -> Iterator[str]:
        yield self.text
        yield self.author
        yield self.role or ""


CalloutKind = Literal["note", "tip", "info", "example", "warning", "success", "question"]


class CalloutBlock(BlockBase):
    type: Literal["callout"]
    kind: CalloutKind
    body: Markdown
    title: Text | None = Field(None, description="The admonition's own title.")

    def texts(self) -> Iterator[str]:
        yield self.body


class ImageBlock(BlockBase):
    type: Literal["image"]
    src: Text = Field(description="Path relative to content/, inside content/assets/, e.g. assets/scale.svg.")
    alt: str | None = Field(None, description="Text alternative; required unless decorative: true.")
    decorative: bool = False
    caption: InlineMarkdown | None = None

    def texts(self) -> Iterator[str]:
        if self.caption:
            yield self.caption


class ActivityBlock(BlockBase):
    type: Literal["activity"]
    body: Markdown
    steps: list[InlineMarkdown] | None = Field(None, min_length=1)

    def texts(self) -> Iterator[str]:
        yield self.body
        yield from self.steps or ()


class QuizBlock(BlockBase):
    ref: ClassVar[str | None] = "quiz"
    type: Literal["quiz"]
    quiz: Id


class ChecklistBlock(BlockBase):
    ref: ClassVar[str | None] = "checklist"
    type: Literal["checklist"]
    checklist: Id


Block = Annotated[
    TextBlock
    | StepsBlock
    | CompareBlock
    | DialogueBlock
    | QuoteBlock
    | CalloutBlock
    | ImageBlock
    | ActivityBlock
    | QuizBlock
    | ChecklistBlock,
    Field(discriminator="type"),
]

BLOCK_TYPES: dict[str, type[BlockBase]] = {
    typing.get_args(member.model_fields["type"].annotation)[0]: member
    for member in typing.get_args(typing.get_args(Block)[0])
}
"""Each block model by its 'type', read off the union above: a new block type is added there only."""


class Lesson(Model):
    title: Text = Field(max_length=80)
    summary: InlineMarkdown = Field(
        min_length=1,
        max_length=240,
        description="One or two sentences: home page card and meta description.",
    )
    objectives: list[InlineMarkdown] = Field(min_length=1, max_length=5, description="After this lesson you can …")
    minutes: int | None = Field(None, ge=1, le=30, description="Reading time; computed when absent.")
    tags: list[Text] = Field(default_factory=list)
    draft: bool = Field(False, description="Drafts are left out of the site.")
    blocks: list[Block] = Field(min_length=1, description="The lesson body, in order.")
    takeaways: list[InlineMarkdown] = Field(default_factory=list, description="Key points at the end.")

    def refs(self, kind: str) -> list[tuple[int, str]]:
        """(block index, id) of every block that refers to a ``kind`` ('quiz', 'checklist') file.

        Also works on a partial lesson (see ``validate.salvage``), whose unusable
        blocks are None and whose blocks may lack an invalid field.
        """
        return [
            (i, getattr(b, kind)) for i, b in enumerate(self.blocks)
            if b is not None and b.ref == kind and kind in b.model_fields_set
        ]  # fmt: skip

    @property
    def quiz_ids(self) -> list[str]:
        """The quizzes embedded in the lesson, in page order (a quiz may appear twice)."""
        return [ref for _, ref in self.refs("quiz")]

    def texts(self) -> Iterator[str]:
        """Every text the lesson page shows, except its embedded quizzes."""
        yield self.title
        yield self.summary
        yield from self.objectives
        for block in self.blocks:
            if block.title:
                yield block.title
            yield from block.texts()
        yield from self.takeaways


# --- quiz -------------------------------------------------------------------


class Option(Model):
    text: InlineMarkdown = Field(min_length=1)
    correct: bool = False
    feedback: InlineMarkdown | None = Field(None, description="Why this choice is right or wrong.")


QuestionType = Literal["single", "multiple", "true_false"]


class Question(Model):
    id: Id | None = Field(
        None,
        description="Stable key for saved progress; q1, q2, … by position when absent.",
    )
    type: QuestionType = "single"
    scenario: Markdown | None = Field(None, description="The situation the learner is in.")
    prompt: InlineMarkdown = Field(min_length=1, description="The question.")
    options: list[Option] | None = Field(None, min_length=2, max_length=8)
    answer: bool | None = Field(None, description="true_false only: whether the prompt's statement is true.")
    feedback_true: InlineMarkdown | None = None
    feedback_false: InlineMarkdown | None = None
    explanation: Markdown | None = Field(None, description="Shown after checking, whatever was chosen.")
    shuffle: bool | None = Field(None, description="Overrides the quiz's shuffle.")


def question_key(given: str | None, position: int) -> str:
    """A question's key for saved progress: its id, or q1, q2, … by position (1-based)."""
    return given if given is not None else f"q{position}"


class Quiz(Model):
    kind: ClassVar[str] = "questions"
    """Which template renders the quiz (templates/quizzes/<kind>.html)."""

    title: Text
    intro: Markdown | None = None
    pass_mark: int = Field(80, ge=0, le=100, description="Percent needed to pass.")
    shuffle: bool = Field(False, description="Shuffle option order on each attempt.")
    questions: list[Question] = Field(min_length=1)

    @property
    def question_keys(self) -> list[str]:
        return [question_key(q.id, n) for n, q in enumerate(self.questions, start=1)]

    def shuffles(self, question: Question) -> bool:
        """Whether a question's options are shuffled: its own setting, else the quiz's; True/False never."""
        own = self.shuffle if question.shuffle is None else question.shuffle
        return own and question.type != "true_false"


# --- checklist --------------------------------------------------------------


class ChecklistItem(Model):
    text: Text
    hint: Text | None = None


def _item_from_text(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


# An item is plain text or {text, hint}; text becomes {text} before validation so
# a wrong item gets one clear error rather than one per union member.
Entry = Annotated[
    ChecklistItem,
    BeforeValidator(_item_from_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                ChecklistItem.model_json_schema(),
            ]
        }
    ),
]


class ChecklistSection(Model):
    title: Text
    items: list[Entry] = Field(min_length=1)


class Checklist(Model):
    title: Text
    intro: Markdown | None = None
    scale: list[Text] | None = Field(
        None,
        description="Rating columns (2–5); an empty list means tick boxes. Default: Yes, Partly, Not yet.",
    )
    fields: list[Text] | None = Field(None, description="Write-in lines printed at the top. Default: Name, Date.")
    items: list[Entry] | None = Field(None, min_length=1)
    sections: list[ChecklistSection] | None = Field(None, min_length=1)
    outro: Markdown | None = None

    @property
    def groups(self) -> list[tuple[str | None, list[ChecklistItem]]]:
        """(section title, items); a flat list is one untitled section."""
        if self.sections is not None:
            return [(s.title, list(s.items)) for s in self.sections]
        return [(None, list(self.items or []))]
