"""The kit and tip formats (schema 1): what an author may write, with its constraints.

Validation lives here as types and a few cross-field rules; positions, messages and hints are
added by the loader, which knows the source file.
"""

from __future__ import annotations

import hashlib

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .text import LocalizedText

SCHEMA_VERSION = 1
#: `\Z`, not `$`: `$` also matches before a final line break ("abc\n").
ID_PATTERN = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
#: Ids become file names, URLs and PDF names; longer ones help no reader.
MAX_ID_LENGTH = 64
ID_HINT = (f"use lowercase letters, digits and single hyphens, at most {MAX_ID_LENGTH} "
           "characters, e.g. 'stay-interview'")


#: Bounds of one kit, so that every accepted kit renders its sheets in seconds.
MAX_QUESTIONS_PER_KIT = 200
MAX_PHASES = 12
#: A kit's `duration:` in minutes, at least and at most.
MIN_DURATION, MAX_DURATION = 5, 480
MAX_TIPS_PER_KIT = 30


def is_valid_id(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.match(value) is not None

Text = Annotated[LocalizedText, Field(description="Text, or {nl: ..., en: ...} per language")]
#: Items in one list of texts (probes, preparation, agreements, ...): a sheet lists them all.
MAX_LIST_ITEMS = 12
TextList = Annotated[list[Text], Field(default_factory=list, max_length=MAX_LIST_ITEMS)]


class KitType(str, enum.Enum):
    """The kinds of conversation the guide knows; `other` for anything else.

    Like every key and value of the format, the values are English identifiers; readers see
    the label of their language (locales: kit_type.*).
    """

    CHECK_IN = "check-in"
    PERFORMANCE_REVIEW = "performance-review"
    DEVELOPMENT_TALK = "development-talk"
    STAY_INTERVIEW = "stay-interview"
    EXIT_INTERVIEW = "exit-interview"
    WELLBEING = "wellbeing"
    ABSENCE = "absence"
    OTHER = "other"


class Theme(str, enum.Enum):
    """The three-part split of a good conversation (the first accelerator)."""

    PERSONAL = "personal"
    CURRENT_ROLE = "current-role"
    GROWTH = "growth"


def _labelled(what: str, values: type[enum.Enum], group: str) -> str:
    """A field description listing each value with what Dutch and English readers see for it,
    so editors show the labels while the values stay identifiers."""
    from .i18n import translator

    shown = "; ".join(f"{member.value} = {translator('nl')(f'{group}.{member.value}')} / "
                      f"{translator('en')(f'{group}.{member.value}')}" for member in values)
    return f"{what}: {shown}"


#: Spellings of earlier versions, still read (with a deprecation warning naming the new one).
DEPRECATED_VALUES: dict[str, dict[str, str]] = {
    "type": {"functioneringsgesprek": KitType.PERFORMANCE_REVIEW.value,
             "ontwikkelgesprek": KitType.DEVELOPMENT_TALK.value,
             "exitgesprek": KitType.EXIT_INTERVIEW.value,
             "welzijnsgesprek": KitType.WELLBEING.value,
             "verzuimgesprek": KitType.ABSENCE.value},
    "theme": {"persoonlijk": Theme.PERSONAL.value, "huidige-rol": Theme.CURRENT_ROLE.value,
              "groei-en-ontwikkeling": Theme.GROWTH.value},
}


#: A question's own stable id, e.g. from an imported question bank ("q-017", "B12").
QUESTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
QuestionId = Annotated[str, Field(pattern=QUESTION_ID_PATTERN, description=(
    "Optional stable id of the question, unique in the kit; shown nowhere, kept through "
    "imports and used to match translations"))]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


#: On the praatplaat or not: true puts the question on the plate, false keeps it off; left out,
#: Gesprekskit chooses (see ``sheets/poster_content.py``).
OnPlate = Annotated[bool | None, Field(
    default=None, description="true: this question goes on the praatplaat (the conversation "
    "canvas the employee fills in beforehand); false: never. Left out: Gesprekskit chooses up to "
    "two preparation questions per phase and leaves out closing questions and the closing phase.")]


class OpenQuestion(StrictModel):
    """An open question, with optional follow-up probes to go deeper."""

    kind: Literal["open"] = "open"
    id: QuestionId | None = None
    text: Text
    probes: TextList
    praatplaat: OnPlate


class ClosingQuestion(StrictModel):
    """A question that rounds the conversation off."""

    kind: Literal["closing"]
    id: QuestionId | None = None
    text: Text
    probes: TextList
    praatplaat: OnPlate


class ScaleQuestion(StrictModel):
    """A question answered with a number on a scale, e.g. a grade from 1 to 10."""

    kind: Literal["scale"]
    id: QuestionId | None = None
    text: Text
    probes: TextList
    praatplaat: OnPlate
    min: int = Field(default=1, ge=0, le=10)
    max: int = Field(default=10, ge=1, le=11)
    min_label: Text | None = None
    max_label: Text | None = None

    @model_validator(mode="after")
    def _check_range(self) -> ScaleQuestion:
        if not 1 <= self.max - self.min <= 10:
            raise PydanticCustomError(
                "scale_range", "a scale from {min} to {max} does not work: max must be above min, "
                "with at most 11 steps", {"min": self.min, "max": self.max})
        return self

    @property
    def steps(self) -> list[int]:
        return list(range(self.min, self.max + 1))


class ChoiceQuestion(StrictModel):
    """A question with a few given answers to choose from."""

    kind: Literal["choice"]
    id: QuestionId | None = None
    text: Text
    probes: TextList
    praatplaat: OnPlate
    options: Annotated[list[Text], Field(min_length=2, max_length=12)]
    multiple: bool = False


def _question_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = value.get("kind", "open")
        return kind if kind in QUESTION_KINDS else None
    return getattr(value, "kind", None)


Question = Annotated[
    Union[
        Annotated[OpenQuestion, Tag("open")],
        Annotated[ScaleQuestion, Tag("scale")],
        Annotated[ChoiceQuestion, Tag("choice")],
        Annotated[ClosingQuestion, Tag("closing")],
    ],
    Discriminator(
        _question_kind,
        custom_error_type="question_kind",
        custom_error_message="'kind' must be one of: open, scale, choice, closing",
    ),
]
QUESTION_KINDS = {"open": OpenQuestion, "scale": ScaleQuestion, "choice": ChoiceQuestion,
                  "closing": ClosingQuestion}


class Phase(StrictModel):
    """One step of the conversation, in order."""

    title: Text
    aim: Text | None = None
    minutes: int | None = Field(default=None, ge=1, le=240)
    theme: Theme | None = Field(default=None, description=_labelled("Theme", Theme, "theme"))
    praatplaat: Annotated[bool | None, Field(
        default=None, description="false keeps every question of this phase off the praatplaat; "
        "true puts them all on it (a question's own praatplaat setting wins)")]
    questions: Annotated[list[Question], Field(min_length=1)]


class Purpose(StrictModel):
    description: Text
    for_employee: TextList
    for_employer: TextList


class Cycle(StrictModel):
    """The rhythm in a form the year overview can place: every N months, fixed months, or on
    triggers only."""

    every_months: int | None = Field(default=None, ge=1, le=12)
    months: list[Annotated[int, Field(ge=1, le=12)]] | None = None
    on_trigger: bool = False

    @model_validator(mode="after")
    def _exactly_one(self) -> Cycle:
        chosen = [self.every_months is not None, self.months is not None, self.on_trigger]
        if sum(chosen) != 1:
            raise PydanticCustomError(
                "cycle_choice", "the cycle needs exactly one of every_months, months or on_trigger")
        return self

    def months_in_year(self) -> list[int]:
        if self.every_months:
            return list(range(1, 13, self.every_months))
        return sorted(set(self.months or []))


class TriggerCategory(str, enum.Enum):
    """Kinds of situation that call for a conversation; the trigger finder groups by them. The
    first three are the triggers of good practice: a goal evaluation, feedback, a reflection."""

    GOAL_EVALUATION = "goal-evaluation"
    FEEDBACK = "feedback"
    REFLECTION = "reflection"
    CHANGE = "change"
    SIGNALS = "signals"
    PERSONAL_LIFE = "personal-life"
    ABSENCE = "absence"
    LEAVING = "leaving"
    REQUEST = "request"
    SCHEDULED = "scheduled"


class Trigger(StrictModel):
    """A situation that calls for this conversation, with the kind of situation it is."""

    situation: Text
    category: TriggerCategory = Field(description=_labelled(
        "Kind of situation, for the trigger finder", TriggerCategory, "trigger_category"))


#: Union tags: error locations drop them (validation_messages.UNION_TAGS), so they are words
#: no kit key uses.
TRIGGER_FORMS = ("situation-with-category", "plain-trigger")


def _trigger_form(value: Any) -> str:
    """A mapping with `situation:` or `category:` is the categorised form (a category alone
    is then reported as a missing situation), any other a text (`{nl: ..., en: ...}`)."""
    if isinstance(value, Trigger) or (isinstance(value, dict)
                                      and ("situation" in value or "category" in value)):
        return TRIGGER_FORMS[0]
    return TRIGGER_FORMS[1]


#: A trigger: a plain text, or a situation with its category (both forms may be mixed).
TriggerItem = Annotated[
    Union[Annotated[Trigger, Tag(TRIGGER_FORMS[0])], Annotated[Text, Tag(TRIGGER_FORMS[1])]],
    Discriminator(_trigger_form)]


class When(StrictModel):
    rhythm: Text
    cycle: Cycle | None = None
    triggers: Annotated[list[TriggerItem], Field(default_factory=list, max_length=MAX_LIST_ITEMS,
                                                 description=(
        "Situations that call for this conversation: a text, or {situation: text, category: "
        "kind} so the trigger finder can group it"))]

    @property
    def situations(self) -> list[LocalizedText]:
        """The triggers' texts, whichever form they were written in."""
        return [item.situation if isinstance(item, Trigger) else item for item in self.triggers]


class Preparation(StrictModel):
    manager: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    employee: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST_ITEMS)]


class FollowUp(StrictModel):
    record: TextList
    agreements: TextList
    support: TextList
    next: Text | None = None
    next_conversation: bool = Field(
        True, description="Whether the follow-up form asks for the date of a next conversation; "
                          "false for a conversation with no follow-up, such as an exit interview")
    review_previous: bool | None = Field(
        None, description="Whether the preparation sheet and the praatplaat start with last "
                          "time's agreements and their status (done / ongoing / dropped). "
                          "Default: yes for a recurring kit (when.cycle every_months or months), "
                          "no otherwise")
    bring_next: TextList = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS,
        description="What to bring to the next conversation, printed at the end of the "
                    "follow-up form (a sensible default when empty); only with next_conversation")


class KitDocument(StrictModel):
    """One conversation kit, as written in kits/<kit-id>.yml."""

    format_version: Literal[1] = Field(alias="schema", description="Format version; always 1")
    title: Text
    summary: Text
    type: KitType = Field(description=_labelled("Kind of conversation", KitType, "kit_type"))
    section: Text | None = Field(default=None, description=(
        "Optional group of the kit in the guide's navigation, e.g. {nl: Team, en: Team}; "
        "used when the guide has more than 15 kits (kits without one are grouped by type)"))
    duration: int = Field(ge=MIN_DURATION, le=MAX_DURATION,
                          description="Length of the conversation in minutes")
    participants: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    purpose: Purpose
    when: When
    preparation: Preparation
    phases: Annotated[list[Phase], Field(min_length=1, max_length=MAX_PHASES)]
    tips: list[str] = Field(default_factory=list, max_length=MAX_TIPS_PER_KIT,
                            description="Ids of tips in kits/tips/")
    follow_up: FollowUp

    def reviews_previous(self) -> bool:
        """Whether the sheets carry last time's agreements: as the kit says, or by default when
        the conversation recurs on a rhythm (a one-off or trigger-led conversation has no
        "last time" to look back on)."""
        if self.follow_up.review_previous is not None:
            return self.follow_up.review_previous
        cycle = self.when.cycle
        return cycle is not None and (cycle.every_months is not None or cycle.months is not None)

    @field_validator("phases")
    @classmethod
    def _bounded_questions(cls, phases: list[Phase]) -> list[Phase]:
        count = sum(len(phase.questions) for phase in phases)
        if count > MAX_QUESTIONS_PER_KIT:
            raise ValueError(f"the kit has {count} questions; at most {MAX_QUESTIONS_PER_KIT} "
                             "fit a conversation and its sheets (split it into two kits)")
        return phases


class TipDocument(StrictModel):
    """One tip, as written in kits/tips/<tip-id>.yml."""

    format_version: Literal[1] = Field(alias="schema", description="Format version; always 1")
    title: Text
    category: Text
    body: Text
    kits: list[str] = Field(default_factory=list, description="Ids of the kits it relates to")
    order: int | None = Field(default=None, ge=1, le=999,
                              description="Place on the tips page (1 first); tips without one "
                                          "follow, sorted by title")


@dataclass(frozen=True)
class QuestionRef:
    """A question with its place in the kit, for the question bank and the cards."""

    number: str
    phase_index: int
    phase: Phase
    question: OpenQuestion | ScaleQuestion | ChoiceQuestion | ClosingQuestion


@dataclass
class Kit:
    """A validated kit with its id and the file it came from."""

    id: str
    path: Path
    document: KitDocument
    source: Any = field(default=None, repr=False, compare=False)  # positions (SourceDocument)

    @property
    def digest(self) -> str:
        return source_digest(self.source, self.path)

    def questions(self) -> list[QuestionRef]:
        refs = []
        for phase_index, phase in enumerate(self.document.phases):
            for index, question in enumerate(phase.questions):
                refs.append(QuestionRef(f"{phase_index + 1}.{index + 1}", phase_index, phase,
                                        question))
        return refs


@dataclass
class Tip:
    """A validated tip with its id and the file it came from."""

    id: str
    path: Path
    document: TipDocument
    source: Any = field(default=None, repr=False, compare=False)  # positions (SourceDocument)

    @property
    def digest(self) -> str:
        return source_digest(self.source, self.path)


def source_digest(source: Any, path: Path) -> str:
    """SHA-256 of the bytes the loader parsed; read from disk only for a file made in memory
    (a test's Kit without a source)."""
    digest = getattr(source, "digest", "")
    return digest or hashlib.sha256(path.read_bytes()).hexdigest()
