"""The features that add files to every guide plan, registered in `contributions`.

Each one is a function `(plan, edition) -> [PublishedFile]`, called when an edition's site is
written; it may also hand the edition's page renderer what its pages link to. A feature whose
file is a long render (the handbook) also hands the PDF workers a job (`PDF_CONTRIBUTORS`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import contributions
from .publish import PublishedFile

if TYPE_CHECKING:
    from ..pdf_build import PoolJob
    from .edition import Edition
    from .guide import GuidePlan


def cycle_files(plan: GuidePlan, edition: Edition) -> Iterable[PublishedFile]:
    """Calendar files and the wall planner of the edition's language (issue 18); the kit
    pages and Jaarritme link to them through the edition's layout."""
    from ..cycle.publish import cycle_files as make_cycle_files

    if plan.cycle is None:
        return []
    options = plan.settings.options
    files, downloads = make_cycle_files(
        plan.project, edition.context, plan.cycle, plan.brand, planner=options.pdfs,
        cache_dir=plan.root / options.cache_dir if options.cache else None)
    edition.layout = dataclasses.replace(edition.layout, cycle=downloads)
    return [PublishedFile(item.site_path, content=item.content) for item in files]


def handbook_jobs(plan: GuidePlan) -> Iterable[PoolJob]:
    """The whole guide as one printed handbook per language (issue 17), rendered by the PDF
    workers beside the kits' sheets; each edition offers its own on its conversations overview."""
    options = plan.settings.options
    if not (options.pdfs and options.handbook):
        return []
    from ..handbook.publish import handbook_pool_job  # WeasyPrint: PDFs only

    jobs = []
    for edition in plan.editions:
        values = plan.settings.mkdocs_values()
        values["nav"] = edition.nav  # this language's titles, the kits filled in

        def ready(published: Any, edition: Edition = edition) -> None:
            edition.handbook = published

        job = handbook_pool_job(
            plan.project, edition.language, plan.brand, values,
            languages=plan.settings.languages, language_options=options.languages,
            layout=edition.layout, cache_dir=plan.root / options.cache_dir,
            use_cache=options.cache, ready=ready)
        if job is not None:
            jobs.append(job)
    return jobs


def handbook_file(plan: GuidePlan, edition: Edition) -> Iterable[PublishedFile]:
    """The edition's handbook, once the PDF workers made it (none in a build without PDFs)."""
    if edition.handbook is None:
        return []
    return [PublishedFile(edition.handbook.site_path, source=edition.handbook.path)]


contributions.FILE_CONTRIBUTORS += [cycle_files, handbook_file]
contributions.PDF_CONTRIBUTORS += [handbook_jobs]
