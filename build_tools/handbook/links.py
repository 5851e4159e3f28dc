"""Anchors and links inside the printed handbook.

Every id the handbook's HTML carries is handed out once (`Anchors`): the parts are joined into
one PDF whose named destinations share one name space, so two pages (`a/b.md`, `a-b.md`) or a
page and another page's heading must never get the same name, or the contents print the wrong
page number and a link lands in the wrong chapter.

A link written for the site (`../tips.md#luisteren`, `andere-kit.md`) becomes a link to the
chapter that holds its target (`Linker`), or plain text when the paper has no such chapter:
WeasyPrint would make a relative link a `file://` link to the package folder. A reference to a
page the handbook leaves out (the question bank, the workshops) is dropped when it heads an item
of a list ("Verder lezen") and marked as online only in running text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from markupsafe import Markup

from ..site.pages import SiteLayout
from ..text_links import HREF_ATTRIBUTE, LINK_ELEMENT, SCHEME, TIP_FILE, resolve_path

_SCHEMES = ("http://", "https://", "mailto:")
#: A list item without a list inside it whose text starts with a link.
_LEADING_LINK_ITEM = re.compile(r"<li>\s*(?:<p>\s*)?<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>"
                                r"(?:(?!<li\b|</li>).)*?</li>\s*", re.S)
_EMPTY_LIST = re.compile(r"<(ul|ol)\b[^>]*>\s*</\1>\s*", re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>\s*", re.S)


def page_slug(src_uri: str) -> str:
    """A readable anchor for a guide page: `voor-hr/kitformaat.md` → `page-voor-hr-kitformaat`
    (not injective: `Anchors` makes it unique)."""
    slug = re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-")
    return "page-" + (slug or "x")


def kit_anchor(kit_id: str) -> str:
    return f"kit-{kit_id}"


def tip_anchor(tip_id: str) -> str:
    return f"tip-{tip_id}"


@dataclass
class Anchors:
    """The handbook's ids, each given out once: the first to ask for a name gets it, a later
    one the name with `-2`, `-3`… Pages are registered before any heading, in reading order,
    so a page keeps its readable anchor and a build gives the same names every time."""

    taken: set[str] = field(default_factory=set)
    pages: dict[str, str] = field(default_factory=dict)
    headings: dict[tuple[str, str], str] = field(default_factory=dict)

    def claim(self, wanted: str) -> str:
        name, number = wanted, 2
        while name in self.taken:
            name, number = f"{wanted}-{number}", number + 1
        self.taken.add(name)
        return name

    def add_page(self, src_uri: str) -> str:
        if src_uri not in self.pages:
            self.pages[src_uri] = self.claim(page_slug(src_uri))
        return self.pages[src_uri]

    def add_heading(self, src_uri: str, heading_id: str) -> str:
        """The handbook's id of an id inside a page (its page's anchor, then the id); an id
        a page holds twice keeps the first (as a browser finds the first)."""
        key = (src_uri, heading_id)
        if key not in self.headings:
            self.headings[key] = self.claim(f"{self.pages[src_uri]}-{heading_id}")
        return self.headings[key]


@dataclass
class Linker:
    """Where a link written for the site points in the handbook."""

    anchors: Anchors
    layout: SiteLayout = field(default_factory=SiteLayout)
    kit_ids: frozenset[str] = frozenset()
    tip_ids: frozenset[str] = frozenset()
    #: Pages the site has but the handbook leaves out (generated or hand-written).
    site_pages: frozenset[str] = frozenset()

    def target(self, href: str, page_uri: str) -> str | None:
        """`#anchor` inside the handbook, a web or mail address as it is, or None: no link."""
        if href.startswith(_SCHEMES):
            return href
        if SCHEME.match(href):  # file:, javascript:, data:…
            return None
        path, _, fragment = href.partition("#")
        fragment = unquote(fragment)
        target = resolve_path(path, page_uri) if path else page_uri
        if target in self.anchors.pages:
            if fragment and (target, fragment) in self.anchors.headings:
                return "#" + self.anchors.headings[target, fragment]
            return None if not path else "#" + self.anchors.pages[target]
        layout = self.layout
        if target == layout.tips_page and self.tip_ids:
            return "#" + (tip_anchor(fragment) if fragment in self.tip_ids else "tips")
        tip = TIP_FILE.fullmatch(target)
        if tip and tip.group(1) in self.tip_ids:  # a tip by its file (`../tips/luisteren.md`)
            return "#" + tip_anchor(tip.group(1))
        if target == layout.overview_page and self.kit_ids:
            return "#kits"
        section = layout.kits_section + "/"
        if target.startswith(section) and target.endswith(".md"):
            kit_id = target[len(section):-3]
            return "#" + kit_anchor(kit_id) if kit_id in self.kit_ids else None
        return None

    def is_site_only(self, href: str, page_uri: str) -> bool:
        """A link to a page of the site that the handbook does not hold."""
        if SCHEME.match(href) or href.startswith("#"):
            return False
        target = resolve_path(href.partition("#")[0], page_uri)
        return self.target(href, page_uri) is None and (
            target in self.site_pages or target.startswith(self.layout.workshops_section + "/"))

    def relink(self, html: str, page_uri: str, online_only: str = "", *,
               keep_own: bool = False) -> str:
        """Every link of `html` (shown on the site at `page_uri`) made a handbook link, or its
        text alone. A list item that starts with a link to a page only the site has goes (the
        paper cannot send the reader there); elsewhere such a link's text gets `online_only`.
        `keep_own`: a link to one of the handbook's own anchors (a template's) stays."""
        def leading(match: re.Match[str]) -> str:
            return "" if self.is_site_only(match.group(1), page_uri) else match.group(0)

        def link(match: re.Match[str]) -> str:
            attributes, text = match.group(1), match.group(2)
            found = HREF_ATTRIBUTE.search(attributes)
            if found is None:
                return match.group(0)
            href = found.group(1)
            if keep_own and href.startswith("#") and href[1:] in self.anchors.taken:
                return match.group(0)
            target = self.target(href, page_uri)
            if target is not None:
                new_href = 'href="' + target + '"'
                return f"<a{attributes.replace(found.group(0), new_href)}>{text}</a>"
            if online_only and self.is_site_only(href, page_uri):
                return f'{text} <span class="online-only">({online_only})</span>'
            return text

        shortened = _LEADING_LINK_ITEM.sub(leading, html)
        if shortened != html:
            html = _drop_empty_sections(_EMPTY_LIST.sub("", shortened))
        return LINK_ELEMENT.sub(link, html)


def _drop_empty_sections(html: str) -> str:
    """A heading with nothing under it before the next heading of its level or higher (or the
    end), as left when every item of its list was dropped."""
    headings = list(_HEADING.finditer(html))
    drop: list[tuple[int, int]] = []
    for position, heading in enumerate(headings):
        level = int(heading.group(1))
        following = headings[position + 1] if position + 1 < len(headings) else None
        if following is None:
            empty = html[heading.end():].strip() == ""
        else:
            empty = following.start() == heading.end() and int(following.group(1)) <= level
        if empty:
            drop.append((heading.start(), heading.end()))
    for start, end in reversed(drop):
        html = html[:start] + html[end:]
    return html


def relink_filter(linker: Linker, online_only: str) -> Callable[[str, str], Markup]:
    """A Jinja filter for a block of kit or tip texts: `{% filter relink(page) %}`."""
    def relink(html: str, page_uri: str) -> Markup:
        return Markup(linker.relink(str(html), page_uri, online_only, keep_own=True))
    return relink

