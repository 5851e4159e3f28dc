"""Workshop sheets and their command against hostile input: long Dutch compounds, texts no
layout holds, `--sheet all` with failing sheets, an `-o` folder that does not exist yet.
Small projects, one or two sheets each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from build_tools.cli import main
from build_tools.loader import ProjectSettings, load_project
from build_tools.workshop_sheets import render
from build_tools.workshop_sheets.render import WorkshopSheetDoesNotFit, render_workshop_sheet
from conftest import TinyProject
from test_workshops import WORKSHOP, _errors, _line_of, _project

COMPOUND = "arbeidsongeschiktheidsverzekeringsaanvraagformulierenbeoordelaarsbijeenkomst"
TOO_LONG = " ".join(["Ik vind het lastig om hierover te praten met mijn leidinggevende."] * 40)


def _squeezed_text(pdf: bytes, path: Path) -> str:
    """The PDF's text without white space or the hyphens a line break adds."""
    path.write_bytes(pdf)
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"[\s\u00ad\u2010-]", "", text)


def test_a_long_compound_breaks_on_role_cards_and_slides(tiny_project: TinyProject) -> None:
    """A 77-letter word as a role's name and a block's title used to fail both sheets with
    "card 1-b" and "div.slide__content"; now it is hyphenated inside its column."""
    text = WORKSHOP.replace("name: Medewerker", f"name: De {COMPOUND}").replace(
        "title: Rollenspel", f"title: {COMPOUND}")
    project = load_project(ProjectSettings(_project(tiny_project, text).root))
    workshop = project.workshop("oefenen")
    for sheet in ("role-cards", "slides"):
        pdf = render_workshop_sheet(project, workshop, sheet, language="nl")
        assert COMPOUND in _squeezed_text(pdf, tiny_project.root / f"{sheet}.pdf"), sheet


def test_a_role_card_no_layout_holds_names_file_line_role_sheet_and_paper(
        tiny_project: TinyProject) -> None:
    text = WORKSHOP.replace("private: GEHEIM-VAN-DE-LEIDINGGEVENDE", f"private: {TOO_LONG}")
    project = load_project(ProjectSettings(_project(tiny_project, text).root))
    with pytest.raises(WorkshopSheetDoesNotFit) as raised:
        render_workshop_sheet(project, project.workshop("oefenen"), "role-cards", language="nl")
    message = str(raised.value)
    line = _line_of(text, "private: Ik vind")
    assert message.startswith(f"workshops/oefenen.yml:{line}:"), message
    assert "role card 'Leidinggevende'" in message and "role-cards sheet" in message
    assert "A4 portrait" in message and "To fix it, shorten" in message
    assert "card 1-" not in message and "card 2-" not in message and "div." not in message


def _fake_renderer(failing: dict[str, str]):
    """A stand-in for the renderer: the named sheets fail as a layout would, the others give a
    small PDF (the command's loop is under test, not the layout)."""
    def fake(project, workshop, name, **options) -> bytes:  # type: ignore[no-untyped-def]
        if name in failing:
            raise WorkshopSheetDoesNotFit(failing[name])
        return b"%PDF-1.7 " + name.encode()
    return fake


def test_sheet_all_renders_every_sheet_then_reports_every_failure(
        tiny_project: TinyProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tiny_project).root
    failing = {"role-cards": "workshops/oefenen.yml:36:20: role card 'X' does not fit",
               "slides": "workshops/oefenen.yml:18:19: the slide of block 2 does not fit"}
    monkeypatch.setattr(render, "render_workshop_sheet", _fake_renderer(failing))
    (root / "print" / "oefenen").mkdir(parents=True)
    result = CliRunner().invoke(main, ["workshop", "oefenen", "--sheet", "all", "--project",
                                       str(root), "-o", str(root / "print" / "oefenen")])
    assert result.exit_code == 1, result.output
    written = sorted(path.name for path in (root / "print" / "oefenen").iterdir())
    assert written == ["oefenen-agenda.pdf", "oefenen-cards.pdf",
                       "oefenen-facilitator-guide.pdf", "oefenen-handout.pdf",
                       "oefenen-observer-sheet.pdf"]
    for message in failing.values():
        assert message in result.output
    assert "2 of 7 sheets could not be made" in result.output
    assert "Traceback" not in result.output


def test_sheet_all_makes_a_new_output_folder_but_never_writes_over_a_users_file(
        tiny_project: TinyProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tiny_project).root
    monkeypatch.setattr(render, "render_workshop_sheet", _fake_renderer({}))
    ok = CliRunner().invoke(main, ["workshop", "oefenen", "--sheet", "all", "--project",
                                   str(root), "-o", str(root / "new" / "folder")])
    assert ok.exit_code == 0, ok.output
    assert len(list((root / "new" / "folder").glob("oefenen-*.pdf"))) == 7
    # A file of the user's where a sheet would go, and a file where the folder would go.
    (root / "mine").mkdir()
    (root / "mine" / "oefenen-agenda.pdf").write_bytes(b"%PDF-1.7 my own agenda")
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    for target in ("mine", "notes.txt/sub"):
        refused = CliRunner().invoke(main, ["workshop", "oefenen", "--sheet", "all", "--project",
                                            str(root), "-o", str(root / target)])
        # A usage error (exit 2), as `pdf -o` and `handbook -o` over the same file.
        assert refused.exit_code == 2 and refused.output.startswith("Error: "), refused.output
        assert "Wrote" not in refused.output
    assert (root / "mine" / "oefenen-agenda.pdf").read_bytes() == b"%PDF-1.7 my own agenda"
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_workshop_with_a_kits_id_is_a_located_error(tiny_project: TinyProject) -> None:
    """Kit and workshop `check-in` would share downloads/check-in/: the kit page listed the
    workshop's role cards and the workshop page the kit's sheets."""
    root = _project(tiny_project).root
    (root / "workshops" / "oefenen.yml").rename(root / "workshops" / "check-in.yml")
    errors = _errors(tiny_project)
    assert len(errors) == 1, errors
    line, message, hint = errors[0]
    assert "'check-in'" in message and "kits/check-in.yml" in message
    assert hint is not None and "workshops/check-in-workshop.yml" in hint


def test_a_sheet_in_another_language_gets_its_own_file_name(
        tiny_project: TinyProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pdf KIT --language en` wrote pdf/KIT-SHEET.pdf, over the Dutch sheet of the same name;
    `workshop` did the same in the current folder."""
    import build_tools.pdf_build as pdf_build

    root = _project(tiny_project).root
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace(
        "      pdfs: false\n", "      pdfs: false\n      languages:\n        nl: {name: Nederlands}\n"
        "        en: {name: English}\n"), encoding="utf-8")
    monkeypatch.setattr(pdf_build, "render_one_sheet",
                        lambda project, kit_id, sheet, *, language, **options:
                        f"%PDF-1.7 {language}".encode())
    monkeypatch.setattr(render, "render_workshop_sheet", _fake_renderer({}))
    for language in ("nl", "en"):
        result = CliRunner().invoke(main, ["pdf", "check-in", "--language", language,
                                           "--project", str(root)])
        assert result.exit_code == 0, result.output
    assert (root / "pdf" / "check-in-vragenblad.pdf").read_bytes() == b"%PDF-1.7 nl"
    assert (root / "pdf" / "check-in-vragenblad-en.pdf").read_bytes() == b"%PDF-1.7 en"
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["workshop", "oefenen", "--sheet", "agenda",
                                       "--language", "en", "--project", str(root)])
    assert result.exit_code == 0 and (root / "pdf" / "oefenen-agenda-en.pdf").exists(), \
        result.output


def test_a_question_continued_over_two_cards_fills_the_first(tmp_path: Path) -> None:
    """Issue 15: twelve long options at the dense level take two cards; the split shared them
    out evenly, which left each card about 40 % empty. Now the first card is filled first."""
    from build_tools.sheets.render import render_document
    from test_layout_corpus import kit_yaml

    tiny = TinyProject(tmp_path)
    tiny.write_kit("lang", kit_yaml(3, 1))  # 1.1 a scale, 1.2 twelve options, 1.3 closing
    project = load_project(ProjectSettings(tmp_path))
    document = render_document(project, project.kit("lang"), "kaarten", language="nl")
    anchors = {name: box for page in document.pages for name, box in page.anchors.items()}
    assert "fit-end-1-2_p2" in anchors and "fit-end-1-2_p3" not in anchors
    empty_mm = (anchors["fit-bottom-1-2_p1"][1] - anchors["fit-end-1-2_p1"][1]) / 96 * 25.4
    assert 0 <= empty_mm < 12, empty_mm   # of a 48 mm body; evenly shared it was ~19 mm


def test_a_build_reports_a_workshop_sheet_no_layout_holds_as_the_command_does(
        tiny_project: TinyProject, tmp_path: Path) -> None:
    """The workshops render in the kits' PDF pool: a sheet that does not fit stops the build
    with the located message `gesprekskit workshop` gives, and no workshop entry becomes
    current."""
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.downloads import render_downloads
    from build_tools.pdf_build import PdfRenderError

    text = WORKSHOP.replace("private: GEHEIM-VAN-DE-LEIDINGGEVENDE", f"private: {TOO_LONG}")
    project = load_project(ProjectSettings(_project(tiny_project, text).root))
    with pytest.raises(WorkshopSheetDoesNotFit) as alone:
        render_workshop_sheet(project, project.workshop("oefenen"), "role-cards", language="nl")
    cache = tmp_path / "cache"
    with pytest.raises(PdfRenderError) as raised:
        render_downloads(project, ["nl"], DEFAULT_BRAND, cache_dir=cache, jobs=2)
    assert str(raised.value) == str(alone.value)
    assert str(raised.value).startswith(f"workshops/oefenen.yml:{_line_of(text, 'private: Ik')}:")
    assert not (cache / "workshops" / "current").exists()


def test_a_title_slide_that_fills_the_slide_steps_down_like_the_others(
        tiny_project: TinyProject) -> None:
    """No density rule touched the title slide: a long title and summary (or a brand whose bold
    runs wider than Inter's) filled it at every density, and the whole build stopped."""
    title = "Temperatuurgesprekken en ontwikkelgesprekken voeren, oefenen en inplannen"
    summary = ("Een middag waarin teamleiders de gesprekscyclus leren kennen, hun eigen vragen "
               "kiezen, een gesprek oefenen in een rollenspel met een observator en de eerste "
               "ronde gesprekken met hun eigen medewerkers meteen in de agenda zetten.")
    text = WORKSHOP.replace("title: Oefenen", f"title: {title}").replace(
        "summary: Een korte sessie.", f"summary: {summary}")
    project = load_project(ProjectSettings(_project(tiny_project, text).root))
    pdf = render_workshop_sheet(project, project.workshop("oefenen"), "slides", language="nl")
    path = tiny_project.root / "slides.pdf"
    path.write_bytes(pdf)
    first = re.sub(r"[\s\u00ad\u2010-]", "", PdfReader(path).pages[0].extract_text())
    assert re.sub(r"[\s-]", "", title) in first and "13:30" in first
