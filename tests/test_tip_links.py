"""Tip↔kit links: derived once per project from what the files say, never written into a kit."""

from __future__ import annotations

import dataclasses

from build_tools.loader import ProjectSettings, load_project, read_kit_file
from build_tools.quick_kit_page import with_kit
from conftest import TinyProject, valid_kit


def tip_yaml(*kits: str) -> str:
    listed = "".join(f"\n  - {kit}" for kit in kits) or " []"
    return f"schema: 1\ntitle: Tip\ncategory: Tijdens\nbody: Tekst.\nkits:{listed}\n"


def write_links(project: TinyProject) -> None:
    project.write_tip("zwijgen", tip_yaml())
    project.write_tip("doorvragen", tip_yaml())
    project.write_tip("luisteren", tip_yaml("alpha", "beta"))
    project.write_kit("alpha", valid_kit("alpha").replace(
        "tips: []", "tips:\n  - zwijgen\n  - doorvragen"))
    project.write_kit("beta", valid_kit("beta"))


def test_links_come_from_both_sides_and_leave_the_kits_as_read(tiny_project: TinyProject) -> None:
    write_links(tiny_project)
    project = load_project(ProjectSettings(tiny_project.root))
    alpha, beta = project.kits
    assert [field.name for field in dataclasses.fields(alpha)] == ["id", "path", "document",
                                                                   "source"]
    # A kit's own list first, in its order; then the tips that name it.
    assert [tip.id for tip in project.tips_of(alpha)] == ["zwijgen", "doorvragen", "luisteren"]
    assert [tip.id for tip in project.tips_of(beta)] == ["luisteren"]
    luisteren = project.tips_by_id["luisteren"]
    assert project.kits_of(luisteren) == [alpha, beta]
    assert project.kits_of(luisteren, [beta, alpha]) == [beta, alpha]
    assert project.kits_of(project.tips_by_id["zwijgen"]) == [alpha]


def test_a_replaced_kit_gets_its_own_links_and_the_old_project_keeps_its(
        tiny_project: TinyProject) -> None:
    write_links(tiny_project)
    settings = ProjectSettings(tiny_project.root)
    project = load_project(settings)
    path = tiny_project.write_kit("beta", valid_kit("beta").replace("tips: []",
                                                                    "tips:\n  - doorvragen"))
    kit, report = read_kit_file(path, settings)
    assert kit is not None and not report.errors
    changed = with_kit(project, kit)
    assert [tip.id for tip in changed.tips_of(kit)] == ["doorvragen", "luisteren"]
    assert [tip.id for tip in project.tips_of(project.kits[1])] == ["luisteren"]
    # Asking twice gives the same links, not a growing list.
    assert changed.tips_of(kit) == with_kit(project, kit).tips_of(kit)
