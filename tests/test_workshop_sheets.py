"""The workshop PDFs (issue 19): every sheet of both example workshops in nl and en, as the
example build publishes them; what each sheet must hold, and what it must never show."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.loader import ProjectSettings, load_project
from build_tools.workshop_model import Workshop
from build_tools.workshop_sheets.registry import SLIDE, WORKSHOP_SHEETS
from build_tools.workshop_sheets.render import available_sheets, sheet_html

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ["het-goede-gesprek-voeren", "temperatuurgesprekken-oefenen"]
LANGUAGES = ["nl", "en"]


@pytest.fixture(scope="module")
def project():
    return load_project(ProjectSettings(REPO_ROOT, languages=()))


def _pdf(site: Path, workshop: str, sheet: str, language: str) -> Path:
    folder = site / "downloads" / ("" if language == "nl" else language)
    return folder / workshop / f"{workshop}-{sheet}.pdf"


def _text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)


def _private_texts(project, workshop_id: str, language: str) -> list[tuple[str, str]]:
    context = project.settings.context(language)
    workshop = project.workshop(workshop_id)
    return [(context.text(role.name), context.text(role.private))
            for item in workshop.role_plays() for role in item.block.role_play.roles]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_sheet_of_both_workshops_is_published_tagged_with_fonts_embedded(
        example_site: Path, project) -> None:
    for workshop in WORKSHOPS:
        sheets = [sheet.name for sheet in available_sheets(project, project.workshop(workshop))]
        assert sheets == [sheet.name for sheet in WORKSHOP_SHEETS], workshop
        for language in LANGUAGES:
            title = project.settings.context(language).text(project.workshop(workshop).document.title)
            for sheet in sheets:
                path = _pdf(example_site, workshop, sheet, language)
                pdf = PdfReader(path)
                root = pdf.trailer["/Root"]
                assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path
                assert root["/Lang"] == language
                assert pdf.metadata.title.startswith(title), path
                for page in pdf.pages:
                    fonts = page["/Resources"].get_object().get("/Font", {}).get_object()
                    for font in fonts.values():
                        font = font.get_object()
                        for part in font.get("/DescendantFonts", [font]):
                            descriptor = part.get_object()["/FontDescriptor"].get_object()
                            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
                # a true text layer: the title is there as text, punctuation included
                assert _squeezed(title) in _squeezed(_text(path)), path


def test_slides_are_16_to_9(example_site: Path) -> None:
    for workshop in WORKSHOPS:
        pdf = PdfReader(_pdf(example_site, workshop, "slides", "nl"))
        assert len(pdf.pages) > 5
        for page in pdf.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert width / height == pytest.approx(16 / 9, abs=0.01)
            assert width == pytest.approx(SLIDE.width_mm / 25.4 * 72, abs=1)


def _card_cells(path: Path) -> dict[tuple[int, int], str]:
    """The text of each card of the role-card pages: (page, row) → text (two cards a page)."""
    cells: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(PdfReader(path).pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, width=width, height=height):
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            if text.strip() and 0 < x < width and 0 < y < height:
                cells.setdefault((number, int(y < height / 2)), []).append(text)
        page.extract_text(visitor_text=visit)
    return {key: _squeezed("".join(parts)) for key, parts in cells.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_roles_private_information_is_on_its_own_card_only(example_site: Path, project,
                                                             language: str) -> None:
    for workshop in WORKSHOPS:
        roles = _private_texts(project, workshop, language)
        assert len(roles) >= 2
        cells = _card_cells(_pdf(example_site, workshop, "role-cards", language))
        for name, private in roles:
            holding = [key for key, text in cells.items() if _squeezed(private) in text]
            assert len(holding) == 1, (name, holding)
            assert _squeezed(name) in cells[holding[0]]
            others = [other for other, _ in roles if other != name and other not in name]
            assert not any(_squeezed(other) in cells[holding[0]] for other in others)
        # and on no other sheet
        for sheet in ("facilitator-guide", "observer-sheet", "slides", "handout", "agenda"):
            text = _squeezed(_text(_pdf(example_site, workshop, sheet, language)))
            for name, private in roles:
                assert _squeezed(private) not in text, (sheet, name)


def test_observer_sheet_has_a_labelled_field_per_observation_point(example_site: Path,
                                                                  project) -> None:
    workshop = project.workshop(WORKSHOPS[0])
    points = sum(len(item.block.role_play.observation_points) for item in workshop.role_plays())
    fields = PdfReader(_pdf(example_site, WORKSHOPS[0], "observer-sheet", "nl")).get_fields()
    observations = [name for name in fields if name.startswith("observatie_")]
    assert len(observations) == points
    context = project.settings.context("nl")
    first = workshop.role_plays()[0].block.role_play.observation_points[0]
    assert fields["observatie_" + str(workshop.role_plays()[0].number) + "_1"]["/TU"] \
        == " ".join(context.text(first).split())


def _times(html: str, css_class: str) -> list[str]:
    return re.findall(rf'class="{css_class}">(\d\d:\d\d)<', html)


def test_agenda_times_follow_the_blocks(project) -> None:
    workshop = project.workshop(WORKSHOPS[1])
    html = sheet_html(project, workshop, "facilitator-guide", language="nl", start="13:30")
    before = _times(html, "agenda-table__time")
    assert before[0] == "13:30" and len(before) == len(workshop.document.blocks) + 1
    # one block five minutes longer: every later time moves five minutes, earlier ones stay
    document = workshop.document
    blocks = list(document.blocks)
    blocks[1] = blocks[1].model_copy(update={"minutes": blocks[1].minutes + 5})
    longer = Workshop(workshop.id, workshop.path, document.model_copy(
        update={"blocks": blocks, "duration": document.duration + 5}))
    for sheet, css_class in (("facilitator-guide", "agenda-table__time"),
                             ("agenda", "agenda__time")):
        after = _times(sheet_html(project, longer, sheet, language="nl", start="13:30"), css_class)
        assert after[:2] == before[:2]
        assert [_minutes(time) - 5 for time in after[2:]] == [_minutes(time) for time in before[2:]]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def test_the_command_line_sets_the_start_time(tmp_path: Path, project) -> None:
    from conftest import copy_example

    example = copy_example(tmp_path / "example")  # the command writes its caches there
    target = tmp_path / "agenda.pdf"
    finished = subprocess.run(
        [sys.executable, "-m", "build_tools", "workshop", WORKSHOPS[1], "--sheet", "agenda",
         "--start", "13:05", "--language", "en", "--project", str(example), "-o", str(target)],
        capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    text = _text(target)
    end = 13 * 60 + 5 + project.workshop(WORKSHOPS[1]).document.duration
    assert f"13:05–{end // 60:02d}:{end % 60:02d}" in text
    assert "Practising check-ins" in text  # the English sheet
    wrong = subprocess.run(
        [sys.executable, "-m", "build_tools", "workshop", WORKSHOPS[1], "--start", "1:5",
         "--project", str(example)], capture_output=True, text=True, check=False)
    assert wrong.returncode == 2 and "HH:MM" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_workshop_page_links_its_pdfs(example_site: Path) -> None:
    for workshop in WORKSHOPS:
        page = next(path for path in example_site.rglob(f"{workshop}.html")
                    if "/en/" not in path.as_posix())
        html = page.read_text(encoding="utf-8")
        for sheet in WORKSHOP_SHEETS:
            assert f"{workshop}-{sheet.name}.pdf" in html, (page, sheet.name)
