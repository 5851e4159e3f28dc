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
    errors = errors_of(tiny_project)
    unknown = next(error for error in errors if "unknown key" in error.message)
    assert "'sumary'" in unknown.message and "did you mean 'summary'" in unknown.hint
    assert unknown.location.line == line_of(text, "sumary:")
    assert unknown.location.column == 1
    # The renamed key is also reported as missing, in the same run.
    assert any("'summary' is missing" in error.message for error in errors)


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
    assert error.message.startswith("duration:")
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
    assert "did you mean 'exitgesprek'" in error.hint


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
    assert "max above min" in error.message


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
