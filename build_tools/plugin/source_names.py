"""MkDocs' link warnings, naming the file the author wrote.

An edition's page comes from the file of its language (`index.en.md` serves `index.md` in the
English site), but MkDocs names a page by its place in the site: "Doc file 'index.md' contains
a link ..." sends the author to the Dutch file, which has no such link. This filter puts the
real file's name in MkDocs' page warnings, before any handler (or a forked build's forwarding)
sees them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

#: The logger of MkDocs' page checks (links, anchors); its messages start "Doc file 'URI' ...".
PAGES_LOGGER = "mkdocs.structure.pages"
_DOC_FILE = re.compile(r"^Doc file '([^']*)'")


class SourceNames(logging.Filter):
    """Renames "Doc file 'page.md'" to the file the page was read from, per edition."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: Mapping[str, str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if self.sources and isinstance(record.msg, str):
            match = _DOC_FILE.match(record.msg)
            source = self.sources.get(match.group(1)) if match else None
            if source is not None:
                record.msg = f"Doc file '{source}'{record.msg[match.end():]}"  # type: ignore[union-attr]
        return True


_FILTER = SourceNames()


def name_sources(sources: Mapping[str, str]) -> None:
    """From now on in this process, a page in `sources` (site path → file it is read from,
    both relative to docs_dir) is named by its file; one filter, whatever the builds."""
    _FILTER.sources = dict(sources)
    logger = logging.getLogger(PAGES_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
