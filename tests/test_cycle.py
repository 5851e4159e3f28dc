"""The conversation cycle (issue 18): calendar files, the wall planner, the trigger finder and
the cycle settings. Reuses the example build; everything else is in-process and small."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from pypdf import PdfReader

from build_tools.cycle.publish import cycle_files
from build_tools.cycle.settings import CycleSettings, cycle_settings
from build_tools.cycle.timezone import vtimezone
from build_tools.diagnostics import GesprekskitError
from build_tools.loader import ProjectSettings, load_project

from conftest import REPO_ROOT, cli

#: The example's cycle settings, as in its mkdocs.yml.
EXAMPLE_CYCLE = {"time_zone": "Europe/Amsterdam", "start": dt.date(2027, 1, 12), "time": "10:00",
                 "reminder_days": 5, "months": {"groeigesprek": [11]}}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _events(calendar: Calendar) -> list:
    return [component for component in calendar.walk("VEVENT")]


def _occurrences(event, count: int) -> list[dt.datetime]:
    """The event's next `count` starts, computed from its RRULE and DTSTART as a client does."""
    start = event.decoded("dtstart")
    rule = event["rrule"].to_ical().decode()
    return list(rrulestr(rule, dtstart=start))[:count]


@pytest.fixture(scope="module")
def example_project():
    return load_project(ProjectSettings(REPO_ROOT, site_url="https://gids.example.org/"))


def test_calendar_files_parse_and_are_outlook_safe(example_site: Path) -> None:
    calendar = _calendar(example_site / "downloads" / "gesprekscyclus.ics")
    assert calendar["version"] == "2.0"
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [zone["tzid"] for zone in timezones] == ["Europe/Amsterdam"]
    rules = {component.name: component for component in timezones[0].subcomponents}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    assert rules["DAYLIGHT"]["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rules["STANDARD"]["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert b"RDATE" not in (example_site / "downloads" / "gesprekscyclus.ics").read_bytes()
    events = _events(calendar)
    # Six kits with a rhythm; the welzijnsgesprek has one yearly event per fixed month.
    assert sorted(str(event["uid"]).split("@")[0] for event in events) == [
        "groeigesprek-11", "hoe-gaat-het", "ontwikkelgesprek", "stay-interview",
        "temperatuurgesprek", "welzijnsgesprek-03", "welzijnsgesprek-09"]
    for event in events:
        assert "rrule" in event and event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == dt.timedelta(days=-5)
        assert event.decoded("dtstamp") == dt.datetime(2027, 1, 12, tzinfo=dt.timezone.utc)
        assert not {"organizer", "attendee"} & {key.lower() for key in event}
    growth = next(event for event in events if str(event["uid"]).startswith("groeigesprek"))
    assert growth["rrule"]["BYMONTH"] == [11]
    assert growth.decoded("dtend") - growth.decoded("dtstart") == dt.timedelta(minutes=60)


def test_next_four_occurrences_of_the_quarterly_kit(example_site: Path) -> None:
    """`hoe-gaat-het` is every three months, starting on the second Tuesday of January."""
    calendar = _calendar(example_site / "downloads" / "agenda" / "hoe-gaat-het.ics")
    (event,) = _events(calendar)
    assert event["rrule"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"
    starts = _occurrences(event, 4)
    assert [start.date() for start in starts] == [
        dt.date(2027, 1, 12), dt.date(2027, 4, 13), dt.date(2027, 7, 13), dt.date(2027, 10, 12)]
    # 10:00 on the wall clock all year: 09:00 UTC in winter, 08:00 UTC in summer.
    assert [start.astimezone(dt.timezone.utc).hour for start in starts] == [9, 8, 8, 8]
    description = str(event["description"])
    assert "Voorbereiding medewerker:" in description
    assert "Lees je aantekeningen en de afspraken van het vorige gesprek terug" in description
    assert "http" not in description  # the example has no site_url: no link


def test_calendar_files_are_byte_identical_for_the_same_input(example_site: Path,
                                                              example_project) -> None:
    """Made again in this process, every file equals the one of the example build."""
    project = load_project(ProjectSettings(REPO_ROOT))
    settings = cycle_settings(EXAMPLE_CYCLE, kit_ids=[kit.id for kit in project.kits])
    for language, folder in (("nl", example_site), ("en", example_site / "en")):
        files, _ = cycle_files(project, project.settings.context(language), settings, planner=False)
        assert len(files) == 7
        for item in files:
            assert (folder / item.site_path).read_bytes() == item.content, item.site_path
    english = _calendar(example_site / "en" / "downloads" / "agenda" / "hoe-gaat-het.ics")
    assert "Preparation for the employee:" in str(_events(english)[0]["description"])


def test_calendar_links_the_kit_page_and_ends_in_utc(example_project) -> None:
    settings = CycleSettings(start=dt.date(2027, 2, 1), until=dt.date(2028, 6, 30),
                             repeat_on="date", reminder_days=0)
    files, downloads = cycle_files(example_project, example_project.settings.context("en"),
                                   settings, planner=False)
    content = next(item.content for item in files if item.site_path.endswith("/hoe-gaat-het.ics"))
    (event,) = _events(Calendar.from_ical(content))
    assert "https://gids.example.org/en/gesprekken/hoe-gaat-het.html" in str(event["description"])
    assert b"UNTIL=20280630T215959Z" in content  # the end of 30 June in Amsterdam, in UTC
    assert b"BYMONTHDAY=1" in content and b"VALARM" not in content
    assert len(_occurrences(event, 99)) == 6  # Feb, May, Aug, Nov 2027, Feb, May 2028
    assert downloads.first_dates["hoe-gaat-het"] == "February 1, 2027"


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/New_York", "Australia/Sydney",
                                  "Asia/Tokyo", "Africa/Casablanca"])
def test_vtimezone_gives_the_offsets_of_zoneinfo(zone: str) -> None:
    """A client reading the VTIMEZONE gets zoneinfo's offsets through the years it covers."""
    component = vtimezone(zone, 2027)
    if zone != "Africa/Casablanca":  # no weekday rule: the years are written out
        assert b"RDATE" not in component.to_ical()
    tz = component.to_tz()
    for day in range(0, 5 * 365, 11):
        moment = dt.datetime(2027, 1, 1, 12) + dt.timedelta(days=day)
        assert tz.utcoffset(moment) == moment.replace(tzinfo=ZoneInfo(zone)).utcoffset(), moment


def test_wall_planner_is_a3_landscape_with_every_kit(example_site: Path, example_project) -> None:
    for folder, language in ((example_site, "nl"), (example_site / "en", "en")):
        reader = PdfReader(folder / "downloads" / "jaarplanner.pdf")
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (420, 297)
        text = " ".join(reader.pages[0].extract_text().split())
        context = example_project.settings.context(language)
        for kit in example_project.kits:
            assert context.text(kit.document.title) in text
        heading = "Gesprekken bij een aanleiding" if language == "nl" else "when something happens"
        assert heading in text
        assert reader.metadata.title.startswith("Gesprekscyclus 2027" if language == "nl"
                                                else "Conversation cycle 2027")


def test_trigger_finder_lists_triggers_with_links(example_site: Path) -> None:
    page = (example_site / "wat-speelt-er.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Wat speelt er?" in page
    feedback = page[page.index('id="situatie-feedback"'):page.index('id="situatie-reflection"')]
    assert "Er is feedback binnengekomen van een klant, collega of uit een evaluatie" in feedback
    assert 'href="gesprekken/ontwikkelgesprek.html"' in feedback
    assert "situation-filter.js" in page
    english = (example_site / "en" / "wat-speelt-er.html").read_text(encoding="utf-8")
    assert "An employee has resigned" in english and 'href="gesprekken/exitgesprek.html"' in english
    assert re.search(r'<a[^>]*href="wat-speelt-er.html"', (example_site / "index.html").read_text(
        encoding="utf-8"))  # in the navigation


def test_kit_pages_and_jaarritme_link_the_cycle_files(example_site: Path) -> None:
    quarterly = (example_site / "gesprekken" / "hoe-gaat-het.html").read_text(encoding="utf-8")
    assert 'href="../downloads/agenda/hoe-gaat-het.ics"' in quarterly
    assert "Zet in je agenda" in quarterly and "Outlook" in quarterly
    on_trigger = (example_site / "gesprekken" / "exitgesprek.html").read_text(encoding="utf-8")
    assert ".ics" not in on_trigger
    year = (example_site / "jaarritme.html").read_text(encoding="utf-8")
    for target in ("downloads/gesprekscyclus.ics", "downloads/jaarplanner.pdf",
                   "downloads/agenda/temperatuurgesprek.ics", "wat-speelt-er.html"):
        assert f'href="{target}"' in year
    assert 'href="downloads/gesprekscyclus.ics"' in (example_site / "en" / "jaarritme.html"
                                                      ).read_text(encoding="utf-8")


def test_bad_cycle_settings_are_located(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - search\n  - gesprekskit:\n      cycle:\n"
                      "        time_zone: Europe/Amsterdan\n        start: '2027-02-30'\n"
                      "        time: '25:00'\n        remind_days: 3\n"
                      "        months:\n          groeigesprk: [11]\n", encoding="utf-8")
    import yaml

    options = yaml.safe_load(config.read_text())["plugins"][1]["gesprekskit"]["cycle"]
    with pytest.raises(GesprekskitError) as caught:
        cycle_settings(options, config, ["groeigesprek"])
    report = caught.value.report.format(tmp_path)
    assert "mkdocs.yml:6:9: error: cycle.time_zone: 'Europe/Amsterdan' is not a time zone" in report
    assert "did you mean 'Europe/Amsterdam'?" in report
    assert "mkdocs.yml:7:9: error: cycle.start: '2027-02-30' is not a date" in report
    assert "mkdocs.yml:8:9: error: cycle.time: '25:00' is not a time of day" in report
    assert "mkdocs.yml:9:9: error: cycle.remind_days: is not a cycle setting" in report
    assert "did you mean 'reminder_days'?" in report
    assert "mkdocs.yml:11:11: error: cycle.months.groeigesprk: there is no kit" in report


def test_a_kit_with_an_error_is_not_also_missing_from_the_cycle(tiny_project) -> None:
    """Hostile review: `validate` reported a kit with an error (duration: -5) and then again,
    at `cycle: months:`, that there was no kit with its id."""
    from click.testing import CliRunner

    from build_tools.cli import main
    from conftest import valid_kit

    tiny_project.write_kit("check-in", re.sub(r"(?m)^duration: .*$", "duration: -5",
                                              valid_kit()))
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      cycle:\n        months:\n"
                      "          check-in: [3]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.exit_code == 1 and len(errors) == 1, result.output
    assert errors[0].startswith("kits/check-in.yml:") and "duration" in errors[0]


def test_build_stops_on_bad_cycle_settings(site_project: Path) -> None:
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      pdfs: false\n", "      pdfs: false\n      cycle:\n        reminder_days: -2\n"),
        encoding="utf-8")
    finished = cli("build", str(site_project), "--out", str(site_project / "site"))
    output = finished.stdout + finished.stderr
    assert finished.returncode != 0
    assert "mkdocs.yml:13:9: error: cycle.reminder_days: '-2' is not a number of days" in output
    assert "Traceback" not in output


def test_triggers_with_a_category_and_plain_ones_mix(tiny_project) -> None:
    kit = tiny_project.write_kit("check-in")
    text = kit.read_text(encoding="utf-8")
    start = text.index("  triggers:\n") + len("  triggers:\n")
    kit.write_text(text[:start] + "    - situation: Er is feedback gekomen\n      category: feedbak\n"
                   "    - Het vorige gesprek is lang geleden\n" + text[start:], encoding="utf-8")
    finished = cli("validate", str(tiny_project.root))
    output = finished.stdout + finished.stderr
    assert finished.returncode != 0
    line = text[:start].count("\n") + 2
    assert f"check-in.yml:{line}:17: error: when, trigger 1, category: 'feedbak' is not one of" in output
    assert "did you mean 'feedback'?" in output
    kit.write_text(kit.read_text(encoding="utf-8").replace("category: feedbak\n",
                                                           "category: feedback\n"),
                   encoding="utf-8")
    project = load_project(ProjectSettings(tiny_project.root))
    triggers = project.kit("check-in").document.when.triggers
    assert triggers[0].category.value == "feedback"
    situation = project.kit("check-in").document.when.situations[1]
    assert project.settings.context("nl").text(situation) == "Het vorige gesprek is lang geleden"
    # On the trigger finder: the categorised one under its kind, the plain ones apart, both linked.
    from build_tools.site.pages import PageRenderer, SiteLayout, plan_pages

    context = project.settings.context("nl")
    finder = next(page for page in plan_pages(project, SiteLayout(), context)
                  if page.src_uri == "wat-speelt-er.md")
    html = PageRenderer(project, SiteLayout(), context).render(finder, lambda uri: uri + "#")
    feedback = html[html.index('id="situatie-feedback"'):html.index('id="situatie-other"')]
    assert "Er is feedback gekomen" in feedback and 'href="gesprekken/check-in.md#"' in feedback
    other = html[html.index('id="situatie-other"'):]
    assert "Andere situaties" in other and "Het vorige gesprek is lang geleden" in other


@pytest.mark.parametrize("line, message, hint", [
    ("start: 0001-01-01", "cycle.start: 0001-01-01 lies outside the years a cycle can be planned "
     "in (1970 to 2199)", "write the date of the year's first conversations"),
    ("until: 9999-12-31", "cycle.until: 9999-12-31 lies outside the years", "for example 2027"),
    ("start: 2027-01-12 10:00", "cycle.start: '2027-01-12 10:00' is a date with a time of day",
     "write the date alone (start: 2027-01-12); the time of day goes under 'time:', in quotes "
     "(time: \"10:00\")"),
    ("time: 10:00", "cycle.time: 10:00 without quotes is read by YAML as the number 600",
     "write it in quotes: time: \"10:00\""),
    ("time: 9:30", "cycle.time: 9:30 without quotes is read by YAML as the number 570",
     "write it in quotes: time: \"9:30\""),
    ("time: 10", "cycle.time: '10' is not a time of day", "time: \"10:00\""),
    ("months: {groeigesprek: [11, 3, 11]}", "cycle.months.groeigesprek: month 11 is listed twice",
     "list each month once"),
])
def test_careless_cycle_settings_get_a_located_message(tmp_path: Path, line: str, message: str,
                                                       hint: str) -> None:
    """What a careless edit of mkdocs.yml gives: a message at the line, never a traceback or a
    silent guess (a time read as minutes, a start at midnight of its time)."""
    from build_tools.plan import read_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - gesprekskit:\n      cycle:\n"
                      f"        {line}\n", encoding="utf-8")
    options = read_settings(config).options.cycle
    with pytest.raises(GesprekskitError) as caught:
        cycle_settings(dict(options), config, ["groeigesprek"])
    (error,) = caught.value.report.errors
    assert error.location.display(tmp_path).startswith("mkdocs.yml:5:")
    assert error.message.startswith(message) and hint in (error.hint or "")


def test_a_trigger_category_alone_or_empty_is_named_as_such(tiny_project) -> None:
    from build_tools.loader import load_project_partially

    kit = tiny_project.write_kit("check-in")
    text = kit.read_text(encoding="utf-8")
    start = text.index("  triggers:\n") + len("  triggers:\n")
    kit.write_text(text[:start] + "    - category: feedback\n    - situation: Er is iets\n"
                   "      category:\n    - situation: Leeg\n      category: ''\n" + text[start:],
                   encoding="utf-8")
    line = text[:start].count("\n") + 1
    errors = load_project_partially(ProjectSettings(tiny_project.root)).report.errors
    shown = [(error.location.line, error.message) for error in errors]
    assert shown == [(line, "the required key 'situation' is missing in when, trigger 1"),
                     (line + 2, "when, trigger 2, category: is empty"),
                     (line + 4, "when, trigger 3, category: is empty")]
    assert "add 'situation: <what happened>' above 'category:'" in errors[0].hint
    assert errors[1].hint.startswith("write one of goal-evaluation, feedback")


def test_the_wall_planner_comes_from_the_cache_when_nothing_it_shows_changed(
        example_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forced rebuild of a 200-kit guide laid the planner out again every time (about 5 of
    its 14 s): with a cache folder it is laid out once per content, one file per language."""
    from build_tools.cycle import planner

    settings = cycle_settings(EXAMPLE_CYCLE, kit_ids=[kit.id for kit in example_project.kits])
    context = example_project.settings.context("nl")
    laid_out = []
    render = planner._render
    monkeypatch.setattr(planner, "_render", lambda *args: laid_out.append(1) or render(*args))
    monkeypatch.setattr(planner, "_RENDERED", {})  # a new build process each time
    first = planner.render_planner(example_project, context, settings, cache_dir=tmp_path)
    planner._RENDERED.clear()
    again = planner.render_planner(example_project, context, settings, cache_dir=tmp_path)
    assert again == first and len(laid_out) == 1
    assert [path.name.startswith("planner-nl-") for path in (tmp_path / "planner").iterdir()] \
        == [True]
    planner._RENDERED.clear()
    # Another year is another planner: laid out, and the one before goes.
    other = dataclasses.replace(settings, start=dt.date(2030, 1, 7))
    assert planner.render_planner(example_project, context, other, cache_dir=tmp_path) != first
    assert len(laid_out) == 2 and len(list((tmp_path / "planner").iterdir())) == 1
