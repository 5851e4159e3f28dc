"""The benchmark's floor: the documents a build renders, rendered by bare WeasyPrint.

The list of documents comes from the guide plan and from the HTML functions the build itself
calls, so the floor renders what the build renders: every kit's sheets (and their complete
set) in every language, every workshop's sheets, and per language the wall planner and the
handbook when the build makes them. A feature that adds a PDF to the build belongs here too,
or `overhead_ratio` compares the build with less work than it does.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FloorJob:
    """One process's share: documents laid out and written as PDFs."""

    name: str
    htmls: tuple[str, ...]
    base_url: str
    #: Also written as one PDF of all their pages, as a kit's complete set is.
    combined: bool = False


def floor_jobs(project_dir: Path) -> list[FloorJob]:
    """Every PDF document a `gesprekskit build` of `project_dir` renders, as HTML."""
    from build_tools.build import read_project_settings
    from build_tools.plan import make_plan

    plan = make_plan(read_project_settings(project_dir))
    if not plan.settings.options.pdfs:
        return []
    project, brand = plan.project, plan.brand
    languages = [edition.language for edition in plan.editions]
    jobs = [*_handbooks(plan), *_planners(plan)]  # the big documents first: they set the pace
    jobs += _kit_sheets(project, brand, languages)
    jobs += _workshop_sheets(project, brand, languages)
    return jobs


def _kit_sheets(project, brand, languages: list[str]) -> list[FloorJob]:  # type: ignore[no-untyped-def]
    from build_tools.sheets.registry import SHEET_TYPES
    from build_tools.sheets.render import BASE_URL, fitted_sheet_html

    # Each sheet as the build settles on it (its density, the plate's measured areas, the
    # deck's card sizes), not its first try: the final documents, laid out once. Fitting
    # here takes time, but before the floor's clock starts.
    return [FloorJob(f"{kit.id}-{language}", tuple(
                fitted_sheet_html(project, kit, sheet.name, language=language, brand=brand)
                for sheet in SHEET_TYPES), BASE_URL, combined=True)
            for language in languages for kit in project.kits]


def _workshop_sheets(project, brand, languages: list[str]) -> list[FloorJob]:  # type: ignore[no-untyped-def]
    from build_tools.workshop_sheets.downloads import project_workshops
    from build_tools.workshop_sheets.render import BASE_URL, available_sheets, sheet_html

    return [FloorJob(f"workshop-{workshop.id}-{language}", tuple(
                sheet_html(project, workshop, sheet.name, language=language, brand=brand)
                for sheet in available_sheets(project, workshop)), BASE_URL)
            for language in languages for workshop in project_workshops(project)]


def _planners(plan) -> list[FloorJob]:  # type: ignore[no-untyped-def]
    from build_tools.cycle.planner import CYCLE_ROOT, planner_html

    if plan.cycle is None or not plan.project.kits:
        return []
    return [FloorJob(f"planner-{edition.language}", (planner_html(
                plan.project, edition.context, plan.cycle, plan.brand),), CYCLE_ROOT.as_uri() + "/")
            for edition in plan.editions]


def _handbooks(plan) -> list[FloorJob]:  # type: ignore[no-untyped-def]
    from build_tools.handbook.render import (BASE_URL, HandbookSource, handbook_content,
                                             part_html)

    options = plan.settings.options
    jobs = []
    for edition in plan.editions:
        values = plan.settings.mkdocs_values()
        values["nav"] = edition.nav  # as the build hands it over: this language's titles
        source = HandbookSource.from_config(values, plan.settings.languages, options.languages,
                                            edition.layout)
        # Its parts, each laid out once: the build lays out the contents and the overview a
        # second time with their page numbers, an overhead the floor leaves out.
        content = handbook_content(plan.project, edition.language, plan.brand, source)
        jobs.append(FloorJob(f"handbook-{edition.language}", tuple(
            part_html(content, part, start_page=1, numbers=None) for part in content.parts),
            BASE_URL))
    return jobs


_FONTS = None


def _bare_render(job: tuple[FloorJob, str]) -> None:
    """Bare WeasyPrint: the documents written as PDFs (and combined, like a complete set).

    Each process keeps one FontConfiguration, as WeasyPrint's documentation advises for many
    documents: the floor is the best plain WeasyPrint can do, not its slower default (a new
    font configuration per document took about a quarter longer at N = 50 in our runs)."""
    global _FONTS
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    _FONTS = _FONTS or FontConfiguration()
    work, folder = job
    documents = []
    for index, html in enumerate(work.htmls):
        document = weasyprint.HTML(string=html, base_url=work.base_url).render(
            font_config=_FONTS, pdf_forms=True, pdf_tags=True)
        document.write_pdf(f"{folder}/{work.name}-{index}.pdf", pdf_forms=True, pdf_tags=True)
        if work.combined:  # else let it go: a large handbook's parts need not all fit at once
            documents.append(document)
    if work.combined and documents:
        combined = documents[0].copy([page for document in documents for page in document.pages])
        combined.write_pdf(f"{folder}/{work.name}-all.pdf", pdf_forms=True, pdf_tags=True)


def _use_tempdir(folder: str) -> None:
    tempfile.tempdir = folder


def render_floor(jobs: list[FloorJob], processes: int, scratch: Path) -> float:
    """Seconds bare WeasyPrint takes for `jobs` over `processes` processes."""
    fonts = scratch / "tmp"  # WeasyPrint's font folders, removed with the scratch folder
    fonts.mkdir()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=processes, initializer=_use_tempdir,
                             initargs=(str(fonts),)) as pool:
        list(pool.map(_bare_render, [(job, str(scratch)) for job in jobs]))
    return time.perf_counter() - started
