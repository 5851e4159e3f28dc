"""Files the guide ships with: fonts, stylesheets and the offline search polyfill."""

from __future__ import annotations

from pathlib import Path

from ..rendering import PACKAGE_ROOT

SITE_ASSET_PREFIX = "assets/gesprekskit"


def site_assets() -> list[tuple[str, Path]]:
    """(path in the site, file in the package) for every asset the site needs."""
    sources = [
        *sorted((PACKAGE_ROOT / "assets" / "fonts").iterdir()),
        *sorted((PACKAGE_ROOT / "assets" / "javascripts").iterdir()),
        *sorted((PACKAGE_ROOT / "site" / "css").iterdir()),
    ]
    assets = []
    for source in sources:
        if source.is_file():
            relative = source.relative_to(PACKAGE_ROOT)
            folder = relative.parts[-2]
            name = f"{folder}/{source.name}" if folder in ("fonts", "javascripts") else source.name
            assets.append((f"{SITE_ASSET_PREFIX}/{name}", source))
    return assets
