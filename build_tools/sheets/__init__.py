"""Printable PDF sheets of a kit: praatplaat, vragenblad, voorbereiding, vervolgafspraken, kaarten.

``registry`` says which sheets exist; ``render`` makes them; ``fetcher`` decides what a sheet may
load. WeasyPrint loads slowly, so it is only imported when something is rendered: importing this
package or its registry does not import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, PAPERS, SHEET_TYPES, Paper, SheetType, sheet_type

if TYPE_CHECKING:
    from .fetcher import FetchRefused, ProjectFetcher
    from .box_tree import overflows
    from .render import (SheetDoesNotFit, pdf_identifier, render_document, render_kit,
                         render_sheet, sheet_html)

_LAZY = {
    "FetchRefused": "fetcher", "ProjectFetcher": "fetcher",
    "overflows": "box_tree", "SheetDoesNotFit": "render", "pdf_identifier": "render", "render_document": "render",
    "render_kit": "render", "render_sheet": "render", "sheet_html": "render",
}

__all__ = ["COMPLETE", "PAPERS", "SHEET_TYPES", "Paper", "SheetType", "sheet_type", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
