"""Where a label or a brand text of a sheet is written, for the error about a character no
font has.

A kit's sheets also show the interface labels and the brand's texts. A character no font has
in one of them is reported at the line that holds it: the project's label file or the
built-in one the label comes from (a fallback language's, when the language lacks it), the
brand file, or mkdocs.yml's `site_name` that an unnamed brand prints. Found only when a
character turns out missing: a guide whose fonts draw everything never reads a file for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..brand import Brand
from ..config_positions import ConfigPositions
from ..diagnostics import DiagnosticReport, Location
from ..i18n import Translator, builtin_labels, project_label_file, project_labels
from ..yaml_source import DataPath, read_yaml

#: The built-in label files, named as the error shows them (relative, like a project's).
BUILTIN_LOCALES = Path("build_tools", "locales")
_PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"


def _holds(data: Any, prefix: DataPath, text: str) -> DataPath | None:
    """The path under `prefix` of the first value that is `text`, or None."""
    node = data
    for step in prefix:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return _found_in(node, prefix, text)


def _found_in(node: Any, path: DataPath, text: str) -> DataPath | None:
    if isinstance(node, dict):
        items: list[tuple[str | int, Any]] = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return path if str(node) == text else None
    for step, value in items:
        found = _found_in(value, (*path, step), text)
        if found is not None:
            return found
    return None


def _written_at(path: Path, prefix: DataPath, text: str, shown: Path | None = None
                ) -> Location | None:
    """The line of `path` where `text` is written under `prefix`; None when it is not."""
    source = read_yaml(path, DiagnosticReport())
    if source is None:
        return None
    found = _holds(source.data, prefix, text)
    if found is None:
        return None
    location = source.location(found)
    return Location(shown or path, location.line, location.column)


def _label_location(translate: Translator, locales_dir: Path | None, key: str, text: str
                    ) -> Location:
    prefix = tuple(key.split("."))
    for code in dict.fromkeys(translate.layer_languages):
        own = project_label_file(locales_dir, code)
        if own is not None and project_labels(locales_dir, code) is not None:
            found = _written_at(own, prefix, text)
            if found is not None:
                return found
        if builtin_labels(code) is not None:
            found = _written_at(_PACKAGE_LOCALES / f"{code}.yml", prefix, text,
                                BUILTIN_LOCALES / f"{code}.yml")
            if found is not None:
                return found
    return Location(project_label_file(locales_dir, translate.language)
                    or BUILTIN_LOCALES / f"{translate.language}.yml")


def label_place(translate: Translator, locales_dir: Path | None, key: str, text: str
                ) -> Callable[[], Location]:
    """Where a label's text is written, asked for only when one of its characters is missing."""
    return partial(_label_location, translate, locales_dir, key, text)


#: Where a brand file writes each text a sheet prints.
_BRAND_TEXTS: dict[str, DataPath] = {
    "organisation": ("meta", "name"),
    "footer": ("defaults", "gesprekskit", "footer"),
    "contact": ("defaults", "gesprekskit", "contact"),
    "confidentiality": ("defaults", "gesprekskit", "confidentiality"),
}


def guide_setting_location(config_file: Path, language: str, key: str, text: str
                           ) -> Location:
    """Where mkdocs.yml writes the `site_name` or `site_description` shown in `language`: the
    language's own (under the plugin's `languages:`), or the guide's."""
    positions = ConfigPositions(config_file)
    own = (*positions.plugin_path("gesprekskit"), "languages", language, key)
    if positions.written(own) == text:
        return positions.location(own, value=True)
    return positions.location((key,), value=True)


def config_text_location(config_file: Path, text: str) -> Location:
    """The first line of mkdocs.yml that holds `text` (a nav title, as written or as a
    language's `nav:` translates it)."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Location(config_file)
    for number, line in enumerate(lines, start=1):
        column = line.find(text)
        if column >= 0:
            return Location(config_file, number, column + 1)
    return Location(config_file)


def _brand_location(brand: Brand, config_file: Path, language: str, field: str, text: str
                    ) -> Location:
    if field == "organisation" and brand.guide_name is not None:
        # An unnamed brand prints the guide's name.
        return guide_setting_location(config_file, language, "site_name", text)
    for path in brand.source_files[:1]:
        return _written_at(path, _BRAND_TEXTS[field], text) or Location(path)
    return Location(config_file)


def brand_place(brand: Brand, config_file: Path, language: str, field: str, text: str
                ) -> Callable[[], Location]:
    """Where a brand text (`organisation`, `footer`, `contact`, `confidentiality`) shown in
    `language` is written, asked for only when one of its characters is missing."""
    return partial(_brand_location, brand, config_file, language, field, text)
