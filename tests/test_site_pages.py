"""What the generated pages say and in which order: tips sorted naturally or as the author
ordered them; every PDF on a kit page says what it is for and when to use it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from build_tools.cli import main


def tip(title: str, order: int | None = None) -> str:
    return (f"schema: 1\ntitle: {title}\ncategory: Versnellers\nbody: Tekst.\nkits: [check-in]\n"
            + (f"order: {order}\n" if order else ""))


def build(project: Path, pdfs: bool = False) -> None:
    if pdfs:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true"),
                          encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def tip_titles(project: Path) -> list[str]:
    page = (project / "site" / "tips.html").read_text(encoding="utf-8")
    return re.findall(r'<h3 id="[^"]+">([^<]+)</h3>', page)


def test_tips_are_sorted_naturally_and_by_the_author_s_order(site_project: Path) -> None:
    tips = site_project / "kits" / "tips"
    for name, title in (("a-twee", "Versneller 2"), ("b-een", "Versneller 1"),
                        ("c-tien", "Versneller 10"), ("d-drie", "versneller 3")):
        (tips / f"{name}.yml").write_text(tip(title), encoding="utf-8")
    build(site_project)
    assert tip_titles(site_project) == ["Versneller 1", "Versneller 2", "versneller 3",
                                        "Versneller 10"]
    (tips / "c-tien.yml").write_text(tip("Versneller 10", order=1), encoding="utf-8")
    build(site_project)
    assert tip_titles(site_project)[0] == "Versneller 10"


def test_every_pdf_on_a_kit_page_says_what_it_is_for(site_project: Path) -> None:
    build(site_project, pdfs=True)
    page = (site_project / "site" / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    uses = re.findall(r'<p class="gk-downloads__use">([^<]+)</p>', page)
    assert len(uses) == 6 and len(set(uses)) == 6
    assert "Een poster die de medewerker vooraf invult." in uses[0]
    assert any("training" in use for use in uses)


def test_titles_with_ampersands_and_quotes_are_escaped_once_in_materials_footer() -> None:
    """Material writes titles unescaped in the nav and through `| e` in the footer's aria-label:
    the escaped title Gesprekskit hands it must read the same in both (no `&amp;amp;`)."""
    from types import SimpleNamespace

    import jinja2
    import material

    from build_tools.site.guide_pages import escape_front_matter, title_from_html
    from build_tools.site.pages import GeneratedPage

    title = "Groei & 'ontwikkeling' <nu>"
    once = "Groei &amp; &#x27;ontwikkeling&#x27; &lt;nu&gt;"
    templates = Path(material.__file__).parent / "templates"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates))
    environment.filters["url"] = lambda url: url
    footer = environment.get_template("partials/footer.html")
    for escaped in (GeneratedPage("gesprekken/a.md", title, "kit").escaped_title,
                    escape_front_matter({"title": title})["title"],
                    title_from_html(f"<h1>{once}</h1>")):
        neighbour = SimpleNamespace(title=escaped, url="a.html")
        html = footer.render(
            features=["navigation.footer"], page=SimpleNamespace(
                previous_page=neighbour, next_page=neighbour, meta={}),
            lang=SimpleNamespace(t=lambda key: "Vorige" if "previous" in key else "Volgende"),
            config={"theme": {"icon": {}}, "extra": {}})
        assert f'aria-label="Vorige: {once}"' in html and f'aria-label="Volgende: {once}"' in html
        assert html.count(once) == 4 and "&amp;amp;" not in html


def test_a_guide_without_a_theme_builds_with_mkdocs_own_theme(site_project: Path) -> None:
    """mkdocs.yml without `theme:` gets MkDocs' default theme; the build stumbled on a Material
    option (the navigation's `features`) with a traceback."""
    config = site_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"theme:\n(  .*\n)+", "", text).replace("  - offline\n", "")
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(site_project), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    page = (site_project / "site" / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert "md-nav" not in page and "check-in" in page.lower()
