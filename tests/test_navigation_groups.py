"""A large guide groups its kits in the navigation (by the author's section, else by type), with a
page per group; a small guide keeps every kit in the navigation. The built site carries only the
current group's kits in each page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.loader import ProjectSettings, load_project
from build_tools.model import KitType
from build_tools.site.kit_groups import GROUP_ABOVE
from build_tools.site.navigation import expand_kits_nav, kits_nav_entries, prune_for_groups
from build_tools.site.pages import SiteLayout, plan_pages
from conftest import own_kit

TYPES = [KitType.CHECK_IN, KitType.EXIT_INTERVIEW, KitType.OTHER]
NAV = [{"Welkom": "index.md"}, {"Gesprekken": "gesprekken/index.md"}, {"Tips": "tips.md"}]


def write_kits(kits_dir: Path, count: int, *, team_section: int = 0) -> None:
    """`count` kits spread over three types; the last `team_section` of them in section Team."""
    kits_dir.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = own_kit(f"kit-{index:02d}", TYPES[index % len(TYPES)])
        text = text.replace("title: Kit ", "title: Gesprek ", 1)
        if index >= count - team_section:
            text = text.replace("\nduration:", "\nsection: {nl: Team, en: Team}\nduration:", 1)
        (kits_dir / f"kit-{index:02d}.yml").write_text(text, encoding="utf-8")


def kits_section(tmp_path: Path, count: int, team_section: int = 0) -> list[object]:
    write_kits(tmp_path / "kits", count, team_section=team_section)
    settings = ProjectSettings(tmp_path)
    project = load_project(settings)
    pages = plan_pages(project, SiteLayout(), settings.context("nl"))
    nav = expand_kits_nav(NAV, SiteLayout(), pages)
    assert nav[0] == NAV[0] and nav[2] == NAV[2]
    assert kits_nav_entries(SiteLayout(), pages) == nav[1]["Gesprekken"]
    return nav[1]["Gesprekken"]


def test_a_small_guide_lists_every_kit(tmp_path: Path) -> None:
    entries = kits_section(tmp_path, GROUP_ABOVE)
    assert entries[0] == "gesprekken/index.md"
    assert len(entries) == 1 + GROUP_ABOVE
    assert all(isinstance(entry, dict) and list(entry.values())[0].startswith("gesprekken/kit-")
               for entry in entries[1:])


def test_a_large_guide_lists_groups_by_type_and_section(tmp_path: Path) -> None:
    entries = kits_section(tmp_path, 30, team_section=6)
    assert entries[0] == "gesprekken/index.md"
    groups = {title: children for entry in entries[1:] for title, children in entry.items()}
    # The author's sections by title, then the types in their usual order.
    assert list(groups) == ["Team", "Temperatuurgesprek (check-in)", "Exitgesprek",
                            "Overig gesprek"]
    assert groups["Team"][0] == "gesprekken/groep/sectie-team/index.md"
    assert groups["Exitgesprek"][0] == "gesprekken/groep/exit-interview/index.md"
    kit_uris = [uri for children in groups.values() for item in children[1:]
                for uri in item.values()]
    assert sorted(kit_uris) == [f"gesprekken/kit-{index:02d}.md" for index in range(30)]
    assert len(groups["Team"]) == 1 + 6
    assert {"gesprekken/kit-24.md", "gesprekken/kit-29.md"} <= \
        {uri for item in groups["Team"][1:] for uri in item.values()}


def test_grouping_turns_on_pruning_unless_the_author_expands_everything(tmp_path: Path) -> None:
    write_kits(tmp_path / "kits", GROUP_ABOVE + 1)
    settings = ProjectSettings(tmp_path)
    pages = plan_pages(load_project(settings), SiteLayout(), settings.context("nl"))
    features = ["navigation.sections"]
    prune_for_groups(features, pages)
    assert features == ["navigation.sections", "navigation.prune"]
    expanded = ["navigation.expand"]
    prune_for_groups(expanded, pages)
    assert expanded == ["navigation.expand"]
    small = [page for page in pages if page.kind != "group"]
    unchanged: list[str] = []
    prune_for_groups(unchanged, small)
    assert unchanged == []


@pytest.mark.slow
def test_a_built_large_guide_carries_only_the_current_group(site_project: Path) -> None:
    write_kits(site_project / "kits", 30, team_section=6)
    (site_project / "kits" / "check-in.yml").unlink()
    result = CliRunner().invoke(main, ["build", str(site_project), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = site_project / "site"
    kit_page = (site / "gesprekken" / "kit-01.html").read_text(encoding="utf-8")  # exit interview
    nav = kit_page[kit_page.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    linked = set(re.findall(r'href="(kit-\d\d)\.html"', nav))
    assert linked == {f"kit-{index:02d}" for index in range(1, 24, 3)}, linked
    # The other groups are one link each, to their pages.
    for group in ("check-in", "other", "sectie-team"):
        assert f'href="groep/{group}/index.html"' in nav
    group_page = (site / "gesprekken" / "groep" / "sectie-team" / "index.html").read_text(
        encoding="utf-8")
    assert re.search(r'<h1 id="groep">Team</h1>', group_page)
    assert set(re.findall(r'href="../../(kit-\d\d)\.html"', group_page)) >= \
        {f"kit-{index:02d}" for index in range(24, 30)}
    overview = (site / "gesprekken" / "index.html").read_text(encoding="utf-8")
    assert 'href="groep/sectie-team/index.html">Team</a></h2>' in overview
