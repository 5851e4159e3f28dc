"""The QR code on a sheet: the kit's page in the published guide, as an inline SVG.

segno writes a QR code as a few SVG paths with no dependency of its own (a well-kept library
instead of a hand-written encoder). Error correction Q survives a smudge or a staple hole; the
quiet zone of four modules is part of the drawing, so no layout can crowd it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import segno

#: Error correction level: Q restores up to 25 % of the code, enough for a crumpled print.
ERROR_CORRECTION = "q"
#: The quiet zone around the code in modules, as the QR standard asks.
QUIET_ZONE = 4


@lru_cache(maxsize=64)  # the same code for every sheet and layout try of a kit
def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline ``<svg>`` that scales to its box (no width, height,
    XML declaration or namespace clutter), black on white for any printer."""
    try:
        code = segno.make(url, error=ERROR_CORRECTION, micro=False, boost_error=False)
    except segno.DataOverflowError:  # an address too long for any QR code: the text link only
        return ""
    return code.svg_inline(scale=1, border=QUIET_ZONE, dark="#000000", light="#ffffff",
                           omitsize=True)


def short_url(url: str) -> str:
    """The address as a person types it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    text = parts.netloc + parts.path
    return text.rstrip("/") or url
