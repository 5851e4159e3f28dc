"""Each phase's colour and icon on the cards: eight phases, eight marks that differ in greyscale.

No rendering: the layout corpus's eight-phase kit is loaded and dealt as a deck, and the marks
are checked as a black-and-white printer and a reader would see them.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from test_layout_corpus import kit_yaml

from build_tools.brand import Brand
from build_tools.colors import WHITE, contrast_ratio, parse_color
from build_tools.i18n import translator
from build_tools.loader import ProjectSettings, load_project
from build_tools.sheets.deck import deck_cards
from build_tools.sheets.phase_marks import PHASE_MARKS, phase_style
from build_tools.sheets.poster_content import GRAPHIC_CONTRAST, ICON_DIR

#: Grey levels (of 255) two phases differ by at least, printed in greyscale: about 7 %.
GREY_MARGIN = 18


def grey(colour: str) -> float:
    """The grey a colour prints as in greyscale (ITU-R 601 luma, as pdftoppm -gray and Pillow)."""
    value = parse_color(colour)
    return 0.299 * value.red + 0.587 * value.green + 0.114 * value.blue


@pytest.fixture(scope="module")
def eight_phase_cards(tmp_path_factory: pytest.TempPathFactory) -> list:
    root = tmp_path_factory.mktemp("eight-phases")
    (root / "kits" / "tips").mkdir(parents=True)
    (root / "kits" / "compact.yml").write_text(kit_yaml(16, 8), encoding="utf-8")
    kit = load_project(ProjectSettings(root)).kit("compact")
    assert len(kit.document.phases) == 8
    return deck_cards(kit, lambda value: value.resolve("nl", "nl") if value else "",
                      translator("nl"))


def test_eight_phases_get_eight_distinct_marks(eight_phase_cards: list) -> None:
    marks = {card.phase_number: (card.style.colour, card.style.icon)
             for card in eight_phase_cards if card.kind == "question"}
    assert sorted(marks) == list(range(1, 9))
    assert len(set(marks.values())) == 8
    assert len({colour for colour, _icon in marks.values()}) == 8
    assert len({icon for _colour, icon in marks.values()}) == 8
    greys = sorted(grey(colour) for colour, _icon in marks.values())
    gaps = [later - earlier for earlier, later in itertools.pairwise(greys)]
    assert min(gaps) >= GREY_MARGIN, greys


def test_every_card_of_a_phase_carries_its_phase_mark(eight_phase_cards: list) -> None:
    for card in eight_phase_cards:
        if card.kind == "question":
            mark = PHASE_MARKS[card.phase_number - 1]
            assert (card.style.colour, card.style.icon) == (mark.colour, mark.icon)


def test_neighbouring_phases_differ_most_in_grey() -> None:
    """Phase n and n + 1 lie side by side on the table: at least three grey steps apart."""
    for first, second in itertools.pairwise(PHASE_MARKS):
        assert abs(grey(first.colour) - grey(second.colour)) >= 3 * GREY_MARGIN


@pytest.mark.parametrize("index", range(len(PHASE_MARKS)))
def test_a_marks_text_and_outline_can_be_read(index: int) -> None:
    style = phase_style(index, "")
    assert contrast_ratio(parse_color(style.colour), parse_color(style.ink)) >= 4.5
    assert contrast_ratio(parse_color(style.line), WHITE) >= GRAPHIC_CONTRAST


@pytest.mark.parametrize("name", sorted({mark.icon for mark in PHASE_MARKS}))
def test_a_phase_icon_is_a_plain_svg_shipped_with_gesprekskit(name: str) -> None:
    path: Path = ICON_DIR / f"{name}.svg"
    text = path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "currentColor" in text                        # icon() colours it
    assert "href" not in text and "<script" not in text  # nothing to fetch, nothing to run


def test_a_ninth_phase_starts_the_colours_again_and_its_number_tells() -> None:
    ninth, first = phase_style(8, ""), phase_style(0, "")
    assert (ninth.colour, ninth.icon) == (first.colour, first.icon)
    assert (ninth.number, first.number) == (9, 1)


def test_twelve_phases_are_twelve_distinct_marks_on_the_cards() -> None:
    """The corpus's twelve-phase kit: every phase's cards carry a mark no other phase has
    (colour, shape and the number inside it), the same on every card of that phase."""
    import shutil
    import tempfile

    corpus = Path(__file__).resolve().parent / "corpus" / "kit-twelve-phases"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(corpus / "kits", root / "kits")
        (root / "kits" / "tips").mkdir()
        kit = load_project(ProjectSettings(root)).kit("gesprek")
    assert len(kit.document.phases) == 12
    cards = deck_cards(kit, lambda value: value.resolve("nl", "nl") if value else "",
                       translator("nl"))
    marks: dict[int, set] = {}
    for card in cards:
        if card.kind == "question":
            marks.setdefault(card.phase_number, set()).add(
                (card.style.colour, card.style.icon, card.style.number))
    assert sorted(marks) == list(range(1, 13))
    assert all(len(found) == 1 for found in marks.values())
    assert len({next(iter(found)) for found in marks.values()}) == 12
    assert all(next(iter(found))[2] == number for number, found in marks.items())


@pytest.mark.slow
def test_a_long_phase_name_is_cut_on_the_back_not_a_reason_for_the_deck_to_fail(
        tmp_path: Path) -> None:
    """A phase name of 230 characters pushed the back's shape into its foot; no level of the
    front could help, so the deck failed on a question that fits (`… cannot hold question
    1.1`)."""
    import yaml

    from build_tools.sheets import render_sheet

    data = yaml.safe_load(kit_yaml(2, 1))
    data["phases"][0]["title"]["nl"] = ("Zeer lange fasenaam die maar doorgaat " * 5
                                        + "Onderhandelingsbevoegdheidsovereenkomst")
    data["phases"][0]["questions"] = [{
        "kind": "scale", "text": {"nl": "Hoe goed lukt het je om werk en zorg te combineren?",
                                  "en": "How well do you combine work and care?"},
        "min": 1, "max": 10, "min_label": {"nl": "Slecht", "en": "Badly"},
        "max_label": {"nl": "Goed", "en": "Well"}}]
    (tmp_path / "kits" / "tips").mkdir(parents=True)
    (tmp_path / "kits" / "lang.yml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    pdf = render_sheet(project, project.kit("lang"), "kaarten", language="nl")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("kit_id", ["exitgesprek", "ontwikkelgesprek", "welzijnsgesprek"])
def test_a_phase_looks_the_same_on_the_praatplaat_as_on_its_cards(kit_id: str) -> None:
    """A trainer lays the plate beside the deck: a zone of one phase wears that phase's card
    mark; a theme zone wears its theme's colour and icon, and each question in it (and the
    meter) the mark of its phase's cards."""
    from build_tools.sheets.poster_content import poster_content, theme_style

    project = load_project(ProjectSettings(Path(__file__).resolve().parent.parent))
    kit = project.kit(kit_id)
    text = lambda value: value.resolve("nl", "nl") if value else ""  # noqa: E731
    brand = Brand()
    on_cards = {card.phase_number: (card.style.colour, card.style.icon, card.style.number)
                for card in deck_cards(kit, text, translator("nl"))
                if card.kind == "question"}
    plate = poster_content(kit, brand, text, translator("nl"))
    for zone in plate.zones:
        if zone.marked:  # a theme zone
            theme = zone.questions[0].phase.theme
            assert {ref.phase.theme for ref in zone.questions} == {theme}
            assert (zone.style.colour, zone.style.icon) == (
                theme_style(brand, theme, "").colour, theme.value)
        else:
            (phase,) = {ref.phase_index + 1 for ref in zone.questions}
            assert (zone.style.colour, zone.style.icon, zone.style.number) == on_cards[phase]
        for ref in zone.questions:
            mark = zone.mark(ref)
            assert (mark.colour, mark.icon, mark.number) == on_cards[ref.phase_index + 1]
    if plate.focal is not None:
        shown = plate.focal_mark or plate.focal_style
        assert (shown.colour, shown.icon, shown.number) == on_cards[plate.focal.phase_index + 1]
    assert any(zone.marked for zone in plate.zones) == (kit_id != "exitgesprek")
