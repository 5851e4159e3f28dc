"""The one module that reads WeasyPrint's laid-out boxes: clipped text, page fill, growing lines.

Small documents rendered in a few milliseconds each; the sheets themselves are covered by
test_sheets.py and test_layout_corpus.py.
"""

from __future__ import annotations

import importlib

import pytest
import weasyprint
from weasyprint.formatting_structure import boxes

from build_tools.sheets import box_tree
from build_tools.sheets.box_tree import (fill_pages, overflows, page_box, page_fill,
                                         underfilled_pages)

PAGE = "@page { size: 100mm 150mm; margin: 10mm } body { margin: 0; font-size: 12pt }"


def render(body: str, css: str = "") -> weasyprint.Document:
    return weasyprint.HTML(string=f"<html><style>{PAGE} {css}</style><body>{body}</body></html>"
                           ).render()


def test_written_for_this_weasyprint_and_its_internals_are_there() -> None:
    """Fails on a WeasyPrint upgrade: read box_tree.py against the new version, then update
    WRITTEN_FOR and INTERNALS."""
    assert int(weasyprint.__version__.split(".")[0]) == box_tree.WRITTEN_FOR
    document = render("<p>x</p>")
    page = document.pages[0]
    classes = {"Page": type(page), "Box": boxes.Box, "ParentBox": boxes.ParentBox,
               "TextBox": boxes.TextBox, "LineBox": boxes.LineBox, "PageBox": boxes.PageBox}
    for owner, attribute in box_tree.INTERNALS:
        if owner == "Page":
            assert hasattr(page, attribute), attribute
            continue
        instances = [box for box in page_box(page).descendants() if isinstance(box, classes[owner])]
        assert instances and all(hasattr(box, attribute) for box in instances), (owner, attribute)
    assert hasattr(page_box(page).page_type, "blank")
    background = importlib.import_module("weasyprint.layout.background")
    assert callable(background.layout_box_backgrounds)
    assert callable(importlib.import_module("weasyprint.anchors").gather_anchors)


def test_clipped_text_is_found_and_named_by_its_box() -> None:
    document = render('<div class="zone tall" style="height: 10mm; overflow: hidden">'
                      + "Een zin die niet past. " * 20 + "</div>")
    found = overflows(document)
    assert found and found[0].box == "div.zone" and found[0].page == 1
    assert "does not fit its div.zone" in str(found[0])


def test_a_clipping_box_without_a_class_is_named_by_its_tag() -> None:
    document = render('<section style="height: 8mm; overflow: hidden">'
                      + "woord " * 200 + "</section>")
    assert {problem.box for problem in overflows(document)} == {"section"}


def test_a_word_wider_than_its_box_is_found() -> None:
    document = render('<div style="width: 20mm; overflow: hidden">'
                      "Arbeidsongeschiktheidsverzekeringsmaatschappij</div>")
    assert [problem.text for problem in overflows(document)] == [
        "Arbeidsongeschiktheidsverzekeringsmaatschappij"]


def test_a_full_width_space_at_a_line_end_is_not_an_overflow() -> None:
    """Japanese text breaks after U+3000, which then hangs past the edge by design."""
    text = "これは日本語の文章です。ああ\u3000" * 6
    document = render(f'<div style="width: 60mm; overflow: hidden">{text}</div>')
    assert overflows(document) == []


def test_text_in_boxes_that_do_not_clip_is_not_checked() -> None:
    assert overflows(render('<div style="height: 5mm">' + "tekst " * 100 + "</div>")) == []


LINES = ('<div class="lines lines--fill">' + '<div class="l"></div>' * 2 + "</div>")
LINE_CSS = (".l { height: 9mm; border-bottom: 1pt solid black }"
            ".after { background: #eee; height: 5mm }")


def _lines(document: weasyprint.Document) -> list[boxes.Box]:
    return [box for box in page_box(document.pages[0]).descendants()
            if box.element is not None and box.element.get("class") == "l"]


def test_writing_lines_grow_to_the_foot_of_the_page_and_push_what_follows() -> None:
    document = render(f"<h1>Titel</h1>{LINES}<p class='after'>na</p>", LINE_CSS)
    assert page_fill(document.pages[0]) < 0.5
    fill_pages(document)
    lines = _lines(document)
    assert len(lines) > 8
    steps = {round(b.position_y - a.position_y, 3) for a, b in zip(lines, lines[1:])}
    assert len(steps) == 1                                  # evenly ruled
    after = next(box for box in page_box(document.pages[0]).descendants()
                 if box.element is not None and box.element.get("class") == "after"
                 and isinstance(box, boxes.BlockBox))
    assert after.position_y >= lines[-1].position_y + lines[-1].margin_height() - 0.5
    # its background moved with it
    assert after.background.layers[0].painting_area[1] >= after.position_y - 0.5
    assert page_fill(document.pages[0]) > 0.9
    content_bottom = page_box(document.pages[0]).content_box_y() + page_box(document.pages[0]).height
    assert after.position_y + after.margin_height() <= content_bottom


def test_lines_are_shared_out_from_the_lowest_writing_area_up() -> None:
    document = render(f"<p>een</p>{LINES}<p>twee</p>{LINES}", LINE_CSS)
    fill_pages(document)
    parents = [box for box in page_box(document.pages[0]).descendants()
               if box.element is not None and "lines--fill" in (box.element.get("class") or "")]
    counts = [len(box.children) for box in parents]
    assert counts[1] >= counts[0] > 2 and counts[1] - counts[0] <= 1


def test_a_page_without_writing_lines_is_left_alone() -> None:
    document = render("<p>kort</p>")
    before = page_fill(document.pages[0])
    fill_pages(document)
    assert page_fill(document.pages[0]) == pytest.approx(before)


def test_underfilled_pages_skip_the_last_page_and_deliberate_blanks() -> None:
    css = "@page :blank { margin: 10mm } .b { break-before: recto }"
    document = render("<p>een</p><p class='b'>twee</p><p class='b'>drie</p>", css)
    assert len(document.pages) == 5 and box_tree.is_blank(document.pages[1])
    assert underfilled_pages(document, 0.7) == [1, 3]
