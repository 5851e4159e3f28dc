"""Small repairs to the HTML Material for MkDocs writes, so every page passes the Nu HTML checker.

Material's templates put `autocomplete` on checkboxes, the non-standard `autocorrect` on the
search field, empty `tabindex` values on section labels, and a `for` pointing at a table of
contents toggle that a page without headings does not have. Each repair is one narrow pattern.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')


def repair_material_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _without_attribute(html, 'autocorrect="off"')
    html = _without_attribute(html, 'tabindex=""')

    ids = set(_ID.findall(html))

    def drop_dangling_for(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2) in ids else match.group(1)

    return _LABEL_FOR.sub(drop_dangling_for, html)


def _without_attribute(html: str, attribute: str) -> str:
    """`html` without `attribute` and the space before it. Split on the text, not a pattern
    starting with `\\s+`: such a pattern starts a scan at every space of Material's deeply
    indented navigation (quadratic in the indentation; 40 % of a forced rebuild at 200 kits)."""
    parts = html.split(attribute)
    if len(parts) == 1:
        return html
    kept = [parts[0]]
    for part in parts[1:]:
        if kept[-1][-1:].isspace():  # an attribute of its own, not the end of `data-tabindex`
            kept[-1] = kept[-1].rstrip()
        else:
            kept.append(attribute)
        kept.append(part)
    return "".join(kept)
