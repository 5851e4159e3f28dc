"""iCalendar files (RFC 5545) of the conversation cycle: one per kit with a rhythm and one for
the whole year, for Outlook, Google Calendar and Apple Calendar alike.

Written to import cleanly in Outlook: the organisation's time zone as a VTIMEZONE with yearly
rules (see `timezone`), one yearly event per fixed month (Outlook has no "March and September"
pattern), an end time rather than a duration, UNTIL in UTC. The same input gives the same bytes:
UIDs come from the project and kit ids, DTSTAMP from the cycle's start date. No names, no
attendees, no organiser: the files hold nothing about people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from dateutil.rrule import rrulestr
from icalendar import Alarm, Calendar, Event, vRecur

from .. import __version__
from ..loader import Project
from ..model import Kit
from ..rendering import LanguageContext
from ..sheets.links import kit_page_url
from ..text import plain_text
from .settings import CycleSettings
from .timezone import vtimezone

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Schedule:
    """When a kit's conversations fall: every `interval` months, or yearly in each of `months`."""

    interval: int | None = None
    months: tuple[int, ...] = ()


def kit_schedule(kit: Kit, settings: CycleSettings) -> Schedule | None:
    """The kit's rhythm, with the months HR fixed in the settings winning; None: triggers only."""
    if kit.id in settings.months:
        return Schedule(months=settings.months[kit.id])
    cycle = kit.document.when.cycle
    if cycle is None or cycle.on_trigger:
        return None
    if cycle.every_months:
        return Schedule(interval=cycle.every_months)
    return Schedule(months=tuple(sorted(set(cycle.months or []))))


def scheduled_kits(project: Project, settings: CycleSettings) -> list[Kit]:
    return [kit for kit in project.kits if kit_schedule(kit, settings) is not None]


def _day_rule(settings: CycleSettings) -> dict[str, str | int]:
    """The day in a month: the start's weekday at the same place (BYDAY=2TU), or its date."""
    start = settings.first_date()
    if settings.repeat_on == "date":
        return {"BYMONTHDAY": start.day}
    return {"BYDAY": f"{(start.day - 1) // 7 + 1}{_WEEKDAYS[start.weekday()]}"}


def recurrences(schedule: Schedule, settings: CycleSettings) -> list[tuple[str, vRecur]]:
    """(UID suffix, rule) per event of a schedule."""
    day = _day_rule(settings)
    if schedule.interval:
        rule = {"FREQ": "MONTHLY", "INTERVAL": schedule.interval, **day}
        if schedule.interval == 1:
            del rule["INTERVAL"]
        return [("", _with_until(rule, settings))]
    return [(f"-{month:02d}", _with_until({"FREQ": "YEARLY", "BYMONTH": month, **day}, settings))
            for month in schedule.months]


def _with_until(rule: dict, settings: CycleSettings) -> vRecur:
    if settings.until is not None:
        last_moment = dt.datetime.combine(settings.until, dt.time(23, 59, 59), settings.zone)
        rule["UNTIL"] = last_moment.astimezone(dt.timezone.utc)
    return vRecur(rule)


def first_occurrence(rule: vRecur, settings: CycleSettings) -> dt.datetime | None:
    """The rule's first date on or after the start, at the cycle's time (local, naive)."""
    start = dt.datetime.combine(settings.first_date(), settings.time)
    text = rule.to_ical().decode()
    if "UNTIL" in rule:  # dateutil compares UNTIL with DTSTART: both in UTC then
        aware = start.replace(tzinfo=settings.zone).astimezone(dt.timezone.utc)
        found = next(iter(rrulestr(text, dtstart=aware)), None)
        return found.astimezone(settings.zone).replace(tzinfo=None) if found else None
    return rrulestr(text, dtstart=start)[0]


def _uid_domain(project: Project) -> str:
    """The part of every UID after '@': the guide's host when it has a site_url, else a fixed
    name. Never the project folder's name, which differs per checkout: a file built elsewhere
    must update the events an earlier import made, not add them again."""
    host = urlsplit(project.settings.site_url).hostname if project.settings.site_url else None
    name = host or "gesprekskit.guide"
    return "".join(char if char.isalnum() or char in ".-" else "-" for char in name.lower())


def _description(kit: Kit, context: LanguageContext, project: Project) -> str:
    translate = context.translate
    document = kit.document
    parts = [plain_text(context.text(document.summary)),
             translate("cycle_files.why") + ": " + plain_text(context.text(document.purpose.description))]
    for who, items in (("manager", document.preparation.manager),
                       ("employee", document.preparation.employee)):
        lines = [f"- {plain_text(context.text(item))}" for item in items]
        parts.append(translate(f"cycle_files.prepare_{who}") + ":\n" + "\n".join(lines))
    settings = project.settings
    url = kit_page_url(settings.site_url, settings.kits_section, kit.id,
                       "" if context.language == settings.default_language else f"{context.language}/",
                       settings.directory_urls)
    if url:
        parts.append(translate("cycle_files.more") + ": " + url)
    return "\n\n".join(parts)


def kit_events(project: Project, kit: Kit, context: LanguageContext,
               settings: CycleSettings) -> list[Event]:
    """The recurring events of one kit: one, or one per fixed month."""
    schedule = kit_schedule(kit, settings)
    if schedule is None:
        return []
    translate = context.translate
    title = plain_text(context.text(kit.document.title))
    stamp = dt.datetime.combine(settings.first_date(), dt.time(0), dt.timezone.utc)
    events = []
    for suffix, rule in recurrences(schedule, settings):
        start = first_occurrence(rule, settings)
        if start is None:  # the end date comes before the first conversation
            continue
        event = Event()
        event.add("uid", f"{kit.id}{suffix}@{_uid_domain(project)}")
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("dtstart", start.replace(tzinfo=settings.zone))
        event.add("dtend", (start + dt.timedelta(minutes=kit.document.duration)
                            ).replace(tzinfo=settings.zone))
        event.add("rrule", rule)
        event.add("description", _description(kit, context, project))
        event.add("categories", [translate(f"kit_type.{kit.document.type.value}")])
        event.add("transp", "OPAQUE")
        if settings.reminder_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-settings.reminder_days))
            alarm.add("description", translate("cycle_files.reminder", title=title,
                                               days=settings.reminder_days))
            event.add_component(alarm)
        events.append(event)
    return events


def calendar_bytes(events: list[Event], context: LanguageContext, settings: CycleSettings,
                   name: str) -> bytes:
    """One VCALENDAR with `events` (from `kit_events`) and the time zone they use."""
    return calendar_of_events([event.to_ical() for event in events], context, settings, name)


def calendar_of_events(events: list[bytes], context: LanguageContext, settings: CycleSettings,
                       name: str) -> bytes:
    """`calendar_bytes` of events written already (`Event.to_ical()`): the year's calendar
    holds every kit's events, which are then written once instead of twice. The same bytes:
    a component is written as its lines, its subcomponents' lines nested in order."""
    end = b"END:VCALENDAR\r\n"
    frame = _calendar_frame(context, settings, name)
    assert frame.endswith(end)
    first_year = settings.first_date().year
    zone = _zone_bytes(settings.time_zone, first_year,
                       settings.until.year if settings.until else None)
    return frame[:-len(end)] + zone + b"".join(events) + end


@lru_cache(maxsize=16)
def _zone_bytes(name: str, first_year: int, last_year: int | None) -> bytes:
    """The VTIMEZONE as every calendar file holds it, written once per zone and years."""
    return vtimezone(name, first_year, last_year).to_ical()


def _calendar_frame(context: LanguageContext, settings: CycleSettings, name: str) -> bytes:
    """The calendar's own lines, without its time zone and events."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Gesprekskit//Gesprekskit {__version__}//{context.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.time_zone)
    return calendar.to_ical()
