"""`gesprekskit export` and `gesprekskit handbook`: the guide without the plugin, and on paper."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .brand import DEFAULT_BRAND, Brand
from .characters import quoted
from .cli_project import ProjectContext, project_option
from .diagnostics import GesprekskitError
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
        return DEFAULT_BRAND
    try:
        brand, report = load_brand(Path(os.path.abspath(path)), project.root, languages=languages)
    except GesprekskitError as error:
        cli._print_report(error.report, project.root)
        cli._fail("The brand file has errors; nothing was written.")
    cli._print_report(report, project.root)
    return brand


def _layout(project: ProjectContext) -> SiteLayout:
    return SiteLayout(kits_section=project.options.kits_section)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@BRAND_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for the PDFs (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every PDF again.")
@project_option(positional=False)
def export(folder: Path, brand_file: Path | None, jobs: int | None, no_cache: bool,
           project: ProjectContext) -> None:
    """Write the guide as plain MkDocs projects that build without Gesprekskit.

    FOLDER gets a mkdocs.yml and docs/ for the default language and <lang>/ for each other
    language: pages, assets, PDFs and the handbook. Build it with 'mkdocs build' (then
    'mkdocs build -f <lang>/mkdocs.yml' per language); see FOLDER/README.md.
    """
    from .build import project_sources
    from .export import ExportError, ExportSettings, build_commands, export_guide
    from .handbook.content import GuidePageError
    from .output_path import OutputPathError, check_site_folder
    from .pdf_build import PdfRenderError

    cli = _cli()
    try:  # before any work: never the project, a source folder or a folder not ours
        check_site_folder(folder, project.root, project_sources(project.root, brand_file)[0])
    except OutputPathError as error:
        cli._refuse_output(error)
    loaded = cli._load(project)
    cli._refuse_unsafe_sources(project)
    brand = _brand(project, brand_file, project.languages)
    settings = ExportSettings(
        config=project.guide.mkdocs_values(), languages=project.languages,
        language_options=dict(project.options.languages), layout=_layout(project),
        cache_dir=project.root / project.options.cache_dir, jobs=jobs or project.options.jobs,
        use_cache=project.options.cache and not no_cache)
    try:
        result = export_guide(loaded, brand, settings, folder)
    except (ExportError, GuidePageError, PdfRenderError) as error:
        cli._fail(f"{error}\nNothing was exported; {folder} was left as it was.")
    except KeyboardInterrupt:
        cli._fail(f"Interrupted; {folder} was left as it was.")
    steps = " && ".join(build_commands(project.languages))
    click.echo(f"Exported {result.pages} generated pages and {result.pdfs} PDFs into "
               f"{result.folder} ({len(result.projects)} MkDocs project(s)). Build it with: "
               f"cd {folder} && {steps}")


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: handbook-<language>.pdf in the current folder).")
@click.option("--language", help="Language of the handbook (default: the project's language).")
@BRAND_OPTION
@project_option(positional=False)
def handbook(output: Path | None, language: str | None, brand_file: Path | None,
             project: ProjectContext) -> None:
    """Render the whole guide as one printed handbook (PDF): cover, contents with page numbers,
    the guide's pages, every conversation and tip."""
    from .build import project_sources
    from .handbook.content import GuidePageError
    from .handbook.render import HandbookSource, render_handbook
    from .output_path import OutputPathError, check_output_file
    from .pdf_build import PdfRenderError, check_fonts

    cli = _cli()
    languages = project.languages
    if language is not None and language not in languages:
        raise click.BadParameter(f"this guide has no language {quoted(language)}; it has: "
                                 f"{', '.join(languages)}", param_hint="--language")
    language = language or languages[0]
    target = output or Path(f"handbook-{language}.pdf")
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
        check_fonts(loaded, [language], brand)
        content = render_handbook(loaded, language, brand, source=source)
    except (PdfRenderError, GuidePageError) as error:
        cli._fail(f"{error}\nNo PDF was written.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    partial.replace(target)
    click.echo(f"Wrote {output or target.name} ({len(content) // 1024} kB).")
