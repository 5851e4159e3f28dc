"""Run MkDocs for a guide plan: one MkDocs build per edition.

The default language's site is built at the site root (MkDocs empties that folder), each other
language's into `<site>/<language>/`, each with its own search index; with more than one
worker (`--jobs`) the other languages are built at the same time in forked processes
(`parallel.py`), after the plan's warnings are reported and its PDFs rendered. Every build is
handed its edition directly (`GesprekskitPlugin.attach`): no value travels through
MkDocs' configuration.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError

from ..plan.edition import Edition
from ..plan.guide import GuidePlan

#: The folder beside the site where the other languages are built side by side; named as the
#: build's staging folders are (`.site-new-<pid>-...`), so a killed build's is swept away.
EDITION_PREFIX = ".site-new-"


def edition_config(plan: GuidePlan, edition: Edition, site_dir: Path, *,
                   strict: bool = False, report: bool = True) -> MkDocsConfig:
    """mkdocs.yml loaded for one edition's build into `site_dir` (the whole guide's root)."""
    overrides: dict[str, object] = {"site_dir": str(site_dir / edition.site_root)}
    if strict:
        overrides["strict"] = True
    config = load_config(config_file=str(plan.settings.config_file), **overrides)
    plugin = config.plugins.get("gesprekskit")
    if plugin is None:  # mkdocs.yml changed under the build
        raise PluginError(f"{plan.settings.config_file} no longer lists the gesprekskit plugin")
    plugin.attach(plan, edition, report=report)  # type: ignore[attr-defined]
    return config


def _build_edition(plan: GuidePlan, edition: Edition, site_dir: Path, strict: bool,
                   report: bool = True) -> None:
    config = edition_config(plan, edition, site_dir, strict=strict, report=report)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def side_by_side(plan: GuidePlan, editions: list[Edition]) -> int:
    """How many editions are built at once: one per worker the build may use (`--jobs`)."""
    from ..pdf_build import default_jobs, machine_workers
    from .parallel import can_fork

    if len(editions) < 2 or not can_fork():
        return 1
    return max(1, min(len(editions), plan.settings.options.jobs or default_jobs(),
                      machine_workers()))


def build_editions(plan: GuidePlan, site_dir: Path, editions: Iterable[Edition], *,
                   strict: bool = False) -> None:
    """The editions into `site_dir`, the first in this process and, with more than one worker,
    the others side by side in forked processes (see `parallel`); one after the other else."""
    editions = list(editions)
    at_once = side_by_side(plan, editions)
    if at_once == 1:
        for edition in editions:
            _build_edition(plan, edition, site_dir, strict)
        return
    _prepare(plan, report=any(edition.is_default for edition in editions))
    here: Edition | None = editions[0]
    others = editions[1:]
    while here is not None or others:
        size = at_once - 1 if here is not None else at_once
        batch, others = others[:size], others[size:]
        _build_beside(plan, here, batch, site_dir, strict)
        here = None  # later batches: every edition in a child


def _prepare(plan: GuidePlan, *, report: bool) -> None:
    """Before the fork, what the default edition's build does first: the plan's warnings (and
    strictness) reported, then the PDFs rendered, which every edition links to. A failure is
    reported as MkDocs reports a plugin's."""
    from mkdocs.exceptions import Abort

    from ..pdf_build import PdfRenderError
    from ..plan.guide import PlanError
    from .plugin import report_warnings

    try:
        if report:
            report_warnings(plan)
        plan.render_pdfs()
    except (PdfRenderError, PlanError, PluginError) as error:
        logging.getLogger("mkdocs.commands.build").error(str(error))
        raise Abort("Aborted with a BuildError!") from None


def _build_beside(plan: GuidePlan, here: Edition | None, forked: list[Edition], site_dir: Path,
                  strict: bool) -> None:
    """`here` in this process while each of `forked` is built in a child into a folder apart,
    moved into the site once every build succeeded."""
    from ..scratch import make_scratch
    from .parallel import fork_build, move_into

    apart = make_scratch(EDITION_PREFIX, site_dir.parent)
    children = []
    try:
        for edition in forked:
            children.append((edition, fork_build(
                lambda edition=edition: _build_edition(plan, edition, apart, strict, False))))
        if here is not None:
            _build_edition(plan, here, site_dir, strict, report=False)
        failures = [child.finish() for _, child in children]
        for _, child in children:
            child.replay()
        for failure in failures:
            if failure is not None:
                raise failure
        for edition, _ in children:
            move_into(apart / edition.site_root, site_dir / edition.site_root)
    finally:
        for _, child in children:
            child.stop()
        shutil.rmtree(apart, ignore_errors=True)


def build_guide(plan: GuidePlan, site_dir: Path) -> None:
    """The whole guide, every edition, into `site_dir`; MkDocs' failures as SiteBuildError."""
    from ..build import SiteBuildError

    try:
        build_editions(plan, site_dir, plan.editions,
                       strict=plan.settings.strict_from_command_line)
    except MkDocsException as error:
        raise SiteBuildError(str(error)) from error
