"""Colour parsing is strict, and contrast matches WCAG 2.1 for known pairs."""

from __future__ import annotations

import pytest

from build_tools.colors import BLACK, WHITE, ColorError, contrast_ratio, darken_until, parse_color


@pytest.mark.parametrize(("text", "expected"), [
    ("#1f5f5b", "#1f5f5b"), ("#FFF", "#ffffff"), ("rgb(31, 95, 91)", "#1f5f5b"),
    ("white", "#ffffff"), (" navy ", "#000080"), ("orange", "#ffa500"),
    ("DarkSlateGray", "#2f4f4f"), ("rebeccapurple", "#663399"), ("RebeccaPurple", "#663399")])
def test_accepted_colours(text: str, expected: str) -> None:
    assert parse_color(text).hex == expected


@pytest.mark.parametrize("text", [
    "red; } body { display:none", "url(https://example.org/x.png)", "</style><script>",
    "#12345", "rgb(300, 0, 0)", "hsl(10, 50%, 50%)", "transparent", "currentColor", "oranje",
    "", "#1f5f5b;"])
def test_refused_colours(text: str) -> None:
    with pytest.raises(ColorError, match="colour|0 to 255"):
        parse_color(text)


@pytest.mark.parametrize(("first", "second", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#777777", "#ffffff", 4.48),
    ("#767676", "#ffffff", 4.54),   # the classic lightest grey that passes AA on white
    ("#0000ff", "#ffffff", 8.59),
    ("#ff0000", "#ffffff", 4.0),
    ("#ffffff", "#ffffff", 1.0)])
def test_contrast_of_known_pairs(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(parse_color(first), parse_color(second)) == pytest.approx(ratio, abs=0.01)


def test_darken_until_reaches_the_target() -> None:
    fixed = darken_until(parse_color("#ffcc00"), WHITE)
    assert contrast_ratio(fixed, WHITE) >= 4.5
    lighter = darken_until(parse_color("#333366"), BLACK)
    assert contrast_ratio(lighter, BLACK) >= 4.5
