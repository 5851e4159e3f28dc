"""`gesprekskit import --update`: a new version of a question bank into the kit made from it,
keeping question ids, translations added since and everything else the author wrote."""

from __future__ import annotations

import json
from pathlib import Path

from build_tools.loader import ProjectSettings, load_project
from conftest import TinyProject
from test_command_line import run

V1 = [{"id": "B1", "category": "Werk", "nl": "Wat geeft je energie?", "en": "What gives you energy?"},
      {"id": "B2", "category": "Team", "nl": "Met wie werk je graag?"},
      {"id": "B4", "category": "Team", "nl": "Wat mis je?"}]
V2 = [{"id": "B1", "category": "Werk", "nl": "Wat geeft je deze maand energie?",
       "en": "What gives you energy this month?"},
      {"id": "B2", "category": "Team", "nl": "Met wie werk je graag?"},
      {"id": "B3", "category": "Groei", "nl": "Wat wil je leren?"}]


def _bank(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


#: The author translates B2 into English in the kit made from V1 (the bank has no English B2).
B2_AS_WRITTEN = "  - id: B2\n    text: Met wie werk je graag?\n"
B2_TRANSLATED = ("  - id: B2\n    text:\n      nl: Met wie werk je graag?\n"
                 "      en: Who do you like working with?\n")


def _imported_v1(project: TinyProject, tmp_path: Path) -> tuple[str, Path, str]:
    """The project's folder, the kit made from V1 and its text as written by the import."""
    root = str(project.root)
    assert run("import", str(_bank(tmp_path / "v1.json", V1)), "extern", "-p", root).exit_code == 0
    kit_file = project.root / "kits" / "extern.yml"
    return root, kit_file, kit_file.read_text(encoding="utf-8")


def test_update_merges_the_new_bank_and_keeps_the_authors_work(tiny_project: TinyProject,
                                                               tmp_path: Path) -> None:
    from build_tools.cli_project import open_project

    root, kit_file, written = _imported_v1(tiny_project, tmp_path)
    # The author translates B2, adds a probe and a note.
    edited = written.replace(B2_AS_WRITTEN, "  # onze eigen notitie\n" + B2_TRANSLATED
                             + "    probes: [Waarom juist die collega?]\n")
    assert edited != written
    kit_file.write_text(edited, encoding="utf-8")

    result = run("import", str(_bank(tmp_path / "v2.json", V2)), "extern", "--update", "-p", root)
    assert result.exit_code == 0, result.output
    assert "1 question(s) changed, 1 added, 1 unchanged" in result.output
    assert "kept: B4" in result.output                    # never deleted, but named
    text = kit_file.read_text(encoding="utf-8")
    assert "# onze eigen notitie" in text
    kit = load_project(open_project(tiny_project.root).settings).kit("extern")
    questions = {ref.question.id: ref for ref in kit.questions()}
    assert list(questions) == ["B1", "B2", "B4", "B3"]
    assert questions["B1"].question.text.values == {"nl": "Wat geeft je deze maand energie?",
                                                    "en": "What gives you energy this month?"}
    assert questions["B2"].question.text.values["en"] == "Who do you like working with?"
    assert [probe.resolve("nl", "nl") for probe in questions["B2"].question.probes] == [
        "Waarom juist die collega?"]
    assert questions["B3"].phase.title.resolve("nl", "nl") == "Groei"     # a new category: a new phase

    missing = run("import", str(tmp_path / "v2.json"), "nieuw", "--update", "-p", root)
    assert missing.exit_code == 1 and missing.output.startswith("Error: ")
    assert not (tiny_project.root / "kits" / "nieuw.yml").exists()


def test_update_reports_every_decision_it_makes_with_its_place(tiny_project: TinyProject,
                                                               tmp_path: Path) -> None:
    """A question the bank moved, a translation it may have outdated, columns the guide cannot
    show, a category two phases share: each a warning naming the line and the question."""
    root, kit_file, text = _imported_v1(tiny_project, tmp_path)
    text = text.replace(B2_AS_WRITTEN, B2_TRANSLATED)
    text = text.replace("follow_up:", "- title: Team\n  minutes: 5\n  questions:\n"
                        "  - text: Wie helpt je?\nfollow_up:")
    kit_file.write_text(text, encoding="utf-8")
    shared_line = text[:text.rindex("- title: Team")].count("\n") + 1
    bank = tmp_path / "v3.csv"
    bank.write_text("id,category,nl,de,notities\n"
                    "B1,Team,Wat geeft je energie?,Was gibt dir Energie?,\n"
                    "B2,Team,Met wie werk je het liefst?,,verplaatst\n"
                    "B4,Team,Wat mis je?,,\n"
                    "B5,Team,Wat kan beter?,,\n", encoding="utf-8")
    result = run("import", str(bank), "extern", "--update", "-p", root)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = [
        "v3.csv:2: warning: the bank has texts in 'de' (first at line 2, question B1), a "
        "language this guide is not built in: they go into the kit but are not shown",
        "v3.csv:3: warning: the column 'notities' (first at line 3, question B2) is not a "
        "language code: its texts were not imported",
        "v3.csv:2: warning: question B1: the bank moved it from 'Werk' to 'Team'; it stays in "
        "the kit's phase 'Werk'",
        "v3.csv:3: warning: question B2: the bank changed its nl text; the kit's own en "
        "translation was kept and may no longer match",
        f"kits/extern.yml:{shared_line}: warning: phases 2 and 3 are both called 'Team': "
        "the new question B5 (line 5 of the bank) goes into phase 2",
    ]
    shown = [line.replace(str(tmp_path) + "/", "") for line in lines]
    assert [line for line in expected if line not in shown] == [], result.output
    assert "2 question(s) changed, 1 added, 1 unchanged; 5 decision(s) made for you" \
        in result.output
    kit = load_project(ProjectSettings(tiny_project.root)).kit("extern")
    titles = [(phase.title.resolve("nl", "nl"), [question.id for question in phase.questions])
              for phase in kit.document.phases]
    assert titles == [("Werk", ["B1"]), ("Team", ["B2", "B4", "B5"]), ("Team", [None])]
