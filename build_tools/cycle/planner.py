"""The wall planner: the year's conversation cycle on one A3 landscape sheet, months across and
conversations down, with the conversations held when something happens listed apart.

Rendered with WeasyPrint like the sheets (their brand CSS, fonts, fetcher and PDF finishing),
from its own template and print stylesheet; the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from .. import __version__
from ..brand import DEFAULT_BRAND, Brand
from ..fonts import language_css
from ..loader import Project
from ..model import Kit
from ..rendering import PACKAGE_ROOT, LanguageContext, make_environment
from ..sheets.fetcher import ProjectFetcher
from ..sheets.fonts import kit_font_plan
from ..sheets.pdf_finish import finisher
from ..sheets.render import PDF_OPTIONS, _font_config, _logo_url, brand_css
from ..site.pages import sorted_kits
from ..text import plain_text
from .calendar_files import first_occurrence, kit_schedule, recurrences
from .settings import CycleSettings

CYCLE_ROOT = Path(__file__).resolve().parent
#: Triggers shown per conversation held on a trigger: the planner names situations, the guide
#: has the rest.
TRIGGERS_SHOWN = 3
#: Height left for the year table on the A3 page (mm), with and without the trigger cards.
TABLE_HEIGHT_MM = {True: 150.0, False: 205.0}
ROW_HEIGHT_MM = (10.0, 20.0)
#: From this many rows the table uses its compact style.
DENSE_ROWS = 9


@dataclass(frozen=True)
class PlannerRow:
    kit: Kit
    rhythm: str
    #: Per month: the day of the conversation ("di 12"), or "" when there is none.
    days: list[str]


def _month_days(kit: Kit, settings: CycleSettings, year: int,
                context: LanguageContext) -> list[str]:
    """Where the kit's calendar events fall in `year`, as short day labels per month."""
    from dateutil.rrule import rrulestr

    schedule = kit_schedule(kit, settings)
    days = [""] * 12
    if schedule is None:
        return days
    weekday_names = context.translate.lookup("cycle_files.weekday_short")
    for _, rule in recurrences(schedule, settings):
        start = first_occurrence(rule, settings)
        if start is None:
            continue
        text = rule.to_ical().decode()
        if "UNTIL" in rule:
            aware = start.replace(tzinfo=settings.zone).astimezone(dt.timezone.utc)
            moments = [moment.astimezone(settings.zone).replace(tzinfo=None)
                       for moment in rrulestr(text, dtstart=aware).between(
                           dt.datetime(year, 1, 1, tzinfo=settings.zone),
                           dt.datetime(year + 1, 1, 1, tzinfo=settings.zone), inc=True)]
        else:
            moments = rrulestr(text, dtstart=start).between(
                dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1), inc=True)
        for moment in moments:
            days[moment.month - 1] = f"{weekday_names[moment.weekday()]} {moment.day}"
    return days


def planner_html(project: Project, context: LanguageContext, settings: CycleSettings,
                 brand: Brand = DEFAULT_BRAND) -> str:
    translate = context.translate
    year = settings.first_date().year
    rows, triggered = [], []
    for kit in sorted_kits(project, context):
        if kit_schedule(kit, settings) is not None:
            rows.append(PlannerRow(kit, plain_text(context.text(kit.document.when.rhythm)),
                                   _month_days(kit, settings, year, context)))
        else:
            triggered.append({"kit": kit,
                              "situations": kit.document.when.situations[:TRIGGERS_SHOWN],
                              "more": max(0, len(kit.document.when.situations) - TRIGGERS_SHOWN)})
    plans = [kit_font_plan(project, kit, context.language, brand) for kit in project.kits]
    fonts = max(plans, key=lambda plan: len(plan.families))
    environment = make_environment(CYCLE_ROOT / "templates", context)
    local_brand = brand.in_language(context.language, project.settings.default_language)
    row_height = TABLE_HEIGHT_MM[bool(triggered)] / max(1, len(rows))
    row_height = round(min(ROW_HEIGHT_MM[1], max(ROW_HEIGHT_MM[0], row_height)), 1)
    return environment.get_template("planner.html").render(
        row_height=row_height, dense=len(rows) >= DENSE_ROWS, rows=rows, triggered=triggered, year=year, brand=local_brand,
        title=translate("cycle_files.planner_title", year=year),
        brand_css=brand_css(brand, "print", language_families=tuple(fonts.families)) + language_css(fonts),
        logo_url=_logo_url(project, brand), language=context.language,
        direction=project.settings.language(context.language).direction,
        month_names=translate.lookup("month_names"), generator=f"Gesprekskit {__version__}")


#: Planners rendered in this process by what they were made from: `serve` rebuilds after every
#: edit, and most edits do not change the planner.
_RENDERED: dict[str, bytes] = {}
_RENDERED_KEPT = 8


def _render_key(html: str, brand: Brand, root: Path) -> str:
    """What the PDF is made of: its HTML and the brand's files (the HTML only names them)."""
    files = [face.path for face in brand.font_faces]
    if brand.logo is not None:
        files.append(brand.logo if brand.logo.is_absolute() else root / brand.logo)
    stamps = [f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}"
              for path in files if path.is_file()]
    return hashlib.sha256("\n".join([html, *stamps]).encode()).hexdigest()


def render_planner(project: Project, context: LanguageContext, settings: CycleSettings,
                   brand: Brand = DEFAULT_BRAND, cache_dir: Path | None = None) -> bytes:
    """The wall planner of one language as PDF bytes (tagged, like the sheets). With
    `cache_dir`, a planner laid out before for the same HTML, brand files and Gesprekskit is
    read from there: a forced rebuild of a 200-kit guide laid it out again every time (about
    5 s of its 14)."""
    html = planner_html(project, context, settings, brand)
    key = _render_key(html, brand, project.settings.root)
    if key in _RENDERED:
        return _RENDERED[key]
    stored = None
    if cache_dir is not None:
        from ..pdf_build import package_fingerprint

        folder = cache_dir / "planner"
        name = f"planner-{context.language}-"
        stored = folder / f"{name}{hashlib.sha256((key + package_fingerprint()).encode()).hexdigest()}.pdf"
        if stored.is_file():
            pdf = stored.read_bytes()
            _remember(key, pdf)
            return pdf
    pdf = _render(html, project, context, settings, brand)
    _remember(key, pdf)
    if stored is not None:
        from ..output_path import write_output_file

        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            write_output_file(stored, pdf)  # whole or not at all, no partial file left
            for older in stored.parent.glob(f"{name}*.pdf"):  # one per language is kept
                if older != stored:
                    older.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs the next build a layout
    return pdf


def _remember(key: str, pdf: bytes) -> None:
    if len(_RENDERED) >= _RENDERED_KEPT:
        _RENDERED.pop(next(iter(_RENDERED)))
    _RENDERED[key] = pdf


def _render(html: str, project: Project, context: LanguageContext, settings: CycleSettings,
            brand: Brand) -> bytes:
    fetcher = ProjectFetcher([PACKAGE_ROOT, project.settings.root], "the wall planner",
                             project_root=project.settings.root)
    document = weasyprint.HTML(string=html, base_url=CYCLE_ROOT.as_uri() + "/",
                               url_fetcher=fetcher).render(font_config=_font_config(brand),
                                                           **PDF_OPTIONS)
    key = f"gesprekskit/planner/{context.language}/{settings.first_date().year}"
    identifier = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(pdf_identifier=identifier, finisher=finisher(), **PDF_OPTIONS)
