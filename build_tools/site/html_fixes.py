"""Small repairs to the HTML Material for MkDocs writes, so every page passes the Nu HTML checker.

Material's templates put `autocomplete` on checkboxes, the non-standard `autocorrect` on the
search field, empty `tabindex` values on section labels, and a `for` pointing at a table of
contents toggle that a page without headings does not have. Each repair is one narrow pattern.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
# The look-behind makes a try inside a run of spaces fail at once: without it every space of
# Material's deeply indented navigation started a scan to the end of its run (quadratic in the
# indentation; a quarter of a forced rebuild at 200 kits).
_AUTOCORRECT = re.compile(r'(?<!\s)\s+autocorrect="off"')
_EMPTY_TABINDEX = re.compile(r'(?<!\s)\s+tabindex=""')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')


def repair_material_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCORRECT.sub("", html)
    html = _EMPTY_TABINDEX.sub("", html)

    ids = set(_ID.findall(html))

    def drop_dangling_for(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2) in ids else match.group(1)

    return _LABEL_FOR.sub(drop_dangling_for, html)
