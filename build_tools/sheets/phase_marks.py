"""The mark of each phase on the question cards: a colour and an icon that no other phase has.

Cards are sorted by phase at the table, often from a black-and-white printer, so the colour
alone cannot tell phases apart. Eight colours step in lightness (about 22 grey levels apart
when printed in greyscale) and each has its own outline shape; neighbouring phases are far
apart in lightness and hue. The palette is Gesprekskit's own, not derived from the brand: a
brand's two colours cannot give eight distinct greys. Phase ``n`` looks the same in every
deck, so a trainer with several decks learns one legend. A kit with more than eight phases
(the format allows twelve) starts again at the first colour and shape, so every mark also
carries its phase's number: inside the large shape on a card's back and in the band on its
front ("9.1"), where phase 9 and phase 1 (both a blue circle) still differ at a glance. The
praatplaat takes a phase zone's colour, and each question's mark in a theme zone, from
:func:`phase_style` too, so phase 2 has one colour and one shape on the plate and on the cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..colors import WHITE, darken_until, parse_color

#: WCAG's minimum contrast for a graphic object (an icon's outline) against its background.
GRAPHIC_CONTRAST = 3.0


@dataclass(frozen=True)
class ZoneStyle:
    """Colour and icon of a phase, a zone or a card: the colour for bands, a ≤ 6 % tint behind
    writing, an icon (and a phase's number) that says the same as the colour."""

    colour: str
    tint: str
    icon: str        # file name in icons/, without .svg
    label: str       # the theme's name, or "" for a zone without a theme
    ink: str = "#ffffff"   # text and icon on the colour
    number: int | None = None   # the phase's number, shown in its mark
    number_at: float = 0.5      # where the number sits inside the icon, from its top

    @property
    def line(self) -> str:
        """The colour as a line on white paper: darkened where it would not reach the 3:1 a
        graphic needs (a yellow outline would all but vanish, in greyscale too)."""
        return darken_until(parse_color(self.colour), WHITE, GRAPHIC_CONTRAST).hex


#: Text on the light half of the palette (contrast ≥ 6.4:1 on each of them).
DARK_INK = "#1f2328"


@dataclass(frozen=True)
class PhaseMark:
    """One phase's colour, the colour of text and icon on it, and its icon."""

    colour: str
    ink: str        # white on the dark colours, DARK_INK on the light ones (≥ 4.5:1 either way)
    icon: str       # file name in icons/, without .svg
    #: Where the phase's number sits inside the shape, from its top (the centre of the room a
    #: triangle or a star leaves inside is lower than the box's middle).
    number_at: float = 0.5


#: In phase order; greyscale values (0.299 R + 0.587 G + 0.114 B): 62, 170, 40, 195, 106,
#: 220, 84, 145.
PHASE_MARKS: tuple[PhaseMark, ...] = (
    PhaseMark("#005180", "#ffffff", "phase-circle"),     # blue
    PhaseMark("#f09755", DARK_INK, "phase-triangle", 0.62),    # orange
    PhaseMark("#013e1c", "#ffffff", "phase-square"),     # dark green
    PhaseMark("#f2abc4", DARK_INK, "phase-diamond"),     # rose
    PhaseMark("#715aac", "#ffffff", "phase-star", 0.55),       # violet
    PhaseMark("#ffe456", DARK_INK, "phase-hexagon"),     # yellow
    PhaseMark("#b12a38", "#ffffff", "phase-cross"),      # red
    PhaseMark("#35b8bb", DARK_INK, "phase-heart", 0.47),       # teal
)


def phase_mark(phase_index: int) -> PhaseMark:
    """The mark of the phase at ``phase_index`` (0-based)."""
    return PHASE_MARKS[phase_index % len(PHASE_MARKS)]


def phase_style(phase_index: int, label: str) -> ZoneStyle:
    """The style of a phase wherever it is shown (card, praatplaat zone): its mark and number,
    a ≤ 6 % tint of its colour, the theme's label."""
    mark = phase_mark(phase_index)
    tint = parse_color(mark.colour).mix(WHITE, 0.94).hex
    return ZoneStyle(mark.colour, tint, mark.icon, label, ink=mark.ink, number=phase_index + 1,
                     number_at=mark.number_at)
