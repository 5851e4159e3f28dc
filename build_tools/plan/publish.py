"""Files a guide edition publishes beside its pages: where each goes in the site, and what it is.

A published file is either a file on disk (copied, never held in memory: fonts, PDFs in the
cache) or content made in memory (the brand's CSS, a calendar file). The site adapter hands
each one to the site generator as it is; nothing here knows which generator that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..brand import Brand
from ..site.assets import site_assets
from ..brand_css import brand_css
from ..site.brand_css import (BRAND_ASSET_DIR, font_site_path, font_url_from_brand_css,
                              logo_site_path)

BRAND_CSS_PATH = f"{BRAND_ASSET_DIR}/brand.css"


@dataclass(frozen=True)
class PublishedFile:
    """One file of the site: `site_path` relative to the edition's root, from `source` (a file
    on disk) or `content` (text or bytes made by the build)."""

    site_path: str
    source: Path | None = None
    content: str | bytes | None = None

    def __post_init__(self) -> None:
        if (self.source is None) == (self.content is None):
            raise ValueError(f"{self.site_path}: give either a source file or content")

    def data(self) -> bytes:
        """The file's bytes (for an export or a test; builds copy `source` instead)."""
        if self.source is not None:
            return self.source.read_bytes()
        return self.content.encode("utf-8") if isinstance(self.content, str) \
            else bytes(self.content or b"")


def guide_brand_css(brand: Brand) -> str:
    """brand.css of the guide: the brand's CSS with its fonts where the site publishes them."""
    return brand_css(brand, "screen",
                     font_url=lambda index, face: font_url_from_brand_css(index, face, brand))


def static_files(brand: Brand) -> list[PublishedFile]:
    """What every edition publishes: Gesprekskit's fonts, stylesheets and scripts, and the
    brand's CSS, font files and logo."""
    files = [PublishedFile(path, source=source) for path, source in site_assets()]
    files.append(PublishedFile(BRAND_CSS_PATH, content=guide_brand_css(brand)))
    files += [PublishedFile(font_site_path(index, brand), source=face.path)
              for index, face in enumerate(brand.font_faces)]
    logo = logo_site_path(brand)
    if logo and brand.site_logo:
        files.append(PublishedFile(logo, source=brand.site_logo))
    return files


#: The stylesheets every page links, in order (paths in the site).
STYLESHEETS = ("assets/gesprekskit/fonts.css", "assets/gesprekskit/gesprekskit.css", BRAND_CSS_PATH)
#: The search polyfill for pages opened from disk.
SEARCH_POLYFILL = "assets/gesprekskit/javascripts/iframe-worker-shim.js"
