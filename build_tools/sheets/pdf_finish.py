"""The last touches to a sheet's PDF objects, made through WeasyPrint's ``finisher`` hook.

WeasyPrint 70 writes forms that lean on the viewer (``NeedAppearances``, no appearance streams,
rectangles upside down) and gives a font used by a form field a text map read from the font's
character map, which misses every glyph that shaping substituted: tabular digits and
punctuation (Inter), ligatures (Lato's "ti"). Copy, search and screen readers then get wrong
text. :func:`finisher` repairs both on the objects before they are written. (The page labels of a
kit's complete set are written by the joiner, `pdf_join.py`.)
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pydyf

#: A text field whose name starts with this becomes a signature field (/Sig).
SIGNATURE_PREFIX = "handtekening_"
#: Multi-line fields lower than this (in points) size their text to fit (Acrobat's "auto").
AUTO_SIZE_BELOW = 25 * 72 / 25.4
_MULTILINE = 1 << 12
_FONT_SIZE = re.compile(rb"[\d.]+ Tf")


def _objects_by_number(pdf: pydyf.PDF) -> dict[int, Any]:
    return {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def _reference_number(reference: Any) -> int:
    return int(_as_bytes(reference).split()[0])


# --- the text layer -------------------------------------------------------------------------------

def _cmap_stream(mapping: dict[int, str]) -> list[bytes]:
    """A ToUnicode CMap, written as WeasyPrint writes its own."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0",
             b">> def", b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for glyph, text in batch:
            lines.append(f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return lines


#: Text maps of whole fonts by font hash: a render worker reads each font's map once.
_FULL_TEXT_MAPS: dict[str, dict[int, str]] = {}


def _full_text_map(font: Any) -> dict[int, str]:
    """Every glyph the font's character map reaches, the lowest code point first."""
    if font.hash not in _FULL_TEXT_MAPS:
        from fontTools.ttLib import TTFont

        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index)
        mapping: dict[int, str] = {}
        for codepoint, name in sorted(ttfont.getBestCmap().items()):
            mapping.setdefault(ttfont.getGlyphID(name), chr(codepoint))
        _FULL_TEXT_MAPS[font.hash] = mapping
    return dict(_FULL_TEXT_MAPS[font.hash])


def repair_form_font_text(document: Any, pdf: pydyf.PDF) -> None:
    """Give fonts used by form fields a text map that also covers the glyphs shaping chose."""
    form_fonts = {_as_bytes(font.name): font for font in document.fonts.values()
                  if getattr(font, "used_in_forms", False)}
    if not form_fonts:
        return
    objects = _objects_by_number(pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Font":
            continue
        font = form_fonts.get(_as_bytes(obj.get("BaseFont")))
        if font is None or "ToUnicode" not in obj:
            continue
        mapping = _full_text_map(font)
        mapping.update({glyph: text for glyph, text in font.to_unicode.items() if text})
        stream = objects[_reference_number(obj["ToUnicode"])]
        stream.stream = _cmap_stream(mapping)


_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>")


def _right_to_left(text: str) -> bool:
    """Two or more letters of a right-to-left script (Arabic lam-alef, lam-alef maqsura…),
    with their marks: what one ligature glyph of a right-to-left run stands for."""
    classes = [unicodedata.bidirectional(character) for character in text]
    return (len(text) > 1 and any(kind in ("R", "AL") for kind in classes)
            and all(kind in ("R", "AL", "NSM") for kind in classes))


def repair_right_to_left_ligatures(pdf: pydyf.PDF) -> None:
    """Ligature glyphs of right-to-left text mapped so that extracted text is in logical order.

    WeasyPrint maps a ligature glyph to its letters in logical order (lam, alef). A text
    extractor (poppler, Acrobat) gets the glyphs of a right-to-left run in visual order and
    reverses the run character by character, which swaps the two letters of the ligature
    (الأ came out as األ). Mapping the glyph to its letters in visual order, as a single glyph
    is, gives the logical text back after that reversal. Glyphs of left-to-right text (fi, ti)
    keep their mapping."""
    objects = _objects_by_number(pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Font" \
                or "ToUnicode" not in obj:
            continue
        stream = objects.get(_reference_number(obj["ToUnicode"]))
        if stream is None or not isinstance(getattr(stream, "stream", None), list):
            continue
        lines = []
        for line in stream.stream:
            match = _BFCHAR.fullmatch(_as_bytes(line))
            if match is not None:
                text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be", "replace")
                if _right_to_left(text):
                    line = b"<%s> <%s>" % (match.group(1), text[::-1].encode("utf-16-be").hex()
                                           .encode())
            lines.append(line)
        stream.stream = lines


# --- form fields ----------------------------------------------------------------------------------

def _empty_appearance(pdf: pydyf.PDF, width: float, height: float, marked: bool) -> Any:
    content = [b"/Tx BMC", b"EMC"] if marked else []
    stream = pydyf.Stream(content, extra={
        "Type": "/XObject", "Subtype": "/Form",
        "BBox": pydyf.Array((0, 0, round(width, 3), round(height, 3)))})
    pdf.add_object(stream)
    return stream.reference


def _field_name(field: pydyf.Dictionary) -> str:
    name = field.get("T")
    return name.string if isinstance(name, pydyf.String) else str(name or "")


#: A check box whose name holds this is one of several options to circle (a praatplaat choice).
CIRCLE_OPTION = "_option-"
_KAPPA = 0.5523  # Bézier control distance for a quarter circle


def _ring(width: float, height: float, line: float = 1.8) -> list[bytes]:
    """A pen ring along the edge of a box of this size: a circle round a square scale step, a
    stadium round a wide option, never over the word inside."""
    inset = line / 2
    left, bottom, right, top = inset, inset, width - inset, height - inset
    radius = max(min(right - left, top - bottom) / 2, 0.5)
    k = radius * _KAPPA
    f = lambda *values: " ".join(f"{value:.2f}" for value in values).encode()  # noqa: E731
    return [b"q", b"0 0 0 RG", f(line) + b" w",
            f(left + radius, bottom) + b" m",
            f(right - radius, bottom) + b" l",
            f(right - radius + k, bottom, right, bottom + radius - k, right, bottom + radius) + b" c",
            f(right, top - radius) + b" l",
            f(right, top - radius + k, right - radius + k, top, right - radius, top) + b" c",
            f(left + radius, top) + b" l",
            f(left + radius - k, top, left, top - radius + k, left, top - radius) + b" c",
            f(left, bottom + radius) + b" l",
            f(left, bottom + radius - k, left + radius - k, bottom, left + radius, bottom) + b" c",
            b"S", b"Q"]


def _circle_when_chosen(objects: dict[int, Any], states: Any, width: float,
                        height: float) -> None:
    """The chosen state of a scale step or an option to circle: a ring around it, not the
    filled disc or tick WeasyPrint draws, which would hide the number or word under it."""
    for state, reference in states.items():
        if state == "Off":
            continue
        stream = objects.get(_reference_number(reference))
        if stream is not None:
            stream.stream = _ring(width, height)
            stream.extra["BBox"] = pydyf.Array((0, 0, round(width, 3), round(height, 3)))


def repair_form_fields(pdf: pydyf.PDF) -> None:
    """Normal rectangles, an appearance for every state, auto-sized short multi-line fields,
    signature fields, tooltips with single spaces, tab order in reading (structure) order."""
    acroform = pdf.catalog.get("AcroForm")
    if acroform is None:
        return
    acroform.pop("NeedAppearances", None)
    objects = _objects_by_number(pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/Widget":
            continue
        x1, y1, x2, y2 = (float(value) for value in obj["Rect"])
        left, bottom, right, top = min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
        obj["Rect"] = pydyf.Array((round(left, 3), round(bottom, 3), round(right, 3), round(top, 3)))
        width, height = right - left, top - bottom
        tooltip = obj.get("TU")
        if isinstance(tooltip, pydyf.String):
            obj["TU"] = pydyf.String(" ".join(str(tooltip.string).split()))
        kind = obj.get("FT")
        if kind == "/Btn":
            states = obj["AP"]["N"]
            states["Off"] = _empty_appearance(pdf, width, height, marked=False)
            if "Parent" in obj or CIRCLE_OPTION in _field_name(obj):
                _circle_when_chosen(objects, states, width, height)
            if "Parent" in obj:
                obj.pop("T", None)  # a radio button's name is its group's: no "name.name"
        elif kind == "/Tx" and _field_name(obj).startswith(SIGNATURE_PREFIX):
            obj["FT"] = "/Sig"
            for key in ("DA", "V", "Ff", "MaxLen"):
                obj.pop(key, None)
            obj["AP"] = pydyf.Dictionary({"N": _empty_appearance(pdf, width, height, False)})
        elif kind == "/Tx":
            flags = int(obj.get("Ff", 0))
            if flags & _MULTILINE and height < AUTO_SIZE_BELOW:
                appearance = obj["DA"].string
                if isinstance(appearance, str):
                    appearance = appearance.encode()
                obj["DA"] = pydyf.String(_FONT_SIZE.sub(b"0 Tf", appearance))
            obj["AP"] = pydyf.Dictionary({"N": _empty_appearance(pdf, width, height, True)})


def unique_field_names(pdf: pydyf.PDF) -> None:
    """A PDF allows each full field name once: a name a document holds twice gets ``-2``,
    ``-3`` on its later fields. (A kit's complete set, where the praatplaat and the preparation
    sheet both have ``name``, is renamed by the same rule when it is joined: `pdf_join.py`.)"""
    acroform = pdf.catalog.get("AcroForm")
    if acroform is None:
        return
    objects = _objects_by_number(pdf)
    seen: dict[str, int] = {}
    for reference in acroform.get("Fields", []):
        field = objects.get(_reference_number(reference))
        if field is None or "T" not in field:
            continue
        name = _field_name(field)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            field["T"] = pydyf.String(f"{name}-{seen[name]}")


def set_tab_order(pdf: pydyf.PDF) -> None:
    """Fields are visited in the order of the structure tree, which is reading order."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and "Annots" in obj:
            obj["Tabs"] = "/S"


def finisher():
    """The ``finisher`` for ``write_pdf``: every repair above."""
    def finish(document: Any, pdf: pydyf.PDF) -> None:
        repair_form_font_text(document, pdf)
        repair_right_to_left_ligatures(pdf)
        repair_form_fields(pdf)
        unique_field_names(pdf)
        set_tab_order(pdf)
    return finish

