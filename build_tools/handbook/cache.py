"""Where the handbook is kept and when it is made: the cache of finished handbooks (one per
language and brand, keyed by everything it is made from), the cache of laid-out parts they
are joined from, and the handbook as a job for the build's PDF workers.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import pdf_build
from ..brand import Brand
from ..loader import Project
from ..pdf_build import PdfCache, PdfRenderError, PoolJob, package_fingerprint
from .cover import edition_line
from .source import HandbookSource


def handbook_cache_key(project: Project, language: str, brand: Brand,
                       source: HandbookSource) -> str:
    """Everything the handbook is made from: package, brand, kits, tips, pages and settings."""
    digest = hashlib.sha256()
    for part in (package_fingerprint(), language, brand.cache_key, repr(source),
                 repr(project.settings), edition_line(language)):  # the cover's month
        digest.update(part.encode() + b"\0")
    for path in sorted([*(kit.path for kit in project.kits), *(tip.path for tip in project.tips),
                        *source.docs_dir.rglob("*.md")]):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    locales = project.settings.locales_dir
    if locales.is_dir():
        for path in sorted(locales.glob("*.yml")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class HandbookEntry:
    """A handbook's place in the cache, `<cache>/handbook/<key>.pdf`, the pointer that names
    the entry last made for its language and brand (an older one is then removed), and the
    laid-out parts it was joined from (`<cache>/handbook/parts/`, listed per language and
    brand in `parts-<group>`: a part no current handbook uses is removed)."""

    folder: Path
    key: str
    group: str

    @property
    def path(self) -> Path:
        return self.folder / f"{self.key}.pdf"

    @property
    def parts(self) -> Path:
        return self.folder / "parts"

    def render(self, project: Project, language: str, brand: Brand, source: HandbookSource,
               *, reuse: bool = True) -> None:
        """Lay the handbook out (its unchanged parts from the cache) and join it under a
        temporary name, then rename: never half a handbook."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{self.key}.{os.getpid()}.partial"
        used: set[str] = set()
        from . import render  # in the worker only: the build itself never loads WeasyPrint

        try:
            render.render_handbook_file(project, language, brand, source=source,
                                        target=partial, parts_dir=self.parts, used=used,
                                        reuse=reuse)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        (self.folder / f".{self.key}.parts").write_text("\n".join(sorted(used)))
        partial.replace(self.path)

    def supersede(self) -> None:
        """Record this entry as its language's and brand's, and remove the one it replaces
        and the parts only that one used."""
        pointer = self.folder / f"current-{self.group}"
        previous = pointer.read_text().strip() if pointer.is_file() else ""
        if previous and previous != self.key:
            (self.folder / f"{previous}.pdf").unlink(missing_ok=True)
        pointer.write_text(self.key)
        listing = self.folder / f".{self.key}.parts"
        current = self.folder / f"parts-{self.group}"
        before = set(current.read_text().split()) if current.is_file() else set()
        if listing.is_file():
            listing.replace(current)
        in_use = {key for listed in self.folder.glob("parts-*")
                  for key in listed.read_text().split()}
        now = time.time()
        for path in self.parts.glob("*.*") if self.parts.is_dir() else []:
            if path.suffix not in (".pdf", ".json") or path.stem in in_use:
                continue
            # What the previous handbook of this language and brand used goes now; a part
            # no handbook lists (a build stopped halfway) after the PDF cache's grace period.
            # Never another language's parts: its handbook may be in the middle of a render.
            try:
                stale = path.stem in before or now - path.stat().st_mtime > (
                    PdfCache.UNUSED_DAYS * 86400)
            except OSError:
                continue
            if stale:
                path.unlink(missing_ok=True)


def handbook_entry(project: Project, language: str, brand: Brand, source: HandbookSource,
                   cache_dir: Path) -> HandbookEntry:
    group = hashlib.sha256(f"{language}/{brand.cache_key}".encode()).hexdigest()[:16]
    return HandbookEntry(cache_dir / "handbook", handbook_cache_key(project, language, brand,
                                                                     source), group)


def cached_handbook(project: Project, language: str, brand: Brand, *, source: HandbookSource,
                    cache_dir: Path, use_cache: bool = True) -> Path:
    """The handbook's PDF in the cache, rendered here if missing (`gesprekskit export`)."""
    entry = handbook_entry(project, language, brand, source, cache_dir)
    if not (use_cache and entry.path.is_file()):
        entry.render(project, language, brand, source, reuse=use_cache)
        entry.supersede()
    return entry.path


def render_into_cache(project: Project, *, language: str, brand: Brand, source: HandbookSource,
                      entry: HandbookEntry, reuse: bool = True) -> None:
    """The handbook's job in a PDF worker (see `handbook_job`): render it and store it. A guide
    page the site refuses too stops the build with the page's located error."""
    from .content import GuidePageError

    try:
        entry.render(project, language, brand, source, reuse=reuse)
    except GuidePageError as error:
        raise PdfRenderError(str(error)) from None


#: The handbook may take this long per kit beyond the usual limit of a PDF job: it takes about
#: 3 s of CPU per kit, and a shared machine under heavy load gives a niced build a twentieth
#: of a core (the limit is wall time: a render that hangs must be stopped too).
SECONDS_PER_KIT = 60


def handbook_job(project: Project, language: str, brand: Brand, *, source: HandbookSource,
                 cache_dir: Path, use_cache: bool,
                 ready: Callable[[Path], None]) -> PoolJob | None:
    """The handbook as a job for the PDF workers, rendered beside the kits' sheets; None when
    the cache holds it already (then `ready` has been called with its path)."""
    entry = handbook_entry(project, language, brand, source, cache_dir)
    if use_cache and entry.path.is_file():
        ready(entry.path)
        return None

    def finished() -> None:
        entry.supersede()
        ready(entry.path)

    return PoolJob(f"the handbook ({language})",
                   partial(render_into_cache, language=language, brand=brand, source=source,
                           entry=entry, reuse=use_cache),
                   finished, time_limit=pdf_build.RENDER_TIMEOUT_SECONDS
                   + SECONDS_PER_KIT * len(project.kits))
