"""Interface labels: every language has every key, and templates only use keys that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.i18n import available_languages, translator
from build_tools.rendering import PACKAGE_ROOT


def keys(node: object, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        return set().union(*(keys(value, f"{prefix}{name}.") for name, value in node.items()))
    return {prefix.rstrip(".")}


def test_languages_have_the_same_keys() -> None:
    languages = available_languages()
    assert {"nl", "en"} <= set(languages)
    reference = keys(translator("nl").labels)
    for language in languages:
        assert keys(translator(language).labels) == reference, language


@pytest.mark.parametrize("folder", ["site/templates", "sheets/templates", "site/overrides"])
def test_templates_use_only_known_labels(folder: str) -> None:
    reference = keys(translator("nl").labels)
    for template in (PACKAGE_ROOT / folder).rglob("*.html"):
        for key in re.findall(r"_\(\s*['\"]([a-z_.]+)['\"]", template.read_text(encoding="utf-8")):
            if key.endswith((".", "_")):
                assert any(known.startswith(key) for known in reference), (template.name, key)
            else:
                assert key in reference, (template.name, key)


def test_english_labels_contain_no_dutch_words() -> None:
    dutch = {"gesprek", "vragen", "medewerker", "leidinggevende", "afspraken", "wanneer", "wie",
             "datum", "voorbereiding", "printen", "invullen", "doorvragen", "minuten"}
    text = " ".join(str(value) for value in _values(translator("en").labels)).lower()
    words = set(re.findall(r"[a-zà-ÿ]+", text))
    assert not (words & dutch)


def _values(node: object):
    if isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, list):
        yield from node
    else:
        yield node
