"""Interface texts per language, read from translation files, so templates hold no language.

Labels come in layers: the project's `locales/<lang>.yml` (it may add a language or rename any
label of a built-in one), then Gesprekskit's own `build_tools/locales/<lang>.yml`, then the same
for each language of the fallback chain, and English last. A label missing in one layer is taken
from the next; `languages.check_languages` reports which labels fell back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

#: The built-in language whose labels every other language's keys are checked against.
REFERENCE_LANGUAGE = "en"
#: Where a project keeps its own label files, relative to its root.
PROJECT_LOCALES_DIR = "locales"


class MissingTranslation(KeyError):
    """A template asked for a label that no translation file has."""


class Translator:
    """Looks up interface labels by dotted key, e.g. ``kit_type.exitgesprek``."""

    def __init__(self, language: str, labels: dict[str, Any],
                 fallbacks: tuple[dict[str, Any], ...] = (),
                 fallback_languages: tuple[str, ...] = ()) -> None:
        self.language = language
        self.labels = labels
        self.layers = (labels, *fallbacks)
        #: The language of each layer (the fallbacks' codes; unknown ones count as our own).
        self.layer_languages = (language, *fallback_languages,
                                *[language] * (len(fallbacks) - len(fallback_languages)))

    def _found(self, key: str) -> tuple[Any, str]:
        for layer, language in zip(self.layers, self.layer_languages):
            found = _find(layer, key)
            if found is not _MISSING:
                return found, language
        raise MissingTranslation(f"no '{key}' label in the {self.language} translations")

    def lookup(self, key: str) -> Any:
        return self._found(key)[0]

    def __call__(self, key: str, **values: Any) -> str:
        label = self.lookup(key)
        return str(label).format(**values) if values else str(label)

    def marked(self, key: str, **values: Any) -> str:
        """The label for a template: one taken from a fallback language is a
        :class:`FallbackLabel`, which the page shows in an element with its own lang/dir."""
        label, language = self._found(key)
        text = str(label).format(**values) if values else str(label)
        return text if language == self.language else FallbackLabel(text, language)


#: Around a fallback label in rendered HTML until `place_label_languages` replaces them:
#: private use characters. Only a well-formed language tag between them is taken, so the same
#: characters typed into a kit can never put anything but a language code into an attribute.
_OPEN, _MIDDLE, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_OPEN}([A-Za-z]{{2,8}}(?:-[A-Za-z0-9]{{1,8}})*){_MIDDLE}"
                     f"([^{_OPEN}{_CLOSE}]*){_CLOSE}")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)?[^>]*>")
#: Elements whose text is not HTML: a fallback label there is plain text.
_RAW_TEXT = {"title", "script", "style", "textarea", "option"}


class FallbackLabel(str):
    """An interface label in another language than the page's (a per-key fallback)."""

    def __new__(cls, text: str, language: str) -> FallbackLabel:
        label = super().__new__(cls, text)
        label.language = language
        return label

    def __html__(self) -> str:
        from markupsafe import escape

        return f"{_OPEN}{self.language}{_MIDDLE}{escape(str(self))}{_CLOSE}"


def place_label_languages(html: str) -> str:
    """Rendered HTML with every fallback label in a ``<span lang dir>`` of its language, or as
    plain text where an element cannot hold one (inside a tag's attributes, a title)."""
    if _OPEN not in html:
        return html
    from .languages import text_direction

    def span(match: re.Match[str]) -> str:
        language = match.group(1)
        return (f'<span lang="{language}" dir="{text_direction(language)}">'
                f"{match.group(2)}</span>")

    parts: list[str] = []
    position, raw = 0, False
    for tag in _TAG.finditer(html):
        text = html[position:tag.start()]
        parts.append(_MARKED.sub(r"\2", text) if raw else _MARKED.sub(span, text))
        parts.append(_MARKED.sub(r"\2", tag.group()))
        name = (tag.group(2) or "").lower()
        if name in _RAW_TEXT:
            raw = not tag.group(1)
        position = tag.end()
    parts.append(_MARKED.sub(span, html[position:]))
    return "".join(parts)


_MISSING = object()


def _find(labels: Any, key: str) -> Any:
    node = labels
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def label_keys(labels: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Every dotted key of a label file (a list of month names is one key)."""
    for key, value in labels.items():
        if isinstance(value, dict):
            yield from label_keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`, nested mappings merged key by key (labels, mkdocs.yml INHERIT)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def available_languages() -> list[str]:
    """The languages Gesprekskit itself has labels for."""
    folder = resources.files(__package__) / "locales"
    return sorted(item.name.removesuffix(".yml") for item in folder.iterdir()
                  if item.name.endswith(".yml"))


@lru_cache(maxsize=None)
def builtin_labels(language: str) -> dict[str, Any] | None:
    source = resources.files(__package__) / "locales" / f"{language}.yml"
    if not source.is_file():
        return None
    # libyaml when PyYAML has it: the labels are read on every command, at import time too.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


def project_label_file(locales_dir: Path | None, language: str) -> Path | None:
    if locales_dir is None:
        return None
    path = locales_dir / f"{language}.yml"
    return path if path.is_file() else None


def project_labels(locales_dir: Path | None, language: str) -> dict[str, Any] | None:
    """A project's label file as plain data; `languages.check_languages` reports bad ones."""
    path = project_label_file(locales_dir, language)
    if path is None:
        return None
    return _project_file(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _project_file(path: Path, mtime: int) -> dict[str, Any] | None:
    from .diagnostics import DiagnosticReport
    from .yaml_source import read_yaml

    source = read_yaml(path, DiagnosticReport())
    return source.data if source is not None and isinstance(source.data, dict) else None


def own_labels(language: str, locales_dir: Path | None) -> dict[str, Any] | None:
    """One language's labels: the built-in ones with the project's on top; None when neither."""
    builtin = builtin_labels(language)
    project = project_labels(locales_dir, language)
    if builtin is None and project is None:
        return None
    return deep_merge(builtin or {}, project or {})


def translator(language: str, locales_dir: Path | None = None,
               fallback: tuple[str, ...] = ()) -> Translator:
    """The labels of one language with its fallbacks; built once until a label file changes."""
    stamps = []
    for code in (language, *fallback, REFERENCE_LANGUAGE):
        path = project_label_file(locales_dir, code)
        stamps.append(path.stat().st_mtime_ns if path is not None else 0)
    return _translator(language, locales_dir, fallback, tuple(stamps))


@lru_cache(maxsize=32)
def _translator(language: str, locales_dir: Path | None, fallback: tuple[str, ...],
                stamps: tuple[int, ...]) -> Translator:
    labels = own_labels(language, locales_dir)
    if labels is None:
        raise MissingTranslation(f"no translation file for '{language}'")
    layers, codes = [], []
    for other in (*fallback, REFERENCE_LANGUAGE):
        if other != language:
            found = own_labels(other, locales_dir)
            if found is not None:
                layers.append(found)
                codes.append(other)
    return Translator(language, labels, tuple(layers), tuple(codes))
