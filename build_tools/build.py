"""Build the guide into a temporary folder and swap it in only when everything succeeded.

A failed or interrupted build leaves the previous site exactly as it was. Locks keep two builds
of one project, or two builds into one output folder, from writing at the same time. The output
folder is checked first (see `output_path`): a build never replaces the project, its sources or
a folder it did not make. Leftovers of a build that was killed are removed by the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from . import freshness
from .brand_index import BrandSite, write_brand_index
from .output_path import (BY_OUT, BY_SITE_DIR, check_site_folder, source_folders, user_file_mode,
                          write_site_marker)
from .plan import GuidePlan, GuideSettings, PlanError, make_plan, read_settings
from .plan.guide import log as plan_log
from .scratch import make_scratch, sweep_stale

LOCK_NAME = ".gesprekskit-build.lock"
#: Beside the output folder: held while a build writes there, whichever project it builds.
OUT_LOCK_SUFFIX = ".gesprekskit-lock"
STAGING_PREFIX = ".site-new-"
RETIRED_PREFIX = ".site-old-"


class BuildLockedError(Exception):
    """Another build of the same project is running."""


class SiteBuildError(Exception):
    """The site generator stopped the build; the message is its last word (the problem
    itself has been logged)."""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    pdfs: int
    #: Nothing was built: the site was already what this build would make.
    up_to_date: bool = False


@contextlib.contextmanager
def build_lock(project_dir: Path, lock_path: Path | None = None,
               busy: str | None = None) -> Iterator[None]:
    """An exclusive lock on the project (or on `lock_path`), released on exit even after Ctrl-C.

    The lock file is removed when the build ends, so nothing is left beside the user's files.
    It is removed while still locked; a build that opened the same file meanwhile and then gets
    the lock finds its file no longer at `lock_path` and opens the new one, so two builds never
    hold "the" lock at once."""
    lock_path = lock_path or project_dir / LOCK_NAME
    while True:
        handle = open(lock_path, "a+")  # noqa: SIM115 - closed below on every path
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise BuildLockedError(
                busy or f"another Gesprekskit build of {project_dir} is running; wait for it "
                "to finish") from None
        if _same_file(handle, lock_path):
            break
        handle.close()  # the build before removed this file: lock the one now at lock_path
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False


def read_project_settings(project_dir: Path, **overrides: object) -> GuideSettings:
    """The project's settings from mkdocs.yml, with the overrides the command line asked for
    (see `GuideSettings.with_overrides`)."""
    settings = read_settings(project_dir / "mkdocs.yml")
    return settings.with_overrides(**overrides) if overrides else settings  # type: ignore[arg-type]


def configured_sources(settings: GuideSettings, brand: Path | None = None) -> list[Path]:
    """Every source folder of the project, the ones mkdocs.yml names included."""
    options = settings.options
    named: list[Path | str | None] = [settings.docs_dir, settings.custom_dir, *settings.watch,
                                      *settings.hooks, options.kits_dir, options.tips_dir,
                                      options.cache_dir, options.workshops_dir,
                                      options.brand or None]
    if brand is not None:
        named.append(brand.resolve())
    return source_folders(settings.root, named)


def project_sources(project_dir: Path, brand: Path | None = None
                    ) -> tuple[list[Path], GuideSettings | None]:
    """The source folders, and the settings when mkdocs.yml can be read (when it cannot,
    the usual folders: the command reports the broken mkdocs.yml itself)."""
    project_dir = project_dir.resolve()
    try:
        settings = read_project_settings(project_dir)
    except Exception:  # noqa: BLE001 - a missing or broken mkdocs.yml is reported elsewhere
        return source_folders(project_dir, [brand.resolve()] if brand else []), None
    return configured_sources(settings, brand), settings


def check_output(project_dir: Path, out: Path | None, *, brand: Path | None = None) -> Path | None:
    """The real output folder of a build, after checking that a build may replace it."""
    sources, settings = project_sources(project_dir, brand)
    if out is None and settings is None:
        return None
    target = out if out is not None else settings.site_dir  # type: ignore[union-attr]
    return check_site_folder(target, project_dir.resolve(), sources,
                             named_by=BY_OUT if out is not None else BY_SITE_DIR)


def brand_files(project_dir: Path) -> dict[str, Path | None]:
    """Every brand of a project: the default (root `_brand.yml` or none) and brands/<name>/."""
    brands: dict[str, Path | None] = {"default": None}
    folder = project_dir / "brands"
    if folder.is_dir():
        for candidate in sorted(folder.iterdir()):
            if (candidate / "_brand.yml").is_file():
                brands[candidate.name] = candidate / "_brand.yml"
    return brands


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames, so the site is never half-written."""
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder; it was left untouched")
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{os.getpid()}-", dir=target.parent))
        retired.rmdir()
        os.rename(target, retired)
    try:
        os.rename(staging, target)
    except BaseException:
        if retired is not None:
            os.rename(retired, target)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def build_plan(plan: GuidePlan, site_dir: Path) -> None:
    """Every edition of the plan into `site_dir`, by the site generator (MkDocs, through the
    plugin's engine: the one place this module reaches it)."""
    from .plugin.engine import build_guide

    build_guide(plan, site_dir)


def build_into(project_dir: Path, site_dir: Path, **overrides: object) -> GuidePlan:
    """The whole guide into `site_dir`, in place (no lock, no swap: `serve`'s own folders).

    A guide that cannot be planned (a broken kit) is logged as an error, as the site
    generator logs the problems it stops on, and raised as SiteBuildError."""
    try:
        plan = make_plan(read_project_settings(project_dir, **overrides))
    except PlanError as error:
        plan_log.error(str(error))
        raise SiteBuildError("") from error
    build_plan(plan, site_dir)
    return plan


def build_site(project_dir: Path, out: Path | None = None, *, strict: bool = False,
               brand: Path | None = None, all_brands: bool = False, jobs: int | None = None,
               cache: bool | None = None, force: bool = False,
               prepare: Callable[[], object] | None = None) -> BuildResult:
    """Build the whole guide, PDFs included, atomically into `out` (default: the site_dir).

    With `all_brands`, one complete site per brand goes into `out/<brand>/`, swapped in together.
    When nothing changed since the last build into `out` (see `freshness`), nothing is built,
    unless `force` or `cache=False` asks for it. `prepare` runs only when a build follows (the
    CLI's checks of the project: a site that is up to date was made from a project that passed
    them, so a no-op build does not load the kits).
    """
    project_dir = project_dir.resolve()
    with build_lock(project_dir):
        settings = read_project_settings(project_dir, strict=strict, brand=brand, jobs=jobs,
                                         cache=cache)
        sources = configured_sources(settings, brand)
        target = check_site_folder(out if out is not None else settings.site_dir, project_dir,
                                   sources, named_by=BY_OUT if out is not None else BY_SITE_DIR)
        made = [folder for folder in (target.parent, *target.parent.parents)
                if not folder.exists()]
        target.parent.mkdir(parents=True, exist_ok=True)
        out_lock = target.parent / f".{target.name}{OUT_LOCK_SUFFIX}"
        try:
            with build_lock(project_dir, out_lock, f"another Gesprekskit build is writing "
                            f"into {target}; wait for it to finish or choose another --out"):
                return _build_locked(project_dir, settings, target, strict=strict,
                                     brand=brand, all_brands=all_brands, cache=cache,
                                     force=force, prepare=prepare)
        except BaseException:
            _remove_empty_folders(made)
            raise


def _remove_empty_folders(folders: list[Path]) -> None:
    """The folders a failed or interrupted build made for `--out a/b/site`, innermost first,
    as long as they are still empty: they were left behind, empty, after a Ctrl-C."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _build_locked(project_dir: Path, settings: GuideSettings, target: Path, *, strict: bool,
                  brand: Path | None, all_brands: bool, cache: bool | None,
                  force: bool, prepare: Callable[[], object] | None = None) -> BuildResult:
    sweep_stale(target.parent, (STAGING_PREFIX, RETIRED_PREFIX))
    options = {"strict": strict, "brand": str(brand.resolve()) if brand else None,
               "all_brands": all_brands}
    try:
        inputs: str | None = freshness.input_fingerprint(project_dir, target, settings, options)
    except freshness.Untrusted:
        inputs = None
    if inputs is not None and not force and cache is not False:
        stamp = freshness.up_to_date(project_dir, target, inputs)
        if stamp is not None:
            return BuildResult(target, stamp.pages, stamp.pdfs, up_to_date=True)
    if prepare is not None:
        prepare()
    freshness.forget(project_dir, target)
    staging = make_scratch(STAGING_PREFIX, target.parent)
    try:
        if all_brands:
            sites = []
            for name, brand_file in brand_files(project_dir).items():
                logging.getLogger("mkdocs.plugins.gesprekskit").info(
                    f"Brand '{name}': building into {target / name}")
                brand_settings = settings.with_overrides(brand=brand_file) if brand_file \
                    else settings
                plan = make_plan(brand_settings)
                build_plan(plan, staging / name)
                default = plan.settings.default_language
                sites.append(BrandSite.of(name, plan.brand, default, default))
            write_brand_index(staging, sites, settings.site_name,
                              plan.project.settings.context(plan.settings.default_language))
        else:
            build_plan(make_plan(settings), staging)
        pages = sum(1 for _ in staging.rglob("*.html"))
        pdfs = sum(1 for _ in staging.rglob("*.pdf"))
        write_site_marker(staging)
        # mkdtemp made the folder private; the site gets the user's usual mode, as
        # `mkdocs build` gives it, so a web server running as another user can read it.
        staging.chmod(user_file_mode(directory=True))
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if inputs is not None:
        freshness.record(project_dir, target, inputs, pages, pdfs)
    return BuildResult(target, pages, pdfs)
