"""Render the PDFs of a whole project: in parallel worker processes, and only what changed.

Each kit's sheets are cached under a key made of everything they are made from: the kit file,
the files of the tips it shows, the language, the brand (file contents included), the whole
Gesprekskit package (code, templates, stylesheets, fonts, translations) and the WeasyPrint
version. A changed input gives a new key, so the cache never serves a stale PDF.

Workers write their PDFs straight into the cache and the site is copied from there, so the
main process holds paths, not PDFs: memory stays flat however many kits a guide has.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__
from .brand import Brand
from .loader import Project
from .model import Kit
from .rendering import PACKAGE_ROOT

CACHE_FORMAT = "1"
#: No kit may take longer than this to render: a pathological input cannot hang a build.
RENDER_TIMEOUT_SECONDS = 300


class PdfRenderError(Exception):
    """The PDFs could not be made: a render took too long, or a sheet asked for a file it may
    not read. The message names the kit."""


class RenderTimeout(PdfRenderError):
    """Rendering stopped because no kit finished within the time limit."""


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
    for part in (package_fingerprint(), language, project.settings.default_language,
                 brand.cache_key, kit.id):
        digest.update(part.encode() + b"\0")
    digest.update(kit.path.read_bytes())
    for tip in sorted(kit.tips, key=lambda tip: tip.id):
        digest.update(tip.id.encode() + b"\0" + tip.path.read_bytes())
    return digest.hexdigest()


class PdfCache:
    """Content-addressed folders of PDFs: `<root>/<key[:2]>/<key>/<sheet>.pdf`.

    The build hands these files to MkDocs by path, so no PDF is ever held in memory by the
    main process, however many kits a guide has.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, sheets: list[str]) -> dict[str, Path] | None:
        """The entry's files, or None unless every sheet is there."""
        folder = self.folder(key)
        paths = {sheet: folder / f"{sheet}.pdf" for sheet in sheets}
        return paths if all(path.is_file() for path in paths.values()) else None

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

_WORKER_PROJECT: Project | None = None


def _init_worker(project: Project, scratch: str | None = None) -> None:
    """Runs once in each worker. WeasyPrint's font configurations keep their fonts in a
    temporary folder they remove only when garbage-collected, which a worker process never is:
    `scratch`, removed by the main process, keeps those folders from piling up in /tmp."""
    global _WORKER_PROJECT
    _WORKER_PROJECT = project
    if scratch is not None:
        tempfile.tempdir = scratch


def _render_in_worker(kit_id: str, language: str, brand: Brand) -> dict[str, bytes]:
    from .sheets.render import render_kit

    assert _WORKER_PROJECT is not None
    return render_kit(_WORKER_PROJECT, _WORKER_PROJECT.kit(kit_id), language=language, brand=brand)


def _render_into_cache(kit_id: str, language: str, brand: Brand, cache_root: Path,
                       key: str) -> str:
    """Render one kit and store it; only the kit id travels back to the main process."""
    PdfCache(cache_root).put(key, _render_in_worker(kit_id, language, brand))
    return kit_id


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


ProgressCallback = Callable[[int, int], None]
PdfPaths = dict[str, dict[str, Path]]


def render_project(project: Project, language: str, brand: Brand, *, cache_dir: Path,
                   jobs: int = 0, use_cache: bool = True,
                   progress: ProgressCallback | None = None) -> tuple[PdfPaths, RenderStats]:
    """Every sheet of every kit as a file in the cache: {kit id: {sheet: path}}.

    Kits whose entry is already in the cache are not rendered, unless `use_cache` is off.
    """
    try:
        return _render_project(project, language, brand, jobs, PdfCache(cache_dir), use_cache,
                               progress)
    except BaseException as error:
        if type(error).__name__ == "FetchRefused":  # WeasyPrint is loaded only when rendering
            raise PdfRenderError(str(error)) from None
        raise


def _render_project(project: Project, language: str, brand: Brand, jobs: int, cache: PdfCache,
                    use_cache: bool, progress: ProgressCallback | None
                    ) -> tuple[PdfPaths, RenderStats]:
    from .sheets.registry import COMPLETE, SHEET_TYPES

    sheets = [sheet.name for sheet in SHEET_TYPES] + [COMPLETE]
    keys = {kit.id: kit_cache_key(project, kit, language, brand) for kit in project.kits}
    missing = [kit.id for kit in project.kits
               if not use_cache or cache.get(keys[kit.id], sheets) is None]
    jobs = jobs or default_jobs()
    done = 0
    if progress:
        progress(done, len(missing))

    def finished(kit_id: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(missing))

    if jobs == 1 or len(missing) <= 1:
        _init_worker(project)
        for kit_id in missing:
            finished(_render_into_cache(kit_id, language, brand, cache.root, keys[kit_id]))
    else:
        scratch = tempfile.mkdtemp(prefix="gesprekskit-render-")
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(missing)), initializer=_init_worker,
                                   initargs=(project, scratch))
        try:
            pending = {pool.submit(_render_into_cache, kit_id, language, brand, cache.root,
                                   keys[kit_id]): kit_id
                       for kit_id in missing}
            while pending:
                done_now, _ = wait(pending, timeout=RENDER_TIMEOUT_SECONDS,
                                   return_when=FIRST_COMPLETED)
                if not done_now:
                    for process in list(getattr(pool, "_processes", {}).values()):
                        process.kill()
                    raise RenderTimeout(
                        f"rendering stopped: no kit finished within {RENDER_TIMEOUT_SECONDS} s "
                        f"(still busy: {', '.join(sorted(pending.values())[:jobs])})")
                for future in done_now:
                    pending.pop(future)
                    finished(future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(scratch, ignore_errors=True)
    paths: PdfPaths = {}
    for kit in project.kits:
        entry = cache.get(keys[kit.id], sheets)
        if entry is None:  # removed while we were building: a later build will render it again
            raise PdfRenderError(f"the PDF cache entry of kit '{kit.id}' disappeared during the "
                                 f"build ({cache.folder(keys[kit.id])}); build again")
        paths[kit.id] = entry
    return paths, RenderStats(len(project.kits), len(missing), len(project.kits) - len(missing))


def terminal_progress(label: str) -> tuple[ProgressCallback | None, Callable[[], None]]:
    """A rich progress bar with counts and ETA when stderr is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   transient=True)
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop
