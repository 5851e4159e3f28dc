"""The colours of the praatplaat's theme zones, from the brand, told apart in grey print too.

A theme zone wears a colour of the brand: *huidige rol* the primary, *persoonlijk* the accent,
*groei* a third colour far from both in hue. Brand colours are often alike in lightness (a
teal and a terracotta, a near-black and a dark navy, a brand with one colour only): printed in
black and white, zones side by side then become the same grey band. So each colour after the
primary is moved (towards white or black, keeping its hue) just far enough that its grey
differs from the colours before it by :data:`MIN_GREY_STEP`; on a light shade the head's text
and icon turn dark, as on the cards' light phase colours.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from ..brand import Brand
from ..colors import AA_BODY_TEXT, BLACK, WHITE, Color, contrast_ratio, darken_until, parse_color
from ..model import Theme
from .phase_marks import DARK_INK

#: Candidates for the third theme colour: the one furthest in hue from the brand's two wins.
THIRD_COLOURS = ("#3f6b21", "#6a3d8f", "#8a5a00", "#1f5a8a")
#: The least difference in grey (of 255) between two theme zones' colours: about 16 %, what
#: tells two bands apart at a glance on an office printer's greyscale.
MIN_GREY_STEP = 40


def readable(value: str) -> Color:
    """The colour, darkened until white text on it reaches 4.5:1."""
    colour = parse_color(value)
    return colour if contrast_ratio(colour, WHITE) >= AA_BODY_TEXT else darken_until(colour, WHITE)


def ink_on(colour: Color) -> str | None:
    """Text and icon colour on a band of ``colour``: white or the cards' dark ink, whichever
    reads better; None when neither reaches 4.5:1 (a grey in between)."""
    best = max((WHITE, parse_color(DARK_INK)), key=lambda ink: contrast_ratio(ink, colour))
    return best.hex if contrast_ratio(best, colour) >= AA_BODY_TEXT else None


def _hue(colour: Color) -> float:
    return colorsys.rgb_to_hls(colour.red / 255, colour.green / 255, colour.blue / 255)[0]


def _hue_distance(first: Color, second: Color) -> float:
    distance = abs(_hue(first) - _hue(second))
    return min(distance, 1 - distance)


def _grey_gap(colour: Color, taken: list[Color]) -> float:
    return min((abs(colour.grey() - other.grey()) for other in taken), default=255.0)


def distinct_shade(colour: Color, taken: list[Color]) -> Color:
    """The shade of ``colour`` nearest to it whose grey is :data:`MIN_GREY_STEP` from each of
    ``taken`` and that holds readable text; the most distinct readable shade when none is."""
    shades = [colour.mix(towards, step / 100) for step in range(101) for towards in (WHITE, BLACK)]
    shades = [shade for shade in shades if ink_on(shade) is not None]
    return next((shade for shade in shades if _grey_gap(shade, taken) >= MIN_GREY_STEP),
                max(shades, key=lambda shade: _grey_gap(shade, taken)))


@lru_cache(maxsize=8)
def theme_colours(brand: Brand) -> dict[Theme, Color]:
    """Huidige rol in the brand's primary colour, persoonlijk in its accent, groei in a third
    colour far from both in hue; each after the primary a shade apart in grey."""
    primary, accent = readable(brand.primary), readable(brand.accent)
    third = max((readable(value) for value in THIRD_COLOURS),
                key=lambda c: min(_hue_distance(c, primary), _hue_distance(c, accent)))
    accent = distinct_shade(accent, [primary])
    third = distinct_shade(third, [primary, accent])
    return {Theme.PERSONAL: accent, Theme.CURRENT_ROLE: primary, Theme.GROWTH: third}
