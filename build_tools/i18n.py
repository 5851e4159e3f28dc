"""Interface texts per language, read from translation files, so templates hold no language."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


class MissingTranslation(KeyError):
    """A template asked for a label that the translation file does not have."""


class Translator:
    """Looks up interface labels by dotted key, e.g. ``kit_type.exitgesprek``."""

    def __init__(self, language: str, labels: dict[str, Any]) -> None:
        self.language = language
        self.labels = labels

    def lookup(self, key: str) -> Any:
        node: Any = self.labels
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise MissingTranslation(f"no '{key}' label in the {self.language} translations")
            node = node[part]
        return node

    def __call__(self, key: str, **values: Any) -> str:
        label = self.lookup(key)
        return str(label).format(**values) if values else str(label)


def available_languages() -> list[str]:
    folder = resources.files(__package__) / "locales"
    return sorted(item.name.removesuffix(".yml") for item in folder.iterdir()
                  if item.name.endswith(".yml"))


@lru_cache(maxsize=None)
def translator(language: str) -> Translator:
    source = resources.files(__package__) / "locales" / f"{language}.yml"
    if not source.is_file():
        raise MissingTranslation(f"no translation file for '{language}'")
    return Translator(language, yaml.safe_load(source.read_text(encoding="utf-8")))
