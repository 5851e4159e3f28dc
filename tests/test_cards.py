"""How cards are spread over A4 pages: rows of regular and large cards, no lone last card."""

from __future__ import annotations

from types import SimpleNamespace

from build_tools.sheets.cards import CARD_GRID_HEIGHT, card_pages, paginate_cards


def cards(count: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(question=SimpleNamespace(number=f"1.{n}")) for n in range(1, count + 1)]


def test_full_pages_and_never_one_card_alone() -> None:
    assert [len(page) for page in paginate_cards(list(range(16)))] == [8, 8]
    assert [len(page) for page in paginate_cards(list(range(17)))] == [8, 7, 2]
    assert [len(page) for page in paginate_cards(list(range(1)))] == [1]


def test_too_full_cards_become_large_rows_after_the_regular_ones() -> None:
    deck = cards(11)
    pages = card_pages(deck, frozenset({"1.2", "1.5", "1.9"}))
    rows = [row for page in pages for row in page.rows]
    assert [row.large for row in rows] == [False] * 4 + [True] * 2
    assert [card.question.number for card in rows[-2].cards] == ["1.2", "1.5"]
    assert all(page.height <= CARD_GRID_HEIGHT for page in pages)
    # cuts only between rows: never through a large card
    first = pages[0]
    assert first.cuts == [0, 64, 128, 192, 256]
    assert pages[1].cuts == [0, 128, 256]


def test_a_deck_without_large_cards_has_rows_of_two() -> None:
    pages = card_pages(cards(7), frozenset())
    assert [len(row.cards) for row in pages[0].rows] == [2, 2, 2, 1]
    assert pages[0].cuts == [0, 64, 128, 192, 256]
