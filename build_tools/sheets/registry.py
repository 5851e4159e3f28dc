"""The one place where kit sheet types are registered, and the one definition of a sheet type
and of the papers that every sheet, a kit's or a workshop's (``workshop_sheets/registry.py``),
is printed on.

Adding a sheet type is one template in ``templates/``, one stylesheet in ``css/`` and one entry
in :data:`SHEET_TYPES`; ``render_kit`` and the combined document pick it up from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A paper size and orientation, as CSS ``@page size`` and in millimetres."""

    name: str             # also the key of its label, ``paper.<name>`` in the locales
    css_size: str
    width_mm: float
    height_mm: float

    @property
    def orientation(self) -> str:
        return "landscape" if self.width_mm > self.height_mm else "portrait"


#: 16:9 at PowerPoint's default size (13.333 × 7.5 in), for a workshop's slides: projectors
#: and PDF viewers fill the screen with it, and it prints on A4 landscape at 87 % without cropping.
SLIDE = Paper("slides-16x9", "338.7mm 190.5mm", 338.7, 190.5)

PAPERS: dict[str, Paper] = {
    paper.name: paper
    for paper in (
        Paper("a3-landscape", "A3 landscape", 420, 297),
        Paper("a4-landscape", "A4 landscape", 297, 210),
        Paper("a4-portrait", "A4 portrait", 210, 297),
        Paper("a3-portrait", "A3 portrait", 297, 420),   # a workshop's wall agenda
        SLIDE,
    )
}


@dataclass(frozen=True)
class SheetType:
    """One kind of printable sheet that every kit gets (or every workshop, or every workshop
    that has what ``needs`` names)."""

    name: str                 # file-name part and CSS class, e.g. ``praatplaat``
    template: str             # in ``templates/``
    stylesheets: tuple[str, ...]   # after the kit sheets' ``base.css``, relative to the package
    default_paper: str        # a key of PAPERS
    papers: tuple[str, ...]   # every paper the layout is designed for
    label_key: str            # interface label of the sheet, looked up in the locales
    #: How many layouts the sheet has, roomiest first: a layout whose text does not fit is
    #: tried again at the next density (``d.density`` in the template, ``html.density-N``).
    densities: int = 1
    #: What a workshop must have for the sheet to exist: "" always, "role_plays", "cards".
    needs: str = ""

    def paper(self, name: str | None = None) -> Paper:
        chosen = name or self.default_paper
        if chosen not in self.papers:
            raise ValueError(f"the {self.name} sheet is made for {', '.join(self.papers)}, "
                             f"not for '{chosen}'")
        return PAPERS[chosen]


def find_sheet(sheets: dict[str, SheetType], name: str, kind: str = "sheet") -> SheetType:
    """A registered sheet type by name; a ValueError that lists the known ones."""
    try:
        return sheets[name]
    except KeyError:
        raise ValueError(f"there is no {kind} '{name}'; known sheets: "
                         f"{', '.join(sheets)}") from None


SHEET_TYPES: tuple[SheetType, ...] = (
    SheetType("praatplaat", "praatplaat.html", ("css/praatplaat.css",), "a3-landscape",
              ("a3-landscape", "a4-landscape"), "sheet.title.praatplaat"),
    SheetType("vragenblad", "vragenblad.html", ("css/vragenblad.css",), "a4-portrait",
              ("a4-portrait",), "sheet.title.vragenblad"),
    SheetType("voorbereiding", "voorbereiding.html", ("css/voorbereiding.css",), "a4-portrait",
              ("a4-portrait",), "sheet.title.voorbereiding", densities=3),
    SheetType("vervolgafspraken", "vervolgafspraken.html", ("css/vervolgafspraken.css",),
              "a4-portrait",
              ("a4-portrait",), "sheet.title.vervolgafspraken", densities=2),
    SheetType("kaarten", "kaarten.html", ("css/kaarten.css",), "a4-portrait",
              ("a4-portrait",), "sheet.title.kaarten"),
)

#: The combined document: every sheet of a kit, in the order above, each page at its own size.
COMPLETE = "compleet"
COMPLETE_LABEL_KEY = "sheet.title.compleet"

SHEETS_BY_NAME: dict[str, SheetType] = {sheet.name: sheet for sheet in SHEET_TYPES}


def sheet_type(name: str) -> SheetType:
    return find_sheet(SHEETS_BY_NAME, name)
