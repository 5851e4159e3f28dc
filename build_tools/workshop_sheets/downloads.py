"""What the site publishes of the workshops: every sheet of every workshop in each language,
rendered in worker processes and cached like the kits' sheets (``pdf_build``).

A workshop's entry is keyed by everything its sheets are made from: the workshop file, the
cache keys of the kits it uses (their files, tips, labels, fonts, the package and the brand)
and the fonts of its own texts. The files are named and placed as the kits' downloads are:
``downloads/<workshop-id>/<workshop-id>-<sheet>.pdf``.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, wait, FIRST_COMPLETED
from pathlib import Path

from .. import pdf_build
from ..brand import Brand
from ..diagnostics import GesprekskitError
from ..downloads import RenderedSheet, site_path
from ..loader import Project
from ..pdf_build import PdfCache, PdfRenderError, RenderTimeout, default_jobs, kit_cache_key
from ..progress import checkpoint, set_activity
from ..scratch import make_scratch
from ..workshop_model import Workshop
from .fonts import missing_characters, workshop_font_plan

#: Workshop entries live beside the kits' in the same cache folder, apart from them.
CACHE_SUBFOLDER = "workshops"


def project_workshops(project: Project) -> list[Workshop]:
    return list(getattr(project, "workshops", None) or [])


def workshop_cache_key(project: Project, workshop: Workshop, language: str, brand: Brand) -> str:
    """Everything one workshop's sheets in one language and brand depend on."""
    digest = hashlib.sha256(b"workshop\0")
    for part in (pdf_build.package_fingerprint(), language, brand.cache_key, workshop.id):
        digest.update(part.encode() + b"\0")
    digest.update(workshop.path.read_bytes())
    for kit_id in workshop.kit_ids():
        digest.update(kit_cache_key(project, project.kit(kit_id), language, brand).encode())
    digest.update(workshop_font_plan(project, workshop, language, brand).fingerprint.encode())
    return digest.hexdigest()


def _render_into_cache(workshop_id: str, language: str, brand: Brand, cache_root: Path,
                       key: str) -> str:
    from .render import render_workshop

    project = pdf_build._WORKER_PROJECT
    assert project is not None
    workshop = next(item for item in project_workshops(project) if item.id == workshop_id)
    PdfCache(cache_root).put(key, render_workshop(project, workshop, language=language,
                                                  brand=brand))
    return workshop_id


def render_workshop_downloads(project: Project, languages: list[str], brand: Brand,
                              cache_dir: Path, jobs: int = 0, *, use_cache: bool = True
                              ) -> dict[str, list[RenderedSheet]]:
    """Every sheet of every workshop, per language, as files the site publishes; workshops
    whose entry is in the cache are not rendered again."""
    from .render import available_sheets

    workshops = project_workshops(project)
    result: dict[str, list[RenderedSheet]] = {language: [] for language in languages}
    if not workshops:
        return result
    report = missing_characters(project, workshops, languages, brand)
    if report.errors:
        raise PdfRenderError(report.format(project.settings.root))
    cache = PdfCache(cache_dir / CACHE_SUBFOLDER)
    names = {workshop.id: [sheet.name for sheet in available_sheets(project, workshop)]
             for workshop in workshops}
    keys = {(language, workshop.id): workshop_cache_key(project, workshop, language, brand)
            for language in languages for workshop in workshops}
    missing = [job for job, key in keys.items()
               if not use_cache or cache.get(key, names[job[1]]) is None]
    if missing:
        _render_missing(project, missing, keys, brand, cache, jobs or default_jobs())
        cache.prune_unused()
    for (language, workshop_id), key in keys.items():
        entry = cache.get(key, names[workshop_id])
        if entry is None:
            raise PdfRenderError(f"the PDF cache entry of workshop '{workshop_id}' disappeared "
                                 f"during the build ({cache.folder(key)}); build again")
        result[language] += [RenderedSheet(workshop_id, name, site_path(workshop_id, name),
                                           path, path.stat().st_size)
                             for name, path in entry.items()]
    return result


def _render_missing(project: Project, missing: list[tuple[str, str]], keys: dict, brand: Brand,
                    cache: PdfCache, jobs: int) -> None:
    """The workshops not in the cache, in worker processes under the kits' time limit."""
    import weasyprint  # noqa: F401  (loaded once, before the workers fork)

    scratch = str(make_scratch(pdf_build.RENDER_SCRATCH_PREFIX))
    others = set(multiprocessing.active_children())  # what is not the pool's, never stopped
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(missing)),
                               initializer=pdf_build._start_pool_worker,
                               initargs=(project, scratch, os.getpid()))
    try:
        pending = {pool.submit(_render_into_cache, workshop_id, language, brand, cache.root,
                               keys[language, workshop_id]): (language, workshop_id)
                   for language, workshop_id in missing}
        while pending:
            set_activity(f"rendering workshop PDFs: {len(missing) - len(pending)} of "
                         f"{len(missing)} workshop(s) × language(s) done")
            checkpoint()
            done, _ = wait(pending, timeout=pdf_build.RENDER_TIMEOUT_SECONDS,
                           return_when=FIRST_COMPLETED)
            if not done:
                pdf_build._stop_workers(others)
                raise RenderTimeout(f"rendering stopped: no workshop finished within "
                                    f"{pdf_build.RENDER_TIMEOUT_SECONDS} s")
            for future in done:
                language, workshop_id = pending.pop(future)
                _result(future, project)
                cache.supersede(f"workshop-{workshop_id}", language, brand,
                                keys[language, workshop_id])
    except KeyboardInterrupt:
        pdf_build._stop_workers(others)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _result(future, project: Project) -> None:  # type: ignore[no-untyped-def]
    """A worker's outcome; a sheet no layout holds or a refused file as a build error."""
    try:
        future.result()
    except GesprekskitError as error:
        raise PdfRenderError(error.report.format(project.settings.root)) from None
    except BaseException as error:
        if type(error).__name__ in ("FetchRefused", "WorkshopSheetDoesNotFit"):
            raise PdfRenderError(str(error)) from None
        raise
