"""Put the generated kit pages into the author's `nav` without making them list every kit."""

from __future__ import annotations

from typing import Any

from .pages import GeneratedPage, SiteLayout


#: Material's feature that writes only the current page's branch of the navigation into a page.
PRUNE_FEATURE = "navigation.prune"


def kits_nav_entries(layout: SiteLayout, pages: list[GeneratedPage]) -> list[Any]:
    """The overview, then every kit; or, in a large guide (see `kit_groups`), the overview and
    one section per group, headed by the group's page and holding its kits."""
    entries: list[Any] = [layout.overview_page]
    groups = [page for page in pages if page.kind == "group"]
    if not groups:
        return entries + [{page.escaped_title: page.src_uri} for page in pages if page.kind == "kit"]
    members: dict[str | None, list[Any]] = {group.group: [group.src_uri] for group in groups}
    for page in pages:
        if page.kind == "kit":
            members[page.group].append({page.escaped_title: page.src_uri})
    return entries + [{group.escaped_title: members[group.group]} for group in groups]


def prune_for_groups(features: list[str], pages: list[GeneratedPage]) -> None:
    """Grouped kits only pay off when each page carries just its own group's kits: Material's
    `navigation.prune` does that. It cannot go with `navigation.expand` (all groups open), so an
    author who asked for that keeps it, and the full navigation in every page."""
    if any(page.kind == "group" for page in pages) and PRUNE_FEATURE not in features and \
            "navigation.expand" not in features:
        features.append(PRUNE_FEATURE)


def expand_kits_nav(nav: list[Any], layout: SiteLayout, pages: list[GeneratedPage]) -> list[Any]:
    """Replace the entry that points at the kits overview with a section of overview plus kits
    (or groups of kits)."""
    kit_entries = kits_nav_entries(layout, pages)

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
