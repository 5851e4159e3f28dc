"""The card deck: which cards, in which order, on which page, with which back.

A deck opens with an instruction card (how to play, paper advice), then one card per question
in kit order. Cards go eight to an A4 page; every page of fronts is followed by a page of
backs with the columns mirrored, so that printed double-sided over the long edge each back
lands behind its own front. A last page with a single card gets a blank "own question" card
beside it. Type follows one scale per deck: a question that is long by estimate steps down one
size, never more; probes that still do not fit move to the card's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..brand import Brand
from ..diagnostics import DiagnosticReport, GesprekskitError, Location
from ..model import Kit, QuestionRef
from .poster_content import ZoneStyle, zone_style

if TYPE_CHECKING:
    import weasyprint

CARDS_PER_PAGE = 8
COLUMNS = 2
#: For estimates: characters per line of a question at 15 pt and of a probe at 10.5 pt over
#: the 82 mm between the safe zones, line heights, and the height of a card's body (mm).
QUESTION_CHARS_PER_LINE = 32
PROBE_CHARS_PER_LINE = 46
QUESTION_LINE_MM = 6.45
SMALL_LINE_MM = 4.8
BODY_MM = 50


@dataclass
class DeckCard:
    """One card: a question, the instructions, or a blank card for an own question."""

    kind: str                           # "question", "instructions" or "blank"
    style: ZoneStyle
    phase_number: int | None = None
    phase_title: str = ""
    ref: QuestionRef | None = None
    long: bool = False                  # the question is set one size smaller
    probes_on_back: bool = False
    key: str = ""                       # id part of its fit markers


@dataclass
class DeckPage:
    cards: list[DeckCard]
    back: bool = False                  # a page of backs, columns mirrored
    slots: list[DeckCard | None] = field(default_factory=list)


def _lines(text: str, per_line: int) -> int:
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _estimate(ref: QuestionRef, text: Callable[[object], str]) -> tuple[float, float]:
    """Estimated height in mm of the question at its regular size, and of what follows it.

    Only a first guess, to spare a second layout in the common case; the fit check after
    laying out decides."""
    question = ref.question
    own = _lines(text(question.text), QUESTION_CHARS_PER_LINE) * QUESTION_LINE_MM
    rest = 0.0
    if question.kind == "scale":
        rest += 11
    if question.kind == "choice":
        options = [text(option) for option in question.options]
        if len(options) <= 4:
            rows = len(options)
        elif max(map(len, options)) > 16:  # one run of text (kaarten.html)
            rows = _lines(" · ".join(options), PROBE_CHARS_PER_LINE)
        else:
            rows = (len(options) + 1) // 2
        rest += 2 + rows * SMALL_LINE_MM
    if question.probes:
        rest += 6 + sum(_lines(text(probe), PROBE_CHARS_PER_LINE) * SMALL_LINE_MM
                        for probe in question.probes)
    return own, rest


def deck_cards(kit: Kit, brand: Brand, text: Callable[[object], str],
               translate: Callable[[str], str], move_probes: frozenset[str] = frozenset()
               ) -> list[DeckCard]:
    """Every card in deck order; ``move_probes`` names cards whose probes go on the back."""
    neutral = zone_style(brand, None, "")
    cards = [DeckCard("instructions", neutral, key="i")]
    for ref in kit.questions():
        theme = ref.phase.theme
        label = translate(f"theme.{theme.value}") if theme is not None else ""
        own, rest = _estimate(ref, text)
        key = ref.number.replace(".", "-")
        # A question that fills most of the card steps down one size (14 pt), never more.
        long = own + rest > BODY_MM or own > 4 * QUESTION_LINE_MM
        size = 14 / 15 if long else 1.0
        cards.append(DeckCard(
            "question", zone_style(brand, theme, label), ref.phase_index + 1,
            text(ref.phase.title), ref, long=long,
            probes_on_back=key in move_probes or (bool(ref.question.probes)
                                                  and own * size + rest > BODY_MM),
            key=key))
    if len(cards) % CARDS_PER_PAGE == 1:
        cards.append(DeckCard("blank", neutral, key="b"))
    return cards


def deck_pages(cards: list[DeckCard]) -> list[DeckPage]:
    """Fronts and mirrored backs, page after page."""
    pages = []
    for start in range(0, len(cards), CARDS_PER_PAGE):
        fronts = cards[start:start + CARDS_PER_PAGE]
        slots: list[DeckCard | None] = list(fronts) + [None] * (CARDS_PER_PAGE - len(fronts))
        mirrored: list[DeckCard | None] = []
        for row in range(0, CARDS_PER_PAGE, COLUMNS):
            mirrored += list(reversed(slots[row:row + COLUMNS]))
        rows = -(-len(fronts) // COLUMNS)
        pages.append(DeckPage(fronts, False, slots[:rows * COLUMNS]))
        pages.append(DeckPage(fronts, True, mirrored[:rows * COLUMNS]))
    return pages


def card_misfits(document: weasyprint.Document) -> set[str]:
    """Cards whose content runs past the bottom of the card (``2-3``) or whose back overflows
    (``back-2-3``): each card's content ends in a marker above a marker at its bottom."""
    found: set[str] = set()
    seen: set[str] = set()
    for page in document.pages:
        anchors = page.anchors
        for name, box in anchors.items():
            if name.startswith("fit-end-"):
                key = name[len("fit-end-"):]
                seen.add(key)
                bottom = anchors.get(f"fit-bottom-{key}")
                if bottom is None or box[1] > bottom[1] + 0.5:
                    found.add(key)
    # Every card has a back; a front too tall for any page is dropped by the layout altogether,
    # so a back without its front is a card that did not fit.
    found |= {key[len("back-"):] for key in seen
              if key.startswith("back-") and key[len("back-"):] not in seen}
    return found


def fit_deck(lay_out: Callable[[frozenset[str]], weasyprint.Document], kit: Kit,
             language: str) -> weasyprint.Document:
    """The deck, with the probes of any card that cannot hold them moved to its back; an
    error naming the cards when even that is not enough."""
    document = lay_out(frozenset())
    misfits = card_misfits(document)
    if misfits - {key for key in misfits if key.startswith("back-")}:
        document = lay_out(frozenset(misfits))
        misfits = card_misfits(document)
    if not misfits:
        return document
    report = DiagnosticReport()
    numbers = sorted(key.replace("back-", "").replace("-", ".") for key in misfits)
    report.error(Location(kit.path),
                 f"the question cards (language '{language}') cannot hold question "
                 f"{', '.join(numbers)}: the text does not fit on a 92 x 64 mm card even with "
                 f"the follow-up questions on its back",
                 "shorten the question, its options or its probes; a card is read across a "
                 "table, so about 150 characters is the most a question should have")
    raise GesprekskitError(report, f"the question cards of {kit.id} do not fit")
