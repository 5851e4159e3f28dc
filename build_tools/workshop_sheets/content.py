"""What a workshop's sheets show of the project's kits: the questions, phases and tips its
blocks refer to, resolved once, in the order the trainer wrote them.

The workshop loader has already checked every reference, so a reference that does not
resolve here is a bug, not an author's mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..loader import Project
from ..model import Kit, Phase, QuestionRef, Tip
from ..workshop_model import QUESTION_NUMBER, Block, KitReference, Workshop
from .registry import WORKSHOP_SHEETS, WorkshopSheetType


@dataclass(frozen=True)
class KitUse:
    """One reference resolved: the kit, the phase (if one is named), the questions and tips."""

    kit: Kit
    phase_number: int | None
    phase: Phase | None
    questions: list[QuestionRef]
    tips: list[Tip]


@dataclass
class TaughtKit:
    """A kit as the handout teaches it: its phases as the conversation model, and its tips."""

    kit: Kit
    tips: list[Tip] = field(default_factory=list)


def find_question(kit: Kit, name: str) -> QuestionRef:
    """A question by its printed number ('2.3') or its own id."""
    refs = kit.questions()
    match = QUESTION_NUMBER.match(name)
    for ref in refs:
        if (match and ref.number == name) or ref.question.id == name:
            return ref
    raise LookupError(f"kit '{kit.id}' has no question '{name}'")


def resolve(project: Project, reference: KitReference, *, whole_kit: bool = False) -> KitUse:
    """The questions a reference names; a phase alone means all of that phase's questions, a
    kit alone none (or, with ``whole_kit``, all of them: a card deck of the whole kit)."""
    kit = project.kit(reference.kit)
    phase = kit.document.phases[reference.phase - 1] if reference.phase else None
    if reference.questions:
        questions = [find_question(kit, name) for name in reference.questions]
    elif phase is not None:
        questions = [ref for ref in kit.questions() if ref.phase_index == reference.phase - 1]
    else:
        questions = kit.questions() if whole_kit else []
    tips_by_id = project.tips_by_id
    tips = [tips_by_id[tip] for tip in reference.tips if tip in tips_by_id]
    return KitUse(kit, reference.phase, phase, questions, tips)


def block_uses(project: Project, block: Block) -> list[KitUse]:
    return [resolve(project, reference) for reference in block.uses]


def criteria(project: Project, block: Block, limit: int = 6) -> list[Tip]:
    """The tips an observer checks a role-play against: those the block names, else the first
    tips of the kits it uses."""
    uses = block_uses(project, block)
    named = _unique(tip for use in uses for tip in use.tips)
    if named:
        return named[:limit]
    return _unique(tip for use in uses for tip in project.tips_of(use.kit))[:limit]


def taught_kits(project: Project, workshop: Workshop, tips_per_kit: int = 5) -> list[TaughtKit]:
    """Every kit the workshop uses, with the tips its blocks name (or the kit's first tips)."""
    taught: dict[str, TaughtKit] = {}
    for reference in workshop.references():
        use = resolve(project, reference)
        entry = taught.setdefault(use.kit.id, TaughtKit(use.kit))
        entry.tips = _unique([*entry.tips, *use.tips])
    for entry in taught.values():
        if not entry.tips:
            entry.tips = list(project.tips_of(entry.kit)[:tips_per_kit])
    return list(taught.values())


def deck_questions(project: Project, workshop: Workshop) -> list[QuestionRef]:
    """The questions of the workshop's card deck, each once, in the order they are named.

    With more than one kit in the deck a card's number gets the kit's place in front
    ('2 · 3.1' is question 3.1 of the second kit), so every card keeps a unique number."""
    chosen: dict[tuple[str, str], tuple[int, QuestionRef]] = {}
    kits: list[str] = []
    for reference in workshop.card_references():
        use = resolve(project, reference, whole_kit=True)
        if use.kit.id not in kits:
            kits.append(use.kit.id)
        for ref in use.questions:
            chosen.setdefault((use.kit.id, ref.number), (kits.index(use.kit.id) + 1, ref))
    if len(kits) <= 1:
        return [ref for _, ref in chosen.values()]
    return [QuestionRef(f"{kit_number}·{ref.number}", ref.phase_index, ref.phase, ref.question)
            for kit_number, ref in chosen.values()]


def _unique(items) -> list:  # type: ignore[no-untyped-def]
    seen: dict[int, object] = {}
    for item in items:
        seen.setdefault(id(item), item)
    return list(seen.values())


def available_sheets(project: Project, workshop: Workshop) -> list[WorkshopSheetType]:
    """The sheets this workshop has: role cards and observer sheets only with role-plays,
    a card deck only when some block or the ``cards`` list names questions."""
    has = {"": True, "role_plays": bool(workshop.role_plays()),
           "cards": bool(deck_questions(project, workshop))}
    return [sheet for sheet in WORKSHOP_SHEETS if has[sheet.needs]]
