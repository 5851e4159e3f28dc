"""Finding text that a sheet's layout clipped, from WeasyPrint's laid-out boxes.

WeasyPrint has no public API for "this text did not fit its box", so this module reads its
box tree. It is the only module that does, and it is written for the WeasyPrint version in
:data:`WRITTEN_FOR`; ``tests/test_overflow.py`` fails when the internals named in
:data:`INTERNALS` change, so an upgrade is noticed instead of silently checking nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import weasyprint
from weasyprint.formatting_structure import boxes

#: The WeasyPrint major version these internals were read from.
WRITTEN_FOR = 70

#: What this module relies on: (object, attribute) pairs, checked by the tests.
INTERNALS: tuple[tuple[str, str], ...] = (
    ("Page", "_page_box"),
    ("Box", "descendants"), ("Box", "padding_box_x"), ("Box", "padding_box_y"),
    ("Box", "padding_width"), ("Box", "padding_height"), ("Box", "element_tag"),
    ("Box", "element"), ("Box", "style"), ("TextBox", "text"), ("LineBox", "position_y"),
)

#: Rounding slack in CSS pixels: a line that ends half a pixel lower is not clipped.
TOLERANCE = 0.5


@dataclass(frozen=True)
class Overflow:
    """A line of text that runs out of a box that clips (overflow: hidden)."""

    page: int
    text: str
    box: str          # the clipping box as ``tag.first-class`` (or the bare tag)

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


def overflows(document: weasyprint.Document) -> list[Overflow]:
    """Every line of text that runs out of a box that clips, page by page."""
    found: list[Overflow] = []
    for number, page in enumerate(document.pages, start=1):
        for box in page_box(page).descendants():
            if box.style["overflow"] != "hidden" or not isinstance(box, boxes.ParentBox):
                continue
            left, top = box.padding_box_x(), box.padding_box_y()
            right, bottom = left + box.padding_width(), top + box.padding_height()
            for line in box.descendants():
                if isinstance(line, boxes.LineBox) and _line_overflows(line, right, bottom):
                    text = " ".join(part.text for part in _texts(line)).strip()
                    found.append(Overflow(number, " ".join(text.split())[:60], box_name(box)))
    return found


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
