"""The page at the top of an `--all-brands` build: one link per brand's site, so the address
people bookmarked (`site/index.html`) still opens something useful."""

from __future__ import annotations

import html
from pathlib import Path

from .diagnostics import GesprekskitError

_PAGE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 40rem; padding: 0 1rem;
       color: #1d2327; line-height: 1.5; }}
a {{ color: #1f5f5b; font-size: 1.2rem; }} li {{ margin: .6rem 0; }}
</style></head>
<body><h1>{title}</h1><ul>
{items}
</ul></body></html>
"""


def brand_label(name: str, brand_file: Path | None, project_dir: Path) -> str:
    """The organisation's name from its brand file, the folder name if it has none."""
    if brand_file is None:
        return name
    from .brand_file import load_brand

    try:
        brand, _ = load_brand(brand_file, project_dir)
    except GesprekskitError:
        return name
    return brand.organisation if brand.named else name


def write_brand_index(site_dir: Path, brands: dict[str, Path | None], project_dir: Path,
                      title: str, language: str) -> Path:
    """`site_dir/index.html` linking to `<brand>/index.html` for every brand built."""
    items = "\n".join(
        f'<li><a href="{html.escape(name)}/index.html">'
        f"{html.escape(brand_label(name, path, project_dir))}</a></li>"
        for name, path in brands.items())
    target = site_dir / "index.html"
    target.write_text(_PAGE.format(language=html.escape(language), title=html.escape(title),
                                   items=items), encoding="utf-8")
    return target
