"""One Jinja2 set-up for the site fragments and the print sheets: autoescaped, with text filters.

Author texts reach templates only as data and pass through these filters, so a `{{ ... }}` typed
by an author is shown as text and never evaluated, and raw HTML is never passed through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .i18n import Translator, place_label_languages, translator
from .languages import text_direction
from .line_breaks import keep_hyphenated_words
from .text import LocalizedText, plain_text, render_inline_markdown, render_markdown

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LanguageContext:
    """The language being rendered, its fallback chain, the project's default language and the
    project's own label files, for resolving LocalizedText and interface labels."""

    language: str
    default_language: str
    fallback: tuple[str, ...] = ()
    locales_dir: Path | None = None

    def text(self, value: LocalizedText | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.resolve(self.language, self.default_language, self.fallback)

    def source_language(self, value: LocalizedText | str | None) -> str:
        """The language a text is really shown in (another one when it fell back)."""
        if not isinstance(value, LocalizedText):
            return self.language
        return value.resolve_with_language(self.language, self.default_language, self.fallback)[0]

    @property
    def translate(self) -> Translator:
        return translator(self.language, self.locales_dir, self.fallback)


#: Makes the links of a text's HTML fit the page it is shown on (`site/text_links.py`).
Relinker = Callable[[Markup, "LocalizedText | str"], Markup]


def _filters(context: LanguageContext, relink: Relinker | None = None) -> dict[str, Any]:
    def text(value: LocalizedText | str | None) -> str:
        return context.text(value)

    def marked(value: LocalizedText | str | None, html: Markup, tag: str) -> Markup:
        """Text that fell back to another language carries its own `lang`, so a screen reader
        pronounces it right and hyphenation follows its rules."""
        shown = context.source_language(value)
        if shown == context.language:
            return html
        direction = text_direction(shown)
        if direction == text_direction(context.language):
            return Markup('<{0} lang="{1}">{2}</{0}>').format(tag, shown, html)
        # English inside an Arabic page keeps its own direction (and its question mark).
        return Markup('<{0} lang="{1}" dir="{2}">{3}</{0}>').format(tag, shown, direction, html)

    def markdown_block(value: LocalizedText | str | None) -> Markup:
        if value is None:
            return Markup("")
        html = render_markdown(context.text(value))
        return marked(value, relink(html, value) if relink else html, "div")

    def markdown_inline(value: LocalizedText | str | None) -> Markup:
        if value is None:
            return Markup("")
        html = render_inline_markdown(context.text(value))
        return marked(value, relink(html, value) if relink else html, "span")

    def text_marked(value: LocalizedText | str | None) -> Markup:
        return marked(value, escape(context.text(value)), "span")

    def plain(value: LocalizedText | str | None) -> str:
        return plain_text(context.text(value)) if value is not None else ""

    def language_attributes(value: LocalizedText | str | None) -> Markup:
        """` lang="…"` (and `dir`) for an element that holds part of a text that fell back to
        another language (a question continued over several cards); nothing otherwise."""
        shown = context.source_language(value)
        if shown == context.language:
            return Markup("")
        direction = text_direction(shown)
        if direction == text_direction(context.language):
            return Markup(' lang="{0}"').format(shown)
        return Markup(' lang="{0}" dir="{1}"').format(shown, direction)

    return {"t": text, "md": markdown_block, "mdi": markdown_inline, "plain": plain,
            "tl": text_marked, "lang_attributes": language_attributes,
            "whole": keep_hyphenated_words}


@lru_cache(maxsize=None)
def _loader(template_dir: Path) -> jinja2.FileSystemLoader:
    return jinja2.FileSystemLoader(str(template_dir))


class _LabelledTemplate(jinja2.Template):
    """A template whose output gives fallback labels their own language (i18n.FallbackLabel)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return place_label_languages(super().render(*args, **kwargs))


def make_environment(template_dir: Path, context: LanguageContext,
                     relink: Relinker | None = None) -> jinja2.Environment:
    """An environment for one folder of templates and one language; `relink` rewrites the
    links of every Markdown text (the site's pages: relative links of kit texts)."""
    environment = jinja2.Environment(
        loader=_loader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(_filters(context, relink))
    # Labels that fell back to another language are marked, and get their own lang/dir once
    # the whole page is rendered (place_label_languages, in every template's render).
    environment.globals["_"] = context.translate.marked
    environment.template_class = _LabelledTemplate
    environment.globals["lang"] = context.language
    environment.globals["lang_of"] = context.source_language
    environment.globals["escape"] = escape
    return environment
