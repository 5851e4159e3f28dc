"""A sheet PDF that someone filled in is theirs: `pdf`, `workshop` and `handbook` never write over
it, even though Gesprekskit made it. Hostile finding: a manager filled in the follow-up form
(pdf/KIT-vervolgafspraken.pdf) in a PDF viewer and saved it; the next `gesprekskit pdf KIT
--sheet vervolgafspraken` replaced it, and every agreement typed into it was gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.output_path import OutputPathError, check_output_file


def _sheet_pdf(path: Path, value: object | None = "", note: bool = False) -> Path:
    """A one-page PDF as Gesprekskit writes a form sheet (creator, a text field whose value is
    empty, a link), with the field given `value` or a reader's sticky note added."""
    from pypdf import PdfWriter
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject,
                               TextStringObject)

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_metadata({"/Creator": "Gesprekskit 0.1.0", "/Title": "Vervolgafspraken"})
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(100), FloatObject(30)])
    field = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("afspraak-1"),
        NameObject("/Rect"): rect})
    if value is not None:
        field[NameObject("/V")] = (value if not isinstance(value, str)
                                   else TextStringObject(value))
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): rect})
    annotations = [writer._add_object(field), writer._add_object(link)]
    if note:
        annotations.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Contents"): TextStringObject("Bespreken met HR"), NameObject("/Rect"): rect})))
    page[NameObject("/Annots")] = ArrayObject(annotations)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([annotations[0]])})
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _check(path: Path) -> Path:
    return check_output_file(path, None, [], "pdf")


def test_an_unfilled_sheet_is_replaced(tmp_path: Path) -> None:
    from pypdf.generic import NameObject

    assert _check(_sheet_pdf(tmp_path / "leeg.pdf")) == tmp_path / "leeg.pdf"
    assert _check(_sheet_pdf(tmp_path / "zonder.pdf", value=None)) == tmp_path / "zonder.pdf"
    assert _check(_sheet_pdf(tmp_path / "vakje.pdf", value=NameObject("/Off")))


@pytest.mark.parametrize("filled", ["typed", "ticked", "note"])
def test_a_filled_in_sheet_is_never_replaced(tmp_path: Path, filled: str) -> None:
    from pypdf.generic import NameObject

    path = tmp_path / "vervolgafspraken.pdf"
    if filled == "typed":
        _sheet_pdf(path, value="Cursus plannen voor 1 maart")
    elif filled == "ticked":
        _sheet_pdf(path, value=NameObject("/Yes"))
    else:
        _sheet_pdf(path, note=True)
    before = path.read_bytes()
    with pytest.raises(OutputPathError, match="filled in or annotated.*left untouched"):
        _check(path)
    assert path.read_bytes() == before
