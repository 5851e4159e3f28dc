"""`gesprekskit export` and `gesprekskit handbook`: the guide without the plugin, and on paper."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import click

from .brand import DEFAULT_BRAND, Brand
from .characters import quoted
from .cli_project import ProjectContext, project_option
from .diagnostics import GesprekskitError
from .os_errors import explain_os_error
from .site.pages import SiteLayout

BRAND_OPTION = click.option(
    "--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Use this brand.yml file instead of the project's _brand.yml.")


def _cli():  # the shared helpers of the main command module, imported late (no cycle)
    from . import cli

    return cli


def _brand(project: ProjectContext, brand_file: Path | None, languages: list[str]) -> Brand:
    """The brand named on the command line, else the project's; its problems reported."""
    from .brand_file import load_brand, project_brand_file

    cli = _cli()
    try:
        path = brand_file or project_brand_file(project.root, project.options.brand or None)
    except FileNotFoundError as error:
        cli._fail(f"{error}; fix the brand setting in mkdocs.yml or choose one with --brand.")
    if path is None:
        return DEFAULT_BRAND.for_guide(project.guide.site_names)
    try:
        brand, report = load_brand(Path(os.path.abspath(path)), project.root, languages=languages)
    except GesprekskitError as error:
        cli._print_report(error.report, project.root)
        cli._fail("The brand file has errors; nothing was written.")
    cli._print_report(report, project.root)
    return brand.for_guide(project.guide.site_names)


def _layout(project: ProjectContext) -> SiteLayout:
    return SiteLayout(kits_section=project.options.kits_section)


EXPORT_STAGING_PREFIX = ".export-new-"


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@BRAND_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for the PDFs (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every PDF again.")
@click.option("--overwrite", is_flag=True,
              help="Replace files in FOLDER that you changed or added where the export writes "
                   "(without it the export stops and names them).")
@click.option("-v", "--verbose", is_flag=True, help="Show every step of the export.")
@project_option(positional=False)
def export(folder: Path, brand_file: Path | None, jobs: int | None, no_cache: bool,
           overwrite: bool, verbose: bool, project: ProjectContext) -> None:
    """Write the guide as plain MkDocs projects that build without Gesprekskit.

    FOLDER gets a mkdocs.yml and docs/ for the default language and <lang>/ for each other
    language: every page, the assets, PDFs, calendar files, wall planner and handbook. Build
    it with 'mkdocs build' (then 'mkdocs build -f <lang>/mkdocs.yml' per language); see
    FOLDER/README.md.

    FOLDER must be new, empty or an earlier export. Exporting again replaces only the files
    the earlier export wrote and you did not change; files you added are left alone.
    """
    from .build import BuildLockedError, build_lock, configured_sources
    from .export import ExportError, build_hint, collect_export, export_readme
    from .export_folder import ExportConflict, apply_staging, is_export_folder, stage_files
    from .output_path import OutputPathError, check_site_folder
    from .pdf_build import PdfRenderError
    from .plan import PlanError, make_plan
    from .plan.guide import log
    from .progress import set_activity
    from .scratch import make_scratch, sweep_stale

    cli = _cli()
    settings = project.guide.with_overrides(brand=brand_file, jobs=jobs,
                                            cache=False if no_cache else None)
    try:  # before any work: never the project, a source folder or a folder not ours
        target = check_site_folder(folder, project.root, configured_sources(settings, brand_file),
                                   owner_check=is_export_folder,
                                   named_by=("folder to export to", "../guide-export"))
    except OutputPathError as error:
        cli._refuse_output(error)
    cli._load(project, quiet=True)
    cli._refuse_unsafe_sources(project)
    handler, counter = cli._configure_logging(verbose)
    started = time.perf_counter()
    staging = None
    try:
        with cli.heartbeat(handler), cli._sigterm_as_interrupt(), build_lock(project.root):
            set_activity("reading the kits")
            plan = make_plan(settings)
            warnings = plan.warnings()
            for warning in warnings:
                log.warning(warning.format(plan.root))
            failure = plan.strict_failure(len(warnings))
            if failure is not None:
                raise PlanError(failure)
            exports = collect_export(plan)
            files = {path: data for item in exports for path, data in item.files.items()}
            files["README.md"] = export_readme(settings.languages)
            target.parent.mkdir(parents=True, exist_ok=True)
            sweep_stale(target.parent, (EXPORT_STAGING_PREFIX,))
            set_activity(f"writing the export into {target}")
            staging = make_scratch(EXPORT_STAGING_PREFIX, target.parent)
            digests = stage_files(files, staging)
            report = apply_staging(staging, digests, target, overwrite=overwrite)
    except ExportConflict as error:
        cli._fail(f"Nothing was exported: {len(error.paths)} file(s) in {folder} were changed or "
                  "added since the last export and would be replaced:\n  "
                  + "\n  ".join(error.paths[:20])
                  + (f"\n  ... and {len(error.paths) - 20} more" if len(error.paths) > 20 else "")
                  + "\nMove them out of the way, or export again with --overwrite to replace them.",
                  cli.EXIT_USAGE_ERROR)  # as any output that would overwrite what is not ours
    except (PlanError, PdfRenderError) as error:
        cli._fail(f"Nothing was exported; {folder} was left as it was." + cli._detail(error))
    except ExportError as error:
        cli._fail(f"{error}\nNothing was exported; {folder} was left as it was.")
    except BuildLockedError as error:
        cli._fail(str(error))
    except KeyboardInterrupt:
        cli._fail(f"Interrupted; {folder} was left as it was.")
    except OSError as error:
        cli._fail(f"The export failed: {explain_os_error(error)}.")
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    pages = sum(item.generated_pages + item.content_pages for item in exports)
    pdfs = sum(1 for path in digests if path.endswith(".pdf"))
    for label, paths, folders in (
            ("Replaced as asked (--overwrite)", report.overwritten, []),
            ("Left alone (not written by the export)", report.kept, report.kept_folders),
            ("Left alone (changed since the last export; no longer exported)",
             report.kept_changed, [])):
        named = [f"{len(paths)} file(s): " + ", ".join(paths[:10])
                 + (f" and {len(paths) - 10} more" if len(paths) > 10 else "")] if paths else []
        named += [f"the folder {folder} (the output of 'mkdocs build')" for folder in folders]
        if named:
            click.echo(f"{label}: {'; '.join(named)}")
    removed = f", removed {len(report.removed)} no longer exported" if report.removed else ""
    click.echo(f"Exported {pages} pages and {pdfs} PDFs into {target} ({len(exports)} MkDocs "
               f"project(s){removed}) in {time.perf_counter() - started:.1f} s"
               f"{cli._warnings_note(counter.count)}. Build it with: "
               f"{build_hint(folder, settings.languages)}")


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: pdf/handbook-LANGUAGE.pdf in the project "
                   "folder).")
@click.option("--language", help="Language of the handbook (default: the project's language).")
@BRAND_OPTION
@project_option(positional=False)
def handbook(output: Path | None, language: str | None, brand_file: Path | None,
             project: ProjectContext) -> None:
    """Render the whole guide as one printed handbook (PDF): cover, contents with page numbers,
    the guide's pages, every conversation and tip."""
    from .build import project_sources
    from .handbook.content import GuidePageError
    from .handbook.render import render_handbook
    from .handbook.source import HandbookSource
    from .output_path import OutputPathError, check_output_file
    from .pdf_build import PdfRenderError, check_fonts, render_scratch

    cli = _cli()
    languages = project.languages
    if language is not None and language not in languages:
        raise click.BadParameter(f"this guide has no language {quoted(language)}; it has: "
                                 f"{', '.join(languages)}", param_hint="--language")
    language = language or languages[0]
    target = output or cli.print_folder(project) / f"handbook-{language}.pdf"
    try:
        target = check_output_file(target, project.root,
                                   project_sources(project.root, brand_file)[0], "pdf")
    except OutputPathError as error:
        cli._refuse_output(error)
    loaded = cli._load(project)
    cli._refuse_unsafe_sources(project)
    brand = _brand(project, brand_file, [languages[0], language])
    source = HandbookSource.from_config(project.guide.mkdocs_values(), languages,
                                        dict(project.options.languages), _layout(project))
    try:
        with cli._sigterm_as_interrupt(), render_scratch():
            check_fonts(loaded, [language], brand)
            content = render_handbook(loaded, language, brand, source=source)
    except (PdfRenderError, GuidePageError) as error:
        cli._fail(f"{error}\nNo PDF was written.")
    except OSError as error:  # a full or read-only temporary folder
        cli._fail(f"Rendering stopped: {explain_os_error(error)}. No PDF was written.")
    except KeyboardInterrupt:
        cli._fail("Interrupted; no PDF was written.")
    from .output_path import write_output_file

    try:
        write_output_file(target, content)
    except OSError as error:
        cli._fail(f"Cannot write {output or target}: {error.strerror or error}; no PDF was "
                  "written.")
    click.echo(f"Wrote {output or target} ({len(content) // 1024} kB).")
