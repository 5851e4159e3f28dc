"""The fonts the handbook needs: the kits' (`sheets/fonts.py`), and those of what only the
handbook prints, the guide pages, the nav's titles in its contents, the cover's title and
description and the tips no kit lists, whose characters the kits' check never sees (they
printed as empty boxes)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import chain

from ..brand import Brand
from ..diagnostics import DiagnosticReport, Location
from ..fonts import FontPlan, Place, combined_plan, plan_fonts, report_missing
from ..loader import Project
from ..sheets.font_places import config_text_location, guide_setting_location
from ..sheets.fonts import item_texts, language_fonts, project_font_plans
from .content import flatten_nav, guide_pages
from .source import HandbookSource


def _handbook_texts(project: Project, language: str, source: HandbookSource
                    ) -> Iterator[tuple[Place, str]]:
    """The cover's texts, the nav's titles, and every line of the guide pages the handbook
    prints in `language` (their Markdown: what is not printed is plain ASCII markup, and a
    line is a place)."""
    config_file = project.settings.config_file or project.settings.root / "mkdocs.yml"
    title, description = source.title(language)
    for key, text in (("site_name", title), ("site_description", description)):
        yield partial(guide_setting_location, config_file, language, key, text), text
    nav = source.nav_in(language, project.settings.default_language)
    for entry in flatten_nav(nav):  # section and page titles, in the contents
        if entry.title:
            yield partial(config_text_location, config_file, entry.title), entry.title
    for _, file in guide_pages(source.docs_dir, nav, language,
                               project.settings.default_language, source.languages):
        if not file:
            continue
        path = source.docs_dir / file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the page's own check reports it
        for number, line in enumerate(lines, start=1):
            yield Location(path, number, 1), line


def handbook_font_plan(project: Project, language: str, brand: Brand, source: HandbookSource
                       ) -> FontPlan:
    """The kits' plan with the pages' and the cover's characters added."""
    kits = project_font_plans(project, [language], brand)[0]
    texts = chain(_handbook_texts(project, language, source),
                  item_texts(project, project.tips, language))  # every tip: its chapter has all
    own = plan_fonts(language, texts, brand, language_fonts(project, language))
    return combined_plan(language, kits.language_fonts, (kits, own))


def handbook_font_report(project: Project, languages: list[str], brand: Brand,
                         source: HandbookSource, report: DiagnosticReport) -> None:
    """Characters no font has in the handbooks' own texts, added to `report` (where the kits'
    are, so that a character both miss is one error)."""
    for language in languages:
        plan = handbook_font_plan(project, language, brand, source)
        report_missing(plan, report, project.settings.root)
