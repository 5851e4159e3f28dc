"""One site per language: which content file serves a page in which language, and the links
between the languages.

Content pages follow the suffix convention: `index.md` is the default language, `index.en.md` its
English version. Knows nothing of MkDocs beyond plain paths.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_SUFFIXED = re.compile(r"^(?P<stem>.+)\.(?P<language>[a-z]{2,3}(-[A-Za-z0-9]{2,4})*)\.md$")


@dataclass(frozen=True)
class ContentChoice:
    """For one page of one language: the file to read, and whether it fell back."""

    src_uri: str         # the page's path in the site, e.g. `index.md`
    source_uri: str      # the file that provides it, e.g. `index.en.md`
    fallback: bool
    #: The language the page is shown in when it fell back (None when it did not).
    shown_language: str | None = None


def split_language(src_uri: str, languages: list[str]) -> tuple[str, str | None]:
    """`voor-hr/x.en.md` → (`voor-hr/x.md`, `en`); an unsuffixed page has no language."""
    match = _SUFFIXED.fullmatch(src_uri)
    if match and match.group("language") in languages:
        return f"{match.group('stem')}.md", match.group("language")
    return src_uri, None


def choose_content(src_uris: list[str], language: str, default_language: str,
                   languages: list[str], fallback: tuple[str, ...] = ()) -> list[ContentChoice]:
    """The pages of one language's site, each from its translation, else from the first
    language of its fallback chain that has one, else the default file."""
    defaults: dict[str, str] = {}
    translated: dict[str, dict[str, str]] = {}
    for uri in src_uris:
        if not uri.endswith(".md"):
            continue
        page, page_language = split_language(uri, languages)
        if page_language == default_language:
            defaults[page] = uri  # `index.en.md` wins over `index.md` in an English guide
        elif page_language is None:
            defaults.setdefault(page, uri)
        else:
            translated.setdefault(page_language, {})[page] = uri
    own = translated.get(language, {})
    chain = [code for code in fallback if code not in (language, default_language)]
    choices = []
    for page in sorted(set(defaults) | set(own)):
        if language != default_language and page in own:
            choices.append(ContentChoice(page, own[page], False))
            continue
        shown = next((code for code in chain if page in translated.get(code, {})), None)
        if shown is not None:
            choices.append(ContentChoice(page, translated[shown][page], True, shown))
        elif page in defaults:
            fell_back = language != default_language
            choices.append(ContentChoice(page, defaults[page], fell_back,
                                         default_language if fell_back else None))
        else:
            choices.append(ContentChoice(page, own[page], False))
    return choices


def double_defaults(src_uris: list[str], default_language: str, languages: list[str]
                    ) -> list[tuple[str, str]]:
    """Pages written twice for the default language (`index.md` and `index.en.md` in an
    English guide): (the file used, the file ignored)."""
    present = set(src_uris)
    pairs = []
    for uri in src_uris:
        page, page_language = split_language(uri, languages)
        if page_language == default_language and page in present:
            pairs.append((uri, page))
    return sorted(pairs)


def language_root(language: str, default_language: str) -> str:
    """Where a language's site lives below the site root: '' for the default, 'en/' for English."""
    return "" if language == default_language else f"{language}/"


def link_from_page(page_url: str, site_path: str, page_language: str, default_language: str
                   ) -> str:
    """A link from a page of one language's site to a path from the root of the whole site.

    MkDocs cannot link above a site's root, and the other languages' sites sit one level below
    the default's, so these links are computed here.
    """
    depth = page_url.count("/") + (0 if page_language == default_language else 1)
    return posixpath.normpath("../" * depth + site_path)


def alternate_link(page_url: str, from_language: str, to_language: str,
                   default_language: str) -> str:
    """The same page in another language."""
    return link_from_page(page_url, language_root(to_language, default_language) + page_url,
                          from_language, default_language)
