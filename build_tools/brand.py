"""The organisation's house style as the site and the sheets use it.

Only the neutral default lives here for now; reading a brand.yml file builds on this type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Brand:
    """Name, colours, fonts and logo, already checked: values here are safe to write into CSS."""

    organisation: str = "Gesprekskit"
    primary: str = "#1f5f5b"       # deep teal: headings, rules, buttons
    accent: str = "#c8553d"        # warm terracotta: small highlights
    foreground: str = "#1d2327"
    background: str = "#ffffff"
    muted: str = "#5b6770"         # secondary text, still 4.5:1 on white
    light: str = "#e8f0ef"         # tinted panels behind zones
    font_family: str = "Inter"
    logo: Path | None = None       # an image file inside the project or the package
    footer: str | None = None      # a line shown in every sheet's footer

    @property
    def cache_key(self) -> str:
        return repr(self)


DEFAULT_BRAND = Brand()
