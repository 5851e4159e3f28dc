"""The features that add files to every guide plan, registered in `contributions`.

Each one is a function `(plan, edition) -> [PublishedFile]`, called when an edition's site is
written; it may also hand the edition's page renderer what its pages link to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import contributions
from .publish import PublishedFile

if TYPE_CHECKING:
    from .edition import Edition
    from .guide import GuidePlan


def cycle_files(plan: GuidePlan, edition: Edition) -> Iterable[PublishedFile]:
    """Calendar files and the wall planner of the edition's language (issue 18); the kit
    pages and Jaarritme link to them through the edition's layout."""
    from ..cycle.publish import cycle_files as make_cycle_files

    if plan.cycle is None:
        return []
    files, downloads = make_cycle_files(plan.project, edition.context, plan.cycle, plan.brand,
                                        planner=plan.settings.options.pdfs)
    edition.layout = dataclasses.replace(edition.layout, cycle=downloads)
    return [PublishedFile(item.site_path, content=item.content) for item in files]


def handbook_file(plan: GuidePlan, edition: Edition) -> Iterable[PublishedFile]:
    """The whole guide as one printed handbook in the edition's language (issue 17), offered
    on its conversations overview."""
    options = plan.settings.options
    if not options.pdfs:
        return []
    from ..handbook.publish import HandbookError, publish_handbook  # WeasyPrint: PDFs only
    from .guide import PlanError

    values = plan.settings.mkdocs_values()
    values["nav"] = edition.nav  # this language's titles, the kits filled in
    try:
        edition.handbook = publish_handbook(
            plan.project, edition.language, plan.brand, values,
            languages=plan.settings.languages, language_options=options.languages,
            layout=edition.layout, cache_dir=plan.root / options.cache_dir,
            use_cache=options.cache)
    except HandbookError as error:
        raise PlanError(str(error)) from None
    return [PublishedFile(edition.handbook.site_path, source=edition.handbook.path)]


contributions.FILE_CONTRIBUTORS += [cycle_files, handbook_file]
