"""The praatplaat (conversation canvas) and the question cards on kits unlike the example.

One extreme kit (8 phases with long names, 200-character questions, 12 options, 11-step scales
with long end labels, long Dutch compounds, Dutch and English) and a one-question kit, each
rendered a few times only: every render is a real WeasyPrint layout and costs seconds.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import copy_example
from PIL import Image
from pypdf import PdfReader

from build_tools.brand import DEFAULT_BRAND, Brand, BrandText
from build_tools.brand_file import load_brand
from build_tools.diagnostics import GesprekskitError
from build_tools.i18n import translator
from build_tools.loader import Project, ProjectSettings, load_project
from build_tools.sheets import render_sheet
from build_tools.sheets.deck import CARDS_PER_PAGE, deck_cards
from build_tools.sheets.poster_content import chosen_questions

A3_LANDSCAPE = (1190.55, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
A4_PORTRAIT = (595.28, 841.89)
COMPOUND = "mantelzorgondersteuningsregeling"
LONG = ("Als je terugkijkt op de afgelopen maanden, welke momenten in je werk gaven je de meeste "
        "energie, en wat zou er moeten veranderen om daar in de komende periode meer van te hebben?")
LONG_EN = ("Looking back on the past months, which moments at work gave you the most energy, "
           "and what would have to change for you to have more of them in the coming period?")
PHASE = "Terugblikken op de samenwerking met collega's en de leidinggevende"


def _phase(number: int) -> str:
    theme = ["personal", "current-role", "growth", None][number % 4]
    lines = [f"  - title: {{nl: \"{PHASE} {number}\", en: \"Looking back on working together, "
             f"part {number}\"}}"]
    if theme:
        lines.append(f"    theme: {theme}")
    lines.append("    questions:")
    lines.append(f"      - text: {{nl: \"{LONG} ({number})\", en: \"{LONG_EN} ({number})\"}}")
    lines.append(f"        probes: [\"Wat betekent de {COMPOUND} voor jou?\", "
                 "\"Wie zou je daarbij willen betrekken, en waarom juist die persoon?\"]")
    if number == 2:
        options = ", ".join(f"\"Optie {i}: {COMPOUND}\"" if i == 1 else f"\"Optie {i}\""
                            for i in range(1, 13))
        lines.append(f"      - kind: choice\n        text: Waar wil je het over hebben?\n"
                     f"        options: [{options}]")
    if number == 3:
        lines.append("      - kind: scale\n        text: Hoe tevreden ben je over je werk?\n"
                     "        min: 0\n        max: 10\n"
                     "        min_label: Helemaal niet tevreden, ik denk na over vertrekken\n"
                     "        max_label: Zeer tevreden, ik zou hier nergens anders willen werken")
    if number == 8:
        lines.append("      - kind: closing\n        text: Wat neem je mee uit dit gesprek?")
    return "\n".join(lines)


EXTREME = f"""\
schema: 1
title: {{nl: Gesprek over werk en {COMPOUND}, en: A conversation about work and care}}
summary: Een gesprek met veel fasen en lange teksten.
type: other
duration: 60
participants: [Medewerker, Leidinggevende]
purpose:
  description: Alles bespreken.
  for_employee: [Aandacht]
  for_employer: [Signalen]
when:
  rhythm: Eens per jaar
preparation:
  manager: [Lees de vorige afspraken terug.]
  employee: [Wat wil je bespreken?]
phases:
{chr(10).join(_phase(number) for number in range(1, 9))}
tips: []
follow_up:
  record: [De belangrijkste punten.]
  agreements: [Wie doet wat, en wanneer?]
  support: [Tijd voor een opleiding]
"""

ONE_QUESTION = re.sub(r"(?s)phases:.*?tips:", "phases:\n  - title: Openen\n    questions:\n"
                      "      - text: Hoe gaat het met je?\ntips:", EXTREME)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("extreme")
    (root / "kits" / "tips").mkdir(parents=True)
    (root / "kits" / "extreem.yml").write_text(EXTREME, encoding="utf-8")
    (root / "kits" / "een-vraag.yml").write_text(ONE_QUESTION, encoding="utf-8")
    return load_project(ProjectSettings(root))


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def sizes(data: bytes) -> set[tuple[float, float]]:
    return {(round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
            for page in PdfReader(io.BytesIO(data)).pages}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- what goes on the plate -------------------------------------------------------------------

def test_the_plate_leaves_out_closing_questions_and_the_closing_phase(project: Project) -> None:
    chosen, by_author = chosen_questions(project.kit("extreem"))
    assert not by_author and chosen
    assert all(ref.question.kind != "closing" and ref.phase_index != 7 for ref in chosen)
    assert len(chosen) <= 8


def test_an_author_chooses_the_plates_questions(tmp_path: Path) -> None:
    marked = EXTREME.replace("        probes: [", "        praatplaat: true\n        probes: [", 2)
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "gekozen.yml").write_text(marked, encoding="utf-8")
    kit = load_project(ProjectSettings(tmp_path)).kit("gekozen")
    chosen, by_author = chosen_questions(kit)
    assert by_author and [ref.number for ref in chosen] == ["1.1", "2.1"]


# --- the plate on paper -----------------------------------------------------------------------

@pytest.mark.parametrize(("paper", "language", "size"), [
    ("a3-landscape", "nl", A3_LANDSCAPE), ("a4-landscape", "en", A4_LANDSCAPE)])
def test_an_extreme_plate_fits_one_page_with_every_text(project: Project, paper: str,
                                                        language: str, size) -> None:
    kit = project.kit("extreem")
    data = render_sheet(project, kit, "praatplaat", language=language, paper=paper)
    text = pages(data)
    assert len(text) == 1 and sizes(data) == {size}
    printed = squeezed(text[0])
    # Gesprekskit takes fewer of its own choice when they do not fit, never part of one
    shown = [ref.number for ref in chosen_questions(kit)[0]
             if squeezed(ref.question.text.resolve(language, "nl")) in printed]
    assert len(shown) >= 2
    steps = translator(language)
    assert squeezed(steps("sheet.howto.step_1.title")) in printed


def test_a_one_question_plate(project: Project) -> None:
    data = render_sheet(project, project.kit("een-vraag"), "praatplaat", paper="a4-landscape")
    assert len(pages(data)) == 1 and squeezed("Hoe gaat het met je?") in squeezed(pages(data)[0])


@pytest.mark.parametrize("paper", ["a3-landscape", "a4-landscape"])
def test_a_plate_of_one_scale_is_its_meter_and_room_to_write(tmp_path: Path, paper: str) -> None:
    """An author who puts only a scale on the plate: the scale becomes the meter and no zone
    is left; the layout stopped on a division by zero (range() with a step of 0)."""
    scale_only = ONE_QUESTION.replace(
        "      - text: Hoe gaat het met je?",
        "      - kind: scale\n        text: Hoe vol zit je energietank?\n        min: 1\n"
        "        max: 10\n        praatplaat: true\n      - text: Hoe gaat het met je?")
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "meter.yml").write_text(scale_only, encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    data = render_sheet(project, project.kit("meter"), "praatplaat", paper=paper)
    text = squeezed(pages(data)[0])
    assert len(pages(data)) == 1
    assert squeezed("Hoe vol zit je energietank?") in text
    assert squeezed("Hoe gaat het met je?") not in text
    assert squeezed(translator("nl")("sheet.praatplaat_extra")) in text


def _sixty_questions(author: bool) -> str:
    """Twelve phases of five short open questions and one scale: Gesprekskit's own choice is
    the scale and a question from every phase."""
    phases = []
    for phase in range(1, 13):
        lines = [f"  - title: Onderwerp {phase}", "    questions:"]
        if phase == 1:
            lines.append("      - kind: scale\n        text: Hoe tevreden ben je?\n"
                         "        min: 1\n        max: 10")
        for question in range(2 if phase == 1 else 1, 6):
            lines.append(f"      - text: Wat wil je over onderwerp {phase}.{question} kwijt?")
            if author and question == 1:
                lines.append("        praatplaat: true")
        phases.append("\n".join(lines))
    return re.sub(r"(?s)phases:.*?tips:", lambda _match: "phases:\n" + "\n".join(phases)
                  + "\ntips:", EXTREME)


def writing_rooms(data: bytes) -> dict[str, float]:
    """Each question's text field on the plate: its height in mm."""
    rooms = {}
    for annotation in PdfReader(io.BytesIO(data)).pages[0].get("/Annots", []):
        field = annotation.get_object()
        if field.get("/FT") == "/Tx" and "question" in str(field.get("/T")):
            bottom, top = float(field["/Rect"][1]), float(field["/Rect"][3])
            rooms[str(field["/T"])] = abs(top - bottom) / 72 * 25.4
    return rooms


def test_an_a4_plate_takes_fewer_of_its_own_questions_to_leave_room_to_write(
        tmp_path: Path) -> None:
    """On A4 landscape the plate took all nine of its own questions at a level that fitted them,
    each with 8 mm to write in (12.6 mm on the layout corpus' kit): it only took fewer when
    none fitted. Now it takes fewer to leave 18 mm; an author's choice is never cut."""
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "zestig.yml").write_text(_sixty_questions(False), encoding="utf-8")
    (tmp_path / "kits" / "gekozen.yml").write_text(_sixty_questions(True), encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    own = project.kit("zestig")
    rooms = writing_rooms(render_sheet(project, own, "praatplaat", paper="a4-landscape"))
    assert 2 <= len(rooms) < len(chosen_questions(own)[0]) - 1
    assert min(rooms.values()) >= 18
    chosen = project.kit("gekozen")
    data = render_sheet(project, chosen, "praatplaat", paper="a4-landscape")
    assert len(writing_rooms(data)) == len(chosen_questions(chosen)[0]) == 11


HUGE_COMPOUND = "arbeidsomstandighedenwetgevingsaanpassingsvoorstellen"


def test_a_compound_wider_than_its_answer_area_breaks_inside_it(tmp_path: Path) -> None:
    """A 54-letter compound in one of three questions side by side ran on under the next
    question's area (`overflow-wrap: break-word` does not narrow an area's smallest width), its
    end hidden: the question was printed cut off."""
    questions = "".join(f"      - text: {text}\n" for text in (
        f"Wat vind jij van de {HUGE_COMPOUND} die het medezeggenschapsorgaan heeft ingediend?",
        "Hoe ervaar je de samenwerking?", "Wat heb je nodig?"))
    kit = re.sub(r"(?s)phases:.*?tips:", "phases:\n  - title: Openen\n    questions:\n"
                 + questions + "tips:", EXTREME)
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "lang.yml").write_text(kit, encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    text = pages(render_sheet(project, project.kit("lang"), "praatplaat"))[0]
    assert squeezed(HUGE_COMPOUND) in squeezed(text)  # printed whole...
    assert HUGE_COMPOUND not in text.split()  # ...over more than one line of its own area


def test_a_plate_that_cannot_fit_is_a_located_error(tmp_path: Path) -> None:
    every = EXTREME.replace("    questions:\n", "    praatplaat: true\n    questions:\n")
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "alles.yml").write_text(every, encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    with pytest.raises(GesprekskitError) as raised:
        render_sheet(project, project.kit("alles"), "praatplaat")
    message = raised.value.report.format()
    assert re.search(r"alles\.yml:\d+:\d+: error: the praatplaat \(a3-landscape", message)
    assert "hint:" in message


# --- the card deck ----------------------------------------------------------------------------

def test_an_extreme_deck_has_fronts_and_mirrored_backs(project: Project) -> None:
    kit = project.kit("extreem")
    data = render_sheet(project, kit, "kaarten", language="nl")
    text = pages(data)
    cards = deck_cards(kit, lambda value: value.resolve("nl", "nl") if value else "",
                       translator("nl"))
    assert len(text) == 2 * -(-len(cards) // CARDS_PER_PAGE) and sizes(data) == {A4_PORTRAIT}
    fronts = squeezed(" ".join(text[0::2]))
    for ref in kit.questions():
        assert squeezed(ref.question.text.resolve("nl", "nl")) in fronts, ref.number
    # whole, or (a word of 20+ letters) hyphenated at a syllable: U+2010 at a line's end
    assert COMPOUND in fronts.replace("\u2010", "")
    assert squeezed(translator("nl")("sheet.cards.paper")) in fronts
    # a back names the deck and the phase; no back carries a page number
    assert all(COMPOUND in squeezed(back).replace("\u2010", "") and PHASE[:20] in back
               for back in text[1::2])
    assert not any(re.search(r"\d+ / \d+", back) for back in text[1::2])


def test_a_lone_last_card_gets_a_blank_card_beside_it(tmp_path: Path) -> None:
    questions = "".join(f"      - text: Vraag {number}?\n" for number in range(1, 9))
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "acht.yml").write_text(re.sub(
        r"(?s)phases:.*?tips:", f"phases:\n  - title: Openen\n    questions:\n{questions}tips:",
        EXTREME), encoding="utf-8")
    kit = load_project(ProjectSettings(tmp_path)).kit("acht")
    cards = deck_cards(kit, lambda value: value.resolve("nl", "nl") if value else "",
                       translator("nl"))
    # the instruction card and eight questions would leave one card alone on a page
    assert [card.kind for card in cards] == ["instructions"] + ["question"] * 8 + ["blank"]


def test_a_question_too_long_for_one_card_continues_on_the_next(tmp_path: Path) -> None:
    """Any accepted kit gets a deck: a question no card holds, even in the dense type, runs on
    over cards of the deck's size, numbered 1.1 · 1/n …, in order, nothing clipped."""
    words = " ".join(f"woord{number}" for number in range(1, 181))
    options = ", ".join(f"\"Keuze {number}: {COMPOUND}\"" for number in range(1, 13))
    probes = ", ".join(f"\"Doorvraag {number}: wat betekent dat voor jou, en voor je team?\""
                       for number in range(1, 9))
    question = (f"phases:\n  - title: Openen\n    questions:\n      - kind: choice\n"
                f"        text: \"{words}?\"\n        options: [{options}]\n"
                f"        probes: [{probes}]\ntips:")
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "lang.yml").write_text(re.sub(r"(?s)phases:.*?tips:", question, EXTREME),
                                                encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    text = pages(render_sheet(project, project.kit("lang"), "kaarten", language="nl"))
    fronts = squeezed(" ".join(text[0::2]))
    parts = re.findall(r"1\.1·(\d+)/(\d+)", fronts)
    assert len(parts) > 1 and [int(n) for n, _ in parts] == list(range(1, len(parts) + 1))
    assert all(f"woord{n}" in fronts for n in range(1, 181))
    positions = [fronts.index(f"woord{n}") for n in (1, 90, 180)]
    assert positions == sorted(positions)
    for number in range(1, 13):
        assert f"Keuze{number}:{COMPOUND}" in fronts
    for number in range(1, 9):
        assert f"Doorvraag{number}:" in fronts


#: The most of a page of card backs that may be ink, as mean darkness of a greyscale rendering
#: (a solid phase-coloured back was about 40 %).
MAX_BACK_DARKNESS = 0.08
#: The card grid on A4 (kaarten.css): 2 x 4 cards of 92 x 64 mm, centred on the page.
GRID_LEFT_MM, GRID_TOP_MM, CARD_MM = 13.0, 20.5, (92.0, 64.0)
DPI = 50


def greyscale_pages(data: bytes, folder: Path) -> list[Image.Image]:
    """Every page as a printer without colour would print it, at 50 dpi."""
    (folder / "deck.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(folder / "deck.pdf"),
                    str(folder / "page")], check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page-*.pgm"),
                                                               key=lambda p: int(p.stem[5:]))]


def darkness(page: Image.Image) -> float:
    """Mean darkness, 0 (white paper) to 1 (solid black)."""
    histogram = page.histogram()
    return 1 - sum(level * count for level, count in enumerate(histogram)) / sum(histogram) / 255


def ink_near_cut_lines(page: Image.Image, within_mm: float = 2.0) -> int:
    """How far from white (0-255) the darkest point within ``within_mm`` of a cut line is.

    Only the rows that hold cards count: below a last, short row are its crop marks."""
    pixels = DPI / 25.4

    def darkest(left: float, top: float, right: float, bottom: float) -> int:
        box = tuple(round(mm * pixels) for mm in (left, top, right, bottom))
        return 255 - page.crop(box).getextrema()[0]

    width, height = CARD_MM
    columns = [GRID_LEFT_MM + width * n for n in range(3)]
    rows = [GRID_TOP_MM + height * n for n in range(5)]
    filled = [top for top in rows[:-1]
              if darkest(columns[0] + 5, top + 5, columns[-1] - 5, top + height - 5) > 0]
    strips = [(x - within_mm, top, x + within_mm, top + height)
              for x in columns for top in filled]
    strips += [(columns[0], y - within_mm, columns[-1], y + within_mm)
               for y in rows if y in filled or y - height in filled]
    return max((darkest(*strip) for strip in strips), default=0)


def test_card_backs_are_light_on_ink_and_keep_off_the_cut_lines(project: Project,
                                                                  tmp_path: Path) -> None:
    """The example's deck in both brands and languages, and the extreme deck (eight phases,
    probes on the back): white backs with a thin phase band, nothing near a cut line."""
    example = load_project(ProjectSettings(copy_example(tmp_path / "example")))
    anker, _report = load_brand(example.settings.root / "brands" / "het-anker" / "_brand.yml",
                                example.settings.root)
    decks = {"example-nl": render_sheet(example, example.kit("groeigesprek"), "kaarten"),
             "example-en-anker": render_sheet(example, example.kit("groeigesprek"), "kaarten",
                                              language="en", brand=anker),
             "extreme": render_sheet(project, project.kit("extreem"), "kaarten",
                                     brand=DEFAULT_BRAND)}
    for name, data in decks.items():
        folder = tmp_path / name
        folder.mkdir()
        pages = greyscale_pages(data, folder)
        backs = [darkness(page) for page in pages[1::2]]
        assert max(backs) <= MAX_BACK_DARKNESS, (name, backs)
        assert all(ink_near_cut_lines(page) < 12 for page in pages), name


# --- the brand on paper -----------------------------------------------------------------------

def test_brand_texts_per_language(tmp_path: Path) -> None:
    (tmp_path / "_brand.yml").write_text(
        "meta: {name: Zorggroep}\ndefaults:\n  gesprekskit:\n"
        "    footer: {nl: Afdeling HR, en: HR department}\n    contact: Bel 4400\n",
        encoding="utf-8")
    brand, report = load_brand(tmp_path / "_brand.yml", tmp_path, languages=["nl", "en"])
    assert brand.in_language("en", "nl").footer == "HR department"
    assert brand.in_language("nl", "nl").footer == "Afdeling HR"
    warnings = [item.format() for item in report.warnings]
    assert any("'contact' has no text in 'en'" in warning for warning in warnings), warnings
    assert not any("'footer'" in warning for warning in warnings)


def test_english_sheets_print_the_english_brand_texts(project: Project) -> None:
    brand = Brand(organisation="Zorggroep", footer=BrandText((("en", "HR department"),
                                                              ("nl", "Afdeling HR"))))
    text = " ".join(pages(render_sheet(project, project.kit("een-vraag"), "vragenblad",
                                       language="en", brand=brand)))
    assert "HR department" in text and "Afdeling HR" not in text


def test_a_located_error_crosses_to_the_main_process_whole() -> None:
    import pickle

    from build_tools.diagnostics import DiagnosticReport, Location

    report = DiagnosticReport()
    report.error(Location(Path("kits/x.yml"), 3, 5), "the plate does not fit", "choose fewer")
    copy = pickle.loads(pickle.dumps(GesprekskitError(report, "does not fit")))
    assert copy.report.format() == report.format() and copy.summary == "does not fit"


def test_sheet_names_as_an_english_speaking_hr_person_says_them() -> None:
    english, dutch = translator("en"), translator("nl")
    assert english("sheet.title.praatplaat") == "Conversation canvas"
    assert english("download_label.kaarten") == "Question cards"
    assert dutch("sheet.title.praatplaat") == "Praatplaat"
