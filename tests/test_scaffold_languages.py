"""`gesprekskit new` writes its example texts in the guide's default language (plain kit texts
are in that language), and the Dutch and English scaffolds stay in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.model import KitType
from build_tools.scaffold import kit_template, scaffold_language, workshop_template
from conftest import TinyProject

#: A word only the Dutch scaffold has, and one only the English scaffold has, per kind.
MARKERS = {"nl": "Leidinggevende", "en": "Manager"}


def run(*args: str):  # in-process: a subprocess costs seconds on a busy machine
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def guide_in(root: Path, language: str) -> TinyProject:
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Guide\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Guide\ndocs_dir: content\nplugins:\n  - gesprekskit:\n"
        f"      pdfs: false\n      language: {language}\n", encoding="utf-8")
    return TinyProject(root)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_new_writes_a_valid_kit_and_workshop_in_the_guides_language(
        tmp_path: Path, language: str) -> None:
    project = guide_in(tmp_path / language, language)
    root = str(project.root)
    assert run("new", "eerste-gesprek", "--project", root).exit_code == 0
    assert run("new", "--workshop", "oefensessie", "--project", root).exit_code == 0
    kit = (project.root / "kits" / "eerste-gesprek.yml").read_text(encoding="utf-8")
    workshop = (project.root / "workshops" / "oefensessie.yml").read_text(encoding="utf-8")
    other = MARKERS["en" if language == "nl" else "nl"]
    for text in (kit, workshop):
        assert MARKERS[language] in text and other not in text
    assert "kit: eerste-gesprek" in workshop  # the exercise points at the new kit
    checked = run("validate", root)
    assert checked.exit_code == 0, checked.output
    assert "1 kits, 0 tips, 5 questions, 1 workshop(s)" in checked.output
    reference = {"nl": "Voor HR > Kitformaat (naslag)", "en": "For HR > Kit format (reference)"}
    assert reference[language] in kit


def test_a_guide_in_another_language_gets_the_english_scaffold() -> None:
    assert [scaffold_language(code) for code in ("nl", "en", "de", "fr")] == ["nl", "en", "en", "en"]
    assert kit_template("kaart", KitType.CHECK_IN, "de") == kit_template("kaart", KitType.CHECK_IN,
                                                                         "en")


def _shape(text: str) -> list[tuple[str, int, str]]:
    """Each line as its kind, indentation and key: what must match between two translations
    of a scaffold, whatever their words."""
    shape = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        key = re.match(r"(?:- )?([a-z_]+):(?: |$)", stripped)
        if stripped.startswith("#"):
            shape.append(("comment", indent, ""))
        elif key:
            shape.append(("key", indent, ("- " if stripped.startswith("- ") else "") + key[1]))
        else:
            shape.append(("text", indent, "- " if stripped.startswith("- ") else ""))
    return shape


def _keys(value: object) -> object:
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(item) for item in value]
    return type(value).__name__


@pytest.mark.parametrize("kit_id", ["check-in", None])
def test_the_dutch_and_english_scaffolds_have_the_same_structure(kit_id: str | None) -> None:
    pairs = [(workshop_template("sessie", kit_id, "nl"), workshop_template("sessie", kit_id, "en"))]
    if kit_id is not None:
        pairs.append((kit_template(kit_id, KitType.OTHER, "nl"),
                      kit_template(kit_id, KitType.OTHER, "en")))
    for dutch, english in pairs:
        assert dutch != english
        assert _keys(yaml.safe_load(dutch)) == _keys(yaml.safe_load(english))
        assert _shape(dutch) == _shape(english)  # the same comments in the same places


@pytest.mark.parametrize("language", ["nl", "en"])
def test_validate_warns_while_the_scaffolds_example_text_is_in_place(
        tmp_path: Path, language: str) -> None:
    """Hostile finding: an untouched `gesprekskit new` kit and workshop validated with 'no
    problems found', and the guide would publish their example texts."""
    project = guide_in(tmp_path / language, language)
    root = str(project.root)
    assert run("new", "eerste-gesprek", "--project", root).exit_code == 0
    assert run("new", "--workshop", "oefensessie", "--project", root).exit_code == 0
    checked = run("validate", root)
    assert checked.exit_code == 0, checked.output  # a warning: it still builds
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert warnings == [
        "kits/eerste-gesprek.yml:6:10: warning: this kit still holds the example text of "
        "'gesprekskit new'",
        "workshops/oefensessie.yml:7:10: warning: this workshop still holds the example text "
        "of 'gesprekskit new'"], checked.output
    # Written over in the kit's own words (one language of a translated text is enough).
    kit = project.root / "kits" / "eerste-gesprek.yml"
    data = yaml.safe_load(kit.read_text(encoding="utf-8"))
    kit.write_text(kit.read_text(encoding="utf-8").replace(
        data["summary"], "Een eigen samenvatting.").replace(
        " ".join(data["purpose"]["description"].split()), "Een eigen doel."), encoding="utf-8")
    checked = run("validate", root)
    assert "kits/eerste-gesprek.yml" not in checked.output, checked.output
