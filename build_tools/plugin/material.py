"""What the guide needs of Material for MkDocs in particular: its theme settings, the palette
toggle's labels, the language selector, and repairs to the HTML it writes.

Kept apart from the plan (which knows no site generator) and from the plugin's wiring, so a
move to another theme or generator replaces this module, not the guide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..site.guide_pages import escaped_once

from ..plan.edition import Edition
from ..plan.publish import SEARCH_POLYFILL, STYLESHEETS
from ..rendering import PACKAGE_ROOT
from ..site.html_fixes import repair_material_html

#: Our partials (the language selector, the footer) override Material's.
OVERRIDES_DIR = PACKAGE_ROOT / "site" / "overrides"
#: Languages whose words are not separated by spaces: the search segmenter splits them.
UNSPACED_LANGUAGES = ("ja", "zh", "ko", "th")


def configure_script(config: Any, edition: Edition) -> None:
    """One language code for the theme, the search index and the writing direction."""
    spec = edition.spec
    config.theme["language"] = spec.theme_language
    config.theme["direction"] = spec.direction
    for name in ("search", "material/search"):
        search = config.plugins.get(name)
        if search is not None:
            search.config.update(search_options(edition))


def search_options(edition: Edition) -> dict[str, Any]:
    """The search plugin's options for the edition's language (the build and the export)."""
    options: dict[str, Any] = {"lang": [edition.spec.search_language]}
    if edition.spec.primary in UNSPACED_LANGUAGES:
        options["separator"] = r"[\s\-\.]+"
    return options


def label_palette_toggles(palette: Any, edition: Edition) -> None:
    """The palette switch's labels in the edition's language."""
    for option in palette if isinstance(palette, list) else []:
        if isinstance(option, dict) and option.get("toggle"):
            to_light = option.get("scheme") == "slate"
            option["toggle"]["name"] = edition.context.translate(
                "palette.to_light" if to_light else "palette.to_dark")


def escaped_site_name(edition: Edition) -> Markup:
    """Material writes the site name into attributes and <title> unescaped in some places and
    escaped in others: markup escaped once passes both ways unchanged."""
    return escaped_once(edition.site_name)


def configure_theme(config: Any, edition: Edition) -> None:
    """Our templates, stylesheets and polyfill; palette labels in the edition's language; the
    brand's logo; the site name as Material needs it."""
    overrides = str(OVERRIDES_DIR)
    if overrides not in config.theme.dirs:
        material = next((index for index, folder in enumerate(config.theme.dirs)
                         if Path(folder).name == "templates"), len(config.theme.dirs))
        config.theme.dirs.insert(material, overrides)
    extra: Any = config.extra
    # Material's "Made with" footer links to its web site; the guide refers to no other host.
    extra.setdefault("generator", False)
    if edition.selector:
        # Truthy for the header's selector, not iterable, so Material adds no
        # <link rel=alternate> and its script fetches no sitemap.
        extra["alternate"] = True
    if not extra.get("polyfills"):
        extra["polyfills"] = [SEARCH_POLYFILL]
    for stylesheet in STYLESHEETS:
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    label_palette_toggles(config.theme["palette"] if "palette" in config.theme else None, edition)
    logo = edition.logo
    if logo:
        config.theme["logo"] = logo
        config.theme["favicon"] = logo
    config.site_name = escaped_site_name(edition)


def selector_context(context: dict[str, Any], edition: Edition, page_url: str) -> dict[str, Any]:
    """Point the language selector (our `partials/alternate.html`) at this very page."""
    context["gesprekskit_alternate"] = edition.alternate_links(page_url)
    return context


def finish_page(html: str, edition: Edition) -> str:
    """Material's HTML repaired, and marked with the edition's language: Material writes the
    code of its own interface language into <html lang>, which for a language it has no
    interface for (Frisian, say) is another language."""
    html = repair_material_html(html)
    code = edition.language
    if edition.spec.theme_language == code:
        return html
    return re.sub(r'<html lang="[^"]*"', f'<html lang="{code}"', html, count=1)


def finish_template(html: str, template_name: str) -> str:
    return repair_material_html(html) if template_name.endswith(".html") else html
