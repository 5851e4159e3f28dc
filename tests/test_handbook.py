"""The printed handbook: read back from the PDF the example build publishes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.cli_project import open_project
from build_tools.loader import load_project
from build_tools.site.pages import sorted_kits

from conftest import REPO_ROOT, cli

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def example_kits() -> list[tuple[str, str, str]]:
    """(kit id, Dutch title, first question) of every example kit, in the handbook's order."""
    project = load_project(open_project(REPO_ROOT).settings)
    context = project.settings.context("nl")
    return [(kit.id, context.text(kit.document.title),
             context.text(kit.questions()[0].question.text))
            for kit in sorted_kits(project, context)]


@pytest.fixture(scope="module")
def handbook(example_site: Path) -> PdfReader:
    return PdfReader(example_site / "downloads" / "handbook-nl.pdf")


def _page_text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


@pytest.mark.slow
def test_every_page_is_a4_portrait(handbook: PdfReader) -> None:
    for page in handbook.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1


@pytest.mark.slow
def test_outline_holds_every_kit_and_points_at_its_page(
        handbook: PdfReader, example_kits: list[tuple[str, str, str]]) -> None:
    top = {item.title: handbook.get_destination_page_number(item)
           for item in handbook.outline if not isinstance(item, list)}
    for _, title, _ in example_kits:
        assert title in top, f"no bookmark for {title}: {sorted(top)}"
        assert title in _page_text(handbook, top[title])
    assert any(isinstance(item, list) for item in handbook.outline), "no second level"


@pytest.mark.slow
def test_contents_page_numbers_are_right(handbook: PdfReader,
                                         example_kits: list[tuple[str, str, str]]) -> None:
    contents = _page_text(handbook, 1)
    assert contents.startswith("Inhoud") or "Inhoud" in contents
    for _, title, _ in example_kits:
        found = re.search(re.escape(title) + r"[ .]*?(\d+)(?!\d)", contents)
        assert found, f"{title} not in the contents: {contents[:400]}"
        page = int(found.group(1))
        text = _page_text(handbook, page - 1)
        assert title in text, f"the contents say {title} is on page {page}: {text[:200]}"


@pytest.mark.slow
def test_kit_text_tags_and_fonts(handbook: PdfReader,
                                 example_kits: list[tuple[str, str, str]]) -> None:
    everything = " ".join(" ".join(page.extract_text().split()) for page in handbook.pages)
    for _, _, question in example_kits:
        assert " ".join(question.split())[:40] in everything
    assert "/StructTreeRoot" in handbook.trailer["/Root"]
    assert handbook.trailer["/Root"]["/MarkInfo"]["/Marked"]
    for page in handbook.pages[:12]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"{font['/BaseFont']} is not embedded"


@pytest.mark.slow
def test_overview_offers_the_handbook_in_each_language(example_site: Path) -> None:
    for root, language in ((example_site, "nl"), (example_site / "en", "en")):
        overview = (root / "gesprekken" / "index.html").read_text(encoding="utf-8")
        link = f"../downloads/handbook-{language}.pdf"
        assert f'href="{link}"' in overview
        assert (root / "gesprekken" / link).resolve().is_file()


def test_handbook_command_on_a_small_english_project(site_project: Path) -> None:
    """One language (English only), one kit: the command writes it and refuses to overwrite
    a PDF it did not write."""
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: nl", "language: en")
                      .replace("pdfs: false", "pdfs: false\n      language: en"),
                      encoding="utf-8")
    target = site_project.parent / "guide.pdf"
    finished = cli("handbook", "-o", str(target), "--project", str(site_project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    reader = PdfReader(target)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) >= 3  # contents, the welcome page, the kit (and its conversations)
    other = site_project.parent / "mine.pdf"
    other.write_bytes(b"%PDF-1.4 not a Gesprekskit file")
    refused = cli("handbook", "-o", str(other), "--project", str(site_project))
    assert refused.returncode == 2 and other.read_bytes().startswith(b"%PDF-1.4 not")


def test_chapters_follow_the_nav_and_links_stay_inside(
        example_kits: list[tuple[str, str, str]]) -> None:
    """Built from the model, not the site: the guide's pages in nav order, the kits where the
    nav lists the conversations, the tips, then the HR section; links become page anchors."""
    from build_tools.handbook.content import gather_chapters
    from build_tools.handbook.source import HandbookSource
    from build_tools.site.pages import SiteLayout

    context = open_project(REPO_ROOT)
    project = load_project(context.settings)
    source = HandbookSource.from_config(context.guide.mkdocs_values(), context.languages,
                                        dict(context.options.languages), SiteLayout())
    chapters = gather_chapters(project, "nl", docs_dir=source.docs_dir, nav=source.nav,
                               languages=source.languages, markdown=source.markdown,
                               layout=source.layout)
    kinds = [chapter.kind for chapter in chapters]
    assert kinds[:4] == ["page", "page", "page", "kits_heading"]
    assert [chapter.kit.id for chapter in chapters if chapter.kit] == \
        [kit_id for kit_id, _, _ in example_kits]
    assert kinds.index("tips") < kinds.index("section") < len(kinds) - 1
    welcome = chapters[0].page.body
    assert 'href="#kits"' in welcome and ".md" not in welcome
    assert all(reference.file_name.endswith(".pdf") for chapter in chapters
               for reference in chapter.sheets)
