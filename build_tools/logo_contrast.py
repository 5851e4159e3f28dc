"""Whether the logo can be seen on the guide's header bar, which has the brand's primary colour.

A logo drawn for white paper (navy text, say) disappears on a navy header. Logos are exempt from
WCAG, but a logo nobody can read is still a mistake: its text is checked like text (4.5:1) and
its shapes like graphics (3:1), and too little contrast is a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from .colors import AA_BODY_TEXT, Color, ColorError, contrast_ratio, parse_color

AA_GRAPHICS = 3.0  # WCAG 2.1 1.4.11, non-text contrast
_SHAPES = {"path", "circle", "ellipse", "rect", "polygon", "polyline", "line"}
_TEXT = {"text", "tspan", "textPath"}
_STYLE_PROPERTY = re.compile(r"(?:^|;)\s*(fill|stroke)\s*:\s*([^;]+)")


@dataclass(frozen=True)
class LogoProblem:
    """One colour of the logo that does not stand out from the header."""

    color: str
    ratio: float
    needed: float
    is_text: bool


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _paint(element: ElementTree.Element, inherited: dict[str, str]) -> dict[str, str]:
    paint = dict(inherited)
    for name in ("fill", "stroke"):
        if element.get(name):
            paint[name] = element.get(name, "")
    for name, value in _STYLE_PROPERTY.findall(element.get("style", "")):
        paint[name] = value.strip()
    return paint


def _svg_colors(path: Path) -> list[tuple[Color, bool]]:
    """(colour, is it text) for everything the SVG draws; gradients and patterns are skipped."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return []
    found: list[tuple[Color, bool]] = []

    def visit(element: ElementTree.Element, inherited: dict[str, str]) -> None:
        paint = _paint(element, inherited)
        tag = _local(element.tag)
        if tag in _SHAPES or tag in _TEXT:
            for name in ("fill", "stroke"):
                value = paint.get(name, "#000000" if name == "fill" else "none")
                if value.startswith(("none", "url(", "transparent", "currentColor")):
                    continue
                try:
                    found.append((parse_color(value), tag in _TEXT))
                except ColorError:
                    continue
        if tag not in ("defs", "mask", "clipPath", "title", "desc"):
            for child in element:
                visit(child, paint)

    visit(root, {})
    return found


def _raster_colors(path: Path) -> list[tuple[Color, bool]]:
    """The opaque pixels of a transparent PNG; an image with its own background is visible."""
    try:
        from PIL import Image  # WeasyPrint depends on Pillow
        with Image.open(path) as image:
            if "A" not in image.getbands():
                return []
            small = image.convert("RGBA").resize((48, 48))
    except Exception:  # noqa: BLE001 - an unreadable image is reported elsewhere
        return []
    pixels = [pixel for pixel in small.getdata() if pixel[3] >= 128]
    if not pixels or len(pixels) == 48 * 48:
        return []
    pixels.sort(key=lambda pixel: sum(pixel[:3]))
    median = pixels[len(pixels) // 2]
    return [(parse_color("#{:02x}{:02x}{:02x}".format(*median[:3])), False)]


def logo_problems(logo: Path, header: Color) -> list[LogoProblem]:
    """Colours of the logo that do not stand out from the header colour, worst first."""
    colors = _svg_colors(logo) if logo.suffix.lower() == ".svg" else _raster_colors(logo)
    problems: dict[str, LogoProblem] = {}
    graphics = [color for color, is_text in colors if not is_text]
    if graphics and all(contrast_ratio(color, header) < AA_GRAPHICS for color in graphics):
        worst = max(graphics, key=lambda color: contrast_ratio(color, header))
        problems[worst.hex] = LogoProblem(worst.hex, contrast_ratio(worst, header), AA_GRAPHICS,
                                          False)
    for color, is_text in colors:
        ratio = contrast_ratio(color, header)
        if is_text and ratio < AA_BODY_TEXT:
            problems[color.hex] = LogoProblem(color.hex, ratio, AA_BODY_TEXT, True)
    return sorted(problems.values(), key=lambda problem: problem.ratio)
