"""Colours a print designer checks on every brand: the text on a band of the primary colour is
the printed colours' readable `on_primary` (never a white the stylesheet assumed), and the
praatplaat's zones stay apart when printed in black and white, on a near-black brand too."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import tinycss2
import weasyprint

from build_tools.brand import Brand
from build_tools.brand_css import printed_colors
from build_tools.colors import Color, contrast_ratio
from build_tools.cycle.planner import CYCLE_ROOT, planner_html
from build_tools.cycle.settings import cycle_settings
from build_tools.loader import ProjectSettings, load_project
from build_tools.model import Theme
from build_tools.sheets.box_tree import page_box
from build_tools.sheets.poster_content import theme_style
from build_tools.sheets.render import render_document, sheet_html
from build_tools.sheets.theme_colours import MIN_GREY_STEP, theme_colours
from build_tools.workshop_sheets.render import render_document as render_workshop_document
from conftest import REPO_ROOT

#: A pale yellow brand with a black text colour: printed, the primary is darkened to an olive on
#: which black reads better than white, so `on_primary` is black. A stylesheet that assumed white
#: wrote white on it.
PALE_BLACK_TEXT = Brand(primary="#fff3b0", accent="#a0e0ff", foreground="#000000",
                        on_primary="#000000")
#: A near-black brand with a dark navy accent (and one with a single colour).
NEAR_BLACK = Brand(primary="#111111", accent="#222233", foreground="#000000")
ONE_COLOUR = Brand(primary="#16365c", accent="#16365c")

CSS_FOLDERS = ("sheets/css", "workshop_sheets/css", "cycle/css", "handbook/css")


def _rgb(colour: Any) -> Color | None:
    """A WeasyPrint computed colour as a `Color`; None when (nearly) transparent."""
    if colour is None or colour.alpha < 0.5:
        return None
    red, green, blue = (round(channel * 255) for channel in colour.to("srgb").coordinates)
    return Color(red, green, blue)


def boxes(box: Any) -> Iterator[Any]:
    """A box and everything in it, absolutely placed boxes (the praatplaat's zones) too."""
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes(child)


def painted_texts(document: weasyprint.Document) -> Iterator[tuple[str, Color, Color | None]]:
    """Every laid-out piece of text with its colour and the background colour it is drawn on
    (the nearest box around it that paints one)."""
    def walk(box: Any, background: Color | None) -> Iterator[tuple[str, Color, Color | None]]:
        own = _rgb(box.style["background_color"])
        background = own or background
        if hasattr(box, "text") and box.text.strip():
            yield box.text, _rgb(box.style["color"]), background
        for child in getattr(box, "children", ()):
            yield from walk(child, background)

    for page in document.pages:
        yield from walk(page_box(page), None)


def assert_band_text_is_on_primary(document: weasyprint.Document, brand: Brand) -> None:
    colours = printed_colors(brand)
    on_band = [(text, colour) for text, colour, background in painted_texts(document)
               if background == colours.primary]
    assert on_band, "no text on a band of the primary colour: no longer a test"
    wrong = [(text, colour.hex) for text, colour in on_band if colour != colours.on_primary]
    assert wrong == [], f"text on {colours.primary.hex} should be {colours.on_primary.hex}"
    assert contrast_ratio(colours.on_primary, colours.primary) >= 4.5


def test_the_pale_brand_prints_dark_text_on_its_bands() -> None:
    """The premise of the tests below: white is not the brand's text colour on its bands."""
    colours = printed_colors(PALE_BLACK_TEXT)
    assert colours.on_primary.hex == "#000000"
    assert contrast_ratio(colours.on_primary, colours.primary) > contrast_ratio(
        Color(255, 255, 255), colours.primary)


def _declarations(rule: Any) -> dict[str, str]:
    found = {}
    for item in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True,
                                                skip_comments=True):
        if item.type == "declaration":
            found[item.lower_name] = tinycss2.serialize(item.value).strip()
    return found


def _rules(css: str) -> Iterator[Any]:
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            yield from _rules(tinycss2.serialize(rule.content))


@pytest.mark.parametrize("folder", CSS_FOLDERS)
def test_no_stylesheet_sets_its_own_colour_on_a_primary_band(folder: str) -> None:
    """Every rule that paints the primary colour behind text gives that text the brand's
    on-primary colour, in every printed stylesheet (sheets, cards, workshops, planner,
    handbook)."""
    wrong = []
    for path in sorted((REPO_ROOT / "build_tools" / folder).glob("*.css")):
        for rule in _rules(path.read_text(encoding="utf-8")):
            declarations = _declarations(rule)
            background = declarations.get("background", declarations.get("background-color", ""))
            if "var(--gk-primary)" in background and "color" in declarations:
                if declarations["color"] != "var(--gk-on-primary)":
                    wrong.append(f"{path.name}: {tinycss2.serialize(rule.prelude).strip()} "
                                 f"color: {declarations['color']}")
    assert wrong == []


def test_no_template_draws_a_white_icon_on_a_primary_band() -> None:
    """Icons on primary bands take the brand's on-primary colour, as the text beside them."""
    templates = [*(REPO_ROOT / "build_tools" / "sheets" / "templates").glob("*.html"),
                 *(REPO_ROOT / "build_tools" / "workshop_sheets" / "templates").glob("*.html")]
    white = [f"{path.name}: {match}" for path in templates
             for match in re.findall(r'icon\([^)]*"#fff(?:fff)?"\)', path.read_text("utf-8"))]
    assert white == []


@pytest.fixture(scope="module")
def project():
    return load_project(ProjectSettings(REPO_ROOT, languages=()))


def test_praatplaat_bands_carry_the_brands_text_colour(project) -> None:
    """The strip of last time's agreements and the how-to numbers on a primary band: black on
    the pale brand's olive, as its printed colours say, where they were white."""
    kit = project.kit("ontwikkelgesprek")  # recurring: it opens with last time's agreements
    document = render_document(project, kit, "praatplaat", brand=PALE_BLACK_TEXT)
    assert_band_text_is_on_primary(document, PALE_BLACK_TEXT)
    html = sheet_html(project, kit, "praatplaat", brand=PALE_BLACK_TEXT)
    head = re.search(r'<header class="recap__head">(.*?)</header>', html, re.S).group(1)
    assert "#ffffff" not in head and "#000000" in head


@pytest.mark.slow  # renders PDFs (the conftest rule names the kit sheets' render calls only)
@pytest.mark.parametrize("sheet", ["role-cards", "handout"])
def test_workshop_bands_carry_the_brands_text_colour(project, sheet: str) -> None:
    workshop = project.workshop("het-goede-gesprek-voeren")
    document = render_workshop_document(project, workshop, sheet, language="nl",
                                        brand=PALE_BLACK_TEXT)
    assert_band_text_is_on_primary(document, PALE_BLACK_TEXT)


@pytest.mark.slow
def test_planner_head_carries_the_brands_text_colour(project) -> None:
    """The wall planner's month heads were in the background colour (white) on the primary."""
    settings = cycle_settings({"time_zone": "Europe/Amsterdam", "start": dt.date(2027, 1, 12),
                               "time": "10:00"}, kit_ids=[kit.id for kit in project.kits])
    html = planner_html(project, project.settings.context("nl"), settings, PALE_BLACK_TEXT)
    document = weasyprint.HTML(string=html, base_url=CYCLE_ROOT.as_uri() + "/").render()
    assert_band_text_is_on_primary(document, PALE_BLACK_TEXT)


@pytest.mark.parametrize("brand", [Brand(), NEAR_BLACK, ONE_COLOUR,
                                   Brand(primary="#fff3b0", accent="#a0e0ff")],
                         ids=["default", "near-black", "one-colour", "pale"])
def test_theme_zones_differ_in_grey(brand: Brand) -> None:
    """Persoonlijk, huidige rol and groei sit side by side on the plate: printed in black and
    white their bands are at least MIN_GREY_STEP apart (the near-black brand's two dark zones
    were 19 apart, a one-colour brand's the same grey), each with readable text on it."""
    styles = [theme_style(brand, theme, "") for theme in Theme]
    for first, second in itertools.combinations(styles, 2):
        grey = abs(Color(*_hex(first.colour)).grey() - Color(*_hex(second.colour)).grey())
        assert grey >= MIN_GREY_STEP, (first.colour, second.colour)
    for style in styles:
        assert contrast_ratio(Color(*_hex(style.ink)), Color(*_hex(style.colour))) >= 4.5
    assert theme_colours(brand)[Theme.CURRENT_ROLE] == printed_colors(brand).primary


def _hex(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def test_near_black_brand_praatplaat_zone_heads_differ_in_grey(project) -> None:
    """Laid out on the near-black brand, the heads of the plate's zones (the theme zones and
    the "I want to discuss" column, whose head is now outlined, no longer a primary band) are
    pairwise a grey step apart."""
    kit = project.kit("ontwikkelgesprek")  # three theme zones beside the extra column
    document = render_document(project, kit, "praatplaat", brand=NEAR_BLACK)
    heads = [_rgb(box.style["background_color"]) or Color(255, 255, 255)
             for box in boxes(page_box(document.pages[0]))
             if box.element_tag == "header" and "zone__head" in (box.element.get("class") or "")]
    assert len(heads) == 4
    for first, second in itertools.combinations(heads, 2):
        assert abs(first.grey() - second.grey()) >= MIN_GREY_STEP, (first.hex, second.hex)


#: A brand made for a dark screen: light text on navy, a pale sky-blue primary.
DARK_SCREEN = Brand(primary="#7dd3fc", accent="#fbbf24", foreground="#f1f5f9",
                    background="#0f172a", muted="#94a3b8", light="#1e293b")


def test_a_dark_screen_brand_prints_paper_colours() -> None:
    colours = printed_colors(DARK_SCREEN)
    assert colours.background == Color(255, 255, 255)
    for name in ("foreground", "primary", "accent", "muted"):
        assert contrast_ratio(getattr(colours, name), colours.background) >= 4.5, name
    assert colours.light.relative_luminance() > 0.6  # a pale panel, not the screen's surface
    assert printed_colors(Brand()) == Brand().colors  # a brand for paper prints as it is


@pytest.mark.parametrize("sheet", ["vragenblad", "praatplaat"])
def test_a_dark_screen_brand_prints_on_white_with_readable_text(project, sheet: str) -> None:
    """Printed in the brand's dark background, every page came out dark (toner, greyscale, no
    room to write on) and the plate's question texts were light on pale panels."""
    document = render_document(project, project.kit("ontwikkelgesprek"), sheet,
                               brand=DARK_SCREEN)
    for page in document.pages:
        root = page_box(page)
        painted = [_rgb(box.style["background_color"]) for box in (root, *root.children)]
        assert all(colour is None or colour.relative_luminance() > 0.9 for colour in painted)
    texts = list(painted_texts(document))
    assert len(texts) > 20
    unreadable = {(text, colour.hex, (background or Color(255, 255, 255)).hex)
                  for text, colour, background in texts
                  if contrast_ratio(colour, background or Color(255, 255, 255)) < 3}
    assert not unreadable, sorted(unreadable)[:5]
