"""Where new generated pages and published files plug into every guide plan.

A feature that adds pages (a workshop page, a trigger page) or files (calendar files, a
handbook PDF, a wall planner) appends a function here instead of touching the plan or the
site adapter:

- `PAGE_CONTRIBUTORS`: `(plan, edition) -> [(page, render)]`, called when the plan is made
  (cheap: no rendering). `render(page, link)` returns the page's HTML body, where `link`
  turns a page path (`tips.md`) into a relative link; `None` means a kind the core
  renderer (`site/pages.PageRenderer`) knows.
- `FILE_CONTRIBUTORS`: `(plan, edition) -> [PublishedFile]`, called when the edition's site
  is written (after the PDFs are rendered), so expensive files are made only for a build.
- `PDF_CONTRIBUTORS`: `(plan) -> [PoolJob]`, called once per build when the PDFs are
  rendered: documents the kits' worker pool renders beside their sheets (the handbooks);
  each job's `finished` hands its file to the edition, for its file contributor to publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pdf_build import PoolJob
    from ..site.pages import GeneratedPage
    from .edition import Edition, PageHtml
    from .guide import GuidePlan
    from .publish import PublishedFile

PageContributor = Callable[["GuidePlan", "Edition"],
                           Iterable[tuple["GeneratedPage", "PageHtml | None"]]]
FileContributor = Callable[["GuidePlan", "Edition"], Iterable["PublishedFile"]]
PdfContributor = Callable[["GuidePlan"], Iterable["PoolJob"]]

PAGE_CONTRIBUTORS: list[PageContributor] = []
FILE_CONTRIBUTORS: list[FileContributor] = []
PDF_CONTRIBUTORS: list[PdfContributor] = []
