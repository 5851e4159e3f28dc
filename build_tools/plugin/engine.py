"""Run MkDocs for a guide plan: one MkDocs build per edition.

The default language's site is built first, at the site root (MkDocs empties that folder),
then each other language's into `<site>/<language>/`, each with its own search index. Every
build is handed its edition directly (`GesprekskitPlugin.attach`): no value travels through
MkDocs' configuration.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError

from ..plan.edition import Edition
from ..plan.guide import GuidePlan


def edition_config(plan: GuidePlan, edition: Edition, site_dir: Path, *,
                   strict: bool = False) -> MkDocsConfig:
    """mkdocs.yml loaded for one edition's build into `site_dir` (the whole guide's root)."""
    overrides: dict[str, object] = {"site_dir": str(site_dir / edition.site_root)}
    if strict:
        overrides["strict"] = True
    config = load_config(config_file=str(plan.settings.config_file), **overrides)
    plugin = config.plugins.get("gesprekskit")
    if plugin is None:  # mkdocs.yml changed under the build
        raise PluginError(f"{plan.settings.config_file} no longer lists the gesprekskit plugin")
    plugin.attach(plan, edition)  # type: ignore[attr-defined]
    return config


def build_editions(plan: GuidePlan, site_dir: Path, editions: Iterable[Edition], *,
                   strict: bool = False) -> None:
    for edition in editions:
        config = edition_config(plan, edition, site_dir, strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()


def build_guide(plan: GuidePlan, site_dir: Path) -> None:
    """The whole guide, every edition, into `site_dir`; MkDocs' failures as SiteBuildError."""
    from ..build import SiteBuildError

    try:
        build_editions(plan, site_dir, plan.editions,
                       strict=plan.settings.strict_from_command_line)
    except MkDocsException as error:
        raise SiteBuildError(str(error)) from error
