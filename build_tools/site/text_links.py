"""Relative links of kit, tip and workshop texts on the site's generated pages.

A text is written for its own page (see `build_tools/text_links.py`) but may be shown on
another one (a kit's question in the question bank, on a workshop page). Each text is found
by identity: `text_homes` maps every text object of the project to its page, so a template
needs no extra argument and a text shown anywhere keeps its links. The link to a page is
made by the page's own link function: the same URL form (`.html` or a folder) and language
as the template's links. A link that leads nowhere is shown as its text (it was warned of).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from ..text import LocalizedText
from ..text_links import HREF_ATTRIBUTE, LINK_ELEMENT, TextLinks, is_relative



def _texts(value: Any) -> list[LocalizedText]:
    """Every LocalizedText inside a model, its lists and mappings."""
    found: list[LocalizedText] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, LocalizedText):
            found.append(item)
        elif isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def text_homes(project: Any, links: TextLinks, workshop_page: Callable[[str], str]
               ) -> dict[int, str]:
    """id(text) → the page the text is written for (its kit's, the tips page, its workshop's).
    The texts live as long as the project, so their ids stay theirs."""
    homes: dict[int, str] = {}
    for kit in project.kits:
        homes.update((id(text), links.kit_home(kit.id)) for text in _texts(kit.document))
    for tip in project.tips:
        homes.update((id(text), links.tips_page) for text in _texts(tip.document))
    for workshop in project.workshops:
        page = workshop_page(workshop.id)
        homes.update((id(text), page) for text in _texts(workshop.document))
    return homes


def relink(rendered: str, home: str, page: str, link: Callable[[str], str],
           links: TextLinks) -> Markup:
    """`rendered` (a text's HTML, written for `home`) as shown on `page`: each relative link
    made the site's link to its target, or its text alone when there is none."""
    if "<a" not in rendered:
        return Markup(rendered)

    def replace(match: re.Match[str]) -> str:
        attributes, inner = match.group(1), match.group(2)
        found = HREF_ATTRIBUTE.search(attributes)
        if found is None or not is_relative(html.unescape(found.group(1))):
            return match.group(0)
        target = links.target(found.group(1), home)
        if target is None:
            return inner
        if target.src_uri == page and target.fragment:
            url = ""
        elif target.is_page:
            url = link(target.src_uri)
        else:  # a published file: the page link's form without the page suffix
            url = link(target.src_uri + ".md").removesuffix(".html").removesuffix("/")
        url += "#" + target.fragment if target.fragment else ""
        new_href = 'href="' + html.escape(url, quote=True) + '"'
        return f"<a{attributes.replace(found.group(0), new_href)}>{inner}</a>"

    return Markup(LINK_ELEMENT.sub(replace, rendered))
