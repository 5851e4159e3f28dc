"""What the site publishes of the workshops: every sheet of every workshop in each language,
rendered by the kits' PDF workers (as ``pdf_build.PoolJob``s) and cached like the kits' sheets.

A workshop's entry is keyed by everything its sheets are made from: the workshop file, the
cache keys of the kits it uses (their files, tips, labels, fonts, the package and the brand)
and the fonts of its own texts. The files are named and placed as the kits' downloads are:
``downloads/<workshop-id>/<workshop-id>-<sheet>.pdf``.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from .. import pdf_build
from ..brand import Brand
from ..downloads import RenderedSheet, site_path
from ..loader import Project
from ..pdf_build import PdfCache, PdfRenderError, PoolJob, kit_cache_key
from ..workshop_model import Workshop
from .content import available_sheets
from .fonts import missing_characters, workshop_font_plan

#: Workshop entries live beside the kits' in the same cache folder, apart from them.
CACHE_SUBFOLDER = "workshops"


def project_workshops(project: Project) -> list[Workshop]:
    return list(getattr(project, "workshops", None) or [])


def workshop_cache_key(project: Project, workshop: Workshop, language: str, brand: Brand) -> str:
    """Everything one workshop's sheets in one language and brand depend on."""
    digest = hashlib.sha256(b"workshop\0")
    for part in (pdf_build.package_fingerprint(), language, brand.cache_key, workshop.id):
        digest.update(part.encode() + b"\0")
    digest.update(workshop.path.read_bytes())
    for kit_id in workshop.kit_ids():
        digest.update(kit_cache_key(project, project.kit(kit_id), language, brand).encode())
    digest.update(workshop_font_plan(project, workshop, language, brand).fingerprint.encode())
    return digest.hexdigest()


def _render_into_cache(project: Project, *, workshop_id: str, language: str, brand: Brand,
                       cache_root: Path, key: str) -> None:
    """A workshop's job in a PDF worker: render its sheets and store them. A sheet no layout
    holds stops the build with its located message (a refused file and a card no layout holds
    are caught by type in `pdf_build.render_languages`)."""
    from .render import WorkshopSheetDoesNotFit, render_workshop

    try:
        sheets = render_workshop(project, project.workshop(workshop_id), language=language,
                                 brand=brand)
    except WorkshopSheetDoesNotFit as error:
        raise PdfRenderError(str(error)) from None
    PdfCache(cache_root).put(key, sheets)


class WorkshopDownloads:
    """Every sheet of every workshop, per language, for one build: the workshops whose entry
    is not in the cache as jobs for the kits' PDF workers (`jobs`), and once they ran, the
    files the site publishes (`sheets`)."""

    def __init__(self, project: Project, languages: list[str], brand: Brand, cache_dir: Path,
                 *, use_cache: bool = True) -> None:
        self.project, self.languages, self.brand = project, languages, brand
        self.workshops = project_workshops(project)
        if self.workshops:  # never a box for a character: refused before anything renders
            report = missing_characters(project, self.workshops, languages, brand)
            if report.errors:
                raise PdfRenderError(report.format(project.settings.root))
        self.cache = PdfCache(cache_dir / CACHE_SUBFOLDER)
        self.names = {workshop.id: [sheet.name for sheet in available_sheets(project, workshop)]
                      for workshop in self.workshops}
        self.keys = {(language, workshop.id): workshop_cache_key(project, workshop, language,
                                                                 brand)
                     for language in languages for workshop in self.workshops}
        self.missing = [job for job, key in self.keys.items()
                        if not use_cache or self.cache.get(key, self.names[job[1]]) is None]

    def jobs(self) -> list[PoolJob]:
        """The workshops to render, the biggest files first (the pool starts the longest jobs
        first); each one's entry becomes current only once it is complete."""
        order = sorted(self.missing, key=lambda job: -self.project.workshop(job[1]).path.stat()
                       .st_size)
        return [PoolJob(f"workshop '{workshop_id}' ({language})",
                        partial(_render_into_cache, workshop_id=workshop_id, language=language,
                                brand=self.brand, cache_root=self.cache.root,
                                key=self.keys[language, workshop_id]),
                        partial(self.cache.supersede, f"workshop-{workshop_id}", language,
                                self.brand, self.keys[language, workshop_id]))
                for language, workshop_id in order]

    def sheets(self) -> dict[str, list[RenderedSheet]]:
        """The files the site publishes, per language: call once the jobs have run."""
        if self.missing:  # a build that rendered no workshop has nothing to tidy
            self.cache.prune_unused()
        result: dict[str, list[RenderedSheet]] = {language: [] for language in self.languages}
        for (language, workshop_id), key in self.keys.items():
            entry = self.cache.get(key, self.names[workshop_id])
            if entry is None:
                raise PdfRenderError(f"the PDF cache entry of workshop '{workshop_id}' "
                                     f"disappeared during the build ({self.cache.folder(key)}); "
                                     "build again")
            result[language] += [RenderedSheet(workshop_id, name, site_path(workshop_id, name),
                                               path, path.stat().st_size)
                                 for name, path in entry.items()]
        return result
