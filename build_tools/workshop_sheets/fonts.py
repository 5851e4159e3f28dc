"""The fonts a workshop's sheets need in one language: the workshop's texts, the kits it uses
and the labels, planned like a kit's (``sheets/fonts.py``), so no character prints as a box."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..brand import Brand
from ..diagnostics import DiagnosticReport, Location
from ..fonts import FontPlan, Place, report_missing
from ..loader import Project
from ..translations import localized_texts
from ..workshop_model import Workshop
from ..sheets.fonts import font_plan_key, item_texts, kit_texts, remembered_plan, shown_path


def workshop_texts(project: Project, workshop: Workshop, language: str, brand: Brand
                   ) -> Iterator[tuple[Place, str]]:
    """Every text of the workshop as shown in `language`, then those of the kits it uses
    (which bring the labels and the brand's texts with them)."""
    context = project.settings.context(language)
    for path, text in localized_texts(workshop.document, ()):
        location = workshop.source.location(shown_path(context, path, text)) \
            if workshop.source else Location(workshop.path)
        yield location, context.text(text)
    kits = [project.kit(kit_id) for kit_id in workshop.kit_ids()] or project.kits[:1]
    for kit in kits:
        yield from kit_texts(project, kit, language, brand)
    # The tips a block names, whichever kits they belong to.
    named = {tip_id for reference in workshop.references() for tip_id in reference.tips}
    yield from item_texts(project, (tip for tip in project.tips if tip.id in named), language)


def workshop_font_plan(project: Project, workshop: Workshop, language: str, brand: Brand
                       ) -> FontPlan:
    """The fonts one workshop's sheets use in one language (once per loaded project)."""
    return remembered_plan(
        project, font_plan_key("workshop fonts", workshop.id, project, language, brand),
        partial(workshop_texts, project, workshop, language, brand), language, brand)


def missing_characters(project: Project, workshops: list[Workshop], languages: list[str],
                       brand: Brand) -> DiagnosticReport:
    """An error per language whose workshop texts have characters no font can draw."""
    report = DiagnosticReport()
    for language in languages:
        for workshop in workshops:
            report_missing(workshop_font_plan(project, workshop, language, brand), report,
                           project.settings.root)
    return report
