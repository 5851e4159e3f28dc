"""The files a brand names, checked for what they hold, so that none can hang or bloat a build.

A logo or font is only a path in brand.yml; what is in the file decides how long the browser and
the PDF renderer work on it. Raster logos are limited in decoded pixels (a 420 kB PNG can hold
144 megapixels), SVG logos in how many elements they expand to through `<use>` and other
references (nested `<use>` grows exponentially: 1.9 kB hung the renderer), and a file that is
not what its name says (random bytes as `.ttf`, text as `.png`) is refused instead of being
silently dropped from the sheets.
"""

from __future__ import annotations

import re
import struct
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path

#: A logo is a small picture: 4 megapixels is 2000 × 2000, enough for print at A3.
MAX_LOGO_PIXELS = 4_000_000
MAX_LOGO_SIDE = 8000
#: Pictures in guide pages: a phone photo passes, a decompression bomb does not.
MAX_PAGE_IMAGE_PIXELS = 50_000_000
MAX_PAGE_IMAGE_SIDE = 20_000
PAGE_IMAGE_FORMATS = {".png": ("PNG",), ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"),
                      ".gif": ("GIF",), ".webp": ("WEBP",)}
#: Elements an SVG logo may draw once every `<use>` and `url(#...)` reference is expanded.
MAX_SVG_ELEMENTS = 5000
_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")
_HREF_ATTRIBUTES = ("href", "{http://www.w3.org/1999/xlink}href")


class AssetError(ValueError):
    """A brand file that cannot be used; the message says what is wrong, the hint what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def check_raster_logo(path: Path) -> None:
    """A PNG or JPEG that decodes, within the logo's pixel limit."""
    check_raster_image(path, "logo", MAX_LOGO_PIXELS, MAX_LOGO_SIDE, ("PNG", "JPEG"), decode=True)


def check_raster_image(path: Path, what: str, max_pixels: int, max_side: int,
                       formats: tuple[str, ...], *, decode: bool) -> None:
    """An image of one of `formats` within `max_pixels`; its header is read before any pixel
    is decoded (with `decode`, all pixels are then decoded once, to find damaged files)."""
    from PIL import Image, UnidentifiedImageError

    name = path.name
    shown = " or ".join(kind for kind in formats if kind != "MPO")  # MPO: a phone's JPEG
    limit = f"{max_pixels / 1e6:.0f} megapixels"
    hint = "export it smaller, e.g. 1000 pixels wide" + (" (or use an SVG logo)"
                                                          if what == "logo" else "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            if image.format not in formats:
                raise AssetError(f"the {what} '{name}' is a {image.format or 'unknown'} image, "
                                 f"not {shown}", f"export it as {shown}")
            if width * height > max_pixels or max(width, height) > max_side:
                raise AssetError(f"the {what} '{name}' is {width} × {height} pixels "
                                 f"({width * height / 1e6:.1f} megapixels); the limit is {limit}",
                                 hint)
            if decode:
                image.load()
    except AssetError:
        raise
    except Image.DecompressionBombError:
        raise AssetError(f"the {what} '{name}' is larger than {limit}", hint) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise AssetError(f"the {what} '{name}' cannot be read as an image: the file is damaged "
                         f"or is not {shown}", f"export it again as {shown}") from None


def check_font(path: Path) -> None:
    """A font file the renderer can use: an OpenType/TrueType (or WOFF) font with a character map."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True) as font:
            missing = [table for table in ("cmap", "head") if table not in font]
            if missing:
                raise AssetError(f"the font '{path.name}' has no {' or '.join(missing)} table",
                                 "use the font's .ttf, .otf or .woff2 file as published")
            font["cmap"].getBestCmap()
    except AssetError:
        raise
    except (TTLibError, OSError, AssertionError, KeyError, IndexError, ValueError, TypeError,
            ImportError, EOFError, struct.error):
        raise AssetError(f"the font '{path.name}' cannot be read as a font: the file is "
                         "damaged or is not a font",
                         "use the font's .ttf, .otf or .woff2 file as published") from None


def check_svg_expansion(svg: bytes, name: str) -> None:
    """Refuse an SVG whose `<use>` and `url(#id)` references expand past the element limit,
    or refer to themselves."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        raise AssetError(f"the SVG logo '{name}' is not well-formed XML ({error})",
                         "export the logo again as plain SVG, or use a PNG") from None
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}
    open_elements: set[int] = set()

    def references(element: ElementTree.Element) -> list[str]:
        found = []
        for attribute in _HREF_ATTRIBUTES:
            value = element.get(attribute) or ""
            if value.startswith("#"):
                found.append(value[1:])
        for value in element.attrib.values():
            found.extend(_REFERENCE.findall(value))
        return found

    def size(element: ElementTree.Element) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in open_elements:
            raise AssetError(f"the SVG logo '{name}' refers to itself through "
                             f"'#{element.get('id')}'",
                             "export the logo again; a drawing never contains itself")
        open_elements.add(key)
        total = 1
        for child in element:
            total += size(child)
            if total > MAX_SVG_ELEMENTS:
                break
        for target in references(element):
            if target in by_id:
                total += size(by_id[target])
            if total > MAX_SVG_ELEMENTS:
                break
        open_elements.discard(key)
        sizes[key] = min(total, MAX_SVG_ELEMENTS + 1)
        return sizes[key]

    try:
        total = size(root)
    except RecursionError:
        raise AssetError(f"the SVG logo '{name}' is nested too deeply",
                         "export the logo again as plain SVG, or use a PNG") from None
    if total > MAX_SVG_ELEMENTS:
        raise AssetError(f"the SVG logo '{name}' expands to more than {MAX_SVG_ELEMENTS} "
                         "elements through <use> references",
                         "export it with the references resolved (\"flatten\"), or use a PNG")
