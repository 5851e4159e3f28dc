"""The card deck: which cards, in which order, on which page, with which back.

A deck opens with an instruction card (how to play, paper advice), then one card per question
in kit order. Cards go eight to an A4 page; every page of fronts is followed by a page of
backs with the columns mirrored, so that printed double-sided over the long edge each back
lands behind its own front. A question card wears its phase's mark (``phase_marks.py``). A last page with a single card gets a blank "own question" card
beside it. Type follows one scale per deck: a question that is long by estimate steps down one
size. Every card keeps the deck's size (cards are cut and shuffled together); a question that
does not fit goes up a level, one card at a time, until it fits (``PROBES_ON_BACK``, ``DENSE``, ``SPLIT``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, NoReturn

from ..diagnostics import DiagnosticReport, GesprekskitError, Location
from ..model import Kit, QuestionRef
from ..text import plain_text
from .phase_marks import ZoneStyle, phase_style
from .poster_content import neutral_style

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
#: The body of a continued card as laid out: 64 mm less the safe zones, the band and its gap.
SPLIT_BODY_MM = 48
#: The dense level's sizes (kaarten.css ``.card--dense``): characters per line and line heights.
DENSE_QUESTION_CHARS, DENSE_QUESTION_LINE_MM = 40, 5.2
DENSE_SMALL_CHARS, DENSE_SMALL_LINE_MM = 50, 4.2

#: What each level does to a card that does not fit, in the order a trainer would accept it:
#: the follow-up questions move to the card's back; then the card is set one density step
#: smaller (question 12 pt, options and probes 9.5 pt); then its content continues on the next
#: card(s), numbered "2.3 · 1/2", "2.3 · 2/2". Every level above SPLIT packs the continuation
#: cards fuller by a fifth less, for a guess that was too optimistic.
PROBES_ON_BACK, DENSE, SPLIT = 1, 2, 3
MAX_LEVEL = SPLIT + 6


@dataclass(frozen=True)
class DeckFit:
    """The level of each card that needs one, by card key; ``only`` lays out just those cards
    (a trial: a card fits or not whatever its neighbours, since every card has its own box)."""

    levels: tuple[tuple[str, int], ...] = ()
    only: frozenset[str] | None = None

    def level(self, key: str) -> int:
        return dict(self.levels).get(key, 0)


@dataclass
class CardPart:
    """The share of a split question one card shows: a run of its words, options, probes."""

    index: int
    count: int
    text: str = ""
    options: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    #: The question's index of this card's first option and first probe (for their language).
    first_option: int = 0
    first_probe: int = 0


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
    dense: bool = False                 # set one density step smaller
    part: CardPart | None = None        # one card of a question continued over several
    source: str = ""                    # the key of the question it belongs to

    def __post_init__(self) -> None:
        self.source = self.source or self.key


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


def _pieces(text: str, per_line: int) -> list[str]:
    """A text as words, a word longer than a line cut into lines (as the card breaks it)."""
    pieces = []
    for word in text.split():
        pieces += [word[start:start + per_line] for start in range(0, len(word), per_line)]
    return pieces


def split_parts(ref: QuestionRef, text: Callable[[object], str], room: float) -> list[CardPart]:
    """A question's words, options and probes packed, in order, into as few cards of ``room``
    mm at the dense level as they need, each card filled before the next begins (a card
    shared out evenly left both about 40 % empty): words may run on to the next card, an
    option or a probe never does."""
    question = ref.question
    blocks: list[tuple[str, str]] = [
        ("text", word) for word in _pieces(plain_text(text(question.text)), DENSE_QUESTION_CHARS)]
    blocks += [("option", text(option)) for option in getattr(question, "options", [])]
    blocks += [("probe", text(probe)) for probe in question.probes]
    parts = [CardPart(0, 0)]
    used, line = 0.0, 0             # mm used on the card; characters on the question's line
    for index, (kind, value) in enumerate(blocks):
        part = parts[-1]
        need = _need(kind, value, part, line, first_probe=kind == "probe" and (
            index == 0 or blocks[index - 1][0] != "probe"))
        if used + need > room and (part.text or part.options or part.probes):
            part = CardPart(len(parts), 0, first_option=sum(len(p.options) for p in parts),
                            first_probe=sum(len(p.probes) for p in parts))
            parts.append(part)
            used, line = 0.0, 0
            need = _need(kind, value, part, line, first_probe=False)
        if kind == "text":
            starts_line = not line or line + 1 + len(value) > DENSE_QUESTION_CHARS
            part.text = f"{part.text} {value}".strip()
            line = len(value) if starts_line else line + 1 + len(value)
        else:
            (part.options if kind == "option" else part.probes).append(value)
        used += need
    for part in parts:
        part.count = len(parts)
    return parts


#: Space above a part's list of options and above its probes (kaarten.css), and the height of
#: the probes' title, which only the card with the first probe shows.
OPTIONS_GAP_MM, PROBES_GAP_MM, PROBES_TITLE_MM = 1.8, 2.5, 4.2


def _need(kind: str, value: str, part: CardPart, line: int, *, first_probe: bool) -> float:
    """The estimated height (mm) one word, option or probe adds to a continued card."""
    if kind == "text":
        starts_line = not line or line + 1 + len(value) > DENSE_QUESTION_CHARS
        return DENSE_QUESTION_LINE_MM if starts_line else 0.0
    need = _lines(value, DENSE_SMALL_CHARS) * DENSE_SMALL_LINE_MM
    if kind == "option" and not part.options:
        need += OPTIONS_GAP_MM
    if kind == "probe" and not part.probes:
        need += PROBES_GAP_MM + (PROBES_TITLE_MM if first_probe else 0.0)
    return need


def _front_estimate(ref: QuestionRef, text: Callable[[object], str]) -> tuple[bool, bool, float]:
    """Whether the question is set a size smaller, whether its probes go on the back from
    the start, and the estimated height (mm) of what its front then holds."""
    own, rest = _estimate(ref, text)
    # A question that fills most of the card steps down one size (14 pt), never more.
    long = own + rest > BODY_MM or own > 4 * QUESTION_LINE_MM
    own *= 14 / 15 if long else 1.0
    probes_back = bool(ref.question.probes) and own + rest > BODY_MM
    return long, probes_back, own + (0.0 if probes_back else rest)


#: A card whose front is estimated this full (mm of the body's ``BODY_MM``) is tried alone before
#: the deck is laid out. In the example's kits every card that did not fit at first was
#: estimated at 49.3 mm or more, and no card estimated below that failed to fit.
SUSPECT_MM = 49.0


def suspect_cards(kit: Kit, text: Callable[[object], str]) -> frozenset[str]:
    """The keys of the cards likely not to fit at their first level, by estimate."""
    return frozenset(ref.number.replace(".", "-") for ref in kit.questions()
                     if _front_estimate(ref, text)[2] >= SUSPECT_MM)


def deck_cards(kit: Kit, text: Callable[[object], str],
               translate: Callable[[str], str], fit: DeckFit = DeckFit()) -> list[DeckCard]:
    """Every card in deck order, each at the level ``fit`` gives it (only those it names
    when it is a trial)."""
    neutral = neutral_style()
    cards = [DeckCard("instructions", neutral, key="i")]
    for ref in kit.questions():
        theme = ref.phase.theme
        label = translate(f"theme.{theme.value}") if theme is not None else ""
        key = ref.number.replace(".", "-")
        if fit.only is not None and key not in fit.only:
            continue
        level = fit.level(key)
        long, probes_back, _front = _front_estimate(ref, text)
        style = phase_style(ref.phase_index, label)
        if level >= SPLIT:
            room = SPLIT_BODY_MM * 0.8 ** (level - SPLIT)
            cards += [DeckCard("question", style, ref.phase_index + 1, text(ref.phase.title),
                               ref, dense=True, key=f"{key}_p{part.index + 1}", source=key,
                               part=part)
                      for part in split_parts(ref, text, room)]
            continue
        cards.append(DeckCard(
            "question", style, ref.phase_index + 1, text(ref.phase.title), ref, long=long,
            probes_on_back=bool(ref.question.probes) and (level >= PROBES_ON_BACK or probes_back),
            key=key, dense=level >= DENSE))
    if fit.only is None and len(cards) % CARDS_PER_PAGE == 1:
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
                # A front whose content WeasyPrint carried over to the next page (the page of
                # backs) ends beside its own back: it ran past its page, whatever the markers say.
                carried = f"fit-end-back-{key}" in anchors
                if bottom is None or box[1] > bottom[1] + 0.5 or carried:
                    found.add(key)
    # Every card has a back; a front too tall for any page is dropped by the layout altogether,
    # so a back without its front is a card that did not fit.
    found |= {key[len("back-"):] for key in seen
              if key.startswith("back-") and key[len("back-"):] not in seen}
    return found


def _sources(misfits: set[str]) -> set[str]:
    """The questions of misfit cards (``2-3`` of ``back-2-3`` and of ``2-3_p2``)."""
    return {key.removeprefix("back-").split("_p")[0] for key in misfits}


#: The keys of the cards that are no question: the instruction card and the blank card.
OWN_CARDS = {"i": "the instruction card", "b": "the blank card"}


def _back_only(misfits: set[str], source: str) -> bool:
    """Whether only the back of ``source``'s card(s) is among ``misfits``, not a front."""
    keys = [key for key in misfits if _sources({key}) == {source}]
    return bool(keys) and all(key.startswith("back-") for key in keys)


def fit_deck(lay_out: Callable[[DeckFit], weasyprint.Document], kit: Kit,
             language: str, text: Callable[[object], str] | None = None
             ) -> weasyprint.Document:
    """The deck with every card at the lowest level that holds it.

    The whole deck is laid out once; a card that does not fit is tried again alone, a level
    up, until it fits, and only then is the deck laid out again: a trial of a few cards
    costs a fraction of a deck. With ``text`` (the kit's text in the deck's language), the
    cards that are likely not to fit (:func:`suspect_cards`) are tried alone first, so that a
    deck with such a card is mostly laid out once instead of twice. A card that does not fit
    even split over cards of a fifth of their room (a word no card can hold), or whose back
    does not hold what no level moves off it, is a located error that names the part that
    did not fit."""
    levels: dict[str, int] = {}
    probed = {ref.number.replace(".", "-"): bool(ref.question.probes) for ref in kit.questions()}
    suspects = suspect_cards(kit, text) if text is not None else frozenset()
    if suspects:
        misfits = _raise_levels(lay_out, levels, probed,
                                card_misfits(lay_out(DeckFit(only=suspects))))
        if misfits:
            _does_not_fit(kit, language, misfits)
    document = lay_out(DeckFit(tuple(sorted(levels.items()))))
    misfits = card_misfits(document)
    if not misfits:
        return document
    misfits = _raise_levels(lay_out, levels, probed, misfits)
    if not misfits:
        return lay_out(DeckFit(tuple(sorted(levels.items()))))
    _does_not_fit(kit, language, misfits)


def _raise_levels(lay_out: Callable[[DeckFit], weasyprint.Document], levels: dict[str, int],
                  probed: dict[str, bool], misfits: set[str]) -> set[str]:
    """Each misfit card a level up (in ``levels``), tried alone, until it fits; the misfit
    card keys (``2-3``, ``back-2-3``) of the cards that fit at no level.

    A back holds follow-up questions only from PROBES_ON_BACK to below SPLIT: a back that does
    not fit goes straight to SPLIT (a denser front leaves the back as it is), and one that
    does not fit without its follow-up questions, or the instruction or blank card's, which
    have no levels, cannot be helped by any level."""
    failed: set[str] = set()
    while misfits:
        sources = _sources(misfits)
        hopeless = {source for source in sources if _back_only(misfits, source) and (
            source in OWN_CARDS or levels.get(source, 0) >= SPLIT)}
        failed |= {key for key in misfits if _sources({key}) <= hopeless}
        sources -= hopeless
        if not sources or any(levels.get(key, 0) >= MAX_LEVEL for key in sources):
            break
        for key in sources:
            level = levels.get(key, 0) + 1
            if _back_only(misfits, key):
                level = max(level, SPLIT)    # the follow-up questions off the back
            elif level == PROBES_ON_BACK and not probed.get(key, True):
                level = DENSE                # nothing to move to the back: a step smaller
            levels[key] = level
        trial = lay_out(DeckFit(tuple(sorted(levels.items())), frozenset(sources)))
        misfits = card_misfits(trial)
    return failed | misfits


def _card_names(sources: set[str]) -> str:
    """``question 1.1, 2.3`` and the instruction or blank card by name."""
    questions = sorted(key.replace("-", ".") for key in sources if key not in OWN_CARDS)
    names = [f"question{'s' if len(questions) > 1 else ''} {', '.join(questions)}"] if questions else []
    return " and ".join(names + [OWN_CARDS[key] for key in sorted(sources) if key in OWN_CARDS])


def _does_not_fit(kit: Kit, language: str, misfits: set[str]) -> NoReturn:
    """A located error naming what did not fit: a question's text on its card(s), or the back
    (phase name and shape, the deck's title and the brand at its foot)."""
    report = DiagnosticReport()
    sources = _sources(misfits)
    backs = {source for source in sources if _back_only(misfits, source)}
    fronts = sources - backs
    if fronts:
        report.error(Location(kit.path),
                     f"the question cards (language '{language}') cannot hold "
                     f"{_card_names(fronts)}: the text does not fit on 92 x 64 mm cards even "
                     f"in small type, continued over several cards",
                     "shorten the question, its options or its probes; a card is read across a "
                     "table, so about 150 characters is the most a question should have")
    if backs:
        title = plain_text(kit.document.title.resolve(language, language))
        report.error(Location(kit.path),
                     f"the back of the cards of {_card_names(backs)} (language '{language}') "
                     f"cannot hold their head and shape above the title at their foot: "
                     f"the title of '{kit.id}' ({len(title)} characters) takes too many lines there",
                     f"shorten the title of '{kit.id}' in language '{language}': it is printed "
                     f"at the foot of every card's back, where about 150 characters fit")
    raise GesprekskitError(report, f"the question cards of {kit.id} do not fit")
