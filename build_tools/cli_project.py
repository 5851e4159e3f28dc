"""Which project a command works on: one way to name it (`--project`), found from the current
folder otherwise, and refused with a plain message when it is not a Gesprekskit project."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .guide_checks import strict_source
from .loader import ProjectSettings
from .plan.config_file import ConfigFileError
from .plan.guide import project_settings
from .plan.settings import GesprekskitOptions, GuideSettings, read_settings

NOT_A_PROJECT = "not a Gesprekskit project (no mkdocs.yml with the gesprekskit plugin)"

#: The options every command that renders one sheet shares (`pdf`, `workshop`).
SHEET_LANGUAGE_OPTION = click.option(
    "--language", help="Language of the sheet (default: the project's language).")
SHEET_BRAND_OPTION = click.option(
    "--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Render with this brand.yml file instead of the project's _brand.yml.")


class ProjectConfigError(Exception):
    """mkdocs.yml cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class ProjectContext:
    """A project folder with the settings of its mkdocs.yml (read without MkDocs)."""

    root: Path
    guide: GuideSettings

    @property
    def options(self) -> GesprekskitOptions:
        """The options of the gesprekskit section of mkdocs.yml."""
        return self.guide.options

    @property
    def settings(self) -> ProjectSettings:
        return project_settings(self.guide)

    @property
    def languages(self) -> list[str]:
        """The guide's languages, the default first."""
        return self.guide.languages

    @property
    def docs_dir(self) -> Path:
        return self.guide.docs_dir

    def strict_source(self, command_line: bool) -> str | None:
        return strict_source(self.options.strict, self.guide.mkdocs_strict, command_line)


def _has_plugin(folder: Path) -> bool:
    """A quick look before mkdocs.yml is read in full: the plugin is named in it, or may be in
    the file it inherits from (`INHERIT:`, which reading the settings follows)."""
    config = folder / "mkdocs.yml"
    try:
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return False
    return "gesprekskit" in text or "INHERIT" in text


def find_project(given: Path | None) -> Path:
    """The named folder or else the current one, or the nearest folder above it with a
    mkdocs.yml (as git finds its repository), so commands work from `kits/` and with
    `--project kits/` too."""
    here = (given if given is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def not_a_project(folder: Path) -> click.UsageError:
    return click.UsageError(
        f"{folder} is {NOT_A_PROJECT}. Run the command in the project folder (the one with "
        "mkdocs.yml), or point at it with --project PATH.")


def open_project(root: Path) -> ProjectContext:
    """The project at `root`; a folder without the plugin is a usage error. mkdocs.yml is read
    again only when it changed (serve asks on every rebuild)."""
    if not _has_plugin(root):
        raise not_a_project(root)
    info = (root / "mkdocs.yml").stat()
    return _read_project(root, (info.st_mtime_ns, info.st_size))


@functools.lru_cache(maxsize=8)
def _read_project(root: Path, stamp: tuple[int, int]) -> ProjectContext:
    try:
        guide = read_settings(root / "mkdocs.yml")
    except ConfigFileError as error:
        raise ProjectConfigError(str(error)) from None
    except LookupError:
        raise not_a_project(root) from None
    return ProjectContext(root, guide)


def project_option(*, positional: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`-p/--project PATH` for every command; `positional` keeps the older spelling
    `gesprekskit build PATH` working where it existed. The command receives `project`."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def wrapper(*args: Any, project_option: Path | None = None,
                    project_argument: Path | None = None, **kwargs: Any) -> Any:
            if project_option and project_argument and \
                    project_option.resolve() != project_argument.resolve():
                raise click.UsageError("give the project folder once: either --project PATH "
                                       "or PATH, not both")
            try:
                project = open_project(find_project(project_option or project_argument))
            except ProjectConfigError as error:
                click.secho(str(error), fg="red", err=True)
                raise SystemExit(1) from None
            return command(*args, project=project, **kwargs)

        wrapped = click.option(
            "-p", "--project", "project_option", type=click.Path(file_okay=False, path_type=Path),
            help="The project folder, the one with mkdocs.yml (default: the current folder or "
                 "the nearest one above it).")(wrapper)
        if positional:
            wrapped = click.argument("project_argument", metavar="[PROJECT_DIR]", required=False,
                                     type=click.Path(file_okay=False, path_type=Path))(wrapped)
        return wrapped

    return decorate
