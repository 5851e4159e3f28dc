"""Strict colour parsing and WCAG 2.1 contrast, so brand colours never reach CSS unchecked."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tinycss2.color4

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")
#: A CSS colour keyword (`navy`, `orange`, `darkslategray`): letters only.
_KEYWORD = re.compile(r"^[a-zA-Z]+$")
AA_BODY_TEXT = 4.5
AA_LARGE_TEXT = 3.0


class ColorError(ValueError):
    """A value that is not a colour Gesprekskit accepts."""


@dataclass(frozen=True)
class Color:
    red: int
    green: int
    blue: int

    @property
    def hex(self) -> str:
        return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"

    def relative_luminance(self) -> float:
        def channel(value: int) -> float:
            scaled = value / 255
            return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4

        return (0.2126 * channel(self.red) + 0.7152 * channel(self.green)
                + 0.0722 * channel(self.blue))

    def grey(self) -> float:
        """The grey (0-255) the colour prints as on a black-and-white printer: ITU-R 601 luma,
        as pdftoppm -gray and Pillow convert it."""
        return 0.299 * self.red + 0.587 * self.green + 0.114 * self.blue

    def mix(self, other: Color, amount: float) -> Color:
        """This colour moved `amount` (0..1) of the way towards another."""
        return Color(*(round(a + (b - a) * amount) for a, b in
                       zip((self.red, self.green, self.blue), (other.red, other.green, other.blue))))


WHITE = Color(255, 255, 255)
BLACK = Color(0, 0, 0)


def parse_color(value: object) -> Color:
    """Accept `#rgb`, `#rrggbb`, `rgb(r, g, b)` or a CSS colour name; refuse the rest."""
    if not isinstance(value, str):
        raise ColorError(f"expected a colour, got {type(value).__name__}")
    text = value.strip()
    if _KEYWORD.fullmatch(text):
        return _keyword(value, text)
    if match := _HEX.fullmatch(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(char * 2 for char in digits)
        return Color(int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if match := _RGB.fullmatch(text):
        channels = [int(part) for part in match.groups()]
        if any(channel > 255 for channel in channels):
            raise ColorError(f"'{value}': rgb() channels go from 0 to 255")
        return Color(*channels)
    raise _not_a_colour(value)


def _not_a_colour(value: str) -> ColorError:
    return ColorError(f"'{value}' is not a colour: use #rrggbb, rgb(r, g, b), a name from the "
                      "palette, or a CSS colour name such as navy or orange")


def _keyword(value: str, text: str) -> Color:
    """One of the 148 CSS colour names, by tinycss2's CSS Color 4 table (WeasyPrint reads the
    same table, in any case); `transparent` and `currentColor` are no colour of their own."""
    found = tinycss2.color4.parse_color(text)
    if found is None or isinstance(found, str) or found.alpha != 1:
        raise _not_a_colour(value)
    return Color(*(round(channel * 255) for channel in found.to("srgb").coordinates))


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2.1 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((first.relative_luminance(), second.relative_luminance()), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken_until(color: Color, against: Color, target: float = AA_BODY_TEXT) -> Color:
    """The nearest shade of `color` (towards black, or white on dark) that meets `target`."""
    towards = BLACK if against.relative_luminance() > 0.18 else WHITE
    for step in range(0, 101):
        candidate = color.mix(towards, step / 100)
        if contrast_ratio(candidate, against) >= target:
            return candidate
    return towards
