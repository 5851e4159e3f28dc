"""Workshops (issue 19): the format and its located errors, the computed agenda, the schema, the
scaffold, and the Workshops section of the built example."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools.diagnostics import GesprekskitError
from build_tools.loader import ProjectSettings, load_project
from build_tools.scaffold import workshop_template
from build_tools.schema_export import all_schemas
from build_tools.translations import missing_texts
from click.testing import CliRunner

from build_tools.cli import main
from conftest import REPO_ROOT, TinyProject


def run(*args: str):  # in-process: a subprocess costs seconds on a busy machine
    return CliRunner().invoke(main, list(args), catch_exceptions=False)

EXAMPLES = sorted((REPO_ROOT / "workshops").glob("*.yml"))

#: Blocks of 10 + 25 + 15 minutes from 13:30; the tiny project's kit `check-in` has phases of
#: 1, 3 and 1 questions.
WORKSHOP = """\
schema: 1
title: Oefenen
summary: Een korte sessie.
audience: Teamleiders
group_size: {min: 3, max: 9}
duration: 50
start: "13:30"
goals:
  - Doorvragen
blocks:
  - title: Welkom
    minutes: 10
    kind: talk
  - title: Rollenspel
    minutes: 25
    kind: role-play
    method:
      invitation: Voer het gesprek.
      configuration: trios
      steps:
        - text: Spelen
          minutes: 15
    uses:
      - kit: check-in
        phase: 2
        questions: ["2.1", "2.3"]
        tips: [luisteren]
    role_play:
      scenario: Een medewerker die stiller is dan anders.
      roles:
        - id: employee
          name: Medewerker
          private: GEHEIM-VAN-DE-MEDEWERKER
        - id: manager
          name: Leidinggevende
          private: GEHEIM-VAN-DE-LEIDINGGEVENDE
      observation_points:
        - Vraagt de leidinggevende door?
  - title: Pauze
    minutes: 15
    kind: break
"""


def _project(tiny_project: TinyProject, workshop: str = WORKSHOP) -> TinyProject:
    tiny_project.write_kit("check-in")
    tiny_project.write_tip("luisteren", "schema: 1\ntitle: Luister\ncategory: X\nbody: Y\n"
                                        "kits: [check-in]\n")
    folder = tiny_project.root / "workshops"
    folder.mkdir(exist_ok=True)
    (folder / "oefenen.yml").write_text(workshop, encoding="utf-8")
    return tiny_project


def _errors(tiny_project: TinyProject) -> list[tuple[int | None, str, str | None]]:
    with pytest.raises(GesprekskitError) as raised:
        load_project(ProjectSettings(tiny_project.root))
    return [(item.location.line, item.message, item.hint) for item in raised.value.report.errors
            if item.location.path.parent.name == "workshops"]


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1)
                if fragment in line)


def test_a_valid_workshop_loads_with_its_schedule(tiny_project: TinyProject) -> None:
    project = load_project(ProjectSettings(_project(tiny_project).root))
    workshop = project.workshop("oefenen")
    assert [(item.start, item.end) for item in workshop.schedule()] == [
        ("13:30", "13:40"), ("13:40", "14:05"), ("14:05", "14:20")]
    assert workshop.kit_ids() == ["check-in"] and workshop.end() == "14:20"
    assert workshop.schedule()[1].step_starts() == ["13:40"]


def test_changing_one_block_moves_every_later_start_time(tiny_project: TinyProject) -> None:
    changed = WORKSHOP.replace("duration: 50", "duration: 57").replace(
        "    minutes: 10\n    kind: talk", "    minutes: 17\n    kind: talk")
    workshop = load_project(ProjectSettings(_project(tiny_project, changed).root)).workshop("oefenen")
    assert [item.start for item in workshop.schedule()] == ["13:30", "13:47", "14:12"]
    assert workshop.end() == "14:27"
    # The trainer's own start time moves everything, past midnight too.
    assert [item.start for item in workshop.schedule("23:50")] == ["23:50", "00:07", "00:32"]
    assert workshop.schedule("23:50")[1].step_starts() == ["00:07"]


def test_duration_must_add_up_at_its_line(tiny_project: TinyProject) -> None:
    text = WORKSHOP.replace("duration: 50", "duration: 60")
    errors = _errors(_project(tiny_project, text))
    assert errors == [(_line_of(text, "duration:"),
                       "duration is 60 minutes, but the blocks add up to 50",
                       "write 'duration: 50', or change the minutes of the blocks")]


def test_missing_kit_phase_question_and_tip_are_located(tiny_project: TinyProject) -> None:
    text = WORKSHOP.replace("phase: 2\n", "phase: 7\n").replace(
        '["2.1", "2.3"]', '["2.1", "2.9", "x-17"]').replace("tips: [luisteren]", "tips: [luisteran]")
    text += "cards:\n  - kit: chek-in\n"
    errors = _errors(_project(tiny_project, text))
    messages = {message: (line, hint) for line, message, hint in errors}
    assert messages["kit 'check-in' has no phase 7"] == (_line_of(text, "phase: 7"),
                                                         "use a phase number from 1 to 3")
    assert messages["kit 'check-in' has no question 2.9: phase 2 has 3 question(s)"][0] == \
        _line_of(text, '"2.9"')
    assert messages["kit 'check-in' has no question 'x-17'"][0] == _line_of(text, '"2.9"')
    assert messages["there is no tip 'luisteran'"] == (_line_of(text, "luisteran"),
                                                       "did you mean 'luisteren'?")
    assert messages["there is no kit 'chek-in'"] == (_line_of(text, "chek-in"),
                                                     "did you mean 'check-in'?")


def test_a_question_outside_the_named_phase_is_an_error(tiny_project: TinyProject) -> None:
    text = WORKSHOP.replace('["2.1", "2.3"]', '["1.1"]')
    [(line, message, _)] = _errors(_project(tiny_project, text))
    assert line == _line_of(text, '"1.1"')
    assert message == "question 1.1 of kit 'check-in' is in phase 1, not in phase 2 named by 'phase'"


def test_every_mistake_of_a_file_is_reported_in_one_run(tiny_project: TinyProject) -> None:
    text = (WORKSHOP.replace("duration: 50", "duration: 40")
            .replace("invitation:", "invitaton:").replace("configuration: trios", "configuration: trio")
            .replace("kit: check-in", "kit: check-out").replace('start: "13:30"', 'start: "1:30"'))
    errors = _errors(_project(tiny_project, text))
    found = {message: hint for _, message, hint in errors}
    assert found["unknown key 'invitaton' in block 2, method"] == "did you mean 'invitation'?"
    assert found["block 2, method, configuration: 'trio' is not one of alone, pairs, trios, " \
                 "small-groups, plenary"] == "did you mean 'trios'?"
    assert "there is no kit 'check-out'" in found
    assert "start: '1:30' is not a time of day" in found
    assert "duration is 40 minutes, but the blocks add up to 50" in found


def test_steps_longer_than_their_block_point_at_its_minutes(tiny_project: TinyProject) -> None:
    text = WORKSHOP.replace("          minutes: 15\n", "          minutes: 40\n")
    [(line, message, hint)] = _errors(_project(tiny_project, text))
    assert line == _line_of(text, "minutes: 25")
    assert message == "block 2: the steps take 40 minutes, but the block has 25"
    assert hint == "shorten the steps, or give the block more minutes"


def test_a_role_play_needs_its_roles(tiny_project: TinyProject) -> None:
    text = re.sub(r"    role_play:\n(      .*\n|        .*\n)+", "", WORKSHOP)
    [(line, message, _)] = _errors(_project(tiny_project, text))
    assert line == _line_of(text, "kind: role-play")
    assert message.startswith("block 2: a role-play block needs 'role_play'")


def test_workshop_texts_without_a_translation_are_reported(tiny_project: TinyProject) -> None:
    project = load_project(ProjectSettings(_project(tiny_project).root))
    workshop_texts = [text for text in missing_texts(project, "en")
                      if text.location.path.name == "oefenen.yml"]
    assert "blocks[2].role_play.scenario" in {text.field for text in workshop_texts}


def test_the_schema_accepts_both_examples_and_rejects_a_misspelt_key() -> None:
    schema = json.loads(run("schema", "--kind", "workshop").output)
    assert schema == all_schemas()["workshop"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert len(EXAMPLES) >= 2
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), path.name
    broken = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    broken["blocks"][0]["minuten"] = broken["blocks"][0].pop("minutes")
    assert list(validator.iter_errors(broken))
    shipped = json.loads((REPO_ROOT / "schemas" / "workshop.schema.json").read_text())
    assert shipped == schema, "run: gesprekskit schema --write schemas"


def test_new_workshop_validates_as_written(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    root = str(tiny_project.root)
    made = run("new", "--workshop", "mijn-sessie", "--project", root)
    assert made.exit_code == 0, made.output
    text = (tiny_project.root / "workshops" / "mijn-sessie.yml").read_text(encoding="utf-8")
    assert "kit: check-in" in text and text.startswith("# yaml-language-server: $schema=")
    checked = run("validate", root)
    assert checked.exit_code == 0, checked.output
    assert "1 workshop(s)" in checked.output
    jsonschema.Draft202012Validator(all_schemas()["workshop"]).validate(yaml.safe_load(text))
    again = run("new", "--workshop", "mijn-sessie", "--project", root)
    assert again.exit_code == 2 and "left untouched" in again.output
    # Without a kit to point at, the exercise shows how to refer to one, in comments.
    assert "    # uses:" in workshop_template("zonder-kits", None)


def test_new_needs_exactly_one_id(tiny_project: TinyProject) -> None:
    for args in ((), ("kit-id", "--workshop", "workshop-id")):
        result = run("new", *args, "--project", str(tiny_project.root))
        assert result.exit_code == 2 and "--workshop" in result.output


def _visible_text(page: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


def _private_texts() -> list[str]:
    found = []
    for path in EXAMPLES:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]:
            for role in (block.get("role_play") or {}).get("roles", []):
                for key in ("private", "goal"):
                    if key in role:
                        found += [" ".join(text.split()) for text in role[key].values()]
    return found


@pytest.mark.parametrize("language", ["", "en/"])
def test_the_workshop_page_has_the_agenda_and_no_role_card_secrets(
        example_site: Path, language: str) -> None:
    page = example_site / f"{language}workshops/het-goede-gesprek-voeren.html"
    source = page.read_text(encoding="utf-8")
    times = re.findall(r'<td class="gk-agenda__time"><time>(\d\d:\d\d)</time>', source)
    assert times == ["09:00", "09:15", "09:30", "09:50", "10:20", "10:35", "11:10", "11:20",
                     "11:55", "12:10", "12:20", "12:30"]
    text = _visible_text(page)
    private = _private_texts()
    assert len(private) >= 8
    # A secret's first half is enough to leak it: no sentence of a role card is on the page.
    for secret in private:
        for sentence in re.split(r"(?<=[.!?])\s+", secret):
            assert sentence not in text, sentence
    scenario = "Sanne werkt vier jaar" if not language else "Sanne has worked as a planner"
    assert scenario in text
    assert ("Waar de waarnemer op let" if not language else "What the observer looks for") in text


def test_kit_pages_and_the_nav_list_the_workshops(example_site: Path) -> None:
    kit_page = (example_site / "gesprekken" / "stay-interview.html").read_text(encoding="utf-8")
    [listed] = re.findall(r'<ul class="gk-used-by">(.*?)</ul>', kit_page, re.S)
    assert 'href="../workshops/het-goede-gesprek-voeren.html"' in listed
    assert "temperatuurgesprekken-oefenen" not in listed  # that one uses another kit only
    assert 'href="../workshops/temperatuurgesprekken-oefenen.html"' in kit_page  # the nav
    check_in = (example_site / "en" / "gesprekken" / "temperatuurgesprek.html").read_text(
        encoding="utf-8")
    assert "Holding the good conversation" in check_in and "Practising check-ins" in check_in
    overview = (example_site / "workshops" / "index.html").read_text(encoding="utf-8")
    assert 'href="temperatuurgesprekken-oefenen.html"' in overview
    index = json.loads((example_site / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("workshops/het-goede-gesprek-voeren.html")
               for doc in index["docs"])


def test_a_partial_load_leaves_out_a_workshop_with_a_broken_reference(
        tiny_project: TinyProject) -> None:
    from build_tools.loader import load_project_partially

    project = load_project_partially(ProjectSettings(
        _project(tiny_project, WORKSHOP.replace("kit: check-in", "kit: elders")).root))
    assert project.workshops == [] and project.report.errors


def test_the_workshops_nav_entry_becomes_a_section_or_goes() -> None:
    from build_tools.site.pages import GeneratedPage
    from build_tools.site.workshop_pages import expand_workshops_nav

    nav = [{"Welkom": "index.md"}, {"Workshops": "workshops/index.md"},
           {"Voor HR": [{"Kits": "voor-hr/kits.md"}]}]
    pages = [GeneratedPage("workshops/index.md", "Workshops", "workshops"),
             GeneratedPage("workshops/a.md", "A & B", "workshop", workshop_id="a")]
    assert expand_workshops_nav(nav, "workshops/index.md", pages)[1] == {
        "Workshops": ["workshops/index.md", {"A &amp; B": "workshops/a.md"}]}
    # A project without workshops: the entry would point nowhere, so it is left out.
    assert expand_workshops_nav(nav, "workshops/index.md", []) == [nav[0], nav[2]]


def test_a_small_workshop_renders_without_its_secrets(tiny_project: TinyProject) -> None:
    """Not the example: a talk without a method, no materials or preparation, one language."""
    from build_tools.site.pages import PageRenderer, SiteLayout, plan_pages

    project = load_project(ProjectSettings(_project(tiny_project).root))
    context = project.settings.context("nl")
    pages = {page.kind: page for page in plan_pages(project, SiteLayout(), context)}
    renderer = PageRenderer(project, SiteLayout(), context)
    page = renderer.render(pages["workshop"], lambda uri: uri)
    assert "GEHEIM" not in page
    assert re.findall(r'<time>(\d\d:\d\d)</time>', page)[:4] == ["13:30", "13:40", "14:05", "14:20"]
    assert "Een medewerker die stiller is dan anders." in page and "2.3" in page
    assert 'href="tips.md#luisteren"' in page and 'href="gesprekken/check-in.md#fase-2"' in page
    kit_page = renderer.render(pages["kit"], lambda uri: uri)
    assert 'href="workshops/oefenen.md"' in kit_page


def test_validate_reports_a_character_no_font_has_in_a_workshop(tiny_project: TinyProject
                                                                ) -> None:
    """Hostile review: a character no font has in a workshop's own text failed the build
    but passed `validate`, which checked the kits' texts only."""
    _project(tiny_project, WORKSHOP.replace("title: Oefenen", "title: Oefenen \U000F0001"))
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.exit_code == 1 and len(errors) == 1, result.output
    assert errors[0].startswith("workshops/oefenen.yml:2:8: error: no font has 1 character")


def test_a_tip_a_workshop_names_is_in_its_font_check(tiny_project: TinyProject) -> None:
    """Hostile review: a workshop's sheets print the tips its blocks name, but only the tips
    of its kits were checked: a tip no kit lists, with a character no font has, printed boxes."""
    _project(tiny_project, WORKSHOP.replace("tips: [luisteren]", "tips: [luisteren, los]"))
    tiny_project.write_tip("los", "schema: 1\ntitle: Los \U000F0001\ncategory: X\nbody: Y\n")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.exit_code == 1 and len(errors) == 1, result.output
    assert errors[0].startswith("kits/tips/los.yml:2:8: error: no font has 1 character")
