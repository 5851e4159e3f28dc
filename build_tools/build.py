"""Build the guide into a temporary folder and swap it in only when everything succeeded.

A failed or interrupted build leaves the previous site exactly as it was, and a lock keeps two
builds of one project from writing at the same time.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from . import freshness
from .brand_index import write_brand_index

LOCK_NAME = ".gesprekskit-build.lock"


class BuildLockedError(Exception):
    """Another build of the same project is running."""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    pdfs: int
    #: Nothing was built: the site was already what this build would make.
    up_to_date: bool = False


@contextlib.contextmanager
def build_lock(project_dir: Path) -> Iterator[None]:
    """An exclusive lock on the project, released on exit even after Ctrl-C."""
    lock_path = project_dir / LOCK_NAME
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"another Gesprekskit build of {project_dir} is running; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_mkdocs_config(project_dir: Path, site_dir: Path | None = None, *, strict: bool = False,
                       pdfs: bool | None = None, brand: Path | None = None, jobs: int | None = None,
                       cache: bool | None = None) -> MkDocsConfig:
    """The project's mkdocs.yml, with the overrides the command line asked for."""
    overrides: dict[str, object] = {}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    if strict:
        overrides["strict"] = True
    config = load_config(config_file=str(project_dir / "mkdocs.yml"), **overrides)
    plugin = config.plugins.get("gesprekskit")
    if plugin is not None:
        if strict:
            plugin.config.strict = True
            plugin.config.strict_from_command_line = True
        if pdfs is not None:
            plugin.config.pdfs = pdfs
        if brand is not None:
            plugin.config.brand = str(brand.resolve())
        if jobs is not None:
            plugin.config.jobs = jobs
        if cache is not None:
            plugin.config.cache = cache
    return config


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
        retired = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
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


def _build_into(config: MkDocsConfig) -> None:
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def build_site(project_dir: Path, out: Path | None = None, *, strict: bool = False,
               brand: Path | None = None, all_brands: bool = False, jobs: int | None = None,
               cache: bool | None = None, force: bool = False) -> BuildResult:
    """Build the whole guide, PDFs included, atomically into `out` (default: the site_dir).

    With `all_brands`, one complete site per brand goes into `out/<brand>/`, swapped in together.
    When nothing changed since the last build into `out` (see `freshness`), nothing is built,
    unless `force` or `cache=False` asks for it.
    """
    project_dir = project_dir.resolve()
    with build_lock(project_dir):
        config = load_mkdocs_config(project_dir, strict=strict, brand=brand, jobs=jobs, cache=cache)
        target = (out or Path(config.site_dir)).resolve()
        options = {"strict": strict, "brand": str(brand.resolve()) if brand else None,
                   "all_brands": all_brands}
        try:
            inputs: str | None = freshness.input_fingerprint(project_dir, target, config, options)
        except freshness.Untrusted:
            inputs = None
        if inputs is not None and not force and cache is not False:
            stamp = freshness.up_to_date(project_dir, target, inputs)
            if stamp is not None:
                return BuildResult(target, stamp.pages, stamp.pdfs, up_to_date=True)
        freshness.forget(project_dir, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
        try:
            if all_brands:
                brands = brand_files(project_dir)
                for name, brand_file in brands.items():
                    logging.getLogger("mkdocs.plugins.gesprekskit").info(
                        f"Brand '{name}': building into {target / name}")
                    _build_into(load_mkdocs_config(project_dir, staging / name, strict=strict,
                                                   brand=brand_file, jobs=jobs, cache=cache))
                write_brand_index(staging, brands, project_dir, config.site_name,
                                  str(config.theme.get("language") or "nl"))
            else:
                config.site_dir = str(staging)
                _build_into(config)
            pages = sum(1 for _ in staging.rglob("*.html"))
            pdfs = sum(1 for _ in staging.rglob("*.pdf"))
            _swap_into_place(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if inputs is not None:
            freshness.record(project_dir, target, inputs, pages, pdfs)
        return BuildResult(target, pages, pdfs)
