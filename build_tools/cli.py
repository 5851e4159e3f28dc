"""The `gesprekskit` command: build, validate, new, serve, schema and pdf.

Every expected failure ends here as a short message and an exit status: 0 fine; 1 the project
has errors (a kit, tip, page, brand file or mkdocs.yml) or the build failed; 2 the command line
is wrong (an unknown option, a bad value such as a kit id or language, or a folder that is not
a Gesprekskit project). Tracebacks are for bugs only.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__, theme_notice  # noqa: F401  (before MkDocs loads the theme)
from .characters import printable, quoted
from .cli_project import (SHEET_BRAND_OPTION, SHEET_LANGUAGE_OPTION, ProjectContext,
                          project_option)
from .diagnostics import DiagnosticReport, GesprekskitError
from .loader import Project, ProjectSettings, load_project
from .i18n import translator
from .model import DEPRECATED_VALUES, KitType
from .cli_output import configure_logging as _configure_logging
from .cli_spelling import SpellingHintCommand
from .os_errors import explain_os_error
from .progress import heartbeat

if TYPE_CHECKING:
    from .brand import Brand
    from .handbook.source import HandbookSource

EXIT_CONTENT_ERROR = 1
EXIT_USAGE_ERROR = 2


def _fail(message: str, status: int = EXIT_CONTENT_ERROR) -> None:
    click.secho(printable(message), fg="red", err=True)
    sys.exit(status)


def _refuse_output(error: Exception) -> None:
    """An output that would overwrite what is not Gesprekskit's: a usage error, exit 2."""
    _fail(f"Error: {error}", EXIT_USAGE_ERROR)


def _refuse_unsafe_sources(project: ProjectContext) -> None:
    """Links out of the project, hard links, devices or unsafe names among the guide's pages,
    brands and locales: each one located, none read, exit 1 (the kits are checked on loading)."""
    from .source_files import check_guide_sources

    checked = check_guide_sources(project.root, project.guide.docs_dir, [project.guide.custom_dir])
    if checked.report.errors:
        _print_report(checked.report, project.root)
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


def _print_report(report: DiagnosticReport, root: Path) -> None:
    for item in report.sorted():
        colour = "red" if item.severity.value == "error" else "yellow"
        click.secho(item.format(root), fg=colour, err=True)


def _load(project: ProjectContext, *, quiet: bool = False) -> Project:
    """The project's kits and tips; every error reported and exit 1 when there is one. Its
    warnings are printed unless `quiet` (the build's plugin reports them itself)."""
    try:
        loaded = load_project(project.settings)
    except GesprekskitError as error:
        _print_report(error.report, project.root)
        _fail(f"{len(error.report.errors)} error(s) found; nothing was built.")
        raise  # unreachable: _fail exits
    if not quiet:
        _print_report(loaded.report, project.root)
    return loaded


def _detail(error: Exception) -> str:
    """MkDocs' closing words, unless they only say that the error above stopped it."""
    text = str(error)
    return "" if not text or text.startswith("Aborted with a BuildError") else f"\n{text}"


def _warnings_note(count: int) -> str:
    return f", {count} warning(s)" if count else ""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gesprekskit")
def main() -> None:
    """Turn a folder of conversation kits into a guide site and printable worksheets.

    Start with 'gesprekskit new KIT_ID', check with 'gesprekskit validate', publish with
    'gesprekskit build'. Every command works on the project in the current folder (or the
    nearest one above it); name another with --project PATH.

    Exit status: 0 fine, 1 the project has errors or the build failed, 2 usage errors.
    """


@main.command()
@project_option(positional=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site to (default: site_dir of mkdocs.yml, usually site/).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (as 'strict: true' under "
              "the gesprekskit plugin in mkdocs.yml does).")
@click.option("--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Build with this brand.yml file instead of the project's _brand.yml.")
@click.option("--all-brands", is_flag=True,
              help="Build one complete site per brand in brands/<name>/ into <out>/<name>/, "
                   "with an index.html at <out>/ that lists them.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for the PDFs (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every PDF again instead of reusing "
              "the PDFs of unchanged kits.")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last "
              "build into the same folder.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own progress messages.")
def build(project: ProjectContext, out: Path | None, strict: bool, brand_file: Path | None,
          all_brands: bool, jobs: int | None, no_cache: bool, force: bool, verbose: bool) -> None:
    """Build the guide site with all its PDFs.

    The site is built in a temporary folder and swapped in only when the build succeeded:
    a failed build leaves the previous site as it was.
    """
    from .build import BuildLockedError, SiteBuildError, build_site, check_output
    from .output_path import OutputPathError
    from .plan import PlanError

    if brand_file is not None and all_brands:
        raise click.UsageError("use either --brand or --all-brands, not both")
    try:
        check_output(project.root, out, brand=brand_file)  # before any work
    except OutputPathError as error:
        _refuse_output(error)
    handler, counter = _configure_logging(verbose)
    started = time.perf_counter()

    def prepare() -> None:  # only when the site is not up to date
        _load(project, quiet=True)
        _refuse_unsafe_sources(project)

    try:
        with heartbeat(handler), _sigterm_as_interrupt():
            result = build_site(project.root, out, strict=strict, brand=brand_file,
                                all_brands=all_brands, jobs=jobs,
                                cache=False if no_cache else None, force=force, prepare=prepare)
    except OutputPathError as error:
        _refuse_output(error)
    except BuildLockedError as error:
        _fail(str(error))
    except (SiteBuildError, PlanError) as error:
        _fail("The build failed; the previous site was left untouched." + _detail(error))
    except KeyboardInterrupt:
        _fail("Interrupted; the previous site was left untouched.")
    except OSError as error:
        _fail(f"The build failed: {explain_os_error(error)}. The previous site was left "
              "untouched.")
    else:
        seconds = time.perf_counter() - started
        if result.up_to_date:
            click.echo(f"Nothing changed since the last build: {result.site_dir} is up to date "
                       f"({result.pages} pages, {result.pdfs} PDFs). Use --force to build anyway.")
        else:
            click.echo(f"Built {result.pages} pages and {result.pdfs} PDFs into {result.site_dir} "
                       f"in {seconds:.1f} s{_warnings_note(counter.count)}.")


@main.command()
@project_option(positional=True)
@click.option("--brand", "brand_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Bundle with this brand.yml file instead of the project's _brand.yml.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("gesprekskit-site.zip"), show_default=True, help="The zip to write.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def bundle(project: ProjectContext, brand_file: Path | None, output: Path, strict: bool) -> None:
    """Make one zip of the site and all its PDFs, to unpack on a shared drive and open from disk.

    The same input gives a byte-identical zip; index.html sits at its top.
    """
    from .build import BuildLockedError, SiteBuildError
    from .bundle import BundleError, check_destination, make_bundle
    from .output_path import OutputPathError
    from .plan import PlanError

    try:
        check_destination(project.root, output, brand_file)  # before the whole build
    except OutputPathError as error:
        _refuse_output(error)
    _load(project, quiet=True)
    _refuse_unsafe_sources(project)
    handler, _ = _configure_logging(verbose=False)
    try:
        with heartbeat(handler), _sigterm_as_interrupt():
            count = make_bundle(project.root, output, brand=brand_file, strict=strict)
    except OutputPathError as error:
        _refuse_output(error)
    except (BundleError, BuildLockedError) as error:
        _fail(str(error))
    except (SiteBuildError, PlanError) as error:
        _fail("The build failed; no zip was written." + _detail(error))
    except KeyboardInterrupt:
        _fail("Interrupted; no zip was written.")
    except OSError as error:
        _fail(f"The zip could not be made: {explain_os_error(error)}. No zip was written.")
    else:
        click.echo(f"Wrote {output} ({count} files). Unpack it and open index.html.")


@main.command()
@project_option(positional=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (as 'strict: true' under "
              "the gesprekskit plugin in mkdocs.yml does).")
@click.option("-v", "--verbose", is_flag=True,
              help="List every untranslated text instead of a summary per file and language.")
def validate(project: ProjectContext, strict: bool, verbose: bool) -> None:
    """Check every kit, tip, workshop, brand file and translation; report all problems at once.

    Reports exactly the warnings and errors 'gesprekskit build' will, and fails when the build
    would: what validate accepts, the build accepts.
    """
    from .brand_file import load_brand, project_brand_file
    from .build import brand_files
    from .guide_checks import content_page_report, guide_report, strict_failure

    from .loader import load_project_partially

    try:  # the valid kits too when one has errors: their warnings are counted as build counts them
        loaded = load_project_partially(project.settings)
    except GesprekskitError as error:  # no kits folder at all
        _print_report(error.report, project.root)
        _fail(f"{len(error.report.errors)} error(s) found.")
        raise
    _print_report(loaded.report, project.root)
    errors = len(loaded.report.errors)
    _refuse_unsafe_sources(project)
    root = project.root
    warnings = len(loaded.report.warnings)
    try:  # the brand the build uses: the one mkdocs.yml names, else _brand.yml
        default_brand = project_brand_file(root, project.options.brand or None)
    except FileNotFoundError as error:
        _fail(f"{error}; fix the brand setting in mkdocs.yml.")
        raise  # unreachable: _fail exits
    named = {**({"default": default_brand} if default_brand is not None else {}),
             **{name: path for name, path in brand_files(root).items() if path is not None}}
    for path in named.values():
        try:
            _, report = load_brand(path, root)
        except GesprekskitError as error:
            report = error.report
        _print_report(report, root)
        # Counted with the rest, not a stop: the checks below (a broken brand leaves the fonts
        # check on the default brand) still report everything in one run.
        errors += len(report.errors)
        warnings += len(report.warnings)
    # The cycle settings fail the build, so they fail validate too.
    from .cycle.settings import cycle_settings
    try:
        cycle_settings(project.options.cycle, root / "mkdocs.yml", list(loaded.kit_file_ids))
    except GesprekskitError as error:
        _print_report(error.report, root)
        errors += len(error.report.errors)
    # Theme, plugins and nav: what MkDocs would refuse, checked as the build checks it.
    from .plan.config_checks import mkdocs_settings_report
    mkdocs_report = mkdocs_settings_report(project.guide, loaded)
    _print_report(mkdocs_report, root)
    errors += len(mkdocs_report.errors)
    warnings += len(mkdocs_report.warnings)
    from .i18n import MissingTranslation

    # A language without interface labels is one of the errors above; the checks that need
    # its labels leave it out instead of stopping.
    languages = [code for code in project.languages if _has_labels(project, code)]
    pages = content_page_report(project.docs_dir)
    _print_report(pages, root)
    errors += len(pages.errors)
    warnings += len(pages.warnings)
    translations = guide_report(loaded, languages, project.docs_dir, verbose=verbose)
    _print_report(translations, root)
    warnings += len(translations.warnings)
    try:
        fonts = _font_report(loaded, languages, named, root, project.guide.site_names,
                             _handbook_source(project, languages))
    except MissingTranslation:
        fonts = DiagnosticReport()
    _print_report(fonts, root)
    if fonts.errors:
        # One of the problems, not the end of the run: the closing count below includes them.
        missing = {code for item in fonts.errors for code in getattr(item, "languages", ())}
        click.secho(f"{len(missing) or len(fonts.errors)} language(s) have characters no font "
                    "can show; the PDFs would show empty boxes.", fg="red", err=True)
        errors += len(fonts.errors)
    # The closing lines follow the problems they count into stderr: two streams keep their
    # order only on one terminal, and a pipe or a CI log that reads them apart would put the
    # summary first. A run without problems leaves stderr empty.
    to_stderr = bool(errors or warnings)
    if len(languages) > 1:
        from .translations import coverage

        figures = ", ".join(f"{item.language} {item.percent}% ({item.translated}/{item.total})"
                            for item in coverage(loaded, languages))
        click.echo(f"Translation coverage of kit, tip and workshop texts: {figures}.",
                   err=to_stderr)
    questions = sum(len(kit.questions()) for kit in loaded.kits)
    if errors:
        _fail(f"{errors} error(s), {warnings} warning(s) found: fix the errors, then run "
              "'gesprekskit validate' again.")
    workshops = f"{len(loaded.workshops)} workshop(s), " if loaded.workshops else ""
    click.echo(f"{len(loaded.kits)} kits, {len(loaded.tips)} tips, {questions} questions, {workshops}"
               f"{len(named)} brand file(s): "
               + (f"{warnings} warning(s)." if warnings else "no problems found."),
               err=to_stderr)
    source = project.strict_source(strict)
    if warnings and source is not None:
        _fail(strict_failure(warnings, source))


def _has_labels(project: ProjectContext, language: str) -> bool:
    from .i18n import MissingTranslation

    try:
        project.settings.context(language).translate
    except MissingTranslation:
        return False
    return True


def _handbook_source(project: ProjectContext, languages: list[str]) -> HandbookSource | None:
    """What the build's handbooks are made of, when it makes them."""
    from .handbook.source import HandbookSource
    from .site.pages import SiteLayout

    if not (project.options.pdfs and project.options.handbook):
        return None
    return HandbookSource.from_config(project.guide.mkdocs_values(), languages,
                                      dict(project.options.languages),
                                      SiteLayout(kits_section=project.options.kits_section))


def _font_report(project: Project, languages: list[str], brands: dict[str, Path],
                 root: Path, site_names: dict[str, str], handbook: HandbookSource | None
                 ) -> DiagnosticReport:
    """Characters no font has, per language, for the project's brand (or the default): in
    the kits' sheets, the workshops' and the handbooks' own texts (guide pages, cover)."""
    from .brand import DEFAULT_BRAND
    from .brand_file import load_brand
    from .fonts import report_missing
    from .sheets.fonts import project_font_plans

    brand = DEFAULT_BRAND
    if "default" in brands:
        try:
            brand, _ = load_brand(brands["default"], root)
        except GesprekskitError:
            pass
    from .workshop_sheets.fonts import workshop_font_plan

    report = DiagnosticReport()
    brand = brand.for_guide(site_names)
    for plan in project_font_plans(project, languages, brand):
        report_missing(plan, report, root)
    # The workshops' own texts, as the build checks them before rendering their sheets (in
    # the same report: a character both miss is one error).
    for language in languages:
        for workshop in project.workshops:
            report_missing(workshop_font_plan(project, workshop, language, brand), report, root)
    if handbook is not None:
        from .handbook.fonts import handbook_font_report

        handbook_font_report(project, languages, brand, handbook, report)
    return report


def _kit_type(value: str) -> str:
    """The current spelling of a kind of conversation; an old Dutch one still works, with a
    note, but is never offered as a choice."""
    new = DEPRECATED_VALUES["type"].get(value)
    if new is None:
        choices = [kind.value for kind in KitType]
        if value not in choices:
            raise click.BadParameter(f"{quoted(value)} is not a kind of conversation; choose "
                                     f"one of: {', '.join(choices)}", param_hint="--type")
        return value
    click.echo(f"warning: --type {value} is the old spelling of '{new}'; write --type {new}",
               err=True)
    return new


@main.command()
@click.argument("kit_id", required=False)
@click.option("--type", "kit_type", callback=lambda ctx, param, value: _kit_type(value),
              default=KitType.OTHER.value, show_default=True, metavar="TYPE",
              help="The kind of conversation: " + "; ".join(
                  f"{kind.value} ({translator('nl')(f'kit_type.{kind.value}')})" for kind in KitType)
              + ".")
@click.option("--workshop", "workshop_id", metavar="WORKSHOP_ID",
              help="Create workshops/WORKSHOP_ID.yml, a workshop for trainers, instead of a kit.")
@project_option(positional=False)
def new(kit_id: str | None, kit_type: str, workshop_id: str | None,
        project: ProjectContext) -> None:
    """Create kits/KIT_ID.yml (or, with --workshop, workshops/WORKSHOP_ID.yml) from a complete,
    valid template. Never overwrites a file."""
    from .loader import RESERVED_IDS
    from .model import ID_HINT, is_valid_id
    from .scaffold import ScaffoldError, ScaffoldFolderError, create_kit, create_workshop

    if (kit_id is None) == (workshop_id is None):
        raise click.UsageError("give a KIT_ID, or --workshop WORKSHOP_ID for a workshop "
                               "(not both)")
    new_id, what = (kit_id, "kit") if kit_id is not None else (workshop_id, "workshop")
    assert new_id is not None
    hint = "KIT_ID" if kit_id is not None else "--workshop"
    if not is_valid_id(new_id):
        raise click.BadParameter(f"{quoted(new_id)} is not a valid {what} id: {ID_HINT}",
                                 param_hint=hint)
    if new_id in RESERVED_IDS:
        raise click.BadParameter(f"{quoted(new_id)} is reserved for a page of the guide; choose "
                                 "another id", param_hint=hint)
    settings = project.settings
    folder = settings.kits_path if kit_id is not None else settings.workshops_path
    # A kit and a workshop of one id would share downloads/<id>/ (the loader's error): the
    # new file would be broken from its first line.
    other, other_what = ((settings.workshops_path, "workshop") if kit_id is not None
                         else (settings.kits_path, "kit"))
    taken = next((other / f"{new_id}{suffix}" for suffix in (".yml", ".yaml")
                  if (other / f"{new_id}{suffix}").is_file()), None)
    if taken is not None:
        _refuse_output(ValueError(f"{taken} is a {other_what} with the id {quoted(new_id)}; a "
                                  f"{what} of that id would share its downloads folder. Choose "
                                  f"another id, e.g. {new_id}-{what}"))
    try:
        if kit_id is not None:
            path = create_kit(folder, new_id, KitType(kit_type), settings.default_language)
        else:
            path = create_workshop(folder, new_id, _first_valid_kit(settings),
                                   settings.default_language)
    except ScaffoldFolderError as error:  # mkdocs.yml names a file as the folder: exit 1
        _fail(f"Error: {error}")
    except ScaffoldError as error:  # the file exists: never overwritten, a usage error (exit 2)
        _refuse_output(error)
    except FileExistsError:
        _refuse_output(FileExistsError(f"{folder / (new_id + '.yml')} already exists; it was "
                                       "left untouched. Choose another id, or edit that file."))
    else:
        click.echo(f"Created {path}. Fill it in, then run 'gesprekskit validate'.")


def _first_valid_kit(settings: ProjectSettings) -> str | None:
    """A kit the new workshop's exercise can point at, so the skeleton validates as it is."""
    from .loader import load_project_partially

    try:
        kits = load_project_partially(settings).kits
    except GesprekskitError:  # no kits folder
        return None
    return min((kit.id for kit in kits), default=None)


@main.command()
@project_option(positional=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on (HOST:PORT); open it in a browser, http://HOST:PORT/.")
def serve(project: ProjectContext, dev_addr: str) -> None:
    """Preview the guide in a browser while you edit; reloads on every save.

    The server answers at once: pages appear within seconds, the PDFs follow as they are
    rendered. A problem in a kit is shown in the browser page and here, and the server keeps
    running: fix the file, save, and the page reloads.
    """
    from .serve import ServeAddressError, serve_project

    _refuse_unsafe_sources(project)
    handler, _ = _configure_logging(verbose=False)
    try:
        with heartbeat(handler):
            serve_project(project.root, dev_addr)
    except ServeAddressError as error:
        raise click.BadParameter(str(error), param_hint="--dev-addr") from None


def _sheet_names() -> list[str]:
    """Every sheet `gesprekskit pdf` can render: the registry's, then the combined document."""
    from .sheets.registry import COMPLETE, SHEET_TYPES

    return [sheet.name for sheet in SHEET_TYPES] + [COMPLETE]


#: Where `gesprekskit pdf`, `handbook` and `workshop` write when no -o is given, inside the
#: project folder (ignored by git, never read by the build), not loose in whatever folder the
#: command ran in.
PRINT_FOLDER = "pdf"


def print_folder(project: ProjectContext) -> Path:
    """The project's pdf/ folder, made when it is new: the default place of one-off PDFs.
    A file (or a link to nowhere) of that name is the user's: refused, exit 2, left as it is."""
    folder = project.root / PRINT_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        _fail(f"Error: cannot write into {folder}: it is a file or a link to nowhere, not a "
              "folder, and was left untouched. Rename it, or choose where the PDF goes with -o",
              EXIT_USAGE_ERROR)
    except OSError as error:
        _fail(f"Error: cannot make the folder {folder} ({error.strerror}). Choose where the "
              "PDF goes with -o", EXIT_USAGE_ERROR)
    return folder


def _load_for_one_kit(project: ProjectContext, kit_id: str) -> Project:
    """The project with at least this kit valid. Problems of other files do not stop one
    sheet: they are shown as warnings, so a colleague's broken draft never keeps a manager
    from printing the sheet they need."""
    from .diagnostics import Diagnostic, Severity
    from .loader import load_project_partially

    try:
        loaded = load_project_partially(project.settings)
    except GesprekskitError as error:  # no kits folder at all
        _print_report(error.report, project.root)
        _fail(f"{len(error.report.errors)} error(s) found; no PDF was written.")
        raise
    kit_files = {project.settings.kits_path / f"{kit_id}{suffix}" for suffix in (".yml", ".yaml")}
    own = DiagnosticReport([item for item in loaded.report.items if item.location.path in kit_files])
    others = DiagnosticReport([item if item.location.path in kit_files else
                               Diagnostic(item.location, item.message, item.hint, Severity.WARNING)
                               for item in loaded.report.items
                               if item.location.path not in kit_files])
    _print_report(others, project.root)
    if others.items and any(item.severity is Severity.ERROR for item in loaded.report.items
                            if item.location.path not in kit_files):
        click.secho(f"Other files have errors (shown as warnings above); they do not affect "
                    f"this sheet, but the guide will not build until they are fixed.",
                    fg="yellow", err=True)
    _print_report(own, project.root)
    if own.errors:
        _fail(f"kits/{kit_id}: {len(own.errors)} error(s); no PDF was written.")
    return loaded


def _sheet_brand(project: ProjectContext, brand_file: Path | None, language: str | None) -> Brand:
    """The brand one PDF is rendered in (`pdf`, `workshop`): --brand, else the project's."""
    from .brand import DEFAULT_BRAND
    from .brand_file import load_brand, project_brand_file

    root = project.root
    try:
        brand_path = brand_file or project_brand_file(root, project.options.brand or None)
    except FileNotFoundError as error:
        _fail(f"{error}; fix the brand setting in mkdocs.yml or choose one with --brand.")
    if brand_path is None:
        return DEFAULT_BRAND.for_guide(project.guide.site_names)
    try:
        brand, report = load_brand(
            Path(os.path.abspath(brand_path)), root,
            languages=[project.settings.default_language, *([language] if language else [])])
    except GesprekskitError as error:
        _print_report(error.report, root)
        _fail("The brand file has errors; no PDF was written.")
        raise  # unreachable: _fail exits
    _print_report(report, root)
    return brand.for_guide(project.guide.site_names)


@main.command(cls=SpellingHintCommand)
@click.argument("kit_id")
@click.option("--sheet", type=click.Choice(_sheet_names()), default="vragenblad", show_default=True,
              help="Which sheet to render.")
@click.option("--paper", type=click.Choice(["a4", "a3"]),
              help="Paper size; the praatplaat is A3 landscape unless you choose a4 (in "
                   "compleet too).")
@SHEET_LANGUAGE_OPTION
@SHEET_BRAND_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: pdf/KIT_ID-SHEET.pdf in the project folder; "
                   "pdf/KIT_ID-SHEET-LANGUAGE.pdf in a language other than the first).")
@project_option(positional=False)
def pdf(kit_id: str, sheet: str, paper: str | None, language: str | None, brand_file: Path | None,
        output: Path | None, project: ProjectContext) -> None:
    """Render one sheet of one kit as PDF, without building the site."""
    from .build import project_sources
    from .downloads import pdf_file_name
    from .output_path import OutputPathError, check_output_file
    from .sheets import registry

    languages = project.languages
    if language is not None and language not in languages:
        raise click.BadParameter(f"this guide has no language {quoted(language)}; it has: "
                                 f"{', '.join(languages)}", param_hint="--language")
    suffix = language if language not in (None, languages[0]) else None
    target = output or print_folder(project) / pdf_file_name(kit_id, sheet, suffix)
    try:  # before any rendering
        target = check_output_file(target, project.root,
                                   project_sources(project.root, brand_file)[0], "pdf")
    except OutputPathError as error:
        _refuse_output(error)
    loaded = _load_for_one_kit(project, kit_id)
    if kit_id not in {kit.id for kit in loaded.kits}:
        known = ", ".join(sorted(kit.id for kit in loaded.kits))
        raise click.BadParameter(f"there is no kit {quoted(kit_id)}; known kits: {known}",
                                 param_hint="KIT_ID")
    brand = _sheet_brand(project, brand_file, language)
    paper_name = paper if sheet == registry.COMPLETE else None  # every sheet of that size
    if paper is not None and sheet != registry.COMPLETE:
        sheet_type = registry.sheet_type(sheet)
        matching = [name for name in sheet_type.papers if name.startswith(paper)]
        if not matching:
            typed = sorted({name.split("-")[0] for name in sheet_type.papers})
            raise click.BadParameter(f"the {sheet} sheet is printed on "
                                     f"{' or '.join(typed)} only; leave --paper out or write "
                                     f"--paper {typed[0]}", param_hint="--paper")
        paper_name = matching[0]
    from .pdf_build import PdfRenderError, check_fonts, render_one_sheet

    try:
        check_fonts(loaded, [language or loaded.settings.default_language], brand,
                    loaded.kit(kit_id))
    except PdfRenderError as error:
        _fail(f"{error}\nNo PDF was written.")
    try:
        with _sigterm_as_interrupt():
            content = render_one_sheet(loaded, kit_id, sheet,
                                       language=language or loaded.settings.default_language,
                                       brand=brand, paper=paper_name)
    except PdfRenderError as error:
        _fail(f"{error}; no PDF was written.")
    except OSError as error:  # a full or read-only temporary folder
        _fail(f"Rendering stopped: {explain_os_error(error)}. No PDF was written.")
    except KeyboardInterrupt:
        _fail("Interrupted; no PDF was written.")
    from .output_path import write_output_file

    try:
        write_output_file(target, content)
    except OSError as error:
        _fail(f"Cannot write {output or target}: {error.strerror or error}; no PDF was written.")
    click.echo(f"Wrote {output or target} ({len(content) // 1024} kB).")


@main.command("import")
@click.argument("bank", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("kit_id")
@click.option("--title", help="The kit's title (default: from the file name).")
@click.option("--update", is_flag=True, help="Import a new version of the bank into the existing "
              "kit: questions matched by id get the bank's texts, translations added since and "
              "everything else in the kit stay; new questions are added, none is deleted.")
@project_option(positional=False)
def import_(bank: Path, kit_id: str, title: str | None, update: bool,
            project: ProjectContext) -> None:
    """Import a question bank (CSV or JSON: id, category, one column per language) as a kit.

    Every category becomes a phase; question ids are kept. Never overwrites a file: a new
    version of the bank goes into its kit with --update.
    """
    from .question_bank import BankImportError, BankUsageError, import_bank

    settings = project.settings
    if update:
        from .question_bank_update import update_kit

        try:
            updated = update_kit(bank, settings.kits_path / f"{kit_id}.yml",
                                 settings.default_language, settings.language_codes)
        except BankImportError as error:
            _fail(f"Error: {error}")
        _print_report(updated.report, project.root)
        decisions = len(updated.report.warnings)
        click.echo(f"Updated {updated.path}: {updated.changed} question(s) changed, "
                   f"{updated.added} added, {updated.unchanged} unchanged"
                   + (f"; {decisions} decision(s) made for you, listed above: check them"
                      if decisions else "") + ". Check it with 'gesprekskit validate'.")
        if updated.kept:
            click.secho(f"{len(updated.kept)} question(s) are no longer in the bank and were "
                        f"kept: {', '.join(updated.kept)}. Remove them from the kit if they "
                        "should go.", fg="yellow", err=True)
        return
    try:
        result = import_bank(bank, settings.kits_path, kit_id, title, settings.default_language)
    except BankUsageError as error:  # as `new` on an existing file: a usage error
        _fail(f"Error: {error}", EXIT_USAGE_ERROR)
    except BankImportError as error:
        _fail(str(error))
    else:
        click.echo(f"Created {result.path}: {result.questions} questions in {result.categories} "
                   f"categories, in {', '.join(result.languages)}. Check it with "
                   "'gesprekskit validate'.")
        unused = [code for code in result.languages if code not in settings.language_codes]
        if unused:
            click.secho(f"The guide is not built in {', '.join(unused)}: add the language(s) to "
                        "mkdocs.yml (see 'Een taal toevoegen' in the guide) to show those texts.",
                        fg="yellow", err=True)


@main.command()
@click.option("--kind", type=click.Choice(["kit", "tip", "workshop"]), default="kit",
              show_default=True, help="Which file format to print.")
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write kit.schema.json, tip.schema.json and workshop.schema.json into this "
                   "folder instead.")
def schema(kind: str, write_dir: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of kit, tip or workshop files, for editor
    completion."""
    from .schema_export import SchemaWriteError, all_schemas, write_schemas

    if write_dir is not None:
        try:
            written = write_schemas(write_dir)
        except SchemaWriteError as error:
            _refuse_output(error)
        for path in written:
            click.echo(f"Wrote {path}")
        return
    click.echo(json.dumps(all_schemas()[kind], indent=2, ensure_ascii=False))


# Workshop packs (issue 19): `gesprekskit workshop ID --sheet NAME --start HH:MM`.
from .workshop_sheets.command import workshop as _workshop_command  # noqa: E402

main.add_command(_workshop_command)

# Issue 17: the engine-free export and the printed handbook (build_tools/cli_export.py).
from .cli_export import export as _export_command, handbook as _handbook_command  # noqa: E402

main.add_command(_export_command)
main.add_command(_handbook_command)
