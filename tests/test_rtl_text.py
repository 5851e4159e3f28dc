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
