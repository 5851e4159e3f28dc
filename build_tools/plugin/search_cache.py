"""Material's search entries of a page, kept between builds while the page stays the same.

Material's search plugin parses every page's HTML with Python's `html.parser` to cut it into
sections: about a third of a whole site build, spent again on every build although most pages
did not change. The entries of a page are a function of what the parser reads (the page's
HTML, table of contents, address, title and front matter) and of Material's version, so they
are kept under a digest of exactly that, one file per edition in the project's cache. A page
that changed is parsed as before; the index written is the same, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.gesprekskit")

#: Under the project's cache folder.
SEARCH_CACHE_DIR = Path("search")
#: Raised when the entries' layout changes, so older files are not read.
CACHE_FORMAT = "1"


def _material_version() -> str:
    try:
        return version("mkdocs-material")
    except PackageNotFoundError:
        return "unknown"


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, item.title, _toc(item.children)] for item in items or []]


def page_key(page: Any, prefix: str) -> str:
    """The digest of everything Material's indexer reads of `page`."""
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    parts = [prefix, page.url, str(page.title), page.content or "",
             json.dumps(meta, sort_keys=True, default=str), json.dumps(_toc(page.toc), default=str)]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


#: The keys of one of Material's search entries, and the types of their values.
_ENTRY_FIELDS = {"location": str, "title": str, "text": str, "tags": list, "boost": (int, float)}


def _well_formed(entries: Any, url: str) -> bool:
    """Cached entries as Material writes them for the page at `url`: anything else in the
    cache file (damaged, or written by someone else) is ignored and the page indexed again,
    so it never reaches the published search index."""
    return isinstance(entries, list) and all(
        isinstance(entry, dict) and {"location", "title", "text"} <= entry.keys()
        and all(name in _ENTRY_FIELDS and isinstance(value, _ENTRY_FIELDS[name])
                and not isinstance(value, bool) for name, value in entry.items())
        and entry["location"].split("#", 1)[0] == url
        for entry in entries)


class SearchEntryCache:
    """Wraps one build's search index: entries of unchanged pages come from the cache file;
    `save` keeps what this build indexed (and nothing of pages that are gone)."""

    def __init__(self, index: Any, path: Path) -> None:
        self.index = index
        self.path = path
        try:
            import jieba  # noqa: F401  (Material segments Chinese text when it is installed)
            segmenter = "jieba"
        except ImportError:
            segmenter = ""
        self.prefix = f"{CACHE_FORMAT}\0{_material_version()}\0{segmenter}\0" + json.dumps(
            {key: index.config.get(key) for key in ("lang", "separator", "pipeline", "fields")},
            sort_keys=True, default=str)
        self.known = self._read()
        self.used: dict[str, list[dict[str, Any]]] = {}
        self.reused = 0
        original = index.add_entry_from_context

        def add_entry_from_context(page: Any) -> None:
            key = page_key(page, self.prefix)
            entries = self.known.get(key)
            if entries is not None and _well_formed(entries, page.url):
                index.entries.extend(json.loads(json.dumps(entries)))  # a copy of its own
                self.reused += 1
            else:
                before = len(index.entries)
                original(page)
                entries = index.entries[before:]
            self.used[key] = entries

        index.add_entry_from_context = add_entry_from_context

    def _read(self) -> dict[str, list[dict[str, Any]]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        """Written whole into a new file and renamed: a build that stops leaves the old one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps(self.used), encoding="utf-8")
            partial.replace(self.path)
        except OSError as error:  # a read-only cache costs speed, never the build
            log.debug(f"search entries not kept: {error}")
        log.debug(f"search entries of {self.reused} of {len(self.used)} page(s) reused")


def attach(config: Any, cache_dir: Path, name: str) -> SearchEntryCache | None:
    """Put the cache in front of the search plugin's index, if Material's search is on."""
    for plugin_name in ("material/search", "search"):
        plugin = config.plugins.get(plugin_name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context") \
                and hasattr(index, "entries"):
            file_name = re.sub(r"[^\w.-]", "_", name) + ".json"
            return SearchEntryCache(index, cache_dir / SEARCH_CACHE_DIR / file_name)
    return None
