"""What did not fit on a workshop sheet, said as the author wrote it: the workshop file and
line, the item by its own name ("role card 'De manager'", "the slide of block 2 'Rollenspel'"),
the sheet and paper, and what to do about it.

The layout names what it could not place by the templates' fit keys (``1-b`` for the second
column of the first role card, ``block-2`` for a block's slide) or by the text of the line it
clipped; this module turns either back into a place in the workshop file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..diagnostics import Location
from ..text import plain_text
from ..workshop_model import Workshop

DataPath = tuple[Any, ...]

_ROLE_CARD = re.compile(r"(?P<card>\d+)-(?P<column>[ab])$")
_BLOCK_SLIDE = re.compile(r"block-(?P<number>\d+)(?P<steps>-steps-\d+)?$")
_AGENDA_SLIDE = re.compile(r"agenda-\d+$")


@dataclass(frozen=True)
class Misfit:
    """One thing that did not fit: its fit key (if the template gave it one) and the start of
    the text that ran out of its box (if the clipping check saw it)."""

    key: str | None = None
    text: str = ""


def _squeezed(text: str) -> str:
    """Text without white space or the hyphens a layout adds, for finding a laid-out line in
    the source."""
    return re.sub(r"[\s\u00ad\u2010-]", "", text).casefold()


def _role_cards(workshop: Workshop) -> list[tuple[int, int, Any]]:
    """(block index, role index, role) for every role card, in the order the sheet prints them."""
    return [(block_index, role_index, role)
            for block_index, block in enumerate(workshop.document.blocks)
            if block.role_play is not None
            for role_index, role in enumerate(block.role_play.roles)]


def _by_key(workshop: Workshop, key: str, text: Callable[[Any], str]) -> tuple[str, DataPath] | None:
    blocks = workshop.document.blocks
    if match := _ROLE_CARD.match(key):
        cards = _role_cards(workshop)
        index = int(match["card"]) - 1
        if 0 <= index < len(cards):
            block_index, role_index, role = cards[index]
            # Column a holds the shared situation, column b the role's own information.
            path: DataPath = (("blocks", block_index, "role_play", "scenario")
                              if match["column"] == "a" else
                              ("blocks", block_index, "role_play", "roles", role_index, "private"))
            return f"role card {_quoted(text(role.name))}", path
    if match := _BLOCK_SLIDE.match(key):
        index = int(match["number"]) - 1
        if 0 <= index < len(blocks):
            what = "steps slide" if match["steps"] else "slide"
            path = ("blocks", index, "method", "steps") if match["steps"] else ("blocks", index)
            return f"the {what} of block {index + 1} {_quoted(text(blocks[index].title))}", path
    if key == "title":
        return "the title slide", ("title",)
    if key == "goals":
        return "the goals slide", ("goals",)
    if _AGENDA_SLIDE.match(key):
        return "the agenda slide", ("blocks",)
    return None


def _by_text(workshop: Workshop, fragment: str) -> DataPath | None:
    """The source scalar whose text holds a laid-out line (the first that does)."""
    wanted = _squeezed(fragment)
    if not wanted or workshop.source is None:
        return None
    for path, scalar in workshop.source.scalars.items():
        if wanted in _squeezed(scalar.text):
            return tuple(path)
    return None


def _quoted(text: str) -> str:
    return f"'{plain_text(text)}'"


def describe(workshop: Workshop, misfits: list[Misfit], text: Callable[[Any], str]
             ) -> tuple[Location, str]:
    """Where the first misfit was written and what every misfit is, as the author knows it."""
    named: dict[str, str] = {}       # what, as the author knows it → the text that ran out
    where: DataPath | None = None
    # A role's own information (column b) is what usually overflows: point there first.
    for misfit in sorted(misfits, key=lambda item: not (item.key or "").endswith("-b")):
        found = _by_key(workshop, misfit.key, text) if misfit.key else None
        written = _by_text(workshop, misfit.text) if misfit.text else None
        path = found[1] if found else written
        if found and written and written[:len(found[1])] == found[1]:
            path = written          # the very text inside the item: its own line
        label = found[0] if found else f"the text '{misfit.text}…'"
        if label not in named:
            named[label] = f" ('{misfit.text}…')" if found and misfit.text else ""
        where = where or path
    if where is not None and workshop.source is not None:
        location = workshop.source.location(where)
    else:
        location = Location(workshop.path)
    labels = [label + shown for label, shown in named.items()]
    more = f" (and {len(labels) - 3} more)" if len(labels) > 3 else ""
    return location, "; ".join(labels[:3]) + more
