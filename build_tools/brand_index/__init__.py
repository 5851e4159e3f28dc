"""The page at the top of an `--all-brands` build: one card per brand's site, so the address
people bookmarked (`site/index.html`) still opens something useful.

Each card shows the brand as its site does: its name (the brand file's `meta: name:`, else the
guide's name, as that brand's sheets print it; never the folder name), its colour and its
header logo, taken from the brand's own site folder. The stylesheet is inlined and no font or
image comes from elsewhere, so the page works offline and opened from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..brand import Brand
from ..languages import text_direction
from ..rendering import LanguageContext, make_environment
from ..site.brand_css import logo_site_path

ROOT = Path(__file__).parent


@dataclass(frozen=True)
class BrandSite:
    """One brand's site, as the index shows it."""

    folder: str
    name: str
    primary: str
    on_primary: str
    #: The header logo, relative to the index (`het-anker/assets/…/logo.svg`), or None.
    logo: str | None = None

    @classmethod
    def of(cls, folder: str, brand: Brand, language: str, default_language: str) -> BrandSite:
        """The card of the site built in `folder` with `brand` (a guide's brand: unnamed, it
        carries the guide's name)."""
        shown = brand.in_language(language, default_language)
        logo = logo_site_path(brand)
        return cls(folder, shown.organisation, brand.primary, brand.on_primary,
                   f"{folder}/{logo}" if logo else None)


def brand_index_html(sites: list[BrandSite], title: str, context: LanguageContext) -> str:
    """The index page in the guide's default language: every brand's site as a card linking
    to its home page."""
    environment = make_environment(ROOT / "templates", context)
    return environment.get_template("index.html").render(
        title=title, sites=sites, direction=text_direction(context.language),
        css=(ROOT / "css" / "index.css").read_text(encoding="utf-8"))


def write_brand_index(site_dir: Path, sites: list[BrandSite], title: str,
                      context: LanguageContext) -> Path:
    """`site_dir/index.html` linking to `<brand>/index.html` for every brand built."""
    target = site_dir / "index.html"
    target.write_text(brand_index_html(sites, title, context), encoding="utf-8")
    return target
