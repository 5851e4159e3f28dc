"""Relative links in kit and tip texts: relative to the text's own page, linked to the built
page on the site, warned of (with their line) when they lead nowhere."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from build_tools.cli import main
from build_tools.plan import plan_for
from build_tools.sheets.links import public_url, published_links
from build_tools.sheets.render import sheet_html
from build_tools.text_links import Target, TextLinks, resolve_path
from conftest import TIP_YAML, TinyProject, cli, valid_kit

LINKS = TextLinks("gesprekken", "tips.md",
                  frozenset({"index.md", "tips.md", "voor-hr/kitformaat.md",
                             "gesprekken/check-in.md", "gesprekken/exit.md"}),
                  frozenset({"check-in", "exit"}), frozenset({"luisteren"}),
                  frozenset({"voor-hr/img/plaat.png"}))
KIT_HOME = "gesprekken/check-in.md"

DESCRIPTION = "Samen zien wat goed gaat en wat beter kan, voordat het knelt."
LINKED = ("Zie [luisteren](../tips.md#luisteren), [exit](exit.md), [het formaat]"
          "(../voor-hr/kitformaat.md#links), [de tip](../tips/luisteren.yml) en [mail](mailto:hr@x.nl).")
QUESTION = "Waar krijg je op dit moment energie van in je werk?"


def test_a_link_is_relative_to_the_page_of_its_text() -> None:
    assert LINKS.target("../tips.md#luisteren", KIT_HOME) == Target("tips.md", "luisteren")
    assert LINKS.target("exit.md", KIT_HOME) == Target("gesprekken/exit.md")
    assert LINKS.target("exit.yml", KIT_HOME) == Target("gesprekken/exit.md")
    assert LINKS.target("../", KIT_HOME) == Target("index.md")
    assert LINKS.target("../tips/luisteren.md", KIT_HOME) == Target("tips.md", "luisteren")
    assert LINKS.target("#vragen", KIT_HOME) == Target(KIT_HOME, "vragen")
    assert LINKS.target("../voor-hr/img/plaat.png", KIT_HOME) == \
        Target("voor-hr/img/plaat.png", is_page=False)
    # From the tips page (a tip's body) the same page is written differently.
    assert LINKS.target("gesprekken/exit.md", "tips.md") == Target("gesprekken/exit.md")
    assert LINKS.target("exit.md", "tips.md") is None
    assert LINKS.target("tip.md", KIT_HOME) is None
    assert resolve_path("../a%20b.md", KIT_HOME) == "a b.md"


def test_a_wrong_link_gets_a_suggestion_written_from_its_page() -> None:
    assert LINKS.suggestion("../tip.md#x", KIT_HOME) == "../tips.md#x"
    assert LINKS.suggestion("exti.md", KIT_HOME) == "exit.md"
    assert LINKS.suggestion("volkomen-anders.md", KIT_HOME) is None


def test_a_suggestion_stays_in_the_folder_the_link_points_into() -> None:
    """`../voor-hr/indx.md` was told "did you mean '../index.md'?": another section's page."""
    assert LINKS.suggestion("../voor-hr/indx.md", KIT_HOME) is None
    assert LINKS.suggestion("../voor-hr/kitformat.md#a", KIT_HOME) == "../voor-hr/kitformaat.md#a"
    assert LINKS.suggestion("../indx.md", KIT_HOME) == "../index.md"


def test_a_link_into_downloads_must_name_a_file_the_build_publishes() -> None:
    from dataclasses import replace

    published = replace(LINKS, downloads=frozenset({"downloads/check-in/check-in-vragenblad.pdf"}))
    sheet = "../downloads/check-in/check-in-vragenblad.pdf"
    assert published.target(sheet, KIT_HOME) == Target(sheet[3:], is_page=False)
    assert published.target("../downloads/bestaat-niet.pdf", KIT_HOME) is None
    assert published.target(sheet + "?download=1", KIT_HOME) is not None  # the same file
    assert published.target("../downloads/bestaat-niet.pdf?download=1", KIT_HOME) is None
    assert published.suggestion("../downloads/check-in/check-in-vragenbald.pdf", KIT_HOME) == \
        "../downloads/check-in/check-in-vragenblad.pdf"
    assert LINKS.target("../downloads/bestaat-niet.pdf", KIT_HOME) is not None  # not known
    assert published.target("../assets/logo.svg", KIT_HOME) is not None  # the theme's: unchecked


def test_a_sheet_links_to_the_published_page_not_the_markdown_file() -> None:
    page = "https://gids.example.nl/en/gesprekken/check-in.html"
    assert public_url("../tips.md#x", page) == "https://gids.example.nl/en/tips.html#x"
    assert public_url("exit.md", page) == "https://gids.example.nl/en/gesprekken/exit.html"
    folder = "https://gids.example.nl/gesprekken/check-in/"  # directory URLs
    assert public_url("../tips.md", folder) == "https://gids.example.nl/tips/"
    assert public_url("exit.md", folder) == "https://gids.example.nl/gesprekken/exit/"
    assert public_url("../index.md", folder) == "https://gids.example.nl/"
    assert public_url("exit.md", None) is None


def test_a_sheet_links_a_kit_or_tip_by_its_file_as_the_site_does() -> None:
    """The site links `exit.yml` to the kit's page and `../tips/luisteren.yml` to the tip on
    the tips page; a sheet printed `…/gesprekken/exit.yml` (a dead address)."""
    page = "https://gids.example.nl/gids/gesprekken/check-in.html"
    unknown = TextLinks("gesprekken", "tips.md", None, LINKS.kit_ids, LINKS.tip_ids)

    def sheet(href: str) -> str:
        return published_links(f'<p><a href="{href}">x</a></p>', page, unknown, KIT_HOME)

    assert sheet("exit.yml") == \
        '<p><a href="https://gids.example.nl/gids/gesprekken/exit.html">x</a></p>'
    assert sheet("../tips/luisteren.yml") == \
        '<p><a href="https://gids.example.nl/gids/tips.html#luisteren">x</a></p>'
    assert sheet("../tips.md#luisteren") == \
        '<p><a href="https://gids.example.nl/gids/tips.html#luisteren">x</a></p>'
    # What leads outside the guide or to no page (the site shows it as text) is text.
    assert sheet("../../../../etc/passwd.md") == "<p>x</p>"
    assert sheet("tips.md?x=1") == "<p>x</p>"
    assert sheet("..\\\\tips.md") == "<p>x</p>"
    assert sheet("https://example.org/a") == '<p><a href="https://example.org/a">x</a></p>'


def test_a_link_outside_the_guide_is_no_target_even_when_pages_are_unknown() -> None:
    unknown = TextLinks("gesprekken", "tips.md", None)
    assert unknown.target("../../etc/passwd.md", KIT_HOME) is None
    assert unknown.target("/etc/passwd.md", KIT_HOME) is None
    assert unknown.target("../voor-hr/kitformaat.md", KIT_HOME) == Target("voor-hr/kitformaat.md")


def _linked_project(root: TinyProject) -> None:
    (root.root / "content" / "voor-hr").mkdir(parents=True)
    (root.root / "content" / "voor-hr" / "kitformaat.md").write_text("# Formaat\n")
    root.write_kit("check-in", valid_kit().replace(DESCRIPTION, LINKED)
                   .replace(QUESTION, "Waar krijg je energie van ([zie exit](exit.md))?"))
    root.write_kit("exit", valid_kit("exit"))
    root.write_tip("luisteren", TIP_YAML.replace(
        "kits: []", "kits: [check-in]").replace(
        "*waardoor*.", "*waardoor*. Zie [exit](gesprekken/exit.md) en [welkom](index.md)."))


def _hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" rel="noopener', html)


def test_the_site_links_a_kit_text_to_the_built_page(tiny_project: TinyProject) -> None:
    _linked_project(tiny_project)
    edition = plan_for(tiny_project.root / "mkdocs.yml").default_edition
    kit = edition.generated_page("gesprekken/check-in.md")
    assert _hrefs(edition.page_html(kit, "gesprekken/check-in.html")) == [
        "../tips.html#luisteren", "exit.html", "../voor-hr/kitformaat.html#links",
        "../tips.html#luisteren", "mailto:hr@x.nl", "exit.html"]
    # Directory URLs: the same pages in their folder form.
    assert _hrefs(edition.page_html(kit, "gesprekken/check-in/"))[:3] == [
        "../../tips/#luisteren", "../exit/", "../../voor-hr/kitformaat/#links"]
    # Shown elsewhere, a text keeps pointing where its author meant.
    bank = edition.page_html(edition.generated_page("vragenbank.md"), "vragenbank.html")
    assert "gesprekken/exit.html" in _hrefs(bank)
    tips = edition.page_html(edition.generated_page("tips.md"), "tips.html")
    assert _hrefs(tips) == ["gesprekken/exit.html", "index.html"]


def validate_with_links(tiny_project: TinyProject, links: str, marker: str
                        ) -> tuple[str, int]:
    """`validate` of the linked project with `links` added to the kit's text: its output, and
    the kit line that holds `marker`."""
    _linked_project(tiny_project)
    kit = tiny_project.root / "kits" / "check-in.yml"
    kit.write_text(kit.read_text().replace("(exit.md))", f"(exit.md)), {links}"))
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    line = next(number for number, text in enumerate(kit.read_text().splitlines(), 1)
                if marker in text)
    return result.output, line


def test_a_dead_link_into_downloads_is_a_located_warning(tiny_project: TinyProject) -> None:
    """`../downloads/bestaat-niet.pdf` in a kit text was accepted unchecked."""
    output, line = validate_with_links(
        tiny_project, "[weg](../downloads/bestaat-niet.pdf), [blad](../downloads/exit/"
        "exit-vragenblad.pdf), [boek](../downloads/handbook-nl.pdf)", "bestaat-niet")
    assert f"kits/check-in.yml:{line}:" in output
    assert "the link '../downloads/bestaat-niet.pdf' leads to no file a build publishes" in output
    assert "exit-vragenblad" not in output and "handbook-nl" not in output


def test_a_link_to_no_page_is_a_located_warning_and_text(tiny_project: TinyProject) -> None:
    _linked_project(tiny_project)
    kit = tiny_project.root / "kits" / "check-in.yml"
    kit.write_text(kit.read_text().replace("(exit.md))", "(exti.md))"))
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 0, result.output
    line = next(number for number, text in enumerate(kit.read_text().splitlines(), 1)
                if "exti.md" in text)
    assert f"kits/check-in.yml:{line}:" in result.output
    assert "the link 'exti.md' leads to no page" in result.output
    assert "did you mean 'exit.md'?" in result.output
    strict = CliRunner().invoke(main, ["validate", "--strict", "-p", str(tiny_project.root)])
    assert strict.exit_code != 0
    edition = plan_for(tiny_project.root / "mkdocs.yml").default_edition
    html = edition.page_html(edition.generated_page("gesprekken/check-in.md"),
                             "gesprekken/check-in.html")
    assert "exti" not in html and "(zie exit)" in html


def test_a_link_the_sanitiser_removes_is_a_located_warning(tiny_project: TinyProject) -> None:
    """`[bel HR](tel:+31...)` and `[x](javascript:...)` lost their link without a word."""
    output, line = validate_with_links(
        tiny_project, "[bel HR](tel:+31201234567), [x](JavaScript:alert(1)), "
        "[mail](mailto:hr@example.org)", "tel:")
    warnings = [text for text in output.splitlines() if "shown as plain text" in text]
    assert len(warnings) == 2 and all(f"kits/check-in.yml:{line}:" in text for text in warnings)
    assert "'tel:+31201234567'" in output and "'JavaScript:alert(1)'" in output
    assert "mailto" not in "".join(warnings).split("link only to")[0]


def test_a_built_site_has_no_markdown_links(site_project: Path, tmp_path: Path) -> None:
    """End to end, both languages: no href of any page ends in .md."""
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true\n", "").replace(
        "      pdfs: false\n", "      pdfs: false\n      languages:\n        nl: {}\n"
        "        en: {}\n"))
    kit = site_project / "kits" / "check-in.yml"
    kit.write_text(valid_kit().replace(
        f"description: >-\n    {DESCRIPTION}",
        "description:\n    nl: Zie [de tips](../tips.md) en [welkom](../index.md#welkom).\n"
        "    en: See [the tips](../tips.md) and [home](../index.md)."))
    finished = cli("build", str(site_project), "--out", str(tmp_path / "site"))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "leads to no page" not in finished.stdout + finished.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    hrefs = {href for page in pages for href in re.findall(r'href="([^"]*)"', page.read_text())}
    assert not [href for href in hrefs if re.search(r"\.md(#|$)", href)]
    english = (tmp_path / "site" / "en" / "gesprekken" / "check-in.html").read_text()
    assert _hrefs(english) == ["../tips.html", "../index.html"]
    assert (tmp_path / "site" / "en" / "tips.html").is_file()


def test_a_sheet_prints_a_link_to_no_page_as_its_text(tiny_project: TinyProject) -> None:
    """The site shows a dead `.md` link as text (warned of with its line); a sheet printed it
    as an address under site_url that leads nowhere."""
    _linked_project(tiny_project)
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_url: https://gids.example.nl/\n" + config.read_text())
    kit = tiny_project.root / "kits" / "check-in.yml"
    kit.write_text(kit.read_text().replace("[exit](exit.md),", "[de exit](exti.md),"))
    plan = plan_for(config)
    html = sheet_html(plan.project, plan.project.kit("check-in"), "voorbereiding")
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert not [href for href in hrefs if "exti" in href]
    assert "https://gids.example.nl/voor-hr/kitformaat/#links" in hrefs  # a written page
    assert "https://gids.example.nl/tips/#luisteren" in hrefs  # a generated page
    assert "de exit" in html


def test_a_link_to_an_anchor_its_page_lacks_is_a_located_warning(tiny_project: TinyProject
                                                                 ) -> None:
    """`../tips.md#geen-tip` in a kit text was accepted: only the page was checked."""
    output, line = validate_with_links(
        tiny_project, "[a](../tips.md#luisterenn), [b](../voor-hr/kitformaat.md#geen-kop), "
        "[c](../voor-hr/kitformaat.md#formaat), [d](#het-gesprek), [e](#geen)", "luisterenn")
    assert re.search(rf"kits/check-in.yml:{line}:\d+: warning: the link '../tips.md#luisterenn' "
                     "leads to the anchor '#luisterenn', which the page tips.md does not have",
                     output), output
    assert "did you mean '../tips.md#luisteren'?" in output
    assert "the link '../voor-hr/kitformaat.md#geen-kop' leads to the anchor" in output
    assert "the link '#geen' leads to the anchor '#geen', which the page " \
           "gesprekken/check-in.md does not have" in output
    # `#links` (of the linked project) names no heading of kitformaat.md either; the rest do.
    assert output.count("leads to the anchor") == 4
    assert "#formaat'" not in output and "#het-gesprek'" not in output


def test_a_guide_page_link_to_a_missing_anchor_is_a_located_warning(tiny_project: TinyProject
                                                                    ) -> None:
    """MkDocs reports a missing anchor of a page link only as information: unseen."""
    _linked_project(tiny_project)
    (tiny_project.root / "mkdocs.yml").write_text(
        (tiny_project.root / "mkdocs.yml").read_text()
        + "markdown_extensions:\n  - toc:\n      separator: _\n")
    (tiny_project.root / "content" / "voor-hr" / "kitformaat.md").write_text(
        "---\ntitle: Het formaat\n---\n# Formaat\n\n## Twee woorden\n")
    (tiny_project.root / "content" / "index.md").write_text(
        "# Klein\n\nZie de [tips](tips.md#luisteren) en het [formaat]"
        "(voor-hr/kitformaat.md#twee_woorden).\n\n"
        "Niet de [tip](tips.md#geen-tip) of [kop](voor-hr/kitformaat.md#twee-woorden).\n")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert "Traceback" not in result.output, result.output
    assert "content/index.md:5: warning: the link 'tips.md#geen-tip' leads to the anchor " \
           "'#geen-tip', which the page tips.md does not have" in result.output
    assert "content/index.md:5: warning: the link 'voor-hr/kitformaat.md#twee-woorden'" \
           in result.output
    assert "did you mean 'voor-hr/kitformaat.md#twee_woorden'?" in result.output
    assert "#luisteren'" not in result.output and "'voor-hr/kitformaat.md#twee_woorden'" \
        not in result.output.split("did you mean")[0]


def test_a_sheet_named_with_its_language_gets_the_site_file_of_that_language() -> None:
    """`K-vragenblad-en.pdf` (the command line's name) was told "did you mean" the Dutch sheet."""
    from dataclasses import replace

    published = replace(LINKS, downloads=frozenset({
        "downloads/exit/exit-vragenblad.pdf", "downloads/en/exit/exit-vragenblad.pdf",
        "downloads/nl/exit/exit-vragenblad.pdf"}))
    assert published.suggestion("../downloads/exit/exit-vragenblad-en.pdf", KIT_HOME) == \
        "../downloads/en/exit/exit-vragenblad.pdf"
    assert published.suggestion("../downloads/exit/exit-vragenbald.pdf", KIT_HOME) == \
        "../downloads/exit/exit-vragenblad.pdf"


class _Source:
    """A kit's parsed YAML, every text at line 1."""

    def __init__(self, data: object) -> None:
        self.data = data

    def location(self, data_path: tuple) -> object:
        from build_tools.diagnostics import Location
        return Location(Path("kits/exit.yml"), 1)


def test_a_text_linking_another_languages_handbook_is_warned_of() -> None:
    """Each language's site publishes its own handbook only: `handbook-en.pdf` in a Dutch text
    leads nowhere in the Dutch site."""
    from dataclasses import replace

    from build_tools.diagnostics import DiagnosticReport
    from build_tools.text_links import check_links

    published = replace(LINKS, downloads=frozenset({"downloads/handbook-nl.pdf",
                                                    "downloads/handbook-en.pdf"}))
    data = {"summary": "Zie [boek](../downloads/handbook-en.pdf).",
            "purpose": {"nl": "[boek](../downloads/handbook-nl.pdf)",
                        "en": "[book](../downloads/handbook-en.pdf)"}}
    report = DiagnosticReport()
    check_links([(_Source(data), KIT_HOME, "kit")], published, report, ["nl", "en"])
    messages = [warning.message for warning in report.warnings]
    assert len(messages) == 1 and report.errors == [], messages
    assert "the link '../downloads/handbook-en.pdf' leads to the 'en' handbook" in messages[0]
    assert "'../downloads/handbook-nl.pdf'" in report.warnings[0].hint


def test_a_link_written_from_the_guides_root_gets_its_path_from_the_page() -> None:
    """`tips.md` in a kit text lost its "did you mean '../tips.md'?" when suggestions were
    kept to the folder the link points into."""
    assert LINKS.suggestion("tips.md#luisteren", KIT_HOME) == "../tips.md#luisteren"
    assert LINKS.suggestion("voor-hr/kitformaat.md", KIT_HOME) == "../voor-hr/kitformaat.md"
    assert LINKS.suggestion("geen-pagina.md", KIT_HOME) is None


def test_a_picture_in_a_kit_text_is_a_located_warning(tiny_project: TinyProject) -> None:
    """Hostile finding: `![Het schema](../img/schema.png)` in a kit text vanished from the kit
    page and every sheet, its alt text with it, without a word from validate or the build."""
    output, line = validate_with_links(
        tiny_project, "Zie ![Het schema](../img/schema.png) en [de tips](../tips.md)", "schema.png")
    warnings = [text for text in output.splitlines() if "is not shown" in text]
    assert len(warnings) == 1 and f"kits/check-in.yml:{line}:" in warnings[0], output
    assert "the picture '../img/schema.png' is not shown" in warnings[0]
    assert "'Het schema'" in warnings[0]
    assert "hint: write a link instead, [Het schema](../img/schema.png)" in output


def test_a_table_in_a_kit_text_is_a_located_warning(tiny_project: TinyProject) -> None:
    """Newcomer finding: a Markdown table in a kit text reached the site and the sheets as
    raw '|' and '-' without a word; it is warned of at its text's line, as a picture is."""
    text = valid_kit().replace(f"  description: >-\n    {DESCRIPTION}",
                               f"  description: |-\n    {DESCRIPTION}\n\n"
                               "    | Wie | Wat |\n    |-----|:---:|\n    | Medewerker | Inzicht |")
    assert "| Wie |" in text
    kit = tiny_project.write_kit("check-in", text)
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    line = next(number for number, row in enumerate(kit.read_text().splitlines(), 1)
                if "description:" in row)
    warnings = [row for row in result.output.splitlines() if "table" in row]
    assert len(warnings) == 2, result.output  # the warning and its hint
    assert f"kits/check-in.yml:{line}:" in warnings[0]
    assert "the table '| Wie | Wat |' is not shown as a table" in warnings[0]
    assert "hint: write each row as a list item" in warnings[1]


def test_only_a_table_counts_as_one() -> None:
    from build_tools.text import table_row

    assert table_row("Ja | nee | misschien") is None  # a bar in a sentence
    assert table_row("| alleen | een regel |") is None
    assert table_row("Wie | Wat\n--- | ---\nIk | Dit") == "Wie | Wat"
    assert table_row("Tekst.\n\n| a | b |\n| c | d |") == "| a | b |"
