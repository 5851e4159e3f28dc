"""Issue 18 on paper: last time's agreements where the kit recurs (and only there), and the QR
code with a link to the kit's page when the guide has a site_url (and never without one).

Small projects of their own; the sheets of the shared test kit are checked in test_sheets.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from build_tools.loader import ProjectSettings, load_project
from build_tools.sheets import SHEET_TYPES, render_sheet, sheet_html

from test_sheets import KIT, pdf_text, reader, squeezed

SITE = "https://gids.example.org/hr/"
RECAP = "Afspraken van de vorige keer"


def _project(root: Path, kit: str = KIT, site_url: str = ""):
    (root / "kits").mkdir(exist_ok=True)
    (root / "kits" / "kort.yml").write_text(kit, encoding="utf-8")
    return load_project(ProjectSettings(root, site_url=site_url))


@pytest.mark.parametrize(("cycle", "setting", "expected"), [
    ("{every_months: 2}", "", True), ("{months: [11]}", "", True),
    ("{on_trigger: true}", "", False), ("{every_months: 3}", "  review_previous: false\n", False),
    ("{on_trigger: true}", "  review_previous: true\n", True)])
def test_who_reviews_last_time(tmp_path: Path, cycle: str, setting: str, expected: bool) -> None:
    kit = KIT.replace("cycle: {every_months: 2}", f"cycle: {cycle}").replace(
        "  next: Over zes weken.\n", "  next: Over zes weken.\n" + setting)
    document = _project(tmp_path, kit).kit("kort").document
    assert document.reviews_previous() is expected


def test_continuity_switched_off(tmp_path: Path) -> None:
    kit = KIT.replace("  next: Over zes weken.\n", "  next: Over zes weken.\n"
                      "  review_previous: false\n")
    project = _project(tmp_path, kit)
    for sheet in ("praatplaat", "voorbereiding"):
        assert RECAP not in sheet_html(project, project.kit("kort"), sheet)
    preparation = render_sheet(project, project.kit("kort"), "voorbereiding")
    assert squeezed(RECAP) not in pdf_text(preparation)
    assert not any(name.startswith("previous-") for name in reader(preparation).get_fields())
    assert "prompt-1" in reader(preparation).get_fields()   # still fillable


def _decoded(pdf: Path, tmp_path: Path) -> list[str]:
    """The QR codes on the first page, read from a 150 dpi rendering of it."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(tmp_path / "page")], check=True)
    return [code.text for code in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))]


def test_qr_code_link_and_address_with_a_site_url(tmp_path: Path) -> None:
    project = _project(tmp_path, site_url=SITE)
    kit = project.kit("kort")
    url = SITE + "gesprekken/kort.html"
    for sheet in SHEET_TYPES:   # every sheet carries it, in each language its own page
        html = sheet_html(project, kit, sheet.name)
        assert "guide-qr" in html and f'href="{url}"' in html, sheet.name
    assert f'href="{SITE}en/gesprekken/kort.html"' in sheet_html(project, kit, "vragenblad",
                                                                 language="en")
    data = render_sheet(project, kit, "vragenblad")
    pdf = tmp_path / "vragenblad.pdf"
    pdf.write_bytes(data)
    assert _decoded(pdf, tmp_path) == [url]
    first = reader(data).pages[0]
    links = [annot.get_object()["/A"]["/URI"] for annot in first.get("/Annots", [])
             if annot.get_object().get("/Subtype") == "/Link"]
    assert url in links
    assert squeezed("gids.example.org/hr/gesprekken/kort.html") in pdf_text(data)
