"""Links in PDFs lead to the published guide (site_url) or are left out: never a path of the
machine that built them, never a network share."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from build_tools.cli import main
from build_tools.sheets.links import public_url
from conftest import valid_kit

QUESTION = "Waar krijg je op dit moment energie van in je werk?"
LINKED = ("Lees [de tips](../tips.html), [de map](//bestandsserver/hr/map), "
          "[de share](\\\\\\\\server\\\\hr), [boven](#boven), [het beleid](https://example.org/beleid) "
          "of [mail HR](mailto:hr@example.org)")


def link_targets(pdf: Path) -> list[str]:
    found = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


@pytest.mark.parametrize("site_url", [None, "https://intranet.example.nl/gids/"])
def test_links_in_a_pdf_lead_to_the_published_guide_or_nowhere(site_project: Path, tmp_path: Path,
                                                                 site_url: str | None) -> None:
    kit = site_project / "kits" / "check-in.yml"
    kit.write_text(valid_kit().replace(QUESTION, LINKED), encoding="utf-8")
    if site_url:
        config = site_project / "mkdocs.yml"
        config.write_text(f"site_url: {site_url}\n" + config.read_text(encoding="utf-8"))
    pdf = tmp_path / "kaarten.pdf"
    result = CliRunner().invoke(main, ["pdf", "check-in", "--sheet", "kaarten", "--project",
                                       str(site_project), "-o", str(pdf)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    targets = link_targets(pdf)
    if site_url:  # the QR code and the address in the footer lead to the kit's own page
        kit_page = f"{site_url}gesprekken/check-in.html"
        assert kit_page in targets
        targets = [target for target in targets if target != kit_page]
    expected = ["https://example.org/beleid", "mailto:hr@example.org"]
    if site_url:
        expected.insert(0, "https://intranet.example.nl/gids/tips.html")
    assert sorted(targets) == sorted(expected)
    raw = pdf.read_bytes()
    assert b"file:" not in raw and b"site-packages" not in raw


def test_the_link_rule() -> None:
    page = "https://gids.example.nl/gesprekken/check-in.html"
    assert public_url("../tips.html", page) == "https://gids.example.nl/tips.html"
    assert public_url("/elders.html", page) == "https://gids.example.nl/elders.html"
    for href in ("//host/share", "\\\\host\\share", "file:///etc/passwd", "smb://host/x",
                 "#anker", "", "http:zonder-host", "javascript:alert(1)"):
        assert public_url(href, page) is None, href
        assert public_url(href, None) is None, href
    assert public_url("tips.html", None) is None
