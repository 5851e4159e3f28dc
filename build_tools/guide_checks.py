"""The guide's problems beyond single files, and the one rule for strictness.

`gesprekskit validate` and the build (the plugin) both ask here, so validate predicts the build:
the same warnings, the same count, and under strictness the same failure, which the build
reports before it renders anything.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .diagnostics import DiagnosticReport, Location
from .i18n import available_languages
from .loader import Project
from .languages import fallback_chain, missing_labels
from .page_anchors import PageAnchors, toc_options
from .site.languages import choose_content
from .text_links import TextLinks
from .translations import summarise_missing


#: A Markdown or HTML link that names an anchor (`](x.md#a`, `]: x.md#a`, `href="x.md#a`).
_FRAGMENT_LINK = re.compile(r"""\]\([^)\s]*#|^\s*\[[^\]]+\]:\s*\S*#|href=["'][^"']*#""", re.M)


def strict_source(plugin_strict: bool, mkdocs_strict: bool, command_line: bool = False
                  ) -> str | None:
    """Why a build is strict (for the message that says so), or None when it is not.

    One setting decides: `strict` of the gesprekskit plugin, which `--strict` switches on for
    one run. MkDocs' own top-level `strict: true` counts as well, because MkDocs would stop on
    the first of our warnings anyway; saying so up front is kinder than failing at the end.
    """
    if command_line:
        return "--strict"
    if plugin_strict:
        return "strict: true under the gesprekskit plugin in mkdocs.yml"
    if mkdocs_strict:
        return "strict: true in mkdocs.yml"
    return None


def strict_failure(warnings: int, source: str) -> str:
    """The one sentence both validate and build end with when strictness stops them."""
    return (f"{warnings} warning(s), and strict mode ({source}) turns warnings into errors, "
            "so the build stops before rendering anything. Fix the warnings, or turn strict "
            "mode off to build with them (a missing translation then shows the default "
            "language's text).")


def content_pages(docs_dir: Path) -> list[str]:
    """The Markdown files of the guide's own pages, as paths relative to docs_dir."""
    if not docs_dir.is_dir():
        return []
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")
                  if path.is_file())


def content_page_report(docs_dir: Path | None) -> DiagnosticReport:
    """What the build refuses in the guide's own pages before MkDocs reads them (bytes that
    are not UTF-8, front matter that is not YAML), so validate reports it too."""
    from .site.guide_pages import page_text_report

    report = DiagnosticReport()
    for page in content_pages(docs_dir) if docs_dir is not None else []:
        report.extend(page_text_report(docs_dir / page))
    return report


def page_fallbacks(docs_dir: Path, language: str, default_language: str,
                   languages: list[str], fallback: tuple[str, ...] = ()) -> DiagnosticReport:
    """A warning per guide page that has no version in `language` and falls back."""
    report = DiagnosticReport()
    known = sorted(set(languages) | set(available_languages()))
    for choice in choose_content(content_pages(docs_dir), language, default_language, known,
                                 fallback):
        if choice.fallback:
            stem = choice.src_uri.removesuffix(".md")
            report.warning(Location(docs_dir / choice.source_uri),
                           f"no '{language}' version of this page; the '{choice.shown_language}' "
                           "page is shown instead",
                           f"write {docs_dir.name}/{stem}.{language}.md")
    return report


def guide_text_links(project: Project, docs_dir: Path | None) -> TextLinks:
    """What relative links of texts may lead to: the written pages and files of `docs_dir`
    and the generated pages, in every language the guide may have."""
    from .plan.guide import guide_content
    from .site.pages import SiteLayout, planned_page_paths, text_links_of

    settings = project.settings
    layout = SiteLayout(kits_section=settings.kits_section)
    languages = sorted(set(settings.language_codes) | set(available_languages()))
    written, files = guide_content(docs_dir, languages)
    generated = planned_page_paths(project, layout, settings.context(settings.default_language))
    return text_links_of(project, layout, written | generated, files)


def guide_page_anchors(project: Project, docs_dir: Path | None) -> PageAnchors:
    """The anchors of every page a link may lead to, each page read when first asked: the
    written pages (every language's file, headings as mkdocs.yml's `toc` makes their ids)
    and the generated ones (their HTML in every language of the guide)."""
    from .plan.config_file import ConfigFileError, read_config_file
    from .site.languages import split_language
    from .i18n import MissingTranslation
    from .site.pages import PageRenderer, SiteLayout, plan_pages, planned_page_paths

    settings = project.settings
    languages = sorted(set(settings.language_codes) | set(available_languages()))
    written: dict[str, list[Path]] = {}
    for uri in content_pages(docs_dir) if docs_dir is not None else []:
        written.setdefault(split_language(uri, languages)[0], []).append(docs_dir / uri)
    options: dict[str, Any] = {}
    if settings.config_file is not None:
        try:
            options = toc_options(read_config_file(settings.config_file))
        except (ConfigFileError, OSError):  # reported by the checks of mkdocs.yml
            pass
    layout = SiteLayout(kits_section=settings.kits_section)
    renderers: dict[str, PageRenderer] = {}

    def renderer(language: str) -> PageRenderer:
        if language not in renderers:
            renderers[language] = PageRenderer(project, layout, settings.context(language))
        return renderers[language]

    def rendered(src_uri: str) -> Callable[[], Iterable[str]]:
        def every_language() -> Iterator[str]:
            for language in settings.language_codes:
                try:
                    pages = plan_pages(project, layout, settings.context(language))
                except MissingTranslation:  # a language without labels: its own error
                    continue
                for page in pages:
                    if page.src_uri == src_uri:
                        yield renderer(language).render(page, lambda uri: uri)
        return every_language

    generated = {src_uri: rendered(src_uri) for src_uri in planned_page_paths(
        project, layout, settings.context(settings.default_language))}
    return PageAnchors(written, generated, options)


def guide_page_anchor_report(docs_dir: Path | None, links: TextLinks, languages: list[str]
                             ) -> DiagnosticReport:
    """A warning for each link of a written page that names an anchor its target page lacks
    (MkDocs checks that the page exists, but reports a missing anchor only as information):
    at the link's line, with the closest anchor the page has."""
    from .site.languages import split_language
    from .text_links import anchor_hint, is_relative, links_in, missing_anchor

    report = DiagnosticReport()
    for uri in content_pages(docs_dir) if docs_dir is not None else []:
        path = docs_dir / uri
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):  # content_page_report says so
            continue
        if not _FRAGMENT_LINK.search(text):  # most pages: not rendered at all
            continue
        page = split_language(uri, languages)[0]
        for href in dict.fromkeys(links_in(text)):
            if "#" not in href or not is_relative(href):
                continue
            target = links.target(href, page)
            missing = missing_anchor(target, links) if target is not None else None
            if missing is None:
                continue
            report.warning(Location(path, _line_of(text, href)),
                           f"the link '{href}' leads to the anchor '#{missing[0]}', which the "
                           f"page {target.src_uri} does not have",  # type: ignore[union-attr]
                           anchor_hint(href, missing[1]))
    return report


def _line_of(text: str, href: str) -> int | None:
    """The first line of `text` that holds `href` (as written, or its anchor part)."""
    for needle in (href, "#" + href.partition("#")[2]):
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None


def text_link_report(project: Project, docs_dir: Path | None) -> DiagnosticReport:
    """A warning for each relative link in a kit, tip or workshop text that leads to no page
    or file of the guide (text_links.py says what such a link is relative to)."""
    from .site.pages import SiteLayout
    from .downloads import published_downloads
    from .text_links import check_links

    layout = SiteLayout(kits_section=project.settings.kits_section)
    # Links into downloads/ are checked here only: the outputs keep them (a build without
    # PDFs publishes none, yet the link is right).
    links = dataclasses.replace(guide_text_links(project, docs_dir), downloads=published_downloads(
        project, project.settings.language_codes), anchors=guide_page_anchors(project, docs_dir))
    languages = sorted(set(project.settings.language_codes) | set(available_languages()))
    report = guide_page_anchor_report(docs_dir, links, languages)
    default = project.settings.default_language
    check_links([*((kit.source, layout.kit_page(kit.id), "kit") for kit in project.kits),
                 *((tip.source, layout.tips_page, "tip") for tip in project.tips),
                 *((workshop.source, layout.workshop_page(workshop.id), "workshop")
                   for workshop in project.workshops)], links, report,
                [default, *(code for code in project.settings.language_codes if code != default)])
    return report


def guide_report(project: Project, languages: list[str], docs_dir: Path | None,
                 verbose: bool = False) -> DiagnosticReport:
    """Every translation a guide in `languages` lacks: interface labels of the project's label
    files and texts of kits and tips (summarised per file and language unless `verbose`; the
    default language too, whose gaps are filled from another language), and pages."""
    report = DiagnosticReport()
    default = project.settings.default_language
    report.extend(text_link_report(project, docs_dir))
    for language in languages:
        report.extend(missing_labels(project.settings.language(language),
                                     project.settings.locales_dir, verbose))
        report.extend(summarise_missing(project, language, verbose))
        if language != default and docs_dir is not None:
            chain = fallback_chain(project.settings.language(language), default)
            report.extend(page_fallbacks(docs_dir, language, default, languages, chain))
    return report
