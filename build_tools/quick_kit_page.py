"""The edited kit's page, at once: what `gesprekskit serve` shows within seconds of a save.

A full build of a guide of 200 kits takes many seconds however little changed (MkDocs renders
every page, and the search index, each time). After a save that changed kit files only, serve
first renders just those kits' pages (every language) from the project it already holds and
publishes a copy of the served site with those pages replaced; the full build then follows and
brings the overview, navigation titles, search and PDFs up to date. Anything else (a new or
removed kit, a tip, a guide page, mkdocs.yml, a kit with an error) goes straight to the full
build, which reports problems as before.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path

from .downloads import download_label, format_size, paper_label, site_path
from .loader import YAML_SUFFIXES, Project, read_kit_file
from .model import Kit
from .site.languages import language_root, link_from_page
from .site.pages import DownloadLink, GeneratedPage, PageRenderer, SiteLayout
from .sheets.registry import COMPLETE, SHEET_TYPES

#: The part of a Material page that holds the page's own content.
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)


class NotQuick(Exception):
    """This change needs the full build."""


def changed_kits(project: Project, paths: set[Path]) -> list[Path]:
    """The changed files, if every one is an existing kit of the project; else NotQuick.
    Files in the kits folder that the loader skips (an editor's backup `kit.yml~`, its lock
    `.#kit.yml`, vim's probe `4913`) are no change to the guide."""
    kits_path = project.settings.kits_path.resolve()
    known = {kit.id for kit in project.kits}
    kits = []
    for path in paths:
        path = path.absolute()
        skipped = path.name.startswith(".") or path.suffix.lower() not in YAML_SUFFIXES
        if path.parent.resolve() == kits_path and skipped:
            continue
        path = path.resolve()
        if path.parent != kits_path or skipped or path.stem not in known or not path.is_file():
            raise NotQuick(str(path))
        kits.append(path)
    if not kits:
        raise NotQuick("nothing changed")
    return kits


def with_kit(project: Project, kit: Kit) -> Project:
    """The project with one kit replaced: the copy derives its own tip links."""
    kits = [kit if old.id == kit.id else old for old in project.kits]
    return dataclasses.replace(project, kits=kits)


def _page_url(src_uri: str, directory_urls: bool) -> str:
    stem = src_uri.removesuffix(".md")
    return stem + "/" if directory_urls else stem + ".html"


def _page_file(site: Path, url: str, language_prefix: str) -> Path:
    relative = language_prefix + (url + "index.html" if url.endswith("/") else url)
    return site / relative


def _relative(target: str, page_url: str) -> str:
    """MkDocs' get_relative_url, for two paths from the same site root."""
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) or "."
    relative = posixpath.relpath(target, base)
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def _downloads(kit: Kit, site: Path, language: str, default: str, page_url: str,
               project: Project) -> list[DownloadLink]:
    """The kit's sheets as the served site has them (their new renders follow with the build)."""
    context = project.settings.context(language)
    links = []
    for sheet in [*(sheet.name for sheet in SHEET_TYPES), COMPLETE]:
        in_site = site_path(kit.id, sheet, None if language == default else language)
        file = site / in_site
        if not file.is_file():
            continue
        url = (_relative(in_site, page_url) if language == default
               else link_from_page(page_url, in_site, language, default))
        links.append(DownloadLink(download_label(sheet, context), paper_label(sheet, context),
                                  format_size(file.stat().st_size, context), url,
                                  context.translate(f"download_use.{sheet}")))
    return links


def render_kit_pages(project: Project, kit_files: list[Path], site: Path,
                     layouts: dict[str, SiteLayout] | None = None) -> dict[Path, str]:
    """The new HTML of each edited kit's page in every language: the served page with its
    article replaced. NotQuick when a kit has errors, or a page is not where it should be.
    `layouts` are the last full build's, per language (they know its calendar files)."""
    settings = project.settings
    for path in kit_files:
        kit, report = read_kit_file(path, settings)
        if kit is None or report.errors:
            raise NotQuick(f"{path.name} has errors")
        project = with_kit(project, kit)
    layout = SiteLayout(kits_section=settings.kits_section)
    default = settings.default_language
    pages: dict[Path, str] = {}
    for language in settings.language_codes:
        context = settings.context(language)
        layout = (layouts or {}).get(language, layout)
        renderer = PageRenderer(project, layout, context)
        for path in kit_files:
            kit = project.kit(path.stem)
            page = GeneratedPage(layout.kit_page(kit.id), context.text(kit.document.title), "kit",
                                 kit.id)
            url = _page_url(page.src_uri, settings.directory_urls)
            file = _page_file(site, url, language_root(language, default))
            try:
                served = file.read_text(encoding="utf-8")
            except OSError:
                raise NotQuick(f"{file} is not in the served site") from None

            def link(src_uri: str, url: str = url) -> str:
                return _relative(_page_url(src_uri, settings.directory_urls), url)

            downloads = {kit.id: _downloads(kit, site, language, default, url, project)}
            content = renderer.render(page, link, downloads)
            match = _ARTICLE.search(served)
            if match is None:
                raise NotQuick(f"{file} has no article to replace")
            pages[file] = served[:match.start(2)] + "\n" + content + "\n" + served[match.end(2):]
    return pages


def linked_copy(source: Path, target: Path, replaced: dict[Path, str]) -> None:
    """`source` again at `target`, its files hard-linked (a site of thousands of files in a
    fraction of a second), with the `replaced` files written anew."""
    for folder, _, files in os.walk(source):
        here = Path(folder)
        there = target / here.relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in files:
            if here / name not in replaced:
                os.link(here / name, there / name)
    for path, text in replaced.items():
        (target / path.relative_to(source)).write_text(text, encoding="utf-8")
