"""The render pool: workers replaced after their share of jobs, never more than `jobs` at once,
and memory given back between jobs. No PDFs: the jobs here only note which process ran them."""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

import pytest

from build_tools import pdf_build
from build_tools.loader import load_project
from build_tools.pdf_build import PdfCache, PoolJob, _render_in_pool
from build_tools.worker_memory import release_memory

REPO_ROOT = Path(__file__).resolve().parent.parent


def _note_process(folder: str, name: str, project: object) -> None:
    """A pool job: record which worker ran it and how many render processes were alive."""
    time.sleep(0.05)
    Path(folder, name).write_text(f"{os.getpid()} {os.getppid()}", encoding="utf-8")


def _run(project_root: Path, tmp_path: Path, count: int, workers: int) -> list[tuple[int, int]]:
    from build_tools.cli_project import open_project

    project = load_project(open_project(project_root).settings)
    notes = tmp_path / "notes"
    notes.mkdir()
    finished: list[object] = []
    jobs = [PoolJob(f"job {index}", functools.partial(_note_process, str(notes), f"{index:02}"))
            for index in range(count)]
    _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), workers,
                    finished.append, jobs)
    assert finished == jobs  # in the order given, one worker
    return [tuple(map(int, path.read_text().split())) for path in sorted(notes.iterdir())]


def test_a_worker_that_grew_past_the_limit_after_a_document_is_replaced(monkeypatch,
                                                                          tmp_path) -> None:
    monkeypatch.setattr(pdf_build, "WORKER_MEMORY_LIMIT", 0)
    monkeypatch.setattr(pdf_build, "WORKER_GROWTH", 0)
    ran = _run(REPO_ROOT, tmp_path, count=4, workers=1)
    assert len({pid for pid, _ in ran}) == 4  # a fresh worker for every document
    assert {parent for _, parent in ran} == {os.getpid()}  # started by the build itself


def test_documents_share_a_worker_that_stays_small(monkeypatch, tmp_path) -> None:
    """A workshop's sheets or a wall planner leave a worker as it was: no new one (loading
    the rendering code again and warming its caches) for the next job."""
    monkeypatch.setattr(pdf_build, "WORKER_MEMORY_LIMIT", 2**40)
    ran = _run(REPO_ROOT, tmp_path, count=4, workers=1)
    assert len({pid for pid, _ in ran}) == 1


def _note_kit(work: object, kit_id: str, language: str, brand: object, cache_root: Path,
              key: str) -> str:
    """Stands in for `_render_into_cache`: which worker took which kit."""
    time.sleep(0.02)
    Path(cache_root, f"{language}-{kit_id}").write_text(str(os.getpid()), encoding="utf-8")
    return kit_id


def _noted_kit_jobs(monkeypatch) -> tuple[object, list[tuple[str, str]]]:
    """The example's project and its kit jobs, rendered by `_note_kit` in forked workers."""
    from build_tools.cli_project import open_project

    monkeypatch.setattr(pdf_build, "_render_into_cache", _note_kit)
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")  # so the workers see it too
    project = load_project(open_project(REPO_ROOT).settings)
    return project, [(language, kit.id) for language in ("nl", "en") for kit in project.kits]


def _kits_per_worker(monkeypatch, tmp_path, workers: int) -> list[int]:
    """Render the example's kits with `_note_kit`: how many kits each worker took."""
    project, jobs = _noted_kit_jobs(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    finished: list[object] = []
    _render_in_pool(project, jobs, {job: "key" for job in jobs}, None, PdfCache(out), workers,
                    finished.append, [])
    assert sorted(finished) == sorted(jobs)
    pids = [path.read_text() for path in out.iterdir()]
    return sorted(pids.count(pid) for pid in set(pids))


_HELD = [0]


def _growing_memory() -> int:
    """Stands in for `resident_memory` in a forked worker: 150 MB after its first kit, 5 MB
    more after each next one."""
    _HELD[0] += 1
    return (145 + 5 * _HELD[0]) * 2**20


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_is_replaced_once_it_has_grown(monkeypatch, tmp_path, workers) -> None:
    """Past the limit (150 MB) or, here, past what a fresh worker held plus the growth allowed
    (150 + 16 MB): replaced after its fifth kit (170 MB)."""
    monkeypatch.setattr(pdf_build, "resident_memory", _growing_memory)
    per_worker = _kits_per_worker(monkeypatch, tmp_path, workers)
    assert max(per_worker) == 5 and sum(per_worker) == 16, per_worker
    assert len(per_worker) >= 3


@pytest.mark.parametrize("workers", [1, 2])
def test_where_memory_cannot_be_read_kits_share_a_worker_up_to_a_quota(monkeypatch, tmp_path,
                                                                        workers) -> None:
    monkeypatch.setattr(pdf_build, "resident_memory", lambda: None)
    monkeypatch.setattr(pdf_build, "KITS_PER_WORKER", 5)
    per_worker = _kits_per_worker(monkeypatch, tmp_path, workers)
    assert max(per_worker) == 5  # none past its quota, and the quota used
    assert len(per_worker) >= -(-16 // 5)


def test_release_memory_collects_cycles() -> None:
    import gc
    import weakref

    class Node:
        pass

    gc.disable()
    try:
        node = Node()
        node.self = node  # a cycle only the collector frees
        alive = weakref.ref(node)
        del node
        assert alive() is not None
        release_memory()
        assert alive() is None
    finally:
        gc.enable()


def _sleep(seconds: float, project: object) -> None:
    time.sleep(seconds)


def _die(project: object) -> None:
    """A worker killed from outside (the kernel's OOM killer, a `kill -9`)."""
    time.sleep(0.3)
    os.kill(os.getpid(), 9)


def test_a_failed_job_stops_the_other_workers_at_once(tmp_path) -> None:
    """Hostile finding: a worker killed during a build left the build waiting, still showing
    its progress, until the other workers had finished their documents (a handbook: minutes),
    then failed with a traceback; now a located render error at once, and no worker is left."""
    import multiprocessing

    from build_tools.cli_project import open_project
    from build_tools.pdf_build import PdfRenderError

    project = load_project(open_project(REPO_ROOT).settings)
    # The long job outlasts any start of the workers on a loaded machine (spawned Pythons at
    # nice 19 took over 15 s): the build must not wait for it.
    jobs = [PoolJob("long", functools.partial(_sleep, 180)), PoolJob("killed", _die)]
    before = set(multiprocessing.active_children())
    started = time.monotonic()
    with pytest.raises(PdfRenderError, match="worker rendering killed ended abruptly"):
        _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 2,
                        lambda job: None, jobs)
    assert time.monotonic() - started < 90
    assert set(multiprocessing.active_children()) <= before


class _Notes(logging.Handler):
    """The log records of one logger, whatever other tests did to its propagation."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_worker_count_beyond_the_machine_is_lowered_with_one_note(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`jobs: 100` started one worker per document, a hundred WeasyPrints on two cores."""
    monkeypatch.setattr(pdf_build, "default_jobs", lambda: 4)
    monkeypatch.setattr(pdf_build, "available_memory", lambda: 3 * pdf_build.WORKER_MEMORY_BYTES)
    monkeypatch.setattr(pdf_build, "_LOWERED_NOTED", set())
    logger = logging.getLogger("mkdocs.plugins.gesprekskit")
    monkeypatch.setattr(logger, "handlers", [*logger.handlers])  # restored without ours
    monkeypatch.setattr(logger, "level", logging.INFO)
    monkeypatch.setattr(logger, "disabled", False)
    caplog = _Notes()
    logger.addHandler(caplog)
    assert pdf_build.worker_count(100, 50) == 3  # memory for three
    assert pdf_build.worker_count(100, 50) == 3
    assert pdf_build.worker_count(100, 2) == 2  # never more than the documents
    notes = [record.getMessage() for record in caplog.records if "Note:" in record.getMessage()]
    assert len(notes) == 1 and "3 worker(s), not the 100 asked for" in notes[0], notes
    assert pdf_build.worker_count(0, 50) == 3 and pdf_build.worker_count(2, 50) == 2
    monkeypatch.setattr(pdf_build, "available_memory", lambda: None)
    assert pdf_build.worker_count(100, 50) == 4  # one per core when memory is not known
    assert len([r for r in caplog.records if "Note:" in r.getMessage()]) == 1


def _timed_document(folder: str, name: str, project: object, seconds: float = 0.4) -> None:
    """A whole document: notes when it started and ended."""
    started = time.time()
    time.sleep(seconds)
    Path(folder, name).write_text(f"{started} {time.time()}", encoding="utf-8")


def test_two_whole_documents_never_render_at_once_while_kits_remain(monkeypatch,
                                                                       tmp_path) -> None:
    """Two handbooks side by side were a large build's peak of memory (each worker laying out
    a handbook of every kit); the kits keep the second worker busy instead."""
    project, kits = _noted_kit_jobs(monkeypatch)
    documents = tmp_path / "documents"
    documents.mkdir()
    (tmp_path / "kits").mkdir()
    # Short documents: the 16 kits (20 ms each) outlast the first.
    jobs = [PoolJob(f"document {index}", functools.partial(_timed_document, str(documents),
                                                           f"{index}", seconds=0.1))
            for index in range(2)]
    finished: list[object] = []
    _render_in_pool(project, kits, {job: "key" for job in kits}, None,
                    PdfCache(tmp_path / "kits"), 2, finished.append, jobs)
    assert len(finished) == len(kits) + 2
    spans = sorted(tuple(map(float, path.read_text().split())) for path in documents.iterdir())
    assert spans[0][1] <= spans[1][0], spans  # the second began after the first ended
    last_kit = max(path.stat().st_mtime for path in (tmp_path / "kits").iterdir())
    assert spans[1][0] < last_kit  # ... while kits were still rendering beside it


def test_whole_documents_alone_still_render_side_by_side(monkeypatch, tmp_path) -> None:
    """With no kit to render beside them (a tip changed: both handbooks again), the documents
    share the workers: waiting would leave a core idle."""
    from build_tools.cli_project import open_project

    # Forked: a spawned worker's start on a busy machine can outlast a document.
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")
    project = load_project(open_project(REPO_ROOT).settings)
    documents = tmp_path / "documents"
    documents.mkdir()
    jobs = [PoolJob(f"document {index}", functools.partial(_timed_document, str(documents),
                                                           f"{index}", seconds=2.0))
            for index in range(2)]
    _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 2, [].append, jobs)
    spans = sorted(tuple(map(float, path.read_text().split())) for path in documents.iterdir())
    assert spans[1][0] < spans[0][1], spans  # the second began before the first ended


_BEFORE_RENDERING = """
import sys
from pathlib import Path
from build_tools import pdf_build

def probe(*args, **kwargs):
    print(sorted(name for name in ("weasyprint", "pikepdf", "pydyf") if name in sys.modules))
    raise SystemExit(0)

pdf_build._render_in_pool = probe
from build_tools.build import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_the_build_hands_its_documents_to_the_workers_without_loading_weasyprint(tmp_path
                                                                                 ) -> None:
    """The render workers start lean and load WeasyPrint themselves; the build loading it
    as well (for a handbook's settings, a workshop's sheet list) was 30 MB more in the
    build's own process, the largest of a large build."""
    import subprocess
    import sys

    from conftest import copy_example

    project = copy_example(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", _BEFORE_RENDERING, str(project),
                             str(tmp_path / "site")], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_a_spawned_worker_does_not_run_the_builds_main_module(monkeypatch, tmp_path) -> None:
    """Hostile finding: a user's `build.py` calling the command line without `if __name__ ==
    "__main__"` ran a second build inside every spawned worker, which died of it; the build
    then failed with "ended abruptly" (and `gesprekskit pdf` with a traceback)."""
    import sys
    import types

    from build_tools.cli_project import open_project

    marker = tmp_path / "main-ran"
    script = tmp_path / "build.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    users_main = types.ModuleType("__main__")
    users_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", users_main)
    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "spawn")
    project = load_project(open_project(REPO_ROOT).settings)
    notes = tmp_path / "notes"
    notes.mkdir()
    job = PoolJob("document", functools.partial(_note_process, str(notes), "done"))
    _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 1, [].append, [job])
    assert (notes / "done").exists()
    assert not marker.exists()
    assert sys.modules["__main__"] is users_main  # given back once the worker started


def _exit_abruptly(*args: object, **kwargs: object) -> bytes:
    os._exit(1)


def test_one_sheet_whose_worker_dies_is_a_message_not_a_traceback(monkeypatch) -> None:
    """`gesprekskit pdf` let BrokenProcessPool through as a traceback when its worker died."""
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.cli_project import open_project
    from build_tools.pdf_build import PdfRenderError, render_one_sheet

    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "fork")  # so the worker sees it
    monkeypatch.setattr(pdf_build, "_render_sheet_in_worker", _exit_abruptly)
    project = load_project(open_project(REPO_ROOT).settings)
    with pytest.raises(PdfRenderError, match="vragenblad sheet of 'groeigesprek' ended abruptly"):
        render_one_sheet(project, "groeigesprek", "vragenblad", language="nl",
                         brand=DEFAULT_BRAND)


_KILLED_WITH_WORKERS = """
import os, signal
from build_tools import pdf_build
context = pdf_build._worker_context()
locks = [context.Lock() for _ in range(3)]  # what a pool's queues hold
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_build_leaves_no_note_of_leaked_semaphores(tmp_path) -> None:
    """Hostile finding: after `kill -9` of a build (or SIGTERM to a plain `mkdocs serve`)
    Python's resource tracker printed "UserWarning: resource_tracker: There appear to be 3
    leaked semaphore objects" with a path into Python: spawned workers bring the tracker."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", _KILLED_WITH_WORKERS], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == -9
    assert "leaked" not in result.stderr and "Warning" not in result.stderr, result.stderr


def _spawned_document(monkeypatch, tmp_path) -> Path:
    """Render one document (it notes `done`) in a spawned worker; the notes folder."""
    from build_tools.cli_project import open_project

    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "spawn")
    project = load_project(open_project(REPO_ROOT).settings)
    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    job = PoolJob("document", functools.partial(_note_process, str(notes), "done"))
    _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 1, [].append, [job])
    return notes


def test_workers_start_from_a_current_folder_that_was_removed(monkeypatch, tmp_path) -> None:
    """Hostile finding: a shell left in a removed folder (an old `site/` a build swapped out)
    made every spawned worker's start fail with a FileNotFoundError traceback."""
    gone = tmp_path / "old-site"
    gone.mkdir()
    monkeypatch.chdir(gone)  # back where the test began afterwards
    gone.rmdir()
    assert (_spawned_document(monkeypatch, tmp_path) / "done").exists()
    with pytest.raises(FileNotFoundError):  # the build is still where it was
        os.getcwd()


def test_a_python_file_in_the_current_folder_does_not_replace_pythons_own(monkeypatch,
                                                                           tmp_path) -> None:
    """Hostile finding: `gesprekskit build` run from a folder holding a `pickle.py` (or
    `signal.py`, `socket.py`) loaded that file into every spawned worker, which died of it."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    marker = tmp_path / "shadow-loaded"
    (folder / "signal.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    safe_path = os.environ.get("PYTHONSAFEPATH")
    notes = _spawned_document(monkeypatch, tmp_path)
    assert (notes / "done").exists() and not marker.exists()
    assert os.environ.get("PYTHONSAFEPATH") == safe_path  # as it was, for what runs next


def _refuse_a_file(project: object) -> None:
    from build_tools.sheets.fetcher import FetchRefused

    raise FetchRefused("file:///etc/hostname", "kits/een.yml", "outside the project")


def _not_fit(project: object) -> None:
    from build_tools.diagnostics import DiagnosticReport, GesprekskitError, Location

    report = DiagnosticReport()
    report.error(Location(Path("kits/een.yml"), 12, 5), "the plate does not fit", "shorten it")
    raise GesprekskitError(report, "does not fit")


@pytest.mark.parametrize(("render", "expected"), [
    (_refuse_a_file, "kits/een.yml: the sheet may not load 'file:///etc/hostname': outside"),
    (_not_fit, "kits/een.yml:12:5: error: the plate does not fit"),
])
def test_a_render_failure_crosses_from_a_spawned_worker_located(monkeypatch, tmp_path, render,
                                                                 expected) -> None:
    """A refused file or a sheet that cannot fit reaches the build as its located message,
    through a spawned worker's pickling, and the worker is gone afterwards."""
    import multiprocessing

    from build_tools.brand import DEFAULT_BRAND
    from build_tools.cli_project import open_project
    from build_tools.pdf_build import PdfRenderError, render_languages

    monkeypatch.setattr(pdf_build, "WORKER_START_METHOD", "spawn")
    project = load_project(open_project(REPO_ROOT).settings)
    before = set(multiprocessing.active_children())
    with pytest.raises(PdfRenderError) as raised:
        render_languages(project, [], DEFAULT_BRAND, cache_dir=tmp_path / "cache",
                         extra=[PoolJob("the handbook (nl)", render)])
    assert expected in str(raised.value)
    assert set(multiprocessing.active_children()) <= before


def _note_blocked_signals(path: str) -> None:
    import signal

    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    Path(path).write_text(str(int(signal.SIGINT in blocked)), encoding="utf-8")


def test_a_worker_starts_python_with_ctrl_c_held(tmp_path) -> None:
    """Hostile finding: Ctrl-C (sent to the terminal's whole process group) while a spawned
    worker was still starting Python printed "Fatal Python error: init_import_site" and a
    traceback from the worker. It now starts with SIGINT blocked, until it ignores it."""
    import multiprocessing
    import signal

    note = tmp_path / "blocked"
    with pdf_build._worker_start():
        process = multiprocessing.get_context("spawn").Process(
            target=_note_blocked_signals, args=(str(note),))
        process.start()
    process.join(60)
    assert note.read_text(encoding="utf-8") == "1"
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # ours again


def test_an_interrupt_before_the_workers_start_leaves_no_scratch_folder(monkeypatch,
                                                                        tmp_path) -> None:
    """Hostile review: Ctrl-C after the project file was written into the render's scratch
    folder, before the render's clean-up was in place (while memory was given back or the
    links gathered), left the folder with its project file in TMPDIR."""
    import tempfile

    from build_tools.cli_project import open_project

    project = load_project(open_project(REPO_ROOT).settings)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def interrupted() -> None:
        assert any(temp.glob(f"*/{pdf_build.PROJECT_FILE}"))  # written, then the Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_build, "release_memory", interrupted)
    job = PoolJob("handbook", functools.partial(_note_process, str(tmp_path), "never"))
    with pytest.raises(KeyboardInterrupt):
        _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 1, [].append, [job])
    assert list(temp.iterdir()) == []


def test_a_second_interrupt_during_the_clean_up_leaves_no_scratch_folder(monkeypatch,
                                                                         tmp_path) -> None:
    """Hostile review: `timeout -s TERM 40 gesprekskit build` left gesprekskit-render-*/ with
    project.pickle in TMPDIR: timeout signals the build, then its process group (the build a
    second time), and the second signal landed in the clean-up, before the folder went."""
    import signal
    import tempfile

    from concurrent.futures import ProcessPoolExecutor

    from build_tools.cli_project import open_project

    project = load_project(open_project(REPO_ROOT).settings)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    shutdown = ProcessPoolExecutor.shutdown

    def shutdown_then_signal(self, *args, **kwargs) -> None:
        shutdown(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # the second signal, during the clean-up
        time.sleep(0.2)

    def first_interrupt(job: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", shutdown_then_signal)
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        job = PoolJob("handbook", functools.partial(_note_process, str(tmp_path), "done"))
        with pytest.raises(KeyboardInterrupt):
            _render_in_pool(project, [], {}, None, PdfCache(tmp_path / "cache"), 1,
                            first_interrupt, [job])
    finally:
        signal.signal(signal.SIGINT, handler)
    assert list(temp.iterdir()) == []


def test_a_render_after_a_render_scratch_ended_in_the_same_process(tmp_path) -> None:
    """`workshop` and `export` render in a scratch folder of their own, gone when they end;
    the fonts of that render went with it, and the next render in the same process (a planner
    in the build, a pytest worker) wrote into a folder that no longer existed."""
    from build_tools.brand_file import load_brand
    from build_tools.cli_project import open_project
    from build_tools.sheets.render import render_sheet
    from conftest import copy_example

    root = copy_example(tmp_path / "project")
    project = load_project(open_project(root).settings)
    # A brand font: its @font-face is written into the configuration's folder by every sheet.
    brand, _ = load_brand(root / "brands" / "het-anker" / "_brand.yml", root,
                          cache_dir=root / ".cache")
    kit = project.kit("temperatuurgesprek")
    with pdf_build.render_scratch():
        first = render_sheet(project, kit, "vervolgafspraken", language="nl", brand=brand)
    second = render_sheet(project, kit, "vervolgafspraken", language="nl", brand=brand)
    assert first[:5] == second[:5] == b"%PDF-"


def test_a_brand_font_replaced_under_its_name_is_drawn_in_the_same_process(tmp_path) -> None:
    """WeasyPrint keeps a font by its @font-face rule: a process that rendered before (the
    build's wall planner under `serve`) went on drawing the old file."""
    import io

    from pypdf import PdfReader

    from build_tools.brand_file import load_brand
    from build_tools.cli_project import open_project
    from build_tools.sheets.render import render_sheet
    from conftest import copy_example

    def bold(pdf: bytes) -> bytes:
        """The embedded program of the bold font (its name comes from the @font-face rule)."""
        for page in PdfReader(io.BytesIO(pdf)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                if str(font["/BaseFont"]).endswith("Lato-Bold"):
                    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                    return descriptor.get_object()["/FontFile2"].get_object().get_data()
        raise AssertionError("no bold text on the sheet: no longer a test")

    root = copy_example(tmp_path / "project")
    project = load_project(open_project(root).settings)
    brand_file = root / "brands" / "het-anker" / "_brand.yml"
    kit = project.kit("temperatuurgesprek")
    brand, _ = load_brand(brand_file, root, cache_dir=root / ".cache")
    before = bold(render_sheet(project, kit, "vervolgafspraken", language="nl", brand=brand))
    folder = brand_file.parent / "fonts"
    (folder / "Lato-Bold.ttf").write_bytes((folder / "Lato-BoldItalic.ttf").read_bytes())
    brand, _ = load_brand(brand_file, root, cache_dir=root / ".cache")
    after = bold(render_sheet(project, kit, "vervolgafspraken", language="nl", brand=brand))
    assert after != before, "the replaced font file was drawn"
