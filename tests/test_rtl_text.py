"""The text layer of right-to-left PDFs: what a reader copies out equals what was written,
ligatures of two letters included (issue 16)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import weasyprint

from build_tools.sheets.pdf_finish import finisher

FONT = Path(__file__).parent / "fixtures" / "multilingual" / "fonts" / "TestArabic.ttf"


def test_arabic_ligatures_extract_in_logical_order(tmp_path: Path) -> None:
    html = (f'<html lang="ar" dir="rtl"><style>@font-face {{ font-family: T; src: url("{FONT.as_uri()}") }}'
            "body { font-family: T; font-size: 20pt }</style><body>"
            '<p>الأسئلة على الطاولة</p><p lang="en" dir="ltr">office fit</p></body></html>')
    pdf = tmp_path / "rtl.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf, finisher=finisher())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)
    assert "الأسئلة على الطاولة" in text, text
    assert "office fit" in text            # left-to-right ligatures keep their mapping


# --- interface labels taken from a fallback language --------------------------------------------

def test_a_fallback_label_on_a_sheet_carries_its_own_language() -> None:
    from markupsafe import escape

    from build_tools.cli_project import open_project
    from build_tools.i18n import translator
    from build_tools.loader import load_project
    from build_tools.sheets.render import sheet_html

    project = load_project(open_project(FONT.parent.parent.resolve()).settings)
    html = sheet_html(project, project.kits[0], "voorbereiding", language="ar")
    # the project's ar.yml has no 'sheet.agenda_intro': English fills in, marked as English
    english = escape(translator("en")("sheet.agenda_intro"))
    assert f'<span lang="en" dir="ltr">{english}</span>' in html
    assert "\ue000" not in html
    # labels the project translated stay as they are
    assert f'<span lang="en" dir="ltr">{escape(translator("en")("preparation_employee"))}' \
        not in html


def test_a_fallback_label_on_the_site_carries_its_own_language(multilingual_build) -> None:
    site, _ = multilingual_build
    page = (site / "ar" / "gesprekken" / "kennismaking.html").read_text(encoding="utf-8")
    assert ('<p><span lang="en" dir="ltr">Worksheets as PDF, to print or to fill in on screen.'
            '</span></p>') in page
    assert "\ue000" not in page
