"""The brand as CSS: one function for the guide's pages and the printed sheets alike.

Every value comes from a checked `Brand`: colours parsed once (`Brand.colors`), font names of
letters, digits and spaces, font files as URLs. For the guide (`medium="screen"`) the brand
fills Material's colour variables and the heading font; for the sheets (`medium="print"`) the
`--gk-*` properties the print stylesheets use, and the brand's own fonts are embedded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from .brand import Brand, BrandColors, FontFace
from .colors import AA_BODY_TEXT, BLACK, WHITE, Color, contrast_ratio, darken_until, parse_color

log = logging.getLogger(__name__)

#: The lightest tint behind text in Material's dark scheme.
SLATE_PANEL = parse_color("#28413f")


def css_string(value: str) -> str:
    """A CSS string literal: quotes, backslashes and anything but printable ASCII escaped."""
    return '"' + "".join(char if char.isascii() and char.isprintable() and char not in '"\\'
                         else f"\\{ord(char):x} " for char in value) + '"'


def _font_faces(brand: Brand, url_of: Callable[[int, FontFace], str], *, swap: bool) -> list[str]:
    display = " font-display: swap;" if swap else ""
    return [f"@font-face {{ font-family: {css_string(face.family)}; font-style: {face.style}; "
            f"font-weight: {face.weight};{display} src: url({css_string(url_of(index, face))}); }}"
            for index, face in enumerate(brand.font_faces)]


def brand_css(brand: Brand, medium: str = "screen", *,
              font_url: Callable[[int, FontFace], str] | None = None,
              language_families: tuple[str, ...] = ()) -> str:
    """The brand's CSS for `medium` ("screen": the guide; "print": the sheets). `font_url`
    gives each brand font's URL (default: the font file itself); `language_families` are the
    families of the language's own fonts, which the sheets fall back on."""
    url_of = font_url or (lambda index, face: face.path.as_uri())
    if medium == "print":
        return _print_css(brand, url_of, language_families)
    return _screen_css(brand, url_of)


def _screen_css(brand: Brand, url_of: Callable[[int, FontFace], str]) -> str:
    colors = brand.colors
    primary, background = colors.primary, colors.background
    lines = ["/* Generated from the brand file by Gesprekskit. */",
             *_font_faces(brand, url_of, swap=True)]
    dark_link = darken_until(primary, SLATE_PANEL, AA_BODY_TEXT + 0.3)
    lines += [
        ":root, [data-md-color-scheme=\"default\"] {",
        f"  --md-primary-fg-color: {primary.hex};",
        f"  --md-primary-fg-color--light: {primary.mix(background, 0.25).hex};",
        f"  --md-primary-fg-color--dark: {primary.mix(BLACK, 0.2).hex};",
        f"  --md-primary-bg-color: {colors.on_primary.hex};",
        f"  --md-accent-fg-color: {colors.accent.hex};",
        f"  --md-typeset-a-color: {darken_until(primary, background).hex};",
        f"  --md-default-fg-color: {colors.foreground.hex};",
        f"  --md-default-bg-color: {background.hex};",
        f"  --md-text-font: {css_string(brand.font_family)};",
        f"  --gk-heading-font: {css_string(brand.heading_font_family)};",
        f"  --gk-panel-bg: {primary.mix(background, 0.93).hex};",
        f"  --gk-chip-bg: {primary.mix(background, 0.85).hex};",
        f"  --gk-chip-fg: {darken_until(primary, primary.mix(background, 0.85)).hex};",
        f"  --gk-muted: {colors.muted.hex};",
        "}",
        "[data-md-color-scheme=\"slate\"] {",
        f"  --md-primary-fg-color: {primary.hex};",
        f"  --md-primary-bg-color: {colors.on_primary.hex};",
        f"  --md-typeset-a-color: {dark_link.hex};",
        f"  --md-accent-fg-color: {darken_until(colors.accent, SLATE_PANEL).hex};",
        "}",
        ".md-typeset h1, .md-typeset h2, .md-typeset h3 { font-family: var(--gk-heading-font), var(--md-text-font-family); }",
    ]
    return "\n".join(lines) + "\n"


#: Where a brand's own foreground does not read on white paper: the example's ink.
PRINT_INK = Color(28, 25, 23)
#: A panel tint lighter than this stays as the brand has it; a darker one (a dark theme's
#: surface colour) is replaced by the primary faded towards the paper.
_PANEL_MIN_LUMINANCE = 0.6


@lru_cache(maxsize=16)
def printed_colors(brand: Brand) -> BrandColors:
    """The brand's colours as the sheets print them. The sheets set headings, numbers and rules
    in the primary and accent colours on the paper, and white (or dark) text on primary bands:
    a pale brand colour (a light yellow, a sky blue) would leave a title nobody can read, on
    paper and in greyscale. So each is darkened until it reaches 4.5:1 on the paper (the
    brand file's warning already suggests that shade), and the text on primary bands is chosen
    against the darkened primary; a colour that already reads is printed as it is.

    The paper is white whatever the brand's background: a brand made for a dark screen (light
    text on navy) printed every page dark, which empties a toner cartridge, prints as a black
    sheet in greyscale and leaves nothing to write on. Its background, text and panel colours
    are then those of paper: white, a dark ink, and a pale tint of the primary."""
    colors = brand.colors
    paper = colors.background
    foreground, muted, light = colors.foreground, colors.muted, colors.light
    if contrast_ratio(BLACK, paper) < contrast_ratio(WHITE, paper):  # a dark background
        paper = WHITE
        if contrast_ratio(foreground, paper) < AA_BODY_TEXT:
            foreground = PRINT_INK

    def readable(color: Color) -> Color:
        return color if contrast_ratio(color, paper) >= AA_BODY_TEXT \
            else darken_until(color, paper)

    primary = readable(colors.primary)
    if paper != colors.background:
        muted = readable(muted)
        if light.relative_luminance() < _PANEL_MIN_LUMINANCE:
            light = primary.mix(paper, 0.88)
    on_primary = colors.on_primary
    if primary != colors.primary:
        on_primary = WHITE if contrast_ratio(WHITE, primary) >= contrast_ratio(
            foreground, primary) else foreground
    return colors._replace(primary=primary, accent=readable(colors.accent),
                           on_primary=on_primary, background=paper, foreground=foreground,
                           muted=muted, light=light)


def _print_css(brand: Brand, url_of: Callable[[int, FontFace], str],
               language_families: tuple[str, ...]) -> str:
    colors = printed_colors(brand)
    lines = [f"  --gk-{name}: {getattr(colors, name).hex};"
             for name in ("primary", "accent", "foreground", "background", "muted", "light")]
    lines.append(f"  --gk-on-primary: {colors.on_primary.hex};")
    families = {face.family for face in brand.font_faces} | {"Inter"}
    body = brand.font_family if brand.font_family in families else "Inter"
    heading = brand.heading_font_family if brand.heading_font_family in families else body
    if brand.font_family not in families:
        log.warning("the sheets use Inter: the brand font '%s' has no font files to embed",
                    brand.font_family)
    extra = "".join(f", {css_string(family)}" for family in language_families)
    lines.append(f"  --gk-font: {css_string(body)}, \"Inter\"{extra};")
    lines.append(f"  --gk-heading-font: {css_string(heading)}, \"Inter\"{extra};")
    faces = _font_faces(brand, url_of, swap=False)
    return "\n".join(faces) + "\n:root {\n" + "\n".join(lines) + "\n}"
