"""The workshop format (schema 1): a trainer's session as timed blocks, written in
workshops/<workshop-id>.yml.

Like the kit format (model.py) this holds the types and the rules within one file; references to
kits, phases, questions and tips are checked by the workshop loader, which knows the project.
Errors raised here may carry an ``at`` key in their context: the key, under the failing object,
the loader points the reader at (``duration`` rather than the top of the file).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .model import MAX_LIST_ITEMS, StrictModel, Text, TextList

#: The longest workshop one file describes: a full day, breaks included.
MAX_WORKSHOP_MINUTES = 24 * 60
MAX_BLOCKS = 30
MAX_STEPS = 12
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_CLOCK = re.compile(CLOCK_PATTERN)
ROLE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: A question as a block names it: its number in the kit ("2.3") or its own id ("q-017").
QUESTION_REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
QUESTION_NUMBER = re.compile(r"^([1-9][0-9]*)\.([1-9][0-9]*)$")


class Configuration(str, enum.Enum):
    """How the group works during a block (Liberating Structures: group configuration)."""

    ALONE = "alone"
    PAIRS = "pairs"
    TRIOS = "trios"
    SMALL_GROUPS = "small-groups"
    PLENARY = "plenary"


class BlockKind(str, enum.Enum):
    """What a block is: an exercise, a role-play with observers, the trainer's input, a break."""

    EXERCISE = "exercise"
    ROLE_PLAY = "role-play"
    TALK = "talk"
    BREAK = "break"


class KitReference(StrictModel):
    """What a block uses of the project's own kits: a kit, optionally one phase, some questions
    and tips. Every id and number is checked against the kits when the project is loaded."""

    kit: str = Field(description="Id of a kit in kits/ (its file name without .yml)")
    phase: int | None = Field(default=None, ge=1, le=12,
                              description="Number of a phase of that kit, 1 for the first")
    questions: list[Annotated[str, Field(pattern=QUESTION_REFERENCE_PATTERN)]] = Field(
        default_factory=list, max_length=60,
        description="Questions of that kit: their number as printed ('2.3': phase 2, question 3) "
                    "or their id")
    tips: list[str] = Field(default_factory=list, max_length=30,
                            description="Ids of tips in kits/tips/")


class Step(StrictModel):
    """One step of a method, as the trainer announces it."""

    text: Text
    minutes: int | None = Field(default=None, ge=1, le=240,
                                description="Time for this step; left out: not timed separately")


class Method(StrictModel):
    """How a block runs, by the design elements of Liberating Structures."""

    invitation: Text = Field(description="The question or assignment as said to the group; it "
                                         "goes on the slide")
    configuration: Configuration = Field(description="alone, pairs, trios, small-groups or "
                                                     "plenary")
    space: Text | None = Field(default=None, description="How the room is set up, and what "
                                                         "is on the tables")
    steps: Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS)]
    facilitator_notes: TextList
    watch_for: TextList
    variations: TextList


class Role(StrictModel):
    """One role of a role-play; its private information is printed on that role's card only."""

    id: str = Field(pattern=ROLE_ID_PATTERN, description="Short id, e.g. employee or manager")
    name: Text = Field(description="As shown on the card, e.g. 'Medewerker (Sanne)'")
    private: Text = Field(description="What only this role knows; never on the site or the "
                                      "observer sheet")
    goal: Text | None = Field(default=None, description="What this role wants from the "
                                                        "conversation")


class RolePlay(StrictModel):
    """A conversation practised in roles, watched by an observer."""

    scenario: Text = Field(description="The situation, known to everyone in the room")
    roles: Annotated[list[Role], Field(min_length=2, max_length=4)]
    observation_points: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST_ITEMS)]

    @field_validator("roles")
    @classmethod
    def _unique_role_ids(cls, roles: list[Role]) -> list[Role]:
        seen: set[str] = set()
        for role in roles:
            if role.id in seen:
                raise PydanticCustomError("role_id_twice", "the role id '{id}' is used twice",
                                          {"id": role.id})
            seen.add(role.id)
        return roles


class Block(StrictModel):
    """One timed part of the workshop."""

    title: Text
    minutes: int = Field(ge=1, le=240)
    kind: BlockKind = Field(default=BlockKind.EXERCISE,
                            description="exercise, role-play, talk (the trainer's input) or break")
    summary: Text | None = Field(default=None, description="One line for the agenda")
    method: Method | None = Field(default=None, description="Required for exercise and "
                                                            "role-play")
    materials: TextList
    uses: list[KitReference] = Field(default_factory=list, max_length=10,
                                     description="Kits, phases, questions and tips this block "
                                                 "works with")
    role_play: RolePlay | None = Field(default=None, description="Required for a role-play, "
                                                                 "only there")

    @model_validator(mode="after")
    def _kind_needs(self) -> Block:
        if self.kind in (BlockKind.EXERCISE, BlockKind.ROLE_PLAY) and self.method is None:
            raise PydanticCustomError(
                "block_needs_method", "a block of kind '{kind}' needs a 'method'",
                {"kind": self.kind.value, "at": "method"})
        if self.kind is BlockKind.ROLE_PLAY and self.role_play is None:
            raise PydanticCustomError("block_needs_role_play",
                                      "a role-play block needs 'role_play' (scenario, roles, "
                                      "observation points)", {"at": "kind"})
        if self.kind is not BlockKind.ROLE_PLAY and self.role_play is not None:
            raise PydanticCustomError(
                "role_play_without_kind", "'role_play' only belongs in a block of kind "
                "'role-play'; this one is '{kind}'", {"kind": self.kind.value, "at": "role_play"})
        timed = sum(step.minutes or 0 for step in self.method.steps) if self.method else 0
        if timed > self.minutes:
            raise PydanticCustomError(
                "steps_too_long", "the steps take {timed} minutes, but the block has {minutes}",
                {"timed": timed, "minutes": self.minutes, "at": "minutes"})
        return self


class GroupSize(StrictModel):
    min: int = Field(ge=1, le=500)
    max: int = Field(ge=1, le=500)

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.max < self.min:
            raise PydanticCustomError("group_size_order", "max ({max}) is below min ({min})",
                                      {"min": self.min, "max": self.max, "at": "max"})
        return self


class WorkshopDocument(StrictModel):
    """One workshop, as written in workshops/<workshop-id>.yml."""

    format_version: Literal[1] = Field(alias="schema", description="Format version; always 1")
    title: Text
    summary: Text
    audience: Text = Field(description="Who the workshop is for")
    group_size: GroupSize
    duration: int = Field(ge=1, le=MAX_WORKSHOP_MINUTES,
                          description="Total minutes, breaks included; the blocks' minutes must "
                                      "add up to it")
    start: str = Field(default="09:00", pattern=CLOCK_PATTERN,
                       description="Start time (HH:MM) the agenda's times are counted from")
    goals: Annotated[list[Text], Field(min_length=1, max_length=MAX_LIST_ITEMS,
                                       description="Learning goals")]
    preparation: TextList = Field(description="What the trainer prepares beforehand")
    materials: TextList = Field(description="Materials for the whole session")
    blocks: Annotated[list[Block], Field(min_length=1, max_length=MAX_BLOCKS)]
    cards: list[KitReference] = Field(
        default_factory=list, max_length=10,
        description="Questions to print as card decks; left out: every question the blocks use")

    @model_validator(mode="after")
    def _duration_adds_up(self) -> WorkshopDocument:
        total = sum(block.minutes for block in self.blocks)
        if total != self.duration:
            raise PydanticCustomError(
                "duration_sum", "duration is {duration} minutes, but the blocks add up to {total}",
                {"duration": self.duration, "total": total, "at": "duration"})
        return self


def clock_minutes(clock: str) -> int:
    """'09:30' → 570; raises ValueError for anything that is not a time of day."""
    if not _CLOCK.match(clock):
        raise ValueError(f"'{clock}' is not a time of day; write HH:MM, e.g. 09:30")
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def format_clock(minutes: int) -> str:
    """570 → '09:30'; past midnight the clock starts again."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class ScheduledBlock:
    """A block with its place in the day, computed from the start time and the blocks before."""

    number: int  # 1-based
    block: Block
    offset: int  # minutes since the start of the workshop
    start: str  # "09:45"
    end: str

    @property
    def minutes(self) -> int:
        return self.block.minutes

    def step_starts(self) -> list[str | None]:
        """The clock time each step of the method starts at; None after a step without
        minutes, whose end is not known."""
        if self.block.method is None:
            return []
        clock: int | None = clock_minutes(self.start)
        starts: list[str | None] = []
        for step in self.block.method.steps:
            starts.append(format_clock(clock) if clock is not None else None)
            clock = clock + step.minutes if clock is not None and step.minutes else None
        return starts


@dataclass
class Workshop:
    """A validated workshop with its id and the file it came from."""

    id: str
    path: Path
    document: WorkshopDocument
    source: Any = field(default=None, repr=False, compare=False)  # positions (SourceDocument)

    def schedule(self, start: str | None = None) -> list[ScheduledBlock]:
        """Every block with its start and end time; `start` (HH:MM) overrides the file's."""
        clock = clock_minutes(start or self.document.start)
        scheduled, offset = [], 0
        for number, block in enumerate(self.document.blocks, start=1):
            scheduled.append(ScheduledBlock(number, block, offset, format_clock(clock + offset),
                                            format_clock(clock + offset + block.minutes)))
            offset += block.minutes
        return scheduled

    def end(self, start: str | None = None) -> str:
        return format_clock(clock_minutes(start or self.document.start) + self.document.duration)

    def role_plays(self) -> list[ScheduledBlock]:
        return [item for item in self.schedule() if item.block.role_play is not None]

    def kit_ids(self) -> list[str]:
        """The kits this workshop uses, in order of first use (blocks, then card decks)."""
        seen: dict[str, None] = {}
        for reference in self.references():
            seen.setdefault(reference.kit, None)
        return list(seen)

    def references(self) -> list[KitReference]:
        return [reference for block in self.document.blocks for reference in block.uses] + \
            list(self.document.cards)

    def card_references(self) -> list[KitReference]:
        """What the card decks print: the `cards` list, or everything the blocks use."""
        return list(self.document.cards) or [
            reference for block in self.document.blocks for reference in block.uses]

    def materials_checklist(self) -> list[Text]:
        """The session's materials and every block's, each once, in order."""
        seen: dict[Text, None] = {}
        for item in [*self.document.materials,
                     *(item for block in self.document.blocks for item in block.materials)]:
            seen.setdefault(item, None)
        return list(seen)
