"""Material's options under `theme:` checked against its documented lists (`material_options`).

A misspelt option is ignored by MkDocs and Material alike: the guide silently loses its tabs
or its colours. Each one is a warning (an error with `--strict` or `strict: true`) at its line,
with the option it most likely means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..config_positions import ConfigPath, ConfigPositions
from ..diagnostics import DiagnosticReport
from ..validation_messages import did_you_mean
from .material_options import (ACCENT_COLOURS, DIRECTIONS, DOCUMENTATION, FEATURES, FONT_OPTIONS,
                               PALETTE_OPTIONS, PRIMARY_COLOURS, SCHEMES, THEME_OPTIONS,
                               TOGGLE_OPTIONS)


class _Checker:
    """One mkdocs.yml's theme section against Material's lists, warnings into `report`."""

    def __init__(self, positions: ConfigPositions, report: DiagnosticReport) -> None:
        self.positions = positions
        self.report = report

    def unknown(self, written: Any, known: Iterable[str], path: ConfigPath, what: str, *,
                key: bool, ignored: str = "it is ignored") -> None:
        """A warning unless `written` is one of `known`, at the key or the value `path` names."""
        choices = list(known)
        text = str(written)
        if text in choices:
            return
        close = did_you_mean(text, choices)
        self.report.warning(self.positions.location(path, value=not key),
                            f"Material has no {what} '{text}'; {ignored}",
                            f"did you mean '{close}'?" if close else
                            f"write one of: {', '.join(choices)}" if len(choices) <= 12 else
                            f"see Material's documentation ({DOCUMENTATION}) for the list")

    def keys(self, mapping: Mapping[Any, Any], known: Iterable[str], path: ConfigPath,
             what: str) -> None:
        for name in mapping:
            self.unknown(name, known, (*path, str(name)), what, key=True)

    def palette(self, entry: Any, path: ConfigPath) -> None:
        if not isinstance(entry, Mapping):
            return
        self.keys(entry, PALETTE_OPTIONS, path, "palette option")
        for name, colours in (("primary", PRIMARY_COLOURS), ("accent", ACCENT_COLOURS)):
            value = entry.get(name)
            if isinstance(value, str):
                # Material writes `deep purple` into the page as `deep-purple`.
                self.unknown(value.replace(" ", "-"), colours, (*path, name),
                             f"{name} colour", key=False,
                             ignored="the theme falls back to its default colour")
        scheme = entry.get("scheme")
        if isinstance(scheme, str) and scheme not in SCHEMES and did_you_mean(scheme, SCHEMES):
            # A scheme of one's own is allowed; only one that reads as a slip of Material's.
            self.unknown(scheme, SCHEMES, (*path, "scheme"), "colour scheme", key=False,
                         ignored="without CSS of your own for it the page has no colours")
        if isinstance(entry.get("toggle"), Mapping):
            self.keys(entry["toggle"], TOGGLE_OPTIONS, (*path, "toggle"), "palette toggle option")


def check_material_options(raw: Mapping[str, Any], positions: ConfigPositions,
                           report: DiagnosticReport) -> None:
    """Every option under `theme:` that Material does not document, as a located warning."""
    theme = raw.get("theme")
    if not isinstance(theme, Mapping):
        return
    checker = _Checker(positions, report)
    checker.keys(theme, THEME_OPTIONS, ("theme",), "theme option")
    features = theme.get("features")
    for index, feature in enumerate(features if isinstance(features, list) else []):
        checker.unknown(feature, FEATURES, ("theme", "features", index), "feature", key=False)
    palette = theme.get("palette")
    if isinstance(palette, list):
        for index, entry in enumerate(palette):
            checker.palette(entry, ("theme", "palette", index))
    else:
        checker.palette(palette, ("theme", "palette"))
    if isinstance(theme.get("font"), Mapping):
        checker.keys(theme["font"], FONT_OPTIONS, ("theme", "font"), "font option")
    if theme.get("direction") is not None:
        checker.unknown(theme["direction"], DIRECTIONS, ("theme", "direction"),
                        "text direction", key=False)
