"""The organisation's house style as the site and the sheets use it, already checked.

`brand_file.py` reads a brand.yml into this type; `DEFAULT_BRAND` is the neutral look used when a
project has no brand file. Every value here is safe to write into CSS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from .colors import Color


@dataclass(frozen=True)
class FontFace:
    """One font file of the brand, inside the project or the package."""

    family: str
    path: Path
    weight: int = 400
    style: str = "normal"


@dataclass(frozen=True)
class BrandText:
    """A brand text per language (`{nl: ..., en: ...}`); a plain string is one language only."""

    texts: tuple[tuple[str, str], ...]     # (language, text); language "" for a plain string

    def resolve(self, language: str, default_language: str) -> str:
        values = dict(self.texts)
        for choice in (language, "", default_language):
            if choice in values:
                return values[choice]
        return next(iter(values.values()))


COLOR_FIELDS = ("primary", "accent", "foreground", "background", "muted", "light", "on_primary")


class BrandColors(NamedTuple):
    primary: Color
    accent: Color
    foreground: Color
    background: Color
    muted: Color
    light: Color
    on_primary: Color


@dataclass(frozen=True)
class Brand:
    """Name, colours, fonts and logo of one organisation."""

    organisation: str = "Gesprekskit"
    short_name: str = "Gesprekskit"
    primary: str = "#1f5f5b"       # deep teal: headings, rules, buttons (white text on it: 7.4:1)
    accent: str = "#a8432f"        # warm terracotta: small highlights (4.5:1 or more on white)
    foreground: str = "#1d2327"
    background: str = "#ffffff"
    muted: str = "#5b6770"         # secondary text, still 4.5:1 on white
    light: str = "#e8f0ef"         # tinted panels behind zones
    on_primary: str = "#ffffff"    # text on primary-coloured bars and buttons
    font_family: str = "Inter"
    heading_font_family: str = "Inter"
    font_faces: tuple[FontFace, ...] = ()
    logo: Path | None = None       # a checked (and for SVG: sanitised) image file
    header_logo: Path | None = None  # the logo's dark-background variant, for the site header
    footer: BrandText | str | None = None      # a line shown in every sheet's footer
    contact: BrandText | str | None = None     # e.g. the HR contact, on the follow-up form
    confidentiality: BrandText | str | None = None  # e.g. "Vertrouwelijk", on the form
    name: str = "default"          # the brand's folder name when several brands are built
    source_files: tuple[Path, ...] = field(default=(), compare=False)
    #: The brand file names the organisation (`meta: name:`); else the guide's name stands in.
    named: bool = False
    #: The guide's site_name per language, the organisation's name on an unnamed brand's
    #: sheets and covers (see `for_guide`); part of repr, so of the PDFs' cache key.
    guide_name: BrandText | None = None

    def for_guide(self, site_names: Mapping[str, str]) -> Brand:
        """The brand of one guide: without a name of its own (no brand file, or one without a
        name), its sheets and covers name the guide (`site_name`, per language), not
        "Gesprekskit"."""
        names = tuple((code, name) for code, name in site_names.items() if name.strip())
        if self.named or not names:
            return self
        return replace(self, guide_name=BrandText(names))

    def in_language(self, language: str, default_language: str) -> Brand:
        """The brand with its texts in one language, as a sheet prints them."""
        def pick(value: BrandText | str | None) -> str | None:
            return value.resolve(language, default_language) if isinstance(value, BrandText) \
                else value

        organisation = pick(self.guide_name) or self.organisation
        short_name = self.short_name if self.guide_name is None else organisation
        return replace(self, footer=pick(self.footer), contact=pick(self.contact),
                       confidentiality=pick(self.confidentiality), organisation=organisation,
                       short_name=short_name)

    @cached_property
    def colors(self) -> BrandColors:
        """The brand's colours as `Color` values, parsed once (the fields hold the checked
        hex strings `brand_file` wrote)."""
        from .colors import parse_color

        return BrandColors(*(parse_color(getattr(self, name)) for name in COLOR_FIELDS))

    @property
    def site_logo(self) -> Path | None:
        """The logo on the guide's header bar: the dark-background variant when there is one."""
        return self.header_logo or self.logo

    @cached_property
    def cache_key(self) -> str:
        """Changes whenever anything that shapes the output changes, file contents included.
        Computed once per brand (a build asks for every kit and language)."""
        digest = hashlib.sha256(repr(self).encode())
        logos = [path for path in (self.logo, self.header_logo) if path is not None]
        for path in (*(face.path for face in self.font_faces), *logos):
            digest.update(path.read_bytes())
        return digest.hexdigest()


DEFAULT_BRAND = Brand()
