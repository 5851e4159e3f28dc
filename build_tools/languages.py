"""The languages a guide is built in, as configured in mkdocs.yml, and their checks.

One code per language serves everywhere: the `lang` attribute, the site folder, Material's
search, Babel and hyphenation. Codes are BCP 47 tags (`ja`, `pt-BR`, `zh-Hant`). Each language
may name a fallback chain (`fallback: [en, nl]`; default: the default language) and fonts of
its own inside the project.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diagnostics import DiagnosticReport, Location
from .i18n import (PROJECT_LOCALES_DIR, REFERENCE_LANGUAGE, builtin_labels, label_keys,
                   own_labels, project_label_file, project_labels)
from .text import LANGUAGE_CODE, language_code_hint

#: Languages written right to left, by primary subtag (Arabic, Hebrew, Persian, Urdu, ...).
RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}



def _english_labels_file() -> Path:
    """Where Gesprekskit's reference labels are, in a checkout or an installed package."""
    from importlib import resources

    return Path(str(resources.files("build_tools") / "locales" / f"{REFERENCE_LANGUAGE}.yml"))

@lru_cache(maxsize=1)
def _material_files() -> tuple[frozenset[str], frozenset[str]]:
    """The interface languages and search languages the installed Material theme has."""
    try:
        import material
    except ImportError:
        return frozenset({"en"}), frozenset({"en"})
    templates = Path(material.__file__).parent / "templates"
    interface = {path.stem for path in (templates / "partials" / "languages").glob("*.html")}
    search = {path.name.split(".")[1] for path in
              (templates / "assets" / "javascripts" / "lunr" / "min").glob("lunr.*.min.js")}
    return frozenset(interface | {"en"}), frozenset(search | {"en"})


def text_direction(code: str) -> str:
    """"rtl" for a language written right to left, else "ltr"."""
    return "rtl" if code.split("-")[0] in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class LanguageSpec:
    """One configured language: its code, fallback chain and extra font files."""

    code: str
    fallback: tuple[str, ...] = ()
    fonts: tuple[str, ...] = ()      # paths relative to the project root, as written

    @property
    def primary(self) -> str:
        return self.code.split("-")[0]

    @property
    def direction(self) -> str:
        return text_direction(self.code)

    @property
    def search_language(self) -> str:
        """The code Material's search plugin takes: the language's own stemmer and segmenter
        when Material has them, else English (words are still found, only not stemmed)."""
        return self.primary if self.primary in _material_files()[1] else "en"

    @property
    def theme_language(self) -> str:
        """Material's interface language: the tag itself (pt-BR, zh-Hant) when Material has
        it, else its language, else English (Gesprekskit's own labels are translated anyway)."""
        interface = _material_files()[0]
        for candidate in (self.code, self.primary):
            if candidate in interface:
                return candidate
        return "en"

    @property
    def babel_locale(self) -> str:
        return self.code.replace("-", "_")


def language_specs(default: str, languages: dict[str, Any]) -> tuple[LanguageSpec, ...]:
    """Specs of every configured language, the default first, from the plugin's options."""
    codes = [default] + [code for code in languages if code != default]
    specs = []
    for code in codes:
        options = languages.get(code)
        fallback = tuple(_option(options, "fallback") or ())
        fonts = tuple(_option(options, "fonts") or ())
        if code != default and not fallback:
            fallback = (default,)
        specs.append(LanguageSpec(code, fallback, fonts))
    return tuple(specs)


def _option(options: Any, name: str) -> Any:
    if options is None:
        return None
    return options.get(name) if isinstance(options, dict) else getattr(options, name, None)


def fallback_chain(spec: LanguageSpec, default: str) -> tuple[str, ...]:
    """Where a text missing in this language comes from, in order; the default language last."""
    chain = [code for code in spec.fallback if code != spec.code]
    if spec.code != default and default not in chain:
        chain.append(default)
    return tuple(chain)


@lru_cache(maxsize=16)
def _config_lines(config_file: Path) -> tuple[str, ...]:
    try:
        return tuple(config_file.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def config_location(config_file: Path | None, code: str, key: str | None = None) -> Location:
    """Where mkdocs.yml names a language (or one of its keys), for located errors."""
    if config_file is None:
        return Location(Path("mkdocs.yml"))
    lines = _config_lines(config_file)
    start = next((number for number, line in enumerate(lines)
                  if re.match(r"^\s+languages:\s*$", line)), 0)
    found = None
    for number in range(start, len(lines)):
        if re.match(rf"^\s+['\"]?{re.escape(code)}['\"]?:", lines[number]):
            found = number
            break
    if found is None:
        return Location(config_file, start + 1 if lines else None)
    if key is not None:
        for number in range(found + 1, min(found + 40, len(lines))):
            if re.match(rf"^\s+{key}:", lines[number]):
                return Location(config_file, number + 1, lines[number].index(key) + 1)
    return Location(config_file, found + 1, lines[found].index(code.strip()) + 1
                    if code in lines[found] else 1)


def check_languages(root: Path, config_file: Path | None, default: str,
                    specs: tuple[LanguageSpec, ...]) -> DiagnosticReport:
    """Codes, fallbacks, label files and font paths of every configured language."""
    report = DiagnosticReport()
    codes = [spec.code for spec in specs] or [default]
    locales = root / PROJECT_LOCALES_DIR
    for spec in specs or (LanguageSpec(default),):
        where = config_location(config_file, spec.code)
        if not LANGUAGE_CODE.match(spec.code):
            report.error(where, f"'{spec.code}' is not a language code",
                         language_code_hint(spec.code))
            continue
        for code in spec.fallback:
            if code not in codes:
                report.error(config_location(config_file, spec.code, "fallback"),
                             f"the fallback '{code}' of '{spec.code}' is not one of the "
                             f"guide's languages", f"use one of {', '.join(codes)}")
        _check_labels(spec, locales, where, report)
        _check_fonts(spec, root, config_location(config_file, spec.code, "fonts"), report)
    return report


def _check_labels(spec: LanguageSpec, locales: Path, where: Location,
                  report: DiagnosticReport) -> None:
    reference = builtin_labels(REFERENCE_LANGUAGE) or {}
    expected = list(label_keys(reference))
    project_file = project_label_file(locales, spec.code)
    if builtin_labels(spec.code) is None and project_file is None:
        report.error(where, f"there are no interface labels for '{spec.code}'",
                     f"copy Gesprekskit's English labels ({_english_labels_file()}) to "
                     f"{PROJECT_LOCALES_DIR}/{spec.code}.yml in the project and translate its "
                     f"{len(expected)} texts; the keys stay as they are")
        return
    if project_file is None:
        return
    labels = project_labels(locales, spec.code)
    if labels is None:
        from .yaml_source import read_yaml

        read_yaml(project_file, report)  # the located reason
        if not any(item.location.path == project_file for item in report.items):
            report.error(Location(project_file, 1, 1), "a label file must be a mapping of keys",
                         f"start from Gesprekskit's {REFERENCE_LANGUAGE}.yml")
        return
    known = set(expected)
    for key in label_keys(labels):
        if key not in known and not any(key.startswith(k + ".") for k in known):
            close = difflib.get_close_matches(key, expected, n=1)
            report.warning(Location(project_file, 1, 1), f"unknown label '{key}'",
                           f"did you mean '{close[0]}'?" if close else "remove it")
    # Labels the file lacks are a warning of the guide (`missing_labels`), summarised or
    # listed one by one as the translation warnings are (guide_checks.guide_report).


def missing_labels(spec: LanguageSpec, locales: Path, verbose: bool = False) -> DiagnosticReport:
    """Interface labels a project's label file lacks: one warning per file (the list with
    `verbose`, one warning per label), since the fallback language's label is shown instead."""
    report = DiagnosticReport()
    project_file = project_label_file(locales, spec.code)
    if project_file is None or project_labels(locales, spec.code) is None:
        return report  # built-in labels, or no usable file (an error of check_languages)
    have = set(label_keys(own_labels(spec.code, locales) or {}))
    missing = [key for key in label_keys(builtin_labels(REFERENCE_LANGUAGE) or {})
               if key not in have]
    source = spec.fallback[0] if spec.fallback else REFERENCE_LANGUAGE
    where = Location(project_file, 1, 1)
    hint = f"add them to {PROJECT_LOCALES_DIR}/{spec.code}.yml"
    if verbose:
        for key in missing:
            report.warning(where, f"the label '{key}' has no '{spec.code}' text; the '{source}' "
                           "label is shown instead", f"add '{key}' to {PROJECT_LOCALES_DIR}/"
                           f"{spec.code}.yml")
    elif missing:
        report.warning(where, f"{len(missing)} label(s) have no '{spec.code}' text; the "
                       f"'{source}' label is shown instead (first: {missing[0]})",
                       hint + "; --verbose lists every one")
    return report


def _check_fonts(spec: LanguageSpec, root: Path, where: Location, report: DiagnosticReport
                 ) -> None:
    from .fonts import FontFileError, font_charset

    for name in spec.fonts:
        path = Path(name)
        resolved = (root / path).resolve()
        if path.is_absolute() or ".." in path.parts or not resolved.is_relative_to(root.resolve()):
            report.error(where, f"the font '{name}' of '{spec.code}' is outside the project",
                         "copy the font into the project (e.g. fonts/) and give its path from "
                         "the folder of mkdocs.yml")
        elif not resolved.is_file():
            report.error(where, f"the font file '{name}' of '{spec.code}' does not exist",
                         "check the path: it is relative to the folder of mkdocs.yml")
        else:
            try:
                font_charset(resolved)
            except FontFileError as error:
                report.error(where, f"'{name}' is not a font file Gesprekskit can use: {error}",
                             "use an OpenType (.otf) or TrueType (.ttf) file")


def language_display_name(code: str) -> str:
    """The language's own name for itself (日本語, العربية), for the language selector."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code, sep="-").get_display_name() or code
    except (UnknownLocaleError, ValueError):
        return code
