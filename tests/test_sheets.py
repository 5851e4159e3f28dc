"""The printable sheets: paper, pages, texts, fonts, form fields, metadata, determinism, fetching.

Every sheet of one small kit is rendered once per session (``render_kit``); the tests read those
PDFs with pypdf. Only the determinism and paper-option tests render again.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from build_tools.brand import Brand
from build_tools.diagnostics import GesprekskitError
from build_tools.loader import Project, ProjectSettings, load_project
from build_tools.rendering import PACKAGE_ROOT
from build_tools.sheets import (COMPLETE, SHEET_TYPES, FetchRefused, ProjectFetcher,
                                SheetDoesNotFit, overflows, render_document, render_kit,
                                render_sheet, sheet_html)
from build_tools.sheets.registry import sheet_type

A3_LANDSCAPE = (1190.55, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
A4_PORTRAIT = (595.28, 841.89)

KIT = """\
schema: 1
title: Kort & goed
summary: >-
  Een korte check-in over *werkplezier* en samenwerking, voor medewerker en leidinggevende.
type: check-in
duration: 20
participants: [Medewerker, Leidinggevende]
purpose:
  description: Even stilstaan bij hoe het gaat.
  for_employee: [Aandacht voor wat speelt]
  for_employer: [Signalen op tijd zien]
when:
  rhythm: Elke zes weken
  cycle: {every_months: 2}
  triggers: [Drukke periode]
preparation:
  manager:
    - Lees de afspraken van vorige keer terug.
    - Plan twintig minuten zonder storingen.
  employee:
    - Wat ging er goed de afgelopen weken?
    - Waar liep je tegenaan?
phases:
  - title: Openen
    aim: Op je gemak komen.
    minutes: 3
    questions:
      - text: Hoe gaat het echt met je?
        probes:
          - Wat bedoel je daar precies mee?
          - Sinds wanneer is dat zo?
      - kind: scale
        text: Welk cijfer geef je je werkplezier?
        min: 1
        max: 10
        min_label: Heel laag
        max_label: Heel hoog
  - title: Verdiepen
    aim: De onderwerpen bespreken die ertoe doen.
    minutes: 12
    questions:
      - kind: choice
        text: Waar wil je het vandaag vooral over hebben?
        options: [Werkdruk, Samenwerking, Ontwikkeling, Iets anders]
        multiple: true
      - text: Wat heb je nodig om je werk <goed> te kunnen doen?
  - title: Afronden
    minutes: 5
    questions:
      - kind: closing
        text: Wat neem je mee uit dit gesprek?
tips: []
follow_up:
  record: [De belangrijkste punten, in de woorden van de medewerker.]
  agreements:
    - Wat spreken jullie af, wie doet wat, en wanneer?
  support: [Tijd voor een opleiding, Een gesprek met de bedrijfsarts]
  next: Over zes weken.
"""

ORGANISATION = "Zorggroep De Linde"
CONFIDENTIAL = "Vertrouwelijk: alleen voor medewerker en leidinggevende."
BRAND = Brand(organisation=ORGANISATION, confidentiality=CONFIDENTIAL)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("sheets-project")
    (root / "kits" / "tips").mkdir(parents=True)
    (root / "kits" / "kort.yml").write_text(KIT, encoding="utf-8")
    return load_project(ProjectSettings(root))


@pytest.fixture(scope="session")
def pdfs(project: Project) -> dict[str, bytes]:
    return render_kit(project, project.kit("kort"), language="nl", brand=BRAND)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
            for page in reader(data).pages]


def squeezed(text: str) -> str:
    """Text without any whitespace, to compare across line breaks."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squeezed(" ".join(page.extract_text() for page in reader(data).pages))


def question_texts(project: Project) -> list[str]:
    return [ref.question.text.resolve("nl", "nl") for ref in project.kit("kort").questions()]


# --- what gets rendered -----------------------------------------------------------------------

def test_every_sheet_and_the_combined_document(pdfs: dict[str, bytes]) -> None:
    assert list(pdfs) == [sheet.name for sheet in SHEET_TYPES] + [COMPLETE]
    assert all(data.startswith(b"%PDF-") for data in pdfs.values())


def test_paper_sizes(pdfs: dict[str, bytes]) -> None:
    assert page_sizes(pdfs["praatplaat"]) == [A3_LANDSCAPE]
    for name in ("vragenblad", "voorbereiding", "vervolgafspraken", "kaarten"):
        assert set(page_sizes(pdfs[name])) == {A4_PORTRAIT}, name


def test_combined_document_keeps_each_sheets_paper(pdfs: dict[str, bytes]) -> None:
    """Each sheet on its own paper, starting on an odd page: a blank back after an odd count."""
    expected = []
    for sheet in SHEET_TYPES:
        sizes = page_sizes(pdfs[sheet.name])
        expected += sizes + (sizes[-1:] if len(sizes) % 2 and sheet != SHEET_TYPES[-1] else [])
    assert page_sizes(pdfs[COMPLETE]) == expected
    assert expected[0] == A3_LANDSCAPE


@pytest.fixture(scope="session")
def a4_poster(project: Project):
    """The praatplaat on its smaller paper, laid out but not written: the tightest layout."""
    return render_document(project, project.kit("kort"), "praatplaat", brand=BRAND,
                           paper="a4-landscape")


def test_praatplaat_is_one_page_on_both_papers(pdfs: dict[str, bytes], a4_poster) -> None:
    assert len(reader(pdfs["praatplaat"]).pages) == 1
    assert len(a4_poster.pages) == 1
    page = a4_poster.pages[0]
    assert (round(page.width * 0.75, 2), round(page.height * 0.75, 2)) == A4_LANDSCAPE


def test_a_paper_the_sheet_is_not_made_for_is_refused(project: Project) -> None:
    with pytest.raises(ValueError, match="a4-portrait"):
        sheet_html(project, project.kit("kort"), "praatplaat", paper="a4-portrait")
    with pytest.raises(ValueError, match="no sheet"):
        sheet_type("poster")


def test_every_question_is_on_the_vragenblad_and_on_a_card(project: Project,
                                                            pdfs: dict[str, bytes]) -> None:
    questionnaire = pdf_text(pdfs["vragenblad"])
    cards = pdf_text(pdfs["kaarten"])
    for text in question_texts(project):
        assert squeezed(text) in questionnaire, text
        assert squeezed(text) in cards, text


def test_cards_carry_number_phase_kit_and_probes(pdfs: dict[str, bytes]) -> None:
    cards = pdf_text(pdfs["kaarten"])
    for needle in ("1.1", "3.1", "Openen", "Kort&goed", "Sinds wanneer is dat zo?"):
        assert squeezed(needle) in cards, needle


def test_author_text_is_escaped_not_interpreted(project: Project) -> None:
    html = sheet_html(project, project.kit("kort"), "vragenblad")
    assert "&lt;goed&gt;" in html
    assert "<goed>" not in html


def test_sheets_contain_their_parts(project: Project, pdfs: dict[str, bytes]) -> None:
    preparation = pdf_text(pdfs["voorbereiding"])
    for needle in ("Wat ging er goed de afgelopen weken?", "Agendapunten",
                   "Plan twintig minuten zonder storingen."):
        assert squeezed(needle) in preparation
    # the manager's preparation starts on a page of its own
    pages = [squeezed(page.extract_text()) for page in reader(pdfs["voorbereiding"]).pages]
    manager_page = next(i for i, text in enumerate(pages) if squeezed("Plan twintig") in text)
    assert manager_page >= 1 and squeezed("Agendapunten") not in pages[manager_page]
    poster = pdf_text(pdfs["praatplaat"])
    for needle in ("Openen", "Verdiepen", ORGANISATION, "Hoe gaat het echt met je?"):
        assert squeezed(needle) in poster, needle
    # the plate is for preparation: the closing phase and its closing question stay off
    assert squeezed("Wat neem je mee uit dit gesprek?") not in poster


def test_nothing_overflows_its_card_or_zone(project: Project, a4_poster) -> None:
    assert overflows(a4_poster) == []
    assert overflows(render_document(project, project.kit("kort"), "kaarten", brand=BRAND)) == []


def test_an_over_long_question_continues_over_cards_not_silently_cut(tmp_path: Path) -> None:
    """A question no card can hold is continued over numbered cards (sheets/deck.py), never
    clipped: every word of it is in the deck's text."""
    wordy = "Hoe kijk je terug op de afgelopen periode, en wat heeft je het meest geraakt? " * 30
    kit = re.sub(r"(?s)phases:.*?tips:", "phases:\n  - title: Openen\n    questions:\n"
                 f"      - text: {wordy.strip()}\ntips:", KIT)
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "wordy.yml").write_text(kit, encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    pdf = render_document(project, project.kit("wordy"), "kaarten").write_pdf()
    text = " ".join(page.extract_text() for page in reader(pdf).pages)
    words = " ".join(text.split())
    assert words.count("geraakt?") == 30 and words.count("afgelopen") == 30, words
    assert re.search(r"1\.1\s*·\s*1\s*/\s*\d", text), text[:400]


def test_the_registry_does_not_load_weasyprint() -> None:
    code = ("import sys, build_tools.sheets as s; s.SHEET_TYPES; "
            "assert 'weasyprint' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


# --- PDF properties ---------------------------------------------------------------------------

def _fonts(data: bytes):
    for page in reader(data).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


@pytest.mark.parametrize("name", [sheet.name for sheet in SHEET_TYPES])
def test_fonts_are_embedded_inter(pdfs: dict[str, bytes], name: str) -> None:
    fonts = list(_fonts(pdfs[name]))
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
        assert "Inter" in str(font["/BaseFont"])


@pytest.mark.parametrize("name", [sheet.name for sheet in SHEET_TYPES])
def test_no_text_is_smaller_than_9pt(pdfs: dict[str, bytes], name: str) -> None:
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            sizes.append((abs(size * (tm[3] or 1) * (cm[3] or 1)), text.strip()))

    for page in reader(pdfs[name]).pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes)[0] >= 8.95, min(sizes)


def test_follow_up_is_a_form_with_named_fields(pdfs: dict[str, bytes]) -> None:
    fields = reader(pdfs["vervolgafspraken"]).get_fields()
    expected = ["datum", "deelnemers", "samenvatting", "steun_toelichting", "volgend_gesprek"]
    expected += [f"{part}_{who}" for part in ("naam", "datum") for who in SIGNERS]
    expected += [f"afspraak_{n}_{part}" for n in range(1, 6) for part in ("wat", "wie", "wanneer")]
    for name in expected:
        assert fields[name]["/FT"] == "/Tx", name
    for who in SIGNERS:
        assert fields[f"handtekening_{who}"]["/FT"] == "/Sig"
        expected.append(f"handtekening_{who}")
    assert fields["steun_1"]["/FT"] == fields["steun_2"]["/FT"] == "/Btn"
    # every field has a human-readable name from its label or title
    assert fields["datum"]["/TU"] == "Datum"
    assert fields["afspraak_2_wie"]["/TU"] == "Afspraak 2: Wie"
    assert fields["steun_1"]["/TU"] == "Tijd voor een opleiding"
    # the combined document keeps the form
    assert set(expected) <= set(reader(pdfs[COMPLETE]).get_fields())


SIGNERS = ("medewerker", "leidinggevende")
MM = 72 / 25.4


def test_follow_up_fields_stand_on_their_own(pdfs: dict[str, bytes]) -> None:
    """No viewer has to guess: every widget has an appearance and a normal rectangle; the
    agreements are multi-line with text that shrinks to fit; each signature area is >= 20 mm."""
    pdf = reader(pdfs["vervolgafspraken"])
    assert "/NeedAppearances" not in pdf.trailer["/Root"]["/AcroForm"]
    widgets = [annot.get_object() for page in pdf.pages for annot in page.get("/Annots", [])]
    assert len(widgets) >= 27
    for widget in widgets:
        x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
        assert x1 < x2 and y1 < y2, widget["/T"]
        assert "/N" in widget["/AP"], widget["/T"]
        if widget["/FT"] == "/Btn":
            assert {"/on", "/Off"} <= set(widget["/AP"]["/N"]), widget["/T"]
    fields = pdf.get_fields()
    what = next(w for w in widgets if w["/T"] == "afspraak_1_wat")
    assert int(what["/Ff"]) & (1 << 12) and b" 0 Tf" in what["/DA"].encode()
    for who in SIGNERS:
        signature = next(w for w in widgets if w["/T"] == f"handtekening_{who}")
        assert float(signature["/Rect"][3]) - float(signature["/Rect"][1]) >= 20 * MM
        assert fields[f"naam_{who}"]["/TU"].endswith("Naam")
    # the brand's confidentiality line is on every page, not only under the last field
    text = [squeezed(page.extract_text()) for page in pdf.pages]
    assert all(squeezed(CONFIDENTIAL) in page for page in text)


def test_a_form_without_follow_up_has_no_date_and_no_manager_advice(tmp_path: Path) -> None:
    kit = KIT.replace("  next: Over zes weken.", "  next_conversation: false\n"
                      "  next: Bel na drie maanden gerust eens.")
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "exit.yml").write_text(kit, encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    form = render_sheet(project, project.kit("exit"), "vervolgafspraken")
    assert "volgend_gesprek" not in reader(form).get_fields()
    assert squeezed("Bel na drie maanden") not in pdf_text(form)
    # the advice is the manager's: on their preparation
    preparation = render_sheet(project, project.kit("exit"), "voorbereiding")
    assert squeezed("Bel na drie maanden") in pdf_text(preparation)


def test_the_sheets_to_fill_in_are_forms(pdfs: dict[str, bytes]) -> None:
    for name in ("vragenblad", "kaarten"):
        assert not reader(pdfs[name]).get_fields(), name
    for name in ("praatplaat", "voorbereiding", "vervolgafspraken"):
        assert reader(pdfs[name]).get_fields(), name
    # in the combined document each full field name is used once
    combined = reader(pdfs[COMPLETE]).get_fields()
    assert {"name", "name-2", "previous-1_agreement", "previous-1_agreement-2"} <= set(combined)


def _widgets(data: bytes) -> dict[str, Any]:
    """Widgets by field name (a radio button by its group's: the last of the group)."""
    widgets = [annot.get_object() for page in reader(data).pages for annot in page.get("/Annots", [])
               if annot.get_object().get("/Subtype") == "/Widget"]
    return {str(widget["/T"] if "/T" in widget else widget["/Parent"]["/T"]): widget
            for widget in widgets}


@pytest.mark.parametrize("name", ["praatplaat", "voorbereiding"])
def test_fillable_preparation_fields(project: Project, pdfs: dict[str, bytes], name: str) -> None:
    """Every answer area a named, labelled, multi-line field with an appearance over the drawn
    area; last time's agreements with a check box per status."""
    fields = reader(pdfs[name]).get_fields()
    widgets = _widgets(pdfs[name])
    assert set(widgets) == set(fields)
    expected = ["name", "date"] + [f"previous-{n}_agreement" for n in (1, 2, 3)]
    if name == "praatplaat":
        expected += ["extra", "phase-1_question-1"]
        assert fields["phase-1_question-1"]["/TU"] == "Hoe gaat het echt met je?"
        # the focal scale: one radio button per step, circled when chosen
        scale = fields["phase-1_question-2"]
        assert scale["/FT"] == "/Btn" and len(scale["/Kids"]) == 10
        assert scale["/TU"] == "Welk cijfer geef je je werkplezier?"
    else:
        expected += ["prompt-1", "prompt-2", "manager-notes", "agenda-1_topic"]
        assert fields["prompt-2"]["/TU"] == "Waar liep je tegenaan?"
        assert fields["manager-step-1"]["/TU"] == "Lees de afspraken van vorige keer terug."
        # fields grow with the ruled lines they lie on (render.py fills every page): the
        # prompts from 5 lines, the employee's notes overleaf from 2 lines to the foot
        def height(field: str) -> float:
            rect = [float(value) for value in widgets[field]["/Rect"]]
            return rect[3] - rect[1]
        assert height("prompt-1") > 6 * 9 * MM and height("notes") > 10 * 9 * MM
    for field in expected:
        assert fields[field]["/FT"] == "/Tx", field
    for field in expected[2:]:
        assert int(fields[field]["/Ff"]) & (1 << 12), f"{field} is multi-line"
    for n in (1, 2, 3):
        for status, label in (("done", "Gedaan"), ("ongoing", "Loopt nog"), ("dropped", "Vervallen")):
            tick = fields[f"previous-{n}_{status}"]
            assert tick["/FT"] == "/Btn" and tick["/TU"] == f"Afspraak {n} van de vorige keer: {label}"
    for title, widget in widgets.items():
        assert str(widget.get("/TU", "")).strip(), f"{title} has no tooltip"
        x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
        assert x1 < x2 and y1 < y2, title
        assert "/N" in widget["/AP"], title


def test_continuity_and_private_notes_on_paper(pdfs: dict[str, bytes]) -> None:
    """A recurring kit starts with last time's agreements; the question sheet keeps private
    notes apart; the shared follow-up form ends with what to bring and holds nothing private."""
    for name in ("voorbereiding", "praatplaat"):
        text = pdf_text(pdfs[name])
        for label in ("Afspraken van de vorige keer", "Gedaan", "Loopt nog", "Vervallen"):
            assert squeezed(label) in text, (name, label)
    assert squeezed("Alleen voor jou") in pdf_text(pdfs["vragenblad"])
    follow_up = pdf_text(pdfs["vervolgafspraken"])
    assert squeezed("Meenemen naar het volgende gesprek") in follow_up
    assert squeezed("Alleen voor jou").lower() not in follow_up.lower()
    assert "meenemen_1" in reader(pdfs["vervolgafspraken"]).get_fields()


def test_no_qr_code_or_link_without_a_site_url(project: Project, pdfs: dict[str, bytes]) -> None:
    for name, data in pdfs.items():
        links = [annot.get_object() for page in reader(data).pages
                 for annot in page.get("/Annots", [])
                 if annot.get_object().get("/Subtype") == "/Link"]
        assert not links, name
    assert "gesprekken/kort" not in pdf_text(pdfs["vragenblad"])
    assert "guide-qr" not in sheet_html(project, project.kit("kort"), "vragenblad")


@pytest.mark.parametrize("name", [sheet.name for sheet in SHEET_TYPES] + [COMPLETE])
def test_metadata(pdfs: dict[str, bytes], name: str) -> None:
    pdf = reader(pdfs[name])
    label = {"praatplaat": "Praatplaat", "vragenblad": "Vragenblad",
             "voorbereiding": "Voorbereiding", "vervolgafspraken": "Vervolgafspraken",
             "kaarten": "Gesprekskaarten", COMPLETE: "Alle werkbladen"}[name]
    assert pdf.metadata.title == f"Kort & goed – {label}"
    assert pdf.metadata.author == ORGANISATION
    assert pdf.metadata.subject.startswith("Een korte check-in over werkplezier")
    assert pdf.trailer["/Root"]["/Lang"] == "nl"
    assert "/CreationDate" not in pdf.metadata and "/ModDate" not in pdf.metadata
    # tagged: a structure tree and the Marked flag
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    # a PDF reader shows the document title, not the file name
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_same_input_gives_the_same_bytes(project: Project, pdfs: dict[str, bytes]) -> None:
    again = render_sheet(project, project.kit("kort"), "vragenblad", language="nl", brand=BRAND)
    assert again == pdfs["vragenblad"]
    assert reader(again).trailer["/ID"][0] == reader(pdfs["vragenblad"]).trailer["/ID"][0]


def test_brand_colours_reach_the_stylesheet(project: Project) -> None:
    """A readable brand colour reaches the sheets as it is (a pale one is darkened:
    test_print_review.py)."""
    html = sheet_html(project, project.kit("kort"), "kaarten",
                      brand=Brand(primary="#123456", accent="#7a2e8f"))
    assert "--gk-primary: #123456;" in html and "--gk-accent: #7a2e8f;" in html
    with pytest.raises(ValueError, match="colour"):
        sheet_html(project, project.kit("kort"), "kaarten",
                   brand=Brand(primary="red; } body { display: none"))


def test_parsed_stylesheets_lay_a_sheet_out_as_its_links_would(project: Project) -> None:
    """render_document hands WeasyPrint the stylesheets parsed, as user stylesheets: the cascade,
    and so the PDF, must stay what the document's <link> and <style> give."""
    import weasyprint

    from build_tools.sheets import render

    kit = project.kit("kort")
    for name in ("kaarten", "vragenblad"):
        linked = weasyprint.HTML(string=sheet_html(project, kit, name, brand=BRAND),
                                 base_url=render.BASE_URL,
                                 url_fetcher=render.fetcher_for(project, kit)).render(
            font_config=render._font_config(BRAND), **render.PDF_OPTIONS)
        parsed = render.render_document(project, kit, name, brand=BRAND)
        if name == "vragenblad":   # what _fit_by_density does after layout
            render.fill_pages(linked)
            render.fit_answer_fields(linked)
        assert render.write_sheet(parsed, kit, name, "nl") == \
            render.write_sheet(linked, kit, name, "nl"), name


# --- what a sheet may load ----------------------------------------------------------------------

@pytest.fixture
def fetcher(tmp_path: Path) -> ProjectFetcher:
    (tmp_path / "project").mkdir()
    return ProjectFetcher([PACKAGE_ROOT, tmp_path / "project"], "kits/kort.yml")


def test_fetcher_serves_package_and_project_files(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    font = PACKAGE_ROOT / "assets" / "fonts" / "Inter-Regular.otf"
    response = fetcher.fetch(font.as_uri())
    assert response.read() == font.read_bytes()
    logo = tmp_path / "project" / "logo.svg"
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert fetcher.fetch(logo.as_uri()).content_type == "image/svg+xml"


@pytest.mark.parametrize("url", ["http://example.org/logo.png", "https://example.org/x.css",
                                 "data:text/css,body{}", "ftp://example.org/a"])
def test_fetcher_refuses_other_schemes(fetcher: ProjectFetcher, url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        fetcher.fetch(url)
    assert url in str(refused.value) and "kits/kort.yml" in str(refused.value)


def test_fetcher_refuses_paths_outside_the_roots(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    for url in (outside.as_uri(), (tmp_path / "project").as_uri() + "/../secret.txt",
                (tmp_path / "project").as_uri() + "/%2e%2e/secret.txt", "file:///etc/passwd"):
        with pytest.raises(FetchRefused, match="outside"):
            fetcher.fetch(url)


def test_fetcher_refuses_symlinks_leaving_the_roots(fetcher: ProjectFetcher,
                                                   tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    link = tmp_path / "project" / "logo.png"
    link.symlink_to(outside)
    with pytest.raises(FetchRefused, match="outside"):
        fetcher.fetch(link.as_uri())
    (tmp_path / "project" / "dir").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(FetchRefused, match="outside"):
        fetcher.fetch((tmp_path / "project" / "dir" / "secret.txt").as_uri())


def test_fetcher_refuses_devices_missing_and_large_files(tmp_path: Path) -> None:
    fetcher = ProjectFetcher([tmp_path, Path("/dev")], "kits/kort.yml", max_bytes=10)
    with pytest.raises(FetchRefused, match="regular file"):
        fetcher.fetch("file:///dev/zero")
    with pytest.raises(FetchRefused, match="does not exist"):
        fetcher.fetch((tmp_path / "missing.css").as_uri())
    big = tmp_path / "big.css"
    big.write_bytes(b"x" * 11)
    with pytest.raises(FetchRefused, match="larger"):
        fetcher.fetch(big.as_uri())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fetcher_never_waits_on_a_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.css")
    fetcher = ProjectFetcher([tmp_path], "kits/kort.yml")
    with pytest.raises(FetchRefused, match="regular file"):
        fetcher.fetch((tmp_path / "pipe.css").as_uri())


def test_a_logo_outside_the_project_stops_the_rendering(project: Project,
                                                       tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    with pytest.raises(FetchRefused) as refused:
        render_sheet(project, project.kit("kort"), "vragenblad", brand=Brand(logo=logo))
    assert logo.as_uri() in str(refused.value) and "kits/kort.yml" in str(refused.value)
