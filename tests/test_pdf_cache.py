"""The PDF cache renders exactly what changed: each kind of change, the renders it triggers."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import pdf_build
from build_tools.brand import DEFAULT_BRAND, Brand
from build_tools.loader import ProjectSettings, load_project
from conftest import TIP_YAML, TinyProject, valid_kit


class RenderLog:
    """What the fake renderer was asked to render, kept in a file: every render runs in a
    worker process (so that the time limit can stop it), where a list would stay behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clear()

    def append(self, call: tuple[str, str]) -> None:
        with self.path.open("a", encoding="utf-8") as log:
            log.write(" ".join(call) + "\n")

    def __iter__(self):
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return iter([tuple(line.split(" ")) for line in lines])

    def clear(self) -> None:
        self.path.write_text("", encoding="utf-8")


@pytest.fixture
def counting_renderer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RenderLog:
    """Replaces WeasyPrint by a renderer that records what it was asked to render."""
    calls = RenderLog(tmp_path.parent / f"{tmp_path.name}-renders.log")  # not in the project

    def fake_render(work: pdf_build.KitWork, kit_id: str, language: str, brand: Brand
                    ) -> dict[str, bytes]:
        calls.append((kit_id, language))
        kit = work.project.kit(kit_id)
        body = kit.path.read_bytes() + language.encode() + brand.primary.encode()
        return {sheet: b"%PDF-" + body for sheet in
                        ("praatplaat", "vragenblad", "voorbereiding", "vervolgafspraken",
                         "kaarten", "compleet")}

    monkeypatch.setattr(pdf_build, "_render_in_worker", fake_render)
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")  # workers see the fake
    return calls


def setup_project(tiny_project: TinyProject) -> TinyProject:
    tiny_project.write_tip("luisteren", TIP_YAML)
    tiny_project.write_kit("een", valid_kit().replace("tips: []", "tips:\n  - luisteren"))
    tiny_project.write_kit("twee")
    tiny_project.write_kit("drie")
    return tiny_project


def render(tiny_project: TinyProject, language: str = "nl", brand: Brand = DEFAULT_BRAND,
           cache: bool = True):
    project = load_project(ProjectSettings(tiny_project.root))
    return pdf_build.render_project(project, language, brand, jobs=1,
                                    cache_dir=tiny_project.root / ".cache", use_cache=cache)


def contents(pdfs: pdf_build.PdfPaths) -> dict[str, dict[str, bytes]]:
    return {kit_id: {sheet: path.read_bytes() for sheet, path in sheets.items()}
            for kit_id, sheets in pdfs.items()}


def rendered_ids(calls: RenderLog) -> list[str]:
    ids = sorted(kit_id for kit_id, _ in calls)
    calls.clear()
    return ids


def test_each_kind_of_change_renders_exactly_what_it_should(
        tiny_project: TinyProject, counting_renderer: RenderLog,
        monkeypatch: pytest.MonkeyPatch) -> None:
    setup_project(tiny_project)
    _, stats = render(tiny_project)
    assert rendered_ids(counting_renderer) == ["drie", "een", "twee"] and stats.rendered_pdfs == 18

    pdfs, stats = render(tiny_project)                                  # no-op
    assert rendered_ids(counting_renderer) == [] and stats.cached_kits == 3

    kit = tiny_project.root / "kits" / "twee.yml"                       # one kit edited
    kit.write_text(valid_kit().replace("title: Check in", "title: Tweede gesprek"), encoding="utf-8")
    pdfs, _ = render(tiny_project)
    assert rendered_ids(counting_renderer) == ["twee"]
    assert b"title: Tweede gesprek" in pdfs["twee"]["vragenblad"].read_bytes(), "never a stale PDF"

    tip = tiny_project.root / "kits" / "tips" / "luisteren.yml"         # a tip one kit shows
    tip.write_text(TIP_YAML.replace("Stel open vragen", "Vraag door"), encoding="utf-8")
    render(tiny_project)
    assert rendered_ids(counting_renderer) == ["een"]

    tip.write_text(TIP_YAML.replace("kits: []", "kits:\n  - drie"), encoding="utf-8")
    render(tiny_project)                                                # linked to one more kit
    assert rendered_ids(counting_renderer) == ["drie", "een"]

    render(tiny_project, brand=Brand(primary="#16365c"))                # brand changed
    assert rendered_ids(counting_renderer) == ["drie", "een", "twee"]

    render(tiny_project, language="en")                                 # another language
    assert rendered_ids(counting_renderer) == ["drie", "een", "twee"]

    monkeypatch.setattr(pdf_build, "package_fingerprint", lambda: "templates changed")
    render(tiny_project)                                                # templates, fonts, code
    assert rendered_ids(counting_renderer) == ["drie", "een", "twee"]


def test_no_cache_renders_everything(tiny_project: TinyProject,
                                     counting_renderer: RenderLog) -> None:
    setup_project(tiny_project)
    render(tiny_project)
    counting_renderer.clear()
    render(tiny_project, cache=False)
    assert rendered_ids(counting_renderer) == ["drie", "een", "twee"]


def test_no_cache_replaces_a_damaged_entry(tiny_project: TinyProject,
                                           counting_renderer: RenderLog) -> None:
    setup_project(tiny_project)
    pdfs, _ = render(tiny_project)
    good = pdfs["twee"]["kaarten"].read_bytes()
    pdfs["twee"]["kaarten"].write_bytes(b"damaged by hand")
    pdfs, _ = render(tiny_project, cache=False)
    assert pdfs["twee"]["kaarten"].read_bytes() == good
    assert not list((tiny_project.root / ".cache").rglob(".stale-*")), "no leftovers"


def test_an_incomplete_entry_is_rendered_again(tiny_project: TinyProject,
                                               counting_renderer: RenderLog) -> None:
    setup_project(tiny_project)
    pdfs, _ = render(tiny_project)
    counting_renderer.clear()
    pdfs["een"]["compleet"].unlink()
    pdfs, stats = render(tiny_project)
    assert rendered_ids(counting_renderer) == ["een"] and stats.cached_kits == 2
    assert pdfs["een"]["compleet"].is_file()


def test_brand_file_contents_are_part_of_the_key(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"one")
    first = Brand(logo=logo).cache_key
    logo.write_bytes(b"two")
    assert Brand(logo=logo).cache_key != first


def test_cached_pdfs_equal_fresh_renders(tiny_project: TinyProject) -> None:
    """With the real renderer: what comes out of the cache is what a render gives."""
    tiny_project.write_kit("een")
    fresh = contents(render(tiny_project, cache=False)[0])
    cached, stats = render(tiny_project)
    assert stats.cached_kits == 1 and contents(cached) == fresh


def test_rendering_leaves_no_temporary_files(tiny_project: TinyProject, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint keeps fonts in temporary folders; worker processes must not leave them."""
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    tiny_project.write_kit("een")
    tiny_project.write_kit("twee")
    project = load_project(ProjectSettings(tiny_project.root))
    pdfs, stats = pdf_build.render_project(project, "nl", DEFAULT_BRAND, jobs=2,
                                           cache_dir=tiny_project.root / ".cache")
    assert stats.rendered_kits == 2 and pdfs["twee"]["compleet"].read_bytes().startswith(b"%PDF")
    assert list(scratch.iterdir()) == []


def cache_entries(tiny_project: TinyProject) -> set[str]:
    return {entry.name for entry in (tiny_project.root / ".cache").glob("[0-9a-f][0-9a-f]/*")}


def test_a_new_render_removes_the_entry_it_replaces(
        tiny_project: TinyProject, counting_renderer: RenderLog) -> None:
    setup_project(tiny_project)
    pdfs, _ = render(tiny_project)
    render(tiny_project, language="en")
    before = cache_entries(tiny_project)
    assert len(before) == 6
    old_twee = pdfs["twee"]["kaarten"].parent
    kit = tiny_project.root / "kits" / "twee.yml"
    kit.write_text(valid_kit().replace("title: Check in", "title: Tweede gesprek"), encoding="utf-8")
    pdfs, _ = render(tiny_project)
    after = cache_entries(tiny_project)
    assert not old_twee.exists() and len(after) == 6, "the old version of the kit is gone"
    assert after - before == {pdfs["twee"]["kaarten"].parent.name}
    assert cache_entries(tiny_project) >= {path.parent.name for sheets in pdfs.values()
                                           for path in sheets.values()}


def test_entries_unused_for_a_month_are_removed(
        tiny_project: TinyProject, counting_renderer: RenderLog) -> None:
    import os
    import time

    setup_project(tiny_project)
    pdfs, _ = render(tiny_project)
    month_old = time.time() - 40 * 86400
    deleted_kit = pdfs["drie"]["kaarten"].parent
    (tiny_project.root / "kits" / "drie.yml").unlink()
    os.utime(deleted_kit, (month_old, month_old))
    unused_lately = pdfs["twee"]["kaarten"].parent
    os.utime(unused_lately, (month_old, month_old))
    render(tiny_project)                            # nothing rendered: nothing tidied
    assert deleted_kit.exists()
    kit = tiny_project.root / "kits" / "een.yml"    # a render: the month-old entry goes
    kit.write_text(kit.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    render(tiny_project)
    assert not deleted_kit.exists()
    assert unused_lately.exists(), "used by the last build: marked as used, so kept"


def test_the_key_is_made_from_the_bytes_the_loader_parsed(tiny_project: TinyProject) -> None:
    """A save while a build runs (serve) must not store the old render under the new file's
    key: the key follows what was parsed, not what the file holds now."""
    path = tiny_project.write_kit("check-in")
    tiny_project.write_tip("open-vragen")
    project = load_project(ProjectSettings(tiny_project.root))
    kit = project.kit("check-in")
    before = pdf_build.kit_cache_key(project, kit, "nl", DEFAULT_BRAND)
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Nieuw", 1)
                    + "\n# saved during the build\n", encoding="utf-8")
    assert pdf_build.kit_cache_key(project, kit, "nl", DEFAULT_BRAND) == before
    reloaded = load_project(ProjectSettings(tiny_project.root))
    assert pdf_build.kit_cache_key(reloaded, reloaded.kit("check-in"), "nl", DEFAULT_BRAND) \
        != before


def test_the_key_follows_where_the_kits_links_lead_not_every_kit(
        tiny_project: TinyProject) -> None:
    """A sheet links `[exit](exit.yml)` only while the kit exit exists, so its key changes
    with exit; another kit added or removed leaves it (and its cached PDFs) alone."""
    description = "Samen zien wat goed gaat en wat beter kan, voordat het knelt."
    tiny_project.write_kit("check-in", valid_kit().replace(
        description, description + " Zie [exit](exit.yml)."))

    def key() -> str:
        project = load_project(ProjectSettings(tiny_project.root))
        return pdf_build.kit_cache_key(project, project.kit("check-in"), "nl", DEFAULT_BRAND)

    alone = key()
    tiny_project.write_kit("twee", valid_kit("twee"))
    assert key() == alone
    tiny_project.write_kit("exit", valid_kit("exit"))
    assert key() != alone
