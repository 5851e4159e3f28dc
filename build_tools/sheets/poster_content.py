"""What goes on the praatplaat (the conversation canvas) and how its zones look.

The plate is filled in *before* the conversation, so it only carries questions meant for
preparation. An author chooses them with ``praatplaat: true/false`` on a question or a phase;
without a choice Gesprekskit takes up to two per phase, never a closing question and never the
closing phase. Zones follow the themes when every chosen phase has one, the phases otherwise.
A theme zone wears its theme's colour (from the brand) and icon, so it still reads in
greyscale, and each question in it carries its phase's mark; a phase zone wears that phase's
mark (colour, shape and number). Marks come from :func:`phase_marks.phase_style`, the one place
a phase's look comes from, so a trainer sees phase 2 in the same colour and shape on the plate
and on the cards. The first scale on the plate becomes its focal element, a large meter,
styled as the zone its question would be in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..brand import Brand
from ..brand_css import printed_colors
from ..colors import WHITE, Color, parse_color
from ..model import Kit, QuestionRef, Theme
from .phase_marks import GRAPHIC_CONTRAST, ZoneStyle, phase_style
from .theme_colours import ink_on, theme_colours

__all__ = ["GRAPHIC_CONTRAST", "ICON_DIR", "ZoneStyle", "icon", "poster_content"]

ICON_DIR = Path(__file__).resolve().parent / "icons"

#: Without an author's choice: at most this many questions per phase, a second one only while
#: the plate holds fewer than DEFAULT_TOTAL (a plate is for a handful of questions, with room).
DEFAULT_PER_PHASE = 2
DEFAULT_TOTAL = 6
#: What belongs to no single phase or theme (the deck's instruction card, a zone without one).
NEUTRAL = "#4a5561"
@dataclass(frozen=True)
class PosterZone:
    number: int
    title: str
    style: ZoneStyle
    questions: list[QuestionRef]
    kicker: str = ""            # above the title: a phase zone's theme
    #: A theme zone: each question shows its phase's mark, as on its card.
    marked: bool = False

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
    #: The focal question's phase mark, when the meter wears its theme's colour instead.
    focal_mark: ZoneStyle | None = None

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
    """The style of what belongs to no single phase or theme: a slate no phase mark uses."""
    return _style(parse_color(NEUTRAL), icon, label)


def _style(colour: Color, icon: str, label: str, ink: str | None = None) -> ZoneStyle:
    return ZoneStyle(colour.hex, colour.mix(WHITE, 0.94).hex, icon, label,
                     ink=ink or ink_on(colour) or WHITE.hex)


def theme_style(brand: Brand, theme: Theme, label: str) -> ZoneStyle:
    """A theme zone's colour (from the brand) and icon; on the primary colour the text colour
    the brand's other primary bands have."""
    colour, printed = theme_colours(brand)[theme], printed_colors(brand)
    ink = printed.on_primary.hex if colour == printed.primary else None
    return _style(colour, theme.value, label, ink)


def poster_content(kit: Kit, brand: Brand, text, translate, limit: int | None = None
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
    by_theme = bool(phase_indexes) and all(phases[index].theme is not None
                                           for index in phase_indexes)
    if by_theme:
        for theme in Theme:
            refs = [ref for ref in rest if ref.phase.theme is theme]
            if refs:
                zones.append(PosterZone(len(zones) + 1, label(theme),
                                        theme_style(brand, theme, label(theme)), refs,
                                        marked=True))
    else:
        for index in phase_indexes:
            refs = [ref for ref in rest if ref.phase_index == index]
            if refs:
                theme = phases[index].theme
                zones.append(PosterZone(index + 1, text(phases[index].title),
                                        phase_style(index, label(theme)), refs, label(theme)))
    focal_style = focal_mark = None
    if focal is not None:
        theme = focal.phase.theme
        focal_style = phase_style(focal.phase_index, label(theme))
        if by_theme and theme is not None:
            focal_style, focal_mark = theme_style(brand, theme, label(theme)), focal_style
    return PosterContent(zones, focal, focal_style, by_author, focal_mark)


@lru_cache(maxsize=16)
def icon(name: str, colour: str) -> Markup:
    """An icon shipped with Gesprekskit as inline SVG in one colour, hidden from screen readers."""
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()
    svg = svg.replace("currentColor", colour).replace(
        "<svg ", '<svg aria-hidden="true" class="icon" ', 1)
    return Markup(svg)
