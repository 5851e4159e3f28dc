"""The benchmark's floor: the documents a build renders, rendered by bare WeasyPrint.

The list of documents comes from the guide plan and from the HTML functions the build itself
calls, so the floor renders what the build renders: every kit's sheets (and their complete
set) in every language, every workshop's sheets, and per language the wall planner and the
handbook when the build makes them. A feature that adds a PDF to the build belongs here too,
or `overhead_ratio` compares the build with less work than it does.

Two floors come from the same documents. The *final* floor lays out each document once, as
the build settles on it (`overhead_ratio`). The build lays some out more than once before it
settles: a sheet is fitted (a denser layout when text runs out of its box or strands a last
page; the praatplaat's areas measured before the plate is placed; the deck's cards one by one)
and the handbook's contents and overview are laid out first with placeholder page numbers.
Those extra layouts are the fitting's *tries*: the *renders* floor lays them out too, bare, so
that it renders every HTML document the build renders, as issue 9 defined the floor
(`renders_overhead_ratio`: what the build's own work costs beyond WeasyPrint's).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class FloorJob:
    """One process's share: documents laid out and written as PDFs."""

    name: str
    htmls: tuple[str, ...]
    base_url: str
    #: Also written as one PDF of all their pages, as a kit's complete set is.
    combined: bool = False
    #: The fitting's other layouts of these documents: laid out, never written.
    tries: tuple[str, ...] = ()


def floor_jobs(project_dir: Path) -> list[FloorJob]:
    """Every PDF document a `gesprekskit build` of `project_dir` renders, as HTML, with the
    fitting's tries of each (`FloorJob.tries`; see `without_tries` and `only_tries`)."""
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
    from build_tools.sheets import render
    from build_tools.sheets.registry import SHEET_TYPES

    # Each sheet as the build settles on it (its density, the plate's measured areas, the
    # deck's card sizes), not its first try: the final documents, laid out once. The fitting
    # runs here, before the floor's clock starts; every layout it makes is noted (the options
    # `_sheet_source` is called with, once per layout) as one of the sheet's tries.
    jobs = []
    for language in languages:
        for kit in project.kits:
            finals, tries = [], []
            for sheet in SHEET_TYPES:
                noted: list[dict] = []
                with _noting(render, "_sheet_source", noted):
                    final = render.fitted_sheet_html(project, kit, sheet.name,
                                                     language=language, brand=brand)
                finals.append(final)
                htmls = [render.sheet_html(project, kit, sheet.name, **options)
                         for options in noted if options.pop("styles_apart", False)]
                htmls.remove(final)  # the final layout is one of them, laid out once
                tries += htmls
            jobs.append(FloorJob(f"{kit.id}-{language}", tuple(finals), render.BASE_URL,
                                 combined=True, tries=tuple(tries)))
    return jobs


@contextmanager
def _noting(module, name: str, noted: list[dict]) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """While inside: the keyword arguments of every call of `module.name`, in `noted`."""
    original = getattr(module, name)

    def noting(*args, **options):  # type: ignore[no-untyped-def]
        noted.append(dict(options))
        return original(*args, **options)

    setattr(module, name, noting)
    try:
        yield
    finally:
        setattr(module, name, original)


def _workshop_sheets(project, brand, languages: list[str]) -> list[FloorJob]:  # type: ignore[no-untyped-def]
    from build_tools.workshop_sheets import render
    from build_tools.workshop_sheets.downloads import project_workshops
    from build_tools.workshop_sheets.render import BASE_URL, available_sheets, sheet_html

    # Each sheet once as its first layout (the workshop fitting's final layout is not named by
    # HTML), and every layout its fitting makes beyond one as a try.
    jobs = []
    for language in languages:
        for workshop in project_workshops(project):
            firsts, tries = [], []
            for sheet in available_sheets(project, workshop):
                firsts.append(sheet_html(project, workshop, sheet.name, language=language,
                                         brand=brand))
                noted: list[dict] = []
                with _noting(render, "sheet_html", noted):
                    render.render_document(project, workshop, sheet.name, language=language,
                                           brand=brand)
                tries += [sheet_html(project, workshop, sheet.name, **options)
                          for options in noted[1:]]
            jobs.append(FloorJob(f"workshop-{workshop.id}-{language}", tuple(firsts), BASE_URL,
                                 tries=tuple(tries)))
    return jobs


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
        # Its parts, each laid out once; the build lays out the contents and the overview a
        # second time with their page numbers (their tries: the same HTML, but placeholders).
        content = handbook_content(plan.project, edition.language, plan.brand, source)
        parts = [part_html(content, part, start_page=1, numbers=None) for part in content.parts]
        jobs.append(FloorJob(f"handbook-{edition.language}", tuple(parts), BASE_URL, tries=tuple(
            html for html, part in zip(parts, content.parts) if part.refers_to_pages)))
    return jobs


_FONTS = None


def without_tries(jobs: list[FloorJob]) -> list[FloorJob]:
    """The final floor's jobs: each document laid out once."""
    return [replace(job, tries=()) for job in jobs]


def only_tries(jobs: list[FloorJob]) -> list[FloorJob]:
    """What the renders floor lays out beyond the final floor: the fitting's tries."""
    return [replace(job, htmls=(), combined=False) for job in jobs if job.tries]


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
    for html in work.tries:  # laid out only, as the fitting does
        weasyprint.HTML(string=html, base_url=work.base_url).render(
            font_config=_FONTS, pdf_forms=True, pdf_tags=True)


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
