"""The guide plan knows nothing of MkDocs: settings, editions, pages, nav, files, downloads.

Fast: no site is built and no PDF rendered (the one subprocess imports the plan and the
commands without MkDocs, which is the rule the README's design notes state).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools.downloads import RenderedSheet
from build_tools.plan import (ConfigFileError, PlanError, PublishedFile, make_plan, plan_for,
                              read_settings)
from build_tools.plan import contributions
from build_tools.site.pages import GeneratedPage

from conftest import (MULTILINGUAL_FIXTURE, REPO_ROOT, TinyProject, copy_example,
                      copy_multilingual)


# --- the import rule ------------------------------------------------------------------------------

NO_MKDOCS_SCRIPT = """
import sys
from pathlib import Path
from click.testing import CliRunner

import build_tools.build, build_tools.cli, build_tools.cli_project, build_tools.freshness
import build_tools.loader, build_tools.pdf_build
from build_tools.plan import plan_for

root = Path(sys.argv[1])
plan = plan_for(root / "mkdocs.yml", pdfs=False)
for edition in plan.editions:
    files = plan.files_to_publish(edition)
    assert any(item.site_path.endswith("brand.css") for item in files)
    assert edition.pages and edition.nav
runner = CliRunner()
for args in (["validate", "-p", str(root)], ["schema", "--kind", "tip"],
             ["new", "nieuwe-kit", "-p", str(root)],
             ["pdf", "geen-kit", "-p", str(root), "-o", str(root / "x.pdf")]):
    result = runner.invoke(build_tools.cli.main, args)
    assert result.exit_code in (0, 2), (args, result.output)
loaded = sorted(name for name in sys.modules if name == "mkdocs" or name.startswith("mkdocs."))
print("MKDOCS:", loaded)
"""


def test_the_plan_and_the_commands_that_build_nothing_never_import_mkdocs(tmp_path: Path) -> None:
    """A fresh interpreter (other tests import MkDocs into this one): the plan of the example,
    its files, and validate/schema/new/pdf leave MkDocs unloaded."""
    root = copy_example(tmp_path / "example")
    finished = subprocess.run([sys.executable, "-c", NO_MKDOCS_SCRIPT, str(root)],
                              capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "MKDOCS: []" in finished.stdout, finished.stdout
    assert (root / "kits" / "nieuwe-kit.yml").is_file()  # `new` did run
    assert not (root / ".cache" / "gesprekskit" / "pdf").exists(), "no PDF was rendered"


# --- settings -------------------------------------------------------------------------------------

def test_settings_read_tags_only_mkdocs_resolves_without_importing_anything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GK_SITE_URL", "https://gids.example.org/")
    (tmp_path / "base.yml").write_text("site_name: Basis\ntheme: {name: material, language: nl}\n",
                                       encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        INHERIT: base.yml
        site_url: !ENV GK_SITE_URL
        site_description: !ENV [GK_UNSET, "Zonder omgeving"]
        docs_dir: pagina's
        plugins:
          - gesprekskit:
              quiet_theme_notice: !!python/name:no.such.module.NAME
              language: en
              languages: {en: {name: English}, nl: {nav: {Welcome: Welkom}}}
              jobs: 3
        """), encoding="utf-8")
    settings = read_settings(tmp_path / "mkdocs.yml")
    assert settings.site_name == "Basis" and settings.theme_language == "nl"
    assert settings.site_url == "https://gids.example.org/"
    assert settings.site_description == "Zonder omgeving"
    assert settings.docs_dir == tmp_path / "pagina's"
    assert settings.languages == ["en", "nl"]
    assert settings.options.languages["nl"].nav == {"Welcome": "Welkom"}
    assert settings.options.jobs == 3 and settings.options.pdfs is True


def test_command_line_overrides_make_a_copy(tmp_path: Path) -> None:
    TinyProject(tmp_path)
    settings = read_settings(tmp_path / "mkdocs.yml")
    changed = settings.with_overrides(strict=True, brand=Path("x/_brand.yml"), jobs=2,
                                      cache=False, pdfs=True)
    assert settings.options.strict is False and settings.options.pdfs is False  # untouched
    assert changed.options.strict and changed.strict_from_command_line
    assert changed.options.brand == str(Path.cwd() / "x" / "_brand.yml")
    assert (changed.options.jobs, changed.options.cache, changed.options.pdfs) == (2, False, True)


@pytest.mark.parametrize("text, expected", [
    ("plugins:\n  - gesprekskit:\n      jobs: many\n", "mkdocs.yml:3:13: error: the gesprekskit "
     "option 'jobs' must be a number"),
    ("plugins:\n  - search\n  - gesprekskit:\n      handbook: 'yes'\n", "mkdocs.yml:4:17: error: "
     "the gesprekskit option 'handbook' must be true or false, not 'yes'"),
    ("plugins:\n  gesprekskit:\n    pdfs: 1\n", "mkdocs.yml:3:11: error: the gesprekskit option "
     "'pdfs' must be true or false"),
    ("site_name: een: twee\n", "mkdocs.yml:1:"),
    ("- just\n- a list\n", "must be a mapping"),
])
def test_a_broken_mkdocs_yml_is_located(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigFileError) as caught:
        read_settings(tmp_path / "mkdocs.yml")
    assert expected in str(caught.value)


def test_settings_know_every_option_mkdocs_validates() -> None:
    """plan/settings.py and the plugin's MkDocs schema list the same options."""
    from build_tools.plan.settings import GesprekskitOptions, LanguageOptions
    from build_tools.plugin.config import GesprekskitConfig, LanguageConfig

    ours = {field.name for field in dataclasses.fields(GesprekskitOptions)}
    theirs = {name for name, _ in GesprekskitConfig._schema} - {"quiet_theme_notice"}
    assert ours == theirs
    assert {field.name for field in dataclasses.fields(LanguageOptions)} == \
        {name for name, _ in LanguageConfig._schema}


# --- editions -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_plan(tmp_path_factory: pytest.TempPathFactory):
    """The example's plan without PDFs: asking it for an edition's files would otherwise render
    both handbooks and wall planners (minutes of CPU); the example build's tests read those."""
    return plan_for(copy_example(tmp_path_factory.mktemp("plan") / "example") / "mkdocs.yml",
                    pdfs=False)


def test_one_edition_per_language_with_its_pages_and_nav_titles(example_plan) -> None:
    nl, en = example_plan.editions
    assert (nl.language, en.language) == ("nl", "en")
    assert (nl.site_root, en.site_root) == ("", "en/")
    kits = sorted(kit.id for kit in example_plan.project.kits)
    for edition in (nl, en):
        assert sorted(page.kit_id for page in edition.pages if page.kind == "kit") == kits
        assert {page.kind for page in edition.pages} == {"overview", "kit", "tips",
                                                        "question_bank", "cycle", "finder",
                                                        "workshops", "workshop"}
    assert nl.nav[0] == {"Welkom": "index.md"} and en.nav[0] == {"Welcome": "index.md"}
    kits_section = next(item for item in en.nav if "Conversations" in item)["Conversations"]
    assert kits_section[0] == "gesprekken/index.md"
    assert len(kits_section) == 1 + len(kits)
    assert [choice.name for choice in nl.selector] == ["Nederlands", "English"]
    assert en.site_description.startswith("Good conversations")
    assert nl.site_description is None  # mkdocs.yml's own


def test_generated_page_titles_follow_the_language(example_plan) -> None:
    nl, en = example_plan.editions
    assert nl.generated_page("tips.md").title != en.generated_page("tips.md").title
    kit = example_plan.project.kits[0]
    page = nl.generated_page(f"gesprekken/{kit.id}.md")
    assert page is not None and page.title == nl.context.text(kit.document.title)


def test_content_files_are_chosen_per_language(example_plan) -> None:
    nl, en = example_plan.editions
    uris = ["index.md", "index.en.md", "voor-hr/werkbladen.md"]
    assert {(c.src_uri, c.source_uri) for c in en.content_choices(uris)} == \
        {("index.md", "index.en.md"), ("voor-hr/werkbladen.md", "voor-hr/werkbladen.md")}
    assert {(c.src_uri, c.source_uri) for c in nl.content_choices(uris)} == \
        {("index.md", "index.md"), ("voor-hr/werkbladen.md", "voor-hr/werkbladen.md")}


def test_download_links_point_at_the_pdfs_at_the_guide_root(example_plan, tmp_path: Path) -> None:
    nl, en = example_plan.editions
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 3000)
    kit = example_plan.project.kits[0].id
    sheet = RenderedSheet(kit, "vragenblad", f"downloads/{kit}/{kit}-vragenblad.pdf", pdf, 3009)
    example_plan.sheets = {"nl": [sheet], "en": [sheet]}
    nl.sheets, en.sheets = [sheet], [sheet]
    try:
        page_url = f"gesprekken/{kit}.html"
        (nl_link,) = nl.download_links(kit, page_url)
        (en_link,) = en.download_links(kit, page_url)
        assert nl_link.url == f"../downloads/{kit}/{kit}-vragenblad.pdf"
        assert en_link.url == f"../../downloads/en/{kit}/{kit}-vragenblad.pdf"
        assert nl_link.size == "3 kB" and nl_link.label != en_link.label
        published = {item.site_path for item in example_plan.files_to_publish(nl)}
        assert {f"downloads/{kit}/{kit}-vragenblad.pdf", f"downloads/nl/{kit}/{kit}-vragenblad.pdf",
                f"downloads/en/{kit}/{kit}-vragenblad.pdf"} <= published
        # The kits' PDFs live at the guide's root only; the English site publishes its own
        # calendar files and wall planner (downloads/agenda/, downloads/jaarplanner.pdf).
        assert not any(path.startswith((f"downloads/{kit}/", "downloads/nl/", "downloads/en/"))
                       for path in (item.site_path for item in example_plan.files_to_publish(en)))
    finally:
        example_plan.sheets = None
        nl.sheets, en.sheets = [], []


def test_every_edition_publishes_the_assets_and_the_brand(example_plan) -> None:
    for edition in example_plan.editions:
        paths = {item.site_path for item in edition.files}
        assert "assets/gesprekskit/brand/brand.css" in paths
        assert "assets/gesprekskit/gesprekskit.css" in paths
        css = next(item for item in edition.files if item.site_path.endswith("brand.css"))
        assert b"--md-primary-fg-color" in css.data()


def test_a_generated_page_renders_without_a_site_generator(example_plan) -> None:
    nl = example_plan.default_edition
    html = nl.page_html(nl.generated_page("tips.md"), "tips.html")
    kit = example_plan.project.kits[0]
    assert f'href="gesprekken/{kit.id}.html' in html or "gesprekken/" in html


def test_contributed_pages_and_files_join_every_edition(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The extension point other features use: a page kind of their own and extra files."""
    def pages(plan, edition):
        page = GeneratedPage("extra/agenda.md", f"Agenda ({edition.language})", "agenda")
        return [(page, lambda page, link: f"<p>{page.title} → {link('tips.md')}</p>")]

    def files(plan, edition):
        return [PublishedFile(f"agenda-{edition.language}.ics", content="BEGIN:VCALENDAR")]

    monkeypatch.setattr(contributions, "PAGE_CONTRIBUTORS", [pages])
    monkeypatch.setattr(contributions, "FILE_CONTRIBUTORS", [files])
    root = copy_multilingual(tmp_path / "project")
    plan = plan_for(root / "mkdocs.yml", pdfs=False)
    for edition in plan.editions:
        page = edition.generated_page("extra/agenda.md")
        assert page is not None
        assert edition.page_html(page, "extra/agenda.html") == \
            f"<p>Agenda ({edition.language}) → ../tips.html</p>"
        assert f"agenda-{edition.language}.ics" in \
            {item.site_path for item in plan.files_to_publish(edition)}


def test_a_broken_brand_file_stops_the_plan_with_its_location(tmp_path: Path) -> None:
    project = TinyProject(tmp_path)
    project.write_kit("check-in")
    (tmp_path / "_brand.yml").write_text("color:\n  palette: [niet goed\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        plan_for(tmp_path / "mkdocs.yml")
    assert "_brand.yml" in str(caught.value)


def test_languages_and_fallbacks_from_the_settings(tmp_path: Path) -> None:
    root = copy_multilingual(tmp_path / "project")
    plan = plan_for(root / "mkdocs.yml", pdfs=False)
    assert [edition.language for edition in plan.editions] == ["nl", "en", "ar", "ja"]
    ar = plan.edition("ar")
    assert ar.context.fallback == ("en", "nl") and ar.spec.direction == "rtl"
    assert ar.nav[0] == {"مرحبا": "index.md"}
    assert plan.edition("ja").site_root == "ja/"
    assert MULTILINGUAL_FIXTURE.is_dir()


@pytest.mark.parametrize("url, page", [
    ("tips.html", "index.html"), ("tips.html", "gesprekken/kit.html"), ("gesprekken/", ""),
    ("downloads/a/a-x.pdf", "voor-hr/werkbladen.html"), ("index.html", "gesprekken/kit/"),
    ("gesprekken/kit.html", "."), ("a/b/", "c/d/")])
def test_generated_links_follow_mkdocs_rule(url: str, page: str) -> None:
    """The plan links generated pages without MkDocs, the way MkDocs links written ones."""
    from mkdocs.utils import get_relative_url

    from build_tools.plan.edition import relative_url

    assert relative_url(url, page) == get_relative_url(url, page)


def test_a_guide_can_leave_the_handbook_out(tmp_path: Path) -> None:
    """`handbook: false`: no handbook job for the PDF workers (so no handbook file), while the
    sheets stay (a very large guide cannot afford one document of every kit)."""
    from build_tools.plan.features import handbook_jobs

    project = TinyProject(tmp_path)
    project.write_kit("check-in")
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "content" / "index.md").write_text("# Welkom\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    with_handbook = config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true")
    config.write_text(with_handbook, encoding="utf-8")
    assert [job for job in handbook_jobs(plan_for(config))]
    config.write_text(with_handbook + "      handbook: false\n", encoding="utf-8")
    plan = plan_for(config)
    assert plan.settings.options.handbook is False and plan.settings.options.pdfs
    assert list(handbook_jobs(plan)) == []
