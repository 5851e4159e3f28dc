"""Load a project's kits and tips: read, validate, cross-check, and report every problem at once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import DiagnosticReport, GesprekskitError, Location
from .characters import quoted
from .source_files import SourceCheck, check_sources
from .model import DEPRECATED_VALUES, ID_HINT, is_valid_id, Kit, KitDocument, Tip, TipDocument
from .yaml_source import (KIT_START, MAX_DOCUMENT_TEXT_CHARS, DataPath, SourceDocument,
                          read_yaml, text_over_budget)
from .i18n import PROJECT_LOCALES_DIR
from .kit_checks import check_kit, check_question_ids
from .languages import LanguageSpec, check_languages, fallback_chain, language_specs
from .rendering import LanguageContext
from .validation_messages import did_you_mean, known_keys, report_validation_error
from .workshop_loader import load_workshops
from .tip_links import TipLinks
from .workshop_model import Workshop

__all__ = ["Project", "ProjectSettings", "load_project", "report_validation_error"]

YAML_SUFFIXES = (".yml", ".yaml")
RESERVED_IDS = {"index", "downloads", "assets", "search", "tips", "vragenbank", "jaarritme",
                "con", "prn", "aux", "nul"}

@dataclass(frozen=True)
class ProjectSettings:
    """Where a project keeps its kits and which language its plain texts are in."""

    root: Path
    kits_dir: str = "kits"
    tips_dir: str = "kits/tips"
    default_language: str = "nl"
    #: Where the guide is published (mkdocs.yml's site_url) and how its kit pages are named:
    #: links in the PDFs point there, or are left out when it is empty.
    site_url: str = ""
    kits_section: str = "gesprekken"
    directory_urls: bool = False
    #: Every configured language with its fallbacks and fonts; empty: the default language only.
    languages: tuple[LanguageSpec, ...] = ()
    config_file: Path | None = None
    #: Where the trainers' workshops are (issue 19); the folder is optional.
    workshops_dir: str = "workshops"
    #: The guide's content folder: a sheet links a text's `.md` target only to a page there or
    #: generated (the site shows any other as text); None: not known, taken as written.
    docs_dir: Path | None = None

    @classmethod
    def from_options(cls, root: Path, options: Any, config_file: Path | None = None, *,
                     site_url: str = "", directory_urls: bool = False,
                     docs_dir: Path | None = None) -> ProjectSettings:
        """Settings from the `gesprekskit` plugin options of mkdocs.yml."""
        return cls(root, options.kits_dir, options.tips_dir, options.language,
                   site_url=site_url, kits_section=options.kits_section,
                   directory_urls=directory_urls,
                   languages=language_specs(options.language, dict(options.languages)),
                   config_file=config_file,
                   workshops_dir=getattr(options, "workshops_dir", "workshops"),
                   docs_dir=docs_dir)

    @property
    def locales_dir(self) -> Path:
        return self.root / PROJECT_LOCALES_DIR

    @property
    def language_codes(self) -> list[str]:
        return [spec.code for spec in self.languages] or [self.default_language]

    def language(self, code: str) -> LanguageSpec:
        found = next((spec for spec in self.languages if spec.code == code), None)
        if found is not None:
            return found
        return LanguageSpec(code, () if code == self.default_language else (self.default_language,))

    def context(self, code: str) -> LanguageContext:
        """How texts and labels are chosen when rendering in `code`."""
        return LanguageContext(code, self.default_language,
                               fallback_chain(self.language(code), self.default_language),
                               self.locales_dir)

    @property
    def kits_path(self) -> Path:
        return self.root / self.kits_dir

    @property
    def tips_path(self) -> Path:
        return self.root / self.tips_dir

    @property
    def workshops_path(self) -> Path:
        return self.root / self.workshops_dir


@dataclass
class Project:
    """Everything the guide and the sheets are made from, validated."""

    settings: ProjectSettings
    kits: list[Kit]
    tips: list[Tip]
    report: DiagnosticReport = field(default_factory=DiagnosticReport)
    workshops: list[Workshop] = field(default_factory=list)
    #: Every kit file's id, those with errors too (a partly loaded project): a setting that
    #: names a kit with an error is not also told that no such kit exists.
    kit_file_ids: tuple[str, ...] = ()

    def kit(self, kit_id: str) -> Kit:
        return next(kit for kit in self.kits if kit.id == kit_id)

    def workshop(self, workshop_id: str) -> Workshop:
        return next(workshop for workshop in self.workshops if workshop.id == workshop_id)

    @property
    def tips_by_id(self) -> dict[str, Tip]:
        return {tip.id: tip for tip in self.tips}

    @cached_property
    def tip_links(self) -> TipLinks:
        """Derived once per project; a changed copy (`dataclasses.replace`) derives its own."""
        return TipLinks.derive(self.kits, self.tips)

    def tips_of(self, kit: Kit) -> tuple[Tip, ...]:
        """The kit's tips: those it lists, then those that list it."""
        return self.tip_links.tips_of(kit)

    def kits_of(self, tip: Tip, kits: Iterable[Kit] | None = None) -> list[Kit]:
        """The kits the tip helps with, in the order of `kits` (default: the project's)."""
        return self.tip_links.kits_of(tip, self.kits if kits is None else kits)


@dataclass
class _File:
    """One kit or tip file as read: it exists (for references) even when it is not valid."""

    id: str | None
    path: Path
    source: SourceDocument | None = None
    document: Any = None

    def references(self, key: str) -> list[tuple[int, str]]:
        """The ids listed under `key` (tips: or kits:), read from the raw data, valid or not."""
        data = self.source.data if self.source is not None else None
        values = data.get(key) if isinstance(data, dict) else None
        if not isinstance(values, list):
            return []
        return [(index, value) for index, value in enumerate(values) if isinstance(value, str)]


#: How to begin a file of each kind, for the hint at an empty or shapeless one.
_START = {"TipDocument": "start from a copy of another tip",
          "WorkshopDocument": "start from 'gesprekskit new --workshop WORKSHOP_ID'"}


def _read_file(path: Path, model: type[BaseModel], report: DiagnosticReport, language: str,
               budget: int = MAX_DOCUMENT_TEXT_CHARS) -> _File:
    start = _START.get(model.__name__, KIT_START)
    file = _File(_check_file_id(path, report), path,
                 read_yaml(path, report, known_keys(model), start=start))
    source = file.source
    if source is None:
        return file
    if not isinstance(source.data, dict):
        report.error(source.location(()), "the file must be a mapping of keys such as 'title:'",
                     f"{start} or the format reference")
        return file
    over = text_over_budget(source.data, budget)
    if over is not None:
        report.error(source.location(over), f"the texts of this file together are longer than "
                     f"{budget:,} characters from here on",
                     "split it into smaller files; a guide page and its sheets cannot show more")
        return file
    if model is KitDocument:
        _upgrade_old_spellings(source, report)
    try:
        file.document = model.model_validate(source.data)
    except ValidationError as error:
        report_validation_error(error, source, model, report, language)
    return file


def _upgrade_old_spellings(source: SourceDocument, report: DiagnosticReport) -> None:
    """Read the Dutch values of earlier versions (type: exitgesprek, theme: persoonlijk) as their
    English successors, with a warning that says what to write instead."""
    data = source.data
    places: list[tuple[DataPath, dict[str, Any], str]] = [((), data, "type")]
    phases = data.get("phases")
    if isinstance(phases, list):
        places += [((("phases", index)), phase, "theme") for index, phase in enumerate(phases)
                   if isinstance(phase, dict)]
    for path, mapping, key in places:
        old = mapping.get(key)
        new = DEPRECATED_VALUES[key].get(old) if isinstance(old, str) else None
        if new is None:
            continue
        mapping[key] = new
        report.warning(source.location(path + (key,)),
                       f"{key}: '{old}' is the old spelling of '{new}'",
                       f"write '{key}: {new}'; the old spelling still works, but will stop working "
                       "in a later version")


def _check_file_id(path: Path, report: DiagnosticReport) -> str | None:
    file_id = path.stem
    if not is_valid_id(file_id):
        report.error(Location(path, 1, 1), f"the file name {quoted(path.name)} is not a valid id", ID_HINT +
                     "; rename the file")
        return None
    if file_id in RESERVED_IDS:
        report.error(Location(path, 1, 1), f"'{file_id}' is reserved for a page of the guide",
                     "rename the file")
        return None
    return file_id


def _yaml_files(folder: Path, report: DiagnosticReport, checked: SourceCheck) -> list[Path]:
    files: list[Path] = []
    seen: dict[str, Path] = {}
    if checked.is_refused(folder):
        return files
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix.lower() not in YAML_SUFFIXES:
            continue
        if checked.is_refused(path):
            continue
        if path.is_dir():
            continue
        key = path.stem.lower()
        if key in seen:
            report.error(Location(path, 1, 1), f"'{path.name}' has the same id as '{seen[key].name}'",
                         "give each file its own name")
            continue
        seen[key] = path
        files.append(path)
    return files


_LOADED: dict[tuple[Any, ...], Project] = {}


def _fingerprint(settings: ProjectSettings, strict: bool) -> tuple[Any, ...]:
    """Which files a project consists of, and their sizes and times: a change gives a new key."""
    files = []
    for folder in (settings.kits_path, settings.tips_path, settings.locales_dir,
                   settings.workshops_path):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                try:
                    info = path.stat()
                except OSError:
                    continue
                files.append((str(path), info.st_size, info.st_mtime_ns))
    return (settings, strict, tuple(files))


def load_project(settings: ProjectSettings, *, strict: bool = False) -> Project:
    """Read every kit and tip; raise GesprekskitError listing all problems when any is an error.

    A project already loaded in this process, with no file changed since, is not read again
    (the CLI, the plugin and each language's build all ask for it).
    """
    key = _fingerprint(settings, strict)
    if key in _LOADED:
        return _LOADED[key]
    project = _load_project(settings, strict)
    _LOADED.clear()
    _LOADED[key] = project
    return project


def read_kit_file(path: Path, settings: ProjectSettings) -> tuple[Kit | None, DiagnosticReport]:
    """One kit file on its own, tips not linked (serve's quick page after a save; i17-speed)."""
    report = DiagnosticReport()
    file = _read_file(path, KitDocument, report, settings.default_language)
    if file.id is None or file.document is None:
        return None, report
    kit = Kit(file.id, file.path, file.document, source=file.source)
    check_question_ids(kit, kit.source, report)
    return kit, report


def load_project_partially(settings: ProjectSettings) -> Project:
    """The kits and tips that are valid, with every problem (errors too) in the report: for
    rendering one kit's sheet while another file is broken. Raises only without a kits folder."""
    return _load_project(settings, strict=False, partial=True)


def _load_project(settings: ProjectSettings, strict: bool, partial: bool = False) -> Project:
    report = DiagnosticReport()
    if not settings.kits_path.is_dir():
        report.error(Location(settings.kits_path), "the kits folder does not exist",
                     "create it and add a kit with 'gesprekskit new KIT_ID'")
        raise GesprekskitError(report)
    language = settings.default_language
    # Nothing outside the project is read: links out, hard links, devices are refused first.
    checked = check_sources(settings.root, [settings.kits_path, settings.tips_path,
                                            settings.workshops_path])
    report.extend(checked.report)
    tip_files = [_read_file(path, TipDocument, report, language)
                 for path in _yaml_files(settings.tips_path, report, checked)]
    kit_files = [_read_file(path, KitDocument, report, language)
                 for path in _yaml_files(settings.kits_path, report, checked)]
    tips = [Tip(file.id, file.path, file.document, source=file.source)
            for file in tip_files if file.id and file.document is not None]
    kits = [Kit(file.id, file.path, file.document, source=file.source)
            for file in kit_files if file.id and file.document is not None]
    if not kit_files and not report.errors:
        report.error(Location(settings.kits_path), "no kits found",
                     "add a kit with 'gesprekskit new KIT_ID'")
    _cross_check(kit_files, tip_files, report)
    from .scaffold.leftovers import check_scaffold_text  # scaffold imports this module

    for kit in kits:
        check_kit(kit, kit.source, report, settings.default_language)
        check_scaffold_text("kit", kit.source, report)
    workshops = load_workshops(settings, checked, kit_files, kits,
                               [file.id for file in tip_files if file.id], report)
    report.extend(check_languages(settings.root, settings.config_file, settings.default_language,
                                  settings.languages))
    _collapse_repeats(report)
    if report.has_errors(strict) and not partial:
        raise GesprekskitError(report)
    for file in [*kit_files, *tip_files]:
        if file.source is not None:
            file.source.release_positions()
    return Project(settings, kits, tips, report, workshops,
                   tuple(file.id for file in kit_files if file.id))


def _cross_check(kit_files: list[_File], tip_files: list[_File], report: DiagnosticReport) -> None:
    """References between files: every tip a kit names exists, and the other way round.

    A file that exists but has errors of its own still counts as existing: its own errors are
    the one thing to fix, not every reference to it. References are read from every file that
    could be read, so a wrong tip id is reported in the same run as the kit's other errors.
    """
    tip_ids = [file.id for file in tip_files if file.id]
    kit_ids = [file.id for file in kit_files if file.id]
    referenced: set[str] = set()
    for file in kit_files:
        seen: set[str] = set()
        for index, tip_id in file.references("tips"):
            location = file.source.location(("tips", index))  # type: ignore[union-attr]
            if tip_id in seen:
                report.warning(location, f"tip '{tip_id}' is listed twice", "remove one of them")
                continue
            seen.add(tip_id)
            if tip_id not in tip_ids:
                suggestion = did_you_mean(tip_id, tip_ids, cutoff=0.8)
                report.error(location, f"there is no tip '{tip_id}'",
                             f"did you mean '{suggestion}'?" if suggestion
                             else f"add kits/tips/{tip_id}.yml or remove the reference")
                continue
            referenced.add(tip_id)
    for file in tip_files:
        listed = file.references("kits")
        for index, kit_id in listed:
            if kit_id not in kit_ids:
                suggestion = did_you_mean(kit_id, kit_ids, cutoff=0.8)
                report.error(file.source.location(("kits", index)),  # type: ignore[union-attr]
                             f"there is no kit '{kit_id}'",
                             f"did you mean '{suggestion}'?" if suggestion
                             else "remove the reference or add the kit")
                continue
        if file.document is not None and file.id not in referenced and not listed:
            report.warning(Location(file.path, 1, 1), f"tip '{file.id}' is not linked to any kit",
                           "list it under 'tips:' in a kit, or under 'kits:' in the tip")


def _collapse_repeats(report: DiagnosticReport) -> None:
    """The same problem many times in one file (a wrong language code on every text) is one
    diagnostic at its first place, naming the other lines."""
    first: dict[tuple[Any, ...], int] = {}
    lines: dict[int, list[int]] = {}
    kept = []
    for item in report.items:
        key = (item.location.path, item.message, item.severity)
        if key in first:
            if item.location.line is not None:
                lines[first[key]].append(item.location.line)
            continue
        first[key] = len(kept)
        lines[len(kept)] = []
        kept.append(item)
    for index, more in lines.items():
        if more:
            item = kept[index]
            shown = ", ".join(str(line) for line in more[:8]) + (", …" if len(more) > 8 else "")
            kept[index] = dataclasses.replace(
                item, message=f"{item.message} (also on {len(more)} more line(s): {shown})")
    report.items[:] = kept
