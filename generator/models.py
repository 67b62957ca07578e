"""The content format as typed, frozen models.

These models check the shape of each file (fields, types, lengths). Rules
that need more than one field or more than one file live in ``checks.py``;
those a JSON Schema can state (one correct option on a 'single' question,
'alt' unless decorative, …) are also written into the models' schemas, so an
editor flags them as you type. The models accept exactly what the schemas
accept: a boolean is true or false (not 'yes'), a number is not text and text
is not a number. Field descriptions and examples are the editor's hover text.
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

JsonDict = dict[str, typing.Any]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
InlineMarkdown = Annotated[str, Field(json_schema_extra={"format": "inline-markdown"})]


def _whole_number(value: object) -> object:
    """66.0 is the whole number 66, as a JSON Schema 'integer' has it; 66.5 stays a float and fails."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""An integer; strict, like every field, so '66' (text) and true are not numbers."""


class Model(BaseModel):
    # Strict: YAML 1.2 reads 'yes', '"66"' and 2024 as text, text and a number,
    # and so does the JSON Schema; the models take them as written, too.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        str_strip_whitespace=False,
    )


# --- course -----------------------------------------------------------------


class Module(Model):
    title: Text = Field(
        description="Module heading in the navigation and on the home page.",
        examples=["Listening basics"],
    )
    description: InlineMarkdown | None = Field(
        None,
        description="One line under the module heading on the home page.",
        examples=["What listening is, and why customers notice it."],
    )
    lessons: list[Id] = Field(
        min_length=1,
        description="Lesson ids in order (file names in content/lessons/ without .yml); each lesson in one module.",
        examples=[["what-is-active-listening", "let-them-finish"]],
    )


class Course(Model):
    title: Text = Field(
        max_length=80,
        description="Course title: the home page heading.",
        examples=["Active listening for customer service"],
    )
    description: Markdown = Field(
        description="Shown on the home page (Markdown).",
        examples=["Short lessons on hearing what customers mean, with a quiz after each."],
    )
    language: str = Field(
        "en",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="BCP 47 tag (en, nl, …): language of the content and of every interface string.",
        examples=["en", "nl"],
    )
    audience: str | None = Field(
        None,
        description="Who the course is for, shown on the home page.",
        examples=["Counter, phone and chat staff"],
    )
    modules: list[Module] = Field(
        min_length=1,
        description="The course outline, in order.",
        examples=[[{"title": "Listening basics", "lessons": ["what-is-active-listening", "let-them-finish"]}]],
    )
    assessments: list[Id] = Field(
        default_factory=list,
        description="Quiz ids (file names in quizzes/ without .yml) listed on the home page, e.g. a final check.",
        examples=[["final-assessment"]],
    )
    checklists: list[Id] = Field(
        default_factory=list,
        description="Checklist ids (file names in content/checklists/ without .yml) listed on the home page.",
        examples=[["after-the-conversation"]],
    )


# --- lesson blocks ----------------------------------------------------------


def _block_type(name: str) -> typing.Any:
    """The 'type' field of a block model, with its hover text."""
    return Field(description=f"The block type: '{name}'.", examples=[name])


class BlockBase(Model):
    ref: ClassVar[str | None] = None
    """The kind of file the block refers to by id (a field of that name holds the id)."""

    title: Text | None = Field(
        None,
        description="A section heading above the block.",
        examples=["Why it matters"],
    )

    def texts(self) -> Iterator[str]:
        """Every text the block shows a reader (its title aside): what reading time counts."""
        yield from ()


class TextBlock(BlockBase):
    type: Literal["text"] = _block_type("text")
    body: Markdown = Field(
        description="Prose (Markdown).",
        examples=["Most customers decide within a minute whether you are **really** listening."],
    )

    def texts(self) -> Iterator[str]:
        yield self.body


class Step(Model):
    title: Text = Field(description="The step in a few words.", examples=["Let them finish"])
    body: Markdown = Field(
        description="What to do, and why (Markdown).",
        examples=["Wait until the customer has told the whole story before you answer."],
    )


class StepsBlock(BlockBase):
    type: Literal["steps"] = _block_type("steps")
    items: list[Step] = Field(
        min_length=1,
        description="The steps, in order.",
        examples=[[{"title": "Let them finish", "body": "Wait for the whole story."}]],
    )
    numbered: bool = Field(True, description="Number the steps (false: a plain list).", examples=[True, False])

    def texts(self) -> Iterator[str]:
        for step in self.items:
            yield step.title
            yield step.body


class CompareSide(Model):
    label: Text | None = Field(
        None,
        description="Column heading; defaults to 'Do' / 'Don't' in the course language.",
        examples=["Try this"],
    )
    items: list[InlineMarkdown] = Field(
        min_length=1,
        description="The points in this column.",
        examples=[["Ask what happened", "Say back what you heard"]],
    )


class CompareBlock(BlockBase):
    type: Literal["compare"] = _block_type("compare")
    do: CompareSide = Field(
        description="What to do: the left column.",
        examples=[{"items": ["Ask what happened"]}],
    )
    dont: CompareSide = Field(
        description="What not to do: the right column.",
        examples=[{"items": ["Jump to a solution"]}],
    )

    def texts(self) -> Iterator[str]:
        for side in (self.do, self.dont):
            yield side.label or ""
            yield from side.items


class DialogueLine(Model):
    speaker: Text = Field(description="Who speaks.", examples=["Customer"])
    text: Text = Field(description="What they say.", examples=["My parcel never arrived."])
    techniques: list[Text] | None = Field(
        None,
        min_length=1,
        description="Techniques shown as tags on the line.",
        examples=[["paraphrase", "open question"]],
    )


class DialogueBlock(BlockBase):
    type: Literal["dialogue"] = _block_type("dialogue")
    context: InlineMarkdown | None = Field(
        None,
        description="The situation, in one line above the conversation.",
        examples=["A customer calls about a late delivery."],
    )
    lines: list[DialogueLine] = Field(
        min_length=1,
        description="The conversation, line by line.",
        examples=[
            [
                {"speaker": "Customer", "text": "My parcel never arrived."},
                {"speaker": "You", "text": "What does the tracking say?"},
            ]
        ],
    )

    def texts(self) -> Iterator[str]:
        if self.context:
            yield self.context
        for line in self.lines:
            yield line.speaker
            yield line.text
            yield from line.techniques or ()


class QuoteBlock(BlockBase):
    type: Literal["quote"] = _block_type("quote")
    text: Text = Field(
        description="The quotation.", examples=["Most people do not listen with the intent to understand."]
    )
    author: Text = Field(description="Who said it.", examples=["Stephen Covey"])
    role: Text | None = Field(None, description="The author's role or source.", examples=["author"])

    def texts(self) -> Iterator[str]:
        yield self.text
        yield self.author
        yield self.role or ""


CalloutKind = Literal["note", "tip", "info", "example", "warning", "success", "question"]


class CalloutBlock(BlockBase):
    type: Literal["callout"] = _block_type("callout")
    kind: CalloutKind = Field(description="The kind of admonition: its colour and icon.", examples=["tip"])
    body: Markdown = Field(
        description="The callout's text (Markdown).", examples=["Write down the order number first."]
    )
    title: Text | None = Field(None, description="The admonition's own title.", examples=["Remember"])

    def texts(self) -> Iterator[str]:
        yield self.body


class ImageBlock(BlockBase):
    # 'alt' unless decorative, as checks.py has it: absent or blank is an error.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"decorative": {"const": False}}},
            "then": {"required": ["alt"], "properties": {"alt": {"type": "string", "pattern": r"\S"}}},
        }
    )

    type: Literal["image"] = _block_type("image")
    src: Text = Field(
        description="Path relative to content/, inside content/assets/, e.g. assets/scale.svg.",
        examples=["assets/scale.svg"],
    )
    alt: str | None = Field(
        None,
        description="Text alternative: what the image shows. Required unless decorative: true.",
        examples=["A scale from 1 (not listening) to 5 (fully listening)"],
    )
    decorative: bool = Field(
        False,
        description="true when the image adds nothing to the text: screen readers skip it, no alt needed.",
        examples=[True],
    )
    caption: InlineMarkdown | None = Field(
        None,
        description="Shown under the image.",
        examples=["The listening scale"],
    )

    def texts(self) -> Iterator[str]:
        if self.caption:
            yield self.caption


class ActivityBlock(BlockBase):
    type: Literal["activity"] = _block_type("activity")
    body: Markdown = Field(
        description="What to practise (Markdown).",
        examples=["In your next three calls, paraphrase the problem before you solve it."],
    )
    steps: list[InlineMarkdown] | None = Field(
        None,
        min_length=1,
        description="The activity's steps, in order.",
        examples=[["Listen", "Paraphrase", "Check"]],
    )

    def texts(self) -> Iterator[str]:
        yield self.body
        yield from self.steps or ()


class QuizBlock(BlockBase):
    ref: ClassVar[str | None] = "quiz"
    type: Literal["quiz"] = _block_type("quiz")
    quiz: Id = Field(description="A quiz id: its file name in quizzes/ without .yml.", examples=["foundations-check"])


class ChecklistBlock(BlockBase):
    ref: ClassVar[str | None] = "checklist"
    type: Literal["checklist"] = _block_type("checklist")
    checklist: Id = Field(
        description="A checklist id: its file name in content/checklists/ without .yml.",
        examples=["after-the-conversation"],
    )


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
    title: Text = Field(max_length=80, description="The lesson's heading.", examples=["Let them finish"])
    summary: InlineMarkdown = Field(
        min_length=1,
        max_length=240,
        description="One or two sentences: home page card and meta description.",
        examples=["Why interrupting costs time, and how to wait for the whole story."],
    )
    objectives: list[InlineMarkdown] = Field(
        min_length=1,
        max_length=5,
        description="After this lesson you can … (1 to 5).",
        examples=[["Let a customer finish before you answer"]],
    )
    minutes: WholeNumber | None = Field(
        None,
        ge=1,
        le=30,
        description="Reading time in minutes; computed when absent.",
        examples=[5],
    )
    tags: list[Text] = Field(default_factory=list, description="Topics of the lesson.", examples=[["phone", "chat"]])
    draft: bool = Field(False, description="Drafts are left out of the site.", examples=[True])
    blocks: list[Block] = Field(
        min_length=1,
        description="The lesson body, in order: each block has a 'type' (text, steps, compare, dialogue, quote, callout, image, activity, quiz, checklist).",
        examples=[[{"type": "text", "body": "Most customers decide within a minute whether you listen."}]],
    )
    takeaways: list[InlineMarkdown] = Field(
        default_factory=list,
        description="Key points, shown as a summary at the end.",
        examples=[["Wait for the whole story"]],
    )

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


# --- branching scenario -----------------------------------------------------


class Choice(Model):
    text: InlineMarkdown = Field(
        min_length=1,
        description="The learner's reply, as a button.",
        examples=["Let him finish, then name how annoying this is."],
    )
    next: Id = Field(description="The id of the node this reply leads to.", examples=["calmer"])
    feedback: InlineMarkdown | None = Field(
        None,
        description="Why this reply works or not: shown once it is picked.",
        examples=["Naming the feeling first lowers the temperature."],
    )
    points: WholeNumber = Field(0, ge=0, le=10, description="Points for this reply (0 to 10).", examples=[2])


MAX_CHOICES = 6

_ENDING: JsonDict = {"properties": {"ending": {"enum": ["pass", "fail"]}}, "required": ["ending"]}


STEP_FIELDS = ("speaker", "says", "choices", "context")
STEP_REQUIRED = STEP_FIELDS[:3]
ENDING_FIELDS = ("ending", "summary", "title")
ENDING_REQUIRED = ENDING_FIELDS[:2]


class Node(Model):
    # A step or an ending, never both: checks.py words it.
    model_config = ConfigDict(
        json_schema_extra={
            "if": _ENDING,
            "then": {
                "required": list(ENDING_REQUIRED),
                "properties": {f: {"type": "null"} for f in STEP_FIELDS},
            },
            "else": {
                "required": list(STEP_REQUIRED),
                "properties": {f: {"type": "null"} for f in ENDING_FIELDS},
            },
        }
    )

    id: Id = Field(
        description="The node's id, unique in the scenario: choices name it in 'next'.", examples=["opening"]
    )
    speaker: Text | None = Field(None, description="A step: who speaks.", examples=["Customer"])
    says: InlineMarkdown | None = Field(
        None,
        min_length=1,
        description="A step: what they say.",
        examples=["This thing leaks all over my shirts. I want my money back."],
    )
    context: Markdown | None = Field(
        None,
        description="A step: what the learner sees or knows at this point (Markdown).",
        examples=["He puts the iron on the counter."],
    )
    choices: list[Choice] | None = Field(
        None,
        min_length=1,
        max_length=MAX_CHOICES,
        description="A step: the learner's possible replies (1 to 6).",
        examples=[[{"text": "Explain the returns policy.", "next": "angrier"}]],
    )
    ending: Literal["pass", "fail"] | None = Field(
        None,
        description="An ending: pass or fail. Reaching a pass ending passes the scenario.",
        examples=["pass"],
    )
    summary: Markdown | None = Field(
        None,
        description="An ending (required there): what came of the conversation (Markdown).",
        examples=["He leaves with a working iron."],
    )
    title: Text | None = Field(None, description="An ending: its heading.", examples=["A customer kept"])

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


# --- quiz -------------------------------------------------------------------


class Option(Model):
    text: InlineMarkdown = Field(
        min_length=1,
        description="The choice as the learner reads it; unique within the question.",
        examples=["Ask what happened"],
    )
    correct: bool = Field(False, description="Whether this choice is right.", examples=[True])
    feedback: InlineMarkdown | None = Field(
        None,
        description="Why this choice is right or wrong: shown when chosen, and with the right answer.",
        examples=["Right: an open question lets the customer explain."],
    )


QuestionType = Literal["single", "multiple", "true_false"]

_A_CORRECT_OPTION: JsonDict = {"properties": {"correct": {"const": True}}, "required": ["correct"]}


def _when_type(types: list[str], then: JsonDict, *, default: bool) -> JsonDict:
    """A JSON Schema rule for questions of the given types (``default``: 'single' counts when 'type' is absent)."""
    condition: JsonDict = {"properties": {"type": {"enum": list(types)}}}
    if not default:
        condition["required"] = ["type"]
    return {"if": condition, "then": then}


class Question(Model):
    # The question rules of checks.py that a schema can state.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when_type(
                    ["true_false"],
                    {
                        "required": ["answer"],
                        "properties": {"answer": {"type": "boolean"}, "options": {"type": "null"}},
                    },
                    default=False,
                ),
                _when_type(
                    ["single", "multiple"],
                    {
                        "required": ["options"],
                        "properties": {
                            "options": {"type": "array"},
                            "answer": {"type": "null"},
                            "feedback_true": {"type": "null"},
                            "feedback_false": {"type": "null"},
                        },
                    },
                    default=True,
                ),
                _when_type(
                    ["single"],
                    {"properties": {"options": {"contains": _A_CORRECT_OPTION, "minContains": 1, "maxContains": 1}}},
                    default=True,
                ),
                _when_type(
                    ["multiple"],
                    {"properties": {"options": {"contains": _A_CORRECT_OPTION, "minContains": 1}}},
                    default=False,
                ),
            ]
        }
    )

    id: Id | None = Field(
        None,
        description="Stable key for saved progress, unique in the quiz; q1, q2, … by position when absent.",
        examples=["open-questions"],
    )
    type: QuestionType = Field(
        "single",
        description="single: one right option; multiple: select all that apply; true_false: a statement to judge.",
        examples=["multiple"],
    )
    scenario: Markdown | None = Field(
        None,
        description="The situation the learner is in (Markdown).",
        examples=["A customer calls: the coffee machine you sent doesn't work."],
    )
    prompt: InlineMarkdown = Field(min_length=1, description="The question.", examples=["What is the best next move?"])
    options: list[Option] | None = Field(
        None,
        min_length=2,
        max_length=8,
        description="2 to 8 choices; not on a true_false question. 'single': exactly one correct; 'multiple': at least one.",
        examples=[
            [
                {"text": "Ask what happened", "correct": True, "feedback": "Right."},
                {"text": "Send a new one", "feedback": "Too soon."},
            ]
        ],
    )
    answer: bool | None = Field(
        None,
        description="true_false only (required there): whether the prompt's statement is true.",
        examples=[False],
    )
    feedback_true: InlineMarkdown | None = Field(
        None,
        description="true_false only: shown to learners who choose True.",
        examples=["Not quite: listening saves time overall."],
    )
    feedback_false: InlineMarkdown | None = Field(
        None,
        description="true_false only: shown to learners who choose False.",
        examples=["Correct: the right fix comes at the first contact."],
    )
    explanation: Markdown | None = Field(
        None,
        description="Shown after checking, whatever was chosen (Markdown).",
        examples=["An open question finds the real problem before you choose a fix."],
    )
    shuffle: bool | None = Field(
        None,
        description="Overrides the quiz's shuffle for this question (false keeps 'All of the above' last).",
        examples=[False],
    )


def question_key(given: str | None, position: int) -> str:
    """A question's key for saved progress: its id, or q1, q2, … by position (1-based)."""
    return given if given is not None else f"q{position}"


QuizKind = Literal["questions", "branching"]

BRANCHING_ONLY = ("start", "nodes")
"""The fields of a branching scenario, which a quiz of questions may not have."""
QUESTIONS_ONLY = ("questions", "draw", "shuffle", "pass_mark")
"""The fields of a quiz of questions, which a branching scenario may not have (it passes at a pass ending)."""


def _when_kind(kind: str, then: JsonDict) -> JsonDict:
    """A JSON Schema rule for quizzes of one kind ('questions' counts when 'kind' is absent)."""
    if kind == "branching":
        return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": then}
    return {"if": {"properties": {"kind": {"const": "branching"}}, "required": ["kind"]}, "else": then}


class Quiz(Model):
    # The fields each kind needs and forbids, as checks.py words them.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when_kind(
                    "questions", {"required": ["questions"], "properties": dict.fromkeys(BRANCHING_ONLY, False)}
                ),
                _when_kind(
                    "branching", {"required": list(BRANCHING_ONLY), "properties": dict.fromkeys(QUESTIONS_ONLY, False)}
                ),
            ]
        }
    )

    kind: QuizKind = Field(
        "questions",
        description="questions: a list of questions; branching: a conversation scenario in 'start' and 'nodes'.",
        examples=["branching"],
    )
    title: Text = Field(description="The quiz's heading.", examples=["Foundations check"])
    intro: Markdown | None = Field(
        None,
        description="Shown above the questions (Markdown).",
        examples=["Four questions on the first module."],
    )
    pass_mark: WholeNumber = Field(
        80,
        ge=0,
        le=100,
        description="Percent of questions right needed to pass (0 to 100); not on a branching scenario.",
        examples=[80],
    )
    shuffle: bool = Field(
        False, description="Shuffle option order on each attempt; not on a branching scenario.", examples=[True]
    )
    # The bound goes on the number, before WholeNumber's check: else the schema carries it as an unknown "ge".
    draw: Annotated[int, Field(ge=1), BeforeValidator(_whole_number)] | None = Field(
        None,
        description="A question pool: each attempt shows this many questions, picked at random (at most the number of questions); not on a branching scenario.",
        examples=[5],
    )
    questions: list[Question] | None = Field(
        None,
        min_length=1,
        description="The questions, in order (required, except on a branching scenario).",
        examples=[[{"type": "true_false", "prompt": "Listening takes longer.", "answer": False}]],
    )
    start: Id | None = Field(
        None,
        description="Branching scenario only (required there): the id of the first node.",
        examples=["opening"],
    )
    nodes: list[Node] | None = Field(
        None,
        min_length=2,
        description="Branching scenario only (required there): its steps and endings, each with an id.",
        examples=[
            [
                {
                    "id": "opening",
                    "speaker": "Customer",
                    "says": "It leaks.",
                    "choices": [{"text": "I'm sorry to hear that.", "next": "good-end", "points": 1}],
                },
                {"id": "good-end", "ending": "pass", "summary": "He leaves happy."},
            ]
        ],
    )

    @property
    def question_keys(self) -> list[str]:
        return [question_key(q.id, n) for n, q in enumerate(self.questions or [], start=1)]

    def shuffles(self, question: Question) -> bool:
        """Whether a question's options are shuffled: its own setting, else the quiz's; True/False never."""
        own = self.shuffle if question.shuffle is None else question.shuffle
        return own and question.type != "true_false"


# --- checklist --------------------------------------------------------------


class ChecklistItem(Model):
    text: Text = Field(description="What to rate yourself on.", examples=["I let the customer finish"])
    hint: Text | None = Field(
        None, description="A smaller line under the item.", examples=["Even when I knew the answer"]
    )


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

SCALE_LENGTH = (2, 5)
"""How many ratings a checklist's scale has, unless it is [] (tick boxes)."""

# 2 to 5 different ratings, or [] for tick boxes (checks.py words the errors).
Scale = Annotated[
    list[Text],
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "minItems": SCALE_LENGTH[0],
                    "maxItems": SCALE_LENGTH[1],
                    "uniqueItems": True,
                },
                {"type": "array", "maxItems": 0},
            ]
        }
    ),
]


class ChecklistSection(Model):
    title: Text = Field(description="The section heading.", examples=["During the conversation"])
    items: list[Entry] = Field(
        min_length=1,
        description="Items: text, or {text, hint}.",
        examples=[["I let the customer finish", {"text": "I paraphrased", "hint": "In my own words"}]],
    )


class Checklist(Model):
    # Exactly one of 'items' and 'sections'.
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["items"]}, {"required": ["sections"]}]})

    title: Text = Field(description="The checklist's heading.", examples=["After the conversation"])
    intro: Markdown | None = Field(
        None,
        description="How and when to use it (Markdown).",
        examples=["Fill this in after a difficult call."],
    )
    scale: Scale | None = Field(
        None,
        description="Rating columns (2–5, each different); an empty list means tick boxes. Default: Yes, Partly, Not yet.",
        examples=[["Yes", "Partly", "Not yet"], []],
    )
    fields: list[Text] | None = Field(
        None,
        description="Write-in lines printed at the top. Default: Name, Date.",
        examples=[["Name", "Date", "Customer"]],
    )
    items: list[Entry] | None = Field(
        None,
        min_length=1,
        description="Items: text, or {text, hint}. Use either items or sections.",
        examples=[["I let the customer finish", {"text": "I paraphrased", "hint": "In my own words"}]],
    )
    sections: list[ChecklistSection] | None = Field(
        None,
        min_length=1,
        description="Titled groups of items. Use either items or sections.",
        examples=[[{"title": "During the conversation", "items": ["I let the customer finish"]}]],
    )
    outro: Markdown | None = Field(
        None,
        description="Closing advice (Markdown).",
        examples=["Pick one item to work on this week."],
    )

    @property
    def groups(self) -> list[tuple[str | None, list[ChecklistItem]]]:
        """(section title, items); a flat list is one untitled section."""
        if self.sections is not None:
            return [(s.title, list(s.items)) for s in self.sections]
        return [(None, list(self.items or []))]
