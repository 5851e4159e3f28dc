"""The anchors (`#id`) each page of the guide has, to check the fragment of a link.

A written page's anchors are its headings' ids as MkDocs makes them (Python-Markdown's `toc`,
with the `slugify` and `separator` of mkdocs.yml's `markdown_extensions`), ids set with
`attr_list` (`{#id}`) and ids in its raw HTML; a generated page's are the ids of its HTML.
Every language's version of a page counts (a text's link is checked once, not per language),
so a warning means no version of the page has the anchor. Each page is read once, and only
when a link names an anchor in it: the check stays cheap for a large guide.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown as python_markdown

#: An id in rendered HTML (headings, `attr_list`, raw HTML) or an old-style named anchor.
_ID = re.compile(r'\b(?:id|name)="([^"]*)"')
#: YAML front matter, which MkDocs reads apart (Python-Markdown would see a heading in it).
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)
#: The toc options that change a heading's id; the others (permalink, ...) change no id.
_ID_OPTIONS = ("slugify", "separator")


def html_ids(html: str) -> frozenset[str]:
    """The ids an HTML text holds."""
    return frozenset(_ID.findall(html))


def toc_options(config: dict[str, Any]) -> dict[str, Any]:
    """The `toc` options of mkdocs.yml's `markdown_extensions` that decide a heading's id.
    A `slugify` named by `!!python/name:module.function` is imported; one that cannot be is
    left out (the default slugify then gives ids that may differ: a warning too many at worst
    is not worth a failing check)."""
    options: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or []:
        if not isinstance(item, dict) or not isinstance(item.get("toc"), dict):
            continue
        for key, value in item["toc"].items():
            if key == "separator" and isinstance(value, str):
                options[key] = value
            elif key == "slugify":
                function = _imported(value)
                if function is not None:
                    options[key] = function
    return options


def _imported(name: Any) -> Callable[..., str] | None:
    if callable(name):
        return name
    if not isinstance(name, str) or "." not in name:
        return None
    module, _, attribute = name.rpartition(".")
    try:
        function = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        return None
    return function if callable(function) else None


def markdown_ids(text: str, options: dict[str, Any]) -> frozenset[str]:
    """The ids MkDocs gives a Markdown page: its headings' and every id its HTML sets."""
    converter = python_markdown.Markdown(
        extensions=["toc", "attr_list", "md_in_html"],
        extension_configs={"toc": {key: options[key] for key in _ID_OPTIONS if key in options}})
    return html_ids(converter.convert(_FRONT_MATTER.sub("", text, count=1)))


class PageAnchors:
    """The anchors of the guide's pages, each page read on first use.

    `written`: a page (src_uri) → its files (every language); `generated`: a page → a function
    that renders its HTML in every language. A page in neither: not known, not checked."""

    def __init__(self, written: dict[str, list[Path]],
                 generated: dict[str, Callable[[], Iterable[str]]],
                 options: dict[str, Any] | None = None) -> None:
        self.written = written
        self.generated = generated
        self.options = options or {}
        self._known: dict[str, frozenset[str] | None] = {}

    def __call__(self, src_uri: str) -> frozenset[str] | None:
        """The anchors of a page, or None when the page's anchors are not known."""
        if src_uri not in self._known:
            self._known[src_uri] = self._read(src_uri)
        return self._known[src_uri]

    def _read(self, src_uri: str) -> frozenset[str] | None:
        if src_uri in self.written:
            ids: set[str] = set()
            for path in self.written[src_uri]:
                try:
                    ids |= markdown_ids(path.read_text(encoding="utf-8-sig"), self.options)
                except (OSError, UnicodeDecodeError):  # reported by the page checks
                    return None
            return frozenset(ids)
        if src_uri in self.generated:
            try:
                return frozenset().union(*(html_ids(html) for html in self.generated[src_uri]()))
            except Exception:  # noqa: BLE001 - the build reports a page it cannot render;
                return None  # this check only says nothing of its anchors
        return None
