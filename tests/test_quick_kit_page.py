"""serve's quick page after a kit save: only a save of existing kits takes the shortcut, and the
page it makes holds what the full build then writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.build import build_into
from build_tools.cli import main
from build_tools.cli_project import open_project
from build_tools.loader import load_project
from build_tools.quick_kit_page import NotQuick, changed_kits, linked_copy, render_kit_pages


def build(project: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(out), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def article(page: str) -> str:
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S)
    assert found is not None
    return " ".join(found.group(1).split())


def test_only_existing_kits_take_the_shortcut(site_project: Path) -> None:
    project = load_project(open_project(site_project).settings)
    kits = site_project / "kits"
    assert changed_kits(project, {kits / "check-in.yml"}) == [(kits / "check-in.yml").resolve()]
    editor_files = {kits / "check-in.yml~", kits / ".#check-in.yml", kits / "4913"}
    assert changed_kits(project, {kits / "check-in.yml", *editor_files}) == \
        [(kits / "check-in.yml").resolve()]
    (kits / "nieuw.yml").write_text("schema: 1\n", encoding="utf-8")
    for paths in ({kits / "nieuw.yml"}, {kits / "tips" / "tip.yml"},
                  {kits / "check-in.yml", site_project / "mkdocs.yml"}, set()):
        with pytest.raises(NotQuick):
            changed_kits(project, paths)


@pytest.mark.slow
def test_the_quick_page_is_the_page_the_full_build_writes(site_project: Path,
                                                           tmp_path: Path) -> None:
    # What serve keeps of its last full build: the project and each language's layout.
    plan = build_into(site_project, tmp_path / "before", jobs=1)
    project = plan.project
    layouts = {edition.language: edition.layout for edition in plan.editions}
    kit = site_project / "kits" / "check-in.yml"
    text = kit.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^summary:.*(\n[ ]+.*)*", "summary: Een **nieuwe** samenvatting.", text)
    kit.write_text(edited, encoding="utf-8")
    pages = render_kit_pages(project, changed_kits(project, {kit}), tmp_path / "before", layouts)
    page_file = tmp_path / "before" / "gesprekken" / "check-in.html"
    assert list(pages) == [page_file]
    linked_copy(tmp_path / "before", tmp_path / "quick", pages)
    quick = (tmp_path / "quick" / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert "Een <strong>nieuwe</strong> samenvatting." in quick
    assert "nieuwe" not in page_file.read_text(encoding="utf-8")  # the served site is untouched
    build(site_project, tmp_path / "after")
    full = (tmp_path / "after" / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert article(quick) == article(full)

    kit.write_text(edited.replace("phases:", "phases: [", 1), encoding="utf-8")
    with pytest.raises(NotQuick):  # a kit with an error goes to the full build, which reports it
        render_kit_pages(project, [kit], tmp_path / "before")
