"""The render time limit holds for every render: a pool, one job, and `gesprekskit pdf`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import build_tools.sheets.render as sheet_render
from build_tools import pdf_build
from build_tools.brand import DEFAULT_BRAND
from build_tools.cli import main
from build_tools.loader import ProjectSettings, load_project
from conftest import TinyProject


def hang(*args: object, **kwargs: object) -> bytes:
    time.sleep(120)
    return b""


@pytest.fixture
def hanging_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked from this process inherit the patched renderer and limit."""
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")
    monkeypatch.setattr(pdf_build, "RENDER_TIMEOUT_SECONDS", 2)
    monkeypatch.setattr(sheet_render, "render_kit", hang)
    monkeypatch.setattr(sheet_render, "render_sheet", hang)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_stops_at_the_time_limit(tiny_project: TinyProject, tmp_path: Path,
                                         hanging_renderer: None, jobs: int) -> None:
    tiny_project.write_kit("een")
    project = load_project(ProjectSettings(tiny_project.root))
    started = time.perf_counter()
    with pytest.raises(pdf_build.RenderTimeout):
        pdf_build.render_project(project, "nl", DEFAULT_BRAND, cache_dir=tmp_path / "cache",
                                 jobs=jobs)
    assert time.perf_counter() - started < 60


def test_one_sheet_stops_at_the_time_limit(tiny_project: TinyProject, hanging_renderer: None
                                           ) -> None:
    tiny_project.write_kit("een")
    target = tiny_project.root / "een.pdf"
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["pdf", "een", "--project", str(tiny_project.root),
                                       "-o", str(target)])
    assert time.perf_counter() - started < 60
    assert result.exit_code == 1 and "did not finish within 2 s" in result.output
    assert "Traceback" not in result.output and not target.exists()


def test_workshop_renders_stop_at_the_time_limit(tmp_path: Path, hanging_renderer: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Workshop sheets render in the kits' pool, before the kits, under its time limit, and a
    hanging one is named (the workshops' own pool once died of a TypeError here)."""
    import shutil

    import build_tools.workshop_sheets.render as workshop_render
    from build_tools.downloads import render_downloads

    repo = Path(__file__).resolve().parent.parent
    for name in ("kits", "workshops", "content"):
        shutil.copytree(repo / name, tmp_path / name)
    shutil.copy(repo / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.setattr(workshop_render, "render_workshop", hang)
    project = load_project(ProjectSettings(tmp_path))
    started = time.perf_counter()
    with pytest.raises(pdf_build.RenderTimeout, match=r"nothing finished within 2 s \(still "
                                                      r"busy: workshop '[a-z-]+' \(nl\)\)"):
        render_downloads(project, ["nl"], DEFAULT_BRAND, cache_dir=tmp_path / "cache", jobs=1)
    assert time.perf_counter() - started < 60
