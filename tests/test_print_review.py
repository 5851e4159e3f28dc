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
