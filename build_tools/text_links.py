"""Relative links in kit, tip and workshop texts: what they point to, on every output.

The rule an author learns once: a relative link in a text is relative to the page of the
file the text is in, exactly as a link written in a Markdown page at that place of the guide.
A kit's texts are on the kit's page (`gesprekken/<kit>.md`), a tip's on the tips page
(`tips.md`), a workshop's on its page (`workshops/<workshop>.md`). So in a kit,
`[luisteren](../tips.md#luister-actief-en-vat-samen)` and `[exit](exitgesprek.md)` work, wherever
the text is shown (the question bank, a workshop page, the handbook, a sheet).

MkDocs rewrites such links only in the Markdown pages it renders; our texts reach the site as
HTML, so the site (`site/text_links.py`), the handbook (`handbook/links.py`) and the sheets
(`sheets/links.py`) each turn a target found here into a link of their own kind. `check_links`
warns, at the text's line, of a relative link that leads to no page (validate and build alike).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .diagnostics import DiagnosticReport
from .text import (ALLOWED_URL_SCHEMES, LINK_HREF, dropped_images, removed_link_targets,
                   render_markdown, table_row)
from .validation_messages import did_you_mean

#: An address with a scheme (`https:`, `mailto:`, `file:`…): never relative.
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: An `<a>` element of rendered text (its attributes, its inner HTML) and its href attribute:
#: what the site and the handbook rewrite.
LINK_ELEMENT = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
HREF_ATTRIBUTE = re.compile(r'\bhref="([^"]*)"')
#: A tip or kit named by its file: `tips/luisteren.md`, `../kits/tips/luisteren.yml`.
TIP_FILE = re.compile(r"(?:.*/)?tips/([^/]+)\.(?:md|ya?ml)")
_KIT_FILE = re.compile(r"(?:.*/)?([^/]+)\.ya?ml")
#: Published folders a text may link into that are no pages (the PDFs, the theme's files).
PUBLISHED_FOLDERS = ("downloads/", "assets/")
#: The PDFs' folder, whose files are known before they are rendered (`downloads.py`).
DOWNLOADS_FOLDER = "downloads/"
#: A language's handbook, which only that language's site publishes (`downloads.py`).
HANDBOOK_FILE = re.compile(r"downloads/handbook-([^/]+)\.pdf")


def resolve_path(path: str, page_uri: str) -> str:
    """Where `path`, written on the page `page_uri`, leads: a path from the guide's root, as
    MkDocs resolves a link (`../tips.md` from `gesprekken/x.md` → `tips.md`; a folder → its
    `index.md`; `x.html` → `x.md`)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), unquote(path)))
    if path.endswith("/") or target in (".", ""):
        target = posixpath.join(target, "index.md").removeprefix("./")
    return re.sub(r"\.html$", ".md", target)


def is_relative(href: str) -> bool:
    """A link MkDocs would resolve against the page: no scheme, no `//host`, not `/root`."""
    return bool(href) and not SCHEME.match(href) and not href.startswith(("//", "/", "\\"))


@dataclass(frozen=True)
class Target:
    """Where a relative link of a text leads: a page of the guide (`src_uri`, language
    neutral) or a published file, with the anchor inside it."""

    src_uri: str
    fragment: str = ""
    is_page: bool = True


@dataclass(frozen=True)
class TextLinks:
    """The guide's pages, to resolve and check relative links of texts against.

    `pages` None: the pages are not known (a quick page while serving); every `.md` target is
    then taken as written."""

    kits_section: str
    tips_page: str
    pages: frozenset[str] | None
    kit_ids: frozenset[str] = frozenset()
    tip_ids: frozenset[str] = frozenset()
    #: Non-page files of the content folder (`voor-hr/img/x.png`).
    files: frozenset[str] = frozenset()
    #: The files a build publishes under `downloads/` (`downloads.published_downloads`);
    #: None: not known, every link into `downloads/` taken as written.
    downloads: frozenset[str] | None = None
    #: The anchors of a page (`page_anchors.PageAnchors`), None for a page whose anchors are
    #: not known; no function: fragments are not checked.
    anchors: Callable[[str], frozenset[str] | None] | None = field(default=None, compare=False)

    def kit_home(self, kit_id: str) -> str:
        return f"{self.kits_section}/{kit_id}.md"

    def target(self, href: str, home: str) -> Target | None:
        """The target of a relative `href` written in a text whose page is `home`; None when
        it leads to no page or file of the guide."""
        path, _, fragment = html.unescape(href).partition("#")
        fragment = unquote(fragment)
        if not path:
            return Target(home, fragment)
        resolved = resolve_path(path, home)
        if resolved.startswith(("../", "/")) or resolved == "..":
            return None  # above the guide's root: no page of it, known or not
        tip = TIP_FILE.fullmatch(resolved)
        if tip and tip.group(1) in self.tip_ids:  # a tip by its file: its place on the tips page
            return Target(self.tips_page, tip.group(1))
        kit = _KIT_FILE.fullmatch(resolved)
        if kit and kit.group(1) in self.kit_ids:  # a kit by its file: its page
            return Target(self.kit_home(kit.group(1)), fragment)
        if resolved.endswith(".md"):
            if self.pages is None or resolved in self.pages:
                return Target(resolved, fragment)
            return None
        file = resolved.partition("?")[0]  # `?download=1` names the same file
        if self.downloads is not None and file.startswith(DOWNLOADS_FOLDER) and \
                file not in self.downloads and file not in self.files:
            return None
        if resolved in self.files or resolved.startswith(PUBLISHED_FOLDERS):
            return Target(resolved, fragment, is_page=False)
        return None

    def _language_download(self, resolved: str) -> str | None:
        """The site's file for a sheet named as the command line names it in a language:
        `downloads/K/K-vragenblad-en.pdf` → `downloads/en/K/K-vragenblad.pdf`."""
        if not self.downloads or not resolved.startswith(DOWNLOADS_FOLDER):
            return None
        folder, name = posixpath.split(resolved)
        owner = posixpath.basename(folder)
        for published in sorted(self.downloads):
            parts = published.split("/")  # downloads/<lang>/<owner>/<file>
            if len(parts) == 4 and parts[2] == owner and \
                    name == parts[3].removesuffix(".pdf") + f"-{parts[1]}.pdf":
                return published
        return None

    def suggestion(self, href: str, home: str) -> str | None:
        """The closest page, written as a link from `home` ("did you mean")."""
        if self.pages is None:
            return None
        resolved = resolve_path(html.unescape(href).partition("#")[0], home)
        fragment = href.partition("#")[2]
        language_file = self._language_download(resolved)
        if language_file is not None:
            link = posixpath.relpath(language_file, posixpath.dirname(home) or ".")
            return link + ("#" + fragment if fragment else "")
        folder = posixpath.dirname(resolved)
        # Only the target's own folder: a name alike elsewhere (`index.md` of another
        # section) is another page, not a typo.
        known = self.pages | self.files | (self.downloads or frozenset())
        names = sorted(posixpath.basename(uri) for uri in known
                       if posixpath.dirname(uri) == folder)
        name = did_you_mean(posixpath.basename(resolved), names, cutoff=0.75)
        if name is not None:
            close = posixpath.join(folder, name)
        else:
            # `tips.md` in a kit text: written from the guide's root, as a page there would.
            close = resolve_path(html.unescape(href).partition("#")[0], "index.md")
            if close == resolved or close not in known:
                return None
        link = posixpath.relpath(close, posixpath.dirname(home) or ".")
        return link + ("#" + fragment if fragment else "")


def missing_anchor(target: Target, text_links: TextLinks) -> tuple[str, str | None] | None:
    """(the anchor, the closest one the page has) when `target` names an anchor its page
    lacks; None when it has it or the page's anchors are not known."""
    if not target.fragment or not target.is_page or text_links.anchors is None:
        return None
    anchors = text_links.anchors(target.src_uri)
    if anchors is None or target.fragment in anchors:
        return None
    return target.fragment, did_you_mean(target.fragment, sorted(anchors), cutoff=0.6)


def anchor_hint(href: str, close: str | None) -> str:
    """What to write instead of a link whose anchor is missing."""
    if close is None:
        return ("link to a heading of that page (its anchor is the heading in lower case, "
                "words joined by '-'), or leave the '#…' out")
    return f"did you mean '{href.rpartition('#')[0]}#{close}'?"


def other_language_handbook(target: Target, text_language: str | None) -> str | None:
    """The language of the handbook `target` is when it is not the text's: only that
    language's site publishes it, so the link is dead where the text is shown."""
    handbook = HANDBOOK_FILE.fullmatch(target.src_uri) if not target.is_page else None
    if handbook is None or text_language is None or handbook.group(1) == text_language:
        return None
    return handbook.group(1)


def text_language(data_path: tuple[str | int, ...], languages: Sequence[str]) -> str | None:
    """The language of a text at `data_path`: its key (`nl:`), else the guide's default
    (the first of `languages`); None when the languages are not known."""
    if data_path and data_path[-1] in languages:
        return str(data_path[-1])
    return languages[0] if languages else None


def links_in(text: str) -> list[str]:
    """The hrefs of a text's Markdown links, as the site renders them."""
    if "[" not in text and "<" not in text:
        return []
    return [html.unescape(href) for href in LINK_HREF.findall(str(render_markdown(text)))]


def text_strings(data: Any, path: tuple[str | int, ...] = ()
                 ) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of a parsed YAML file with its path of keys and indexes."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from text_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_strings(value, (*path, index))


def check_links(sources: Iterable[tuple[Any, str, str]], text_links: TextLinks,
                report: DiagnosticReport, languages: Sequence[str] = ()) -> None:
    """A warning for each relative link in a text that leads to no page or file of the guide,
    for each link the sanitiser removes (`tel:`, `file:`, `javascript:`), and for each picture
    and table, which a text does not show.

    `sources`: (SourceDocument, the page the file's texts are on, what the file is: 'kit');
    `languages`: the guide's, its default first (a text linking another language's handbook
    is warned of: its site lacks that file)."""
    for source, home, kind in sources:
        if source is None:
            continue
        for data_path, text in text_strings(source.data):
            for href in removed_link_targets(text):
                report.warning(
                    source.location(data_path),
                    f"the link '{href[:80]}' is shown as plain text: a {kind} text may link "
                    f"only to {', '.join(sorted(ALLOWED_URL_SCHEMES))} addresses",
                    "write the number or path as text, or link to a page of the guide or a "
                    "full address (https://…)")
            for address, alt in dropped_images(text):
                report.warning(
                    source.location(data_path),
                    f"the picture '{address[:80]}' is not shown: a {kind} text holds words, "
                    "emphasis, lists and links, no pictures, so it and its text "
                    f"'{alt[:40]}' are left out of the page and the sheets",
                    f"write a link instead, [{alt[:40] or 'picture'}]({address[:80]}), or put "
                    "the picture on a guide page in the content folder")
            row = table_row(text)
            if row is not None:
                report.warning(
                    source.location(data_path),
                    f"the table '{row[:60]}' is not shown as a table: a {kind} text holds words, "
                    "emphasis, lists and links, no tables, so the page and the sheets show its "
                    "'|' and '-' as they are",
                    "write each row as a list item ('- Name: value'), or put the table on a "
                    "guide page in the content folder and link to it")
            for href in links_in(text):
                if not is_relative(href):
                    continue
                target = text_links.target(href, home)
                if target is not None:
                    language = text_language(data_path, languages)
                    other = other_language_handbook(target, language)
                    if other is not None:
                        report.warning(
                            source.location(data_path),
                            f"the link '{href}' leads to the '{other}' handbook, which only the "
                            f"'{other}' site publishes: this '{language}' text is shown in the "
                            f"'{language}' site, where the link leads nowhere",
                            f"link '{href.replace(f'handbook-{other}.pdf', f'handbook-{language}.pdf')}'"
                            " (its own language's handbook), or write the full address of the "
                            f"'{other}' one (https://…)")
                    missing = missing_anchor(target, text_links)
                    if missing is not None:
                        report.warning(
                            source.location(data_path),
                            f"the link '{href}' leads to the anchor '#{missing[0]}', which the "
                            f"page {target.src_uri} does not have",
                            anchor_hint(href, missing[1]))
                    continue
                close = text_links.suggestion(href, home)
                resolved = resolve_path(href.partition("#")[0], home) if href[:1] != "#" else home
                download = resolved.startswith(DOWNLOADS_FOLDER)
                report.warning(
                    source.location(data_path),
                    f"the link '{href}' leads to no "
                    f"{'file a build publishes' if download else 'page of the guide'}: a link "
                    f"in a {kind} text is relative to the {kind}'s page ({home}), so it points "
                    f"to {resolved}",
                    f"did you mean '{close}'?" if close else
                    "link to a file the build makes, e.g. '../downloads/KIT_ID/"
                    "KIT_ID-vragenblad.pdf' from a kit" if download else
                    "write the path from that page, e.g. '../tips.md#tip-id' or "
                    "'other-kit.md', or a full address (https://…)")
