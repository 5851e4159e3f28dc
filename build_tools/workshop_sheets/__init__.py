"""Printable PDFs of a workshop: facilitator guide, agenda, role cards, observer sheet, slides,
participant handout and card deck, per workshop, per language, in the brand.

``registry`` says which sheets exist; ``render`` makes them; ``downloads`` hands the site
what it publishes. WeasyPrint loads slowly, so importing this package does not import it.
"""

from __future__ import annotations

from typing import Any

from .registry import PAPERS, WORKSHOP_SHEETS, WorkshopSheetType, workshop_sheet

_LAZY = {
    "render_workshop": "render", "render_workshop_sheet": "render",
    "available_sheets": "content", "WorkshopSheetDoesNotFit": "render",
    "WorkshopDownloads": "downloads",
}

__all__ = ["PAPERS", "WORKSHOP_SHEETS", "WorkshopSheetType", "workshop_sheet", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
