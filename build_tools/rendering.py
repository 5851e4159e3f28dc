"""One Jinja2 set-up for the site fragments and the print sheets: autoescaped, with text filters.

Author texts reach templates only as data and pass through these filters, so a `{{ ... }}` typed
by an author is shown as text and never evaluated, and raw HTML is never passed through.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .i18n import Translator, translator
from .text import LocalizedText, plain_text, render_inline_markdown, render_markdown

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LanguageContext:
    """The language being rendered and the project's default, for resolving LocalizedText."""

    language: str
    default_language: str

    def text(self, value: LocalizedText | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.resolve(self.language, self.default_language)

    @property
    def translate(self) -> Translator:
        return translator(self.language)


def _filters(context: LanguageContext) -> dict[str, Any]:
    def text(value: LocalizedText | str | None) -> str:
        return context.text(value)

    def markdown_block(value: LocalizedText | str | None) -> Markup:
        return render_markdown(context.text(value)) if value is not None else Markup("")

    def markdown_inline(value: LocalizedText | str | None) -> Markup:
        return render_inline_markdown(context.text(value)) if value is not None else Markup("")

    def plain(value: LocalizedText | str | None) -> str:
        return plain_text(context.text(value)) if value is not None else ""

    return {"t": text, "md": markdown_block, "mdi": markdown_inline, "plain": plain}


@lru_cache(maxsize=None)
def _loader(template_dir: Path) -> jinja2.FileSystemLoader:
    return jinja2.FileSystemLoader(str(template_dir))


def make_environment(template_dir: Path, context: LanguageContext) -> jinja2.Environment:
    """An environment for one folder of templates and one language."""
    environment = jinja2.Environment(
        loader=_loader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(_filters(context))
    environment.globals["_"] = context.translate
    environment.globals["lang"] = context.language
    environment.globals["escape"] = escape
    return environment
