"""One test per class of validation error: message, hint and location."""

from __future__ import annotations

import pytest

from build_tools.diagnostics import GesprekskitError
from build_tools.loader import ProjectSettings, load_project
from conftest import TinyProject, valid_kit


def load(project: TinyProject, strict: bool = False):
    return load_project(ProjectSettings(project.root), strict=strict)


def errors_of(project: TinyProject, strict: bool = False):
    with pytest.raises(GesprekskitError) as caught:
        load(project, strict)
    return caught.value.report.errors


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_kit_loads(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    project = load(tiny_project)
    assert [kit.id for kit in project.kits] == ["check-in"]
    assert len(project.kits[0].questions()) == 5


def test_unknown_key_suggests_the_right_one(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("summary:", "sumary:")
    tiny_project.write_kit("check-in", text)
    # One mistake, one error: the misspelt key is not reported a second time as 'missing'.
    (unknown,) = errors_of(tiny_project)
    assert "'sumary'" in unknown.message and "did you mean 'summary'" in unknown.hint
    assert unknown.location.line == line_of(text, "sumary:")
    assert unknown.location.column == 1


def test_unknown_key_deep_inside_a_question(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("        min_label: Heel laag", "        min_lable: Heel laag")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert "did you mean 'min_label'" in error.hint
    assert (error.location.line, error.location.column) == (line_of(text, "min_lable"), 9)


def test_missing_required_key(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("duration: 45\n", "")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == "the required key 'duration' is missing"
    assert "duration:" in error.hint


def test_wrong_type(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("duration: 45", "duration: drie kwartier")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == "duration must be a whole number, not the text 'drie kwartier'"
    assert "whole number" in error.hint
    assert (error.location.line, error.location.column) == (line_of(text, "duration"), 11)


@pytest.mark.parametrize(("value", "reading"), [
    ("no", "a yes/no value"), ("on", "a yes/no value"), ("2024-03-01", "a date"),
    ("12", "a number"), ("3.5", "a number")])
def test_yaml_11_surprises_get_a_quoting_hint(tiny_project: TinyProject, value: str,
                                              reading: str) -> None:
    text = valid_kit().replace("rhythm: Eens per kwartaal", f"rhythm: {value}")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert f"'{value}' is read by YAML as {reading}, not as text" in error.message
    assert error.hint == f'put it in quotes: "{value}"'
    assert error.location.line == line_of(text, "rhythm:")


def test_unknown_enum_value_suggests(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("type: check-in", "type: exitgespek")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert "'exitgespek' is not one of" in error.message
    assert "exit-interview (Exitgesprek)" in error.message
    assert "did you mean 'exit-interview'" in error.hint


def test_unknown_question_kind(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("kind: closing", "kind: slot")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert "'kind' must be one of" in error.message
    assert error.location.line == line_of(text, "kind: slot")


def test_scale_range_rule(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("        max: 10", "        max: 1")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == ("phase 2, question 2: a scale from 1 to 1 does not work: max must be "
                             "above min, with at most 11 steps")
    assert "min: 1 and max: 10" in error.hint


def test_wrong_schema_version(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in", valid_kit().replace("schema: 1", "schema: 2"))
    (error,) = errors_of(tiny_project)
    assert "not a supported format version" in error.message and error.hint == "write 'schema: 1'"


def test_reference_to_missing_tip(tiny_project: TinyProject) -> None:
    tiny_project.write_tip("stel-open-vragen")
    text = valid_kit().replace("tips: []", "tips:\n  - stel-open-vraagen")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == "there is no tip 'stel-open-vraagen'"
    assert "did you mean 'stel-open-vragen'" in error.hint
    assert error.location.line == line_of(text, "stel-open-vraagen")


def test_tip_pointing_at_missing_kit(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    tiny_project.write_tip("luisteren", "schema: 1\ntitle: Luister\ncategory: X\nbody: Y\n"
                           "kits:\n  - checkin\n")
    (error,) = errors_of(tiny_project)
    assert error.message == "there is no kit 'checkin'" and "did you mean 'check-in'" in error.hint
    assert error.location.line == 6


def test_file_names_must_be_valid_unique_ids(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("Check In")
    tiny_project.write_kit("index")
    tiny_project.write_kit("exit")
    (tiny_project.root / "kits" / "exit.yaml").write_text(valid_kit(), encoding="utf-8")
    messages = [error.message for error in errors_of(tiny_project)]
    assert "the file name 'Check In.yml' is not a valid id" in messages
    assert "'index' is reserved for a page of the guide" in messages
    assert any("has the same id as" in message for message in messages)


def test_empty_file_and_all_errors_together(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("leeg", "# nog niets\n")
    tiny_project.write_kit("kapot", valid_kit().replace("duration: 45", "duration: veel"))
    errors = errors_of(tiny_project)
    assert {error.location.path.name for error in errors} == {"leeg.yml", "kapot.yml"}


def test_not_a_mapping(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("lijst", "- een\n- twee\n")
    (error,) = errors_of(tiny_project)
    assert "must be a mapping" in error.message


def test_strict_turns_warnings_into_errors(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    tiny_project.write_tip("los")
    project = load(tiny_project)
    (warning,) = project.report.warnings
    assert "not linked to any kit" in warning.message
    with pytest.raises(GesprekskitError):
        load(tiny_project, strict=True)


def test_languages_in_texts(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("title: Check in", "title: {nl: Check-in, en: Check-in talk}")
    tiny_project.write_kit("check-in", text)
    kit = load(tiny_project).kits[0]
    assert kit.document.title.resolve("en", "nl") == "Check-in talk"
    tiny_project.write_kit("check-in", valid_kit().replace("title: Check in", "title: {NL: x}"))
    (error,) = errors_of(tiny_project)
    assert "'NL' is not a language code" in error.message


# --- One mistake, one error, in plain words (issue 14) ---------------------------------------

LIBRARY_WORDING = ("input should", "unable to parse", "less than or equal", "greater than or equal",
                   "valid integer", "value error", "[", "field required", "extra inputs")


def test_an_invalid_kit_still_exists_for_references(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in", valid_kit().replace("duration: 45", "duration: twintig"))
    tiny_project.write_tip("luisteren", "schema: 1\ntitle: Luister\ncategory: X\nbody: Y\n"
                           "kits:\n  - check-in\n")
    (error,) = errors_of(tiny_project)  # no "there is no kit 'check-in'" in the tip
    assert error.location.path.name == "check-in.yml"


def test_an_invalid_tip_still_exists_for_references(tiny_project: TinyProject) -> None:
    tiny_project.write_tip("luisteren", "schema: 1\ntitle: Luister\ncategory: X\n")
    tiny_project.write_kit("check-in", valid_kit().replace("tips: []", "tips:\n  - luisteren"))
    (error,) = errors_of(tiny_project)
    assert error.location.path.name == "luisteren.yml" and "'body'" in error.message


def test_every_problem_of_a_file_in_one_run(tiny_project: TinyProject) -> None:
    tiny_project.write_tip("stel-open-vragen")
    text = (valid_kit().replace("duration: 45", "duration: lang")
            .replace("summary:", "sumary:")
            .replace("        max: 10", "        max: 12")
            .replace("tips: []", "tips:\n  - stel-open-vraagen"))
    tiny_project.write_kit("check-in", text)
    messages = [error.message for error in errors_of(tiny_project)]
    assert len(messages) == 4, messages
    assert "there is no tip 'stel-open-vraagen'" in messages


def test_did_you_mean_prefers_the_missing_key(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("  for_employee:", "  for_employe:")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == "unknown key 'for_employe' in purpose"
    assert error.hint == "did you mean 'for_employee'?"


def test_places_are_named_as_a_reader_says_them(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("        max: 10", "        max: 12")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == "phase 2, question 2, max is 12, but the highest allowed is 11"
    assert error.hint == "use 11 or less"


@pytest.mark.parametrize(("old", "new"), [
    ("duration: 45", "duration: twintig"), ("duration: 45", "duration: 3"),
    ("duration: 45", "duration: 4.5"), ("        max: 10", "        max: 12"),
    ("        max: 10", "        max: 1"), ("        min: 1", "        min: laag"),
    ("    every_months: 3", "    every_months: 3\n    on_trigger: true"),
    ("    minutes: 5", "    minutes: [5]"), ("participants:\n  - Medewerker\n  - Leidinggevende",
                                             "participants: []"),
    ("schema: 1", "schema: 3"), ("kind: closing", "kind: slot"), ("type: check-in", "type: 12"),
    ("    theme: personal", "    theme: persoonlik"), ("title: Check in", "title: [a, b]"),
    ("title: Check in", "title: ''"), ("title: Check in", "title: {nl: ''}"),
    ("          - Samenwerking\n          - Ontwikkeling\n          - Iets anders\n", ""), ("    every_months: 3", "    months: [0, 13]"),
])
def test_every_error_is_in_plain_words_with_a_hint(tiny_project: TinyProject, old: str,
                                                   new: str) -> None:
    text = valid_kit()
    assert old in text
    tiny_project.write_kit("check-in", text.replace(old, new, 1))
    for error in errors_of(tiny_project):
        assert error.hint, error
        lowered = error.message.lower()
        assert not any(words in lowered for words in LIBRARY_WORDING), error.message


def test_a_list_item_with_a_colon_gets_the_quoting_hint(tiny_project: TinyProject) -> None:
    text = valid_kit().replace("  employee:\n    - ",
                               "  employee:\n    - Let op: dit is vertrouwelijk\n    - ")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == ("preparation, employee item 1: 'Let op: dit is vertrouwelijk' is read "
                             "by YAML as a key with a value, because of the ': ' in it")
    assert error.hint == 'put the whole text in quotes: "Let op: dit is vertrouwelijk"'
    assert error.location.line == line_of(text, "Let op")



def test_a_comma_inside_a_flow_mapping_text_gets_the_quoting_hint(
        tiny_project: TinyProject) -> None:
    """Newcomer finding: `{en: text, with a comma}` said only "'with a comma' is not a language
    code"; YAML ends a text inside { } at its comma, so the hint says to quote the text."""
    text = valid_kit().replace("title: Check in",
                               "title: {nl: Kennismaking, de eerste keer, en: Getting to know}")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == ("title: 'de eerste keer' is not a language code: inside { } a comma "
                             "ends a text, so the nl text stopped before it")
    assert error.hint == 'put the text in quotes: {nl: "Kennismaking, de eerste keer", ...}'
    assert error.location.line == line_of(text, "title:")
    tiny_project.write_kit("check-in", valid_kit().replace(
        "title: Check in", "title: {en: Check in, or \"out\", now, then}"))
    (error,) = errors_of(tiny_project)
    assert error.hint == "put the text in quotes: {en: 'Check in, or \"out\", now, then'}"
    # Hostile review: a text cut after the first was shown first, the others after it.
    tiny_project.write_kit("check-in", valid_kit().replace(
        "title: Check in", "title: {nl: Inchecken, en: Check in, or out}"))
    (error,) = errors_of(tiny_project)
    assert error.hint == 'put the text in quotes: {..., en: "Check in, or out"}'
    tiny_project.write_kit("check-in", valid_kit().replace(
        "title: Check in", "title: {nl: Inchecken, en: Check in, or out, de: Einchecken}"))
    (error,) = errors_of(tiny_project)
    assert error.hint == 'put the text in quotes: {..., en: "Check in, or out", ...}'
    # The text as written: no space added after a comma that had none.
    tiny_project.write_kit("check-in", valid_kit().replace(
        "title: Check in", "title: {nl: Maandelijks,of vaker,  niet minder, en: Check in}"))
    (error,) = errors_of(tiny_project)
    assert error.hint == 'put the text in quotes: {nl: "Maandelijks,of vaker,  niet minder", ...}'


# --- One language for identifiers: English values, old Dutch spellings still read -----------

def test_old_dutch_spellings_still_work_with_a_located_warning(tiny_project: TinyProject) -> None:
    text = (valid_kit().replace("type: check-in", "type: exitgesprek")
            .replace("theme: personal", "theme: persoonlijk"))
    tiny_project.write_kit("check-in", text)
    project = load(tiny_project)
    kit = project.kits[0]
    assert kit.document.type.value == "exit-interview"
    assert kit.document.phases[0].theme.value == "personal"
    type_warning, theme_warning = sorted(project.report.warnings, key=lambda item: item.location)
    assert type_warning.message == "type: 'exitgesprek' is the old spelling of 'exit-interview'"
    assert type_warning.hint.startswith("write 'type: exit-interview'")
    assert type_warning.location.line == line_of(text, "type: exitgesprek")
    assert theme_warning.message == "theme: 'persoonlijk' is the old spelling of 'personal'"
    assert (theme_warning.location.line, theme_warning.location.column) == (
        line_of(text, "theme: persoonlijk"), 12)


def test_the_example_and_the_scaffold_use_the_current_spellings() -> None:
    from build_tools.model import DEPRECATED_VALUES
    from conftest import REPO_ROOT
    old = {spelling for spellings in DEPRECATED_VALUES.values() for spelling in spellings}
    files = [*sorted((REPO_ROOT / "kits").glob("*.yml")),
             *sorted((REPO_ROOT / "build_tools" / "scaffold").glob("kit*.yml")),
             REPO_ROOT / "schemas" / "kit.schema.json"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for spelling in old:
            assert f": {spelling}\n" not in text and f'"{spelling}"' not in text, (path, spelling)


@pytest.mark.parametrize(("needle", "change", "suggested"), [
    ("  description: >-", "    description: >-", 2),   # the case: reported at 16:3
    ("  - Leidinggevende", "- Leidinggevende", 2),
    ("  cycle:", "cycle:", 2),
    ("duration: 45", "  duration: 45", 0),
    ("  manager:", "    manager:", 2),
    ("    aim: Op je gemak", "  aim: Op je gemak", 4),
])
def test_a_wrongly_indented_line_is_reported_where_it_must_change(
        tiny_project: TinyProject, needle: str, change: str, suggested: int) -> None:
    text = valid_kit()
    assert needle in text
    broken = text.replace(needle, change, 1)
    tiny_project.write_kit("check-in", broken)
    (error,) = errors_of(tiny_project)
    assert error.location.line == line_of(broken, change)
    assert error.hint.startswith(f"indent it {suggested} spaces, like line ")


def test_new_names_the_types_with_their_labels_and_reads_old_spellings(tmp_path) -> None:
    from click.testing import CliRunner

    from build_tools.cli import main
    from conftest import SITE_MKDOCS_YML

    (tmp_path / "mkdocs.yml").write_text(SITE_MKDOCS_YML, encoding="utf-8")
    (tmp_path / "content").mkdir()
    help_text = CliRunner().invoke(main, ["new", "--help"]).output
    assert "exit-interview(Exitgesprek)" in "".join(help_text.split())
    result = CliRunner().invoke(
        main, ["new", "afscheid", "--type", "exitgesprek", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "old spelling of 'exit-interview'" in result.stderr
    assert "\ntype: exit-interview\n" in (tmp_path / "kits" / "afscheid.yml").read_text("utf-8")


def test_every_error_in_the_broken_input_corpus_has_a_hint(tmp_path) -> None:
    """The hostile and broken corpus as `validate` reports it: no error without a hint line,
    no library wording. Each case is validated as a project of its own (a copy, as
    test_corpus makes it); every case that expects an error reports one."""
    from click.testing import CliRunner

    from build_tools.cli import main
    from test_corpus import CASES, prepare_case

    for name in CASES:
        root, expect = prepare_case(name, tmp_path)
        output = CliRunner().invoke(main, ["validate", str(root)]).output
        lines = output.splitlines()
        errors = [index for index, line in enumerate(lines) if ": error: " in line]
        assert bool(errors) == (expect["outcome"] == "error"), (name, output)
        for index in errors:
            line = lines[index]
            assert index + 1 < len(lines) and lines[index + 1].startswith("    hint: "), \
                (name, line)
            assert "input should" not in line.lower(), (name, line)


def test_a_key_written_in_dutch_suggests_the_english_key(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in", valid_kit().replace("summary:", "samenvatting:"))
    (error,) = errors_of(tiny_project)
    assert error.message == "unknown key 'samenvatting'" and error.hint == "did you mean 'summary'?"


def test_the_schema_shows_each_value_with_its_labels() -> None:
    from build_tools.schema_export import all_schemas

    text = str(all_schemas()["kit"])
    assert "exit-interview = Exitgesprek / Exit interview" in text
    assert "personal = Persoonlijk / Personal" in text


def test_a_wrongly_indented_key_above_a_long_text_is_found(tiny_project: TinyProject) -> None:
    from conftest import REPO_ROOT

    text = (REPO_ROOT / "kits" / "exitgesprek.yml").read_text(encoding="utf-8")
    broken = text.replace("  description:\n", "    description:\n", 1)
    tiny_project.write_kit("exitgesprek", broken)
    (error,) = [error for error in errors_of(tiny_project) if error.location.path.suffix == ".yml"]
    assert error.location.line == line_of(broken, "    description:")
    assert error.hint.startswith("indent it 2 spaces")


@pytest.mark.parametrize("duration, message", [
    ("30", "the phases take 45 minutes together (5 + 30 + 10), more than the duration of 30 "
           "minutes"),
    ("120", "the phases take only 45 of the 120 minutes (5 + 30 + 10)"),
])
def test_phase_minutes_that_do_not_fit_the_duration_are_located_there(
        tiny_project: TinyProject, duration: str, message: str) -> None:
    text = valid_kit().replace("duration: 45", f"duration: {duration}")
    tiny_project.write_kit("check-in", text)
    (warning,) = load(tiny_project).report.warnings
    assert warning.message == message and "write 'duration: 45'" in warning.hint
    assert (warning.location.line, warning.location.column) == (line_of(text, "duration:"), 11)


def test_a_duration_hint_never_suggests_a_duration_the_format_refuses(
        tiny_project: TinyProject) -> None:
    """Phases of 1 + 1 + 1 minutes in a 45-minute kit: 'write duration: 3' is an error
    (duration is at least 5), so the hint must not offer it."""
    text = valid_kit()
    for minutes in ("minutes: 5\n", "minutes: 30\n", "minutes: 10\n"):
        text = text.replace(minutes, "minutes: 1\n", 1)
    tiny_project.write_kit("check-in", text)
    (warning,) = load(tiny_project).report.warnings
    assert warning.message == "the phases take only 3 of the 45 minutes (1 + 1 + 1)"
    assert "write 'duration: 3'" not in warning.hint
    assert "a duration is 5 to 480 minutes" in warning.hint


def test_phase_minutes_that_fit_give_no_warning(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in", valid_kit().replace("duration: 45", "duration: 60"))
    assert load(tiny_project).report.warnings == []


def test_an_empty_tip_or_workshop_is_told_how_to_begin_its_own_kind(
        tiny_project: TinyProject) -> None:
    """Every empty file was told to "start from 'gesprekskit new KIT_ID'", which makes a kit."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    tiny_project.write_tip("leeg", "# nog invullen\n")
    (tiny_project.root / "workshops").mkdir()
    (tiny_project.root / "workshops" / "leeg.yml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    lines = result.output.splitlines()
    hints = {line.split(":")[0]: lines[index + 1] for index, line in enumerate(lines)
             if "the file is empty" in line}
    assert "a copy of another tip" in hints["kits/tips/leeg.yml"], result.output
    assert "gesprekskit new --workshop" in hints["workshops/leeg.yml"], result.output


def test_a_question_written_as_a_bare_line_is_told_to_use_text(tiny_project: TinyProject) -> None:
    """Newcomer finding: `- Hoe gaat het?` was answered with "'kind' must be one of", a key
    the author never wrote."""
    text = valid_kit().replace("      - text: Waar krijg je op dit moment energie van in je werk?",
                               "      - Waar krijg je op dit moment energie van in je werk?")
    tiny_project.write_kit("check-in", text)
    (error,) = errors_of(tiny_project)
    assert error.message == ("phase 2, question 1 is a bare line; a question has its text "
                             "under 'text:'")
    assert error.hint == "write it as: - text: Waar krijg je op dit moment energie van in je werk?"


def test_a_missing_schema_and_a_purpose_as_a_list_name_what_to_write(
        tiny_project: TinyProject) -> None:
    text = valid_kit().replace("schema: 1\n", "")
    start, end = text.index("purpose:\n"), text.index("when:\n")
    text = text[:start] + "purpose:\n  - Samen zien wat goed gaat.\n" + text[end:]
    tiny_project.write_kit("check-in", text)
    hints = {error.message: error.hint for error in errors_of(tiny_project)}
    assert "add 'schema: 1' here" in hints["the required key 'schema' is missing"]
    assert "(it needs 'description:')" in hints["purpose must have keys indented under it, not a list"]
