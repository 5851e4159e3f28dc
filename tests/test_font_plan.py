"""Which fonts draw a kit's texts, and where a character no font has was written."""

from __future__ import annotations

from pathlib import Path

from build_tools.brand import DEFAULT_BRAND
from build_tools.diagnostics import Location
from build_tools.fonts import plan_fonts

PRIVATE_USE = "\U000F0001"  # in no font: a character the plan must report, with its place


def test_a_place_is_looked_up_only_for_a_character_no_font_has() -> None:
    asked: list[str] = []

    def place(name: str, line: int) -> Location:
        asked.append(name)
        return Location(Path(name), line, 1)

    texts = [(lambda: place("fine.yml", 3), "Hoe gaat het?"),
             (lambda: place("odd.yml", 7), f"Vraag {PRIVATE_USE}"),
             (Location(Path("label.yml"), 1, 1), "Notities")]
    plan = plan_fonts("nl", texts, DEFAULT_BRAND, ())
    assert plan.missing == {PRIVATE_USE: [Location(Path("odd.yml"), 7, 1)]}
    assert asked == ["odd.yml"]  # the texts every font draws are never located


def test_an_emoji_no_font_has_is_one_error_that_says_how_to_fix_it(
        tiny_project, monkeypatch) -> None:
    """Hostile finding: an emoji in a kit text was one error per language, and its hint named
    only fonts for scripts (fonts-noto-core, fonts-noto-cjk), no emoji font."""
    from click.testing import CliRunner

    import build_tools.fonts as fonts
    from build_tools.cli import main
    from conftest import valid_kit

    monkeypatch.setattr(fonts, "system_fonts", lambda: ())  # as a machine without emoji fonts
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "      languages:\n        nl: {}\n        en: {}\n", encoding="utf-8")
    tiny_project.write_kit("check-in", valid_kit().replace("title: Check in",
                                                           "title: Check in \U0001F9A9"))
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == ["kits/check-in.yml:5:8: error: no font has 1 emoji of the 'nl' and 'en' "
                      "texts: \U0001F9A9 (U+1F9A9); the PDFs would show empty boxes"], result.output
    assert "hint: remove the emoji from the text, or install an emoji font" in result.output
    assert "languages: nl: fonts: [fonts/NotoEmoji-Regular.ttf] (and the same under en:)" \
        in result.output
    assert "2 language(s) have characters no font can show" in result.output


def test_languages_missing_other_characters_keep_their_own_errors() -> None:
    from build_tools.diagnostics import DiagnosticReport
    from build_tools.fonts import FontPlan, report_missing

    here = Location(Path("kits/a.yml"), 3, 1)
    report = DiagnosticReport()
    report_missing(FontPlan("nl", missing={PRIVATE_USE: [here]}), report, None)
    report_missing(FontPlan("ar", missing={"\U000F0002": [here]}), report, None)
    report_missing(FontPlan("en", missing={PRIVATE_USE: [here]}), report, None)
    first, second = report.errors
    assert "of the 'nl' and 'en' texts" in first.message and "of the 'ar' texts" in second.message
    assert "fonts-noto-core" in second.hint and "emoji" not in second.hint


def test_a_character_missed_by_several_languages_is_reported_once() -> None:
    """Hostile review: nl missing two characters and en one of them gave two errors, the shared
    character in both; each character now sits in one error naming every language missing it."""
    from build_tools.diagnostics import DiagnosticReport
    from build_tools.fonts import FontPlan, report_missing

    nl_text, en_text = Location(Path("kits/a.yml"), 3, 7), Location(Path("kits/a.yml"), 4, 7)
    report = DiagnosticReport()
    report_missing(FontPlan("nl", missing={"\uA980": [nl_text], "\U00013000": [nl_text]}),
                   report, None)
    report_missing(FontPlan("en", missing={"\U00013000": [en_text]}), report, None)
    report_missing(FontPlan("de", missing={"\U00013000": [en_text]}), report, None)
    own, shared = report.errors
    assert "of the 'nl' texts: \uA980 " in own.message, own.message
    assert "of the 'nl', 'en' and 'de' texts: \U00013000 " in shared.message, shared.message
    assert "They also occur at kits/a.yml:4:7" in shared.message
    assert "\U00013000" not in own.message and "\uA980" not in shared.message


def test_a_missing_character_is_located_at_the_text_of_its_language(
        tiny_project, monkeypatch) -> None:
    """Hostile review: a character missing from an `en:` text was reported at the line of the
    text's first language (`nl:`), one line too high."""
    from click.testing import CliRunner

    from build_tools.cli import main
    from conftest import valid_kit

    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "      languages:\n        nl: {}\n        en: {}\n", encoding="utf-8")
    text = valid_kit().replace("title: Check in",
                               f"title:\n  nl: Inchecken\n  en: Check in {PRIVATE_USE}")
    tiny_project.write_kit("check-in", text)
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    line = text.splitlines().index(f"  en: Check in {PRIVATE_USE}") + 1
    errors = [item for item in result.output.splitlines() if ": error: no font" in item]
    assert errors and errors[0].startswith(f"kits/check-in.yml:{line}:"), result.output


def _font_errors(root: Path) -> list[str]:
    from click.testing import CliRunner

    from build_tools.cli import main

    result = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if ": error: no font" in line]


def test_a_label_or_brand_character_is_located_at_its_own_line(tiny_project) -> None:
    """Hostile review: a character no font has in a project label file was reported at
    `locales/nl.yml:1:1` whatever its line, and one in the brand file at `_brand.yml` without
    a line, even when the brand file was another one."""
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    (tiny_project.root / "locales").mkdir()
    (tiny_project.root / "locales" / "nl.yml").write_text(
        "# Our own words\nlanguage_name: Nederlands\nduration: Duur \U000F0001\n",
        encoding="utf-8")
    brand = tiny_project.root / "brands" / "ons" / "_brand.yml"
    brand.parent.mkdir(parents=True)
    brand.write_text("meta:\n  name:\n    full: Ons \U000F0002\n    short: Ons\n",
                     encoding="utf-8")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      pdfs: false\n", "      pdfs: false\n      brand: brands/ons/_brand.yml\n"),
        encoding="utf-8")
    error, = _font_errors(tiny_project.root)  # one language: one error, both places
    assert error.startswith("brands/ons/_brand.yml:3:11: error: ") \
        and error.endswith("They also occur at locales/nl.yml:3:11"), error


def test_a_character_of_an_unnamed_brand_is_located_at_the_site_name(tiny_project) -> None:
    """An unnamed brand prints the guide's site_name: its character is in mkdocs.yml."""
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Klein", f"site_name: Klein {PRIVATE_USE}"), encoding="utf-8")
    assert [error.split(": error")[0] for error in _font_errors(tiny_project.root)] == [
        "mkdocs.yml:1:12"]


def test_a_guide_page_character_no_font_has_stops_the_handbook(tiny_project) -> None:
    """Hostile review: the handbook prints the guide pages, but only the kits' characters
    were checked: a page with one no font has gave a handbook with empty boxes, and exit 0."""
    from build_tools.handbook.content import MarkdownSettings
    from build_tools.handbook.render import handbook_content
    from build_tools.handbook.source import HandbookSource
    from build_tools.loader import ProjectSettings, load_project
    from build_tools.pdf_build import PdfRenderError
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    (tiny_project.root / "content" / "index.md").write_text(
        f"# Klein\n\nWelkom {PRIVATE_USE}.\n", encoding="utf-8")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true"),
                      encoding="utf-8")
    assert [error.split(": error")[0] for error in _font_errors(tiny_project.root)] == [
        "content/index.md:3:1"]
    project = load_project(ProjectSettings(tiny_project.root, config_file=config))
    source = HandbookSource(tiny_project.root / "content", None, ["nl"],
                            markdown=MarkdownSettings())
    try:
        handbook_content(project, "nl", DEFAULT_BRAND, source)
    except PdfRenderError as error:
        assert "content/index.md:3:1: error: no font has 1 character" in str(error)
    else:
        raise AssertionError("the handbook was made with a character no font has")


def test_one_kit_is_checked_alone_for_its_own_sheet(tiny_project) -> None:
    """Hostile review: `gesprekskit pdf a` (made to render one kit while another is broken)
    refused because kit b had a character no font has."""
    import pytest

    from build_tools.loader import ProjectSettings, load_project
    from build_tools.pdf_build import PdfRenderError, check_fonts
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    tiny_project.write_kit("other", valid_kit("other").replace(
        "title: Other", f"title: Other {PRIVATE_USE}"))
    project = load_project(ProjectSettings(tiny_project.root))
    check_fonts(project, ["nl"], DEFAULT_BRAND, project.kit("check-in"))
    with pytest.raises(PdfRenderError, match="kits/other.yml"):
        check_fonts(project, ["nl"], DEFAULT_BRAND, project.kit("other"))
    with pytest.raises(PdfRenderError, match="kits/other.yml"):
        check_fonts(project, ["nl"], DEFAULT_BRAND)  # the build checks every kit


def test_a_tip_no_kit_lists_is_in_the_handbooks_font_check(tiny_project) -> None:
    """Hostile review: the handbook's tips chapter prints every tip, but a tip no kit lists was
    in no kit's check: its character no font has printed as a box."""
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    tiny_project.write_tip("los", f"schema: 1\ntitle: Los {PRIVATE_USE}\ncategory: X\nbody: Y\n")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true"),
                      encoding="utf-8")
    assert [error.split(": error")[0] for error in _font_errors(tiny_project.root)] == [
        "kits/tips/los.yml:2:8"]


def test_a_nav_title_character_no_font_has_is_located_in_mkdocs_yml(tiny_project) -> None:
    """Hostile review: the handbook's contents print the nav's section titles, which no check
    read: one with a character no font has printed as a box."""
    from conftest import valid_kit

    tiny_project.write_kit("check-in", valid_kit())
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true")
                      + f"nav:\n  - Welkom {PRIVATE_USE}:\n      - index.md\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index(f"  - Welkom {PRIVATE_USE}:") + 1
    assert [error.split(": error")[0] for error in _font_errors(tiny_project.root)] == [
        f"mkdocs.yml:{line}:5"]
