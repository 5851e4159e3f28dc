"""Input that used to pass unchecked (issue 13's residuals): brand texts keyed by something that
is not a language code, an empty organisation name, and a choice question offering the same
option twice. Each is a located error with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.brand_file import load_brand
from build_tools.diagnostics import GesprekskitError
from build_tools.loader import ProjectSettings, load_project
from conftest import TinyProject, valid_kit


def _brand_errors(root: Path, text: str):
    path = root / "_brand.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GesprekskitError) as caught:
        load_brand(path, root)
    return caught.value.report.errors


def test_brand_text_keyed_by_a_locale_gets_the_code_to_write(tmp_path: Path) -> None:
    (error,) = _brand_errors(tmp_path, "defaults:\n  gesprekskit:\n"
                                       "    footer: {nl: Afdeling HR, ja_JP: 人事部}\n")
    assert "'ja_JP' in 'footer' is not a language code" in error.message
    assert "write ja or ja-JP" in error.hint and error.location.line == 3


@pytest.mark.parametrize("name", ['""', '"   "', "{full: '', short: ''}"])
def test_an_empty_organisation_name_is_an_error(tmp_path: Path, name: str) -> None:
    (error,) = _brand_errors(tmp_path, f"meta:\n  name: {name}\n")
    assert error.message == "the organisation name is empty" and error.location.line == 2
    assert "leave 'name' out" in error.hint


def test_an_empty_brand_text_is_named_as_empty(tmp_path: Path) -> None:
    (error,) = _brand_errors(tmp_path, "defaults:\n  gesprekskit:\n    contact: {nl: '', en: HR}\n")
    assert error.message == "'contact' is empty"


def test_a_choice_option_given_twice_is_a_located_error(tiny_project: TinyProject) -> None:
    kit = valid_kit().replace(
        "    questions:\n",
        "    questions:\n      - kind: choice\n        text: Hoe vaak?\n"
        "        options: [Wekelijks, Maandelijks, {nl: wekelijks , en: Weekly}]\n", 1)
    path = tiny_project.write_kit("check-in", kit)
    with pytest.raises(GesprekskitError) as caught:
        load_project(ProjectSettings(tiny_project.root))
    (error,) = caught.value.report.errors
    assert error.message.startswith("option 3 repeats option 1 ('wekelijks')")
    assert error.location.path == path and "word the two options differently" in error.hint
    line = path.read_text(encoding="utf-8").splitlines()[error.location.line - 1]
    assert "options:" in line


@pytest.mark.parametrize("title", ['"\\u200b"', '{nl: "\\u200b\\u2060\\u00ad", en: Check in}',
                                   '"\\u3164\\u00a0"'])
def test_a_text_of_invisible_characters_only_is_an_error(tiny_project: TinyProject,
                                                         title: str) -> None:
    """Hostile review: `strip()` keeps a zero-width space, so a kit titled with one (or with
    a Hangul filler, a soft hyphen, a word joiner) passed and printed as nothing."""
    tiny_project.write_kit("check-in", valid_kit().replace("title: Check in", f"title: {title}"))
    with pytest.raises(GesprekskitError) as caught:
        load_project(ProjectSettings(tiny_project.root))
    (error,) = caught.value.report.errors
    assert "shows nothing: it holds only invisible characters" in error.message, error.message
    assert error.message.startswith("title:")


@pytest.mark.parametrize("name", ['"\\u200b"', '{full: "\\u200b", short: Anker}'])
def test_an_invisible_organisation_name_is_an_error(tmp_path: Path, name: str) -> None:
    (error,) = _brand_errors(tmp_path, f"meta:\n  name: {name}\n")
    assert error.message.startswith("the organisation name shows nothing")


def test_an_invisible_brand_text_is_named_as_empty(tmp_path: Path) -> None:
    (error,) = _brand_errors(tmp_path, 'defaults:\n  gesprekskit:\n    footer: "\\u200b"\n')
    assert error.message == "'footer' is empty"
