"""What Gesprekskit reads from and adds to WeasyPrint's laid-out boxes: text a box clipped,
how full a page is, and writing lines that grow to the bottom of their page.

WeasyPrint has no public API for "this text did not fit its box" or "fill the rest of this
page", so this module works on its box tree after layout. It is the only module that does, and
it is written for the WeasyPrint version in
:data:`WRITTEN_FOR`; ``tests/test_overflow.py`` fails when the internals named in
:data:`INTERNALS` change, so an upgrade is noticed instead of silently checking nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import weasyprint
from weasyprint.anchors import gather_anchors
from weasyprint.formatting_structure import boxes
from weasyprint.layout.background import layout_box_backgrounds

#: The WeasyPrint major version these internals were read from.
WRITTEN_FOR = 70

#: What this module relies on: (object, attribute) pairs, checked by the tests.
INTERNALS: tuple[tuple[str, str], ...] = (
    ("Page", "_page_box"),
    ("Box", "descendants"), ("Box", "padding_box_x"), ("Box", "padding_box_y"),
    ("Box", "padding_width"), ("Box", "padding_height"), ("Box", "element_tag"),
    ("Box", "element"), ("Box", "style"), ("Box", "copy"), ("Box", "translate"),
    ("Box", "margin_height"), ("Box", "content_box_y"), ("ParentBox", "children"),
    ("TextBox", "text"), ("LineBox", "position_y"), ("Box", "background"),
    ("PageBox", "page_type"), ("Page", "forms"), ("Page", "links"), ("Page", "anchors"),
    ("Page", "bookmarks"),
)

#: Rounding slack in CSS pixels: a line that ends half a pixel lower is not clipped.
TOLERANCE = 0.5


@dataclass(frozen=True)
class Overflow:
    """A line of text that runs out of a box that clips (overflow: hidden)."""

    page: int
    text: str
    box: str          # the clipping box as ``tag.first-class`` (or the bare tag)
    key: str | None = None   # ``data-fit`` of the nearest element around it that has one

    def __str__(self) -> str:
        return f"page {self.page}: '{self.text}' does not fit its {self.box}"


def page_box(page: weasyprint.Page) -> Any:
    """The root box of a laid-out page (a WeasyPrint internal)."""
    return page._page_box


def box_name(box: Any) -> str:
    """``div.card`` for a box with classes, ``div`` for one without, ``box`` for anonymous."""
    tag = box.element_tag or "box"
    element = box.element
    classes = (element.get("class", "") if element is not None else "").split()
    return f"{tag}.{classes[0]}" if classes else tag


def _texts(line: Any) -> Iterator[Any]:
    for part in line.descendants():
        if isinstance(part, boxes.TextBox):
            yield part


def _line_overflows(line: Any, right: float, bottom: float) -> bool:
    if line.position_y + line.height > bottom + TOLERANCE:
        return True
    for part in _texts(line):
        if part.position_y + part.height > bottom + TOLERANCE:
            return True
        # White space at a line's end (U+3000 in Japanese, a space before a forced break)
        # hangs into the margin by design; only ink that reaches past the edge is clipped.
        if part.text and not part.text[-1].isspace() and part.position_x + part.width > right + TOLERANCE:
            return True
    return False


#: The attribute a template puts on an element it can lay out again, roomier, when text in it
#: does not fit (a card, a zone): the overflow names it, the next layout gets it back.
FIT_KEY = "data-fit"


def _clipping_boxes(box: Any, key: str | None) -> Iterator[tuple[Any, str | None]]:
    """Boxes that clip, each with the ``data-fit`` key of the nearest element that has one."""
    element = box.element
    if element is not None and element.get(FIT_KEY) is not None:
        key = element.get(FIT_KEY)
    if box.style["overflow"] == "hidden" and isinstance(box, boxes.ParentBox):
        yield box, key
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.Box):
            yield from _clipping_boxes(child, key)


def overflows(document: weasyprint.Document) -> list[Overflow]:
    """Every line of text that runs out of a box that clips, page by page (once per line,
    named after the innermost box that clips it)."""
    found: dict[int, Overflow] = {}
    for number, page in enumerate(document.pages, start=1):
        for box, key in _clipping_boxes(page_box(page), None):
            left, top = box.padding_box_x(), box.padding_box_y()
            right, bottom = left + box.padding_width(), top + box.padding_height()
            for line in box.descendants():
                if isinstance(line, boxes.LineBox) and _line_overflows(line, right, bottom):
                    text = " ".join(part.text for part in _texts(line)).strip()
                    found[id(line)] = Overflow(number, " ".join(text.split())[:60],
                                               box_name(box), key)
    return list(found.values())


def _ink_bottom(box: Any) -> float:
    """How far down a page's flow reaches: the lowest text line, image or bordered leaf box."""
    lowest = box.position_y
    for inner in box.descendants():
        leaf = isinstance(inner, (boxes.LineBox, boxes.ReplacedBox)) or (
            isinstance(inner, boxes.BlockBox) and not inner.children)
        if leaf and inner.margin_height() > 0:
            lowest = max(lowest, inner.position_y + inner.margin_height())
    return lowest


def page_fill(page: weasyprint.Page) -> float:
    """The share (0–1) of a page's content area that the flow uses, running header and footer
    not counted: 0.3 is a page that is 70 % empty."""
    root = page_box(page)
    flow = [child for child in root.children if not isinstance(child, boxes.MarginBox)]
    if not flow:
        return 0.0
    top, height = root.content_box_y(), root.height
    return max(0.0, min(1.0, (max(_ink_bottom(box) for box in flow) - top) / height))


def is_blank(page: weasyprint.Page) -> bool:
    """A page left blank on purpose: the back of a part that ends on an odd page."""
    return bool(page_box(page).page_type.blank)


def underfilled_pages(document: weasyprint.Document, minimum: float) -> list[int]:
    """Pages (1-based) other than the last, and not blank on purpose, less full than minimum."""
    pages = document.pages[:-1]
    return [number for number, page in enumerate(pages, start=1)
            if not is_blank(page) and page_fill(page) < minimum]


# --- writing space that fills its page -------------------------------------------------------------

#: Ruled lines with this class grow, line by line, into the empty space at the foot of their page.
FILL_CLASS = "lines--fill"
_EPSILON = 0.5


def _classes(box: Any) -> list[str]:
    element = box.element
    return (element.get("class", "") if element is not None else "").split()


def _bottom(box: Any) -> float:
    return box.position_y + box.margin_height()


def _flow_bottom(flow: list[Any]) -> float:
    """The lowest ink of the page's flow: text, leaf boxes and any box with a border."""
    lowest = min(box.position_y for box in flow)
    for root in flow:
        for box in root.descendants():
            if not isinstance(box, boxes.Box) or box.margin_height() <= 0:
                continue
            drawn = (isinstance(box, (boxes.LineBox, boxes.ReplacedBox))
                     or (isinstance(box, boxes.BlockBox) and not box.children)
                     or box.border_bottom_width > 0)
            if drawn:
                lowest = max(lowest, _bottom(box) - box.margin_bottom)
    return lowest


def _add_lines(fill: Any, count: int) -> None:
    last = fill.children[-1]
    step = last.margin_height()
    for number in range(1, count + 1):
        line = last.copy()
        line.translate(0, step * number)
        fill.children.append(line)


def fill_pages(document: weasyprint.Document, safety: float = 4.0) -> None:
    """Let the writing space on every page grow into the empty space at its foot.

    The extra lines go round the page's writing areas from the lowest up (a row of two columns
    counts as one), so a page ends with ruled lines instead of white paper. Only boxes below the
    writing areas move, so form fields must sit above them (their widgets are placed already).
    """
    for page in document.pages:
        root = page_box(page)
        flow = [child for child in root.children if not isinstance(child, boxes.MarginBox)]
        fills = [box for top in flow for box in top.descendants()
                 if isinstance(box, boxes.BlockBox) and FILL_CLASS in _classes(box)
                 and box.children]
        if not fills:
            continue
        step = fills[-1].children[-1].margin_height()
        spare = root.content_box_y() + root.height - _flow_bottom(flow) - safety
        count = int(spare // step) if step > 0 else 0
        if count <= 0:
            continue
        rows: dict[float, list[Any]] = {}
        for box in fills:
            rows.setdefault(round(_bottom(box), 1), []).append(box)
        ordered = sorted(rows, reverse=True)
        shares = {row: 0 for row in ordered}
        for index in range(count):
            shares[ordered[index % len(ordered)]] += 1
        for row in ordered:              # lowest first: growing it moves nothing above
            if not shares[row]:
                continue
            for box in rows[row]:
                _add_lines(box, shares[row])
                box.height += step * shares[row]
            at = min(_bottom(box) for box in rows[row]) - step * shares[row]
            delta = step * shares[row]
            for top in flow:
                _grow_outside(top, at, delta, set(map(id, rows[row])))
        # Backgrounds are placed in page coordinates at the end of layout: place them again
        # (the sheets have no background images, so no image is fetched).
        for top in flow:
            for child in top.all_children():
                layout_box_backgrounds(root, child, _no_image)


def _no_image(*args: Any, **kwargs: Any) -> None:
    return None


def _grow_outside(box: Any, at: float, delta: float, grown: set[int]) -> None:
    """:func:`_grow` that leaves the boxes already given their lines alone."""
    for child in getattr(box, "children", []):
        if not isinstance(child, boxes.Box) or id(child) in grown:
            continue
        if child.position_y >= at - _EPSILON:
            child.translate(0, delta)
        elif _bottom(child) >= at - _EPSILON and isinstance(child, boxes.ParentBox):
            _grow_outside(child, at, delta, grown)
    if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox) \
            and id(box) not in grown:
        box.height += delta


# --- form fields over writing lines ---------------------------------------------------------------

#: A block of ruled lines with a form field laid over it (templates/_macros.html ``answer``).
ANSWER_CLASS = "answer"


def _unwrapped(child: Any) -> Any:
    """The box behind a placeholder of an absolutely positioned box."""
    return getattr(child, "_box", child)


def fit_answer_fields(document: weasyprint.Document) -> None:
    """After :func:`fill_pages`: every field laid over ruled lines as tall as its lines, and the
    pages' form fields, links and anchors gathered again from the boxes as they now are
    (WeasyPrint gathers them when a page is made, before the lines grew)."""
    for page in document.pages:
        root = page_box(page)
        for box in root.descendants():
            if not isinstance(box, boxes.BlockBox) or ANSWER_CLASS not in _classes(box):
                continue
            for child in map(_unwrapped, box.children):
                if child.element is not None and child.element.tag == "textarea":
                    outside = child.margin_height() - child.height
                    child.height = max(child.height, box.height - outside)
        page.anchors, page.links, page.bookmarks, page.forms = {}, [], [], {None: []}
        gather_anchors(root, page.anchors, page.links, page.bookmarks, page.forms)
