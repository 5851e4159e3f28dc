"""mkdocs.yml's theme, plugins and nav, checked without MkDocs by validate and the build alike."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools.diagnostics import DiagnosticReport
from build_tools.plan import PlanError, make_plan, read_settings
from conftest import REPO_ROOT, TinyProject

CARELESS_MKDOCS_YML = """\
site_name: Klein
docs_dir: content
theme:
  name: materail
plugins:
  - gesprekskit:
      pdfs: false
  - serch
  - offline
nav:
  - Welkom: index.md
  - Gesprekken: gesprekken/index.md
  - Over ons: over-ons.md
  - Elders: https://example.org/
  - Nergens: iets-heel-anders.md
"""

EXPECTED = [
    "mkdocs.yml:4:9: error: the theme 'materail' is not installed",
    "    hint: did you mean 'material'?",
    "mkdocs.yml:8:5: error: the plugin 'serch' is not installed",
    "    hint: did you mean 'search'?",
    "mkdocs.yml:13:15: error: the nav names 'over-ons.md', which is not a page of the guide",
    "    hint: did you mean 'over.md'?",
    "mkdocs.yml:15:14: error: the nav names 'iets-heel-anders.md', which is not a page of the "
    "guide",
    "    hint: write content/iets-heel-anders.md, or correct the path (relative to content/)",
]

VALIDATE_WITHOUT_MKDOCS = """
import sys
from click.testing import CliRunner
import build_tools.cli
result = CliRunner().invoke(build_tools.cli.main, ["validate", "-p", sys.argv[1]])
print(result.output)
print("EXIT:", result.exit_code)
print("MKDOCS:", sorted(name for name in sys.modules if name.split(".")[0] == "mkdocs"))
"""


def settings_report(config: Path) -> DiagnosticReport:
    """What validate and the build report of mkdocs.yml's MkDocs-level settings."""
    from build_tools.loader import load_project
    from build_tools.plan.config_checks import mkdocs_settings_report
    from build_tools.plan.guide import project_settings

    settings = read_settings(config)
    return mkdocs_settings_report(settings, load_project(project_settings(settings)))


@pytest.fixture
def careless(tiny_project: TinyProject) -> Path:
    tiny_project.write_kit("check-in")
    (tiny_project.root / "content" / "over.md").write_text("# Over\n", encoding="utf-8")
    (tiny_project.root / "mkdocs.yml").write_text(CARELESS_MKDOCS_YML, encoding="utf-8")
    return tiny_project.root


def test_validate_reports_theme_plugin_and_nav_mistakes_without_importing_mkdocs(
        careless: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", VALIDATE_WITHOUT_MKDOCS, str(careless)],
                              capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    output = finished.stdout
    assert "MKDOCS: []" in output, output + finished.stderr
    assert "EXIT: 1" in output and "Traceback" not in output, output
    lines = output.splitlines()
    for expected in EXPECTED:
        assert expected in lines, output
    # Links out of the guide, generated pages and pages of the content folder are fine.
    assert "example.org" not in output and "gesprekken/index.md" not in output
    assert "'offline'" not in output and "index.md'" not in output.replace("'gesprekken/", "")


def test_the_build_stops_on_the_same_mistakes_before_mkdocs_runs(careless: Path) -> None:
    with pytest.raises(PlanError) as caught:
        make_plan(read_settings(careless / "mkdocs.yml"))
    shown = caught.value.report.format(careless).splitlines()
    assert [line for line in EXPECTED if line not in shown] == []


@pytest.mark.parametrize("theme, plugins", [
    ("{name: null, custom_dir: eigen}", "[gesprekskit, search]"),
    ("mkdocs", "{gesprekskit: {pdfs: false}, material/search: {}}"),
])
def test_other_ways_of_writing_theme_and_plugins_pass(tiny_project: TinyProject, theme: str,
                                                      plugins: str) -> None:
    tiny_project.write_kit("check-in")
    (tiny_project.root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Klein
        docs_dir: content
        theme: {theme}
        plugins: {plugins}
        nav: [index.md, {{Tips: tips.md}}, {{Workshops: workshops/index.md}}]
        """), encoding="utf-8")
    report = settings_report(tiny_project.root / "mkdocs.yml")
    assert report.items == []


def test_a_misspelt_plugin_option_is_a_located_warning_with_a_suggestion(
        tiny_project: TinyProject) -> None:
    """`langauges:` under the plugin was ignored without a word from validate (MkDocs warns
    while building, without a line): the guide silently lost its languages."""
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\n"
                      "theme: {name: material, font: false}\nplugins:\n"
                      "  - gesprekskit:\n      pdfs: false\n      langauges:\n        en: {}\n"
                      "      quiet_theme_notice: true\n      languages:\n"
                      "        en: {nmae: English}\n        nl: {}\n      zzz: 1\n  - offline\n",
                      encoding="utf-8")
    report = settings_report(config)
    assert not report.errors
    assert report.format(tiny_project.root).splitlines() == [
        "mkdocs.yml:7:7: warning: the gesprekskit plugin has no option 'langauges'; it is ignored",
        "    hint: did you mean 'languages'?",
        "mkdocs.yml:11:14: warning: the gesprekskit language 'en' has no option 'nmae'; it is "
        "ignored",
        "    hint: did you mean 'name'?",
        "mkdocs.yml:13:7: warning: the gesprekskit plugin has no option 'zzz'; it is ignored",
        "    hint: remove it, or correct its name; the options are: brand, cache, cache_dir, "
        "cycle, handbook, jobs, kits_dir, kits_section, language, languages, pdfs, "
        "quiet_theme_notice, strict, tips_dir, workshops_dir"]


def test_a_missing_pages_folder_is_an_error_and_a_missing_home_page_a_warning(
        tiny_project: TinyProject) -> None:
    """MkDocs stops on a docs_dir that does not exist without saying where; a guide without
    index.md builds a site with nothing to open. validate and the build say so first."""
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: paginas\ntheme: {name: material, font: false}\n"
                      "plugins: [gesprekskit, search, offline]\n", encoding="utf-8")
    shown = settings_report(config).format(tiny_project.root).splitlines()
    assert shown[0].startswith("mkdocs.yml:2:11: error: the folder of the guide's pages, ")
    assert shown[0].endswith("paginas, does not exist"), shown
    (tiny_project.root / "paginas").mkdir()
    report = settings_report(config)
    assert not report.errors
    assert [item.message for item in report.warnings] == [
        "the guide has no home page: paginas/index.md is missing"]
    (tiny_project.root / "paginas" / "index.nl.md").write_text("# Welkom\n", encoding="utf-8")
    assert settings_report(config).items == []


@pytest.mark.parametrize("written, lines", [
    ("nav: 17\n", ["mkdocs.yml:5:1"]),
    ("nav:\n  - 42\n  - Tips: null\n  - [[tips.md]]\n  - {Tips: tips.md, Over: index.md}\n"
     "  - Deel:\n      - 5\n      - index.md\n",
     ["mkdocs.yml:6:5", "mkdocs.yml:7:5", "mkdocs.yml:8:5", "mkdocs.yml:9:5", "mkdocs.yml:11:9"]),
])
def test_a_nav_of_another_shape_is_located_not_a_traceback(tiny_project: TinyProject,
                                                            written: str, lines: list[str]) -> None:
    """Hostile findings: `nav: 17` passed validate and crashed the build; odd items passed
    validate and failed in MkDocs without a location."""
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\ntheme: material\n"
                      "plugins: [gesprekskit, search]\n" + written, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        make_plan(read_settings(config))
    shown = [line.split(": error: ")[0] for line in
             caught.value.report.format(tiny_project.root).splitlines() if ": error: " in line]
    assert shown == lines


def test_plugins_written_otherwise_are_located(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\ntheme: material\nplugins:\n"
                      "  - gesprekskit\n  - offline: 5\n  - 42\n  - {offline: {}, search: {}}\n",
                      encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        make_plan(read_settings(config))
    shown = caught.value.report.format(tiny_project.root)
    assert [line.split(": error: ")[0] for line in shown.splitlines() if ": error: " in line] \
        == ["mkdocs.yml:6:5", "mkdocs.yml:7:5", "mkdocs.yml:8:5"], shown


@pytest.mark.parametrize("target, message", [
    ("../mkdocs.yml", "the nav names '../mkdocs.yml', which is not a page of the guide "
                      "(it is outside content/)"),
    ("../notes.md", "the nav names '../notes.md', which is not a page of the guide "
                    "(it is outside content/)"),
    ("/notes.md", "the nav names '/notes.md', a path from the root of the disk or the web "
                  "server, not a page of the guide"),
])
def test_a_nav_entry_outside_the_pages_folder_is_an_error(tiny_project: TinyProject, target: str,
                                                          message: str) -> None:
    """Hostile finding: a nav entry naming a file outside docs_dir passed validate silently
    (MkDocs makes it a link that leads nowhere)."""
    tiny_project.write_kit("check-in")
    (tiny_project.root / "notes.md").write_text("# Notes\n", encoding="utf-8")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\ntheme: {name: material, font: false}\n"
                      "plugins: [gesprekskit, search, offline]\nnav:\n  - index.md\n"
                      f"  - ./index.md\n"
                      f"  - Elders: {target}\n  - Start: /\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        make_plan(read_settings(config))
    shown = caught.value.report.format(tiny_project.root).splitlines()
    assert shown[0] == f"mkdocs.yml:8:13: error: {message}", shown
    assert len([line for line in shown if ": error: " in line]) == 1, shown


def test_a_misspelt_setting_is_a_warning_with_the_setting_it_means(
        tiny_project: TinyProject) -> None:
    """Hostile finding: `site_nmae:` or `nva:` passed validate silently, and MkDocs went on
    without the guide's name or nav."""
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\nsite_nmae: Klein\ndocs_dir: content\n"
                      "theme: {name: material, font: false}\n"
                      "plugins: [gesprekskit, search, offline]\nnva: [index.md]\nmijn_eigen: 3\n"
                      "extra: {mijn_eigen: 3}\n", encoding="utf-8")
    report = settings_report(config)
    assert not report.errors
    assert report.format(tiny_project.root).splitlines() == [
        "mkdocs.yml:2:1: warning: mkdocs.yml has no setting 'site_nmae'; MkDocs ignores it",
        "    hint: did you mean 'site_name'?",
        "mkdocs.yml:6:1: warning: mkdocs.yml has no setting 'nva'; MkDocs ignores it",
        "    hint: did you mean 'nav'?",
        "mkdocs.yml:7:1: warning: mkdocs.yml has no setting 'mijn_eigen'; MkDocs ignores it",
        "    hint: remove it, or correct its name; a theme's options go under 'theme:', your own "
        "values under 'extra:'",
    ]


def test_an_impossible_date_in_the_cycle_settings_is_located(tiny_project: TinyProject) -> None:
    """Hostile finding: `start: 2026-02-30` said only 'day is out of range for month', with
    the file's absolute path and no line."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\ntheme: material\nplugins:\n"
                      "  - gesprekskit:\n      cycle:\n        start: 2026-02-30\n  - search\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "mkdocs.yml:7:16: error: the date 2026-02-30 does not exist (day is out of range for "
        "month); write every date as an existing year-month-day, e.g. 2027-01-12"], result.output


def test_mistakes_inherited_from_a_parent_file_are_located_there(
        tiny_project: TinyProject) -> None:
    """With `INHERIT: base.yml` (MkDocs' config inheritance) the mistakes written in base.yml
    were reported at mkdocs.yml:1:1, or not at all; each is now at its line in base.yml, and a
    setting the child overrides at its line in the child."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    (tiny_project.root / "content" / "over.md").write_text("# Over\n", encoding="utf-8")
    (tiny_project.root / "base.yml").write_text(textwrap.dedent("""\
        site_name: Basis
        site_nmae: Basis
        docs_dir: content
        theme:
          name: materail
          language: nl
        plugins:
          - gesprekskit:
              pdfs: false
              strict: [ja]
          - serch
        nav:
          - Welkom: index.md
          - Over ons: over-ons.md
        """), encoding="utf-8")
    (tiny_project.root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: Kind\nextra:\n  team: HR\n", encoding="utf-8")
    first = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert first.exit_code == 1 and "Traceback" not in first.output
    assert first.output.strip().splitlines()[0] == (
        "base.yml:10:15: error: the gesprekskit option 'strict' must be true or false, "
        "not ['ja']"), first.output
    base = (tiny_project.root / "base.yml").read_text(encoding="utf-8")
    (tiny_project.root / "base.yml").write_text(base.replace("strict: [ja]", "strict: false"),
                                                encoding="utf-8")
    (tiny_project.root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: Kind\nnav:\n  - Welkom: index.md\n  - Over: ovr.md\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    located = [line for line in result.output.splitlines() if ": error: " in line
               or ": warning: " in line]
    assert located == [
        "base.yml:2:1: warning: base.yml has no setting 'site_nmae'; MkDocs ignores it",
        "base.yml:5:9: error: the theme 'materail' is not installed",
        "base.yml:11:5: error: the plugin 'serch' is not installed",
        "mkdocs.yml:5:11: error: the nav names 'ovr.md', which is not a page of the guide",
    ], result.output


@pytest.mark.parametrize("files, expected", [
    ({"mkdocs.yml": "site_name: Kind\nINHERIT: basis.yml\n"},
     "mkdocs.yml:2:10: error: INHERIT names 'basis.yml', which does not exist; write the path "
     "of the parent file from the folder of mkdocs.yml"),
    ({"mkdocs.yml": "INHERIT: b.yml\nsite_name: Kind\n", "b.yml": "docs_dir: content\n"
      "INHERIT: mkdocs.yml\n"},
     "b.yml:2:10: error: INHERIT 'mkdocs.yml' goes round in a circle (mkdocs.yml -> b.yml -> "
     "mkdocs.yml); remove INHERIT from one of these files"),
    ({"mkdocs.yml": "INHERIT: mkdocs.yml\n"},
     "mkdocs.yml:1:10: error: INHERIT 'mkdocs.yml' goes round in a circle (mkdocs.yml -> "
     "mkdocs.yml); remove INHERIT from one of these files"),
    # Not a file name: skipped without a word before.
    ({"mkdocs.yml": "site_name: Kind\nINHERIT: [base.yml]\n", "base.yml": "docs_dir: x\n"},
     "mkdocs.yml:2:10: error: INHERIT must name one parent file, not a list; write its path "
     "from the folder of mkdocs.yml, e.g. 'INHERIT: base.yml', or remove INHERIT"),
    ({"mkdocs.yml": "INHERIT: 3\nsite_name: Kind\n"},
     "mkdocs.yml:1:10: error: INHERIT must name one parent file, not '3'"),
    ({"mkdocs.yml": "INHERIT:\nsite_name: Kind\n"},
     "error: INHERIT must name one parent file, not an empty value"),
    # A folder was said not to exist; a parent that is a list said 'mkdocs.yml must be...'.
    ({"mkdocs.yml": "INHERIT: content\nsite_name: Kind\n"},
     "mkdocs.yml:1:10: error: INHERIT names 'content', which is a folder, not a file"),
    ({"mkdocs.yml": "INHERIT: base.yml\nsite_name: Kind\n", "base.yml": "- a\n- b\n"},
     "base.yml: error: base.yml must be a mapping of settings such as 'site_name:'"),
])
def test_a_missing_or_circular_inherit_is_located_at_its_line(
        tiny_project: TinyProject, files: dict[str, str], expected: str) -> None:
    """Hostile finding: a missing parent was reported as '/abs/basis.yml: cannot be read
    ([Errno 2] …)' and a circle at a file without line or way out."""
    from click.testing import CliRunner

    from build_tools.cli import main

    for name, text in files.items():
        (tiny_project.root / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert expected in result.output, result.output


def test_misspelt_material_options_are_warnings_with_what_they_mean(
        tiny_project: TinyProject) -> None:
    """Hostile finding: `features: [navigation.tabz]` or `palette: {primery: indigo}` passed
    validate and the build, and Material ignored them without a word. Each is a warning at
    its line with the option it means; with --strict the command fails on them."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    (tiny_project.root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Klein
        docs_dir: content
        theme:
          name: material
          featurs: []
          features:
            - navigation.tabs
            - navigation.tabz
            - toc.folow
          palette:
            - scheme: default
              primery: indigo
              accent: deep purple
            - scheme: slat
              primary: blue grey
              accent: purpel
              toggle: {icon: material/weather-sunny, nmae: Licht}
          font: {txt: Inter}
        plugins:
          - gesprekskit:
              pdfs: false
          - search
        """), encoding="utf-8")
    relaxed = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert relaxed.exit_code == 0 and "Traceback" not in relaxed.output, relaxed.output
    lines = relaxed.output.splitlines()
    expected = [
        ("mkdocs.yml:5:3: warning: Material has no theme option 'featurs'; it is ignored",
         "did you mean 'features'?"),
        ("mkdocs.yml:8:7: warning: Material has no feature 'navigation.tabz'; it is ignored",
         "did you mean 'navigation.tabs'?"),
        ("mkdocs.yml:9:7: warning: Material has no feature 'toc.folow'; it is ignored",
         "did you mean 'toc.follow'?"),
        ("mkdocs.yml:12:7: warning: Material has no palette option 'primery'; it is ignored",
         "did you mean 'primary'?"),
        ("mkdocs.yml:14:15: warning: Material has no colour scheme 'slat'; without CSS of "
         "your own for it the page has no colours", "did you mean 'slate'?"),
        ("mkdocs.yml:16:15: warning: Material has no accent colour 'purpel'; the theme falls "
         "back to its default colour", "did you mean 'purple'?"),
        ("mkdocs.yml:17:46: warning: Material has no palette toggle option 'nmae'; it is "
         "ignored", "did you mean 'name'?"),
        ("mkdocs.yml:18:10: warning: Material has no font option 'txt'; it is ignored",
         "did you mean 'text'?"),
    ]
    for message, hint in expected:
        assert message in lines, relaxed.output
        assert lines[lines.index(message) + 1] == f"    hint: {hint}", relaxed.output
    # documented values pass: a known feature, `deep purple` and `blue grey` as Material
    # writes them, `default`
    assert sum(": warning: Material" in line for line in lines) == len(expected), relaxed.output
    strict = CliRunner().invoke(main, ["validate", "--strict", "-p", str(tiny_project.root)])
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert expected[1][0] in strict.output.splitlines()


def test_the_example_uses_only_documented_material_options() -> None:
    from build_tools.config_positions import ConfigPositions
    from build_tools.diagnostics import DiagnosticReport
    from build_tools.plan.config_file import read_config_file
    from build_tools.plan.material_checks import check_material_options

    report = DiagnosticReport()
    check_material_options(read_config_file(REPO_ROOT / "mkdocs.yml"),
                           ConfigPositions(REPO_ROOT / "mkdocs.yml"), report)
    assert report.items == []


def test_serve_watches_the_parent_files_mkdocs_yml_inherits(tiny_project: TinyProject) -> None:
    """A setting saved in an INHERIT parent (a shared base.yml, here in a folder of its own)
    changes the guide as one in mkdocs.yml does; `serve` watched mkdocs.yml only."""
    from build_tools.plan.config_file import inherited_files
    from build_tools.serve import _watched

    shared = tiny_project.root / "shared"
    shared.mkdir()
    (shared / "base.yml").write_text("site_description: Gedeeld\n", encoding="utf-8")
    (tiny_project.root / "middle.yml").write_text("INHERIT: shared/base.yml\n",
                                                  encoding="utf-8")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("INHERIT: middle.yml\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    tiny_project.write_kit("check-in")
    chain = [config.resolve(), (tiny_project.root / "middle.yml").resolve(),
             (shared / "base.yml").resolve()]
    assert inherited_files(config) == chain
    assert set(chain) <= set(_watched(tiny_project.root))
    # A circle or a missing parent ends the chain; reading the settings reports it.
    (shared / "base.yml").write_text("INHERIT: ../mkdocs.yml\n", encoding="utf-8")
    assert inherited_files(config) == chain
    (tiny_project.root / "middle.yml").write_text("INHERIT: weg.yml\n", encoding="utf-8")
    assert inherited_files(config) == chain[:2]


@pytest.mark.parametrize("option, expected", [
    ("jobs: -3", "mkdocs.yml:6:13: error: the gesprekskit option 'jobs' must be 0 (one worker "
                 "per core) or more, not -3"),
    ("cache_dir: content", "mkdocs.yml:6:18: error: the gesprekskit option 'cache_dir' "
                           "('content') is the folder of 'docs_dir'"),
    ("cache_dir: kits/.cache", "mkdocs.yml:6:18: error: the gesprekskit option 'cache_dir' "
                               "('kits/.cache') lies in the folder of 'kits_dir'"),
    ("cache_dir: .", "mkdocs.yml:6:18: error: the gesprekskit option 'cache_dir' ('.') is the "
                     "project folder or holds it"),
    ("kits_dir: .", "mkdocs.yml:6:17: error: the gesprekskit option 'kits_dir' ('.') must "
                    "name a folder of its own, not the project folder itself"),
    ("kits_dir: mkdocs.yml", "mkdocs.yml:6:17: error: the gesprekskit option 'kits_dir' "
                             "('mkdocs.yml') names a file, not a folder"),
    ("tips_dir: content/index.md", "mkdocs.yml:6:17: error: the gesprekskit option 'tips_dir' "
                                   "('content/index.md') names a file, not a folder"),
])
def test_option_values_that_hang_read_outside_or_delete_sources_are_located_errors(
        tiny_project: TinyProject, option: str, expected: str) -> None:
    """`jobs: -3` left the build waiting 300 s for workers that never started; a cache folder
    in the sources put PDFs among the pages and let the cache's clean-up remove the user's
    files; `kits_dir: .` read mkdocs.yml as a kit; `kits_dir: mkdocs.yml` said "the kits folder
    does not exist", at no line. (A kits folder outside the project is the
    owner's choice: kits shared by guides, see test_source_files.)"""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    (tiny_project.root / "mkdocs.yml").write_text(
        "site_name: Klein\ndocs_dir: content\ntheme: material\nplugins:\n  - gesprekskit:\n"
        f"      {option}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.startswith(expected), result.output


def test_a_cache_folder_of_its_own_passes(tiny_project: TinyProject, tmp_path: Path) -> None:
    tiny_project.write_kit("check-in")
    shared = tmp_path.parent / f"{tmp_path.name}-shared-cache"
    (tiny_project.root / "mkdocs.yml").write_text(
        "site_name: Klein\ndocs_dir: content\ntheme: material\nplugins:\n  - gesprekskit:\n"
        f"      cache_dir: {shared}\n      jobs: 0\n", encoding="utf-8")
    assert read_settings(tiny_project.root / "mkdocs.yml").options.cache_dir == str(shared)


def test_a_cache_folder_in_the_home_folder_is_written_as_in_a_shell(
        tiny_project: TinyProject) -> None:
    """`cache_dir: ~/gesprekskit-cache` made a folder named `~` inside the project."""
    import os

    (tiny_project.root / "mkdocs.yml").write_text(
        "site_name: Klein\ndocs_dir: content\ntheme: material\nplugins:\n  - gesprekskit:\n"
        "      cache_dir: ~/gesprekskit-cache\n", encoding="utf-8")
    cache = read_settings(tiny_project.root / "mkdocs.yml").options.cache_dir
    assert cache == os.path.join(os.path.expanduser("~"), "gesprekskit-cache")
    assert not (tiny_project.root / cache).is_relative_to(tiny_project.root)


def test_nav_titles_a_language_lacks_or_misspells_are_located_warnings(
        tiny_project: TinyProject) -> None:
    """Hostile finding: in a guide in Dutch, English and German, the German site showed every
    nav title in Dutch and the English one 'Over ons', and a translation written for a title
    the nav does not have (`Over: About` for 'Over ons') was dropped: validate and the build
    said nothing, where a page or kit text without its translation is a warning."""
    tiny_project.write_kit("check-in")
    (tiny_project.root / "locales").mkdir()
    for code in ("de", "pl"):  # labels of their own, as the guide asks for a new language
        (tiny_project.root / "locales" / f"{code}.yml").write_text(
            (REPO_ROOT / "build_tools" / "locales" / "en.yml").read_text(encoding="utf-8"),
            encoding="utf-8")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text(textwrap.dedent("""\
        site_name: Drie talen
        docs_dir: content
        theme: {name: material, font: false}
        plugins:
          - gesprekskit:
              pdfs: false
              languages:
                nl: {name: Nederlands}
                en: {name: English, nav: {Welkom: Welcome, Over: About}}
                de: {name: Deutsch}
                pl: {fallback: [en, nl], nav: {Welkom: Witamy, Voor HR: Dla HR, Over ons: O nas}}
          - offline
        nav:
          - Welkom: index.md
          - Over ons: index.md
          - Voor HR:
              - Tips: tips.md
        """), encoding="utf-8")
    report = settings_report(config)
    assert not report.errors
    assert report.format(tiny_project.root).splitlines() == [
        "mkdocs.yml:9:29: warning: 3 nav title(s) have no 'en' translation: 'Over ons', "
        "'Voor HR', 'Tips'; the 'en' site shows them in 'nl'",
        "    hint: add them under languages: en: nav:, for example nav: {Over ons: ...}",
        "mkdocs.yml:9:52: warning: the nav has no title 'Over'; this translation is never used",
        "    hint: did you mean 'Over ons'?",
        "mkdocs.yml:10:9: warning: 4 nav title(s) have no 'de' translation: 'Welkom', "
        "'Over ons', 'Voor HR', 'Tips'; the 'de' site shows them in 'nl'",
        "    hint: add them under languages: de: nav:, for example nav: {Welkom: ...}",
        "mkdocs.yml:11:34: warning: 1 nav title(s) have no 'pl' translation: 'Tips'; the 'pl' "
        "site shows them in 'nl'",
        "    hint: add them under languages: pl: nav:, for example nav: {Tips: ...}",
    ]
    # Every title translated: nothing to say.
    config.write_text(config.read_text(encoding="utf-8").replace(
        "Over: About}", "Over ons: About, Voor HR: For HR, Tips: Tips}").replace(
        "de: {name: Deutsch}", "de: {nav: {Welkom: Willkommen, Over ons: Über, Voor HR: HR, "
        "Tips: Tipps}}").replace("O nas}", "O nas, Tips: Porady}"), encoding="utf-8")
    assert settings_report(config).items == []


def test_a_guide_that_would_not_work_offline_gets_a_located_warning(
        tiny_project: TinyProject) -> None:
    """Hostile finding: a mkdocs.yml without Material's `offline` plugin and without `font:
    false` (both MkDocs' and Material's defaults) validated and built without a word, into a
    guide whose search found nothing from disk or a zip, whose links led to folders and whose
    every page asked Google Fonts for Roboto: the promise of a guide that works offline,
    silently broken."""
    tiny_project.write_kit("check-in")
    config = tiny_project.root / "mkdocs.yml"
    config.write_text("site_name: Klein\ndocs_dir: content\ntheme:\n  name: material\n"
                      "  language: nl\nplugins:\n  - gesprekskit\n  - search\n",
                      encoding="utf-8")
    assert settings_report(config).format(tiny_project.root).splitlines() == [
        "mkdocs.yml:3:1: warning: the theme's web font is loaded from Google Fonts: every page "
        "of the guide then asks the internet for it, which a guide that works offline must not",
        "    hint: write 'font: false' under theme: (the sheets' and the brand's fonts are "
        "unaffected)",
        "mkdocs.yml:6:1: warning: without Material's 'offline' plugin the guide does not work "
        "from disk or a zip (file://): search finds nothing and links lead to folders",
        "    hint: add '- offline' under plugins (after '- search')",
    ]
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: nl\n", "  language: nl\n  font: {text: Roboto}\n"), encoding="utf-8")
    assert sorted(item.location.line for item in settings_report(config).warnings) == [6, 7]
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  font: {text: Roboto}\n", "  font: false\n").replace(
        "  - search\n", "  - search\n  - material/offline\n"), encoding="utf-8")
    assert settings_report(config).items == []
    # MkDocs' own theme has neither web fonts nor the offline plugin: nothing to say.
    config.write_text("site_name: Klein\ndocs_dir: content\nplugins: [gesprekskit]\n",
                      encoding="utf-8")
    assert settings_report(config).items == []


def test_a_refused_language_code_gets_no_nav_title_warnings(tiny_project: TinyProject) -> None:
    """Hostile finding: `de_DE:` among the languages was refused as no language code and then
    also got "17 nav title(s) have no 'de_DE' translation": only the refusal is reported."""
    from click.testing import CliRunner

    from build_tools.cli import main

    tiny_project.write_kit("check-in")
    (tiny_project.root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Twee talen
        docs_dir: content
        theme: {name: material, font: false}
        plugins:
          - gesprekskit:
              pdfs: false
              languages:
                nl: {name: Nederlands}
                de_DE: {name: Deutsch}
          - offline
        nav:
          - Welkom: index.md
          - Tips: tips.md
        """), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-p", str(tiny_project.root)])
    assert result.exit_code == 1, result.output
    assert "mkdocs.yml:9:9: error: 'de_DE' is not a language code" in result.output
    assert "nav title" not in result.output and "1 error(s), 0 warning(s)" in result.output
