"""`gesprekskit workshop ID`: one sheet (or all) of one workshop as PDF, without building the
site; the counterpart of `gesprekskit pdf` for kits, with the same options and messages, and
`--start` for the trainer's own start time."""

from __future__ import annotations

from pathlib import Path

import click

from ..characters import quoted
from ..cli_project import (SHEET_BRAND_OPTION, SHEET_LANGUAGE_OPTION, ProjectContext,
                           project_option)
from ..cli_spelling import SpellingHintCommand
from ..os_errors import explain_os_error
from ..workshop_model import clock_minutes
from .registry import WORKSHOP_SHEETS, workshop_sheet

ALL = "all"


def _start_time(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        clock_minutes(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


@click.command("workshop", cls=SpellingHintCommand)
@click.argument("workshop_id")
@click.option("--sheet", type=click.Choice([sheet.name for sheet in WORKSHOP_SHEETS] + [ALL]),
              default="facilitator-guide", show_default=True,
              help="Which sheet to render; 'all' writes every sheet the workshop has.")
@click.option("--start", callback=_start_time, metavar="HH:MM",
              help="Start time the agenda is counted from (default: the workshop's 'start').")
@click.option("--paper", type=click.Choice(["a4", "a3"]),
              help="Paper size; only the agenda is also made for A3.")
@SHEET_LANGUAGE_OPTION
@SHEET_BRAND_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The PDF to write (default: pdf/WORKSHOP_ID-SHEET.pdf in the project "
                   "folder; pdf/WORKSHOP_ID-SHEET-LANGUAGE.pdf in a language other than the "
                   "first); with --sheet all, the folder to write them to (made if it is new).")
@project_option(positional=False)
def workshop(workshop_id: str, sheet: str, start: str | None, paper: str | None,
             language: str | None, brand_file: Path | None, output: Path | None,
             project: ProjectContext) -> None:
    """Render a workshop's facilitator guide, agenda, role cards, observer sheet, slides,
    handout or card deck as PDF, without building the site."""
    from ..build import project_sources
    from ..cli import (_fail, _load, _refuse_output, _sheet_brand, _sigterm_as_interrupt,
                       print_folder)
    from ..downloads import pdf_file_name
    from ..output_path import OutputPathError, check_output_file, write_output_file
    from .downloads import project_workshops

    languages = project.languages
    if language is not None and language not in languages:
        raise click.BadParameter(f"this guide has no language {quoted(language)}; it has: "
                                 f"{', '.join(languages)}", param_hint="--language")
    loaded = _load(project)
    workshops = {item.id: item for item in project_workshops(loaded)}
    if workshop_id not in workshops:
        known = ", ".join(sorted(workshops)) or "none (add one with 'gesprekskit new --workshop')"
        raise click.BadParameter(f"there is no workshop {quoted(workshop_id)}; known workshops: "
                                 f"{known}", param_hint="WORKSHOP_ID")
    chosen = workshops[workshop_id]
    from .render import WorkshopSheetDoesNotFit, available_sheets, render_workshop_sheet

    available = [item.name for item in available_sheets(loaded, chosen)]
    names = available if sheet == ALL else [sheet]
    if sheet != ALL and sheet not in available:
        raise click.BadParameter(f"the workshop {quoted(workshop_id)} has no {sheet}: "
                                 f"{_why_missing(sheet)}; it has {', '.join(available)}",
                                 param_hint="--sheet")
    papers = {name: _paper(name, paper, sheet == ALL) for name in names}
    targets = {}
    suffix = language if language not in (None, languages[0]) else None
    # -o naming the one sheet's file: no pdf/ folder made in the project for nothing.
    folder = None if sheet != ALL and output is not None else output or print_folder(project)
    for name in names:
        target = output if folder is None else folder / pdf_file_name(workshop_id, name, suffix)
        try:  # before any rendering; `--sheet all -o DIR` makes DIR when it is new
            targets[name] = check_output_file(target, project.root,
                                              project_sources(project.root, brand_file)[0], "pdf",
                                              new_folder=sheet == ALL)
        except OutputPathError as error:  # a usage error (exit 2), as for `pdf` and `handbook`
            _refuse_output(error)
    brand = _sheet_brand(project, brand_file, language)
    from ..pdf_build import PdfRenderError, render_scratch
    from .fonts import missing_characters

    shown = language or loaded.settings.default_language
    report = missing_characters(loaded, [chosen], [shown], brand)
    if report.errors:
        _fail(f"{report.format(loaded.settings.root)}\nNo PDF was written.")

    def make(name: str) -> str | None:
        """Render and write one sheet; why it could not be, or None."""
        try:
            content = render_workshop_sheet(loaded, chosen, name, language=shown, brand=brand,
                                            paper=papers[name], start=start)
        except (WorkshopSheetDoesNotFit, PdfRenderError) as error:
            return f"{error}; the {name} PDF was not written."
        except OSError as error:  # a full or read-only temporary folder
            return (f"Rendering stopped: {explain_os_error(error)}. The {name} PDF was not "
                    "written.")
        except Exception as error:  # a card no layout holds: located in the workshop file
            from ..diagnostics import GesprekskitError

            if not isinstance(error, GesprekskitError):
                raise
            return f"{error.report.format(loaded.settings.root)}\nThe {name} PDF was not written."
        target = targets[name]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_output_file(target, content)
        except OSError as error:
            return (f"Cannot write {target}: {error.strerror or error}; the {name} PDF was not "
                    "written.")
        click.echo(f"Wrote {target} ({len(content) // 1024} kB).")
        return None

    failures: list[str] = []
    written: list[str] = []
    try:  # a Ctrl-C or SIGTERM ends the sheet in progress; its temporary files go with it
        with _sigterm_as_interrupt(), render_scratch():
            for name in names:  # every sheet, then every failure: one run shows all to fix
                failure = make(name)
                if failure is None:
                    written.append(name)
                else:
                    failures.append(failure)
    except KeyboardInterrupt:
        _fail("Interrupted; " + (f"the {', '.join(written)} PDF(s) above were written, no "
                                 "other." if written else "no PDF was written."))
    if failures:
        summary = (f"{len(failures)} of {len(names)} sheets could not be made"
                   f"{f'; the other {len(written)} were written' if written else ''}.")
        _fail("\n".join([*failures, summary]) if len(names) > 1 else failures[0])


def _why_missing(sheet: str) -> str:
    needs = workshop_sheet(sheet).needs
    if needs == "role_plays":
        return "it has no block of kind role-play"
    return "none of its blocks uses questions of a kit, and it has no 'cards' list"


def _paper(sheet: str, paper: str | None, every_sheet: bool) -> str | None:
    """The paper of one sheet for --paper a4/a3; with --sheet all, sheets not made for that
    paper keep their own."""
    if paper is None:
        return None
    papers = workshop_sheet(sheet).papers
    matching = [name for name in papers if name.startswith(paper)]
    if matching:
        return matching[0]
    if every_sheet:
        return None
    raise click.BadParameter(f"the {sheet} sheet is printed on {', '.join(papers)}",
                             param_hint="--paper")
