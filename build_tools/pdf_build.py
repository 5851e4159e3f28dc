"""Render the PDFs of a whole project: in parallel worker processes, and only what changed.

Each kit's sheets are cached under a key made of everything they are made from: the kit file,
the files of the tips it shows, the language, the brand (file contents included), the whole
Gesprekskit package (code, templates, stylesheets, fonts, translations) and the WeasyPrint
version. A changed input gives a new key, so the cache never serves a stale PDF.

Workers write their PDFs straight into the cache and the site is copied from there, so the
main process holds paths, not PDFs: memory stays flat however many kits a guide has.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import __version__
from .brand import Brand
from .diagnostics import GesprekskitError
from .loader import Project
from .model import Kit
from .i18n import project_label_file
from .rendering import PACKAGE_ROOT
from .scratch import RENDER_PREFIX, TEMP_PREFIXES, make_scratch, sweep_stale
from .sheets.errors import SheetError
from .sheets.fonts import kit_font_plan
from .sheets.links import remember_text_links, sheet_link_targets, sheet_text_links
from .text_links import TextLinks
from .worker_memory import release_memory, resident_memory, trim_heap

CACHE_FORMAT = "1"
#: No kit may take longer than this to render: a pathological input cannot hang a build.
RENDER_TIMEOUT_SECONDS = 300


class PdfRenderError(Exception):
    """The PDFs could not be made: a render took too long, or a sheet asked for a file it may
    not read. The message names the kit."""




class RenderTimeout(PdfRenderError):
    """Rendering stopped because no kit finished within the time limit."""


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class PoolJob:
    """A document rendered by the kits' workers beside their sheets (a handbook, a workshop's
    sheets).

    Submitted before the kits, in the order given (the longest first): such a job takes longer
    than a kit, and started last it would keep one core busy while the others idle. `render`
    runs in a worker with the project (a module-level function or a `functools.partial` of
    one: it is pickled); `finished` runs in the build once it succeeded. A `time_limit` above
    `RENDER_TIMEOUT_SECONDS` holds while it runs: a long document may take longer than any
    one kit.
    """

    label: str
    render: Callable[[Project], None]
    finished: Callable[[], None] = _nothing
    time_limit: float = 0.0


@dataclass(frozen=True)
class RenderStats:
    kits: int
    rendered_kits: int
    cached_kits: int

    @property
    def rendered_pdfs(self) -> int:
        from .sheets.registry import SHEET_TYPES

        return self.rendered_kits * (len(SHEET_TYPES) + 1)


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A digest of every file Gesprekskit renders with: a change anywhere invalidates the cache."""
    from importlib.metadata import version  # not `import weasyprint`: a no-op build skips it

    digest = hashlib.sha256(f"{__version__}/{version('weasyprint')}/{CACHE_FORMAT}".encode())
    for path in sorted(PACKAGE_ROOT.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def kit_cache_key(project: Project, kit: Kit, language: str, brand: Brand) -> str:
    """Everything the PDFs of one kit in one language and brand depend on."""
    digest = hashlib.sha256()
    settings = project.settings
    for part in (package_fingerprint(), language, settings.default_language, brand.cache_key,
                 kit.id, settings.site_url, settings.kits_section, str(settings.directory_urls)):
        digest.update(part.encode() + b"\0")
    # The bytes the loader parsed, not the file as it is now: a save during a build (serve)
    # must not store the old render under the new file's key.
    digest.update(kit.digest.encode())
    # The fonts the sheets draw with (the language's own and the machine's), by contents.
    digest.update(kit_font_plan(project, kit, language, brand).fingerprint.encode())
    # Project labels and the fallback chain shape the texts too.
    context = project.settings.context(language)
    digest.update(repr(context.fallback).encode())
    for code in (language, *context.fallback):
        label_file = project_label_file(project.settings.locales_dir, code)
        if label_file is not None:
            digest.update(label_file.read_bytes())
    # Where the kit's relative links lead (a kit or tip named by its file is a link only while
    # it exists); not the list of all kits, so adding a kit does not render every kit again.
    digest.update(sheet_link_targets(project, kit).encode())
    for tip in sorted(project.tips_of(kit), key=lambda tip: tip.id):
        digest.update(tip.id.encode() + b"\0" + tip.digest.encode())
    return digest.hexdigest()


class PdfCache:
    """Content-addressed folders of PDFs: `<root>/<key[:2]>/<key>/<sheet>.pdf`.

    The build hands these files to MkDocs by path, so no PDF is ever held in memory by the
    main process, however many kits a guide has.

    The cache does not grow without end. `current/` remembers, per kit, language and brand,
    the entry last rendered: a new render removes the entry it replaces (the old version of
    an edited kit). Entries no build has used for `UNUSED_DAYS` days (a deleted kit, a brand
    no longer built) are removed too.
    """

    UNUSED_DAYS = 30
    #: Leftovers of a build that was killed while writing an entry.
    ABANDONED_SECONDS = 3600

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, sheets: list[str]) -> dict[str, Path] | None:
        """The entry's files, or None unless every sheet is there. Marks the entry as used."""
        folder = self.folder(key)
        paths = {sheet: folder / f"{sheet}.pdf" for sheet in sheets}
        if not all(path.is_file() for path in paths.values()):
            return None
        try:
            os.utime(folder)
        except OSError:
            pass
        return paths

    def _pointer(self, kit_id: str, language: str, brand: Brand) -> Path:
        group = hashlib.sha256(f"{language}\0{brand.cache_key}".encode()).hexdigest()[:16]
        return self.root / "current" / group / kit_id

    def supersede(self, kit_id: str, language: str, brand: Brand, key: str) -> None:
        """Record `key` as this kit's entry, and remove the entry it replaces."""
        pointer = self._pointer(kit_id, language, brand)
        try:
            previous = pointer.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            previous = ""
        pointer.parent.mkdir(parents=True, exist_ok=True)
        staging = pointer.with_name(f".{kit_id}.{os.getpid()}")
        staging.write_text(key, encoding="ascii")
        os.replace(staging, pointer)
        if previous and previous != key and len(previous) == len(key) and previous.isalnum():
            shutil.rmtree(self.folder(previous), ignore_errors=True)

    def prune_unused(self) -> None:
        """Remove entries unused for `UNUSED_DAYS` days and abandoned partial writes."""
        now = time.time()
        for shard in self.root.glob("[0-9a-f][0-9a-f]"):
            for entry in shard.iterdir():
                try:
                    age = now - entry.stat().st_mtime
                except OSError:
                    continue
                abandoned = entry.name.startswith((".partial-", ".stale-"))
                if age > (self.ABANDONED_SECONDS if abandoned else self.UNUSED_DAYS * 86400):
                    shutil.rmtree(entry, ignore_errors=True)

    def put(self, key: str, pdfs: dict[str, bytes]) -> None:
        """Write a complete entry under a temporary name, then rename: never half an entry.

        An entry already there is swapped out: it was damaged or incomplete, or this is a
        `--no-cache` build, which trusts nothing it finds.
        """
        folder = self.folder(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))
        stale = None
        try:
            for sheet, content in pdfs.items():
                (staging / f"{sheet}.pdf").write_bytes(content)
            if folder.exists():
                stale = Path(tempfile.mkdtemp(prefix=".stale-", dir=folder.parent))
                os.rename(folder, stale / "entry")
            os.rename(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if stale is not None:
                shutil.rmtree(stale, ignore_errors=True)


# --- worker processes ----------------------------------------------------------------------------

#: How render workers start: "spawn", a fresh interpreter that loads the rendering code alone
#: (about 80 MB) and receives with each job the part of the project it renders (`KitWork`). A
#: forked worker carried the whole build into every worker (the plan of every kit, the site's
#: modules): at N = 200 three processes of 170 MB and more before any rendering. Tests that
#: replace a worker function in this process ask for "fork", whose workers see the change.
WORKER_START_METHOD = "spawn"


def _worker_context() -> multiprocessing.context.BaseContext:
    if WORKER_START_METHOD != "fork":
        _start_resource_tracker_quietly()
    return multiprocessing.get_context(WORKER_START_METHOD)


#: The resource tracker's note about a build that died (kill -9, a plain `mkdocs serve` ended
#: by SIGTERM, the OOM killer): it removes the pool's semaphores and says so.
_TRACKER_NOTE = "ignore::UserWarning:multiprocessing.resource_tracker"


def _start_resource_tracker_quietly() -> None:
    """Spawned workers bring Python's resource tracker, a process that outlives a killed build
    for a moment to remove its semaphores, and then printed "UserWarning: resource_tracker:
    There appear to be 10 leaked semaphore objects" with a path into Python below the user's
    prompt. The clean-up is welcome, the note is not: the tracker starts with it ignored (it
    takes this process's warning options)."""
    from multiprocessing import resource_tracker

    sys.warnoptions.append(_TRACKER_NOTE)
    try:
        with _own_modules_only():
            resource_tracker.ensure_running()
    finally:
        sys.warnoptions.remove(_TRACKER_NOTE)


@contextlib.contextmanager
def _own_modules_only() -> Iterator[None]:
    """A spawned process starts as `python -c ...`, which puts the current folder first on
    its module path until it takes the build's: a `signal.py`, `pickle.py` or `socket.py` in
    the folder the build was started from replaced Python's own in every worker, which died
    ("ended abruptly"). PYTHONSAFEPATH (Python 3.11) keeps the folder off that path."""
    before = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = before


@contextlib.contextmanager
def _worker_start() -> Iterator[None]:
    """Around a worker's start: a spawned worker runs the build's main module again first, so
    a user's `build.py` that calls the command line without `if __name__ == "__main__"` ran a
    second build inside every worker (which then died: "ended abruptly"), and `mkdocs build`
    loaded all of MkDocs' command line into each. Workers need nothing from that module (their
    jobs are functions of this package), so they are shown a main module without a file."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    # Ctrl-C reaches every process of the terminal's group, a worker still starting Python
    # too, which printed "Fatal Python error: init_import_site" and a traceback: the worker
    # starts with SIGINT blocked (its mask is inherited) until it ignores it for good. The
    # resource tracker is running by now (`_worker_context`, before the pool was made):
    # starting, it would unblock SIGINT again.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with _current_folder_that_exists(), _own_modules_only():
            yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # last: a Ctrl-C waiting lands now


@contextlib.contextmanager
def _current_folder_that_exists() -> Iterator[None]:
    """A spawned worker starts in the build's current folder, which Python looks up by name:
    a shell left in a folder since removed (an old `site/` a build swapped out) made every
    render fail with a traceback (FileNotFoundError in multiprocessing). The worker needs no
    current folder: it starts in / then, and the build returns to where it was."""
    try:
        os.getcwd()
    except FileNotFoundError:
        pass
    else:
        yield
        return
    where = os.open(".", os.O_RDONLY)
    try:
        os.chdir("/")
        try:
            yield
        finally:
            os.fchdir(where)
    finally:
        os.close(where)


@dataclass(frozen=True)
class KitWork:
    """What a worker needs to render one kit's sheets: the project cut down to the settings,
    the kit and its tips, and the sheets' link rule (`sheets.links.sheet_text_links`), made
    once by the build for every kit. Small to send: a job carries its own."""

    project: Project
    links: TextLinks

    @classmethod
    def of(cls, project: Project, kit_id: str, links: TextLinks) -> KitWork:
        kit = project.kit(kit_id)
        return cls(Project(project.settings, [kit], list(project.tips_of(kit))), links)

    def prepared(self) -> Project:
        """The project to render from, its link rule in place (the worker computes none)."""
        remember_text_links(self.project, self.links)
        return self.project


def worker_links(project: Project) -> TextLinks:
    """The sheets' link rule, to send to workers: without the page-anchor lookup (sheets check
    no anchors, and it holds the pages it read)."""
    return replace(sheet_text_links(project), anchors=None)


def _init_worker(scratch: str | None = None) -> None:
    """Runs once in each worker. WeasyPrint's font configurations keep their fonts in a
    temporary folder they remove only when garbage-collected, which a worker process never is:
    `scratch`, removed by the main process, keeps those folders from piling up in /tmp."""
    if scratch is not None:
        tempfile.tempdir = scratch


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a build killed by SIGKILL: it would go on writing into the
    build's temporary folder after the next build removed it (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)


def _start_pool_worker(scratch: str, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build's own handler is not for workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    _init_worker(scratch)
    _quiet_garbage_collector()  # for the worker's whole life: it only renders


#: WeasyPrint makes hundreds of thousands of short-lived objects per sheet; with Python's
#: default threshold (700) the collector runs thousands of times per kit, and its full passes
#: walk everything the process imported. Fewer, younger passes: a few percent per kit.
_RENDER_GC_THRESHOLD = (50_000, 20, 20)


def _quiet_garbage_collector() -> tuple[int, int, int]:
    """Leave what is loaded so far to the collector's permanent generation and collect less
    often; returns the thresholds to restore."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_RENDER_GC_THRESHOLD)
    return previous


def _render_in_worker(work: KitWork, kit_id: str, language: str, brand: Brand
                      ) -> dict[str, bytes]:
    from .sheets.render import render_kit

    project = work.prepared()
    return render_kit(project, project.kit(kit_id), language=language, brand=brand)


def _render_into_cache(work: KitWork, kit_id: str, language: str, brand: Brand,
                       cache_root: Path, key: str) -> str:
    """Render one kit and store it; only the kit id travels back to the main process."""
    PdfCache(cache_root).put(key, _render_in_worker(work, kit_id, language, brand))
    release_memory()
    return kit_id


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


#: What one render worker may need at its peak (a handbook's layout, WeasyPrint's caches): the
#: memory-based ceiling of workers. A machine that cannot say how much is free has none.
WORKER_MEMORY_BYTES = 500 * 1024 * 1024
#: The requested worker counts already said to be lowered: a note once per process, not per
#: language, brand or serve rebuild.
_LOWERED_NOTED: set[int] = set()


def available_memory() -> int | None:
    """The memory the system can give without swapping (Linux's MemAvailable), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def machine_workers() -> int:
    """The most workers that can run at once here: one per core, and no more than the free
    memory holds (a worker more than the cores only waits; more than memory holds swaps or is
    killed)."""
    cores = default_jobs()
    memory = available_memory()
    if memory is None:
        return cores
    return max(1, min(cores, memory // WORKER_MEMORY_BYTES))


def worker_count(requested: int, documents: int) -> int:
    """How many workers render `documents`: `requested` (0: one per core), never more than the
    documents nor than the machine can run (`machine_workers`). A requested number that the
    machine lowers is said once, as a note: the build goes on."""
    ceiling = machine_workers()
    workers = min(requested or default_jobs(), ceiling)
    if requested > ceiling and requested not in _LOWERED_NOTED:
        _LOWERED_NOTED.add(requested)
        memory = available_memory()
        free = f", {memory / 1024 ** 3:.1f} GB of memory free" if memory is not None else ""
        logging.getLogger("mkdocs.plugins.gesprekskit").info(
            f"Note: rendering PDFs with {ceiling} worker(s), not the {requested} asked for "
            f"(jobs / --jobs): that is what this machine runs at once ({default_jobs()} "
            f"core(s){free}, about {WORKER_MEMORY_BYTES // 1024 ** 2} MB per worker)")
    return max(1, min(workers, documents))


#: What the progress counts: the pool's jobs, each one document in one language (a kit's
#: sheets, a workshop's sheets, a handbook).
PROGRESS_UNIT = "document(s) × language(s)"
ProgressCallback = Callable[[int, int], None]
PdfPaths = dict[str, dict[str, Path]]


def render_project(project: Project, language: str, brand: Brand, *, cache_dir: Path,
                   jobs: int = 0, use_cache: bool = True,
                   progress: ProgressCallback | None = None) -> tuple[PdfPaths, RenderStats]:
    """Every sheet of every kit as a file in the cache: {kit id: {sheet: path}}.

    Kits whose entry is already in the cache are not rendered, unless `use_cache` is off.
    """
    paths, stats = render_languages(project, [language], brand, cache_dir=cache_dir, jobs=jobs,
                                    use_cache=use_cache, progress=progress)
    return paths[language], stats[language]


def render_languages(project: Project, languages: list[str], brand: Brand, *, cache_dir: Path,
                     jobs: int = 0, use_cache: bool = True,
                     progress: ProgressCallback | None = None, extra: Sequence[PoolJob] = ()
                     ) -> tuple[dict[str, PdfPaths], dict[str, RenderStats]]:
    """`render_project` for several languages at once: one pool of workers for all of them,
    so a two-language guide starts its workers once and never leaves a core idle between
    the languages. `extra` documents (the handbooks, the workshops' sheets) share the pool,
    submitted first in their order."""
    check_fonts(project, languages, brand)
    try:
        return _render(project, languages, brand, jobs, PdfCache(cache_dir), use_cache, progress,
                       extra)
    except GesprekskitError as error:  # a sheet that no layout can hold, located in its kit
        raise PdfRenderError(error.report.format(project.settings.root)) from None
    except SheetError as error:  # a refused file, a sheet too full: named in the message
        raise PdfRenderError(str(error)) from None


Job = tuple[str, str]  # (language, kit id)


def check_fonts(project: Project, languages: list[str], brand: Brand,
                kit: Kit | None = None) -> None:
    """Refuse to render (never tofu) when some character of a language has no font: in any
    kit, or in `kit` alone (`gesprekskit pdf` renders one kit while another is broken)."""
    from .diagnostics import DiagnosticReport
    from .fonts import report_missing
    from .sheets.fonts import kit_font_plan, project_font_plans

    report = DiagnosticReport()
    plans = project_font_plans(project, languages, brand) if kit is None else \
        [kit_font_plan(project, kit, language, brand) for language in languages]
    for plan in plans:
        report_missing(plan, report, project.settings.root)
    if report.errors:
        raise PdfRenderError(report.format(project.settings.root))


def _render(project: Project, languages: list[str], brand: Brand, jobs: int, cache: PdfCache,
            use_cache: bool, progress: ProgressCallback | None, extra: Sequence[PoolJob] = ()
            ) -> tuple[dict[str, PdfPaths], dict[str, RenderStats]]:
    from .sheets.registry import COMPLETE, SHEET_TYPES

    sheets = [sheet.name for sheet in SHEET_TYPES] + [COMPLETE]
    keys = {(language, kit.id): kit_cache_key(project, kit, language, brand)
            for language in languages for kit in project.kits}
    entries = {job: cache.get(key, sheets) if use_cache else None for job, key in keys.items()}
    missing = [job for job, entry in entries.items() if entry is None]
    if missing or extra:
        # What killed builds, bundles and servers left in the temp folder.
        sweep_stale(None, TEMP_PREFIXES)
    done, total = 0, len(missing) + len(extra)
    if progress:
        progress(done, total)

    def finished(job: Job | PoolJob) -> None:
        nonlocal done
        if isinstance(job, PoolJob):
            job.finished()
        else:
            cache.supersede(job[1], job[0], brand, keys[job])
        done += 1
        if progress:
            progress(done, total)

    if missing or extra:
        # Always in worker processes, one job too: only a process can be stopped when a kit
        # runs past the time limit.
        _render_in_pool(project, missing, keys, brand, cache,
                        worker_count(jobs, len(missing) + len(extra)), finished, extra)
    if missing:  # a build that rendered nothing has changed nothing worth tidying
        cache.prune_unused()
    for job in missing:
        entries[job] = cache.get(keys[job], sheets)
        if entries[job] is None:  # removed while we were building: build again to render it
            raise PdfRenderError(f"the PDF cache entry of kit '{job[1]}' disappeared during the "
                                 f"build ({cache.folder(keys[job])}); build again")
    paths: dict[str, PdfPaths] = {language: {} for language in languages}
    for (language, kit_id), entry in entries.items():
        assert entry is not None
        paths[language][kit_id] = entry
    stats = {}
    for language in languages:
        rendered = sum(1 for job in missing if job[0] == language)
        stats[language] = RenderStats(len(project.kits), rendered, len(project.kits) - rendered)
    return paths, stats


#: The whole project for whole documents, in the render's scratch folder (see `_run_pool_job`).
PROJECT_FILE = "project.pickle"


def _run_pool_job(render: Callable[[Project], None], project_file: str) -> None:
    """A whole document (a handbook, a workshop) needs the whole project. The build pickles it
    once into a file of its scratch folder (pickling it for every such job left the build's heap
    fragmented, about 20 MB at N = 200) and the worker reads it from there: sent as bytes with
    the job, its 8.5 MB at N = 200 stayed in the build and in the worker for the whole render."""
    with open(project_file, "rb") as file:
        project = pickle.load(file)
    render(project)
    del project
    release_memory()


#: When a worker is replaced by a fresh one. A worker's native caches (fonts per size, shaping)
#: grow by about 1 MB with every kit even after `release_memory`, and a large document (a
#: handbook of every kit) leaves more; a fresh worker starts from about 140 MB again, but costs
#: loading the rendering code and warming those caches (about 2.5 CPU s). So a worker is
#: replaced once it holds more than `WORKER_MEMORY_LIMIT` after a job (or `WORKER_GROWTH` more
#: than a fresh worker did, on a system whose workers are larger anyway), and after
#: `KITS_PER_WORKER` kits where its memory cannot be read.
WORKER_MEMORY_LIMIT = 150 * 2**20
WORKER_GROWTH = 16 * 2**20
KITS_PER_WORKER = 12


def _job_in_worker(job: Callable[..., object], *args: object) -> int | None:
    """Run one job in a worker; what the worker holds after it (`resident_memory`), for the
    build to replace a worker that has grown."""
    job(*args)
    return resident_memory()


def _render_in_pool(project: Project, missing: list[Job], keys: dict[Job, str], brand: Brand,
                    cache: PdfCache, workers: int, finished: Callable[[Job | PoolJob], None],
                    extra: Sequence[PoolJob] = ()) -> None:
    """Render the jobs in `workers` processes, each a one-worker pool of its own (a slot), so
    that one worker can be replaced (see `KITS_PER_WORKER`) while the others go on."""
    # The longest documents first (the handbooks and workshops, then the biggest kits): the
    # last job to finish is then a small one, and no core waits long for it.
    order = sorted(missing, key=lambda job: -project.kit(job[1]).path.stat().st_size)
    queue: list[Job | PoolJob] = [*extra, *order]
    queue.reverse()  # taken from the end
    with _sigterm_held():
        scratch = str(make_scratch(RENDER_PREFIX))
    project_file = os.path.join(scratch, PROJECT_FILE)
    links: TextLinks | None = None
    slots: list[ProcessPoolExecutor | None] = [None] * workers
    rendered = [0] * workers  # kits rendered by each slot's current worker
    grown = [False] * workers  # the slot's worker holds more than it should after its last job
    fresh: list[int] = []  # what workers held after their first kit
    running: dict[Future[object], tuple[int, Job | PoolJob]] = {}
    others = set(multiprocessing.active_children())

    def start(slot: int, job: Job | PoolJob) -> None:
        with _sigterm_held():
            pool = slots[slot]
            if pool is None or grown[slot]:
                if pool is not None:
                    pool.shutdown(wait=True)  # idle: its worker ends at once
                pool = slots[slot] = ProcessPoolExecutor(
                    max_workers=1, mp_context=_worker_context(), initializer=_start_pool_worker,
                    initargs=(scratch, os.getpid()))
                rendered[slot], grown[slot] = 0, False
            if isinstance(job, PoolJob):
                with _worker_start():  # a submit starts the slot's worker if it has none
                    future = pool.submit(_job_in_worker, _run_pool_job, job.render, project_file)
            else:
                language, kit_id = job
                assert links is not None
                with _worker_start():
                    future = pool.submit(_job_in_worker, _render_into_cache,
                                         KitWork.of(project, kit_id, links), kit_id, language,
                                         brand, cache.root, keys[job])
                rendered[slot] += 1
            running[future] = (slot, job)

    def note_memory(slot: int, job: Job | PoolJob, held: int | None) -> None:
        """Whether the slot's worker is to be replaced before its next job."""
        if held is None:
            grown[slot] = isinstance(job, PoolJob) or rendered[slot] >= KITS_PER_WORKER
            return
        if not isinstance(job, PoolJob) and rendered[slot] == 1:
            fresh.append(held)
        limit = max(WORKER_MEMORY_LIMIT, min(fresh, default=0) + WORKER_GROWTH)
        grown[slot] = held > limit

    def take() -> Job | PoolJob:
        """The next job. A whole document waits while another renders and kits remain: two
        at once are a build's peak of memory (a handbook of 200 kits holds about 200 MB in
        its worker), and the kits keep the other core busy meanwhile."""
        if isinstance(queue[-1], PoolJob) and any(isinstance(job, PoolJob)
                                                  for _, job in running.values()):
            for index in range(len(queue) - 1, -1, -1):
                if not isinstance(queue[index], PoolJob):
                    return queue.pop(index)
        return queue.pop()

    try:
        # Inside the try: a Ctrl-C while the project file is written, or the links are
        # gathered, left the scratch folder with its project file behind.
        if extra:
            with open(project_file, "wb") as file:
                pickle.dump(project, file, pickle.HIGHEST_PROTOCOL)
        # What planning the build left behind (parsed YAML, validation's temporaries) goes
        # back to the system before the workers start: the build waits through the whole
        # render (about 20 MB at N = 200).
        release_memory()
        links = worker_links(project) if missing else None
        while queue or running:
            idle = sorted(set(range(workers)) - {slot for slot, _ in running.values()})
            for slot in idle[:len(queue)]:
                start(slot, take())
            jobs = [job for _, job in running.values()]
            limit = max([RENDER_TIMEOUT_SECONDS] + [job.time_limit for job in jobs
                                                    if isinstance(job, PoolJob)])
            done_now, _ = wait(running, timeout=limit, return_when=FIRST_COMPLETED)
            if not done_now:  # the workers are stopped below, as for any failure
                busy = ([job.label for job in jobs if isinstance(job, PoolJob)]
                        + sorted({job[1] for job in jobs if not isinstance(job, PoolJob)}))
                raise RenderTimeout(f"rendering stopped: nothing finished within {limit:.0f} s "
                                    f"(still busy: {', '.join(busy)})")
            for future in done_now:
                try:
                    held = future.result()
                except BrokenProcessPool:
                    job = running[future][1]
                    label = job.label if isinstance(job, PoolJob) else f"kit '{job[1]}'"
                    raise PdfRenderError(
                        f"rendering stopped: the worker rendering {label} ended abruptly "
                        "(killed, or out of memory); build again, with fewer --jobs if memory "
                        "is short") from None
                slot, job = running.pop(future)
                note_memory(slot, job, held if isinstance(held, int) else None)
                finished(job)
                trim_heap()
    except BaseException:
        # Ctrl-C, SIGTERM, a job that failed or a worker that was killed: the build stops now,
        # not after the documents in progress (the finally would wait for them, minutes for
        # a handbook, while the progress line goes on as if nothing happened).
        _stop_workers(others)
        raise
    finally:
        _clean_up(slots, scratch)


@contextlib.contextmanager
def render_scratch() -> Iterator[None]:
    """The temporary files of a render in this process (WeasyPrint's fonts, the handbook's
    parts) in a scratch folder of its own, gone when the render ends or is interrupted, and
    swept by the next build when the process was killed: they went straight into TMPDIR, and
    a SIGTERM to `handbook` or `workshop` left them there."""
    with _sigterm_held():
        scratch = str(make_scratch(RENDER_PREFIX))
    previous = tempfile.tempdir
    tempfile.tempdir = scratch
    try:
        yield
    finally:
        tempfile.tempdir = previous
        _clean_up([], scratch)


def _clean_up(pools: Sequence[ProcessPoolExecutor | None], scratch: str) -> None:
    """Shut the pools down and remove the scratch folder, a further Ctrl-C or SIGTERM waiting
    until both are done: `timeout` signals the build and then its whole process group (the
    build twice), and a second signal in the middle left the folder with its project file."""
    with _sigterm_held():
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _sigterm_held() -> Iterator[None]:
    """A SIGTERM or Ctrl-C (KeyboardInterrupt, see cli) waits while a temporary folder is made
    or a worker starts: there it would escape the clean-up, or cut the worker's start short (a
    spawned worker read half of what it is sent and printed a traceback). Blocking the signal
    in this thread is not enough: another thread of the build (the progress line's) takes it
    and Python runs the handler here all the same; so the handler itself waits, then runs."""
    held = {signal.SIGTERM, signal.SIGINT}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    if threading.current_thread() is not threading.main_thread():  # handlers run in main
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return
    caught: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: caught.append(number))
                for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for number in dict.fromkeys(caught):
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            elif handler != signal.SIG_IGN:  # the default action: delivered again
                os.kill(os.getpid(), number)


def _stop_workers(others: set[multiprocessing.process.BaseProcess]) -> None:
    """Kill the pool's workers at once: the children started since `others` was taken (the
    executor has no public way to stop a worker that is busy)."""
    for process in multiprocessing.active_children():
        if process not in others:
            process.kill()


def _render_sheet_in_worker(work: KitWork, kit_id: str, sheet: str, language: str,
                            brand: Brand, paper: str | None) -> bytes:
    from .sheets.render import render_sheet

    project = work.prepared()
    return render_sheet(project, project.kit(kit_id), sheet, language=language, brand=brand,
                        paper=paper)


def render_one_sheet(project: Project, kit_id: str, sheet: str, *, language: str, brand: Brand,
                     paper: str | None = None) -> bytes:
    """One sheet as PDF bytes (`gesprekskit pdf`), in a worker under the same time limit as a
    build: a process is the only thing that can be stopped when a sheet runs too long."""
    work = KitWork.of(project, kit_id, worker_links(project))
    scratch = str(make_scratch(RENDER_PREFIX))
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_worker_context(),
                               initializer=_start_pool_worker, initargs=(scratch, os.getpid()))
    try:
        with _worker_start():
            future = pool.submit(_render_sheet_in_worker, work, kit_id, sheet, language, brand,
                                 paper)
        try:
            return future.result(timeout=RENDER_TIMEOUT_SECONDS)
        except BrokenProcessPool:
            raise PdfRenderError(f"rendering stopped: the worker rendering the {sheet} sheet of "
                                 f"'{kit_id}' ended abruptly (killed, or out of memory); try "
                                 "again") from None
        except FutureTimeout:
            _stop_workers(others)
            raise RenderTimeout(f"rendering stopped: the {sheet} sheet of '{kit_id}' did not "
                                f"finish within {RENDER_TIMEOUT_SECONDS} s") from None
        except KeyboardInterrupt:
            _stop_workers(others)
            raise
        except GesprekskitError as error:  # no layout of the sheet holds the kit's texts
            raise PdfRenderError(error.report.format(project.settings.root)) from None
        except SheetError as error:
            raise PdfRenderError(str(error)) from None
    finally:
        _clean_up([pool], scratch)


def terminal_progress(label: str) -> tuple[ProgressCallback | None, Callable[[], None]]:
    """A rich progress bar with counts and ETA when stderr is a terminal; otherwise the counts
    go to the heartbeat lines (see `progress`)."""
    from .progress import checkpoint, set_activity

    if not sys.stderr.isatty():
        def note(done: int, total: int) -> None:
            if not total:  # every PDF came from the cache: no "0 of 0"
                set_activity(f"building the site pages ({label} from the cache)")
            elif done >= total:
                set_activity(f"building the site pages ({label}: {total} {PROGRESS_UNIT} "
                             "rendered)")
            else:
                set_activity(f"rendering {label}: {done} of {total} {PROGRESS_UNIT} done")
            checkpoint()

        return note, lambda: None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        checkpoint()

    return update, bar.stop
