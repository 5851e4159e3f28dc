"""The brand as CSS for the guide: Material's colour variables, the brand's fonts and headings.

Every value comes from a checked `Brand` (hex colours, font names of letters, digits and spaces),
so nothing an author typed reaches this CSS unparsed.
"""

from __future__ import annotations

import re

from ..brand import Brand
from ..colors import AA_BODY_TEXT, darken_until, parse_color

BRAND_ASSET_DIR = "assets/gesprekskit/brand"
SLATE_BACKGROUND = parse_color("#1e2129")  # Material's dark scheme background
SLATE_PANEL = parse_color("#28413f")       # the lightest tint behind text in the dark scheme


_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def font_site_path(index: int, brand: Brand) -> str:
    """Where a brand font goes in the site: numbered, and named with safe characters only,
    whatever the author called the file (quotes, brackets and spaces would end up in CSS)."""
    face = brand.font_faces[index]
    stem = _UNSAFE_IN_FILE_NAME.sub("-", face.path.stem).strip("-.")[:60] or "font"
    suffix = _UNSAFE_IN_FILE_NAME.sub("", face.path.suffix.lower())
    return f"{BRAND_ASSET_DIR}/fonts/{index}-{stem}{suffix}"


def css_string(value: str) -> str:
    """A CSS string literal: quotes, backslashes and anything but printable ASCII escaped."""
    return '"' + "".join(char if char.isascii() and char.isprintable() and char not in '"\\'
                         else f"\\{ord(char):x} " for char in value) + '"'


def logo_site_path(brand: Brand) -> str | None:
    logo = brand.site_logo
    return f"{BRAND_ASSET_DIR}/logo{logo.suffix.lower()}" if logo else None


def brand_css(brand: Brand) -> str:
    primary = parse_color(brand.primary)
    background = parse_color(brand.background)
    lines = ["/* Generated from the brand file by Gesprekskit. */"]
    for index, face in enumerate(brand.font_faces):
        # Relative to brand.css itself, which sits in BRAND_ASSET_DIR beside the fonts folder.
        url = font_site_path(index, brand).removeprefix(BRAND_ASSET_DIR + "/")
        lines.append(
            f'@font-face {{ font-family: {css_string(face.family)}; font-style: {face.style}; '
            f'font-weight: {face.weight}; font-display: swap; src: url({css_string(url)}); }}')
    dark_link = darken_until(primary, SLATE_PANEL, AA_BODY_TEXT + 0.3)
    lines += [
        ":root, [data-md-color-scheme=\"default\"] {",
        f"  --md-primary-fg-color: {brand.primary};",
        f"  --md-primary-fg-color--light: {primary.mix(background, 0.25).hex};",
        f"  --md-primary-fg-color--dark: {primary.mix(parse_color('#000000'), 0.2).hex};",
        f"  --md-primary-bg-color: {brand.on_primary};",
        f"  --md-accent-fg-color: {brand.accent};",
        f"  --md-typeset-a-color: {darken_until(primary, background).hex};",
        f"  --md-default-fg-color: {brand.foreground};",
        f"  --md-default-bg-color: {brand.background};",
        f"  --md-text-font: {css_string(brand.font_family)};",
        f"  --gk-heading-font: {css_string(brand.heading_font_family)};",
        f"  --gk-panel-bg: {primary.mix(background, 0.93).hex};",
        f"  --gk-chip-bg: {primary.mix(background, 0.85).hex};",
        f"  --gk-chip-fg: {darken_until(primary, primary.mix(background, 0.85)).hex};",
        f"  --gk-muted: {brand.muted};",
        "}",
        "[data-md-color-scheme=\"slate\"] {",
        f"  --md-primary-fg-color: {brand.primary};",
        f"  --md-primary-bg-color: {brand.on_primary};",
        f"  --md-typeset-a-color: {dark_link.hex};",
        f"  --md-accent-fg-color: {darken_until(parse_color(brand.accent), SLATE_PANEL).hex};",
        "}",
        ".md-typeset h1, .md-typeset h2, .md-typeset h3 { font-family: var(--gk-heading-font), var(--md-text-font-family); }",
    ]
    return "\n".join(lines) + "\n"
