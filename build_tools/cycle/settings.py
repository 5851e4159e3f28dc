"""The `cycle` section of the gesprekskit plugin settings: when the conversations of the year
take place, read from plain data and checked with errors that point into mkdocs.yml.

Example (mkdocs.yml)::

    plugins:
      - gesprekskit:
          cycle:
            time_zone: Europe/Amsterdam
            start: 2027-01-12      # the first conversations; later ones keep its weekday
            time: "10:00"
            reminder_days: 5        # a reminder to prepare, 0 for none
            until: 2027-12-31       # optional: no events after this day
            repeat_on: weekday      # or `date`: the same day of the month
            months:                 # optional: fixed months for a kit
              groeigesprek: [11]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..diagnostics import DiagnosticReport, GesprekskitError, Location
from ..config_positions import ConfigPositions
from ..validation_messages import did_you_mean

DEFAULT_TIME_ZONE = "Europe/Amsterdam"
#: The years a cycle can be planned in: calendar files and the wall planner count forward
#: from the start, and nothing sensible lies outside these.
EARLIEST, LATEST = dt.date(1970, 1, 1), dt.date(2199, 12, 31)
KNOWN_KEYS = ("time_zone", "start", "time", "reminder_days", "until", "repeat_on", "months")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class CycleSettings:
    """Validated cycle settings. `start` None: the cycle starts on the first working day of the
    build year, so a guide without settings still gets calendar files."""

    time_zone: str = DEFAULT_TIME_ZONE
    start: dt.date | None = None
    time: dt.time = dt.time(10, 0)
    reminder_days: int = 5
    until: dt.date | None = None
    repeat_on: str = "weekday"
    months: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def first_date(self, today: dt.date | None = None) -> dt.date:
        if self.start is not None:
            return self.start
        day = dt.date((today or dt.date.today()).year, 1, 2)  # 1 January is a holiday
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day


def cycle_settings(options: dict[str, Any] | None, config_file: Path | None = None,
                   kit_ids: list[str] | None = None) -> CycleSettings:
    """The settings from the plugin's `cycle` option; a GesprekskitError listing every problem
    with its line in mkdocs.yml otherwise."""
    options = options or {}
    report = DiagnosticReport()
    locate = _Locator(config_file)
    values: dict[str, Any] = {}

    def problem(key: str | tuple[str, ...], message: str, hint: str) -> None:
        path = (key,) if isinstance(key, str) else key
        report.error(locate(path), f"cycle.{'.'.join(path)}: {message}", hint)

    if not isinstance(options, dict):
        report.error(locate(()), "the cycle settings must be a list of 'name: value' lines",
                     "write for example 'cycle:' and below it '  time_zone: Europe/Amsterdam'")
        raise GesprekskitError(report, "the cycle settings have errors")
    for key in options:
        if key not in KNOWN_KEYS:
            close = did_you_mean(str(key), list(KNOWN_KEYS))
            problem(str(key), "is not a cycle setting",
                    f"did you mean '{close}'?" if close else "known settings: " + ", ".join(KNOWN_KEYS))
    if "time_zone" in options:
        zone = str(options["time_zone"])
        try:
            ZoneInfo(zone)
            values["time_zone"] = zone
        except (ZoneInfoNotFoundError, ValueError):
            close = did_you_mean(zone, sorted(available_timezones()))
            problem("time_zone", f"'{zone}' is not a time zone",
                    f"did you mean '{close}'?" if close else
                    "write a name from the IANA time zone list, such as Europe/Amsterdam")
    for key in ("start", "until"):
        if key in options:
            day = _date(options[key], key, problem)
            if day is not None:
                values[key] = day
    if "start" in values and "until" in values and values["until"] < values["start"]:
        problem("until", "lies before the start", "choose an end date after the start date")
    if "time" in options:
        time = _time(options["time"], locate.written, problem)
        if time is not None:
            values["time"] = time
    if "reminder_days" in options:
        days = options["reminder_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            problem("reminder_days", f"'{days}' is not a number of days from 0 to 60",
                    "write for example 5 (a reminder five days before), or 0 for no reminder")
        else:
            values["reminder_days"] = days
    if "repeat_on" in options:
        if options["repeat_on"] not in ("weekday", "date"):
            problem("repeat_on", f"'{options['repeat_on']}' is not weekday or date",
                    "weekday: the same weekday of the month as the start (the second Tuesday); "
                    "date: the same day of the month")
        else:
            values["repeat_on"] = options["repeat_on"]
    if "months" in options:
        values["months"] = _kit_months(options["months"], kit_ids, problem)
    if report.errors:
        raise GesprekskitError(report, "the cycle settings have errors")
    return CycleSettings(**values)


def _kit_months(value: Any, kit_ids: list[str] | None, problem: Any) -> dict[str, tuple[int, ...]]:
    if not isinstance(value, dict):
        problem("months", "must name kits with their months",
                "write for example 'groeigesprek: [11]' on the line below 'months:'")
        return {}
    months: dict[str, tuple[int, ...]] = {}
    for kit_id, listed in value.items():
        kit_id = str(kit_id)
        if kit_ids is not None and kit_id not in kit_ids:
            close = did_you_mean(kit_id, kit_ids)
            problem(("months", kit_id), "there is no kit with this id",
                    f"did you mean '{close}'?" if close else "kits: " + ", ".join(sorted(kit_ids)))
            continue
        items = listed if isinstance(listed, list) else [listed]
        if not items or any(isinstance(month, bool) or not isinstance(month, int)
                            or not 1 <= month <= 12 for month in items):
            problem(("months", kit_id), f"'{listed}' is not a list of months 1 to 12",
                    "write for example [11] for November, or [3, 9] for March and September")
            continue
        twice = sorted({month for month in items if items.count(month) > 1})
        if twice:
            problem(("months", kit_id), f"month {', '.join(map(str, twice))} is listed twice",
                    "list each month once; if you meant another month, write that one")
            continue
        months[kit_id] = tuple(sorted(items))
    return months


def _date(value: Any, key: str, problem: Any) -> dt.date | None:
    """A date from `start:` or `until:`, or None after reporting why not."""
    if isinstance(value, str):
        value = _parsed_date(value.strip())
    if isinstance(value, dt.datetime):  # `start: 2027-01-12 10:00`
        problem(key, f"'{value:%Y-%m-%d %H:%M}' is a date with a time of day",
                f"write the date alone ({key}: {value:%Y-%m-%d}); the time of day goes "
                f"under 'time:', in quotes (time: \"{value:%H:%M}\")")
        return None
    if not isinstance(value, dt.date):
        problem(key, f"'{value}' is not a date",
                "write the date as year-month-day, for example 2027-01-12")
        return None
    if not EARLIEST <= value <= LATEST:
        problem(key, f"{value} lies outside the years a cycle can be planned in "
                f"({EARLIEST.year} to {LATEST.year})",
                "write the date of the year's first conversations, for example 2027-01-12")
        return None
    if key == "start" and value.day > 28:
        problem(key, f"{value} falls after the 28th, which some months do not have",
                "choose a day from 1 to 28")
        return None
    return value


def _parsed_date(text: str) -> dt.date | str:
    """A quoted date, or a date with a time (YAML reads `2027-01-12 10:00` as a text)."""
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


def _time(value: Any, written_as: Callable[[str], str | None], problem: Any) -> dt.time | None:
    """The time of day from `time:`, or None after reporting why not."""
    written = written_as("time") if isinstance(value, int) and not isinstance(value, bool) else None
    if written and ":" in written:
        # YAML 1.1 reads an unquoted 10:00 as base-60 minutes: the number 600.
        problem("time", f"{written} without quotes is read by YAML as the number {value}",
                f"write it in quotes: time: \"{written}\"")
        return None
    match = _TIME.match(str(value).strip())
    if match is None:
        problem("time", f"'{value}' is not a time of day",
                "write hours and minutes in quotes, for example time: \"10:00\"")
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


class _Locator:
    """Lines of the cycle settings in mkdocs.yml: under the gesprekskit plugin's `cycle:`."""

    def __init__(self, config_file: Path | None) -> None:
        self.positions = ConfigPositions(config_file)

    @property
    def section(self) -> tuple[str | int, ...]:
        return self.positions.plugin_path("gesprekskit") + ("cycle",)

    def __call__(self, path: tuple[str, ...]) -> Location:
        return self.positions.location(self.section + path)

    def written(self, key: str) -> str | None:
        return self.positions.written(self.section + (key,))
