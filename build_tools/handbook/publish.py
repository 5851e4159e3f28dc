"""The handbook as a download of the site: rendered (or found in the cache) for the language
being built, and offered on the conversations overview page.

The one place the site build calls into the handbook; it takes MkDocs' config only as a mapping
of mkdocs.yml's keys, so it moves unchanged to the guide plan.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..brand import Brand
from ..loader import Project
from ..rendering import LanguageContext
from ..site.pages import SiteLayout
from ..pdf_build import PoolJob
from .cache import cached_handbook, handbook_job
from ..downloads import handbook_site_path
from .source import HandbookSource, handbook_link_html


@dataclass(frozen=True)
class PublishedHandbook:
    site_path: str  # from the root of this language's site
    path: Path      # the PDF in the cache

    def offer(self, page_html: str, link: str, context: LanguageContext) -> str:
        """The overview page with the handbook offered right below its title and lead."""
        offer = handbook_link_html(link, context.translate)
        return re.sub(r"(</p>)", lambda match: match.group(1) + "\n" + offer, page_html, count=1)


def handbook_source(brand: Brand, config: Any, *, languages: list[str], language_options: Any,
                    layout: SiteLayout) -> HandbookSource:
    """What the handbook reads of mkdocs.yml, the site name without the brand the site's
    header adds to it."""
    site_name = html.unescape(str(config["site_name"]))
    suffix = " · " + brand.short_name
    if brand.short_name and site_name.endswith(suffix):
        site_name = site_name[:-len(suffix)]
    # The handbook lists no calendar files: the edition's cycle downloads stay out of its key.
    layout = dataclasses.replace(layout, cycle=None)
    return HandbookSource.from_config(config, languages, language_options, layout,
                                      site_name=site_name)


def publish_handbook(project: Project, language: str, brand: Brand, config: Any, *,
                     languages: list[str], language_options: Any, layout: SiteLayout,
                     cache_dir: Path, use_cache: bool) -> PublishedHandbook:
    """The handbook of `language` in `brand`, from the cache when its inputs did not change,
    else rendered here (the export; a build renders it in its PDF workers: `handbook_pool_job`)."""
    source = handbook_source(brand, config, languages=languages,
                             language_options=language_options, layout=layout)
    path = cached_handbook(project, language, brand, source=source, cache_dir=cache_dir,
                           use_cache=use_cache)
    return PublishedHandbook(handbook_site_path(language), path)


def handbook_pool_job(project: Project, language: str, brand: Brand, config: Any, *,
                      languages: list[str], language_options: Any, layout: SiteLayout,
                      cache_dir: Path, use_cache: bool,
                      ready: Callable[[PublishedHandbook], None]) -> PoolJob | None:
    """The handbook of `language` as a job for the build's PDF workers, or None when the cache
    holds it (`ready` then has it already). A failed render stops the build with a located
    error and leaves the cache's previous handbook as it was."""
    source = handbook_source(brand, config, languages=languages,
                             language_options=language_options, layout=layout)
    return handbook_job(project, language, brand, source=source, cache_dir=cache_dir,
                        use_cache=use_cache, ready=lambda path: ready(
                            PublishedHandbook(handbook_site_path(language), path)))
