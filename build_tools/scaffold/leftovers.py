"""A kit or workshop that still holds the example text `gesprekskit new` wrote into it.

A scaffold is valid on purpose (it validates and builds from the first minute), so nothing
else notices when an author forgets to replace its texts: the guide would publish "Describe in
one or two sentences ...". A few telltale texts of each scaffold, in each of its languages,
identify it; a file that still holds one gets a warning at that line.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from ..diagnostics import DiagnosticReport
from ..model import KitType
from ..yaml_source import DataPath, SourceDocument

#: The texts that give a scaffold away: its summary, and the first text an author writes.
_TELLTALES: dict[str, tuple[DataPath, ...]] = {
    "kit": (("summary",), ("purpose", "description")),
    "workshop": (("summary",), ("goals", 0)),
}
#: What else of each scaffold is example text, for the hint.
_EXAMPLES = {"kit": "summary, purpose, phases and questions",
             "workshop": "summary, goals, preparation and blocks"}


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _at(data: object, path: DataPath) -> object:
    for step in path:
        if isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


@lru_cache(maxsize=None)
def _scaffold_texts(kind: str) -> dict[DataPath, frozenset[str]]:
    """The telltale texts of every language's scaffold of `kind`, by where they stand."""
    from . import SCAFFOLD_LANGUAGES, kit_template, workshop_template

    found: dict[DataPath, set[str]] = {path: set() for path in _TELLTALES[kind]}
    for language in SCAFFOLD_LANGUAGES:
        text = kit_template("x", KitType.CHECK_IN, language) if kind == "kit" \
            else workshop_template("x", None, language)
        data = yaml.safe_load(text)
        for path in found:
            value = _at(data, path)
            if isinstance(value, str):
                found[path].add(_normal(value))
    return {path: frozenset(texts) for path, texts in found.items()}


def check_scaffold_text(kind: str, source: SourceDocument, report: DiagnosticReport) -> None:
    """One warning, at the first telltale text still in the file (in any language written)."""
    for path, texts in _scaffold_texts(kind).items():
        value = _at(source.data, path)
        written = value.values() if isinstance(value, dict) else [value]
        if any(isinstance(item, str) and _normal(item) in texts for item in written):
            report.warning(source.location(path),
                           f"this {kind} still holds the example text of 'gesprekskit new'",
                           f"replace the example texts ({_EXAMPLES[kind]}) with this {kind}'s "
                           "own; the guide would publish them as they are")
            return
