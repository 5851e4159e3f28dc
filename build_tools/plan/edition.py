"""One edition of the guide: the site of one language (in one brand).

An edition knows everything its site consists of: the generated pages and their HTML, the
title and description of the site, the nav titles, which content file serves each page in its
language, the files it publishes and the PDF links on its kit pages. The site adapter asks;
nothing here knows MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ..downloads import (RenderedSheet, download_label, format_size, paper_label, site_path)
from ..languages import LanguageSpec, fallback_chain
from ..loader import Project
from ..rendering import LanguageContext
from ..site.languages import (ContentChoice, alternate_link, choose_content, double_defaults,
                              language_root, link_from_page)
from ..site.pages import (DownloadLink, GeneratedPage, LinkFunction, PageRenderer, SiteLayout,
                          text_links_of)
from ..text_links import TextLinks
from .publish import PublishedFile

#: Renders a page of a kind the core renderer does not know (a contributed page).
PageHtml = Callable[[GeneratedPage, LinkFunction], str]


def relative_url(url: str, from_url: str) -> str:
    """A link to `url` from the page at `from_url`, both relative to the site root (the rule
    MkDocs applies to its own links, so generated and written pages link alike)."""
    if from_url != ".":
        head, tail = posixpath.split(from_url)
        from_url = head if "." in tail else from_url
    relative = posixpath.relpath("/" + url, "/" + from_url)
    return relative + "/" if url.endswith("/") else relative


def page_address(src_uri: str, directory_urls: bool) -> str:
    """Where MkDocs publishes a page, from the site root: `a/b.md` → `a/b.html`, or `a/b/`
    with directory URLs (`a/index.md` → `a/`, `index.md` → `./`)."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") or "./"
    return stem + "/"


@dataclass(frozen=True)
class LanguageChoice:
    """One entry of the language selector."""

    code: str
    name: str


@dataclass
class Edition:
    """The site of one language: see the module docstring."""

    language: str
    default_language: str
    project: Project
    context: LanguageContext
    spec: LanguageSpec
    layout: SiteLayout
    site_name: str
    #: None keeps the site description of mkdocs.yml.
    site_description: str | None
    #: mkdocs.yml's nav, translated into this language, with the kits filled in (None: none).
    nav: Any
    pages: list[GeneratedPage]
    #: Files published in this edition's site beside the pages (assets, brand, contributions).
    files: list[PublishedFile]
    #: The language selector; empty for a guide in one language.
    selector: list[LanguageChoice]
    #: Every language whose suffix marks a translated content file (`index.en.md`).
    content_languages: list[str]
    #: The brand's logo in the site (header and favicon), or None.
    logo: str | None = None
    page_renderers: dict[str, PageHtml] = field(default_factory=dict)
    #: This language's PDFs, once rendered (see `GuidePlan.render_pdfs`).
    sheets: list[RenderedSheet] = field(default_factory=list)
    #: The printed handbook of this language once published (`plan/features.py`), or None.
    handbook: Any = None
    #: The pages (language neutral) and other files of the content folder, for the links in
    #: kit texts; None: not known.
    guide_pages: frozenset[str] | None = None
    guide_files: frozenset[str] = frozenset()

    @property
    def is_default(self) -> bool:
        return self.language == self.default_language

    @property
    def site_root(self) -> str:
        """Where this edition sits below the guide's root: '' or 'en/'."""
        return language_root(self.language, self.default_language)

    def generated_page(self, src_uri: str) -> GeneratedPage | None:
        return next((page for page in self.pages if page.src_uri == src_uri), None)

    # --- content files ---------------------------------------------------------------------

    def content_choices(self, src_uris: list[str]) -> list[ContentChoice]:
        """For each content page: this language's version, or else the default's."""
        return choose_content(src_uris, self.language, self.default_language,
                              self.content_languages,
                              fallback_chain(self.spec, self.default_language))

    def double_defaults(self, src_uris: list[str]) -> list[tuple[str, str]]:
        """Pages written twice for the default language: (the file used, the one ignored)."""
        return double_defaults(src_uris, self.default_language, self.content_languages)

    # --- links -------------------------------------------------------------------------------

    def sheet_url(self, sheet: RenderedSheet, page_url: str) -> str:
        """The link from a page of this edition to one of its PDFs (published at the guide's
        root, see `GuidePlan.download_files`)."""
        if self.is_default:
            return relative_url(sheet.site_path, page_url)
        return link_from_page(page_url, site_path(sheet.kit_id, sheet.sheet, self.language),
                              self.language, self.default_language)

    def download_links(self, kit_id: str, page_url: str) -> list[DownloadLink]:
        context = self.context
        return [DownloadLink(download_label(item.sheet, context), paper_label(item.sheet, context),
                             format_size(item.size, context), self.sheet_url(item, page_url),
                             context.translate(f"download_use.{item.sheet}"))
                for item in self.sheets if item.kit_id == kit_id]

    def alternate_links(self, page_url: str) -> list[dict[str, str]]:
        """The same page in every language, for the language selector."""
        return [{"name": choice.name, "lang": choice.code,
                 "link": alternate_link(page_url, self.language, choice.code,
                                        self.default_language)}
                for choice in self.selector]

    # --- pages -------------------------------------------------------------------------------

    def page_html(self, page: GeneratedPage, page_url: str,
                  renderer: PageRenderer | None = None) -> str:
        """The HTML body of a generated page at `page_url` (relative to this edition's root):
        its links in the URL form of `page_url` (`x.html`, or `x/` with directory URLs)."""
        directory_urls = page_url == "" or page_url.endswith("/")

        def link(src_uri: str) -> str:
            return relative_url(page_address(src_uri, directory_urls), page_url or ".")

        contributed = self.page_renderers.get(page.kind)
        if contributed is not None:
            return contributed(page, link)
        renderer = renderer or self.renderer()
        owner = page.kit_id or page.workshop_id  # a kit's sheets, or a workshop's
        downloads = {owner: self.download_links(owner, page_url)} if owner else {}
        content = renderer.render(page, link, downloads)
        if page.kind == "overview" and self.handbook is not None:
            content = self.handbook.offer(content, relative_url(self.handbook.site_path, page_url),
                                          self.context)
        return content

    def text_links(self) -> TextLinks:
        """What relative links in kit texts may lead to in this edition."""
        pages = None
        if self.guide_pages is not None:
            pages = self.guide_pages | {page.src_uri for page in self.pages}
        return text_links_of(self.project, self.layout, pages, self.guide_files)

    def renderer(self, bytecode_cache: jinja2.BytecodeCache | None = None) -> PageRenderer:
        """The renderer of the core pages; make one per build, so templates compile once."""
        return PageRenderer(self.project, self.layout, self.context, bytecode_cache,
                            self.text_links())
