"""The handbook's anchors and links: unique ids across the whole handbook, each page once,
links in kit and tip texts that land on a chapter (never a file:// link) and references to
pages only the site has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.cli_project import open_project
from build_tools.loader import load_project

from conftest import cli

NAV = """\
nav:
  - Welkom: index.md
  - A: a.md
  - A/B: a/b.md
  - A-B: a-b.md
  - Welkom nog eens: index.md
  - Gesprekken: gesprekken/index.md
  - Tips: tips.md
  - Vragenbank: vragenbank.md
  - Jaarritme: jaarritme.md
"""

TIP = """\
schema: 1
title: Luister eerst
category: Tijdens het gesprek
body: >-
  Lees ook [de check-in](gesprekken/check-in.md), [de andere tip](#open-vragen) en
  [de vragenbank](vragenbank.md).
kits: [check-in]
"""


@pytest.fixture
def linked_project(site_project: Path) -> Path:
    """Pages whose readable anchors collide (`a/b.md`, `a-b.md` and a heading "B" on
    `a.md`), a page listed twice, kit and tip texts with links written for the site."""
    config = site_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("nav:")] + NAV, encoding="utf-8")
    content = site_project / "content"
    (content / "index.md").write_text(
        "# Welkom\n\nLees [B onder A](a/b.md), [A-B](a-b.md) en [de kop B](a.md#b).\n\n"
        "## Verder lezen\n\n- [Vragenbank](vragenbank.md): alle vragen.\n"
        "- [A](a.md): de eerste pagina.\n\nHet [Jaarritme](jaarritme.md) zegt wanneer.\n",
        encoding="utf-8")
    (content / "a.md").write_text("# A\n\n## B\n\nDe kop B van pagina A.\n", encoding="utf-8")
    (content / "a").mkdir()
    (content / "a" / "b.md").write_text("# B onder A\n\nPagina a/b.\n", encoding="utf-8")
    (content / "a-b.md").write_text("# A streepje B\n\nPagina a-b.\n", encoding="utf-8")
    kit = site_project / "kits" / "check-in.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace(
        "Een kort gesprek over hoe het gaat, voor iedere medewerker en leidinggevende.",
        "Een kort gesprek; zie [de tip](../tips.md#luisteren), [een andere kit](andere-kit.md),"
        " [tip op bestand](../tips/luisteren.md) en [het web](https://example.org/)."),
        encoding="utf-8")
    (site_project / "kits" / "tips" / "luisteren.yml").write_text(TIP, encoding="utf-8")
    return site_project


def _gathered(root: Path):  # type: ignore[no-untyped-def]
    from build_tools.handbook.content import gather_handbook
    from build_tools.handbook.source import HandbookSource
    from build_tools.site.pages import SiteLayout

    context = open_project(root)
    source = HandbookSource.from_config(context.guide.mkdocs_values(), context.languages,
                                        dict(context.options.languages), SiteLayout())
    return gather_handbook(load_project(context.settings), "nl", docs_dir=source.docs_dir,
                           nav=source.nav, languages=source.languages,
                           markdown=source.markdown, layout=source.layout)


def _ids(chapters: list) -> list[str]:  # type: ignore[type-arg]
    ids = [chapter.anchor for chapter in chapters if chapter.anchor]
    for chapter in chapters:
        if chapter.page is not None:
            ids += re.findall(r'\bid="([^"]+)"', str(chapter.page.body))
    return ids


def test_anchors_are_unique_across_the_handbook(linked_project: Path) -> None:
    chapters = _gathered(linked_project).chapters
    pages = {chapter.title: chapter for chapter in chapters if chapter.kind == "page"}
    anchors = [pages[title].anchor for title in ("A", "B onder A", "A streepje B")]
    ids = _ids(chapters)
    assert len(set(anchors)) == 3, anchors
    assert len(ids) == len(set(ids)), sorted(ids)
    welcome = str(pages["Welkom"].page.body)
    heading = re.search(r'<h2 id="([^"]+)">B</h2>', str(pages["A"].page.body)).group(1)
    targets = re.findall(r'href="#([^"]+)"', welcome)
    assert targets[:3] == [pages["B onder A"].anchor, pages["A streepje B"].anchor, heading]


def test_a_page_the_nav_lists_twice_is_one_chapter(linked_project: Path) -> None:
    titles = [chapter.title for chapter in _gathered(linked_project).chapters]
    assert titles.count("Welkom") == 1, titles
    assert titles.index("Welkom") == 0


def test_links_in_kit_and_tip_texts_land_on_chapters(linked_project: Path) -> None:
    from build_tools.handbook.links import tip_anchor

    linker = _gathered(linked_project).linker
    kit_page, tips_page = "gesprekken/check-in.md", "tips.md"
    assert linker.target("../tips.md#luisteren", kit_page) == "#" + tip_anchor("luisteren")
    assert linker.target("../tips/luisteren.md", kit_page) == "#" + tip_anchor("luisteren")
    assert linker.target("andere-kit.md", kit_page) is None  # no such kit: plain text
    assert linker.target("check-in.md", kit_page) == "#kit-check-in"
    assert linker.target("gesprekken/check-in.md", tips_page) == "#kit-check-in"
    assert linker.target("file:///etc/passwd", kit_page) is None
    assert linker.target("https://example.org/", kit_page) == "https://example.org/"
    html = linker.relink('<p><a href="andere-kit.md">een kit</a> en <a href="#tip-luisteren">'
                         'tip 1</a></p>', kit_page, "alleen online", keep_own=True)
    assert html == '<p>een kit en <a href="#tip-luisteren">tip 1</a></p>'


def test_references_to_pages_only_the_site_has_are_dropped_or_marked(linked_project: Path
                                                                     ) -> None:
    chapters = _gathered(linked_project).chapters
    welcome = str(chapters[0].page.body)
    assert "Vragenbank" not in welcome  # the list item that sent the reader there is gone
    assert "de eerste pagina" in welcome  # the item about a chapter of the handbook stays
    assert re.search(r'Jaarritme <span class="online-only">\(alleen online\)</span>', welcome)
    assert "jaarritme.md" not in welcome and "href" not in welcome.split("Jaarritme")[1]


@pytest.mark.slow
def test_the_printed_handbook_has_no_file_links_and_right_targets(linked_project: Path) -> None:
    target = linked_project.parent / "handboek.pdf"
    finished = cli("handbook", "-o", str(target), "--project", str(linked_project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    reader = PdfReader(target)
    destinations = reader.named_destinations
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    uris, internal = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif "/Dest" in annotation:
                internal.append(str(annotation["/Dest"]))
    assert not [uri for uri in uris if not uri.startswith(("https:", "http:", "mailto:"))], uris
    assert "https://example.org/" in uris
    assert "kit-check-in" in internal and "tip-luisteren" in internal
    for name in ("page-a-b", "page-a-b-2"):  # two pages, each its own destination
        assert name in destinations
    places = {(reader.get_destination_page_number(destinations[name]), destinations[name].top)
              for name in ("page-a-b", "page-a-b-2")}
    assert len(places) == 2  # two places (short pages may share a sheet)
    for name, title in (("page-a-b", "B onder A"), ("page-a-b-2", "A streepje B")):
        assert title in texts[reader.get_destination_page_number(destinations[name])]
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert bookmarks.count("Welkom") == 1, bookmarks
    contents = texts[1]
    assert contents.count("Welkom") == 1, contents
