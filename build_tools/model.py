"""The kit and tip formats (schema 1): what an author may write, with its constraints.

Validation lives here as types and a few cross-field rules; positions, messages and hints are
added by the loader, which knows the source file.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from .text import LocalizedText

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_HINT = "use lowercase letters, digits and single hyphens, e.g. 'stay-interview'"

Text = Annotated[LocalizedText, Field(description="Text, or {nl: ..., en: ...} per language")]
TextList = Annotated[list[Text], Field(default_factory=list)]


class KitType(str, enum.Enum):
    """The kinds of conversation the guide knows; `other` for anything else."""

    CHECK_IN = "check-in"
    FUNCTIONERINGSGESPREK = "functioneringsgesprek"
    ONTWIKKELGESPREK = "ontwikkelgesprek"
    STAY_INTERVIEW = "stay-interview"
    EXITGESPREK = "exitgesprek"
    WELZIJNSGESPREK = "welzijnsgesprek"
    VERZUIMGESPREK = "verzuimgesprek"
    OTHER = "other"


class Theme(str, enum.Enum):
    """The three-part split of a good conversation (the first accelerator)."""

    PERSOONLIJK = "persoonlijk"
    HUIDIGE_ROL = "huidige-rol"
    GROEI_EN_ONTWIKKELING = "groei-en-ontwikkeling"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class OpenQuestion(StrictModel):
    """An open question, with optional follow-up probes to go deeper."""

    kind: Literal["open"] = "open"
    text: Text
    probes: TextList


class ClosingQuestion(StrictModel):
    """A question that rounds the conversation off."""

    kind: Literal["closing"]
    text: Text
    probes: TextList


class ScaleQuestion(StrictModel):
    """A question answered with a number on a scale, e.g. a grade from 1 to 10."""

    kind: Literal["scale"]
    text: Text
    probes: TextList
    min: int = Field(default=1, ge=0, le=10)
    max: int = Field(default=10, ge=1, le=11)
    min_label: Text | None = None
    max_label: Text | None = None

    @model_validator(mode="after")
    def _check_range(self) -> ScaleQuestion:
        if not 1 <= self.max - self.min <= 10:
            raise ValueError("a scale needs max above min, with at most 11 steps (e.g. 1 to 10)")
        return self

    @property
    def steps(self) -> list[int]:
        return list(range(self.min, self.max + 1))


class ChoiceQuestion(StrictModel):
    """A question with a few given answers to choose from."""

    kind: Literal["choice"]
    text: Text
    probes: TextList
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
    theme: Theme | None = None
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
            raise ValueError("give exactly one of every_months, months or on_trigger: true")
        return self

    def months_in_year(self) -> list[int]:
        if self.every_months:
            return list(range(1, 13, self.every_months))
        return sorted(set(self.months or []))


class When(StrictModel):
    rhythm: Text
    cycle: Cycle | None = None
    triggers: TextList


class Preparation(StrictModel):
    manager: Annotated[list[Text], Field(min_length=1)]
    employee: Annotated[list[Text], Field(min_length=1)]


class FollowUp(StrictModel):
    record: TextList
    agreements: TextList
    support: TextList
    next: Text | None = None
    next_conversation: bool = Field(
        True, description="Whether the follow-up form asks for the date of a next conversation; "
                          "false for a conversation with no follow-up, such as an exit interview")


class KitDocument(StrictModel):
    """One conversation kit, as written in kits/<kit-id>.yml."""

    format_version: Literal[1] = Field(alias="schema", description="Format version; always 1")
    title: Text
    summary: Text
    type: KitType
    duration: int = Field(ge=5, le=480, description="Length of the conversation in minutes")
    participants: Annotated[list[Text], Field(min_length=1)]
    purpose: Purpose
    when: When
    preparation: Preparation
    phases: Annotated[list[Phase], Field(min_length=1)]
    tips: list[str] = Field(default_factory=list, description="Ids of tips in kits/tips/")
    follow_up: FollowUp


class TipDocument(StrictModel):
    """One tip, as written in kits/tips/<tip-id>.yml."""

    format_version: Literal[1] = Field(alias="schema", description="Format version; always 1")
    title: Text
    category: Text
    body: Text
    kits: list[str] = Field(default_factory=list, description="Ids of the kits it relates to")


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
    tips: list[Tip] = field(default_factory=list)
    source: Any = field(default=None, repr=False, compare=False)  # positions (SourceDocument)

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
