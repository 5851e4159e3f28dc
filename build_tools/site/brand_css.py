"""Where the brand's files go in the guide's site (its CSS is made by `build_tools.brand_css`).

File names are made of safe characters only, whatever the author called the files.
"""

from __future__ import annotations

import re

from ..brand import Brand, FontFace

BRAND_ASSET_DIR = "assets/gesprekskit/brand"


_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def font_site_path(index: int, brand: Brand) -> str:
    """Where a brand font goes in the site: numbered, and named with safe characters only,
    whatever the author called the file (quotes, brackets and spaces would end up in CSS)."""
    face = brand.font_faces[index]
    stem = _UNSAFE_IN_FILE_NAME.sub("-", face.path.stem).strip("-.")[:60] or "font"
    suffix = _UNSAFE_IN_FILE_NAME.sub("", face.path.suffix.lower())
    return f"{BRAND_ASSET_DIR}/fonts/{index}-{stem}{suffix}"


def font_url_from_brand_css(index: int, face: FontFace, brand: Brand) -> str:
    """A brand font's URL as brand.css (in BRAND_ASSET_DIR, beside the fonts folder) names it."""
    return font_site_path(index, brand).removeprefix(BRAND_ASSET_DIR + "/")


def logo_site_path(brand: Brand) -> str | None:
    logo = brand.site_logo
    return f"{BRAND_ASSET_DIR}/logo{logo.suffix.lower()}" if logo else None
