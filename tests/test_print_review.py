"""What a print designer found on sheets made from content unlike the example: a pale brand
colour, long Dutch compounds, a long phase list on the manager's preparation page.

The PDFs are made from copies of the example kit, changed the way an author might."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image

from build_tools.brand import Brand
from build_tools.brand_css import brand_css, printed_colors
from build_tools.colors import WHITE, contrast_ratio, parse_color
from build_tools.loader import Project, ProjectSettings, load_project
from build_tools.sheets import render_sheet
from conftest import REPO_ROOT

#: A brand whose primary colour is a pale yellow and accent a pale blue: fine for a web header
#: with dark text, unreadable as text on paper.
PALE = (255, 243, 176)
PALE_BRAND = Brand(primary="#fff3b0", accent="#d8f3ff", on_primary="#1c1917",
                   light="#fffdf5")


def css_colour(css: str, name: str) -> str:
    return re.search(rf"--gk-{name}: (#[0-9a-f]{{6}});", css).group(1)


def test_pale_brand_colours_are_printed_readable() -> None:
    css = brand_css(PALE_BRAND, "print")
    for name in ("primary", "accent"):
        assert contrast_ratio(parse_color(css_colour(css, name)), WHITE) >= 4.5, name
    on_primary = parse_color(css_colour(css, "on-primary"))
    assert contrast_ratio(on_primary, parse_color(css_colour(css, "primary"))) >= 4.5


def test_readable_brand_colours_are_printed_as_they_are() -> None:
    brand = Brand(primary="#16365c", accent="#c2410c")
    assert printed_colors(brand) == brand.colors
    assert css_colour(brand_css(brand, "print"), "primary") == "#16365c"


def example_project(root: Path, kits: dict[str, dict]) -> Project:
    shutil.copytree(REPO_ROOT / "kits", root / "kits")  # the tips name the example's kits
    for kit_id, kit in kits.items():
        (root / "kits" / f"{kit_id}.yml").write_text(
            yaml.safe_dump(kit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_project(ProjectSettings(root))


def example_kit() -> dict:
    return yaml.safe_load((REPO_ROOT / "kits" / "hoe-gaat-het.yml").read_text(encoding="utf-8"))


def pale_pixels(pdf: bytes, folder: Path) -> int:
    """Pixels of the first page drawn in the pale brand colour itself."""
    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png",
                    str(folder / "sheet.pdf"), str(folder / "page")], check=True)
    image = Image.open(folder / "page.png").convert("RGB")
    return sum(count for count, pixel in image.getcolors(1 << 24)
               if all(abs(a - b) <= 12 for a, b in zip(pixel, PALE)))


@pytest.mark.parametrize("sheet", ["praatplaat", "vragenblad"])
def test_pale_brand_title_and_bands_are_not_printed_pale(tmp_path: Path, sheet: str) -> None:
    """The title (and on the plate the bands with white text) were drawn in #fff3b0: 1.1:1 on
    the paper. Now they are drawn in a shade that reads; the pale colour is nowhere."""
    project = example_project(tmp_path, {"hoe-gaat-het": example_kit()})
    pdf = render_sheet(project, project.kit("hoe-gaat-het"), sheet, brand=PALE_BRAND)
    assert pale_pixels(pdf, tmp_path) == 0


def text_bottoms(pdf: bytes, folder: Path) -> list[tuple[float, str]]:
    """Per page: how far down (share of the page height) its lowest text line reaches, the
    running footer left out, and the page's text."""
    (folder / "sheet.pdf").write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(folder / "sheet.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S):
        height = float(page.group(1))
        words = [(float(bottom), word) for bottom, word in
                 re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page.group(2))]
        body = [bottom for bottom, _word in words if bottom < height - FOOTER_PT]
        pages.append((max(body, default=0.0) / height, " ".join(word for _b, word in words)))
    return pages


#: The running footer sits in the bottom page margin, the lowest 12 mm of an A4 sheet and up.
FOOTER_PT = 40


def test_the_managers_page_is_not_left_half_empty_by_a_long_tip_list(tmp_path: Path) -> None:
    """With many tips the phases-and-tips block did not fit under the manager's checklist. At
    the first density it went overleaf whole, leaving 40 % of the manager's page empty; the
    denser layouts, where it fits and only the notes go overleaf, lost the tie to it."""
    kit = example_kit()
    kit["tips"] = sorted(path.stem for path in (REPO_ROOT / "kits" / "tips").glob("*.yml"))[:14]
    project = example_project(tmp_path, {"hoe-gaat-het": kit})
    pdf = render_sheet(project, project.kit("hoe-gaat-het"), "voorbereiding")
    pages = text_bottoms(pdf, tmp_path)
    manager = next(number for number, (_bottom, text) in enumerate(pages)
                   if "LEIDINGGEVENDE" in text)
    assert manager < len(pages) - 1, "the manager's part is one page: no longer a test"
    bottoms = [round(bottom, 2) for bottom, _text in pages[manager:-1]]
    assert all(bottom >= 0.7 for bottom in bottoms), bottoms


TITLE_WORD = "arbeidsomstandighedenspreekuurafspraakbevestigingsformuliergesprek"
PHASE_WORD = "ziekteverzuimbegeleidingsprotocolevaluatiemomenten"


def unmarked_breaks(text: str, words: tuple[str, ...]) -> list[str]:
    """Places where one of these words runs on to the next line without a hyphen to say so."""
    lines = [line.split() for line in text.casefold().splitlines()]
    lines = [line for line in lines if line]
    return [f"{before[-1]} | {after[0]}" for before, after in zip(lines, lines[1:])
            if any(before[-1] + after[0] in word for word in words)]


@pytest.mark.parametrize("sheet", ["vragenblad", "voorbereiding", "vervolgafspraken"])
def test_long_dutch_compounds_are_hyphenated_not_cut(tmp_path: Path, sheet: str) -> None:
    """A compound longer than its line was cut between two arbitrary letters ("…afspraakbe" /
    "vestigings…"), with nothing to say the word goes on; now it breaks at a syllable, with a
    hyphen, as the workshop sheets already did."""
    kit = example_kit()
    kit["title"] = {"nl": f"Het {TITLE_WORD}", "en": "The long title"}
    for phase in kit["phases"]:
        phase["title"] = {"nl": PHASE_WORD.capitalize(), "en": "A phase"}
    project = example_project(tmp_path, {"hoe-gaat-het": kit})
    pdf = render_sheet(project, project.kit("hoe-gaat-het"), sheet)
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"het{TITLE_WORD}" in re.sub(r"[\s\u2010-]+", "", text).casefold()
    assert unmarked_breaks(text, (TITLE_WORD, PHASE_WORD)) == []


#: Question texts with compounds longer than a card's line at 15 pt (about 32 characters).
CARD_WORDS = {"nl": ("arbeidsongeschiktheidsverzekering", "medewerkerstevredenheidsonderzoek"),
              "en": ("internationalization", "counterrevolutionary")}
FALLBACK_WORD = "ziekteverzuimbegeleidingsprotocollen"


def card_kit() -> dict:
    """The example kit, its first questions full of long words: one in both languages, one in
    Dutch only (the English deck shows it in Dutch), one too long for a card (it is continued
    on a second card) and in Dutch only as well."""
    kit = example_kit()
    questions = kit["phases"][0]["questions"]
    questions[0]["text"] = {
        "nl": f"Hoe kijk je naar je {CARD_WORDS['nl'][0]} en het {CARD_WORDS['nl'][1]}?",
        "en": f"How do you see the {CARD_WORDS['en'][0]} of our {CARD_WORDS['en'][1]} team?"}
    questions[1]["text"] = {"nl": f"Wat vind je van de {FALLBACK_WORD}?"}
    questions.append({"text": {"nl": " ".join(["Wat betekent de", FALLBACK_WORD, "voor jou"] * 9)
                               + "?"}})
    return kit


def card_breaks(pdf: bytes, folder: Path, words: tuple[str, ...]) -> list[tuple[str, int, bool]]:
    """Where the PDF's text breaks one of these words over two lines: (word, letters before
    the break, whether the line ends in a hyphen)."""
    (folder / "cards.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(folder / "cards.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line.split() for line in text.casefold().splitlines() if line.split()]
    found = []
    for before, after in zip(lines, lines[1:]):
        hyphen = before[-1][-1] in "\u2010-"
        head = before[-1].rstrip("\u2010-")
        for word in words:
            joined = head + after[0]
            if word in joined and word not in head and word not in after[0]:
                found.append((word, len(head) - joined.index(word), hyphen))
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_long_words_on_cards_are_hyphenated_in_their_language(tmp_path: Path,
                                                              language: str) -> None:
    """A compound longer than a card's line was cut between two arbitrary letters
    ("arbeidsongeschiktheidsverzekerin" / "g") and the card set a size smaller; now it breaks
    at a syllable, with a hyphen, by the patterns of the language the text is in: the English
    deck's Dutch fallback question by the Dutch ones. Shorter words are never hyphenated."""
    import pyphen

    project = example_project(tmp_path, {"hoe-gaat-het": card_kit()})
    pdf = render_sheet(project, project.kit("hoe-gaat-het"), "kaarten", language=language)
    words = (*CARD_WORDS[language], FALLBACK_WORD)
    breaks = card_breaks(pdf, tmp_path, words)
    assert {word for word, _at, _hyphen in breaks} >= {CARD_WORDS["nl"][0], FALLBACK_WORD} \
        if language == "nl" else {FALLBACK_WORD}
    for word, at, hyphen in breaks:
        patterns = "nl" if word in (*CARD_WORDS["nl"], FALLBACK_WORD) else language
        assert hyphen and at in pyphen.Pyphen(lang=patterns).positions(word), (word, at)


def test_a_question_continued_on_cards_keeps_its_language(tmp_path: Path) -> None:
    """A question too long for one card is shown in parts, each a plain run of its words: in
    the English deck a Dutch-only question's parts carry lang="nl", so they hyphenate (and are
    read aloud) as Dutch."""
    from build_tools.sheets.render import fitted_sheet_html

    project = example_project(tmp_path, {"hoe-gaat-het": card_kit()})
    html = fitted_sheet_html(project, project.kit("hoe-gaat-het"), "kaarten", language="en")
    parts = [lang for lang, text in re.findall(r'<p class="card__question"( lang="\w+")?>([^<]*)</p>', html)
             if "betekent" in text]
    assert len(parts) >= 2 and set(parts) == {' lang="nl"'}, parts


def test_a_continued_part_in_another_script_direction_gets_its_own_dir() -> None:
    """An Arabic deck showing a Dutch-only question in parts: each part is `lang="nl"` and
    left-to-right, as a whole question that fell back is (rendering's `mdi`)."""
    from build_tools.rendering import LanguageContext, _filters
    from build_tools.text import LocalizedText

    attributes = _filters(LanguageContext("ar", "nl"))["lang_attributes"]
    assert attributes(LocalizedText({"nl": "Wat vind je?"})) == ' lang="nl" dir="ltr"'
    assert attributes(LocalizedText({"nl": "Wat vind je?", "ar": "ما رأيك؟"})) == ""
    english = _filters(LanguageContext("en", "nl"))["lang_attributes"]
    assert english(LocalizedText({"nl": "Wat vind je?"})) == ' lang="nl"'
