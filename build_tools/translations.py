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
    def percent(self) -> int:
        """Whole percent, rounded down: 1122 of 1125 is 99%, never a 100% that hides three
        missing texts."""
        return 100 * self.translated // self.total if self.total else 100


def localized_texts(value: Any, path: DataPath) -> Iterator[tuple[DataPath, LocalizedText]]:
    """Every LocalizedText inside a model, with its path in the YAML file."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from localized_texts(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from localized_texts(item, path + (index,))


def _documents(project: Project) -> Iterator[tuple[Any, BaseModel]]:
    for kit in project.kits:
        yield kit, kit.document
    for tip in project.tips:
        yield tip, tip.document
    for workshop in project.workshops:
        yield workshop, workshop.document


def _field_label(path: DataPath) -> str:
    return ".".join(f"[{part + 1}]" if isinstance(part, int) else part for part in path).replace(".[", "[")


@dataclass(frozen=True)
class MissingText:
    """A text shown in another language than the page it is on."""

    location: Location
    field: str
    language: str     # the language of the page
    shown: str        # the language of the text shown instead


def language_label(code: str) -> str:
    """`ja` → "Japanese": for messages, which are in English."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code, sep="-").get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return f"'{code}'"


def missing_texts(project: Project, language: str) -> list[MissingText]:
    """Every text with no version in `language`, and the language shown instead (its fallback
    chain, then the default language; for the default language itself: any language there is)."""
    settings = project.settings
    default = settings.default_language
    context = settings.context(language)
    found = []
    for item, document in _documents(project):
        for path, text in localized_texts(document, ()):
            if text.has(language, default):
                continue
            shown = context.source_language(text)
            location = item.source.location(path) if item.source else Location(item.path)
            found.append(MissingText(location, _field_label(path), language, shown))
    return found


def missing_translations(project: Project, language: str) -> DiagnosticReport:
    """A warning per text that has no version in `language`, at its line in the file."""
    report = DiagnosticReport()
    for text in missing_texts(project, language):
        report.warning(text.location, f"{text.field} has no '{text.language}' text; the "
                       f"'{text.shown}' text is used",
                       f"write it as {{{text.shown}: ..., {text.language}: ...}}")
    return report


def missing_summary(project: Project, language: str) -> DiagnosticReport:
    """One warning per file: "58 texts have no English version; English pages show the Dutch
    text". The full list is `missing_translations` (the commands' --verbose)."""
    report = DiagnosticReport()
    by_file: dict[Any, list[MissingText]] = {}
    for text in missing_texts(project, language):
        by_file.setdefault(text.location.path, []).append(text)
    name = language_label(language)
    for path, texts in by_file.items():
        shown: dict[str, int] = {}
        for text in texts:
            shown[text.shown] = shown.get(text.shown, 0) + 1
        sources = " or ".join(language_label(code) for code in sorted(shown, key=lambda c: -shown[c]))
        count = f"{len(texts)} text{'s' if len(texts) != 1 else ''}"
        first = min(texts, key=lambda text: text.location.line or 0).location
        report.warning(first, f"{count} {'have' if len(texts) != 1 else 'has'} no {name} version; "
                       f"{name} pages and sheets show the {sources} text",
                       f"translate them as {{{texts[0].shown}: ..., {language}: ...}}; "
                       "--verbose lists every one")
    return report


def summarise_missing(project: Project, language: str, verbose: bool) -> DiagnosticReport:
    return missing_translations(project, language) if verbose else missing_summary(project, language)


def coverage(project: Project, languages: list[str]) -> list[Coverage]:
    default = project.settings.default_language
    texts = [text for _, document in _documents(project) for _, text in localized_texts(document, ())]
    return [Coverage(language, sum(1 for text in texts if text.has(language, default)), len(texts))
            for language in languages]
