"""What goes on the praatplaat (the conversation canvas) and how its zones look.

The plate is filled in *before* the conversation, so it only carries questions meant for
preparation. An author chooses them with ``praatplaat: true/false`` on a question or a phase;
without a choice Gesprekskit takes up to two per phase, never a closing question and never the
closing phase. Zones follow the themes when every chosen phase has one, the phases otherwise.
A zone of one phase wears that phase's mark (colour, shape and number) from
:func:`phase_marks.phase_style`, the one place a phase's look comes from, so a trainer sees
phase 2 in the same colour and shape on the plate and on the cards, in greyscale too; a theme
zone holding several phases is neutral, with its theme's icon, and each question in it carries
its own phase's mark. The first scale on the plate becomes its focal element, a large meter
in its phase's colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..colors import WHITE, parse_color
from ..model import Kit, QuestionRef, Theme
from .phase_marks import GRAPHIC_CONTRAST, ZoneStyle, phase_style

__all__ = ["GRAPHIC_CONTRAST", "ICON_DIR", "ZoneStyle", "poster_content", "icon"]

ICON_DIR = Path(__file__).resolve().parent / "icons"

#: Without an author's choice: at most this many questions per phase, a second one only while
#: the plate holds fewer than DEFAULT_TOTAL (a plate is for a handful of questions, with room).
DEFAULT_PER_PHASE = 2
DEFAULT_TOTAL = 6
#: Zones and cards that belong to no single phase (the instruction card, a theme zone of
#: several phases).
NEUTRAL = "#4a5561"
@dataclass(frozen=True)
class PosterZone:
    number: int
    title: str
    style: ZoneStyle
    questions: list[QuestionRef]
    kicker: str = ""            # above the title: the theme, or the phase of a theme zone

    @property
    def mixed(self) -> bool:
        """A theme zone of several phases: each question shows its own phase's mark."""
        return len({ref.phase_index for ref in self.questions}) > 1

    @staticmethod
    def mark(ref: QuestionRef) -> ZoneStyle:
        """The mark of a question's phase, as on its card."""
        return phase_style(ref.phase_index, "")


@dataclass(frozen=True)
class PosterContent:
    zones: list[PosterZone]
    focal: QuestionRef | None
    focal_style: ZoneStyle | None
    chosen_by_author: bool

    @property
    def question_count(self) -> int:
        return sum(len(zone.questions) for zone in self.zones) + (1 if self.focal else 0)


def _closing_phase(kit: Kit, index: int) -> bool:
    """The wrap-up phase: the last of three or more, holding the closing question."""
    phases = kit.document.phases
    return (len(phases) >= 3 and index == len(phases) - 1
            and any(question.kind == "closing" for question in phases[index].questions))


def author_choice(ref: QuestionRef) -> bool | None:
    """The author's word on one question: its own setting, else its phase's."""
    if ref.question.praatplaat is not None:
        return ref.question.praatplaat
    return ref.phase.praatplaat


def _preference(refs: list[QuestionRef], limit: int) -> list[QuestionRef]:
    """Open questions first (they want writing space), then a scale; a choice only when the
    phase has nothing else, since its options are answered in the conversation itself."""
    by_kind: dict[str, list[QuestionRef]] = {"open": [], "scale": [], "choice": []}
    for ref in refs:
        by_kind.setdefault(ref.question.kind, []).append(ref)
    order = [*by_kind["open"], *by_kind["scale"]] or by_kind["choice"][:1]
    chosen = order[:limit]
    return [ref for ref in refs if ref in chosen]


def chosen_questions(kit: Kit, limit: int | None = None) -> tuple[list[QuestionRef], bool]:
    """The questions on the plate, in kit order, and whether the author chose them.

    Gesprekskit's own choice: one scale for the meter, one question from every phase that is
    not the closing phase, then a second one from the first phases until the plate holds
    :data:`DEFAULT_TOTAL`; closing questions and those marked ``praatplaat: false`` never.
    ``limit`` keeps only that many of Gesprekskit's choice, in this order of priority, for a
    plate whose questions do not fit; an author's choice is never cut."""
    refs = kit.questions()
    if any(author_choice(ref) for ref in refs):
        return [ref for ref in refs if author_choice(ref)], True
    phases = [[ref for ref in refs if ref.phase_index == index
               and ref.question.kind != "closing" and author_choice(ref) is None]
              for index in range(len(kit.document.phases)) if not _closing_phase(kit, index)]
    scale = next((ref for phase in phases for ref in phase if ref.question.kind == "scale"), None)
    priority: list[QuestionRef] = [scale] if scale else []
    ranked = [_preference([ref for ref in phase if ref is not scale], DEFAULT_PER_PHASE)
              for phase in phases]
    for round_ in range(DEFAULT_PER_PHASE):
        for phase in ranked:
            if round_ < len(phase) and (round_ == 0 or len(priority) < DEFAULT_TOTAL):
                priority.append(phase[round_])
    chosen = {id(ref) for ref in priority[:limit]}
    result = [ref for ref in refs if id(ref) in chosen]
    if not result:  # a kit of closing questions only: better those than an empty plate
        result = [ref for ref in refs if author_choice(ref) is not False][:DEFAULT_PER_PHASE]
    return result, False


def neutral_style(icon: str = "gesprek", label: str = "") -> ZoneStyle:
    """The style of what belongs to no single phase: a slate that no phase mark uses."""
    colour = parse_color(NEUTRAL)
    return ZoneStyle(colour.hex, colour.mix(WHITE, 0.94).hex, icon, label)


def _zone_style(refs: list[QuestionRef], theme: Theme | None, label: str) -> ZoneStyle:
    """The mark of the zone's one phase, or neutral with the theme's icon for several."""
    phase_indexes = {ref.phase_index for ref in refs}
    if len(phase_indexes) == 1:
        return phase_style(phase_indexes.pop(), label)
    return neutral_style(theme.value if theme is not None else "gesprek", label)


def poster_content(kit: Kit, text, translate, limit: int | None = None
                   ) -> PosterContent:
    """Zones, focal meter and styles; ``text`` resolves kit texts, ``translate`` labels."""
    chosen, by_author = chosen_questions(kit, limit)
    focal = next((ref for ref in chosen if ref.question.kind == "scale"), None)
    rest = [ref for ref in chosen if ref is not focal]
    phases = kit.document.phases

    def label(theme: Theme | None) -> str:
        return translate(f"theme.{theme.value}") if theme is not None else ""

    zones: list[PosterZone] = []
    phase_indexes = sorted({ref.phase_index for ref in chosen})
    if phase_indexes and all(phases[index].theme is not None for index in phase_indexes):
        for theme in Theme:
            refs = [ref for ref in rest if ref.phase.theme is theme]
            if refs:
                style = _zone_style(refs, theme, label(theme))
                kicker = (f"{style.number} · {text(refs[0].phase.title)}"
                          if style.number is not None else "")
                zones.append(PosterZone(len(zones) + 1, label(theme), style, refs, kicker))
    else:
        for index in phase_indexes:
            refs = [ref for ref in rest if ref.phase_index == index]
            if refs:
                theme = phases[index].theme
                zones.append(PosterZone(index + 1, text(phases[index].title),
                                        _zone_style(refs, theme, label(theme)), refs,
                                        label(theme)))
    focal_style = (phase_style(focal.phase_index, label(focal.phase.theme))
                   if focal is not None else None)
    return PosterContent(zones, focal, focal_style, by_author)


@lru_cache(maxsize=16)
def icon(name: str, colour: str) -> Markup:
    """An icon shipped with Gesprekskit as inline SVG in one colour, hidden from screen readers."""
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()
    svg = svg.replace("currentColor", colour).replace(
        "<svg ", '<svg aria-hidden="true" class="icon" ', 1)
    return Markup(svg)
