"""The handbook in parts: how chapters are cut, how tagged parts are joined, and that an edit
lays out only the part that changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader

from build_tools.handbook.content import Chapter
from build_tools.pdf_join import FOREIGN_ANCHOR, JoinedMetadata, PartFile, join_tagged_pdfs
from build_tools.handbook.parts import KITS_PER_PART, TIPS_PER_PART, split_into_parts

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _chapters(kits: int, tips: int, pages: int = 2) -> list[Chapter]:
    chapters = [Chapter("page", f"page-{index}", f"Pagina {index}") for index in range(pages)]
    chapters.append(Chapter("section", "", "Een kop in de inhoud"))
    chapters.append(Chapter("kits_heading", "kits", "Alle gesprekken"))
    chapters += [Chapter("kit", f"kit-{index}", f"Kit {index}") for index in range(kits)]
    chapters.append(Chapter("tips", "tips", "Tips", tips=list(range(tips))))  # type: ignore[arg-type]
    return chapters


def test_parts_hold_a_few_chapters_and_the_overview_stands_alone() -> None:
    parts = split_into_parts(_chapters(kits=KITS_PER_PART * 2 + 1, tips=TIPS_PER_PART + 1))
    assert [part.kind for part in parts] == ["front", "pages", "overview", "kits", "kits", "kits",
                                             "tips", "tips"]
    assert [len(part.chapters) for part in parts[3:6]] == [KITS_PER_PART, KITS_PER_PART, 1]
    assert all(chapter.kind != "section" for part in parts for chapter in part.chapters)
    assert [part.refers_to_pages for part in parts].count(True) == 2  # front and overview
    first, second = parts[6:]
    assert (first.tips_from, first.tips_to, first.continues) == (0, TIPS_PER_PART, "")
    assert (second.tips_from, second.tips_to, second.continues) == (
        TIPS_PER_PART, TIPS_PER_PART + 1, "Tips")


def _part(body: str, title: str) -> bytes:
    html = (f'<html lang="nl"><head><title>{title}</title><style>h1 {{ bookmark-level: 1 }} '
            f'h2 {{ bookmark-level: 2 }} section {{ break-before: page }}</style></head>'
            f'<body>{body}</body></html>')
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


@pytest.fixture
def joined(tmp_path: Path) -> Path:
    """Three parts: the second links into the third and back into the first, the third goes
    on with the second's chapter."""
    parts = {
        "een.pdf": _part('<h1 id="begin">Begin</h1><p>Eerste deel.</p>'
                         '<section><p>Tweede pagina, met een komma, en een punt.</p></section>',
                         "een"),
        "twee.pdf": _part(f'<h1 id="tips">Tips</h1><h2 id="tip-1">Tip één</h2>'
                          f'<p><a href="{FOREIGN_ANCHOR}tip-2">Naar tip twee</a> en '
                          f'<a href="#tip-1">hier</a> en <a href="{FOREIGN_ANCHOR}begin">terug</a>'
                          f' en <a href="https://example.org/">het web</a> en '
                          f'<a href="{FOREIGN_ANCHOR}kit-weg">een kit die er niet is</a>.</p>',
                          "twee"),
        "drie.pdf": _part('<h2 id="tip-2">Tip twee</h2><p>Laatste pagina.</p>', "drie"),
    }
    for name, content in parts.items():
        (tmp_path / name).write_bytes(content)
    target = tmp_path / "samen.pdf"
    join_tagged_pdfs([PartFile(tmp_path / "een.pdf"), PartFile(tmp_path / "twee.pdf"),
                      PartFile(tmp_path / "drie.pdf", continues=True)], target,
                     JoinedMetadata("Gids – Handboek", "Het Anker", "De hele gids", "nl",
                                    "Gesprekskit test", b"vast"))
    return target


def test_joined_pdf_is_clean_and_has_every_page_in_order(joined: Path) -> None:
    with pikepdf.Pdf.open(joined, attempt_recovery=False) as pdf:  # its xref as written
        assert pdf.check_pdf_syntax() == []  # qpdf finds no structural problem
        # Its own cross-reference stream only: none of the parts' came along.
        assert sum(1 for item in pdf.objects if isinstance(item, pikepdf.Stream)
                   and item.stream_dict.get("/Type") == "/XRef") == 1
    reader = PdfReader(joined)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(texts) == 4
    assert texts[1] == "Tweede pagina, met een komma, en een punt."
    assert texts[3] == "Tip twee Laatste pagina."
    assert reader.metadata.title == "Gids – Handboek" and reader.metadata.author == "Het Anker"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"]


def test_joined_structure_tree_is_one_document(joined: Path) -> None:
    reader = PdfReader(joined)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document_reference = root.raw_get("/K")[0]
    document = document_reference.get_object()
    assert document["/S"] == "/Document"
    pages = {page.indirect_reference.idnum for page in reader.pages}
    kinds: list[str] = []

    def walk(reference: object, parent: object) -> None:
        element = reference.get_object()
        kinds.append(element["/S"])
        assert element.raw_get("/P").idnum == parent.idnum
        if "/Pg" in element:
            assert element.raw_get("/Pg").idnum in pages
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "idnum") and kid.get_object().get("/Type") not in ("/OBJR", "/MCR"):
                walk(kid, reference)

    for kid in document.raw_get("/K"):
        walk(kid, document_reference)
    assert kinds.count("/H1") == 2 and kinds.count("/H2") == 2 and "/Link" in kinds
    nums = root["/ParentTree"]["/Nums"]
    keys = [nums[index] for index in range(0, len(nums), 2)]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert [page["/StructParents"] for page in reader.pages] == [0, 1, 2, 3]
    annotation_keys = [annotation.get_object()["/StructParent"] for page in reader.pages
                       for annotation in page.get("/Annots", [])]
    assert set(annotation_keys) <= set(keys) and min(annotation_keys) >= 4
    assert root["/ParentTreeNextKey"] > max(keys)


def test_links_between_parts_land_on_their_chapter(joined: Path) -> None:
    reader = PdfReader(joined)
    destinations = reader.named_destinations
    assert {"begin", "tips", "tip-1", "tip-2"} <= set(destinations)
    links = [annotation.get_object() for annotation in reader.pages[2].get("/Annots", [])]
    targets = {link["/Dest"]: reader.get_destination_page_number(destinations[link["/Dest"]])
               for link in links if "/Dest" in link}
    assert targets == {"tip-2": 3, "tip-1": 2, "begin": 0}  # not "kit-weg": no such chapter
    assert len(links) == 5 and sum("/Dest" not in link and "/A" not in link for link in links) == 1
    assert all(FOREIGN_ANCHOR not in str(link.get("/Contents", "")) for link in links)
    assert [link["/A"]["/URI"] for link in links if "/A" in link] == ["https://example.org/"]


def test_a_continuing_part_puts_its_bookmarks_under_the_chapter_it_continues(joined: Path
                                                                             ) -> None:
    outline = PdfReader(joined).outline
    titles = [item.title if not isinstance(item, list) else [sub.title for sub in item]
              for item in outline]
    assert titles == ["Begin", "Tips", ["Tip één", "Tip twee"]]


def test_joining_gives_the_same_bytes_in_every_process(joined: Path, tmp_path: Path) -> None:
    """pikepdf hands a dictionary's keys as a set, whose order changes with Python's string
    hashing from one process to the next: the joiner must not depend on it."""
    script = ("import sys; from pathlib import Path; from build_tools.pdf_join import *; "
              "folder = Path(sys.argv[1]); join_tagged_pdfs([PartFile(folder / 'een.pdf'), "
              "PartFile(folder / 'twee.pdf'), PartFile(folder / 'drie.pdf', continues=True)], "
              "folder / sys.argv[2], JoinedMetadata('Gids – Handboek', 'Het Anker', "
              "'De hele gids', 'nl', 'Gesprekskit test', b'vast'))")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path), f"seed-{seed}.pdf"],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed,
                                        "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
        assert (tmp_path / f"seed-{seed}.pdf").read_bytes() == joined.read_bytes()


@pytest.mark.slow
def test_editing_one_kit_lays_out_only_its_part(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from bench_build import make_project

    from build_tools.brand import DEFAULT_BRAND
    from build_tools.cli_export import _layout
    from build_tools.cli_project import open_project
    from build_tools.handbook import render
    from build_tools.loader import load_project

    root = tmp_path / "gids"
    make_project(root, KITS_PER_PART * 2)
    laid_out: list[str] = []
    lay_out = render._lay_out

    def counting(content: render.HandbookContent, html: str) -> object:
        laid_out.append(html)
        return lay_out(content, html)

    monkeypatch.setattr(render, "_lay_out", counting)

    def handbook(target: Path) -> PdfReader:
        context = open_project(root)
        source = render.HandbookSource.from_config(context.guide.mkdocs_values(),
                                                   context.languages,
                                                   dict(context.options.languages),
                                                   _layout(context))
        render.render_handbook_file(load_project(context.settings), "nl", DEFAULT_BRAND,
                                    source=source, target=target, parts_dir=tmp_path / "parts")
        return PdfReader(target)

    first = handbook(tmp_path / "eerst.pdf")
    assert len(laid_out) >= 8  # front and overview twice, pages, two runs of kits, tips
    kit = root / "kits" / "exitgesprek.yml"
    text = kit.read_text(encoding="utf-8")
    kit.write_text(text.replace("Een eerlijk gesprek", "Een open en eerlijk gesprek", 1),
                   encoding="utf-8")
    laid_out.clear()
    second = handbook(tmp_path / "daarna.pdf")
    kinds = ["front" if 'class="cover"' in html else "overview" if 'class="part"' in html
             else "kits" if "kit__kind" in html else "other" for html in laid_out]
    # The overview (which shows the summary) to learn its length and to print the numbers,
    # the edited kit's run once; the front's contents did not change: taken from the cache.
    assert sorted(kinds) == ["kits", "overview", "overview"], kinds
    assert "Een open en eerlijk gesprek" in laid_out[kinds.index("kits")]
    assert len(second.pages) == len(first.pages)
    text = " ".join(" ".join(page.extract_text().split()) for page in second.pages)
    assert "Een open en eerlijk gesprek" in text


def test_links_to_headings_keep_their_heading() -> None:
    """Heading ids carry their page's anchor in the handbook; links to them must too."""
    from build_tools.handbook.links import Anchors, Linker

    anchors = Anchors()
    for page in ("voor-hr/kitformaat.md", "index.md"):
        anchors.add_page(page)
    anchors.add_heading("voor-hr/kitformaat.md", "vragen")
    anchors.add_heading("index.md", "begin")
    linker = Linker(anchors)
    assert linker.target("#vragen", "voor-hr/kitformaat.md") == "#page-voor-hr-kitformaat-vragen"
    assert linker.target("../index.md#begin", "voor-hr/kitformaat.md") == "#page-index-begin"
    assert linker.target("../index.md", "voor-hr/kitformaat.md") == "#page-index"
    assert linker.target("#", "index.md") is None
