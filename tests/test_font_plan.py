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
