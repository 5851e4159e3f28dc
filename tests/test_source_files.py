"""Nothing outside the project is read, whatever the path type: linked folders, linked kit and
tip folders, linked brands, links that lead in a circle, hard links. Links that stay inside the
project, and hard links between the guide's own files, keep working."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.source_files import check_sources
from conftest import TIP_YAML, valid_kit

SECRET = "GEHEIM-BUITEN-HET-PROJECT"


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "buiten"
    (folder / "tips").mkdir(parents=True)
    (folder / "pagina.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (folder / "extern.yml").write_text(valid_kit("extern").replace("Temperatuurgesprek", SECRET))
    (folder / "tips" / "extern.yml").write_text(TIP_YAML.replace("Stel open vragen", SECRET))
    (folder / "_brand.yml").write_text(f"meta:\n  name: {SECRET}\n", encoding="utf-8")
    return folder


def _kits_folder_moved_out(project: Path, outside: Path) -> str:
    kits = project / "kits"
    kits.rename(outside / "kits")
    kits.symlink_to(outside / "kits", target_is_directory=True)
    return "kits"


def _tips_folder_linked_out(project: Path, outside: Path) -> str:
    tips = project / "kits" / "tips"
    tips.rmdir()
    tips.symlink_to(outside / "tips", target_is_directory=True)
    return "kits/tips"


def _content_folder_linked_out(project: Path, outside: Path) -> str:
    (project / "content" / "ssl").symlink_to(outside, target_is_directory=True)
    return "content/ssl"


def _brand_linked_out(project: Path, outside: Path) -> str:
    (project / "brands").mkdir()
    (project / "brands" / "extern").symlink_to(outside, target_is_directory=True)
    return "brands/extern"


def _folder_below_a_linked_folder(project: Path, outside: Path) -> str:
    (project / "brands").symlink_to(outside, target_is_directory=True)
    return "brands"


def _link_in_a_circle(project: Path, outside: Path) -> str:
    (project / "content" / "lus").symlink_to("..", target_is_directory=True)
    return "content/lus"


def _link_to_itself(project: Path, outside: Path) -> str:
    (project / "content" / "zelf").symlink_to(".", target_is_directory=True)
    return "content/zelf"


def _dangling_link(project: Path, outside: Path) -> str:
    (project / "content" / "weg.md").symlink_to(outside / "bestaat-niet.md")
    return "content/weg.md"


def _link_through_an_inside_folder(project: Path, outside: Path) -> str:
    """content/gedeeld leads inside the project, to a folder that itself links out."""
    (project / "gedeeld").mkdir()
    (project / "gedeeld" / "geheim.md").symlink_to(outside / "pagina.md")
    (project / "content" / "gedeeld").symlink_to("../gedeeld", target_is_directory=True)
    return "gedeeld/geheim.md"  # shown where it really lies


CASES = [_kits_folder_moved_out, _tips_folder_linked_out, _content_folder_linked_out,
         _brand_linked_out, _folder_below_a_linked_folder, _link_in_a_circle, _link_to_itself,
         _dangling_link, _link_through_an_inside_folder]


@pytest.mark.parametrize("arrange", CASES, ids=lambda case: case.__name__.strip("_"))
def test_nothing_outside_the_project_is_read(site_project: Path, outside: Path, arrange) -> None:
    shown = arrange(site_project, outside)
    started = time.process_time()  # CPU time: a loaded machine's wall clock says nothing
    # --out inside the project's folder: a relative "alle" went to the test run's working
    # folder (the checkout), where the tests of other workers raced for its lock.
    for command in (["validate"], ["build"],
                    ["build", "--all-brands", "--out", str(site_project / "alle")]):
        result = run(*command[:1], str(site_project), *command[1:])
        assert result.exit_code == 1, result.output
        assert f"{shown}" in result.output and "error" in result.output, result.output
        assert SECRET not in result.output
    assert time.process_time() - started < 60
    for site in (site_project / "site", site_project / "alle"):
        assert not site.exists()


def test_links_and_hard_links_inside_the_guide_keep_working(site_project: Path) -> None:
    (site_project / "gedeeld").mkdir()
    (site_project / "gedeeld" / "samen.md").write_text("# Samen\n\nGedeelde tekst.\n")
    (site_project / "content" / "gedeeld").symlink_to("../gedeeld", target_is_directory=True)
    (site_project / "content" / "logo.txt").write_text("tekst\n")
    os.link(site_project / "content" / "logo.txt", site_project / "content" / "kopie.txt")
    result = run("build", str(site_project))
    assert result.exit_code == 0, result.output
    assert "Gedeelde tekst." in (site_project / "site" / "gedeeld" / "samen.html").read_text()


def test_a_hard_link_with_a_name_outside_is_refused(site_project: Path, outside: Path) -> None:
    kit = site_project / "kits" / "extern.yml"
    os.link(outside / "extern.yml", kit)
    checked = check_sources(site_project, [site_project / "kits"])
    assert checked.is_refused(kit)
    result = run("pdf", "check-in", "--project", str(site_project), "-o",
                 str(site_project / "x.pdf"))
    # The manager still gets the sheet of the valid kit; the refused file is named, never read.
    assert "kits/extern.yml:1:1:" in result.output and "is a hard link" in result.output


def test_the_walk_is_bounded(site_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.source_files as source_files

    monkeypatch.setattr(source_files, "MAX_ENTRIES", 5)
    for number in range(10):
        (site_project / "content" / f"pagina-{number}.md").write_text("# x\n")
    checked = check_sources(site_project, [site_project / "content"])
    assert [item.message for item in checked.report.errors] == \
        ["more than 5 files and folders in the guide's source folders"]


@pytest.mark.parametrize("name", ["a\\b.md", "C:x.md", "tab\there.md", "vraag?.md", "ster*.md",
                                  "pijp|.md", "<hoek>.md", 'quote".md', "punt.", "spatie "])
def test_names_that_make_bad_zip_entries_are_refused(site_project: Path, name: str) -> None:
    (site_project / "content" / name).write_text("# x\n", encoding="utf-8")
    checked = check_sources(site_project, [site_project / "content"])
    assert checked.is_refused(site_project / "content" / name)
    assert "\t" not in checked.report.format(site_project), "no raw control character shown"


@pytest.mark.parametrize("folder", ["locales", "fonts", "brands", "eigen-thema"])
def test_every_source_folder_is_checked(site_project: Path, outside: Path, folder: str) -> None:
    from build_tools.source_files import check_guide_sources

    (site_project / folder).mkdir()
    (site_project / folder / "extern.yml").symlink_to(outside / "_brand.yml")
    checked = check_guide_sources(site_project, site_project / "content", ["eigen-thema"])
    assert [item.location.path for item in checked.report.errors] == \
        [site_project / folder / "extern.yml"]


def test_a_folder_mkdocs_yml_places_outside_is_trusted(site_project: Path, tmp_path: Path) -> None:
    """mkdocs.yml may point anywhere (`kits_dir: ../gedeelde-kits`); a link in the project may not."""
    shared = tmp_path / "gedeelde-kits"
    (site_project / "kits").rename(shared)
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - gesprekskit:\n", "  - gesprekskit:\n      kits_dir: ../gedeelde-kits\n"
        "      tips_dir: ../gedeelde-kits/tips\n"))
    result = run("build", str(site_project))
    assert result.exit_code == 0, result.output
    (site_project / "kits").symlink_to(shared, target_is_directory=True)
    config.write_text(config.read_text().replace("../gedeelde-kits", "kits"))
    result = run("validate", str(site_project))
    assert result.exit_code == 1 and "outside the project" in result.output
