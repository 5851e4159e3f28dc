"""Which pages the guide generates from the kits, and their HTML.

Knows nothing of MkDocs: it takes the project and a function that turns a page path into a
relative link, so the plugin, the CLI and the tests can all use it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from ..cycle.publish import CycleDownloads
from ..cycle.triggers import group_title, situation_groups
from ..loader import Project
from ..model import Kit, Theme, Tip
from ..rendering import LanguageContext, make_environment
from ..text import LocalizedText
from ..text_links import TextLinks
from . import text_links as site_text_links
from . import workshop_pages
from .guide_pages import escaped_once
from .workshop_pages import sorted_workshops, workshops_using
from .kit_groups import (GROUP_FOLDER, kit_groups, natural_key, sorted_kits,
                         uses_groups)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

LinkFunction = Callable[[str], str]


@dataclass(frozen=True)
class DownloadLink:
    """One sheet offered on a kit page."""

    label: str
    paper: str
    size: str
    url: str
    use: str = ""  # what the sheet is for and when to use it


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: where it goes, its title and how it is rendered."""

    src_uri: str
    title: str
    kind: str
    kit_id: str | None = None
    workshop_id: str | None = None
    group: str | None = None  # the key of its group, in a guide that groups kits (kit_groups)

    @property
    def escaped_title(self) -> str:
        """The title as MkDocs and Material need it (see `escaped_once`)."""
        return escaped_once(self.title)

    def stub_markdown(self) -> str:
        """What MkDocs reads for this page; the HTML body is filled in by `render_page`."""
        return f"---\ntitle: {json.dumps(self.escaped_title, ensure_ascii=False)}\n---\n"


@dataclass(frozen=True)
class SiteLayout:
    """Where the generated pages live in the guide."""

    kits_section: str = "gesprekken"
    tips_page: str = "tips.md"
    question_bank_page: str = "vragenbank.md"
    cycle_page: str = "jaarritme.md"
    workshops_section: str = "workshops"
    finder_page: str = "wat-speelt-er.md"
    #: Issue 18: the calendar files and wall planner of this language, once published.
    cycle: CycleDownloads | None = None

    @property
    def overview_page(self) -> str:
        return f"{self.kits_section}/index.md"

    def kit_page(self, kit_id: str) -> str:
        return f"{self.kits_section}/{kit_id}.md"

    @property
    def workshops_page(self) -> str:
        return f"{self.workshops_section}/index.md"

    def workshop_page(self, workshop_id: str) -> str:
        return f"{self.workshops_section}/{workshop_id}.md"


    def group_page(self, key: str) -> str:
        """An index page, so that Material links the group's title in the navigation to it."""
        return f"{self.kits_section}/{GROUP_FOLDER}/{key}/index.md"


def sorted_tips(tips: list[Tip], context: LanguageContext) -> list[Tip]:
    """Tips with an author-set `order` first, in that order; then the rest by title, naturally."""
    return sorted(tips, key=lambda tip: (tip.document.order or 1000,
                                         natural_key(context.text(tip.document.title))))


def plan_pages(project: Project, layout: SiteLayout, context: LanguageContext) -> list[GeneratedPage]:
    translate = context.translate
    pages = [GeneratedPage(layout.overview_page, translate("overview"), "overview")]
    if uses_groups(project):
        groups = kit_groups(project, context)
        pages += [GeneratedPage(layout.kit_page(kit.id), context.text(kit.document.title), "kit",
                                kit.id, group=group.key) for group in groups for kit in group.kits]
        pages += [GeneratedPage(layout.group_page(group.key), group.title, "group", group=group.key)
                  for group in groups]
    else:
        pages += [GeneratedPage(layout.kit_page(kit.id), context.text(kit.document.title), "kit",
                                kit.id) for kit in sorted_kits(project, context)]
    pages.append(GeneratedPage(layout.tips_page, translate("tips_title"), "tips"))
    pages.append(GeneratedPage(layout.question_bank_page, translate("question_bank"), "question_bank"))
    pages.append(GeneratedPage(layout.cycle_page, translate("cycle"), "cycle"))
    pages.append(GeneratedPage(layout.finder_page, translate("finder_title"), "finder"))
    if project.workshops:  # issue 19: the Workshops section, only when there are workshops
        pages.append(GeneratedPage(layout.workshops_page, translate("workshop_page.section"),
                                   "workshops"))
        pages += [GeneratedPage(layout.workshop_page(workshop.id),
                                context.text(workshop.document.title), "workshop",
                                workshop_id=workshop.id)
                  for workshop in sorted_workshops(project, context)]
    return pages


def planned_page_paths(project: Project, layout: SiteLayout, context: LanguageContext
                       ) -> set[str]:
    """The generated pages' paths (`gesprekken/x.md`), which no interface label decides: for
    a language without labels, its own error in validate, English labels stand in, so the
    checks that need only the paths (the nav, the links of texts) still run."""
    from dataclasses import replace

    from ..i18n import MissingTranslation

    try:
        context.translate
    except MissingTranslation:
        context = replace(context, language="en", fallback=())
    return {page.src_uri for page in plan_pages(project, layout, context)}


def _anchor(text: str) -> str:
    cleaned = "".join(char.lower() if char.isalnum() else "-" for char in text)
    return "-".join(part for part in cleaned.split("-") if part) or "sectie"


def text_links_of(project: Project, layout: SiteLayout,
                  pages: Iterable[str] | None = None, files: Iterable[str] = ()) -> TextLinks:
    """What relative links of texts may point to: `pages` (src_uris, the generated and the
    written ones), or None: not known, every `.md` target taken as written."""
    return TextLinks(layout.kits_section, layout.tips_page,
                     frozenset(pages) if pages is not None else None,
                     frozenset(kit.id for kit in project.kits),
                     frozenset(tip.id for tip in project.tips), frozenset(files))


class PageRenderer:
    """Renders the generated pages of one language."""

    def __init__(self, project: Project, layout: SiteLayout, context: LanguageContext,
                 bytecode_cache: jinja2.BytecodeCache | None = None,
                 text_links: TextLinks | None = None) -> None:
        self.project = project
        self.layout = layout
        self.context = context
        self.text_links = text_links or text_links_of(project, layout)
        self._homes: dict[int, str] | None = None
        #: The page being rendered and its link function, for the texts' links.
        self._page = ""
        self._link: LinkFunction = lambda src_uri: src_uri
        self.environment = make_environment(TEMPLATE_DIR, context, self._relink_text)
        self.environment.bytecode_cache = bytecode_cache

    def _relink_text(self, html: Markup, value: LocalizedText | str) -> Markup:
        """A text's links as seen from the page being rendered (see site/text_links.py)."""
        if "<a" not in html:
            return html
        if self._homes is None:
            self._homes = site_text_links.text_homes(self.project, self.text_links,
                                                     self.layout.workshop_page)
        home = self._homes.get(id(value), self._page)
        return site_text_links.relink(str(html), home, self._page, self._link, self.text_links)

    def render(self, page: GeneratedPage, link: LinkFunction,
               downloads: dict[str, list[DownloadLink]] | None = None) -> str:
        build_context = getattr(self, f"_{page.kind}_context")
        template = {"overview": "overview.html", "kit": "kit.html", "group": "group.html",
                    "tips": "tips.html", "question_bank": "question_bank.html",
                    "cycle": "cycle.html", "finder": "finder.html",
                    "workshops": "workshops.html", "workshop": "workshop.html"}[page.kind]
        values = build_context(page, link)
        self._page, self._link = page.src_uri, link
        if page.kind in ("kit", "workshop"):  # a workshop's sheets are keyed by its id
            values["downloads"] = (downloads or {}).get(page.kit_id or page.workshop_id or "", [])
        return self.environment.get_template(template).render(**values)

    def _kit_link(self, link: LinkFunction, kit: Kit) -> str:
        return link(self.layout.kit_page(kit.id))

    def _overview_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        if not uses_groups(self.project):
            return {"cards": self._cards(link, sorted_kits(self.project, self.context)), "groups": []}
        groups = [{"title": group.title, "url": link(self.layout.group_page(group.key)),
                   "anchor": "groep-" + group.key, "cards": self._cards(link, group.kits)}
                  for group in kit_groups(self.project, self.context)]
        return {"cards": [], "groups": groups}

    def _group_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        group = next(group for group in kit_groups(self.project, self.context)
                     if group.key == page.group)
        return {"title": group.title, "cards": self._cards(link, group.kits),
                "overview_url": link(self.layout.overview_page)}

    def _cards(self, link: LinkFunction, kits: Iterable[Kit]) -> list[dict[str, Any]]:
        return [{"kit": kit, "url": self._kit_link(link, kit), "question_count": len(kit.questions())}
                for kit in kits]

    def _kit_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        kit = self.project.kit(page.kit_id or "")
        tips = [{"tip": tip, "url": link(self.layout.tips_page) + "#" + tip.id} for tip in self.project.tips_of(kit)]
        workshops = [{"workshop": workshop, "url": link(self.layout.workshop_page(workshop.id))}
                     for workshop in workshops_using(self.project, kit.id, self.context)]
        return {"kit": kit, "questions": kit.questions(), "tips": tips, "workshops": workshops,
                "calendar": self._calendar_links(link, kit)}

    def _workshops_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        return workshop_pages.overview_context(
            self.project, self.context,
            lambda workshop: link(self.layout.workshop_page(workshop.id)))

    def _workshop_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        return workshop_pages.workshop_context(
            self.project, self.project.workshop(page.workshop_id or ""), self.context,
            lambda kit: self._kit_link(link, kit),
            lambda tip_id: link(self.layout.tips_page) + "#" + tip_id)

    @staticmethod
    def _file_link(link: LinkFunction, site_path: str) -> str:
        """A relative link to a published file (not a page): `link` makes page links."""
        return link(site_path + ".md").removesuffix(".html")

    def _calendar_links(self, link: LinkFunction, kit: Kit | None = None) -> dict[str, Any]:
        """Links to the cycle's files for a kit page (its calendar) or Jaarritme (all of them)."""
        from ..downloads import format_size

        cycle = self.layout.cycle
        if cycle is None:
            return {}
        kits = [kit] if kit is not None else sorted_kits(self.project, self.context)
        return {
            "kits": [{"kit": item, "url": self._file_link(link, cycle.kit_calendars[item.id]),
                      "first": cycle.first_dates.get(item.id, "")}
                     for item in kits if item.id in cycle.kit_calendars],
            "cycle": self._file_link(link, cycle.cycle_calendar) if cycle.cycle_calendar else None,
            "planner": self._file_link(link, cycle.planner) if cycle.planner else None,
            "planner_size": format_size(cycle.planner_size, self.context) if cycle.planner else "",
        }

    def _finder_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        groups = []
        for group in situation_groups(self.project, sorted_kits(self.project, self.context)):
            title, intro = group_title(group, self.context)
            groups.append({"title": title, "intro": intro, "anchor": "situatie-" + group.category,
                           "situations": [{"text": item.text, "kit": item.kit,
                                           "url": self._kit_link(link, item.kit)}
                                          for item in group.situations]})
        return {"groups": groups, "overview_url": link(self.layout.overview_page),
                "script_url": self._file_link(
                    link, "assets/gesprekskit/javascripts/situation-filter.js")}

    def _tips_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        groups: dict[str, list[dict[str, Any]]] = {}
        for tip in sorted_tips(self.project.tips, self.context):
            related = self.project.kits_of(tip, sorted_kits(self.project, self.context))
            entry = {"tip": tip, "kits": [{"kit": kit, "url": self._kit_link(link, kit)}
                                          for kit in related]}
            groups.setdefault(self.context.text(tip.document.category), []).append(entry)
        # Categories keep the order they first appear in the tips folder, unless the author
        # ordered tips: then a category comes where its first ordered tip is.
        first_seen = list(dict.fromkeys(self.context.text(tip.document.category)
                                        for tip in self.project.tips))
        ranked = sorted(groups.items(), key=lambda item: (
            min(entry["tip"].document.order or 1000 for entry in item[1]), first_seen.index(item[0])))
        ordered = [{"title": title, "anchor": "categorie-" + _anchor(title), "tips": entries}
                   for title, entries in ranked]
        return {"groups": ordered}

    def _question_bank_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        translate = self.context.translate
        themes: list[dict[str, Any]] = []
        for theme in [*Theme, None]:
            kits = []
            for kit in sorted_kits(self.project, self.context):
                refs = [ref for ref in kit.questions() if ref.phase.theme == theme]
                if refs:
                    kits.append({"kit": kit, "url": self._kit_link(link, kit), "questions": refs})
            if kits:
                title = translate("theme." + theme.value) if theme else translate("no_theme")
                themes.append({"title": title, "anchor": theme.value if theme else "zonder-thema",
                               "kits": kits})
        return {"themes": themes}

    def _cycle_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        translate = self.context.translate
        rows, triggered, all_triggers = [], [], []
        for kit in sorted_kits(self.project, self.context):
            url = self._kit_link(link, kit)
            cycle = kit.document.when.cycle
            fixed = self.layout.cycle.kit_months.get(kit.id) if self.layout.cycle else None
            if fixed or (cycle is not None and not cycle.on_trigger):
                active = set(fixed or cycle.months_in_year())
                rows.append({"kit": kit, "url": url,
                             "months": [month in active for month in range(1, 13)]})
            else:
                triggered.append({"kit": kit, "url": url})
            for trigger in kit.document.when.situations:
                all_triggers.append({"trigger": trigger, "kit": kit, "url": url})
        return {"rows": rows, "triggered": triggered, "all_triggers": all_triggers,
                "calendar": self._calendar_links(link), "finder_url": link(self.layout.finder_page),
                "month_short": translate.lookup("month_short"),
                "month_names": translate.lookup("month_names")}


_HEADING = re.compile(r"<h([1-3])\b([^>]*)>(.*?)</h\1\s*>", re.S)
_HEADING_ID = re.compile(r'\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]*>")


def toc_tokens(page_html: str) -> list[dict[str, Any]]:
    """Table-of-contents tokens (as Python-Markdown's toc extension makes them) for our HTML.

    A pattern, not an HTML parser: the HTML is our own templates' output, and this runs for
    every page of every build, a no-op build included.
    """
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for match in _HEADING.finditer(page_html):
        found = _HEADING_ID.search(match.group(2))
        if found is None:
            continue
        text = html.unescape(_TAG.sub("", match.group(3)))
        # Material writes TOC titles into the page unescaped: escape the text once here.
        token = {"level": int(match.group(1)), "id": html.unescape(found.group(1)),
                 "name": html.escape(" ".join(text.split())), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots
