"""The handbook in a build: rendered by the PDF workers beside the kits' sheets, taken from the
cache when nothing it is made of changed, stopped with a located error, and bound by the time
limit (which only a worker process can be held to)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pypdf import PdfReader

import build_tools.handbook.cache as handbook_cache
import build_tools.handbook.render as handbook_render
import build_tools.sheets.render as sheet_render
from build_tools import pdf_build
from build_tools.plan.guide import make_plan
from build_tools.plan.settings import read_settings


def _with_pdfs(site_project: Path) -> Path:
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdfs: false", "pdfs: true"),
                      encoding="utf-8")
    return config


def _picture(target: Path) -> None:
    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), (31, 95, 91)).save(target)


@pytest.mark.slow
def test_the_sheets_render_brings_the_handbook_then_the_cache_keeps_it(
        site_project: Path) -> None:
    config = _with_pdfs(site_project)
    page = site_project / "content" / "index.md"
    _picture(site_project / "content" / "img" / "kaart.png")  # served by its project path
    page.write_text("# Welkom\n\n![Kaart](img/kaart.png)\n\nBegin bij "
                    "[de gesprekken](gesprekken/index.md).\n", encoding="utf-8")
    plan = make_plan(read_settings(config))
    plan.render_pdfs()  # the kit's sheets and the handbook, by the same workers
    handbook = plan.default_edition.handbook
    assert handbook is not None and handbook.site_path == "downloads/handbook-nl.pdf"
    reader = PdfReader(handbook.path)
    assert "Welkom" in reader.pages[2].extract_text()
    assert any("/XObject" in reader.pages[index]["/Resources"]
               for index in range(len(reader.pages))), "the picture is missing"
    written = handbook.path.stat().st_mtime_ns

    again = make_plan(read_settings(config))
    again.render_pdfs()  # nothing changed: the cache's handbook, not rendered again
    assert again.default_edition.handbook.path == handbook.path
    assert handbook.path.stat().st_mtime_ns == written

    page.write_text("# Welkom\n\nEen regel.\nVerborgen \u202e teken.\n", encoding="utf-8")
    broken = make_plan(read_settings(config))
    with pytest.raises(pdf_build.PdfRenderError, match=r"content/index\.md:4: error"):
        broken.render_pdfs()
    assert handbook.path.is_file(), "a failed build keeps the previous handbook"


def _hang(*args: object, **kwargs: object) -> bytes:
    time.sleep(120)
    return b""


@pytest.mark.slow
def test_a_handbook_that_runs_too_long_is_stopped(site_project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked from this process inherit the patched renderers and limits. A
    handbook rendered by the build itself could not be stopped: this would take 120 s."""
    config = _with_pdfs(site_project)
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")
    monkeypatch.setattr(pdf_build, "RENDER_TIMEOUT_SECONDS", 2)
    monkeypatch.setattr(handbook_cache, "SECONDS_PER_KIT", 0)
    monkeypatch.setattr(handbook_render, "render_handbook_file", _hang)
    monkeypatch.setattr(sheet_render, "render_kit", _hang)
    plan = make_plan(read_settings(config))
    started = time.perf_counter()
    with pytest.raises(pdf_build.RenderTimeout, match=r"the handbook \(nl\)"):
        plan.render_pdfs()
    assert time.perf_counter() - started < 60


def test_project_files_have_one_address_wherever_the_project_lies(tmp_path: Path) -> None:
    """WeasyPrint names a picture in the PDF after its URL: a project file's URL must not
    carry the project's folder, or two builds of one guide in two folders differ."""
    from build_tools.sheets.fetcher import FetchRefused, ProjectFetcher, project_file_url

    urls = []
    for folder in ("een", "twee"):
        root = tmp_path / folder / "project"
        _picture(root / "brand" / "logo kleur.png")
        (tmp_path / folder / "geheim.txt").write_text("niet voor de PDF", encoding="utf-8")
        urls.append(project_file_url(root, Path("brand/logo kleur.png")))
        fetcher = ProjectFetcher([root], "the handbook", project_root=root)
        assert fetcher.fetch(urls[-1]).read() == (root / "brand" / "logo kleur.png").read_bytes()
        with pytest.raises(FetchRefused, match="outside the project"):
            fetcher.fetch("gesprekskit-project:/../geheim.txt")
        with pytest.raises(FetchRefused):  # a fetcher without a project serves none of it
            ProjectFetcher([root], "a sheet").fetch(urls[-1])
    assert urls[0] == urls[1] == "gesprekskit-project:/brand/logo%20kleur.png"
