"""Cards on A4 pages: rows of two regular cards (64 mm) or two large ones (128 mm).

A question too full for a regular card (found by the overflow check, see render_document) gets
a large card; the pages then hold rows of both sizes, with crop marks only where a cut crosses
the whole sheet, so no cut runs through a large card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CardRow:
    """Two cards side by side (or one), regular (64 mm) or large (128 mm)."""

    large: bool
    cards: list[Any]           # render.Card

    @property
    def height(self) -> int:
        return 128 if self.large else 64


@dataclass
class CardPage:
    """One A4 of cards: its rows from the top."""

    rows: list[CardRow]

    @property
    def height(self) -> int:
        return sum(row.height for row in self.rows)

    @property
    def cuts(self) -> list[int]:
        """Where the horizontal cuts run, in mm from the top of the card grid."""
        positions = [0]
        for row in self.rows:
            positions.append(positions[-1] + row.height)
        return positions


#: Cards on one A4 sheet (two columns, four rows), and the height of that grid in mm.
CARDS_PER_PAGE = 8
CARD_GRID_HEIGHT = 256


def paginate_cards(cards: list[Any], per_page: int = CARDS_PER_PAGE) -> list[list[Any]]:
    """Full pages, except that a lone last card takes one from the page before (7 + 2, not
    8 + 1): nobody wants to print a sheet of paper for one card."""
    pages = [cards[start:start + per_page] for start in range(0, len(cards), per_page)]
    if len(pages) > 1 and len(pages[-1]) == 1:
        pages[-1].insert(0, pages[-2].pop())
    return pages


def card_pages(cards: list[Any], too_full: frozenset[str]) -> list[CardPage]:
    """The cards on A4 pages: regular cards in rows of two, then any card too full for
    that size as a large card (twice as tall), never one card alone on the last page."""
    regular = [card for card in cards if card.question.number not in too_full]
    large = [card for card in cards if card.question.number in too_full]
    if not large:
        return [CardPage([CardRow(False, page[start:start + 2])
                          for start in range(0, len(page), 2)])
                for page in paginate_cards(regular, CARDS_PER_PAGE)]
    rows = ([CardRow(False, regular[i:i + 2]) for i in range(0, len(regular), 2)]
            + [CardRow(True, large[i:i + 2]) for i in range(0, len(large), 2)])
    pages: list[CardPage] = [CardPage([])]
    for row in rows:
        if pages[-1].height + row.height > CARD_GRID_HEIGHT:
            pages.append(CardPage([]))
        pages[-1].rows.append(row)
    return pages
