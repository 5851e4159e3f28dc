"""The one place where workshop sheet types are registered.

A workshop sheet type is one template in ``templates/``, one stylesheet in ``css/`` and one
entry in :data:`WORKSHOP_SHEETS`; the renderer, the command line and the site's downloads pick
it up from here. Kit sheets have their own registry (``sheets/registry.py``); the papers are
shared, with two more a workshop needs: A3 portrait for the wall agenda and a 16:9 slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sheets.registry import PAPERS as KIT_PAPERS, Paper

#: 16:9 at PowerPoint's default size (13.333 × 7.5 in): projectors and PDF viewers fill the
#: screen with it, and it prints on A4 landscape at 87 % without cropping.
SLIDE = Paper("slides-16x9", "338.7mm 190.5mm", 338.7, 190.5)

PAPERS: dict[str, Paper] = {**KIT_PAPERS, "a3-portrait": Paper("a3-portrait", "A3 portrait", 297, 420),
                            SLIDE.name: SLIDE}


@dataclass(frozen=True)
class WorkshopSheetType:
    """One kind of PDF every workshop gets (or every workshop with role-plays, or with cards)."""

    name: str                 # file-name part: ``<workshop-id>-<name>.pdf``; CSS class
    template: str             # in ``templates/``
    stylesheets: tuple[str, ...]   # after the kit sheets' ``base.css``, relative to this package
    default_paper: str        # a key of PAPERS
    papers: tuple[str, ...]
    label_key: str            # interface label, looked up in the locales
    #: What a workshop must have for the sheet to exist: "" always, "role_plays", "cards".
    needs: str = ""
    #: Layouts from roomiest to densest: one whose text does not fit is tried at the next.
    densities: int = 1

    def paper(self, name: str | None = None) -> Paper:
        chosen = name or self.default_paper
        if chosen not in self.papers:
            raise ValueError(f"the {self.name} sheet is made for {', '.join(self.papers)}, "
                             f"not for '{chosen}'")
        return PAPERS[chosen]


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
    try:
        return SHEETS_BY_NAME[name]
    except KeyError:
        raise ValueError(f"there is no workshop sheet '{name}'; known sheets: "
                         f"{', '.join(SHEETS_BY_NAME)}") from None
