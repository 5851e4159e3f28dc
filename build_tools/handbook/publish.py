"""The handbook as a download of the site: rendered (or found in the cache) for the language
being built, and offered on the conversations overview page.

The one place the site build calls into the handbook; it takes MkDocs' config only as a mapping
of mkdocs.yml's keys, so it moves unchanged to the guide plan.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..brand import Brand
from ..loader import Project
from ..rendering import LanguageContext
from ..site.pages import SiteLayout
from ..pdf_build import PdfRenderError
from .content import GuidePageError
from .render import HandbookSource, cached_handbook, handbook_link_html, handbook_site_path


#: What can stop the handbook: a guide page the site refuses too, or a render that failed.
HandbookError = (GuidePageError, PdfRenderError)


@dataclass(frozen=True)
class PublishedHandbook:
    site_path: str  # from the root of this language's site
    path: Path      # the PDF in the cache

    def offer(self, page_html: str, link: str, context: LanguageContext) -> str:
        """The overview page with the handbook offered right below its title and lead."""
        offer = handbook_link_html(link, context.translate)
        return re.sub(r"(</p>)", lambda match: match.group(1) + "\n" + offer, page_html, count=1)


def publish_handbook(project: Project, language: str, brand: Brand, config: Any, *,
                     languages: list[str], language_options: Any, layout: SiteLayout,
                     cache_dir: Path, use_cache: bool) -> PublishedHandbook:
    """The handbook of `language` in `brand`, from the cache when its inputs did not change."""
    site_name = html.unescape(str(config["site_name"]))
    suffix = " · " + brand.short_name
    if brand.short_name and site_name.endswith(suffix):  # the site's header adds the brand
        site_name = site_name[:-len(suffix)]
    source = HandbookSource.from_config(config, languages, language_options, layout,
                                        site_name=site_name)
    path = cached_handbook(project, language, brand, source=source, cache_dir=cache_dir,
                           use_cache=use_cache)
    return PublishedHandbook(handbook_site_path(language), path)
