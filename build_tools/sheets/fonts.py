"""The texts a kit's sheets show in one language, and the fonts that must draw them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from pathlib import Path

from ..brand import Brand
from ..diagnostics import Location
from ..fonts import FontPlan, Place, combined_plan, font_file, font_stamps, plan_fonts
from ..i18n import REFERENCE_LANGUAGE, Translator, builtin_labels, label_keys
from ..loader import Project
from ..model import Kit, Tip
from ..project_memo import project_memo
from ..rendering import LanguageContext
from ..text import LocalizedText
from ..translations import localized_texts
from ..yaml_source import DataPath
from .font_places import brand_place, label_place


def _label_texts(project: Project, language: str) -> tuple[tuple[Place, str], ...]:
    context = project.settings.context(language)
    return _labels_of(context.translate, project.settings.locales_dir)


@lru_cache(maxsize=32)
def _labels_of(translate: Translator, locales_dir: Path | None
               ) -> tuple[tuple[Place, str], ...]:
    """Every label's text, once per translator (which is made again when a label file
    changes): the same few hundred labels are part of every kit's texts."""
    texts: list[tuple[Place, str]] = []
    for key in label_keys(builtin_labels(REFERENCE_LANGUAGE) or {}):
        value = translate.lookup(key)
        for text in value if isinstance(value, list) else [value]:
            texts.append((label_place(translate, locales_dir, key, str(text)), str(text)))
    return tuple(texts)


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


def item_texts(project: Project, items: Iterable[Kit | Tip], language: str
               ) -> Iterator[tuple[Place, str]]:
    """Every text of these kits or tips, as shown in `language`."""
    context = project.settings.context(language)
    for item in items:
        for path, text in localized_texts(item.document, ()):
            # Located only if a character turns out missing: a kit's position tables are
            # released after loading, and making them again for every render costs memory.
            location = partial(item.source.location, shown_path(context, path, text)) \
                if item.source else Location(item.path)
            yield location, context.text(text)


def kit_texts(project: Project, kit: Kit, language: str, brand: Brand
              ) -> Iterator[tuple[Place, str]]:
    """Every text of the kit, its tips, the labels and the brand, as shown in `language`."""
    yield from item_texts(project, (kit, *project.tips_of(kit)), language)
    yield from _label_texts(project, language)
    shown = brand.in_language(language, project.settings.default_language)
    config_file = project.settings.config_file or project.settings.root / "mkdocs.yml"
    for field in ("organisation", "footer", "contact", "confidentiality"):
        value = getattr(shown, field)
        if value:
            yield brand_place(brand, config_file, language, field, value), value


def language_fonts(project: Project, language: str) -> tuple[Path, ...]:
    root = project.settings.root
    return tuple(root / name for name in project.settings.language(language).fonts)


def font_plan_key(kind: str, item_id: str, project: Project, language: str, brand: Brand
                  ) -> tuple[object, ...]:
    """What a remembered plan depends on beyond the project's files: the language, the brand
    and the fonts' files themselves (`serve` keeps a loaded project while only a font file
    was replaced or a guide page saved, and a plan by name alone kept the old font's
    characters)."""
    fonts = (*language_fonts(project, language), *(face.path for face in brand.font_faces))
    return (kind, item_id, language, brand, font_stamps(fonts))


def remembered_plan(project: Project, key: tuple[object, ...],
                    texts: Callable[[], Iterable[tuple[Place, str]]], language: str,
                    brand: Brand) -> FontPlan:
    """The plan of `texts` under `key` (`font_plan_key`), worked out once per loaded project."""
    memo = project_memo(project)
    if key not in memo:
        memo[key] = plan_fonts(language, texts(), brand, language_fonts(project, language))
    plan: FontPlan = memo[key]
    return plan


def kit_font_plan(project: Project, kit: Kit, language: str, brand: Brand) -> FontPlan:
    """The fonts one kit's sheets use in one language (worked out once per loaded project:
    the cache key, the font check and the planner all ask)."""
    return remembered_plan(project, font_plan_key("kit fonts", kit.id, project, language, brand),
                           partial(kit_texts, project, kit, language, brand), language, brand)


def project_font_plans(project: Project, languages: list[str], brand: Brand) -> list[FontPlan]:
    """One plan per language over every kit, made of the kits' own plans: its `missing` says
    what no font can draw (each place once), its system fonts are every kit's."""
    plans = []
    for language in languages:
        own = tuple(font_file(path, f"Gesprekskit {language} {index + 1}")
                    for index, path in enumerate(language_fonts(project, language)))
        plans.append(combined_plan(language, own, (kit_font_plan(project, kit, language, brand)
                                                   for kit in project.kits)))
    return plans
