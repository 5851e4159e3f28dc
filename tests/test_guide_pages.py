"""Guide pages from content/: what the allow-list keeps, what it removes, escaped front matter."""

from __future__ import annotations

from pathlib import Path

import markdown
from PIL import Image
from click.testing import CliRunner

from build_tools.characters import FORBIDDEN
from build_tools.cli import main
from build_tools.site.guide_pages import (escape_front_matter, sanitize_guide_page,
                                          title_from_html)
from conftest import SITE_MKDOCS_YML, TinyProject

EXTENSIONS = ["admonition", "def_list", "attr_list", "tables", "toc"]


def page(text: str, uri: str = "voor-hr/pagina.md") -> str:
    return sanitize_guide_page(markdown.markdown(text, extensions=EXTENSIONS), uri)


def test_the_allow_list_keeps_what_guide_pages_use() -> None:
    html = page('# Titel\n\n## Kop\n\n!!! tip "Let op"\n    Tekst.\n\n'
                "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
                "Term\n:   Uitleg\n\n> Citaat\n\n    code\n\n---\n\n"
                "<details open><summary>Meer</summary>Uitleg</details>\n\n"
                "[intern](../index.md#kop) [extern](https://example.org) [mail](mailto:hr@x.nl)\n\n"
                "![logo](../img/logo.png)")
    for kept in ('<h1 id="titel">', '<h2 id="kop">', '<div class="admonition tip">',
                 '<p class="admonition-title">', '<th class="gk-align-left">',
                 '<td class="gk-align-right">', "<dl>", "<dd>", "<blockquote>", "<pre><code>",
                 "<hr>", "<details open", "<summary>", 'href="../index.md#kop"', 'href="https://example.org"',
                 'href="mailto:hr@x.nl"', 'src="../img/logo.png"'):
        assert kept in html, kept
    assert "style=" not in html


def test_nothing_that_runs_fetches_or_styles_survives() -> None:
    html = page('<script>alert(1)</script>\n\n<p onclick="alert(2)" style="color:red">x</p>\n\n'
                "[a](javascript:alert(3)) [b](vbscript:x) [c](data:text/html,x)\n\n"
                '<iframe src="https://evil.example/"></iframe>\n\n'
                "![r](https://evil.example/p.png) ![s](//evil.example/q.png) "
                "![t](data:image/png;base64,AAAA) ![u](../../buiten.png) ![v](/etc/x.png)\n\n"
                'Alinea\n{ onmouseover="alert(4)" style="x" class="md-header" }\n\n'
                '<div class="md-sidebar">z</div><h2 id="__search">k</h2>'
                '<img src="ok.png" width="100%" onerror="alert(5)">')
    for gone in ("<script", "alert(", "onclick", "javascript:", "vbscript:", "data:", "<iframe",
                 "evil.example", "buiten.png", "/etc/x.png", "style=", "md-header", "md-sidebar",
                 "__search", 'width="100%"'):
        assert gone not in html, gone
    assert 'src="ok.png"' in html


def test_front_matter_is_escaped_and_cannot_choose_a_template() -> None:
    meta = escape_front_matter({"title": "</title><script>x</script>", "hide": ["toc"],
                                "description": '"><b>', "template": "../../evil.html"})
    assert meta == {"title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;", "hide": ["toc"],
                    "description": "&quot;&gt;&lt;b&gt;"}


def test_the_title_comes_from_the_sanitised_heading() -> None:
    html = page("# Welkom <img src=x onerror=alert(1)> & \"meer\"\n\ntekst")
    assert title_from_html(html) == "Welkom &amp; &quot;meer&quot;"
    assert title_from_html(page("tekst\n\n# Later")) is None


def content_project(root: Path, files: dict[str, str], nav: bool = True) -> Path:
    project = TinyProject(root)
    project.write_kit("gesprek")
    for name, text in {"index.md": "# Welkom\n", **files}.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    config = SITE_MKDOCS_YML if nav else SITE_MKDOCS_YML.split("nav:")[0]
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def test_files_a_browser_could_run_are_refused_located(tmp_path: Path) -> None:
    root = content_project(tmp_path, {
        "evil.html": "<script>alert(1)</script>", "js/app.js": "alert(2)",
        "a\u202eb.md": "tekst", "fm.md": '---\ntitle: "x\\u202ey"\n---\ntekst\n',
        "nep.jpg": "geen plaatje"})
    Image.new("1", (30000, 30000)).save(root / "content" / "bom.png", optimize=True)
    (root / "content" / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 1 and not (root / "site").exists()
    for expected in ("content/evil.html:1: error: files of type '.html'",
                     "content/js/app.js:1: error: files of type '.js'",
                     "content/a\\u202eb.md:1: error: the file name",
                     "content/bom.png:1: error: the image 'bom.png' is larger than 50 megapixels",
                     "content/nep.jpg:1: error: the image 'nep.jpg' cannot be read",
                     "content/latin1.md:1:6: error: byte 0xE9 is not valid UTF-8"):
        assert expected in result.output, result.output
    assert not FORBIDDEN.search(result.output)


def test_svg_images_titles_from_names_and_folders_are_made_safe(tmp_path: Path) -> None:
    # Names with < > " are refused outright (they make bad zip entries); '&' and quotes are
    # not, and a title made from a name is still text, never markup.
    name = "R&amp;D 'x'"
    root = content_project(tmp_path, {
        "plaat.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(2)">'
                     '<script>alert(3)</script><rect width="5" height="5"/></svg>',
        f"{name}.md": "tekst zonder kop", f"{name}/pagina.md": "tekst"}, nav=False)
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    svg = (root / "site" / "plaat.svg").read_text(encoding="utf-8")
    assert "<rect" in svg and "alert" not in svg and "onload" not in svg
    index = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "R&amp;amp;D &#x27;x&#x27;" in index  # the page's and the folder's titles, as text
    page = next((root / "site").glob("R*.html")).read_text(encoding="utf-8")
    assert "<title>R&amp;amp;D &#x27;x&#x27; - " in page


def test_front_matter_that_is_not_yaml_is_a_located_error(tmp_path: Path) -> None:
    """Hostile finding: `---\\ntitle: [unclosed\\n---` was published as the page's text (MkDocs
    ignores front matter it cannot read). validate and the build both stop at its line."""
    root = content_project(tmp_path, {
        "kapot.md": "---\ntitle: [Onaf\n---\n\n# Kapot\n",
        "dubbel.md": "---\ntitle: Goed\nkop: a: b\n---\n\n# Dubbel\n",
        "lijn.md": "\n---\n\ntitle: [geen front matter\n---\n"})
    expected = ["content/dubbel.md:3: error: the front matter (between the '---' lines) is not "
                "valid YAML: mapping values are not allowed here",
                "content/kapot.md:2: error: the front matter (between the '---' lines) is not "
                "valid YAML: expected ',' or ']', but got '<stream end>'"]
    checked = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert [line for line in checked.output.splitlines() if ": error: " in line] == expected, \
        checked.output
    built = CliRunner().invoke(main, ["build", str(root)])
    assert built.exit_code == 1 and not (root / "site").exists()
    assert all(line in built.output for line in expected), built.output


def test_an_impossible_date_in_front_matter_is_reported_at_its_line(tmp_path: Path) -> None:
    """PyYAML raises a bare ValueError for `date: 2026-13-45`: no position, so it was reported
    at line 1. The date's own line it is, also in a list further down."""
    root = content_project(tmp_path, {
        "nieuws.md": "---\ntitle: Nieuws\ndescription: Wat er speelt\ndate: 2026-13-45\n---\n\n"
                     "# Nieuws\n",
        "agenda.md": "---\ntitle: Agenda\nmomenten:\n  - naam: Start\n    op: 2026-03-01\n"
                     "  - naam: Einde\n    op: 2027-02-30\n---\n\n# Agenda\n"})
    checked = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    errors = [line for line in checked.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/agenda.md:7: error: the front matter's 'op: 2027-02-30' is read as a date, but "
        "that date does not exist (day is out of range for month)",
        "content/nieuws.md:4: error: the front matter's 'date: 2026-13-45' is read as a date, but "
        "that date does not exist (month must be in 1..12)"], checked.output
    assert "put the value in quotes" in checked.output


def test_every_impossible_date_of_a_front_matter_is_reported(tmp_path: Path) -> None:
    """Only the first impossible date was reported; the author fixed it and met the next."""
    root = content_project(tmp_path, {
        "agenda.md": "---\ntitle: Agenda\nstart: 2026-13-01\nmomenten:\n  - op: 2027-02-30\n"
                     "  - op: 2027-03-01\n  - op: 2027-04-31\n---\n\n# Agenda\n"})
    checked = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    errors = [line.split(": error: ")[0] for line in checked.output.splitlines()
              if ": error: " in line]
    assert errors == ["content/agenda.md:3", "content/agenda.md:5", "content/agenda.md:7"], \
        checked.output


def test_front_matter_that_is_a_list_or_a_value_is_a_located_warning(tmp_path: Path) -> None:
    """MkDocs ignores front matter that is no mapping and shows it as the page's text; it was
    accepted without a word."""
    root = content_project(tmp_path, {
        "lijst.md": "---\n- title: Lijst\n---\n\n# Lijst\n",
        "waarde.md": "---\nWelkom op de gids\n---\n\n# Waarde\n",
        "goed.md": "---\ntitle: Goed\n---\n\n# Goed\n"})
    checked = CliRunner().invoke(main, ["validate", "-p", str(root)])
    # Warnings, which the project's `strict: true` makes stop the build.
    assert checked.exit_code == 1 and "Traceback" not in checked.output, checked.output
    assert ": error: " not in checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert [line.split(": warning: ")[0] for line in warnings] == \
        ["content/lijst.md:2", "content/waarde.md:2"], checked.output
    assert "is a list, not settings" in warnings[0] and "is a single value" in warnings[1]
    assert "2 warning(s), and strict mode" in checked.output
    from build_tools.plan import plan_for

    built = plan_for(root / "mkdocs.yml").warnings()  # the build counts them as validate does
    assert sorted(str(item.location.path.name) for item in built
                  if "front matter" in item.message) == ["lijst.md", "waarde.md"]


def test_a_title_or_description_that_is_a_list_or_mapping_is_a_located_warning(
        tmp_path: Path) -> None:
    """`title: [Een, lijst]` made the page's title "[Markup('Een'), Markup('lijst')]" and a
    mapping as description was published as "{'a': 1}", without a word."""
    root = content_project(tmp_path, {
        "titel.md": "---\ndate: 2026-02-28\ntitle: [Een, lijst]\ndescription:\n  a: 1\n---\n\n# T\n",
        "goed.md": "---\ntitle: 2026\ndescription: Gewoon\n---\n\n# Goed\n"})
    checked = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output, checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert [line.split(": warning: ")[0] for line in warnings] == \
        ["content/titel.md:3", "content/titel.md:4"], checked.output
    assert "'title' is a list, not a text" in warnings[0]
    assert "'description' is a mapping" in warnings[1]
    from build_tools.plan import plan_for

    built = plan_for(root / "mkdocs.yml").warnings()
    assert sum("not a text" in item.message for item in built) == 2


def test_the_handbook_refuses_front_matter_that_is_not_yaml(tmp_path: Path) -> None:
    import pytest

    from build_tools.handbook.content import GuidePageError, MarkdownSettings, render_guide_page

    page_file = tmp_path / "content" / "kapot.md"
    page_file.parent.mkdir()
    page_file.write_text("---\ntitle: Goed\nkop: a: b\n---\n\n# Kapot\n", encoding="utf-8")
    with pytest.raises(GuidePageError) as caught:
        render_guide_page(page_file, "kapot.md", MarkdownSettings(), tmp_path / "content")
    assert str(caught.value).startswith("content/kapot.md:3: error: the front matter"), caught.value
