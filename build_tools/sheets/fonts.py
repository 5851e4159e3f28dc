"""The texts a kit's sheets show in one language, and the fonts that must draw them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache, partial
from pathlib import Path

from ..brand import Brand
from ..diagnostics import Location
from ..fonts import FontPlan, Place, plan_fonts
from ..i18n import REFERENCE_LANGUAGE, builtin_labels, label_keys, project_label_file
from ..loader import Project
from ..model import Kit
from ..rendering import LanguageContext
from ..text import LocalizedText
from ..translations import localized_texts
from ..yaml_source import DataPath


def _label_texts(project: Project, language: str) -> Iterator[tuple[Location, str]]:
    context = project.settings.context(language)
    translate = context.translate
    source = (project_label_file(project.settings.locales_dir, language)
              or Path("build_tools", "locales", f"{language}.yml"))
    for key in label_keys(builtin_labels(REFERENCE_LANGUAGE) or {}):
        value = translate.lookup(key)
        for text in value if isinstance(value, list) else [value]:
            yield Location(source, 1, 1), str(text)


def shown_path(context: LanguageContext, path: DataPath, text: LocalizedText | str
               ) -> DataPath:
    """Where the text shown in the context's language is written: under its language key
    (`en:`) when it has one, so a missing character is located at that line, not at the
    text's first language."""
    if isinstance(text, LocalizedText):
        shown = context.source_language(text)
        if shown in text.values:
            return (*path, shown)
    return path


def kit_texts(project: Project, kit: Kit, language: str, brand: Brand
              ) -> Iterator[tuple[Place, str]]:
    """Every text of the kit, its tips, the labels and the brand, as shown in `language`."""
    context = project.settings.context(language)
    for item in (kit, *project.tips_of(kit)):
        for path, text in localized_texts(item.document, ()):
            # Located only if a character turns out missing: a kit's position tables are
            # released after loading, and making them again for every render costs memory.
            location = partial(item.source.location, shown_path(context, path, text)) \
                if item.source else Location(item.path)
            yield location, context.text(text)
    yield from _label_texts(project, language)
    shown = brand.in_language(language, project.settings.default_language)
    for value in (shown.organisation, shown.footer, shown.contact, shown.confidentiality):
        if value:
            yield Location(Path("_brand.yml")), value


def _language_fonts(project: Project, language: str) -> tuple[Path, ...]:
    root = project.settings.root
    return tuple(root / name for name in project.settings.language(language).fonts)


@lru_cache(maxsize=256)
def _cached_plan(project_id: int, kit_id: str, language: str, brand: Brand) -> FontPlan:
    project = _PROJECTS[project_id]
    kit = project.kit(kit_id)
    return plan_fonts(language, kit_texts(project, kit, language, brand), brand,
                      _language_fonts(project, language))


_PROJECTS: dict[int, Project] = {}


def kit_font_plan(project: Project, kit: Kit, language: str, brand: Brand) -> FontPlan:
    """The fonts one kit's sheets use in one language (computed once per process)."""
    _PROJECTS[id(project)] = project
    return _cached_plan(id(project), kit.id, language, brand)


def project_font_plans(project: Project, languages: list[str], brand: Brand) -> list[FontPlan]:
    """One plan per language over every kit: its `missing` says what no font can draw."""
    plans = []
    for language in languages:
        texts = [text for kit in project.kits for text in kit_texts(project, kit, language, brand)]
        plans.append(plan_fonts(language, texts, brand, _language_fonts(project, language)))
    return plans
