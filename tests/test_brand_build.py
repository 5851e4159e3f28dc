"""A brand file styles the site and every PDF; the bundle is one reproducible, working zip."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from build_tools.brand import DEFAULT_BRAND
from build_tools.brand_index import BrandSite, brand_index_html
from build_tools.cli import main
from build_tools.rendering import LanguageContext
from conftest import REPO_ROOT


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def branded_project(site_project: Path) -> Path:
    shutil.copytree(REPO_ROOT / "brands" / "het-anker", site_project / "brands" / "het-anker")
    config = (site_project / "mkdocs.yml").read_text(encoding="utf-8")
    (site_project / "mkdocs.yml").write_text(config.replace("pdfs: false", "pdfs: true"),
                                             encoding="utf-8")
    return site_project


def test_brand_reaches_site_and_pdfs(site_project: Path) -> None:
    project = branded_project(site_project)
    result = run("build", str(project), "--brand", str(project / "brands/het-anker/_brand.yml"))
    assert result.exit_code == 0, result.output
    site = project / "site"
    css = (site / "assets/gesprekskit/brand/brand.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #16365c;" in css and 'font-family: "Lato"' in css
    assert (site / "assets/gesprekskit/brand/logo.svg").is_file()
    assert len(list((site / "assets/gesprekskit/brand/fonts").glob("*.ttf"))) == 4
    page = (site / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert "Testgids · Het Anker" in page and "assets/gesprekskit/brand/logo.svg" in page

    pdf = PdfReader(site / "downloads" / "check-in" / "check-in-vervolgafspraken.pdf")
    assert pdf.metadata.author == "Woonzorg Het Anker"
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Woonzorg Het Anker · Afdeling HR" in text
    assert "Vertrouwelijk. Bewaar dit formulier in het personeelsdossier." in text
    fonts = {str(font.get_object()["/BaseFont"]) for page in pdf.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("Lato" in name for name in fonts), fonts
    raw = (site / "downloads" / "check-in" / "check-in-praatplaat.pdf").read_bytes()
    assert b"/Subtype /Image" in raw or b"/Subtype /Form" in raw, "the logo is drawn"


def test_all_brands_build_one_site_each(site_project: Path) -> None:
    project = branded_project(site_project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("pdfs: true", "pdfs: false"), encoding="utf-8")
    result = run("build", str(project), "--all-brands")
    assert result.exit_code == 0, result.output
    default = (project / "site/default/assets/gesprekskit/brand/brand.css").read_text()
    anker = (project / "site/het-anker/assets/gesprekskit/brand/brand.css").read_text()
    assert "#1f5f5b" in default and "#16365c" in anker
    # What people bookmarked, site/index.html, still opens: a list of the brands' sites.
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert links == ["default/index.html", "het-anker/index.html"]
    assert "Woonzorg Het Anker" in index
    assert ">default<" not in index and ">Testgids<" in index  # the guide's name, no folder name
    assert all((project / "site" / link).is_file() for link in links)
    assert '<img class="brand-site__logo" src="het-anker/assets/gesprekskit/brand/logo.' in index
    assert "Brand 'het-anker': building into" in result.output


def test_bundle_is_reproducible_and_works_from_disk(site_project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert run("bundle", str(site_project), "-o", str(first)).exit_code == 0
    assert run("bundle", str(site_project), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(first) as archive:
        assert "index.html" in archive.namelist()
        archive.extractall(unpacked)
    for page in unpacked.rglob("*.html"):
        if page.name == "404.html":  # served by web servers at any depth: site-absolute links
            continue
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if not href.startswith(("http:", "https:", "mailto:", "data:")):
                assert (page.parent / href).resolve().exists(), f"{page.name}: {href}"


def test_bundle_never_replaces_a_file_it_did_not_make(site_project: Path, tmp_path: Path) -> None:
    precious = tmp_path / "notities.zip"
    precious.write_text("mijn eigen notities", encoding="utf-8")
    result = run("bundle", str(site_project), "-o", str(precious))
    assert result.exit_code == 2 and "left untouched" in result.output
    assert precious.read_text(encoding="utf-8") == "mijn eigen notities"


def test_without_a_brand_the_sheets_and_the_handbook_name_the_guide(site_project: Path) -> None:
    """Hostile finding: without a brand file, the sheets' footer and the handbook's cover
    said "Gesprekskit" instead of the guide's site_name (Testgids)."""
    sheet, handbook = site_project / "v.pdf", site_project / "h.pdf"
    assert run("pdf", "check-in", "-p", str(site_project), "-o", str(sheet)).exit_code == 0
    assert run("handbook", "-p", str(site_project), "-o", str(handbook)).exit_code == 0
    for path in (sheet, handbook):
        reader = PdfReader(path)
        text = reader.pages[0].extract_text()
        assert reader.metadata.author == "Testgids" and "Gesprekskit" not in text, text
    assert "Testgids" in PdfReader(sheet).pages[0].extract_text().splitlines()[-1]


def test_the_brand_index_names_each_brand_and_needs_nothing_from_elsewhere() -> None:
    """The index showed a brand without a name as its folder ('default'), unstyled."""
    sites = [BrandSite.of("default", DEFAULT_BRAND.for_guide({"nl": "Onze gids"}), "nl", "nl"),
             BrandSite.of("anker", replace(DEFAULT_BRAND, organisation="Het Anker", named=True,
                                           primary="#16365c"), "nl", "nl")]
    page = brand_index_html(sites, "Onze gids", LanguageContext("en", "en"))
    names = re.findall(r'<span class="brand-site__name">([^<]*)</span>', page)
    assert names == ["Onze gids", "Het Anker"]
    assert re.findall(r'href="([^"]+)"', page) == ["default/index.html", "anker/index.html"]
    assert "--brand-primary: #16365c" in page and "<style>" in page
    assert "Open the guide" in page and 'lang="en"' in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//|<link|@import|url\(', page)
