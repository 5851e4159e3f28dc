"""Fitting the praatplaat on its one page: measured areas, rows of zones, density levels.

The plate is one page of absolutely placed zones, so text that does not fit would run over
the next zone instead of moving to a next page. Each density level is laid out twice: first
every area at its natural height (on a page of its own), read back through empty marker
elements with ids (``Page.anchors``, WeasyPrint's public API); then the plate itself, with
rows and question areas sized from those heights and the spare room shared out. A level fits
when every area's end marker sits above its bottom marker, on one page. The measuring layout
leaves out what it does not measure (the "I want to discuss" column; the header too when a
level is measured again with fewer questions, since where the canvas starts is known then).
Levels go from roomy
to tight; Gesprekskit's own choice of questions is cut short when none fits (on A4 also when
none leaves every area :data:`MIN_ROOM_MM` to write in), an author's choice gives an error
naming the kit file, its line, the paper and the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..diagnostics import DiagnosticReport, GesprekskitError, Location
from ..model import Kit, QuestionRef
from .poster_content import PosterZone, author_choice, chosen_questions
from .registry import Paper

if TYPE_CHECKING:
    import weasyprint

#: Density levels per paper; questions stay at 18 pt or more on A3 (see praatplaat.css).
LEVELS = {"a3-landscape": (0, 1, 2), "a4-landscape": (0, 1, 2, 3, 4)}
#: The bottom page margin of praatplaat.css, in millimetres.
BOTTOM_MARGIN_MM = 12
TOP_MARGIN_MM = 12
CONTENT_HEIGHT_MM = {"a3-landscape": 297 - 24, "a4-landscape": 210 - 24}
CONTENT_WIDTH_MM = {"a3-landscape": 420 - 26, "a4-landscape": 297 - 26}
PX_PER_MM = 96 / 25.4
#: A level whose estimated canvas (corrected by how far off the estimate was at the level
#: before) is this much taller than the page allows is not laid out; the last level always is.
SKIP_FACTOR = 1.04
#: The least room to write (mm) every question area keeps on a plate of Gesprekskit's own
#: choice of questions: it takes fewer of them rather than leave a strip of a centimetre
#: (A4 landscape scales the A3 canvas down to 0.7 and its five levels left 7 to 13 mm).
#: An author's choice is never cut for room; A3 keeps the areas its levels give.
MIN_ROOM_MM = {"a4-landscape": 18.0}


#: Root font size per paper (praatplaat.css: html font-size), in millimetres.
REM_MM = {"a3-landscape": 14 * 25.4 / 72, "a4-landscape": 9.9 * 25.4 / 72}
#: Per density level: question size, zone-title size, smallest answer area (rem).
QUESTION_REM = (1.43, 1.29, 1.29, 1.2, 1.1)
ZONE_TITLE_REM = (1.85, 1.6, 1.35, 1.3, 1.3)
MIN_ANSWER_REM = (4.2, 3.0, 2.2, 2.2, 1.8)
GAP_REM = 0.9
MIN_COLUMN_REM = 12     # a question column narrower than this wraps too often
EXTRA_SHARE = 0.17     # the "I want to discuss" column, of the canvas width
CHAR_EM = 0.53         # average width of a character of Inter semibold, in em


@dataclass(frozen=True)
class Cell:
    """One question's area: its text at the top, room to write below."""

    ref: QuestionRef
    left: float        # mm, from the zone's top-left corner
    top: float
    width: float
    height: float
    need: float = 0.0  # mm: its natural height, text and the level's least room to write


@dataclass(frozen=True)
class PlacedZone:
    zone: PosterZone
    left: float
    top: float
    width: float
    height: float
    head: float
    cells: list[Cell]


@dataclass(frozen=True)
class Canvas:
    height: float
    zones: list[PlacedZone]
    extra_width: float
    measuring: bool = False   # areas at their natural height, each at the top, to measure them
    areas_only: bool = False  # measuring, and where the canvas starts is known: no header
    needed: float = 0.0       # the height the rows need at the least, in mm

    @property
    def overfull(self) -> bool:
        return self.needed > self.height + 0.5

    def smallest_room(self, paper_name: str, level: int) -> float:
        """The least room to write any question area leaves, in mm: the level's least room
        plus what the area got above its natural height (the answer field grows into it)."""
        least = MIN_ANSWER_REM[level] * REM_MM[paper_name]
        return min((least + cell.height - cell.need for zone in self.zones
                    for cell in zone.cells), default=self.height)


def _lines(text: str, size_mm: float, width_mm: float) -> int:
    per_line = max(1, int(width_mm / (size_mm * CHAR_EM)))
    words, lines, used = text.split(), 1, 0
    for word in words:
        length = len(word) + (1 if used else 0)
        if used and used + length > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += length
        lines += max(0, (len(word) - 1) // per_line)
    return lines


def _text_height(ref: QuestionRef, text: Callable[[object], str], width: float, rem: float,
                 level: int) -> float:
    """A generous estimate of a question's printed text; the fit check has the last word."""
    question = ref.question
    size = QUESTION_REM[level] * rem
    height = _lines(text(question.text), size, width) * size * 1.22 + 0.7 * rem
    if question.kind == "choice":
        chips = sum(len(text(option)) * 1.1 * CHAR_EM * rem + 2.2 * rem
                    for option in question.options)
        height += (2.05 * rem) * (1 + int(chips / width)) + 1.4 * rem
    if question.kind == "scale":
        height += 5 * rem
    return height


def canvas_layout(zones: list[PosterZone], text: Callable[[object], str], paper_name: str,
                  level: int, width: float, height: float,
                  measured: dict[str, float] | None = None, areas_only: bool = False) -> Canvas:
    """Where every zone and question area goes on the canvas, in millimetres.

    Zones go in one, two or three rows, whichever is least tall; a row's height follows the
    text it holds, a zone's width the text of its questions."""
    if not zones:  # the plate's one question is its meter: the canvas is all writing room
        return Canvas(height, [], width, measuring=measured is None,
                      areas_only=areas_only and measured is None)
    rem = REM_MM[paper_name]
    gap = GAP_REM * rem
    extra = width * EXTRA_SHARE
    zones_width = width - extra - gap
    room = MIN_ANSWER_REM[level] * rem
    title_size = ZONE_TITLE_REM[level] * rem
    pad, inner_gap = 0.9 * rem, 0.6 * rem

    def stacks(columns: int, needs: list[float]) -> list[float]:
        """The tallest question area of each line of questions."""
        return [max(needs[start:start + columns]) for start in range(0, len(needs), columns)]

    def plan_rows(row_count: int, measured: dict[str, float] | None
                  ) -> tuple[list[list[tuple[PosterZone, float, float, int, list[float]]]],
                             list[float]]:
        """Zones in kit order over this many rows; per zone its width (by the text it holds),
        head height and questions in one to three columns (a wide zone puts them side by
        side); per row the height its fullest zone needs."""
        per_row = -(-len(zones) // row_count)
        rows = [zones[start:start + per_row] for start in range(0, len(zones), per_row)]
        plans = []
        for row in rows:
            weights = [sum(40 + len(text(ref.question.text)) +
                           sum(len(text(option)) + 6
                               for option in getattr(ref.question, "options", []))
                           for ref in zone.questions) for zone in row]
            floor = 0.85 * sum(weights) / len(row)
            shares = [max(weight, floor) for weight in weights]
            usable = zones_width - gap * (len(row) - 1)
            plan = []
            for zone, share in zip(row, shares):
                zone_width = usable * share / sum(shares)
                inner = zone_width - 2 * pad
                columns = max(1, min(len(zone.questions), 3,
                                     int(inner / (MIN_COLUMN_REM * rem))))
                column_width = (inner - inner_gap * (columns - 1)) / columns
                labelled = zone.style.label and zone.style.label != zone.title
                head = (_lines(zone.title, title_size, inner - 2.8 * rem) * title_size * 1.1
                        + (1.02 if labelled else 0) * rem + 0.9 * rem)
                needs = [_text_height(ref, text, column_width - 1.4 * rem, rem, level) + room
                         for ref in zone.questions]
                if measured is not None:  # the same areas laid out at their natural height
                    # An area taller than a page was not measured: it cannot fit at this level.
                    head = measured.get(f"h{zone.number}", height)
                    needs = [measured.get(f"{zone.number}-{index}", height)
                             for index, _need in enumerate(needs, start=1)]
                plan.append((zone, zone_width, head, columns, needs))
            plans.append(plan)
        row_needs = [max(head + sum(line + inner_gap for line in stacks(columns, needs)) + pad
                         for _zone, _width, head, columns, needs in plan) for plan in plans]
        return plans, row_needs

    # As many rows as make the canvas least tall, by estimate (so the measuring layout and the
    # final one agree); a zone may not get narrower than one question column.
    def estimated_height(row_count: int) -> float:
        plans, row_needs = plan_rows(row_count, None)
        narrow = any(width - 2 * pad < MIN_COLUMN_REM * rem for plan in plans
                     for _zone, width, *_rest in plan)
        return sum(row_needs) + gap * (row_count - 1) + (10_000 if narrow else 0)

    candidates = [count for count in (1, 2, 3) if count <= max(1, len(zones))]
    row_count = min(candidates, key=estimated_height)
    plans, row_needs = plan_rows(row_count, measured)
    spare = max(0.0, height - gap * (len(plans) - 1) - sum(row_needs))
    placed: list[PlacedZone] = []
    top = 0.0
    for plan, row_need in zip(plans, row_needs):
        row_height = row_need + spare * row_need / sum(row_needs)
        left = 0.0
        for zone, zone_width, head, columns, needs in plan:
            lines = stacks(columns, needs)
            body = row_height - head - pad - inner_gap * len(lines)
            extra_each = max(0.0, body - sum(lines)) / len(lines)
            cells, y = [], head + inner_gap
            for index, line in enumerate(lines):
                refs = zone.questions[index * columns:(index + 1) * columns]
                # A last line with fewer questions shares the zone's full width.
                width = (zone_width - 2 * pad - inner_gap * (len(refs) - 1)) / len(refs)
                for column, ref in enumerate(refs):
                    cells.append(Cell(ref, pad + column * (width + inner_gap), y, width,
                                      line + extra_each, needs[index * columns + column]))
                y += line + extra_each + inner_gap
            placed.append(PlacedZone(zone, left, top, zone_width, row_height, head, cells))
            left += zone_width + gap
        top += row_height + gap
    return Canvas(height, placed, extra, measuring=measured is None,
                  areas_only=areas_only and measured is None, needed=sum(row_needs) + gap * (len(plans) - 1))


def measure(document: weasyprint.Document, top: float | None = None
            ) -> tuple[float, dict[str, float]]:
    """From the measuring layout: where the canvas starts below the header, strip and meter
    (mm from the top of the page area; ``top`` when that was known and the layout had only the
    areas), and each area's natural height (mm, rounded to a nanometre, so that a difference in
    the last bit of a float does not change the plate)."""
    pages = document.pages
    if top is None:
        top = pages[0].anchors["fit-canvas-top"][1] / PX_PER_MM - TOP_MARGIN_MM
        pages = pages[1:]
    heights: dict[str, float] = {}
    for page in pages:
        anchors = page.anchors
        for name, box in anchors.items():
            key = name[len("fit-bottom-"):]
            if name.startswith("fit-bottom-") and f"fit-top-{key}" in anchors:
                heights[key] = round((box[1] - anchors[f"fit-top-{key}"][1]) / PX_PER_MM, 6)
    return top, heights


def misfits(document: weasyprint.Document, expected: set[str]) -> list[str]:
    """The areas whose content runs past their bottom (``h3``: zone 3's head, ``3-2``: its
    second question, ``page``: a second page); empty when everything fits."""
    if len(document.pages) != 1:
        return ["page"]
    if not expected:  # no zones, only the meter above the writing room: one page is all
        return []
    anchors = document.pages[0].anchors
    ends = {name[len("fit-end-"):]: box[1] for name, box in anchors.items()
            if name.startswith("fit-end-")}
    bottoms = {name[len("fit-bottom-"):]: box[1] for name, box in anchors.items()
               if name.startswith("fit-bottom-")}
    limit = document.pages[0].height - BOTTOM_MARGIN_MM * PX_PER_MM + 0.5
    # An area pushed below the page is not laid out at all: its markers are missing.
    if ends.keys() != expected or bottoms.keys() != expected \
            or max(bottoms.values()) > limit:
        return ["page"]
    return [key for key in ends if ends[key] > bottoms[key] + 0.5]


@dataclass
class _Measured:
    """What the levels measured so far tell the next ones: where the canvas starts at each
    level (it does not depend on the questions), where it started at the last one measured,
    and how far the estimate was off there (measured height over estimated height)."""

    paper: str
    tops: dict[int, float] = field(default_factory=dict)
    top: float | None = None
    ratio: float = 1.0


def _try_levels(lay_out: Callable[..., weasyprint.Document], plan: Callable[..., Canvas],
                levels: tuple[int, ...], limit: int | None, seen: _Measured,
                try_last: bool = True, room: float = 0.0
                ) -> tuple[weasyprint.Document | None, list[str]]:
    """The first of these levels at which the plate fits, every question area leaving at least
    ``room`` mm to write, or None and what did not fit. A level measured again is measured
    without its header (``seen.tops``). A level whose estimate, corrected by the last
    measurement, is far too tall is not laid out; the last level always is when ``try_last``.
    Room is known once the areas are measured, before the plate is laid out."""
    problems: list[str] = ["page"]
    for index, level in enumerate(levels):
        last = index == len(levels) - 1 and try_last
        if seen.top is not None and not last:
            estimate = plan(level, seen.top, None, limit)
            # With fewer questions the estimate is off by another ratio than it was with
            # more: it is corrected downwards only (the layout corpus' plate measured 1.09
            # times its estimate with all questions, 0.86 times with two).
            ratio = seen.ratio if limit is None else min(seen.ratio, 1.0)
            if estimate.needed * ratio > SKIP_FACTOR * estimate.height:
                continue
        known = seen.tops.get(level)
        top, heights = measure(lay_out(level, known, None, limit=limit), known)
        seen.tops[level] = seen.top = top
        placed = plan(level, top, heights, limit)
        seen.ratio = placed.needed / max(1.0, plan(level, top, None, limit).needed)
        if placed.overfull:
            continue
        if room and placed.smallest_room(seen.paper, level) < room:
            problems = ["room"]
            continue
        document = lay_out(level, top, heights, limit=limit)
        problems = misfits(document, set(heights))
        if not problems:
            return document, []
    return None, problems


def fit_poster(lay_out: Callable[..., weasyprint.Document], plan: Callable[..., Canvas],
               kit: Kit, paper: Paper, language: str, document_name: str) -> weasyprint.Document:
    """The roomiest level at which the plate fits its page; an error when none does.

    ``lay_out(level, None, None)`` lays out every area at its natural height, to measure them
    and where the canvas starts (``lay_out(level, top, None)``: the areas only, ``top`` known
    from an earlier measurement at that level); ``lay_out(level, top, heights)`` the plate
    itself, placed by ``plan(level, top, heights)``. A level whose estimate is far too tall is not tried, and
    one whose measured areas cannot fit is not laid out a second time. When Gesprekskit chose
    the questions and they do not fit, it takes fewer (at the tightest level), skipping a
    number whose estimate is far too tall as it skips a level, down to one question. On a
    paper with a least room (:data:`MIN_ROOM_MM`) it also takes fewer while an area would leave
    less, at the roomiest level that leaves it; when no number does, as many as fit. An
    author's choice is never cut: that is an error."""
    levels = LEVELS[paper.name]
    chosen, by_author = chosen_questions(kit)
    room = 0.0 if by_author else MIN_ROOM_MM.get(paper.name, 0.0)
    seen = _Measured(paper.name)
    document, problems = _try_levels(lay_out, plan, levels, None, seen, room=room)
    limit = len(chosen) - 1
    while document is None and not by_author and limit >= 1:
        # For room, fewer questions at the roomiest level that leaves it; to fit at all,
        # at the tightest level.
        document, problems = _try_levels(lay_out, plan, levels if room else levels[-1:],
                                         limit, seen, try_last=limit == 1, room=room)
        limit -= 1
    if document is None and room:
        # No number of questions leaves that room (a tall header, a long meter question):
        # as many as fit, as on a plate without a least room.
        seen = _Measured(paper.name)
        document, problems = _try_levels(lay_out, plan, levels, None, seen)
        limit = len(chosen) - 1
        while document is None and limit >= 1:
            document, problems = _try_levels(lay_out, plan, levels[-1:], limit, seen,
                                             try_last=limit == 1)
            limit -= 1
    if document is not None:
        return document
    raise GesprekskitError(_does_not_fit(kit, paper, language, problems),
                           f"the praatplaat of {document_name} does not fit on {paper.name}")


def _describe(kit: Kit, problem: str) -> str:
    """``3-2`` as "question 3.2", ``h3`` as the title of phase or theme zone 3."""
    if problem == "page":
        return "the plate as a whole"
    if problem.startswith("h"):
        return f"the title of zone {problem[1:]}"
    zone, index = problem.split("-")
    return f"question {index} of zone {zone}"


def _does_not_fit(kit: Kit, paper: Paper, language: str, problems: list[str]
                  ) -> DiagnosticReport:
    refs, by_author = chosen_questions(kit)
    location = Location(kit.path)
    if by_author and kit.source is not None:
        first = next(ref for ref in refs if author_choice(ref))
        phase, question = (int(part) - 1 for part in first.number.split("."))
        key = ("phases", phase, "questions", question, "praatplaat")
        if first.question.praatplaat is None:
            key = ("phases", phase, "praatplaat")
        location = kit.source.location(key, key=True)
    report = DiagnosticReport()
    report.error(
        location,
        f"the praatplaat ({paper.name}, language '{language}') cannot hold the {len(refs)} "
        f"questions chosen for it: even at its tightest layout "
        f"{', '.join(_describe(kit, problem) for problem in problems[:3])} does not fit",
        "mark fewer questions with 'praatplaat: true', or shorten their texts; the plate is "
        "meant for the five to ten questions the employee prepares" if by_author else
        "choose the plate's questions yourself: 'praatplaat: true' on the few questions "
        "meant for preparation, or 'praatplaat: false' on the ones to leave off")
    return report
