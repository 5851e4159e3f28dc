"""Put the generated kit pages into the author's `nav` without making them list every kit."""

from __future__ import annotations

from typing import Any

from .pages import GeneratedPage, SiteLayout


def expand_kits_nav(nav: list[Any], layout: SiteLayout, pages: list[GeneratedPage]) -> list[Any]:
    """Replace the entry that points at the kits overview with a section of overview plus kits."""
    kit_entries: list[Any] = [layout.overview_page]
    kit_entries += [{page.escaped_title: page.src_uri} for page in pages if page.kind == "kit"]

    def expand(items: list[Any]) -> list[Any]:
        expanded: list[Any] = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                (title, value), = item.items()
                if value == layout.overview_page:
                    expanded.append({title: list(kit_entries)})
                elif isinstance(value, list):
                    expanded.append({title: expand(value)})
                else:
                    expanded.append(item)
            else:
                expanded.append(item)
        return expanded

    return expand(nav)


def translate_nav(nav: list[Any], titles: dict[str, str]) -> list[Any]:
    """The same nav with its section and page titles in another language, where given."""
    translated: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            value = translate_nav(value, titles) if isinstance(value, list) else value
            translated.append({titles.get(title, title): value})
        else:
            translated.append(item)
    return translated
