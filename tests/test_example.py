"""The example guide end to end: every kit's pages and PDFs, in Dutch and English."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.i18n import translator
from build_tools.loader import ProjectSettings, load_project
from build_tools.rendering import LanguageContext
from build_tools.text import plain_text
from conftest import REPO_ROOT

SHEETS = ("praatplaat", "vragenblad", "voorbereiding", "vervolgafspraken", "kaarten", "compleet")
A3_LANDSCAPE = (1190.55, 841.89)
A4_PORTRAIT = (595.28, 841.89)


@pytest.fixture(scope="module")
def project():
    return load_project(ProjectSettings(REPO_ROOT))


def squeeze(text: str) -> str:
    """Text without white space and hyphens: line breaks and hyphenation do not count."""
    return re.sub(r"[\s\-\u00ad‐]+", "", text).lower()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def test_example_is_complete(project) -> None:
    assert len(project.kits) >= 8 and len(project.tips) >= 15
    for kit in project.kits:
        assert len(kit.document.phases) >= 3, kit.id
        assert len(kit.questions()) >= 12, kit.id
        assert project.tips_of(kit), kit.id
        document = kit.document
        assert document.preparation.manager and document.preparation.employee
        assert document.when.triggers and document.follow_up.agreements


def test_example_builds_without_a_warning(example_build: tuple[Path, str]) -> None:
    """Every text of the example fits its card or zone, in both languages, and nothing falls
    back to another language: the build says only what it did."""
    _, output = example_build
    assert "does not fit" not in output and "WARNING" not in output, output
    # 144 sheets, 42 workshop PDFs, the wall planner and the handbook of each language.
    assert re.search(r"Built \d+ pages and 190 PDFs", output), output


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_kit_has_six_pdfs_linked_from_its_page(example_site: Path, project,
                                                     language: str) -> None:
    root = example_site if language == "nl" else example_site / "en"
    for kit in project.kits:
        page = root / "gesprekken" / f"{kit.id}.html"
        html = page.read_text(encoding="utf-8")
        for sheet in SHEETS:
            pdf = example_site / "downloads" / language / kit.id / f"{kit.id}-{sheet}.pdf"
            assert pdf.is_file(), pdf
            link = re.search(rf'href="([^"]*{kit.id}-{sheet}\.pdf)"', html)
            assert link, (kit.id, sheet)
            linked = (page.parent / link.group(1)).resolve()
            assert linked.read_bytes() == pdf.read_bytes(), (kit.id, sheet)
    # The Dutch paths of the printables stay where they were.
    for kit in project.kits:
        assert (example_site / "downloads" / kit.id / f"{kit.id}-vragenblad.pdf").is_file()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_pdfs_of_every_kit(example_site: Path, project, language: str) -> None:
    context = LanguageContext(language, "nl")
    for kit in project.kits:
        folder = example_site / "downloads" / language / kit.id
        plate = PdfReader(folder / f"{kit.id}-praatplaat.pdf")
        assert len(plate.pages) == 1
        box = plate.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A3_LANDSCAPE, abs=0.1)
        for sheet in ("vragenblad", "voorbereiding", "vervolgafspraken", "kaarten"):
            reader = PdfReader(folder / f"{kit.id}-{sheet}.pdf")
            for pdf_page in reader.pages:
                size = (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height))
                assert size == pytest.approx(A4_PORTRAIT, abs=0.1)
            assert reader.metadata.title.startswith(plain_text(context.text(kit.document.title)))
        cards = squeeze(pdf_text(folder / f"{kit.id}-kaarten.pdf"))
        sheet_text = squeeze(pdf_text(folder / f"{kit.id}-vragenblad.pdf"))
        for ref in kit.questions():
            question = squeeze(plain_text(context.text(ref.question.text)))
            assert question in sheet_text, (kit.id, ref.number, "vragenblad")
            assert question in cards, (kit.id, ref.number, "kaarten")
        # an instruction card and the questions, eight a page, every page of fronts with backs
        deck = len(kit.questions()) + 1
        deck += 1 if deck % 8 == 1 else 0
        assert len(PdfReader(folder / f"{kit.id}-kaarten.pdf").pages) == 2 * -(-deck // 8)
        form = PdfReader(folder / f"{kit.id}-vervolgafspraken.pdf").get_fields()
        assert {"datum", "deelnemers", "samenvatting", "afspraak_1_wat", "afspraak_1_wie",
                "afspraak_1_wanneer"} <= set(form)
        # a next-conversation date only where the kit has a follow-up conversation
        assert ("volgend_gesprek" in form) == kit.document.follow_up.next_conversation
        complete = PdfReader(folder / f"{kit.id}-compleet.pdf")
        # every sheet starts on an odd page: a blank back after a sheet with an odd page count
        counts = [len(PdfReader(folder / f"{kit.id}-{sheet}.pdf").pages) for sheet in SHEETS[:-1]]
        assert len(complete.pages) == sum(counts) + sum(n % 2 for n in counts[:-1])


def _differing_labels(first: str, second: str) -> set[str]:
    """Interface labels of `first` that are not also labels of `second` (words of 4+ letters)."""
    def values(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from values(value)
        elif isinstance(node, str):
            yield node
    mine = {value for value in values(translator(first).labels) if "{" not in value}
    theirs = set(values(translator(second).labels))
    # Each language's own name is shown in the language selector of both sites, by design.
    names = {translator(code).labels["language_name"] for code in (first, second)}
    # Words Dutch uses as English does ("Zet in je agenda"): not a label of the wrong language.
    shared = {"Agenda"}
    return {value for value in mine - theirs - names - shared
            if len(value) >= 4 and len(value.split()) <= 3}


@pytest.mark.parametrize(("language", "other"), [("en", "nl"), ("nl", "en")])
def test_no_interface_words_of_the_other_language(example_site: Path, language: str,
                                                  other: str) -> None:
    root = example_site / "en" if language == "en" else example_site
    foreign = _differing_labels(other, language)
    pages = [root / "index.html", root / "tips.html", root / "vragenbank.html",
             root / "jaarritme.html", *sorted((root / "gesprekken").glob("*.html"))]
    for page in pages:
        text = visible_text(page)
        found = {label for label in foreign if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)}
        assert not found, (page.name, found)
    for pdf in sorted((example_site / "downloads" / language).rglob("*-vervolgafspraken.pdf"))[:3]:
        text = pdf_text(pdf)
        found = {label for label in foreign if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)}
        assert not found, (pdf.name, found)


def test_two_builds_are_byte_identical(example_site: Path, tmp_path: Path) -> None:
    from build_tools.build import build_site

    from conftest import copy_example

    again = tmp_path / "site"
    build_site(copy_example(tmp_path / "project"), again, cache=False, jobs=2)

    def digests(root: Path) -> dict[str, str]:
        # Every PDF (the handbooks too: their pictures once took their names from the
        # project's folder) and every calendar file.
        return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                for pattern in ("*.pdf", "*.ics") for path in root.rglob(pattern)}

    first = digests(example_site)
    assert {"downloads/handbook-nl.pdf", "en/downloads/handbook-en.pdf"} <= set(first)
    assert digests(again) == first
