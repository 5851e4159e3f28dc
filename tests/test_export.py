"""`gesprekskit export`: the exported folder builds with plain MkDocs into the same guide."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from build_tools.cli_project import open_project
from build_tools.loader import load_project

from conftest import REPO_ROOT, cli

_LINK = re.compile(r'\b(?:href|src)="([^"#?]+)[^"]*"')


def _plain_mkdocs(config: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as someone without Gesprekskit runs it: this checkout is not on the path."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                          capture_output=True, text=True, check=False, env=environment,
                          cwd=config.parent)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, built_example_project: Path) -> Path:
    """The example exported (its PDFs from the cache the example build filled) and built."""
    base = tmp_path_factory.mktemp("export")
    project = shutil.copytree(built_example_project, base / "project")
    folder = base / "guide"
    finished = cli("export", str(folder), "--jobs", "2", "--project", str(project))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    for config in (folder / "mkdocs.yml", folder / "en" / "mkdocs.yml"):
        text = config.read_text(encoding="utf-8")
        assert "gesprekskit:" not in text and "build_tools" not in text
        built = _plain_mkdocs(config)
        assert built.returncode == 0, built.stdout + built.stderr
    return folder / "site"


@pytest.mark.slow
def test_every_kit_page_and_search(exported: Path) -> None:
    project = load_project(open_project(REPO_ROOT).settings)
    for root, language in ((exported, "nl"), (exported / "en", "en")):
        context = project.settings.context(language)
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        searchable = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
        for kit in project.kits:
            page = root / "gesprekken" / f"{kit.id}.html"
            assert page.is_file(), page
            question = context.text(kit.questions()[0].question.text)
            assert question.split("?")[0][:30] in searchable, (language, kit.id)
            # The kit's headings reach the page's table of contents.
            assert 'href="#downloads"' in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_pdf_and_language_link_resolves(exported: Path) -> None:
    pdf_links = 0
    for page in exported.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with links from the server's root
            continue
        text = page.read_text(encoding="utf-8")
        for link in _LINK.findall(text):
            if "://" in link or link.startswith(("mailto:", "data:")):
                continue
            if link.endswith(".pdf"):
                pdf_links += 1
            if link.endswith((".pdf", ".html")):
                target = (page.parent / unquote(link)).resolve()
                assert target.is_file(), f"{page.relative_to(exported)} links to {link}"
    assert pdf_links >= 8 * 6 * 2 + 2  # six sheets per kit page and the handbook, per language
    overview = (exported / "gesprekken" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/handbook-nl.pdf"' in overview
    english = (exported / "en" / "gesprekken" / "exitgesprek.html").read_text(encoding="utf-8")
    assert 'href="../../gesprekken/exitgesprek.html" lang="nl"' in english


def test_export_refuses_a_folder_that_is_not_its_own(site_project: Path) -> None:
    other = site_project.parent / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    for target in (other, site_project, site_project / "content" / "x"):
        finished = cli("export", str(target), "--project", str(site_project))
        assert finished.returncode == 2, finished.stdout + finished.stderr
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
