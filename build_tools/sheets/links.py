"""Links in the printed sheets lead to the published guide, or nowhere.

A relative link in a kit text works on the kit's page in the site; in a PDF WeasyPrint would
resolve it against the folder it rendered from and print `file:///…/site-packages/…`, a path
of the machine that built it. Here every link of a sheet becomes an address on the published
guide (`site_url` in mkdocs.yml) or, without one, plain text. Web and mail addresses stay;
network shares (`//host/share`, `\\\\host\\share`), `file:` and anchors within a page go.
A relative link is relative to the kit's page as written (`gesprekken/kit.md`, see
`build_tools/text_links.py`), and a `.md` target becomes its published page (`.html`, or a
folder with directory URLs). The target is found as the site finds it (`TextLinks.target`,
against the content folder's pages when the project knows it): a kit or tip named by its file
leads to its page, a link above the guide's root or to no page or file is text.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ..site.pages import SiteLayout
from ..text_links import TextLinks, is_relative, links_in, text_strings

_ANCHOR = re.compile(r"<a\b(?P<attributes>[^>]*)>(?P<inner>.*?)</a>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE)


def kit_page_url(site_url: str, kits_section: str, kit_id: str, language_root: str = "",
                 directory_urls: bool = False) -> str | None:
    """Where a kit's page is published, or None when the guide has no site_url."""
    if not site_url or urlsplit(site_url).scheme not in ("http", "https"):
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    page = f"{language_root}{kits_section}/{kit_id}" + ("/" if directory_urls else ".html")
    return urljoin(base, page)


def kit_guide_url(settings: Any, kit_id: str, language: str) -> str | None:
    """The kit's page in the published guide in this language (project settings), or None."""
    return kit_page_url(settings.site_url, settings.kits_section, kit_id,
                        "" if language == settings.default_language else f"{language}/",
                        settings.directory_urls)


def public_url(href: str, page_url: str | None) -> str | None:
    """The address a sheet may print for `href` on the page `page_url`; None: no link."""
    href = href.strip()
    if not href or "\\" in href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return href if parts.netloc else None
    if scheme == "mailto":
        return href if parts.path else None
    if scheme or href.startswith("//") or page_url is None:
        return None  # another scheme, a network share, or no published guide to point to
    target = _published_page(urljoin(_source_url(page_url), href), page_url.endswith("/"))
    origin = urlsplit(page_url)
    resolved = urlsplit(target)
    return target if (resolved.scheme, resolved.netloc) == (origin.scheme, origin.netloc) else None


def _source_url(page_url: str) -> str:
    """The address of the page's Markdown source, which its texts' links are relative to:
    `…/gesprekken/kit.html` and `…/gesprekken/kit/` are both `…/gesprekken/kit.md`."""
    parts = urlsplit(page_url)
    path = parts.path
    path = path[:-1] + ".md" if path.endswith("/") and path != "/" else \
        re.sub(r"\.html$", ".md", path)
    return parts._replace(path=path).geturl()


def _published_page(url: str, directory_urls: bool) -> str:
    """A `.md` (or folder) target as the page MkDocs publishes."""
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/"):
        path += "index.md"
    if not path.endswith(".md"):
        return url
    stem = path.removesuffix(".md")
    if not directory_urls:
        path = stem + ".html"
    else:
        path = stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
    return parts._replace(path=path).geturl()


def guide_href(href: str, links: TextLinks, home: str) -> str | None:
    """A relative `href` of a text written for the page `home`, rewritten as the path from
    `home` to the page or file the site links it to; None when the site shows it as text."""
    if not is_relative(href) or href.startswith("#") or "\\" in href:
        return href  # public_url decides (a Windows path or share is no link)
    target = links.target(href, home)
    if target is None:
        return None
    path = posixpath.relpath(target.src_uri, posixpath.dirname(home) or ".")
    return quote(path) + ("#" + quote(target.fragment, safe="") if target.fragment else "")


def published_links(document: str, page_url: str | None, links: TextLinks | None = None,
                    home: str = "") -> str:
    """The sheet's HTML with every link pointing to the published guide or removed.
    `links`, `home`: what the relative links of the texts (written for `home`) lead to."""

    def replace(match: re.Match[str]) -> str:
        found = _HREF.search(match.group("attributes"))
        href = html.unescape((found.group("double") or found.group("single") or "")) if found else ""
        if links is not None:
            href = guide_href(href, links, home) or ""
        target = public_url(href, page_url)
        if target is None:
            return match.group("inner")
        return f'<a href="{html.escape(target, quote=True)}">{match.group("inner")}</a>'

    return _ANCHOR.sub(replace, document)


def sheet_link_targets(project: Any, kit: Any) -> str:
    """Where each relative link in the kit's texts leads on a sheet, for the PDF cache key."""
    links = sheet_text_links(project)
    home = links.kit_home(kit.id)
    data = kit.source.data if kit.source is not None else {}
    return repr(sorted({(href, repr(links.target(href, home)))
                        for _path, value in text_strings(data)
                        for href in links_in(value) if is_relative(href)}))


#: The last project asked for and its links: every sheet of a build asks again.
_LAST_LINKS: list[tuple[Any, TextLinks]] = []


def sheet_text_links(project: Any) -> TextLinks:
    """What a relative link in a kit text leads to on a sheet: the site's rule, against the
    guide's pages when the content folder is known (a dead `.md` target is text, as on the
    site; validate and build warned of it once), else with every `.md` target as written."""
    docs_dir = project.settings.docs_dir
    if docs_dir is None:
        return TextLinks(project.settings.kits_section, SiteLayout().tips_page, None,
                         frozenset(kit.id for kit in project.kits),
                         frozenset(tip.id for tip in project.tips))
    if _LAST_LINKS and _LAST_LINKS[0][0] is project:
        return _LAST_LINKS[0][1]
    from ..guide_checks import guide_text_links

    links = guide_text_links(project, docs_dir)
    remember_text_links(project, links)
    return links


def remember_text_links(project: Any, links: TextLinks) -> None:
    """`links` is what `sheet_text_links(project)` answers from now on: a render worker gets
    them made by the build, for a project cut down to one kit (see `pdf_build.KitWork`)."""
    _LAST_LINKS[:] = [(project, links)]
