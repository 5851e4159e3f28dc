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
from typing import Any, Callable

import jinja2

from ..loader import Project
from ..model import Kit, KitType, Theme, Tip
from ..rendering import LanguageContext, make_environment
from . import workshop_pages
from .workshop_pages import sorted_workshops, workshops_using

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
KIT_TYPE_ORDER = list(KitType)

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

    @property
    def escaped_title(self) -> str:
        """The title as MkDocs and Material need it: they write titles into HTML unescaped."""
        return html.escape(self.title, quote=True)

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


def sorted_kits(project: Project, context: LanguageContext) -> list[Kit]:
    """Kits in the order a reader expects: by kind of conversation, then by title."""
    return sorted(project.kits, key=lambda kit: (KIT_TYPE_ORDER.index(kit.document.type),
                                                 context.text(kit.document.title).lower()))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "Versneller 2" before "Versneller 10", whatever the case."""
    return tuple((1, int(part)) if part.isdigit() else (0, part)
                 for part in re.split(r"(\d+)", text.casefold()) if part)


def sorted_tips(tips: list[Tip], context: LanguageContext) -> list[Tip]:
    """Tips with an author-set `order` first, in that order; then the rest by title, naturally."""
    return sorted(tips, key=lambda tip: (tip.document.order or 1000,
                                         natural_key(context.text(tip.document.title))))


def plan_pages(project: Project, layout: SiteLayout, context: LanguageContext) -> list[GeneratedPage]:
    translate = context.translate
    pages = [GeneratedPage(layout.overview_page, translate("overview"), "overview")]
    pages += [GeneratedPage(layout.kit_page(kit.id), context.text(kit.document.title), "kit", kit.id)
              for kit in sorted_kits(project, context)]
    pages.append(GeneratedPage(layout.tips_page, translate("tips_title"), "tips"))
    pages.append(GeneratedPage(layout.question_bank_page, translate("question_bank"), "question_bank"))
    pages.append(GeneratedPage(layout.cycle_page, translate("cycle"), "cycle"))
    if project.workshops:  # issue 19: the Workshops section, only when there are workshops
        pages.append(GeneratedPage(layout.workshops_page, translate("workshop_page.section"),
                                   "workshops"))
        pages += [GeneratedPage(layout.workshop_page(workshop.id),
                                context.text(workshop.document.title), "workshop",
                                workshop_id=workshop.id)
                  for workshop in sorted_workshops(project, context)]
    return pages


def _anchor(text: str) -> str:
    cleaned = "".join(char.lower() if char.isalnum() else "-" for char in text)
    return "-".join(part for part in cleaned.split("-") if part) or "sectie"


class PageRenderer:
    """Renders the generated pages of one language."""

    def __init__(self, project: Project, layout: SiteLayout, context: LanguageContext,
                 bytecode_cache: jinja2.BytecodeCache | None = None) -> None:
        self.project = project
        self.layout = layout
        self.context = context
        self.environment = make_environment(TEMPLATE_DIR, context)
        self.environment.bytecode_cache = bytecode_cache

    def render(self, page: GeneratedPage, link: LinkFunction,
               downloads: dict[str, list[DownloadLink]] | None = None) -> str:
        build_context = getattr(self, f"_{page.kind}_context")
        template = {"overview": "overview.html", "kit": "kit.html", "tips": "tips.html",
                    "question_bank": "question_bank.html", "cycle": "cycle.html",
                    "workshops": "workshops.html", "workshop": "workshop.html"}[page.kind]
        values = build_context(page, link)
        if page.kind in ("kit", "workshop"):  # a workshop's sheets are keyed by its id
            values["downloads"] = (downloads or {}).get(page.kit_id or page.workshop_id or "", [])
        return self.environment.get_template(template).render(**values)

    def _kit_link(self, link: LinkFunction, kit: Kit) -> str:
        return link(self.layout.kit_page(kit.id))

    def _overview_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        cards = [{"kit": kit, "url": self._kit_link(link, kit), "question_count": len(kit.questions())}
                 for kit in sorted_kits(self.project, self.context)]
        return {"cards": cards}

    def _kit_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        kit = self.project.kit(page.kit_id or "")
        tips = [{"tip": tip, "url": link(self.layout.tips_page) + "#" + tip.id} for tip in kit.tips]
        workshops = [{"workshop": workshop, "url": link(self.layout.workshop_page(workshop.id))}
                     for workshop in workshops_using(self.project, kit.id, self.context)]
        return {"kit": kit, "questions": kit.questions(), "tips": tips, "workshops": workshops}

    def _workshops_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        return workshop_pages.overview_context(
            self.project, self.context,
            lambda workshop: link(self.layout.workshop_page(workshop.id)))

    def _workshop_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        return workshop_pages.workshop_context(
            self.project, self.project.workshop(page.workshop_id or ""), self.context,
            lambda kit: self._kit_link(link, kit),
            lambda tip_id: link(self.layout.tips_page) + "#" + tip_id)

    def _tips_context(self, page: GeneratedPage, link: LinkFunction) -> dict[str, Any]:
        groups: dict[str, list[dict[str, Any]]] = {}
        kits_by_id = {kit.id: kit for kit in self.project.kits}
        for tip in sorted_tips(self.project.tips, self.context):
            related = [kit for kit in sorted_kits(self.project, self.context)
                       if tip in kit.tips or kit.id in tip.document.kits]
            entry = {"tip": tip, "kits": [{"kit": kit, "url": self._kit_link(link, kit)}
                                          for kit in related if kit.id in kits_by_id]}
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
            if cycle is not None and not cycle.on_trigger:
                active = set(cycle.months_in_year())
                rows.append({"kit": kit, "url": url,
                             "months": [month in active for month in range(1, 13)]})
            else:
                triggered.append({"kit": kit, "url": url})
            for trigger in kit.document.when.triggers:
                all_triggers.append({"trigger": trigger, "kit": kit, "url": url})
        return {"rows": rows, "triggered": triggered, "all_triggers": all_triggers,
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
