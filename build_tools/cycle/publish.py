"""The cycle's files for one language's site: calendar files and the wall planner, with the
paths the pages link to. Knows nothing of MkDocs: the plugin (or a guide plan) publishes the
returned bytes at the returned paths and hands the `CycleDownloads` to the page renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..brand import DEFAULT_BRAND, Brand
from ..loader import Project
from ..rendering import LanguageContext
from .settings import CycleSettings, cycle_settings

CALENDAR_DIR = "downloads/agenda"
CYCLE_CALENDAR = "downloads/gesprekscyclus.ics"
PLANNER = "downloads/jaarplanner.pdf"


@dataclass(frozen=True)
class PublishedFile:
    site_path: str
    content: bytes


@dataclass(frozen=True)
class CycleDownloads:
    """Where this language's cycle files are in its site; empty when there are none."""

    kit_calendars: dict[str, str] = field(default_factory=dict)
    #: The first conversation of each scheduled kit, as text ("12 januari 2027").
    first_dates: dict[str, str] = field(default_factory=dict)
    cycle_calendar: str | None = None
    planner: str | None = None
    planner_size: int = 0
    #: Months of each kit with fixed months, the settings' choice winning over the kit's.
    kit_months: dict[str, tuple[int, ...]] = field(default_factory=dict)


def kit_calendar_path(kit_id: str) -> str:
    return f"{CALENDAR_DIR}/{kit_id}.ics"


def publish_cycle(project: Project, context: LanguageContext, brand: Brand = DEFAULT_BRAND, *,
                  options: dict[str, Any] | None = None, config_file: Path | None = None,
                  planner: bool = True) -> tuple[list[PublishedFile], CycleDownloads]:
    """Every cycle file of one language. Raises GesprekskitError for bad cycle settings."""
    settings = cycle_settings(options, config_file, [kit.id for kit in project.kits])
    return cycle_files(project, context, settings, brand, planner=planner)


def cycle_files(project: Project, context: LanguageContext, settings: CycleSettings,
                brand: Brand = DEFAULT_BRAND, *, planner: bool = True,
                cache_dir: Path | None = None) -> tuple[list[PublishedFile], CycleDownloads]:
    # icalendar only when calendar files are made: the site's pages import this module.
    from .calendar_files import (calendar_of_events, first_occurrence, kit_events, kit_schedule,
                                 recurrences, scheduled_kits)

    files: list[PublishedFile] = []
    kits = scheduled_kits(project, settings)
    calendars: dict[str, str] = {}
    first_dates: dict[str, str] = {}
    translate = context.translate
    # Each event written once: in its kit's calendar and again in the year's.
    events = {kit.id: [event.to_ical() for event in kit_events(project, kit, context, settings)]
              for kit in kits}
    for kit in kits:
        content = calendar_of_events(events[kit.id], context, settings,
                                     context.text(kit.document.title))
        calendars[kit.id] = kit_calendar_path(kit.id)
        files.append(PublishedFile(calendars[kit.id], content))
        dates = [first_occurrence(rule, settings)
                 for _, rule in recurrences(kit_schedule(kit, settings), settings)]
        found = min((date for date in dates if date is not None), default=None)
        if found is not None:
            first_dates[kit.id] = format_date(found.date(), context)
    cycle_calendar = None
    if kits:
        cycle_calendar = CYCLE_CALENDAR
        files.append(PublishedFile(CYCLE_CALENDAR, calendar_of_events(
            [event for kit in kits for event in events[kit.id]], context, settings,
            translate("cycle_files.cycle_name"))))
    planner_path, planner_size = None, 0
    if planner and project.kits:
        from .planner import render_planner  # WeasyPrint only when the planner is asked for

        pdf = render_planner(project, context, settings, brand, cache_dir)
        files.append(PublishedFile(PLANNER, pdf))
        planner_path, planner_size = PLANNER, len(pdf)
    kit_months = {kit.id: settings.months[kit.id] for kit in project.kits if kit.id in settings.months}
    return files, CycleDownloads(calendars, first_dates, cycle_calendar, planner_path, planner_size,
                                 kit_months)


def format_date(day: Any, context: LanguageContext) -> str:
    """A date as readers of the language write it; ISO when Babel does not know the language."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date as babel_date

    try:
        return babel_date(day, format="long", locale=context.language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()
