"""Building the site: generated pages, offline assets, and a failed build leaving the old site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from click.testing import CliRunner

from build_tools.cli import main
from conftest import valid_kit


def build(project: Path, *extra: str):
    return CliRunner().invoke(main, ["build", str(project), *extra], catch_exceptions=False)


def test_build_generates_the_kit_pages(site_project: Path) -> None:
    result = build(site_project)
    assert result.exit_code == 0, result.output
    site = site_project / "site"
    for page in ("index.html", "gesprekken/index.html", "gesprekken/check-in.html", "tips.html",
                 "vragenbank.html", "jaarritme.html"):
        assert (site / page).is_file(), page
    kit_page = (site / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert "Waar krijg je op dit moment energie van in je werk?" in kit_page
    assert 'class="gk-scale__step">10<' in kit_page
    assert "assets/gesprekskit/javascripts/iframe-worker-shim.js" in kit_page
    assert not (site_project / "content" / "gesprekken").exists(), "no pages written into content/"
    assert (site / "search" / "search_index.js").is_file()


def test_failed_build_leaves_previous_site_intact(site_project: Path) -> None:
    assert build(site_project).exit_code == 0
    site = site_project / "site"
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    (site_project / "kits" / "check-in.yml").write_text(
        valid_kit().replace("duration: 45", "duration: lang"), encoding="utf-8")
    result = build(site_project)
    assert result.exit_code == 1
    assert "duration" in result.output and "Traceback" not in result.output
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert not list(site_project.glob(".site-*")), "no staging folder is left behind"


def test_failure_inside_mkdocs_also_leaves_site_intact(site_project: Path) -> None:
    assert build(site_project).exit_code == 0
    marker = (site_project / "site" / "index.html").read_bytes()
    # A content page linking to a page that does not exist fails the strict MkDocs build.
    (site_project / "content" / "index.md").write_text("[kapot](bestaat-niet.md)\n", encoding="utf-8")
    result = build(site_project)
    assert result.exit_code == 1 and "previous site was left untouched" in result.output
    assert (site_project / "site" / "index.html").read_bytes() == marker


def test_no_request_to_another_host_in_generated_html(site_project: Path) -> None:
    assert build(site_project).exit_code == 0
    for page in (site_project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', html), page
    css = (site_project / "site" / "assets" / "gesprekskit" / "fonts.css").read_text()
    assert "url(\"fonts/Inter-Regular.otf\")" in css


def test_a_second_build_at_the_same_time_is_refused(site_project: Path) -> None:
    from build_tools.build import build_lock

    assert build(site_project).exit_code == 0
    before = (site_project / "site" / "index.html").read_bytes()
    with build_lock(site_project.resolve()):
        result = build(site_project)
    assert result.exit_code == 1 and "another Gesprekskit build" in result.output
    assert (site_project / "site" / "index.html").read_bytes() == before


def test_interrupted_build_leaves_the_old_site(site_project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.build as build_module

    assert build(site_project).exit_code == 0
    before = (site_project / "site" / "index.html").read_bytes()

    def interrupted(plan, site_dir: Path) -> None:
        site_dir.mkdir(exist_ok=True)
        Path(site_dir, "index.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "build_plan", interrupted)
    result = build(site_project, "--force")
    assert result.exit_code == 1 and "Interrupted" in result.output
    assert (site_project / "site" / "index.html").read_bytes() == before
    assert not list(site_project.glob(".site-*"))


def test_a_build_with_nothing_changed_builds_nothing(site_project: Path) -> None:
    assert build(site_project).exit_code == 0
    index = site_project / "site" / "index.html"
    built_at = index.stat().st_mtime_ns
    result = build(site_project)
    assert result.exit_code == 0 and "Nothing changed since the last build" in result.output
    assert index.stat().st_mtime_ns == built_at
    result = build(site_project, "--force")
    assert result.exit_code == 0 and result.output.startswith("Built ")
    assert index.stat().st_mtime_ns != built_at


@pytest.mark.parametrize("change", ["kit", "page", "config", "site damaged", "site deleted",
                                    "strict", "no cache", "other folder"])
def test_any_change_builds_again(site_project: Path, change: str) -> None:
    assert build(site_project).exit_code == 0
    extra: list[str] = []
    if change == "kit":
        kit = site_project / "kits" / "check-in.yml"
        kit.write_text(valid_kit().replace("title: Check in", "title: Nieuw"), encoding="utf-8")
    elif change == "page":
        page = site_project / "content" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nMeer.\n", encoding="utf-8")
    elif change == "config":
        config = site_project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("Testgids", "Gids"),
                          encoding="utf-8")
    elif change == "site damaged":
        (site_project / "site" / "tips.html").write_text("kapot", encoding="utf-8")
    elif change == "site deleted":
        (site_project / "site" / "tips.html").unlink()
    elif change == "strict":
        extra = ["--strict"]
    elif change == "no cache":
        extra = ["--no-cache"]
    else:
        extra = ["--out", str(site_project / "elders")]
    result = build(site_project, *extra)
    assert result.exit_code == 0 and result.output.startswith("Built "), result.output
    site = Path(extra[1]) if extra[:1] == ["--out"] else site_project / "site"
    assert "kapot" not in (site / "tips.html").read_text(encoding="utf-8")
    if change == "kit":
        assert "Nieuw" in (site / "gesprekken" / "check-in.html").read_text(encoding="utf-8")


def test_an_interrupted_build_into_new_folders_leaves_none_of_them(
        site_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile review: Ctrl-C during `build --out nieuw/deel/site` left nieuw/deel/ behind,
    empty; a folder that was there before, or holds something, stays."""
    import build_tools.build as build_module

    def interrupted(plan, site_dir: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "build_plan", interrupted)
    (tmp_path / "bestaand").mkdir()
    result = build(site_project, "--out", str(tmp_path / "bestaand" / "nieuw" / "deel" / "site"))
    assert result.exit_code == 1 and "Interrupted" in result.output, result.output
    assert list((tmp_path / "bestaand").iterdir()) == []
