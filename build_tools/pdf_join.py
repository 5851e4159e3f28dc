"""Tagged PDFs written by WeasyPrint, joined into one tagged PDF, one part in memory at a time.

The handbook is laid out in parts (see `handbook/parts.py`) so that no WeasyPrint document ever holds
the layout of a whole large guide. Joining the parts' PDFs with a PDF library would bring the
memory back: pypdf held 1 GB for a 1 200-page handbook, qpdf (pikepdf) keeps every source open
until it writes (both measured, see the README). So the joiner writes the joined file itself,
streaming: it opens one part, writes its objects under new numbers and closes it, keeping only
what the shared objects need (page numbers, structure parents, destinations, bookmarks).

What a reader gets is one document as if WeasyPrint had written it: pages in order under one
page tree, one structure tree (the children of every part's Document element become the
children of one Document), one parent tree with renumbered keys, the bookmarks of every part
in order, every part's named destinations (a link into another part lands), title, language and
a fixed identifier. Objects are packed in compressed object streams, as WeasyPrint packs them.

A kit's complete set of sheets is joined the same way from the sheets' own PDFs (laying out and
writing every page a second time cost about an eighth of a kit's render): it adds what forms
need (one AcroForm whose fields keep their names, a later field of the same name getting
``-2``, ``-3``, as a combined WeasyPrint document has them), a blank back after a part with an
odd number of pages, and page labels.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

#: A link to a chapter of another part, as the parts write it: `gesprekskit-anchor:<name>`.
#: The joined file turns it into a link to the named destination (`/Dest`).
FOREIGN_ANCHOR = "gesprekskit-anchor:"

#: Non-stream objects per object stream (WeasyPrint and qpdf use about as many).
OBJECTS_PER_STREAM = 100
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


@dataclass(frozen=True)
class JoinedMetadata:
    """What the joined document says of itself (the parts' own titles are dropped)."""

    title: str
    author: str
    subject: str
    language: str
    generator: str
    identifier: bytes  # the file identifier: the same inputs give the same bytes
    keywords: str = ""
    #: (first page, prefix) per run of page numbers: "Vragenblad 1", "Vragenblad 2", ...
    page_labels: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class PartFile:
    """One part's PDF, a file or bytes in memory; `continues`: it goes on with the chapter the
    part before it started (its bookmarks go under that chapter's); `blank_after`: a blank
    page of the size of its last page follows it (the back of a sheet printed double-sided)."""

    path: Path | bytes
    continues: bool = False
    blank_after: bool = False

    def open(self) -> Pdf:
        return Pdf.open(io.BytesIO(self.path) if isinstance(self.path, bytes) else self.path)


@dataclass
class _Bookmark:
    title: str
    page: int          # index in the joined document
    left: Decimal
    top: Decimal
    closed: bool
    children: list[_Bookmark] = field(default_factory=list)


def _pdf_string(text: str) -> bytes:
    return pikepdf.String(text).unparse()


def _number(value: int | Decimal | float) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode()
    text = format(Decimal(str(value)), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text).encode() or b"0"


#: Bytes per cross-reference row: /W [1 4 2].
_ROW = 7


class _ObjectWriter:
    """A PDF file written front to back: plain objects gathered into object streams, streams
    written as they come, a cross-reference stream at the end."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.next_number = 1
        # The cross-reference rows as the file's XRef stream holds them (type, 4 bytes, 2
        # bytes), at 7 × number: a dict of tuples held about 25 MB for a 1 080-page handbook's
        # 170 000 objects, the largest thing a handbook worker holds while it joins.
        self.rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")  # object 0: the free list's head
        self.pending: list[tuple[int, bytes]] = []
        out.write(b"%PDF-1.7\n%\xb5\xed\xae\xfb\n")

    def reserve(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def plain(self, number: int, body: bytes) -> None:
        self.pending.append((number, body))
        if len(self.pending) >= OBJECTS_PER_STREAM:
            self.flush()

    def stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """`dictionary` without its closing `>>`: the length is added here."""
        self._direct(number, dictionary + b" /Length " + _number(len(data)) + b" >>\nstream\n"
                     + data + b"\nendstream")

    def _direct(self, number: int, body: bytes) -> None:
        self._row(number, 1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def _row(self, number: int, kind: int, second: int, third: int) -> None:
        start = _ROW * number
        if len(self.rows) < start:
            self.rows.extend(bytes(start - len(self.rows)))  # free rows, until written
        self.rows[start:start + _ROW] = (bytes([kind]) + second.to_bytes(4, "big")
                                         + third.to_bytes(2, "big"))

    def flush(self) -> None:
        if not self.pending:
            return
        number = self.reserve()
        header, bodies, offset = [], [], 0
        for index, (member, body) in enumerate(self.pending):
            header.append(b"%d %d" % (member, offset))
            bodies.append(body)
            offset += len(body) + 1
            self._row(member, 2, number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
        self.stream(number, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode"
                    % (len(self.pending), len(head)), data)
        self.pending = []

    def finish(self, trailer: bytes) -> None:
        """The cross-reference stream; `trailer` holds /Root, /Info and /ID."""
        self.flush()
        number = self.reserve()
        self._row(number, 1, self.out.tell(), 0)
        self.rows.extend(bytes(max(0, _ROW * self.next_number - len(self.rows))))  # free
        data = zlib.compress(bytes(self.rows), 6)
        start = self.out.tell()
        self.out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Filter /FlateDecode "
                       b"/Length %d %s >>\nstream\n" % (number, self.next_number, len(data),
                                                        trailer)
                       + data + b"\nendstream\nendobj\n")
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % start)


class _PartCopier:
    """One part's objects, renumbered into the joined file."""

    def __init__(self, writer: _ObjectWriter, source: Pdf, replaced: dict[tuple[int, int], bytes],
                 page_keys: dict[tuple[int, int], int], annotation_keys: dict[int, int],
                 names: set[str], renamed: dict[tuple[int, int], str] | None = None) -> None:
        self.writer = writer
        self.names = names                # every named destination of every part
        self.source = source
        self.replaced = replaced          # the part's own shared objects → the joined ones
        self.page_keys = page_keys        # page → its key in the joined parent tree
        self.annotation_keys = annotation_keys
        self.renamed = renamed or {}      # form field → its name in the joined file
        self.numbers: dict[tuple[int, int], int] = {}

    def number(self, objgen: tuple[int, int]) -> int:
        if objgen not in self.numbers:
            self.numbers[objgen] = self.writer.reserve()
        return self.numbers[objgen]

    def value(self, item: Any) -> bytes:
        """`item` in PDF syntax, references renumbered."""
        if isinstance(item, pikepdf.Object):
            if item.is_indirect:
                objgen = item.objgen
                return self.replaced.get(objgen) or b"%d 0 R" % self.number(objgen)
            if isinstance(item, Dictionary):
                return self.dictionary(item)
            if isinstance(item, Array):
                return b"[" + b" ".join(self.value(element) for element in item) + b"]"
            return item.unparse()
        if item is None:
            return b"null"
        return _number(item)

    def dictionary(self, item: pikepdf.Object, skip: tuple[str, ...] = ()) -> bytes:
        parts = [b"<<"]
        for key in sorted(item.keys()):  # a set: its order changes from run to run
            if key in skip:
                continue
            value = item.get(key)
            anchor = _foreign_anchor(value) if key in ("/A", "/Contents") else None
            if anchor is not None:  # a link into another part: to its named destination
                if key == "/Contents" or anchor in self.names:  # else: a link that goes nowhere
                    parts.append((b"/Dest " if key == "/A" else b"/Contents ")
                                 + _pdf_string(anchor))
                continue
            if key == "/StructParents" and item.objgen in self.page_keys:
                encoded = _number(self.page_keys[item.objgen])
            elif key == "/StructParent" and isinstance(value, int):
                encoded = _number(self.annotation_keys.get(value, value))
            elif key == "/T" and item.is_indirect and item.objgen in self.renamed:
                encoded = _pdf_string(self.renamed[item.objgen])
            else:
                encoded = self.value(value)
            parts.append(Name(key).unparse() + b" " + encoded)
        return b" ".join(parts) + b" >>"

    def write(self, item: pikepdf.Object, extra: bytes = b"") -> None:
        number = self.number(item.objgen)
        if isinstance(item, pikepdf.Stream):
            dictionary = self.dictionary(item.stream_dict, skip=("/Length",))[:-2] + extra
            self.writer.stream(number, dictionary, item.read_raw_bytes())
        else:
            self.writer.plain(number, self.dictionary(item)[:-2] + extra + b">>"
                              if isinstance(item, Dictionary) else self.value_direct(item))

    def value_direct(self, item: pikepdf.Object) -> bytes:
        if isinstance(item, Array):
            return b"[" + b" ".join(self.value(element) for element in item) + b"]"
        return item.unparse()


def _foreign_anchor(value: Any) -> str | None:
    """The anchor a `gesprekskit-anchor:` link action (or its description) names."""
    if isinstance(value, Dictionary):
        value = value.get("/URI")
    if isinstance(value, pikepdf.String):
        text = str(value)
        if text.startswith(FOREIGN_ANCHOR):
            return unquote(text[len(FOREIGN_ANCHOR):])
    return None


def _tree_pairs(tree: pikepdf.Object, leaves: str) -> Iterator[tuple[Any, pikepdf.Object]]:
    """The (key, value) pairs of a number tree (`leaves` "/Nums") or a name tree ("/Names"),
    its kids included."""
    if leaves in tree:
        items = tree[leaves]
        for index in range(0, len(items), 2):
            yield items[index], items[index + 1]
    for kid in tree.get("/Kids", Array()):
        yield from _tree_pairs(kid, leaves)


def _number_tree(tree: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    return ((int(key), value) for key, value in _tree_pairs(tree, "/Nums"))


def _name_tree(tree: pikepdf.Object) -> Iterator[tuple[str, pikepdf.Object]]:
    return ((str(key), value) for key, value in _tree_pairs(tree, "/Names"))


def _tree_objects(tree: pikepdf.Object, children: str) -> Iterator[tuple[int, int]]:
    """Every indirect node of a name, number or outline tree."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.is_indirect:
            yield node.objgen
        if children == "/Kids":
            stack += [kid for kid in node.get("/Kids", Array())]
        else:  # an outline: /First, then each /Next
            child = node.get("/First")
            while child is not None:
                stack.append(child)
                child = child.get("/Next")


def _bookmarks(items: Any, page_index: dict[tuple[int, int], int], offset: int) -> list[_Bookmark]:
    marks = []
    for item in items:
        destination = item.destination
        if not (isinstance(destination, Array) and len(destination) >= 4
                and destination[0].objgen in page_index):
            continue
        marks.append(_Bookmark(str(item.title), offset + page_index[destination[0].objgen],
                               Decimal(str(destination[2] or 0)), Decimal(str(destination[3] or 0)),
                               item.is_closed,
                               _bookmarks(item.children, page_index, offset)))
    return marks


def _file_structure(item: pikepdf.Object) -> bool:
    """The part's own cross-reference and object streams, which qpdf lists among its objects:
    the joined file writes its own (copied, they were dead weight carrying the part's /ID)."""
    return isinstance(item, pikepdf.Stream) and item.stream_dict.get("/Type") in (Name.XRef,
                                                                                 Name.ObjStm)


def _inherited(page: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """An attribute a page takes from the page tree above it."""
    node = page.get("/Parent")
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _survey(part: PartFile) -> tuple[int, set[str]]:
    """A part's page count (its blank back included) and the names of its destinations."""
    with part.open() as source:
        names = source.Root.get("/Names")
        dests = set() if names is None or "/Dests" not in names else {
            name for name, _ in _name_tree(names.Dests)}
        return len(source.pages) + part.blank_after, dests


def _self_contained(item: Any) -> bool:
    """No indirect reference in this (direct) value: its bytes mean the same in any file."""
    if isinstance(item, pikepdf.Object) and item.is_indirect:
        return False
    if isinstance(item, Dictionary):
        return all(_self_contained(item.get(key)) for key in item.keys())
    if isinstance(item, Array):
        return all(_self_contained(element) for element in item)
    return True


def _stream_key(item: pikepdf.Stream) -> bytes | None:
    """What makes two streams the same object (a font file, an image two parts both embed);
    None for a stream whose dictionary refers to other objects."""
    dictionary = item.stream_dict
    if not _self_contained(dictionary):
        return None
    digest = hashlib.sha256(item.read_raw_bytes())
    for key in sorted(dictionary.keys()):
        if key != "/Length":
            value = dictionary.get(key)
            digest.update(key.encode() + b"\0" + (value.unparse() if isinstance(
                value, pikepdf.Object) else repr(value).encode()) + b"\0")
    return digest.digest()


def _unique_names(fields: pikepdf.Object, seen: dict[str, int]) -> dict[tuple[int, int], str]:
    """The fields whose name an earlier part already used, with their new name (``-2``...)."""
    renamed = {}
    for field in fields:
        if not field.is_indirect or "/T" not in field:
            continue
        name = str(field.T)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            renamed[field.objgen] = f"{name}-{seen[name]}"
    return renamed


def join_tagged_pdfs(parts: Sequence[PartFile], target: Path | BinaryIO,
                     metadata: JoinedMetadata) -> None:
    """One tagged PDF at `target` of `parts` in order: pages, structure, bookmarks and
    destinations, as if the parts had been laid out as one document."""
    if isinstance(target, Path):
        with target.open("wb") as out:
            _join(parts, out, metadata)
    else:
        _join(parts, target, metadata)


def _join(parts: Sequence[PartFile], out: BinaryIO, metadata: JoinedMetadata) -> None:
    surveys = [_survey(part) for part in parts]
    # A link to a chapter no part holds (a kit the guide does not have) stays a link area
    # without a target, as WeasyPrint drops a link to a missing anchor.
    joined = _Joined(_ObjectWriter(out), total_pages=sum(pages for pages, _ in surveys),
                     known_names=set().union(*(names for _, names in surveys)))
    for part in parts:
        with part.open() as source:
            joined.add(part, source)
    joined.finish(metadata)


@dataclass
class _PartPlan:
    """One open part: its pages, and which of its objects the joined file replaces by its own
    (page tree, structure root, Document element) or leaves out (trees it rebuilds)."""

    pages: list[Any]
    offset: int                                   # its first page in the joined file
    skipped: set[tuple[int, int]]
    replaced: dict[tuple[int, int], bytes]
    annotation_keys: dict[int, int]               # its parent-tree keys of annotations → new
    parent_pairs: list[tuple[int, pikepdf.Object]]
    tops: list[pikepdf.Object] | None             # its structure's top elements, if tagged
    renamed: dict[tuple[int, int], str]           # form field → its name in the joined file

    @property
    def page_index(self) -> dict[tuple[int, int], int]:
        return {page.obj.objgen: index for index, page in enumerate(self.pages)}


class _Joined:
    """The joined file as its parts are added: their objects are written at once, and what the
    shared objects need (pages, structure, destinations, bookmarks, form) is kept for
    :meth:`finish`."""

    def __init__(self, writer: _ObjectWriter, total_pages: int, known_names: set[str]) -> None:
        self.writer = writer
        self.known_names = known_names
        self.catalog, self.page_tree, self.structure_root, self.document = (
            writer.reserve() for _ in range(4))
        self.page_refs: list[int] = []
        self.top_elements: list[bytes] = []
        self.parent_tree: list[tuple[int, bytes]] = []
        self.destinations: dict[str, bytes] = {}
        self.bookmarks: list[_Bookmark] = []
        self.fields: list[bytes] = []
        self.field_names: dict[str, int] = {}
        self.form: dict[str, bytes] = {}          # the first part's AcroForm entries
        self.form_fonts: dict[str, bytes] = {}    # default resources: the first font of a name
        self.streams: dict[bytes, int] = {}       # a stream written once, by its contents
        self.next_annotation_key = total_pages    # parent-tree keys after every page's

    def add(self, part: PartFile, source: Pdf) -> None:
        plan = self._plan(source)
        copier = _PartCopier(self.writer, source, plan.replaced, {
            objgen: plan.offset + index for objgen, index in plan.page_index.items()},
            plan.annotation_keys, self.known_names, plan.renamed)
        self._copy_objects(source, plan, copier)
        self.page_refs += [copier.number(page.obj.objgen) for page in plan.pages]
        if part.blank_after:
            self._blank_page(plan.pages[-1].obj, copier)
        self._gather_form(source, copier)
        self._gather_structure(plan, copier)
        names = source.Root.get("/Names")
        if names is not None and "/Dests" in names:
            for name, destination in _name_tree(names.Dests):
                self.destinations.setdefault(name, copier.value(destination))  # the first
        with source.open_outline() as outline:
            marks = _bookmarks(outline.root, plan.page_index, plan.offset)
        if part.continues and self.bookmarks:
            self.bookmarks[-1].children += marks
        else:
            self.bookmarks += marks

    def _plan(self, source: Pdf) -> _PartPlan:
        pages = list(source.pages)
        page_index = {page.obj.objgen: index for index, page in enumerate(pages)}
        root = source.Root
        skipped: set[tuple[int, int]] = {root.objgen}
        replaced: dict[tuple[int, int], bytes] = {}
        for node in _tree_objects(root.Pages, "/Kids"):
            if node not in page_index:
                replaced[node] = b"%d 0 R" % self.page_tree
        annotation_keys: dict[int, int] = {}
        parent_pairs: list[tuple[int, pikepdf.Object]] = []
        tops: list[pikepdf.Object] | None = None
        structure = root.get("/StructTreeRoot")
        if structure is not None:
            replaced[structure.objgen] = b"%d 0 R" % self.structure_root
            skipped |= set(_tree_objects(structure.ParentTree, "/Kids"))
            tops = list(structure.K) if isinstance(structure.K, Array) else [structure.K]
            for top in tops:
                if top.get("/S") == Name.Document:
                    replaced[top.objgen] = b"%d 0 R" % self.document
            parent_pairs = list(_number_tree(structure.ParentTree))
            for key, _ in parent_pairs:
                if key >= len(pages):
                    annotation_keys[key] = self.next_annotation_key
                    self.next_annotation_key += 1
        if "/Outlines" in root:
            skipped |= set(_tree_objects(root.Outlines, "/First"))
        names = root.get("/Names")
        if names is not None:
            if names.is_indirect:
                skipped.add(names.objgen)
            if "/Dests" in names:
                skipped |= set(_tree_objects(names.Dests, "/Kids"))
        info = source.trailer.get("/Info")
        if info is not None and info.is_indirect:
            skipped.add(info.objgen)
        acroform = root.get("/AcroForm")
        renamed: dict[tuple[int, int], str] = {}
        if acroform is not None:
            if acroform.is_indirect:
                skipped.add(acroform.objgen)
            renamed = _unique_names(acroform.get("/Fields", Array()), self.field_names)
        return _PartPlan(pages, len(self.page_refs), skipped, replaced, annotation_keys,
                         parent_pairs, tops, renamed)

    def _copy_objects(self, source: Pdf, plan: _PartPlan, copier: _PartCopier) -> None:
        """Every object of the part the joined file keeps, under its new number; a page gets
        what it inherited from the part's page tree, which the joined file does not keep."""
        skipped, replaced = plan.skipped, plan.replaced
        # A stream an earlier part (or this one) has already (the same font file in every
        # sheet) is written once: mapped before anything of this part refers to it.
        for item in source.objects:
            if (isinstance(item, pikepdf.Stream) and item.is_indirect
                    and item.objgen not in skipped and item.objgen not in replaced
                    and not _file_structure(item)):
                key = _stream_key(item)
                if key is not None and key in self.streams:
                    copier.numbers[item.objgen] = self.streams[key]
                    skipped.add(item.objgen)
                elif key is not None:
                    self.streams[key] = copier.number(item.objgen)
        page_index = plan.page_index
        for item in source.objects:
            if (not isinstance(item, (Dictionary, Array, pikepdf.Stream))
                    or not item.is_indirect or item.objgen in skipped
                    or item.objgen in replaced or _file_structure(item)):
                continue
            extra = b""
            if item.objgen in page_index:
                for key in (key for key in _INHERITED if key not in item):
                    value = _inherited(item, key)
                    if value is not None:
                        extra += b" " + Name(key).unparse() + b" " + copier.value(value)
            copier.write(item, extra)

    def _blank_page(self, last: pikepdf.Object, copier: _PartCopier) -> None:
        """The back of a part's odd last page: blank, of the same size."""
        box = last.get("/MediaBox") or _inherited(last, "/MediaBox")
        self.page_refs.append(self.writer.reserve())
        self.writer.plain(self.page_refs[-1], b"<< /Type /Page /Parent %d 0 R /MediaBox %s "
                          b"/Resources << >> >>" % (self.page_tree, copier.value(box)))

    def _gather_form(self, source: Pdf, copier: _PartCopier) -> None:
        acroform = source.Root.get("/AcroForm")
        if acroform is None:
            return
        self.fields += [copier.value(item) for item in acroform.get("/Fields", Array())]
        for key in sorted(acroform.keys()):
            if key not in ("/Fields", "/DR"):
                self.form.setdefault(key, copier.value(acroform[key]))
        fonts = acroform.get("/DR", Dictionary()).get("/Font", Dictionary())
        for name in sorted(fonts.keys()):
            self.form_fonts.setdefault(name, copier.value(fonts[name]))

    def _gather_structure(self, plan: _PartPlan, copier: _PartCopier) -> None:
        """The part's top elements go under the one Document element; its parent tree's keys
        move past the pages (and annotations) of the parts before it."""
        if plan.tops is None:
            return
        for top in plan.tops:
            kids = top.get("/K", Array()) if top.get("/S") == Name.Document else Array([top])
            for kid in kids if isinstance(kids, Array) else [kids]:
                self.top_elements.append(copier.value(kid))
        for key, value in plan.parent_pairs:
            new_key = plan.offset + key if key < len(plan.pages) else plan.annotation_keys[key]
            self.parent_tree.append((new_key, copier.value(value)))

    def finish(self, metadata: JoinedMetadata) -> None:
        """The shared objects, the catalog, the document information and the trailer."""
        writer = self.writer
        writer.plain(self.page_tree, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
            len(self.page_refs), b" ".join(b"%d 0 R" % number for number in self.page_refs)))
        parent_tree_number = writer.reserve()
        writer.plain(parent_tree_number, b"<< /Nums [%s] >>" % b" ".join(
            b"%d %s" % (key, value) for key, value in sorted(self.parent_tree)))
        writer.plain(self.structure_root, b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree "
                     b"%d 0 R /ParentTreeNextKey %d >>" % (self.document, parent_tree_number,
                                                          self.next_annotation_key))
        writer.plain(self.document, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>" % (
            self.structure_root, b" ".join(self.top_elements)))
        writer.plain(self.catalog, b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R "
                     b"/MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true "
                     b">> /Lang %s%s >>" % (self.page_tree, self.structure_root,
                                            _pdf_string(metadata.language),
                                            self._catalog_entries(metadata)))
        info = writer.reserve()
        keywords = b" /Keywords " + _pdf_string(metadata.keywords) if metadata.keywords else b""
        writer.plain(info, b"<< /Title %s /Author %s /Subject %s%s /Creator %s /Producer %s >>" % (
            _pdf_string(metadata.title), _pdf_string(metadata.author),
            _pdf_string(metadata.subject), keywords, _pdf_string(metadata.generator),
            _pdf_string(metadata.generator)))
        identifier = hashlib.md5(metadata.identifier, usedforsecurity=False).hexdigest().encode()
        writer.finish(b"/Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]" % (
            self.catalog, info, identifier, identifier))

    def _catalog_entries(self, metadata: JoinedMetadata) -> bytes:
        """Destinations, outline, form and page labels, each written when the parts had any."""
        writer, extra = self.writer, b""
        if self.destinations:
            dests = writer.reserve()
            writer.plain(dests, b"<< /Names [%s] >>" % b" ".join(
                _pdf_string(name) + b" " + self.destinations[name]
                for name in sorted(self.destinations,
                                   key=lambda name: bytes(pikepdf.String(name)))))
            extra += b" /Names << /Dests %d 0 R >>" % dests
        if self.bookmarks:
            extra += b" /Outlines %d 0 R /PageMode /UseOutlines" % _write_outline(
                writer, self.bookmarks, self.page_refs)
        if self.fields:
            resources = b" ".join(Name(name).unparse() + b" " + value
                                  for name, value in self.form_fonts.items())
            extra += b" /AcroForm << /Fields [%s] /DR << /Font << %s >> >>%s >>" % (
                b" ".join(self.fields), resources, b"".join(
                    b" " + Name(key).unparse() + b" " + value for key, value in self.form.items()))
        if metadata.page_labels:
            extra += b" /PageLabels << /Nums [%s] >>" % b" ".join(
                b"%d << /S /D /P %s >>" % (first, _pdf_string(f"{prefix} "))
                for first, prefix in metadata.page_labels)
        return extra


def _write_outline(writer: _ObjectWriter, bookmarks: list[_Bookmark], page_refs: list[int]) -> int:
    """The outline's objects; returns the number of its root."""
    root = writer.reserve()

    def visible(marks: list[_Bookmark]) -> int:
        return sum(1 + (0 if mark.closed else visible(mark.children)) for mark in marks)

    def level(marks: list[_Bookmark], parent: int) -> tuple[int, int]:
        numbers = [writer.reserve() for _ in marks]
        for index, (mark, number) in enumerate(zip(marks, numbers)):
            links = b"/Parent %d 0 R" % parent
            if index:
                links += b" /Prev %d 0 R" % numbers[index - 1]
            if index + 1 < len(numbers):
                links += b" /Next %d 0 R" % numbers[index + 1]
            if mark.children:
                first, last = level(mark.children, number)
                count = visible(mark.children)
                links += b" /First %d 0 R /Last %d 0 R /Count %d" % (
                    first, last, -count if mark.closed else count)
            writer.plain(number, b"<< /Title %s %s /Dest [%d 0 R /XYZ %s %s 0] >>" % (
                _pdf_string(mark.title), links, page_refs[mark.page], _number(mark.left),
                _number(mark.top)))
        return numbers[0], numbers[-1]

    first, last = level(bookmarks, root)
    writer.plain(root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
        first, last, visible(bookmarks)))
    return root
