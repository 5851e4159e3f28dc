"""A VTIMEZONE for an IANA zone, written as Outlook reads it best: one STANDARD and one DAYLIGHT
component with a yearly RRULE ("last Sunday of March"), computed from the system's zoneinfo.

icalendar can write a zone from tzinfo too, but as one component per transition (RDATE lists),
which Outlook misreads; the rules here are checked against zoneinfo for the years the calendar
covers, and only when a zone follows no weekday rule are the years written out one by one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
#: Years a computed rule is checked against, from the calendar's first year.
CHECKED_YEARS = 10


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset, in the local wall-clock time before it."""

    local_before: dt.datetime
    offset_before: dt.timedelta
    offset_after: dt.timedelta
    name_after: str
    daylight_after: bool


@lru_cache(maxsize=64)
def transitions(zone: ZoneInfo, year: int) -> tuple[Transition, ...]:
    """Every offset change in a year, found day by day and then to the second."""
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc)
    step = dt.timedelta(days=1)
    while moment < end:
        after = moment + step
        if moment.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = moment, after
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            before_offset = low.astimezone(zone).utcoffset() or dt.timedelta()
            local = high.astimezone(zone)
            found.append(Transition(
                (high + before_offset).replace(tzinfo=None), before_offset,
                local.utcoffset() or dt.timedelta(), local.tzname() or "",
                bool(local.dst())))
        moment = after
    return tuple(found)


def _weekday_rule(day: dt.datetime) -> tuple[int, int]:
    """(month, n) with n the weekday's place in the month, -1 for the last one."""
    last_day = calendar.monthrange(day.year, day.month)[1]
    ordinal = -1 if day.day + 7 > last_day else (day.day - 1) // 7 + 1
    return day.month, ordinal


def _rule_day(year: int, month: int, weekday: int, ordinal: int) -> int:
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    return days[ordinal if ordinal < 0 else ordinal - 1]


def _follows_rule(zone: ZoneInfo, first: Transition, years: range) -> bool:
    month, ordinal = _weekday_rule(first.local_before)
    weekday = first.local_before.weekday()
    for year in years:
        matching = [t for t in transitions(zone, year) if t.daylight_after == first.daylight_after]
        if len(matching) != 1:
            return False
        moment = matching[0].local_before
        if (moment.month, moment.time(), moment.weekday()) != (month, first.local_before.time(),
                                                                weekday):
            return False
        if moment.day != _rule_day(year, month, weekday, ordinal):
            return False
    return True


def _component(change: Transition, rule: bool) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if change.daylight_after else TimezoneStandard()
    start = change.local_before
    if rule:  # begin a year early: events before this year's change need the rule too
        month, ordinal = _weekday_rule(start)
        year = start.year - 1
        start = start.replace(year=year, day=_rule_day(year, month, start.weekday(), ordinal))
    component.add("dtstart", start)
    component.add("tzoffsetfrom", change.offset_before)
    component.add("tzoffsetto", change.offset_after)
    if change.name_after:
        component.add("tzname", change.name_after)
    if rule:
        month, ordinal = _weekday_rule(change.local_before)
        component.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": month,
                                       "BYDAY": f"{ordinal}{_WEEKDAYS[change.local_before.weekday()]}"}))
    return component


def vtimezone(name: str, first_year: int, last_year: int | None = None) -> Timezone:
    """The VTIMEZONE of `name` valid from `first_year` on (a fresh component each call)."""
    return Timezone.from_ical(_vtimezone_text(name, first_year, last_year))


@lru_cache(maxsize=16)
def _vtimezone_text(name: str, first_year: int, last_year: int | None) -> bytes:
    """Computed once per zone and years: every calendar file of a build has the same one."""
    return _build_vtimezone(name, first_year, last_year).to_ical()


def _build_vtimezone(name: str, first_year: int, last_year: int | None) -> Timezone:
    zone = ZoneInfo(name)
    timezone = Timezone()
    timezone.add("tzid", name)
    changes = transitions(zone, first_year)
    if not changes:  # no daylight saving time: one STANDARD with the year's offset
        moment = dt.datetime(first_year, 1, 1, tzinfo=zone)
        offset = moment.utcoffset() or dt.timedelta()
        timezone.add_component(_component(Transition(
            dt.datetime(1970, 1, 1), offset, offset, moment.tzname() or "", False), rule=False))
        return timezone
    years = range(first_year + 1, (last_year or first_year + CHECKED_YEARS) + 1)
    if len(changes) == 2 and all(_follows_rule(zone, change, years) for change in changes):
        for change in sorted(changes, key=lambda change: change.daylight_after):
            timezone.add_component(_component(change, rule=True))
        return timezone
    # No weekday rule (or one that changes): each change of the covered years on its own.
    for year in range(first_year, years.stop):
        for change in transitions(zone, year):
            timezone.add_component(_component(change, rule=False))
    return timezone
