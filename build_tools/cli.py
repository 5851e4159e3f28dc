"""The `gesprekskit` command: build, validate, new, serve, schema and pdf.

Every expected failure ends here as a short message and an exit status (0 fine, 1 content or
build errors, 2 usage errors); tracebacks are for bugs only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .diagnostics import DiagnosticReport, GesprekskitError
from .loader import Project, ProjectSettings, load_project
from .model import KitType

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .plugin.config import GesprekskitConfig

EXIT_CONTENT_ERROR = 1
EXIT_USAGE_ERROR = 2


def _fail(message: str, status: int = EXIT_CONTENT_ERROR) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(status)


def _refuse_output(error: Exception) -> None:
    """An output that would overwrite what is not Gesprekskit's: a usage error, exit 2."""
    _fail(f"Error: {error}", EXIT_USAGE_ERROR)


def _mkdocs_config(project_dir: Path) -> MkDocsConfig | None:
    """The project's mkdocs.yml (read once per command, again when it changed), or None."""
    path = project_dir / "mkdocs.yml"
    if not path.is_file():
        return None
    info = path.stat()
    return _read_mkdocs_config(project_dir, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=8)
def _read_mkdocs_config(project_dir: Path, mtime_ns: int, size: int) -> MkDocsConfig:
    from .build import load_mkdocs_config

    return load_mkdocs_config(project_dir)


def _plugin_options(project_dir: Path) -> GesprekskitConfig | None:
    """The `gesprekskit` section of the project's mkdocs.yml, or None."""
    config = _mkdocs_config(project_dir)
    plugin = config.plugins.get("gesprekskit") if config is not None else None
    return plugin.config if plugin is not None else None


def _project_settings(project_dir: Path) -> ProjectSettings:
    """Settings from the plugin section of mkdocs.yml, defaults when there is none."""
    options = _plugin_options(project_dir)
    if options is None:
        return ProjectSettings(project_dir.resolve())
    config = _mkdocs_config(project_dir)
    assert config is not None
    return ProjectSettings(project_dir.resolve(), options.kits_dir, options.tips_dir, options.language,
                           site_url=config.site_url or "", kits_section=options.kits_section,
                           directory_urls=config.use_directory_urls)


def _configured_languages(project_dir: Path) -> list[str]:
    """The languages of the plugin config, the default first."""
    options = _plugin_options(project_dir)
    if options is None:
        return []
    return [options.language] + [code for code in options.languages if code != options.language]


def _print_report(report: DiagnosticReport, root: Path) -> None:
    for item in report.sorted():
        colour = "red" if item.severity.value == "error" else "yellow"
        click.secho(item.format(root), fg=colour, err=True)


def _load(project_dir: Path, strict: bool) -> Project:
    try:
        settings = _project_settings(project_dir)
        project = load_project(settings, strict=strict)
    except GesprekskitError as error:
        _print_report(error.report, project_dir.resolve())
        count = len(error.report.errors) + (len(error.report.warnings) if strict else 0)
        _fail(f"{count} problem(s) found; nothing was built.")
        raise  # unreachable: _fail exits
    _print_report(project.report, project_dir.resolve())
    return project


def _refuse_unsafe_sources(project_dir: Path) -> None:
    """Links out of the project, hard links, devices or unsafe names among the guide's pages,
    brands and locales: each one located, none read, exit 1 (the kits are checked on loading)."""
    from .build import load_mkdocs_config
    from .source_files import check_guide_sources

    root = project_dir.resolve()
    try:
        config = load_mkdocs_config(root)
    except Exception:  # noqa: BLE001 - a missing or broken mkdocs.yml is reported elsewhere
        return
    checked = check_guide_sources(root, config.docs_dir, [config.theme.custom_dir])
    if checked.report.errors:
        _print_report(checked.report, root)
        _fail(f"{len(checked.report.errors)} file(s) in the guide's folders cannot be used; "
              "nothing was read from them.")


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a closed terminal, a job's time-out) stops a build as Ctrl-C does: the temporary
    folders are removed and the previous site stays. SIGKILL cannot be caught: the next build
    removes what it left (see `scratch`)."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False
    # What Gesprekskit itself reports (PDFs rendered or reused) is always worth a line.
    logging.getLogger("mkdocs.plugins.gesprekskit").setLevel(logging.DEBUG if verbose else logging.INFO)


project_argument = click.argument(
    "project_dir", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gesprekskit")
def main() -> None:
    """Turn a folder of conversation kits into a guide site and printable worksheets.

    Start with 'gesprekskit new KIT_ID', check with 'gesprekskit validate', publish with
    'gesprekskit build'.
    """


@main.command()
@project_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site to (default: site_dir of mkdocs.yml, usually site/).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Build with this brand.yml file instead of the project's _brand.yml.")
@click.option("--all-brands", is_flag=True,
              help="Build one complete site per brand in brands/<name>/ into <out>/<name>/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for the PDFs (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every PDF again instead of reusing "
              "the PDFs of unchanged kits.")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last "
              "build into the same folder.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def build(project_dir: Path, out: Path | None, strict: bool, brand_file: Path | None,
          all_brands: bool, jobs: int | None, no_cache: bool, force: bool, verbose: bool) -> None:
    """Build the guide site with all its PDFs.

    The site is built in a temporary folder and swapped in only when the build succeeded:
    a failed build leaves the previous site as it was.
    """
    from mkdocs.exceptions import MkDocsException

    from .build import BuildLockedError, build_site, check_output
    from .output_path import OutputPathError

    if brand_file is not None and all_brands:
        raise click.UsageError("use either --brand or --all-brands, not both")
    try:
        check_output(project_dir, out, brand=brand_file)  # before any work
    except OutputPathError as error:
        _refuse_output(error)
    _load(project_dir, strict)
    _refuse_unsafe_sources(project_dir)
    _configure_logging(verbose)
    started = time.perf_counter()
    try:
        with _sigterm_as_interrupt():
            result = build_site(project_dir, out, strict=strict, brand=brand_file,
                                all_brands=all_brands, jobs=jobs,
                                cache=False if no_cache else None, force=force)
    except OutputPathError as error:
        _refuse_output(error)
    except BuildLockedError as error:
        _fail(str(error))
    except MkDocsException as error:
        _fail(f"The build failed; the previous site was left untouched.\n{error}")
    except KeyboardInterrupt:
        _fail("Interrupted; the previous site was left untouched.")
    except OSError as error:
        _fail(f"The build failed: {error}; the previous site was left untouched.")
    else:
        seconds = time.perf_counter() - started
        if result.up_to_date:
            click.echo(f"Nothing changed since the last build: {result.site_dir} is up to date "
                       f"({result.pages} pages, {result.pdfs} PDFs). Use --force to build anyway.")
        else:
            click.echo(f"Built {result.pages} pages and {result.pdfs} PDFs into {result.site_dir} "
                       f"in {seconds:.1f} s.")


@main.command()
@project_argument
@click.option("--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Bundle with this brand.yml file instead of the project's _brand.yml.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("gesprekskit-site.zip"), show_default=True, help="The zip to write.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def bundle(project_dir: Path, brand_file: Path | None, output: Path, strict: bool) -> None:
    """Make one zip of the site and all its PDFs, to unpack on a shared drive and open from disk.

    The same input gives a byte-identical zip; index.html sits at its top.
    """
    from mkdocs.exceptions import MkDocsException

    from .build import BuildLockedError
    from .bundle import BundleError, check_destination, make_bundle
    from .output_path import OutputPathError

    try:
        check_destination(project_dir, output, brand_file)  # before the whole build
    except OutputPathError as error:
        _refuse_output(error)
    _load(project_dir, strict)
    _refuse_unsafe_sources(project_dir)
    _configure_logging(verbose=False)
    try:
        with _sigterm_as_interrupt():
            count = make_bundle(project_dir, output, brand=brand_file, strict=strict)
    except OutputPathError as error:
        _refuse_output(error)
    except (BundleError, BuildLockedError) as error:
        _fail(str(error))
    except MkDocsException as error:
        _fail(f"The build failed; no zip was written.\n{error}")
    except KeyboardInterrupt:
        _fail("Interrupted; no zip was written.")
    else:
        click.echo(f"Wrote {output} ({count} files). Unpack it and open index.html.")


@main.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(project_dir: Path, strict: bool) -> None:
    """Check every kit and tip and report all problems at once."""
    from .brand_file import load_brand
    from .build import brand_files

    project = _load(project_dir, strict)
    _refuse_unsafe_sources(project_dir)
    root = project_dir.resolve()
    warnings = len(project.report.warnings)
    brand_problems = 0
    root_brand = root / "_brand.yml"
    named = {**({"default": root_brand} if root_brand.is_file() else {}),
             **{name: path for name, path in brand_files(root).items() if path is not None}}
    for path in named.values():
        try:
            _, report = load_brand(path, root, strict=strict)
        except GesprekskitError as error:
            report = error.report
            brand_problems += 1
        _print_report(report, root)
        warnings += len(report.warnings)
    if brand_problems:
        _fail(f"{brand_problems} brand file(s) have errors.")
    languages = _configured_languages(project_dir)
    if len(languages) > 1:
        from .translations import coverage, missing_translations

        for language in languages[1:]:
            missing = missing_translations(project, language)
            _print_report(missing, root)
            warnings += len(missing.warnings)
            if strict and missing.warnings:
                _fail(f"{len(missing.warnings)} text(s) have no '{language}' version (--strict).")

        figures = ", ".join(f"{item.language} {item.percent:.0f}% ({item.translated}/{item.total})"
                            for item in coverage(project, languages))
        click.echo(f"Translation coverage of kit and tip texts: {figures}.")
    questions = sum(len(kit.questions()) for kit in project.kits)
    click.echo(f"{len(project.kits)} kits, {len(project.tips)} tips, {questions} questions, "
               f"{len(named)} brand file(s): "
               + (f"{warnings} warning(s)." if warnings else "no problems found."))


@main.command()
@click.argument("kit_id")
@click.option("--type", "kit_type", type=click.Choice([kind.value for kind in KitType]),
              default=KitType.OTHER.value, show_default=True, help="The kind of conversation.")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
              default=".", help="The project folder.")
def new(kit_id: str, kit_type: str, project_dir: Path) -> None:
    """Create kits/KIT_ID.yml from a complete, valid template. Never overwrites a file."""
    from .scaffold import ScaffoldError, create_kit

    settings = _project_settings(project_dir)
    try:
        path = create_kit(settings.kits_path, kit_id, KitType(kit_type))
    except ScaffoldError as error:
        _fail(str(error))
    except FileExistsError:
        _fail(f"{settings.kits_path / (kit_id + '.yml')} already exists; it was left untouched.")
    else:
        click.echo(f"Created {path}. Fill it in, then run 'gesprekskit validate'.")


@main.command()
@project_argument
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
def serve(project_dir: Path, dev_addr: str) -> None:
    """Serve the guide with live reload; follows the kits, tips and content folders."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    _load(project_dir, strict=False)
    _refuse_unsafe_sources(project_dir)
    _configure_logging(verbose=False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        mkdocs_serve(config_file=str(project_dir / "mkdocs.yml"), dev_addr=dev_addr,
                     livereload=True)
    except MkDocsException as error:
        _fail(str(error))


@main.command()
@click.argument("kit_id")
@click.option("--sheet", type=click.Choice(["praatplaat", "vragenblad", "voorbereiding",
                                           "vervolgafspraken", "kaarten", "compleet"]),
              default="vragenblad", show_default=True, help="Which sheet to render.")
@click.option("--paper", type=click.Choice(["a4", "a3"]),
              help="Paper size; the praatplaat is A3 landscape unless you choose a4.")
@click.option("--language", help="Language of the sheet (default: the project's language).")
@click.option("--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Render with this brand.yml file instead of the project's _brand.yml.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: KIT_ID-SHEET.pdf in the current folder).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
              default=".", help="The project folder.")
def pdf(kit_id: str, sheet: str, paper: str | None, language: str | None, brand_file: Path | None,
        output: Path | None, project_dir: Path) -> None:
    """Render one sheet of one kit as PDF, without building the site."""
    from .brand import DEFAULT_BRAND
    from .brand_file import load_brand, project_brand_file
    from .build import project_sources
    from .output_path import OutputPathError, check_output_file
    from .sheets import registry

    target = output or Path(f"{kit_id}-{sheet}.pdf")
    try:  # before any rendering
        target = check_output_file(target, project_dir.resolve(),
                                   project_sources(project_dir, brand_file)[0], "pdf")
    except OutputPathError as error:
        _refuse_output(error)
    project = _load(project_dir, strict=False)
    if kit_id not in {kit.id for kit in project.kits}:
        known = ", ".join(sorted(kit.id for kit in project.kits))
        raise click.BadParameter(f"there is no kit '{kit_id}'; known kits: {known}",
                                 param_hint="KIT_ID")
    root = project_dir.resolve()
    options = _plugin_options(project_dir)
    try:
        brand_path = brand_file or project_brand_file(root, options.brand if options else None)
    except FileNotFoundError as error:
        _fail(f"{error}; fix the brand setting in mkdocs.yml or choose one with --brand.")
    brand = DEFAULT_BRAND
    if brand_path is not None:
        try:
            brand, report = load_brand(Path(os.path.abspath(brand_path)), root)
        except GesprekskitError as error:
            _print_report(error.report, root)
            _fail("The brand file has errors; no PDF was written.")
        _print_report(report, root)
    paper_name = None
    if paper is not None and sheet != registry.COMPLETE:
        sheet_type = registry.sheet_type(sheet)
        matching = [name for name in sheet_type.papers if name.startswith(paper)]
        if not matching:
            raise click.BadParameter(f"the {sheet} sheet is printed on "
                                     f"{', '.join(sheet_type.papers)}", param_hint="--paper")
        paper_name = matching[0]
    from .sheets.fetcher import FetchRefused
    from .sheets.render import SheetDoesNotFit, render_sheet

    try:
        content = render_sheet(project, project.kit(kit_id), sheet,
                               language=language or project.settings.default_language,
                               brand=brand, paper=paper_name)
    except (FetchRefused, SheetDoesNotFit) as error:
        _fail(str(error))
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    partial.replace(target)
    click.echo(f"Wrote {output or target.name} ({len(content) // 1024} kB).")


@main.command()
@click.option("--kind", type=click.Choice(["kit", "tip"]), default="kit", show_default=True,
              help="Which file format to print.")
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write kit.schema.json and tip.schema.json into this folder instead.")
def schema(kind: str, write_dir: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of kit or tip files, for editor completion."""
    from .schema_export import all_schemas, write_schemas

    if write_dir is not None:
        for path in write_schemas(write_dir):
            click.echo(f"Wrote {path}")
        return
    click.echo(json.dumps(all_schemas()[kind], indent=2, ensure_ascii=False))
