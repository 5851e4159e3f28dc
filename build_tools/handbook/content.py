"""What the printed handbook holds, gathered from the model: the guide's own pages in navigation
order, every kit, every tip and the names of each kit's worksheets.

Knows nothing of MkDocs: it takes the `nav` and Markdown settings of mkdocs.yml as plain data,
so the CLI, the build and (later) the guide plan can all hand them in.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown as python_markdown
from markupsafe import Markup

from ..downloads import SHEET_PAPER, download_label, paper_label
from ..i18n import available_languages
from ..loader import Project
from ..model import Kit, Tip
from ..sheets.project_urls import project_file_url
from ..site.front_matter import front_matter_yaml_problem
from ..site.guide_pages import (front_matter_problem, guide_page_error,
                                guide_page_work_problem, page_problem_message, sanitize_guide_page,
                                title_from_file_name, title_from_html)
from ..site.languages import choose_content
from ..site.pages import SiteLayout, sorted_kits, sorted_tips
from .links import Anchors, Linker, kit_anchor, tip_anchor

#: Generated pages of the site that the handbook leaves out: they restate the kits.
SKIPPED_GENERATED = ("question_bank_page", "cycle_page")
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(---|\.\.\.)\s*\n", re.S)
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
_ID = re.compile(r'\bid="([^"]*)"')
_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


@dataclass(frozen=True)
class MarkdownSettings:
    """mkdocs.yml's `markdown_extensions`, as plain data."""

    extensions: tuple[Any, ...] = ("admonition", "def_list", "attr_list", "tables", "toc")
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class NavEntry:
    """One entry of the guide's navigation, flattened: its title, page (if any) and depth."""

    title: str | None
    src_uri: str | None
    depth: int


@dataclass
class GuidePage:
    """A hand-written page, rendered and sanitised as the site shows it."""

    anchor: str
    title: str
    body: Markup


@dataclass
class SheetReference:
    label: str
    paper: str
    file_name: str
    url: str | None


@dataclass
class Chapter:
    """One entry of the handbook in reading order: a guide page, a kit or the tips."""

    kind: str  # "page", "section" (a heading in the contents only), "kits_heading", "kit", "tips"
    anchor: str
    title: str
    page: GuidePage | None = None
    kit: Kit | None = None
    sheets: list[SheetReference] = field(default_factory=list)
    tips: list[Tip] = field(default_factory=list)  # the tips chapter's, or a kit's own
    depth: int = 0  # inside a section of the nav


def flatten_nav(nav: list[Any] | None, depth: int = 0) -> list[NavEntry]:
    """mkdocs.yml's nav as a list: `- Title: page.md`, `- page.md` and sections."""
    entries: list[NavEntry] = []
    for item in nav or []:
        if isinstance(item, str):
            entries.append(NavEntry(None, item, depth))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    entries.append(NavEntry(str(title), None, depth))
                    entries += flatten_nav(value, depth + 1)
                elif isinstance(value, str) and "://" not in value:
                    entries.append(NavEntry(str(title), value, depth))
    return entries


def _images(body: str, page_uri: str, docs_dir: Path, project_root: Path) -> str:
    """Pictures by their project address (the sanitiser kept only images inside the guide)."""
    def image(match: re.Match[str]) -> str:
        source = (docs_dir / posixpath.dirname(page_uri) / unquote(match.group(2))).resolve()
        if not source.is_file() or not source.is_relative_to(docs_dir.resolve()):
            return match.group(1) + match.group(3)  # a missing picture is left out, not fetched
        return match.group(1) + project_file_url(project_root, source) + match.group(3)

    return _IMG_SRC.sub(image, body)


class GuidePageError(Exception):
    """A content page cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class _PageFile:
    """What the site's page checks read of a file (the attributes of MkDocs' `File`)."""

    src_uri: str
    abs_src_path: str


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, Markdown) as MkDocs reads a page; front matter that is not a mapping is
    left in the text, as MkDocs leaves it."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(0).strip().strip("-.").strip()) or {}
    except yaml.YAMLError:
        return {}, text
    return (meta, text[match.end():]) if isinstance(meta, dict) else ({}, text)


def render_guide_page(path: Path, src_uri: str, settings: MarkdownSettings,
                      docs_dir: Path | None = None) -> tuple[str, str | None]:
    """A content page as sanitised HTML (as the site shows it) and its title: the front
    matter's, else its first heading's. A page the site would refuse raises GuidePageError."""
    full = path.read_text(encoding="utf-8-sig")
    broken = front_matter_yaml_problem(full)
    if broken is not None:
        raise GuidePageError(page_problem_message(str(docs_dir or path.parent), src_uri, broken))
    meta, text = split_front_matter(full)
    problem = front_matter_problem(meta) or guide_page_work_problem(text)
    if problem is not None:
        raise GuidePageError(guide_page_error(str(docs_dir or path.parent), _PageFile(
            src_uri, str(path)), text, problem))
    converter = python_markdown.Markdown(extensions=list(settings.extensions),
                                         extension_configs=settings.configs)
    clean = sanitize_guide_page(converter.convert(text), src_uri)
    title = meta.get("title")
    return clean, str(title) if isinstance(title, (str, int, float)) else title_from_html(clean)


def guide_pages(docs_dir: Path, nav: list[Any] | None, language: str, default_language: str,
                languages: list[str]) -> list[tuple[NavEntry, str]]:
    """(nav entry, file to read) for every hand-written page, in navigation order, in this
    language (its translation, or else the default language's file)."""
    known = sorted(set(languages) | set(available_languages()))
    uris = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    chosen = {choice.src_uri: choice.source_uri
              for choice in choose_content(uris, language, default_language, known)}
    entries = flatten_nav(nav) if nav else [NavEntry(None, uri, 0) for uri in
                                            sorted(chosen, key=lambda uri: (uri != "index.md", uri))]
    return [(entry, chosen.get(entry.src_uri or "", "")) for entry in entries]


@dataclass
class HandbookChapters:
    """The chapters, and how links in kit and tip texts find them (`links.Linker`)."""

    chapters: list[Chapter]
    linker: Linker
    online_only: str


def gather_chapters(project: Project, language: str, **options: Any) -> list[Chapter]:
    """The handbook's chapters in reading order (see `gather_handbook`)."""
    return gather_handbook(project, language, **options).chapters


def _deduplicated(entries: list[tuple[NavEntry, str]]) -> list[tuple[NavEntry, str]]:
    """The nav with each page once: a page the nav lists twice is one chapter, where it
    first comes (a second entry would make a second chapter with the same anchor)."""
    seen: set[str] = set()
    kept = []
    for entry, source in entries:
        if entry.src_uri is not None:
            uri = posixpath.normpath(entry.src_uri)
            if uri in seen:
                continue
            seen.add(uri)
            entry = NavEntry(entry.title, uri, entry.depth)
        kept.append((entry, source))
    return kept


def gather_handbook(project: Project, language: str, *, docs_dir: Path, nav: list[Any] | None,
                    languages: list[str], markdown: MarkdownSettings,
                    layout: SiteLayout) -> HandbookChapters:
    """The handbook's chapters in reading order: the guide as its navigation orders it, with
    the kits where the site lists its conversations and the tips where it lists its tips."""
    default = project.settings.default_language
    context = project.settings.context(language)
    generated = {layout.overview_page: "kits", layout.tips_page: "tips",
                 **{getattr(layout, name): "skip" for name in SKIPPED_GENERATED}}
    all_entries = guide_pages(docs_dir, nav, language, default, languages)
    entries = _deduplicated(all_entries)
    rendered: dict[str, tuple[str, str]] = {}  # src_uri → (body, title), in reading order
    kits_met = False  # the first page of the kits' section stands for the kits
    for entry, source in entries:
        kind = generated.get(entry.src_uri or "")
        in_kits = kind == "kits" or bool(entry.src_uri and entry.src_uri.startswith(
            layout.kits_section + "/"))
        if in_kits and not kits_met:
            kits_met = True
            continue
        if kind is None and entry.src_uri and source:
            body, heading = render_guide_page(docs_dir / source, entry.src_uri, markdown, docs_dir)
            title = heading or entry.title or title_from_file_name(Path(entry.src_uri).name)
            if heading:  # the page's own title becomes the chapter's heading
                body = _FIRST_H1.sub("", body, count=1)
            rendered[entry.src_uri] = body, title
    kits, tips = sorted_kits(project, context), sorted_tips(project.tips, context)
    anchors = Anchors({"contents", "kits", "tips", *(kit_anchor(kit.id) for kit in kits),
                       *(tip_anchor(tip.id) for tip in tips)})
    for uri in rendered:
        anchors.add_page(uri)
    for uri, (body, _) in rendered.items():  # every id inside a page, unique in the handbook
        for heading_id in _ID.findall(body):
            anchors.add_heading(uri, heading_id)
    site_pages = {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")}
    site_pages |= {uri for entry, _ in all_entries if (uri := entry.src_uri)}
    site_pages |= {layout.overview_page, layout.tips_page, layout.finder_page,
                   layout.workshops_page, *(getattr(layout, name) for name in SKIPPED_GENERATED)}
    linker = Linker(anchors, layout, frozenset(kit.id for kit in kits),
                    frozenset(tip.id for tip in tips), frozenset(site_pages))
    online_only = context.translate("handbook.online_only")
    chapters: list[Chapter] = []
    placed: set[str] = set()
    for position, (entry, source) in enumerate(entries):
        kind = generated.get(entry.src_uri or "")
        if entry.src_uri is None and entry.title:  # a section of the nav: a heading in the TOC
            following = entries[position + 1][0].src_uri if position + 1 < len(entries) else None
            if following not in (None, layout.overview_page):  # the kits have a heading already
                chapters.append(Chapter("section", "", entry.title, depth=entry.depth))
            continue
        if kind == "kits" or (kind is None and entry.src_uri and entry.src_uri.startswith(
                layout.kits_section + "/") and "kits" not in placed):
            if "kits" not in placed:
                chapters += _kit_chapters(project, language, layout)
                placed.add("kits")
        elif kind == "tips":
            if "tips" not in placed:
                chapters += _tip_chapters(project, language)
                placed.add("tips")
        elif entry.src_uri in rendered:
            body, title = rendered[entry.src_uri]
            body = _ID.sub(lambda match, uri=entry.src_uri: f'id="{anchors.headings[uri, match.group(1)]}"',
                           body)
            body = linker.relink(body, entry.src_uri, online_only)
            body = _images(body, entry.src_uri, docs_dir, project.settings.root)
            anchor = anchors.pages[entry.src_uri]
            chapters.append(Chapter("page", anchor, title, GuidePage(anchor, title, Markup(body)),
                                    depth=entry.depth))
    if "kits" not in placed:
        chapters += _kit_chapters(project, language, layout)
    if "tips" not in placed:
        chapters += _tip_chapters(project, language)
    # A nav section none of whose pages is in the handbook (the workshops) gets no heading.
    chapters = [chapter for position, chapter in enumerate(chapters)
                if chapter.kind != "section" or (position + 1 < len(chapters)
                                                 and chapters[position + 1].depth > chapter.depth)]
    return HandbookChapters(chapters, linker, online_only)


def _kit_chapters(project: Project, language: str, layout: SiteLayout) -> list[Chapter]:
    context = project.settings.context(language)
    chapters = [Chapter("kits_heading", "kits", context.translate("overview"))]
    for kit in sorted_kits(project, context):
        chapters.append(Chapter("kit", kit_anchor(kit.id), context.text(kit.document.title),
                                kit=kit, sheets=sheet_references(project, kit, language, layout),
                                tips=list(project.tips_of(kit))))
    return chapters


def _tip_chapters(project: Project, language: str) -> list[Chapter]:
    if not project.tips:
        return []
    context = project.settings.context(language)
    return [Chapter("tips", "tips", context.translate("tips_title"),
                    tips=sorted_tips(project.tips, context))]


def sheet_references(project: Project, kit: Kit, language: str,
                     layout: SiteLayout) -> list[SheetReference]:
    """Each worksheet of a kit by name, paper and download file name (and web address when the
    guide has a site_url): the handbook points to them rather than repeating them."""
    from ..downloads import site_path

    settings = project.settings
    context = settings.context(language)
    other = None if language == settings.default_language else language
    references = []
    for sheet in SHEET_PAPER:
        path = site_path(kit.id, sheet, other)
        url = settings.site_url.rstrip("/") + "/" + path if settings.site_url else None
        references.append(SheetReference(download_label(sheet, context), paper_label(sheet, context),
                                         posixpath.basename(path), url))
    return references
