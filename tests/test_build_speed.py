"""What makes large guides fast must not change what is built: the other languages built side
by side in forked processes, search entries from the cache, the no-op build's shortcut."""

from __future__ import annotations

import json
import logging
import os
import signal
from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from build_tools.cli import main
from build_tools.plugin.parallel import fork_build
from build_tools.plugin.search_cache import SearchEntryCache

from conftest import SITE_MKDOCS_YML, TinyProject

TWO_LANGUAGES = SITE_MKDOCS_YML.replace("strict: true", "strict: false").replace("      pdfs: false\n", """\
      pdfs: false
      languages:
        nl:
          name: Nederlands
        en:
          name: English
""")


def _two_language_project(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Welkom\n\nDe [gesprekken](gesprekken/index.md).\n",
                                               encoding="utf-8")
    (root / "content" / "index.en.md").write_text("# Welcome\n\nThe kits.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(TWO_LANGUAGES, encoding="utf-8")
    project = TinyProject(root)
    project.write_kit("check-in")
    project.write_kit("terugblik")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _build(project: Path, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["build", str(project), *extra], catch_exceptions=False)


def _lines(output: str) -> list[str]:
    """The build's lines without the heartbeat's and the closing line (they name seconds)."""
    return [line for line in output.splitlines()[:-1] if not line.startswith("... ")]


def test_languages_built_side_by_side_give_the_same_site_as_one_after_the_other(
        tmp_path: Path) -> None:
    project = _two_language_project(tmp_path / "project")
    one = _build(project, "--jobs", "1", "--out", str(tmp_path / "one"))
    assert one.exit_code == 0, one.output
    two = _build(project, "--jobs", "2", "--out", str(tmp_path / "two"))
    assert two.exit_code == 0, two.output
    assert _lines(one.output) == _lines(two.output)  # the same lines, in the same order
    sequential = _files(tmp_path / "one")
    assert "en/index.html" in sequential and "en/search/search_index.json" in sequential
    assert _files(tmp_path / "two") == sequential
    # Built again with every search entry from the cache: still the same bytes.
    assert list((project / ".cache").rglob("search/en-default.json"))
    again = _build(project, "--jobs", "2", "--force", "--out", str(tmp_path / "two"))
    assert again.exit_code == 0, again.output
    assert _files(tmp_path / "two") == sequential
    assert not list(tmp_path.glob(".site-new-*"))  # the folder the English site was built in

    # An invisible character the guide refuses, in a page of the English edition only: its
    # process fails, its error is reported here, and the previous site stays.
    (project / "content" / "index.en.md").write_text("# Welcome\n\nThe \u202ekits.\n",
                                                     encoding="utf-8")
    failed = _build(project, "--jobs", "2", "--out", str(tmp_path / "two"))
    assert failed.exit_code == 1 and "previous site was left untouched" in failed.output
    assert "U+202E" in failed.output
    assert _files(tmp_path / "two") == sequential
    assert not list(tmp_path.glob(".site-new-*"))


def test_a_forked_build_hands_back_its_log_lines_in_order_and_its_failure() -> None:
    from mkdocs.exceptions import PluginError

    logger = logging.getLogger("mkdocs.plugins.gesprekskit.test-speed")
    logger.propagate = False
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger.addHandler(Keep())
    logger.setLevel(logging.INFO)

    def work() -> None:
        logger.info("first %s", "line")
        logger.warning("second line")
        raise PluginError("kits/x.yml:3:1: error: broken")

    child = fork_build(work)
    failure = child.finish()
    assert seen == []  # kept until this process is ready for them
    child.replay()
    assert seen == ["first line", "second line"]
    assert isinstance(failure, PluginError) and "kits/x.yml:3:1" in str(failure)

    class Unpicklable(Exception):
        def __reduce__(self):  # type: ignore[no-untyped-def]
            raise TypeError("no")

    def odd() -> None:
        raise Unpicklable("a strange failure")

    failure = fork_build(odd).finish()
    assert failure is not None and "a strange failure" in str(failure)
    assert fork_build(lambda: None).finish() is None

    def killed() -> None:  # the OOM killer: no word back, and MkDocs' kind of failure
        os.kill(os.getpid(), signal.SIGKILL)

    failure = fork_build(killed).finish()
    assert isinstance(failure, PluginError) and "was killed" in str(failure)


class _Index:
    """Material's search index as the cache sees it: entries made by parsing a page."""

    def __init__(self) -> None:
        self.config = {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
        self.entries: list[dict[str, object]] = []
        self.parsed = 0

    def add_entry_from_context(self, page: SimpleNamespace) -> None:
        self.parsed += 1
        self.entries.append({"location": page.url, "title": page.title, "text": page.content})


def _page(content: str, title: str = "Check-in") -> SimpleNamespace:
    return SimpleNamespace(url="gesprekken/check-in.html", title=title, content=content,
                           meta={}, toc=[])


def test_search_entries_of_an_unchanged_page_come_from_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "search" / "nl-default.json"
    first = _Index()
    cache = SearchEntryCache(first, path)
    first.add_entry_from_context(_page("<p>Hoe gaat het?</p>"))
    cache.save()
    assert first.parsed == 1

    second = _Index()
    SearchEntryCache(second, path)
    second.add_entry_from_context(_page("<p>Hoe gaat het?</p>"))
    assert second.parsed == 0 and second.entries == first.entries

    for changed in (_page("<p>Hoe gaat het nu?</p>"), _page("<p>Hoe gaat het?</p>", "Terugblik")):
        index = _Index()
        SearchEntryCache(index, path)
        index.add_entry_from_context(changed)
        assert index.parsed == 1

    # Only what the last build indexed is kept: pages that are gone leave the file.
    index = _Index()
    cache = SearchEntryCache(index, path)
    index.add_entry_from_context(_page("<p>Anders</p>"))
    cache.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1


def test_a_broken_cache_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "nl-default.json"
    path.write_text("{not json", encoding="utf-8")
    index = _Index()
    SearchEntryCache(index, path)
    index.add_entry_from_context(_page("<p>x</p>"))
    assert index.parsed == 1


def test_cached_entries_not_shaped_as_materials_are_never_published(tmp_path: Path) -> None:
    """Hostile finding: values written into the cache file went straight into the site's
    search index. Entries of another shape, or for another page, make the page parsed again."""
    path = tmp_path / "nl-default.json"
    first = _Index()
    cache = SearchEntryCache(first, path)
    first.add_entry_from_context(_page("<p>x</p>"))
    cache.save()
    (key, good), = json.loads(path.read_text(encoding="utf-8")).items()
    for forged in ([5, "x", None], [{**good[0], "location": "elders.html"}],
                   [{**good[0], "script": "<script>"}], [{**good[0], "boost": True}], {}):
        path.write_text(json.dumps({key: forged}), encoding="utf-8")
        index = _Index()
        SearchEntryCache(index, path)
        index.add_entry_from_context(_page("<p>x</p>"))
        assert index.parsed == 1 and index.entries == good, forged


def test_a_no_op_build_does_not_check_the_project_again(site_project: Path,
                                                        monkeypatch) -> None:
    import build_tools.cli as cli_module

    project = site_project
    assert _build(project, "--jobs", "1").exit_code == 0
    loads: list[object] = []
    original = cli_module._load
    monkeypatch.setattr(cli_module, "_load", lambda *args, **kwargs: loads.append(args)
                        or original(*args, **kwargs))
    result = _build(project, "--jobs", "1")
    assert "Nothing changed since the last build" in result.output and loads == []
    # A broken kit is reported as before: located, exit 1, nothing built.
    (project / "kits" / "check-in.yml").write_text("title: [\n", encoding="utf-8")
    result = _build(project, "--jobs", "1")
    assert result.exit_code == 1 and "check-in.yml" in result.output and len(loads) == 1


def test_the_benchmark_floor_renders_the_documents_the_build_renders(tmp_path: Path) -> None:
    """Every kit's sheets in both languages, every workshop's sheets, and per language the
    wall planner and the handbook: what `overhead_ratio` compares the build with."""
    from benchmarks.bench_build import make_project
    from benchmarks.floor import floor_jobs
    from build_tools.sheets.registry import SHEET_TYPES

    small = tmp_path / "small"
    small.mkdir()
    make_project(small, 2)
    assert not (small / "workshops").exists()  # the workshops need the example's kits

    project = tmp_path / "project"
    project.mkdir()
    make_project(project, 8)
    jobs = {job.name: job for job in floor_jobs(project)}
    first = next(iter(jobs.values()))  # the longest first: it sets the pace of the pool
    assert first.name == "handbook-nl" and "<html" in first.htmls[0]
    kits = sorted(path.stem for path in (project / "kits").glob("*.yml"))
    for language in ("nl", "en"):
        assert len(jobs.pop(f"planner-{language}").htmls) == 1
        handbook = jobs.pop(f"handbook-{language}")  # its parts: cover and contents first
        assert len(handbook.htmls) >= 5 and 'class="cover"' in handbook.htmls[0]
        assert not handbook.combined
        assert len(handbook.tries) == 2  # the contents and the overview, laid out twice
        for kit in kits:
            job = jobs.pop(f"{kit}-{language}")
            assert len(job.htmls) == len(SHEET_TYPES) and job.combined
            if kit == kits[0]:  # the renders floor lays out what the build's fitting does
                assert len(job.htmls) + len(job.tries) == _layouts_of_kit(project, kit, language)
        for workshop in sorted(path.stem for path in (project / "workshops").glob("*.yml")):
            assert len(jobs.pop(f"workshop-{workshop}-{language}").htmls) >= 4
    assert jobs == {}


def _layouts_of_kit(project: Path, kit_id: str, language: str) -> int:
    """How many WeasyPrint layouts the build makes of one kit's sheets in one language."""
    import weasyprint

    from build_tools.build import read_project_settings
    from build_tools.plan import make_plan
    from build_tools.sheets.render import render_kit

    plan = make_plan(read_project_settings(project))
    layouts = []
    original = weasyprint.HTML.render

    def counted(self, *args, **options):  # type: ignore[no-untyped-def]
        layouts.append(1)
        return original(self, *args, **options)

    weasyprint.HTML.render = counted
    try:
        render_kit(plan.project, plan.project.kit(kit_id), language=language, brand=plan.brand)
    finally:
        weasyprint.HTML.render = original
    return len(layouts)
