"""The printable PDFs of every kit, as files of the site: where they go and how they are offered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.numbers import format_decimal

from .brand import DEFAULT_BRAND, Brand
from .loader import Project
from .model import Kit
from .pdf_build import PoolJob, RenderStats, render_languages, terminal_progress
from .rendering import LanguageContext
from .sheets.registry import COMPLETE, SHEET_TYPES
from .workshop_sheets.registry import WORKSHOP_SHEETS

DOWNLOADS_DIR = "downloads"
#: The order of the buttons on a kit page, and the paper each sheet is printed on.
SHEET_PAPER = {**{sheet.name: sheet.default_paper for sheet in SHEET_TYPES}, COMPLETE: "mixed"}
WORKSHOP_PAPER = {sheet.name: sheet.default_paper for sheet in WORKSHOP_SHEETS}


@dataclass(frozen=True)
class RenderedSheet:
    kit_id: str
    sheet: str
    site_path: str
    #: The PDF in the cache: MkDocs copies it into the site, so no PDF is held in memory.
    path: Path
    size: int


def site_path(kit_id: str, sheet: str, language: str | None = None) -> str:
    """`downloads/<kit>/<kit>-<sheet>.pdf`, or with a language `downloads/<lang>/<kit>/...`."""
    folder = f"{DOWNLOADS_DIR}/{language}" if language else DOWNLOADS_DIR
    return f"{folder}/{kit_id}/{pdf_file_name(kit_id, sheet)}"


def pdf_file_name(owner_id: str, sheet: str, language: str | None = None) -> str:
    """`<kit>-<sheet>.pdf` in the guide's default language, `<kit>-<sheet>-<lang>.pdf` in any
    other (as the handbook is `handbook-<lang>.pdf`): the command line writes every language's
    sheet into one folder, so the language is in the name, never a file written over."""
    return f"{owner_id}-{sheet}{f'-{language}' if language else ''}.pdf"


def handbook_site_path(language: str) -> str:
    """Where the site offers the handbook, beside the kits' PDFs: `downloads/handbook-nl.pdf`."""
    return f"{DOWNLOADS_DIR}/handbook-{language}.pdf"


def published_downloads(project: Project, languages: Sequence[str]) -> frozenset[str]:
    """Every file a build with PDFs may publish under `downloads/`, from the root of any
    language's site: each kit's and workshop's sheets (`downloads/<id>/...` and
    `downloads/<lang>/<id>/...`), the handbooks, the cycle's calendars and planner. What a
    text's link into `downloads/` is checked against: a little more than one build publishes
    (a sheet a workshop lacks, the calendar of a kit without a schedule), never less."""
    from .cycle.publish import CYCLE_CALENDAR, PLANNER, kit_calendar_path

    owners = {kit.id: list(SHEET_PAPER) for kit in project.kits}
    owners.update({workshop.id: list(WORKSHOP_PAPER) for workshop in project.workshops})
    found = {CYCLE_CALENDAR, PLANNER, *(kit_calendar_path(kit.id) for kit in project.kits)}
    for owner, sheets in owners.items():
        for sheet in sheets:
            found.add(site_path(owner, sheet))
            found.update(site_path(owner, sheet, language) for language in languages)
    found.update(handbook_site_path(language) for language in languages)
    return frozenset(found)


def render_downloads(project: Project, languages: list[str], brand: Brand = DEFAULT_BRAND, *,
                     cache_dir: Path, jobs: int = 0, use_cache: bool = True,
                     extra: Sequence[PoolJob] = ()
                     ) -> tuple[dict[str, list[RenderedSheet]], dict[str, RenderStats]]:
    """Every sheet of every kit and workshop in each language; unchanged ones come from the
    cache. `extra` documents (the handbooks) are rendered by the same workers, and the
    workshops' sheets after them: the longest jobs first, then the kits."""
    # Workshop packs (issue 19): published beside the kits' sheets, named and placed alike.
    from .workshop_sheets.downloads import WorkshopDownloads

    workshops = WorkshopDownloads(project, languages, brand, cache_dir, use_cache=use_cache)
    progress, stop = terminal_progress(f"PDFs ({', '.join(languages)})")
    try:
        pdfs, stats = render_languages(project, languages, brand, jobs=jobs, cache_dir=cache_dir,
                                       use_cache=use_cache, progress=progress,
                                       extra=[*extra, *workshops.jobs()])
    finally:
        stop()
    rendered = {language: [RenderedSheet(kit_id, sheet, site_path(kit_id, sheet), sheets[sheet],
                                         sheets[sheet].stat().st_size)
                           for kit_id, sheets in by_kit.items() for sheet in SHEET_PAPER]
                for language, by_kit in pdfs.items()}
    for language, sheets in workshops.sheets().items():
        rendered[language] += sheets
    return rendered, stats


def format_size(size: int, context: LanguageContext) -> str:
    kilobytes = max(1, round(size / 1024))
    try:  # Babel writes `pt_BR` where the guide writes `pt-BR`
        size_text = format_decimal(kilobytes, locale=context.language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):  # a language Babel does not know: plain digits
        size_text = str(kilobytes)
    return context.translate("kilobytes", size=size_text)


def download_label(sheet: str, context: LanguageContext) -> str:
    return context.translate(f"download_label.{sheet}")


def paper_label(sheet: str, context: LanguageContext) -> str:
    return context.translate(f"paper.{SHEET_PAPER.get(sheet) or WORKSHOP_PAPER[sheet]}")


def kit_sheets(kit: Kit, rendered: list[RenderedSheet]) -> list[RenderedSheet]:
    return [item for item in rendered if item.kit_id == kit.id]
