"""Which texts of a project exist in which language: fallback warnings and coverage figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .diagnostics import DiagnosticReport, Location
from .loader import Project
from .text import LocalizedText
from .yaml_source import DataPath


@dataclass(frozen=True)
class Coverage:
    language: str
    translated: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _texts(value: Any, path: DataPath) -> Iterator[tuple[DataPath, LocalizedText]]:
    """Every LocalizedText inside a model, with its path in the YAML file."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))


def _documents(project: Project) -> Iterator[tuple[Any, BaseModel]]:
    for kit in project.kits:
        yield kit, kit.document
    for tip in project.tips:
        yield tip, tip.document


def _field_label(path: DataPath) -> str:
    return ".".join(f"[{part + 1}]" if isinstance(part, int) else part for part in path).replace(".[", "[")


def missing_translations(project: Project, language: str) -> DiagnosticReport:
    """A warning per text that has no version in `language`, at its line in the file."""
    report = DiagnosticReport()
    default = project.settings.default_language
    for item, document in _documents(project):
        for path, text in _texts(document, ()):
            if not text.has(language, default):
                location = item.source.location(path) if item.source else Location(item.path)
                report.warning(location, f"{_field_label(path)} has no '{language}' text; the "
                               f"'{default}' text is used",
                               f"write it as {{{default}: ..., {language}: ...}}")
    return report


def coverage(project: Project, languages: list[str]) -> list[Coverage]:
    default = project.settings.default_language
    texts = [text for _, document in _documents(project) for _, text in _texts(document, ())]
    return [Coverage(language, sum(1 for text in texts if text.has(language, default)), len(texts))
            for language in languages]
