"""`gesprekskit export`: the exported folder builds with plain MkDocs into the same guide."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from build_tools.cli_project import open_project
from build_tools.loader import load_project

from conftest import REPO_ROOT, TinyProject, cli

_LINK = re.compile(r'\b(?:href|src)="([^"#?]+)[^"]*"')
#: What Material adds around the article that the plugin's HTML repairs change (not content).
_VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}


def _plain_mkdocs(config: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as someone without Gesprekskit runs it: this checkout is not on the path."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                          capture_output=True, text=True, check=False, env=environment,
                          cwd=config.parent)


def _export_and_build(project: Path, folder: Path, *args: str) -> str:
    finished = cli("export", str(folder), "--project", str(project), *args)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    configs = [folder / "mkdocs.yml"] + sorted(folder.glob("*/mkdocs.yml"))
    for config in configs:
        text = config.read_text(encoding="utf-8")
        assert "gesprekskit:" not in text and "build_tools" not in text
        built = _plain_mkdocs(config)
        assert built.returncode == 0, built.stdout + built.stderr
    return finished.stdout + finished.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, built_example_project: Path
             ) -> tuple[Path, str]:
    """The example exported (a copy of the session's example build, so its PDFs come from the
    cache that build filled) and built by plain MkDocs: (the built site, the export's output)."""
    base = tmp_path_factory.mktemp("export")
    project = shutil.copytree(built_example_project, base / "project")
    folder = base / "guide"
    output = _export_and_build(project, folder, "--jobs", "2")
    return folder / "site", output


class _Article(HTMLParser):
    """The elements, attributes and text inside one part of a page (by element and class), the
    export's wrapper left out: what the reader sees, whatever the whitespace."""

    def __init__(self, tag: str, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class = tag, css_class
        self.depth = 0
        self.items: list[object] = []
        self.wrappers: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: name if value is None else value for name, value in attrs}
        if self.depth == 0:
            if tag == self.tag and self.css_class in values.get("class", "").split():
                self.depth = 1
            return
        if tag in _VOID:
            self.items.append(("<", tag, sorted(values.items())))
            return
        self.depth += 1
        if tag == "div" and "gk-exported" in values.get("class", ""):
            self.wrappers.append(self.depth)
            return
        self.items.append(("<", tag, sorted(values.items())))

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in _VOID:
            return
        if self.wrappers and self.wrappers[-1] == self.depth:
            self.wrappers.pop()
        elif self.depth > 1:
            self.items.append((">", tag))
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.split():
            self.items.append(" ".join(data.split()))


def _part(page: Path, tag: str, css_class: str) -> list[object]:
    parser = _Article(tag, css_class)
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.items


def _title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    return found.group(1).strip() if found else ""


@pytest.mark.slow
def test_every_page_is_the_sites_page(exported: tuple[Path, str], example_site: Path) -> None:
    """Every page of the real build (kits, workshops, trigger page, written pages, both
    languages) exists in the export with the same content, title and navigation links."""
    site, _ = exported
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        relative = page.relative_to(example_site)
        if relative.name == "404.html":
            continue
        mine = site / relative
        assert mine.is_file(), relative
        assert _part(mine, "article", "md-content__inner") == \
            _part(page, "article", "md-content__inner"), relative
        assert _title(mine) == _title(page), relative
        nav = [item for item in _part(page, "nav", "md-nav--primary")
               if isinstance(item, tuple) and item[1] == "a"]
        assert [item for item in _part(mine, "nav", "md-nav--primary")
                if isinstance(item, tuple) and item[1] == "a"] == nav, relative
    project = load_project(open_project(REPO_ROOT).settings)
    assert project.workshops
    for root in (site, site / "en"):
        nav = (root / "index.html").read_text(encoding="utf-8")
        for workshop in project.workshops:  # the nav lists the workshops
            assert f'href="workshops/{workshop.id}.html"' in nav, workshop.id
        workshop = root / "workshops" / f"{project.workshops[0].id}.html"
        text = workshop.read_text(encoding="utf-8")
        section = re.search(r'<section[^>]*class="gk-downloads"[^>]*>(.*?)</section>', text, re.S)
        assert section and section.group(1).count('.pdf"') >= 2  # the list inside its section


@pytest.mark.slow
def test_search_and_every_file_link(exported: tuple[Path, str]) -> None:
    site, output = exported
    assert "Export (nl):" in output and "Export (en):" in output  # progress, as `build` shows
    project = load_project(open_project(REPO_ROOT).settings)
    for root, language in ((site, "nl"), (site / "en", "en")):
        context = project.settings.context(language)
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        searchable = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
        calendars = 0
        for kit in project.kits:
            question = context.text(kit.questions()[0].question.text)
            assert question.split("?")[0][:30] in searchable, (language, kit.id)
            page = (root / "gesprekken" / f"{kit.id}.html").read_text(encoding="utf-8")
            assert 'href="#downloads"' in page  # the page's table of contents
            calendars += '.ics"' in page  # "Zet in je agenda"
        assert calendars >= 6  # every kit of the example with a rhythm (not exit, absence)
        assert (root / "wat-speelt-er.html").is_file()
    counts = {".pdf": 0, ".ics": 0, ".js": 0}
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with links from the server's root
            continue
        for link in _LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in link or link.startswith(("mailto:", "data:")):
                continue
            suffix = Path(link).suffix
            counts[suffix] = counts.get(suffix, 0) + 1
            if suffix in (".pdf", ".ics", ".html", ".js", ".css", ".svg", ".png"):
                target = (page.parent / unquote(link)).resolve()
                assert target.is_file(), f"{page.relative_to(site)} links to {link}"
    assert counts[".pdf"] >= 8 * 6 * 2 + 2  # six sheets per kit page and the handbook
    assert counts[".ics"] >= 6 * 2 + 2  # the kits' calendars and the whole cycle's
    assert ".md" not in counts  # no link left to a Markdown file (the trigger page's script)
    overview = (site / "gesprekken" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/handbook-nl.pdf"' in overview
    planner = (site / "jaarritme.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]+\.pdf"', planner)  # the wall planner
    english = (site / "en" / "gesprekken" / "exitgesprek.html").read_text(encoding="utf-8")
    assert 'href="../../gesprekken/exitgesprek.html" lang="nl"' in english


def test_reexport_keeps_what_the_user_made(site_project: Path, tmp_path: Path) -> None:
    """A second export replaces only what the first wrote; it stops before replacing a file the
    user changed (until told to), and names the files it left alone."""
    shutil.copytree(REPO_ROOT / "brands" / "het-anker", site_project / "brands" / "het-anker")
    brand = site_project / "brands" / "het-anker" / "_brand.yml"
    folder = tmp_path / "guide"
    _export_and_build(site_project, folder, "--brand", str(brand))
    site_name = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*Testgids · [^<]+</title>", site_name)  # the brand's suffix
    assert ">---<" not in site_name and '<h1 id="welkom">Welkom' in site_name.replace("\n", "")
    (folder / "docs" / "notities.md").write_text("# Mijn notities\n", encoding="utf-8")
    kit_page = folder / "docs" / "gesprekken" / "check-in.md"
    kit_page.write_text("bewerkt", encoding="utf-8")
    again = cli("export", str(folder), "--project", str(site_project))
    assert again.returncode == 2, again.stdout + again.stderr
    assert "docs/gesprekken/check-in.md" in again.stderr and "--overwrite" in again.stderr
    assert kit_page.read_text(encoding="utf-8") == "bewerkt"
    forced = cli("export", str(folder), "--project", str(site_project), "--overwrite")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "docs/notities.md" in forced.stdout and "docs/gesprekken/check-in.md" in forced.stdout
    assert (folder / "docs" / "notities.md").read_text(encoding="utf-8") == "# Mijn notities\n"
    assert kit_page.read_text(encoding="utf-8").startswith("---")
    assert (folder / "site" / "index.html").is_file()  # mkdocs' output is the user's too
    (site_project / "kits" / "check-in.yml").rename(site_project / "kits" / "start.yml")
    text = (site_project / "kits" / "start.yml").read_text(encoding="utf-8")
    (site_project / "kits" / "start.yml").write_text(text.replace("id: check-in", "id: start"),
                                                    encoding="utf-8")
    moved = cli("export", str(folder), "--project", str(site_project))
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert not kit_page.exists() and (folder / "docs" / "gesprekken" / "start.md").is_file()


def test_export_refuses_a_folder_that_is_not_its_own(site_project: Path) -> None:
    other = site_project.parent / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    for target in (other, site_project, site_project / "content" / "x"):
        finished = cli("export", str(target), "--project", str(site_project))
        assert finished.returncode == 2, finished.stdout + finished.stderr
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_block_tags_on_lines_of_their_own() -> None:
    """md_in_html reads a block tag only at the start of a line: each gets its own line, text
    inside <pre> stays as written."""
    from build_tools.export import block_lines, page_links_as_html

    html = '<p>a</p>  <div class="x"><p>b <em>c</em></p></div><pre>  <div>\n x</pre>'
    assert block_lines(html) == ('<p>\na\n</p>\n<div class="x">\n<p>\nb <em>c</em>\n</p>\n'
                                 '</div>\n<pre>  <div>\n x</pre>')
    assert page_links_as_html('<a href="a/b.md#c">x</a><a href="https://x.nl/y.md">') == \
        '<a href="a/b.html#c">x</a><a href="https://x.nl/y.md">'


def _stage(tmp_path: Path, files: dict[str, str]) -> tuple[Path, dict[str, str]]:
    from build_tools.export_folder import stage_files

    staging = tmp_path / f"staging-{len(list(tmp_path.iterdir()))}"
    return staging, stage_files(dict(files), staging)


def test_a_reexport_never_touches_what_lies_outside_or_behind_a_link(tmp_path: Path) -> None:
    """Hostile findings: a manifest edited to name `../x` or `/x` deleted those files; a link
    below the folder was written through; a folder the user made where the export writes a
    file was removed without --overwrite."""
    import json

    from build_tools.export_folder import MANIFEST, ExportConflict, apply_staging

    folder, outside = tmp_path / "export", tmp_path / "outside"
    outside.mkdir()
    victim = outside / "notes.txt"
    victim.write_text("mine", encoding="utf-8")
    apply_staging(*_stage(tmp_path, {"docs/a.md": "a", "en/mkdocs.yml": "x"}), folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].update({"../outside/notes.txt": "0" * 64, str(victim): "0" * 64})
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    report = apply_staging(*_stage(tmp_path, {"docs/a.md": "a", "en/mkdocs.yml": "x"}), folder)
    assert victim.read_text(encoding="utf-8") == "mine" and report.removed == []

    shutil.rmtree(folder / "en")
    (folder / "en").symlink_to(outside, target_is_directory=True)
    (outside / "mkdocs.yml").write_text("the user's", encoding="utf-8")
    (folder / "docs" / "a.md").unlink()
    (folder / "docs" / "a.md").mkdir()
    (folder / "docs" / "a.md" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportConflict) as caught:
        apply_staging(*_stage(tmp_path, {"docs/a.md": "a", "en/mkdocs.yml": "x"}), folder)
    assert caught.value.paths == ["docs/a.md", "en"]
    assert (outside / "mkdocs.yml").read_text(encoding="utf-8") == "the user's"
    assert (folder / "docs" / "a.md" / "notes.txt").is_file()
    apply_staging(*_stage(tmp_path, {"docs/a.md": "a", "en/mkdocs.yml": "x"}), folder,
                  overwrite=True)
    assert (outside / "mkdocs.yml").read_text(encoding="utf-8") == "the user's"
    assert not (folder / "en").is_symlink() and (folder / "en" / "mkdocs.yml").read_text() == "x"
    assert (folder / "docs" / "a.md").read_text(encoding="utf-8") == "a"


def test_the_export_refuses_a_built_site(tmp_path: Path) -> None:
    """Hostile finding: `export site` was accepted (the folder has the build's marker), and the
    next build replaced the site with the export in it."""
    from build_tools.export_folder import is_export_folder
    from build_tools.output_path import SITE_MARKER, OutputPathError, check_site_folder

    project, site, empty = tmp_path / "project", tmp_path / "project" / "site", tmp_path / "new"
    site.mkdir(parents=True)
    empty.mkdir()
    (site / SITE_MARKER).write_text("", encoding="utf-8")
    (site / "index.html").write_text("<p>", encoding="utf-8")
    with pytest.raises(OutputPathError, match="is a site a build made.*such as ../guide-export"):
        check_site_folder(site, project, [], owner_check=is_export_folder,
                          named_by=("folder to export to", "../guide-export"))
    assert check_site_folder(empty, project, [], owner_check=is_export_folder) == empty.resolve()
    assert check_site_folder(site, project, []) == site.resolve()  # a build may replace it


def test_the_build_hint_survives_a_folder_with_spaces(tmp_path: Path) -> None:
    """Hostile finding: exporting to "Mijn documenten/gids" ended with "Build it with: cd Mijn
    documenten/gids && mkdocs build", which a shell reads as `cd Mijn`: the hint failed when
    pasted. The line the export prints must run as it stands."""
    from build_tools.export import build_hint

    folder = tmp_path / "Mijn documenten" / "gids 'oud'"
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("", encoding="utf-8")
    hint = build_hint(folder, ["nl", "en"])
    assert hint.endswith("mkdocs build && mkdocs build -f en/mkdocs.yml"), hint
    shown = subprocess.run(["sh", "-c", hint.split(" && ")[0] + " && pwd && ls"],
                           capture_output=True, text=True, check=False)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("\n")[:2] == [str(folder), "mkdocs.yml"], shown.stdout


def test_the_report_names_the_build_output_it_left_alone(tiny_project: TinyProject,
                                                        tmp_path: Path) -> None:
    """Newcomer finding: a re-export named the user's own files it left alone, but not the
    site/ folder `mkdocs build` had made in it; that folder is named now, as one."""
    from click.testing import CliRunner

    from build_tools.cli import main
    from build_tools.export_folder import apply_staging

    folder = tmp_path / "export"
    apply_staging(*_stage(tmp_path, {"docs/a.md": "a"}), folder)
    (folder / "site" / "assets").mkdir(parents=True)
    (folder / "site" / "index.html").write_text("<p>", encoding="utf-8")
    (folder / "site" / "assets" / "x.css").write_text("", encoding="utf-8")
    report = apply_staging(*_stage(tmp_path, {"docs/a.md": "a"}), folder)
    assert report.kept == [] and report.kept_folders == ["site/"]
    (folder / "notities.md").write_text("mijn", encoding="utf-8")
    report = apply_staging(*_stage(tmp_path, {"docs/a.md": "a"}), folder)
    assert report.kept == ["notities.md"] and report.kept_folders == ["site/"]

    tiny_project.write_kit("check-in")
    out = tmp_path / "gids"
    runner = CliRunner()
    first = runner.invoke(main, ["export", str(out), "-p", str(tiny_project.root)])
    assert first.exit_code == 0, first.output
    (out / "site").mkdir()
    (out / "site" / "index.html").write_text("<p>", encoding="utf-8")
    again = runner.invoke(main, ["export", str(out), "-p", str(tiny_project.root)])
    assert again.exit_code == 0, again.output
    assert "Left alone (not written by the export): the folder site/ (the output of 'mkdocs " \
        in again.output


def test_the_exports_readme_speaks_of_an_order_only_for_several_builds() -> None:
    """Newcomer finding: a one-language export's README said "in this order" above its one
    command."""
    from build_tools.export import build_commands, export_readme

    one, two = export_readme(["nl"]), export_readme(["nl", "en"])
    assert "in this order" not in one and build_commands(["nl"])[0] in one
    assert "in this order: the first build empties `site/`" in two
    assert all(command in two for command in build_commands(["nl", "en"]))
