"""The handbook's cover: the organisation and its logo, the guide's title once, and an edition
line (language and month) that stays the same on a rebuild."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.brand import Brand
from build_tools.handbook.cover import cover_organisation, edition_date, edition_line

from conftest import cli

#: 15 March 2027, 12:00 UTC.
EPOCH = "1805112000"


def test_edition_line_names_language_and_month(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert edition_date() == dt.date(2027, 3, 15)
    assert edition_line("nl") == "Nederlands · maart 2027"
    assert edition_line("en") == "English · March 2027"
    assert edition_line("zz-Qq").endswith("2027-03")


def test_the_cover_names_the_organisation_only_when_it_is_not_the_guide() -> None:
    assert cover_organisation(Brand(organisation="Testgids"), "Testgids") == ""
    assert cover_organisation(Brand(organisation="Het Anker", named=True), "Testgids") == \
        "Het Anker"
    assert cover_organisation(Brand(organisation="Testgids", named=True), "testgids") == ""


def _cover(site_project: Path, name: str) -> str:
    target = site_project.parent / f"{name}.pdf"
    finished = cli("handbook", "-o", str(target), "--project", str(site_project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return " ".join(PdfReader(target).pages[0].extract_text().split())


@pytest.mark.slow
def test_cover_shows_title_once_organisation_and_edition(site_project: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the command runs in a child process
    unnamed = _cover(site_project, "zonder")
    assert unnamed.count("Testgids") == 1, unnamed
    assert "Nederlands · maart 2027" in unnamed
    (site_project / "_brand.yml").write_text(
        "meta: {name: Woonzorg Het Anker}\ncolor: {primary: '#16365c'}\n", encoding="utf-8")
    named = _cover(site_project, "met")
    assert named.count("Testgids") == 1 and "Woonzorg Het Anker" in named, named
    assert "Nederlands · maart 2027" in named
    first = (site_project.parent / "met.pdf").read_bytes()
    _cover(site_project, "met")  # a rebuild: the same month, the same bytes
    assert (site_project.parent / "met.pdf").read_bytes() == first
