"""Load a project's kits and tips: read, validate, cross-check, and report every problem at once."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import DiagnosticReport, GesprekskitError, Location
from .source_files import SourceCheck, check_sources
from .model import (ID_HINT, ID_PATTERN, QUESTION_KINDS, Kit, KitDocument, KitType, Theme, Tip,
                    TipDocument)
from .yaml_source import DataPath, SourceDocument, read_yaml

YAML_SUFFIXES = (".yml", ".yaml")
RESERVED_IDS = {"index", "downloads", "assets", "search", "tips", "vragenbank", "jaarritme",
                "con", "prn", "aux", "nul"}
_YAML_WORDS = {"tag:yaml.org,2002:bool": "a yes/no value", "tag:yaml.org,2002:int": "a number",
               "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:null": "an empty value",
               "tag:yaml.org,2002:timestamp": "a date"}


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

    @property
    def kits_path(self) -> Path:
        return self.root / self.kits_dir

    @property
    def tips_path(self) -> Path:
        return self.root / self.tips_dir


@dataclass
class Project:
    """Everything the guide and the sheets are made from, validated."""

    settings: ProjectSettings
    kits: list[Kit]
    tips: list[Tip]
    report: DiagnosticReport = field(default_factory=DiagnosticReport)

    def kit(self, kit_id: str) -> Kit:
        return next(kit for kit in self.kits if kit.id == kit_id)

    @property
    def tips_by_id(self) -> dict[str, Tip]:
        return {tip.id: tip for tip in self.tips}


def _strip_wrappers(annotation: Any) -> Any:
    """Look through Annotated, Optional and list to the type that holds named fields."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a validation error location points into, to list its allowed keys."""
    current: Any = root
    for segment in loc:
        current = _strip_wrappers(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            found = next((info.annotation for name, info in current.model_fields.items()
                          if (info.alias or name) == segment), None)
            if found is None:
                return None
            current = found
        elif typing.get_origin(current) is list and isinstance(segment, int):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is typing.Union and segment in QUESTION_KINDS:
            current = QUESTION_KINDS[segment]
        else:
            return None
    current = _strip_wrappers(current)
    if typing.get_origin(current) is typing.Union:
        return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _data_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Map a pydantic location onto the data, dropping the tags pydantic adds for unions."""
    kept: list[str | int] = []
    current = data
    for segment in loc:
        if isinstance(current, dict) and segment in current:
            current = current[segment]
            kept.append(segment)
        elif isinstance(current, list) and isinstance(segment, int) and segment < len(current):
            current = current[segment]
            kept.append(segment)
        elif isinstance(current, dict) and isinstance(segment, str) and segment not in QUESTION_KINDS:
            kept.append(segment)  # a missing or unknown key: keep it to name it
            current = None
    return tuple(kept)


def _did_you_mean(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _scalar_hint(source: SourceDocument, path: DataPath) -> tuple[str, str] | None:
    """Explain YAML 1.1 surprises: `no` read as false, 2024-01-01 as a date, 12 as a number."""
    scalar = source.scalars.get(path)
    if scalar is None or not scalar.plain or scalar.tag not in _YAML_WORDS:
        return None
    return (f"'{scalar.text}' is read by YAML as {_YAML_WORDS[scalar.tag]}, not as text",
            f"put it in quotes: \"{scalar.text}\"")


def _field_name(path: DataPath) -> str:
    shown = ""
    for segment in path:
        shown += f"[{segment + 1}]" if isinstance(segment, int) else (f".{segment}" if shown else segment)
    return shown or "the file"


def report_validation_error(error: ValidationError, source: SourceDocument,
                            model: type[BaseModel], report: DiagnosticReport) -> None:
    """Turn pydantic's errors into located diagnostics with a hint each."""
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = _data_path(source.data, loc)
        kind = item["type"]
        name = _field_name(path)
        if kind == "missing":
            key = path[-1] if path else "?"
            report.error(source.location(path[:-1]), f"the required key '{key}' is missing"
                         f"{' in ' + _field_name(path[:-1]) if len(path) > 1 else ''}",
                         f"add '{key}:' here (see the format reference in the guide)")
        elif kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            allowed = _allowed_keys(_model_at(model, loc[:-1]))
            suggestion = _did_you_mean(key, allowed)
            hint = (f"did you mean '{suggestion}'?" if suggestion
                    else f"allowed here: {', '.join(allowed)}" if allowed else None)
            report.error(source.location(path, key=True), f"unknown key '{key}'", hint)
        elif kind in ("string_type", "text_type", "int_type", "int_parsing", "bool_type",
                      "bool_parsing", "list_type", "model_type", "dict_type", "model_attributes_type"):
            surprise = _scalar_hint(source, path)
            if surprise and kind in ("string_type", "text_type"):
                report.error(source.location(path), f"{name}: {surprise[0]}", surprise[1])
            else:
                report.error(source.location(path), f"{name}: {_clean_message(item['msg'])}",
                             _type_hint(kind))
        elif kind == "enum":
            given = str(item.get("input"))
            expected = _enum_values(item)
            suggestion = _did_you_mean(given, expected)
            report.error(source.location(path), f"{name}: '{given}' is not one of "
                         f"{', '.join(expected)}",
                         f"did you mean '{suggestion}'?" if suggestion else "pick one of the listed values")
        elif kind == "literal_error" and path and path[-1] == "schema":
            report.error(source.location(path), f"schema: '{item.get('input')}' is not a "
                         "supported format version", "write 'schema: 1'")
        elif kind == "question_kind":
            report.error(source.location(path + ("kind",)),
                         f"{name}: {_clean_message(item['msg'])}",
                         "leave 'kind' out for an open question")
        else:
            report.error(source.location(path), f"{name}: {_clean_message(item['msg'])}",
                         _type_hint(kind))


def _enum_values(item: dict[str, Any]) -> list[str]:
    expected = str(item.get("ctx", {}).get("expected", ""))
    values = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
    if values:
        return values
    return [member.value for member in (*KitType, *Theme)]


def _clean_message(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else message


def _type_hint(kind: str) -> str | None:
    return {
        "string_type": "write a text, in quotes if it looks like a number or yes/no",
        "text_type": "write a text, or a mapping of language to text such as {nl: ..., en: ...}",
        "int_type": "write a whole number without quotes, e.g. 20",
        "int_parsing": "write a whole number without quotes, e.g. 20",
        "list_type": "write a list: one item per line, each starting with '- '",
        "model_type": "write a mapping: keys on their own lines, indented under this one",
        "dict_type": "write a mapping: keys on their own lines, indented under this one",
        "too_short": "add more items",
        "too_long": "remove some items",
        "greater_than_equal": "use a larger number",
        "less_than_equal": "use a smaller number",
    }.get(kind)


def _validate_file(path: Path, model: type[BaseModel], report: DiagnosticReport
                   ) -> tuple[BaseModel, SourceDocument] | None:
    source = read_yaml(path, report)
    if source is None:
        return None
    if not isinstance(source.data, dict):
        report.error(source.location(()), "the file must be a mapping of keys such as 'title:'",
                     "start from 'gesprekskit new KIT_ID' or the format reference")
        return None
    try:
        return model.model_validate(source.data), source
    except ValidationError as error:
        report_validation_error(error, source, model, report)
        return None


def _check_file_id(path: Path, report: DiagnosticReport) -> str | None:
    file_id = path.stem
    if not ID_PATTERN.match(file_id):
        report.error(Location(path, 1, 1), f"the file name '{path.name}' is not a valid id", ID_HINT +
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
    for folder in (settings.kits_path, settings.tips_path):
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


def _load_project(settings: ProjectSettings, strict: bool) -> Project:
    report = DiagnosticReport()
    tips: list[Tip] = []
    kits: list[Kit] = []
    tip_sources: dict[str, SourceDocument] = {}
    kit_sources: dict[str, SourceDocument] = {}
    if not settings.kits_path.is_dir():
        report.error(Location(settings.kits_path), "the kits folder does not exist",
                     "create it and add a kit with 'gesprekskit new KIT_ID'")
        raise GesprekskitError(report)
    # Nothing outside the project is read: links out, hard links, devices are refused first.
    checked = check_sources(settings.root, [settings.kits_path, settings.tips_path])
    report.extend(checked.report)
    for path in _yaml_files(settings.tips_path, report, checked):
        tip_id = _check_file_id(path, report)
        loaded = _validate_file(path, TipDocument, report)
        if tip_id and loaded:
            document, source = loaded
            tips.append(Tip(tip_id, path, document, source=source))  # type: ignore[arg-type]
            tip_sources[tip_id] = source
    for path in _yaml_files(settings.kits_path, report, checked):
        kit_id = _check_file_id(path, report)
        loaded = _validate_file(path, KitDocument, report)
        if kit_id and loaded:
            document, source = loaded
            kits.append(Kit(kit_id, path, document, source=source))  # type: ignore[arg-type]
            kit_sources[kit_id] = source
    if not kits and not report.errors:
        report.error(Location(settings.kits_path), "no kits found",
                     "add a kit with 'gesprekskit new KIT_ID'")
    _cross_check(kits, tips, kit_sources, tip_sources, report)
    if report.has_errors(strict):
        raise GesprekskitError(report)
    return Project(settings, kits, tips, report)


def _cross_check(kits: list[Kit], tips: list[Tip], kit_sources: dict[str, SourceDocument],
                 tip_sources: dict[str, SourceDocument], report: DiagnosticReport) -> None:
    """References between files: every tip a kit names exists, and the other way round."""
    tips_by_id = {tip.id: tip for tip in tips}
    kit_ids = [kit.id for kit in kits]
    referenced: set[str] = set()
    for kit in kits:
        source = kit_sources[kit.id]
        seen: set[str] = set()
        for index, tip_id in enumerate(kit.document.tips):
            if tip_id in seen:
                report.warning(source.location(("tips", index)),
                               f"tip '{tip_id}' is listed twice", "remove one of them")
                continue
            seen.add(tip_id)
            tip = tips_by_id.get(tip_id)
            if tip is None:
                suggestion = _did_you_mean(tip_id, list(tips_by_id), cutoff=0.8)
                report.error(source.location(("tips", index)), f"there is no tip '{tip_id}'",
                             f"did you mean '{suggestion}'?" if suggestion
                             else "add kits/tips/" + tip_id + ".yml or remove the reference")
                continue
            kit.tips.append(tip)
            referenced.add(tip_id)
    for tip in tips:
        source = tip_sources[tip.id]
        for index, kit_id in enumerate(tip.document.kits):
            if kit_id in kit_ids:
                kit = next(kit for kit in kits if kit.id == kit_id)
                if tip not in kit.tips:
                    kit.tips.append(tip)
                referenced.add(tip.id)
            else:
                suggestion = _did_you_mean(kit_id, kit_ids, cutoff=0.8)
                report.error(source.location(("kits", index)), f"there is no kit '{kit_id}'",
                             f"did you mean '{suggestion}'?" if suggestion
                             else "remove the reference or add the kit")
        if tip.id not in referenced and not tip.document.kits:
            report.warning(Location(tip.path, 1, 1), f"tip '{tip.id}' is not linked to any kit",
                           "list it under 'tips:' in a kit, or under 'kits:' in the tip")
