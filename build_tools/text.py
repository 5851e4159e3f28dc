"""Texts that may exist in several languages, and the small, safe Markdown subset they allow."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

#: BCP 47 tags as people write them: a language, then optionally a script and a region
#: (`ja`, `pt-BR`, `zh-Hant`, `zh-Hant-TW`, `es-419`).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
_LOOSE_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")


#: What shows nothing: spaces, line breaks, control and format characters (zero-width spaces
#: and joiners, soft hyphens, direction marks, tags), and the blank letters some scripts have.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def shows_nothing(text: str) -> bool:
    """True for a text of invisible characters only: `strip()` keeps a zero-width space, so a
    title of one passed as written and printed as nothing."""
    return all(char in _BLANK_LETTERS or unicodedata.category(char) in INVISIBLE_CATEGORIES
               for char in text)


_INVISIBLE_ONLY = "this text shows nothing: it holds only invisible characters " \
    "(such as zero-width spaces)"


def language_code_hint(code: str) -> str:
    """How to write a tag that is almost BCP 47: `ja_JP` → "write ja or ja-JP", `NL` →
    "write nl"."""
    match = _LOOSE_CODE.match(code.strip())
    if match is None:
        return "write a language code such as nl, en, ja or pt-BR (BCP 47)"
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return f"write {parts[0]} or {'-'.join(parts)}" if len(parts) > 1 else f"write {parts[0]}"

#: What survives of an author's Markdown: emphasis, lists, links and paragraphs; never raw HTML.
ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

#: Work bounds of one text. Python-Markdown takes time quadratic in the number of '[' (12,000
#: took 101 s) and recurses once per level of nested lists or quotes (`- - - - ...`).
MAX_BRACKETS = 100
#: Emphasis and code markers (*, _, `) a text may hold: runs of them make Markdown's inline
#: patterns and the resulting nested markup cost work far out of proportion to the text.
MAX_INLINE_MARKERS = 200
MAX_NESTING = 8
_NESTING_MARKER = re.compile(r"(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))[ \t]*")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class WorkProblem:
    line: int  # 1-based, within the text
    message: str
    hint: str = "split the text, or write its links and lists more simply"


def markdown_work_problem(text: str, max_brackets: int = MAX_BRACKETS,
                          spaces_per_level: int = 2) -> WorkProblem | None:
    """Why a text would cost Markdown rendering (or the PDF layout) unbounded work, if it would.

    Nesting is estimated from each line's indentation and leading list or quote markers, which
    errs on the safe side: Python-Markdown needs four spaces a level, the estimate counts two
    in kit texts. Lines in fenced code blocks are not Markdown and do not count."""
    brackets = text.count("[")
    if brackets > max_brackets:
        line = text.count("\n", 0, _nth_index(text, "[", max_brackets + 1)) + 1
        return WorkProblem(line, f"this text has {brackets} '[' characters; at most "
                                 f"{max_brackets} are allowed (a link needs one)")
    markers = sum(text.count(marker) for marker in "*_`")
    if markers > max_brackets * MAX_INLINE_MARKERS // MAX_BRACKETS:
        limit = max_brackets * MAX_INLINE_MARKERS // MAX_BRACKETS
        first = min((index for index in (text.find(marker) for marker in "*_`")
                     if index >= 0), default=0)
        return WorkProblem(text.count("\n", 0, first) + 1,
                           f"this text has {markers} '*', '_' and '`' characters; at most "
                           f"{limit} are allowed (emphasis needs two)")
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        body = line.lstrip(" \t")
        depth = len(line[:len(line) - len(body)].expandtabs(4)) // spaces_per_level
        position = 0
        while depth <= MAX_NESTING and (marker := _NESTING_MARKER.match(body, position)):
            depth += 1
            position = marker.end()
        if depth > MAX_NESTING:
            return WorkProblem(number, "lists or quotes are nested more than "
                                       f"{MAX_NESTING} levels deep here")
    return None


def _nth_index(text: str, character: str, count: int) -> int:
    index = -1
    for _ in range(count):
        index = text.index(character, index + 1)
    return index


class LocalizedText:
    """A human-readable text: one string in the project's default language, or one per language.

    A plain string is stored under the key ``None`` and stands for the default language, which is
    only known when the project is built.
    """

    __slots__ = ("values",)

    def __init__(self, values: dict[str | None, str]) -> None:
        self.values = values

    @classmethod
    def plain(cls, text: str) -> LocalizedText:
        return cls({None: text})

    def languages(self, default_language: str) -> set[str]:
        return {default_language if key is None else key for key in self.values}

    def has(self, language: str, default_language: str) -> bool:
        return language in self.languages(default_language)

    def resolve(self, language: str, default_language: str,
                fallback: tuple[str, ...] = ()) -> str:
        """The text in a language, else in its fallbacks, the default language, any language."""
        return self.resolve_with_language(language, default_language, fallback)[1]

    def resolve_with_language(self, language: str, default_language: str,
                              fallback: tuple[str, ...] = ()) -> tuple[str, str]:
        """(language the text is really in, text), following the fallback chain."""
        for candidate in (language, *fallback, default_language):
            if candidate in self.values:
                return candidate, self.values[candidate]
            if candidate == default_language and None in self.values:
                return default_language, self.values[None]
        key, text = next(iter(self.values.items()))
        return key or default_language, text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and other.values == self.values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items(), key=lambda item: item[0] or "")))

    def __repr__(self) -> str:
        return f"LocalizedText({self.values!r})"

    @classmethod
    def _validate(cls, value: Any) -> LocalizedText:
        if isinstance(value, LocalizedText):
            return value
        if isinstance(value, str):
            if not value.strip():
                raise PydanticCustomError("empty_text", "this text is empty")
            if shows_nothing(value):
                raise PydanticCustomError("empty_text", _INVISIBLE_ONLY)
            cls._check_work(value)
            return cls.plain(value)
        if isinstance(value, dict):
            if not value:
                raise PydanticCustomError("empty_text", "this text has no languages")
            texts: dict[str | None, str] = {}
            for language, text in value.items():
                if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language):
                    raise PydanticCustomError(
                        "language_code", "'{language}' is not a language code; {hint}",
                        {"language": str(language), "hint": language_code_hint(str(language))})
                if not isinstance(text, str) or not text.strip():
                    raise PydanticCustomError(
                        "text_type", "the '{language}' text must be a non-empty text",
                        {"language": language})
                if shows_nothing(text):
                    raise PydanticCustomError("empty_text", "the '{language}' " + _INVISIBLE_ONLY
                                              .removeprefix("this "), {"language": language})
                cls._check_work(text)
                texts[language] = text
            return cls(texts)
        raise PydanticCustomError("text_type", "expected a text, got {kind}",
                                  {"kind": type(value).__name__})

    @staticmethod
    def _check_work(text: str) -> None:
        problem = markdown_work_problem(text)
        if problem is not None:
            raise PydanticCustomError("text_too_complex", problem.message)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(cls._validate)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "description": "The text per language, e.g. {nl: ..., en: ...}",
                    "propertyNames": {"pattern": LANGUAGE_CODE.pattern},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ]
        }


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML in a text is shown as text, not passed through: remove the HTML readers.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def sanitize_html(html: str) -> str:
    """The last line of defence: a maintained sanitiser keeps only the allowed tags and links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Author Markdown as safe HTML, for the site and the sheets alike."""
    converter = _markdown_converter()
    converter.reset()
    return Markup(sanitize_html(converter.convert(text)))


#: The href of each link in HTML the Markdown converter wrote (double quotes, as it writes
#: them): what the link checks read (`removed_link_targets`, `text_links.links_in`).
LINK_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
_URL_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def removed_link_targets(text: str) -> list[str]:
    """The addresses of a text's links that `sanitize_html` takes out because their scheme is
    not allowed (`tel:`, `file:`, `javascript:`): the reader sees the words without a link."""
    if "[" not in text and "<" not in text:
        return []
    converter = _markdown_converter()
    converter.reset()
    hrefs = [html.unescape(href) for href in LINK_HREF.findall(converter.convert(text))]
    return [href for href in hrefs if (scheme := _URL_SCHEME.match(href))
            and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES]


#: A picture the Markdown converter wrote (`![alt](src)`), with its address and alt text.
_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"[^>]*>')
_IMAGE_ALT = re.compile(r'\balt="([^"]*)"')


def dropped_images(text: str) -> list[tuple[str, str]]:
    """The pictures of a text, as (address, alt text): a kit, tip or workshop text shows none
    (`sanitize_html` allows no `img`), so each vanishes from the page and the sheets with its
    alt text, unless the author is told."""
    if "![" not in text:
        return []
    converter = _markdown_converter()
    converter.reset()
    found = []
    for tag in _IMAGE.finditer(converter.convert(text)):
        alt = _IMAGE_ALT.search(tag.group(0))
        found.append((html.unescape(tag.group(1)), html.unescape(alt.group(1)) if alt else ""))
    return found



#: A table's line under its header (`|---|:--:|`, `--- | ---`), and a row written between bars.
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def table_row(text: str) -> str | None:
    """The first row of a Markdown table in a text, or None: a kit, tip or workshop text shows
    no tables (`sanitize_html` allows none), so the page and the sheets would show its bars
    and dashes as they are, unless the author is told."""
    if "|" not in text:
        return None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if _TABLE_RULE.match(line) and "|" in line and number > 0 and "|" in lines[number - 1]:
            return lines[number - 1].strip()
        if _TABLE_ROW.match(line) and number + 1 < len(lines) and \
                _TABLE_ROW.match(lines[number + 1]):
            return line.strip()
    return None

@lru_cache(maxsize=4096)
def render_inline_markdown(text: str) -> Markup:
    """Like render_markdown, without the wrapping paragraph, for text inside a sentence or a card."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain_text(text: str) -> str:
    """Markdown reduced to its words, for search snippets, PDF metadata and file names."""
    return html.unescape(nh3.clean(str(render_markdown(text)), tags=set())).strip()
