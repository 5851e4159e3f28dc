"""The one place where workshop sheet types are registered.

A workshop sheet type is one template in ``templates/``, one stylesheet in ``css/`` and one
entry in :data:`WORKSHOP_SHEETS`; the renderer, the command line and the site's downloads pick
it up from here. Kit sheets have their own registry (``sheets/registry.py``), which defines
the sheet type and the papers (A3 portrait for the wall agenda and the 16:9 slide among them).
"""

from __future__ import annotations

from ..sheets.registry import PAPERS, SLIDE, Paper, SheetType, find_sheet

__all__ = ["PAPERS", "SLIDE", "Paper", "WORKSHOP_SHEETS", "WorkshopSheetType", "workshop_sheet"]

#: A workshop sheet is a kit sheet type (``sheets/registry.py``) whose stylesheets are
#: relative to this package and whose ``needs`` may name what the workshop must have.
WorkshopSheetType = SheetType

WORKSHOP_SHEETS: tuple[WorkshopSheetType, ...] = (
    WorkshopSheetType("facilitator-guide", "facilitator-guide.html", ("css/workshop.css", "css/facilitator-guide.css"),
                      "a4-portrait", ("a4-portrait",), "workshop_sheet.title.facilitator-guide"),
    WorkshopSheetType("agenda", "agenda.html", ("css/workshop.css", "css/agenda.css"), "a4-portrait",
                      ("a4-portrait", "a3-portrait"), "workshop_sheet.title.agenda", densities=3),
    WorkshopSheetType("role-cards", "role-cards.html", ("../sheets/css/kaarten.css", "css/role-cards.css"), "a4-portrait",
                      ("a4-portrait",), "workshop_sheet.title.role-cards", needs="role_plays",
                      densities=3),
    WorkshopSheetType("observer-sheet", "observer-sheet.html", ("css/workshop.css", "css/observer-sheet.css"),
                      "a4-portrait", ("a4-portrait",), "workshop_sheet.title.observer-sheet",
                      needs="role_plays", densities=2),
    WorkshopSheetType("slides", "slides.html", ("css/slides.css",), SLIDE.name, (SLIDE.name,),
                      "workshop_sheet.title.slides", densities=3),
    WorkshopSheetType("handout", "handout.html", ("css/workshop.css", "css/handout.css"), "a4-portrait",
                      ("a4-portrait",), "workshop_sheet.title.handout", densities=2),
    #: The kit sheets' card deck (``sheets/templates/kaarten.html`` and its stylesheet).
    WorkshopSheetType("cards", "kaarten.html", ("../sheets/css/kaarten.css",), "a4-portrait",
                      ("a4-portrait",), "workshop_sheet.title.cards", needs="cards"),
)

SHEETS_BY_NAME: dict[str, WorkshopSheetType] = {sheet.name: sheet for sheet in WORKSHOP_SHEETS}


def workshop_sheet(name: str) -> WorkshopSheetType:
    return find_sheet(SHEETS_BY_NAME, name, "workshop sheet")
