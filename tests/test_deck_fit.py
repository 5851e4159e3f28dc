"""The card deck's fitting loop and its error, without rendering: a stand-in layout reports
which card fronts and backs overflow at which level, as the fit markers would.

A back that cannot hold its content was reported as "cannot hold question 1.1" (and the
instruction card as "question i"), sending the author to shorten a question that fitted.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import pytest

from build_tools.diagnostics import GesprekskitError
from build_tools.sheets.deck import SPLIT, DeckFit, fit_deck
from build_tools.text import LocalizedText


def _page(misfits: set[str], keys: list[str]) -> SimpleNamespace:
    """A page whose anchors put the end of each card in ``misfits`` below its bottom."""
    anchors = {}
    for key in keys:
        anchors[f"fit-bottom-{key}"] = (0.0, 100.0)
        anchors[f"fit-end-{key}"] = (0.0, 150.0 if key in misfits else 50.0)
    return SimpleNamespace(anchors=anchors)


def _kit(title: str = "Gesprek") -> SimpleNamespace:
    refs = [SimpleNamespace(number=number, question=SimpleNamespace(probes=["Waarom?"]))
            for number in ("1.1", "2.1")]
    return SimpleNamespace(id="gesprek", path=Path("kits/gesprek.yml"),
                           questions=lambda: refs,
                           document=SimpleNamespace(title=LocalizedText({"nl": title})))


def _layout(misfit: Callable[[str, int], bool], seen: list[DeckFit]) -> Callable[[DeckFit], SimpleNamespace]:
    """A layout of the instruction card and questions 1-1 and 2-1 (or only those ``fit``
    names); ``misfit(key, level)`` says whether that card part overflows."""
    def lay_out(fit: DeckFit) -> SimpleNamespace:
        seen.append(fit)
        cards = ["i", "1-1", "2-1"] if fit.only is None else ["i", *sorted(fit.only - {"i"})]
        backs = [f"back-{card}" for card in cards]
        bad = {key for key in cards + backs if misfit(key, fit.level(key.removeprefix("back-")))}
        return SimpleNamespace(pages=[_page(bad, cards), _page(bad, backs)])
    return lay_out


def test_a_back_that_no_level_helps_is_named_as_the_back_not_the_question() -> None:
    seen: list[DeckFit] = []
    lay_out = _layout(lambda key, level: key.startswith("back-"), seen)
    with pytest.raises(GesprekskitError) as caught:
        fit_deck(lay_out, _kit("Een lange titel"), "nl")  # type: ignore[arg-type]
    message = caught.value.report.format()
    assert "the back of the cards of questions 1.1, 2.1 and the instruction card (language 'nl') cannot hold their head" in message
    assert "cannot hold question" not in message
    assert "the title of 'gesprek' (15 characters)" in message
    # straight to SPLIT (a denser front leaves the back as it was), then no further level
    assert max(dict(fit.levels).get("1-1", 0) for fit in seen) == SPLIT
    assert len(seen) <= 3


def test_a_back_overfull_with_follow_up_questions_is_helped_by_splitting() -> None:
    seen: list[DeckFit] = []
    lay_out = _layout(lambda key, level: key == "back-1-1" and level < SPLIT, seen)
    fit_deck(lay_out, _kit(), "nl")  # type: ignore[arg-type]
    assert seen[-1].only is None and seen[-1].level("1-1") == SPLIT


def test_a_front_that_fits_at_no_level_names_its_question() -> None:
    lay_out = _layout(lambda key, level: key == "2-1", [])
    with pytest.raises(GesprekskitError) as caught:
        fit_deck(lay_out, _kit(), "nl")  # type: ignore[arg-type]
    message = caught.value.report.format()
    assert "cannot hold question 2.1:" in message and "back of the cards" not in message
