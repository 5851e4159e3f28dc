"""The MkDocs-level settings of mkdocs.yml, checked without MkDocs: the theme and the plugins
are installed, Material's options are ones it knows, and every page the nav names exists.

MkDocs checks these itself, but only when it runs, and without saying where in the file the
mistake is. `gesprekskit validate` (which never imports MkDocs) and every build ask here, so
both report the same problems, each with its line, a hint and a likely correction. Installed
themes and plugins are found by their entry points, the way MkDocs finds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ..config_positions import ConfigPath, ConfigPositions
from ..diagnostics import DiagnosticReport
from ..guide_checks import content_pages
from ..i18n import available_languages
from ..loader import Project
from ..site.languages import choose_content
from ..site.pages import SiteLayout, planned_page_paths
from ..text import LANGUAGE_CODE
from ..validation_messages import did_you_mean
from .material_checks import check_material_options
from .settings import GesprekskitOptions, GuideSettings, LanguageOptions, plugin_entry

#: MkDocs' own default when mkdocs.yml names no theme.
DEFAULT_THEME = "mkdocs"

#: The top-level settings MkDocs 1.6 knows (its config schema, without its internal ones, and
#: INHERIT); Material adds none of its own (its settings sit under `theme:` and `extra:`).
#: MkDocs only warns about any other key, and the build goes on without the setting.
KNOWN_SETTINGS = (
    "INHERIT", "copyright", "dev_addr", "docs_dir", "draft_docs", "edit_uri",
    "edit_uri_template", "exclude_docs", "extra", "extra_css", "extra_javascript",
    "extra_templates", "google_analytics", "hooks", "markdown_extensions", "nav", "not_in_nav",
    "pages", "plugins", "remote_branch", "remote_name", "repo_name", "repo_url", "site_author",
    "site_description", "site_dir", "site_name", "site_url", "strict", "theme",
    "use_directory_urls", "validation", "watch")


@lru_cache(maxsize=1)
def _installed() -> dict[str, list[str]]:
    found = entry_points()  # one scan of the installed packages per process (serve rebuilds)
    return {group: sorted({entry.name for entry in found.select(group=group)})
            for group in ("mkdocs.themes", "mkdocs.plugins")}


def installed(group: str) -> list[str]:
    """The names MkDocs would find in an entry point group (`mkdocs.themes`, `mkdocs.plugins`)."""
    return _installed()[group]


def mkdocs_settings_report(settings: GuideSettings, project: Project) -> DiagnosticReport:
    """The check `validate` and the build share: mkdocs.yml against the project's pages."""
    return check_mkdocs_settings(settings, guide_pages(settings, project))


def guide_pages(settings: GuideSettings, project: Project) -> set[str]:
    """The pages a nav can name: the content folder's (`index.md` for `index.nl.md` too) and
    the generated ones (kits, tips, question bank; Workshops even without workshops, whose
    nav entry the plan then drops)."""
    default = settings.default_language
    known = sorted(set(settings.languages) | set(available_languages()))
    layout = SiteLayout(kits_section=settings.options.kits_section)
    own = {choice.src_uri for choice in choose_content(content_pages(settings.docs_dir), default,
                                                       default, known)}
    generated = planned_page_paths(project, layout, project.settings.context(default))
    return own | generated | {layout.workshops_page}


def check_mkdocs_settings(settings: GuideSettings, pages: Iterable[str]) -> DiagnosticReport:
    """Every theme, plugin and nav mistake in mkdocs.yml; `pages` are the guide's pages as the
    nav names them (its own Markdown files and the pages Gesprekskit generates)."""
    report = DiagnosticReport()
    positions = ConfigPositions(settings.config_file)
    _check_setting_names(settings.raw, positions, report)
    theme = _check_theme(settings.raw, positions, report)
    if theme == "material":
        check_material_options(settings.raw, positions, report)
    _check_plugins(settings.raw, theme, positions, report)
    if theme == "material":
        _check_offline(settings.raw, positions, report)
    _check_plugin_options(settings.raw, positions, report)
    if _check_docs_dir(settings, positions, report):
        _check_nav(settings, set(pages), positions, report)
    _check_nav_titles(settings, positions, report)
    return report


def _check_setting_names(raw: Any, positions: ConfigPositions,
                         report: DiagnosticReport) -> None:
    """A misspelt setting (`site_nmae:`, `nva:`) is one MkDocs ignores: the guide silently
    loses its name or nav. Warn at the key, with the setting it most likely means."""
    for key in raw:
        if str(key) in KNOWN_SETTINGS:
            continue
        close = did_you_mean(str(key), list(KNOWN_SETTINGS))
        where = positions.location((str(key),))
        report.warning(where,
                       f"{where.path.name} has no setting '{key}'; MkDocs ignores it",
                       f"did you mean '{close}'?" if close else
                       f"remove it, or correct its name; a theme's options go under 'theme:', "
                       f"your own values under 'extra:'")


def _check_docs_dir(settings: GuideSettings, positions: ConfigPositions,
                    report: DiagnosticReport) -> bool:
    """The folder of the guide's own pages exists (MkDocs stops without it, unlocated), and
    holds a home page (without one the site has no index.html to open)."""
    docs = settings.docs_dir
    written = "docs_dir" in settings.raw
    where = positions.location(("docs_dir",), value=True)
    if not docs.is_dir():
        report.error(where, f"the folder of the guide's pages, {docs}, does not exist",
                     f"make it, with an index.md as the home page, or set docs_dir to the "
                     f"folder that holds your pages{'' if written else ' (docs_dir: content)'}")
        return False
    if not any(docs.glob("index*.md")):
        report.warning(where, f"the guide has no home page: {docs.name}/index.md is missing",
                       f"write {docs.name}/index.md (a title and a few sentences of welcome); "
                       "without it the site has no index.html to open")
    return True


def _check_theme(raw: Any, positions: ConfigPositions, report: DiagnosticReport) -> str | None:
    """The theme's name ("" for a theme from custom_dir alone), None when it is not installed."""
    value = raw.get("theme", DEFAULT_THEME)
    path: ConfigPath = ("theme",)
    if isinstance(value, dict):
        if value.get("name") is None and value.get("custom_dir"):
            return ""  # a theme of the project's own, from custom_dir alone
        value, path = value.get("name"), ("theme", "name")
    themes = installed("mkdocs.themes")
    if not isinstance(value, str) or not value:
        report.error(positions.location(path, value=True), "the theme has no name",
                     f"write for example 'name: material'; installed: {', '.join(themes)}")
        return None
    if value not in themes:
        close = did_you_mean(value, themes)
        report.error(positions.location(path, value=True),
                     f"the theme '{value}' is not installed",
                     f"did you mean '{close}'?" if close else
                     f"installed themes: {', '.join(themes)}; install another theme's package "
                     "with pip first")
        return None
    return value


def _plugin_entries(raw: Any) -> Iterator[tuple[ConfigPath, str]]:
    plugins = raw.get("plugins")
    if isinstance(plugins, dict):
        yield from ((("plugins", str(name)), str(name)) for name in plugins)
        return
    for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(entry, str):
            yield ("plugins", index), entry
        elif isinstance(entry, dict):
            yield from ((("plugins", index, str(name)), str(name)) for name in entry)


def _check_plugins(raw: Any, theme: str | None, positions: ConfigPositions,
                   report: DiagnosticReport) -> None:
    plugins = installed("mkdocs.plugins")
    # A theme's plugins go by their short name too (`offline` for `material/offline`); with
    # a theme that is not installed, any theme's (that mistake is reported once, above).
    short = [name.split("/", 1)[1] for name in plugins
             if "/" in name and (theme is None or name.startswith(f"{theme}/"))]
    entries = raw.get("plugins")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not (isinstance(entry, str) or isinstance(entry, dict) and len(entry) == 1 and all(
                isinstance(options, (dict, type(None))) for options in entry.values())):
            report.error(positions.location(("plugins", index)),
                         "this plugins entry is not a plugin's name or a name with its options",
                         "write '- search', or '- search:' with the options indented below it, "
                         "one plugin per item")
    if entries is not None and not isinstance(entries, (list, dict)):
        report.error(positions.location(("plugins",)), "plugins must be a list",
                     "write each plugin as an item of its own: '- search'")
    for path, name in _plugin_entries(raw):
        if name in plugins or (theme is None and name in short) or f"{theme}/{name}" in plugins:
            continue
        close = did_you_mean(name, sorted({*plugins, *short}))
        report.error(positions.location(path), f"the plugin '{name}' is not installed",
                     f"did you mean '{close}'?" if close else
                     f"install its package with pip, or remove it; installed plugins: "
                     f"{', '.join(sorted({*short, *plugins}))}")


def _check_offline(raw: Any, positions: ConfigPositions, report: DiagnosticReport) -> None:
    """The guide works without a network, from disk and from a zip, only with Material's
    `offline` plugin (search from file://, pages that link to files, not folders) and without
    Material's web fonts (`font: false`; otherwise every page asks Google Fonts). Leaving
    either out builds without a word and breaks that promise, so it is a warning."""
    names = {name.removeprefix("material/") for _, name in _plugin_entries(raw)}
    if "offline" not in names and isinstance(raw.get("plugins"), (list, dict)):
        report.warning(positions.location(("plugins",)),
                       "without Material's 'offline' plugin the guide does not work from disk "
                       "or a zip (file://): search finds nothing and links lead to folders",
                       "add '- offline' under plugins (after '- search')")
    theme = raw.get("theme")
    font = theme.get("font", True) if isinstance(theme, dict) else True
    if font is not False:
        where = (("theme", "font") if isinstance(theme, dict) and "font" in theme else
                 ("theme",))
        report.warning(positions.location(where),
                       "the theme's web font is loaded from Google Fonts: every page of the "
                       "guide then asks the internet for it, which a guide that works offline "
                       "must not",
                       "write 'font: false' under theme: (the sheets' and the brand's fonts "
                       "are unaffected)")


#: Options of the gesprekskit plugin only MkDocs reads (see plugin/config.py).
_MKDOCS_ONLY_OPTIONS = ("quiet_theme_notice",)


def _check_plugin_options(raw: Any, positions: ConfigPositions,
                          report: DiagnosticReport) -> None:
    """A misspelt option of the gesprekskit plugin (`langauges:`) is ignored: the guide
    silently loses its languages or its cycle. MkDocs warns without a line; warn at the key,
    with the option it most likely means, in a language's options too."""
    found = plugin_entry(raw)
    if found is None:
        return
    path, options = found
    known = sorted({item.name for item in fields(GesprekskitOptions)} | set(_MKDOCS_ONLY_OPTIONS))
    _unknown_keys(options, known, path, "the gesprekskit plugin", positions, report)
    languages = options.get("languages")
    language_keys = sorted(item.name for item in fields(LanguageOptions))
    for code, language in (languages.items() if isinstance(languages, dict) else []):
        if isinstance(language, dict):
            _unknown_keys(language, language_keys, (*path, "languages", str(code)),
                          f"the gesprekskit language '{code}'", positions, report)


def _unknown_keys(options: dict[Any, Any], known: list[str], path: ConfigPath, owner: str,
                  positions: ConfigPositions, report: DiagnosticReport) -> None:
    for key in options:
        if str(key) in known:
            continue
        close = did_you_mean(str(key), known)
        report.warning(positions.location((*path, str(key))),
                       f"{owner} has no option '{key}'; it is ignored",
                       f"did you mean '{close}'?" if close else
                       f"remove it, or correct its name; the options are: {', '.join(known)}")


def _nav_targets(nav: Any, path: ConfigPath) -> Iterator[tuple[ConfigPath, str]]:
    """Each page a nav names, with its place: `- page.md`, `- Title: page.md`, sections."""
    if isinstance(nav, list):
        for index, item in enumerate(nav):
            yield from _nav_targets(item, (*path, index))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            yield from _nav_targets(value, (*path, str(title)))
    elif isinstance(nav, str):
        yield path, nav


#: How a nav is written, for the hint when it is written otherwise.
_NAV_SHAPE = ("write the nav as a list whose items are a page ('- tips.md'), a title and a page "
              "('- Tips: tips.md') or a title and a list of such items (a section)")


def _nav_shape_mistakes(nav: Any, path: ConfigPath) -> Iterator[ConfigPath]:
    """The places where a nav is not a list of pages, titled pages and sections, which MkDocs
    refuses (unlocated) and the site's navigation cannot read."""
    if not isinstance(nav, list):
        yield path
        return
    for index, item in enumerate(nav):
        if isinstance(item, str):
            continue
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(title, str) and isinstance(value, str):
                continue
            if isinstance(title, str) and isinstance(value, list):
                yield from _nav_shape_mistakes(value, (*path, index, title))
                continue
        yield (*path, index)


def _check_nav(settings: GuideSettings, pages: set[str], positions: ConfigPositions,
               report: DiagnosticReport) -> None:
    if "nav" in settings.raw and settings.raw["nav"] is not None:
        mistakes = list(_nav_shape_mistakes(settings.raw["nav"], ("nav",)))
        for path in mistakes:
            report.error(positions.location(path), "this nav entry is not a page, a titled "
                         "page or a section", _NAV_SHAPE)
        if mistakes:
            return
    docs = settings.docs_dir
    folder = docs.name
    for path, target in _nav_targets(settings.nav, ("nav",)):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue  # a link out of the guide, as MkDocs allows
        if target.startswith("/"):
            if target.endswith(".md") or Path(target).is_file():
                # MkDocs takes it for a link from the web server's root, which an offline
                # guide opened from disk does not have: it was meant as a file.
                report.error(positions.location(path, value=True),
                             f"the nav names '{target}', a path from the root of the disk or "
                             "the web server, not a page of the guide",
                             f"write the page relative to {folder}/, without the leading '/'")
            continue
        lookup = PurePosixPath(target).as_posix()  # './tips.md' is tips.md, as in MkDocs
        if lookup in pages or (not lookup.endswith(".md") and _file_within(docs, lookup)):
            continue
        close = did_you_mean(target, sorted(pages), cutoff=0.75)
        outside = not (docs / lookup).resolve().is_relative_to(docs.resolve())
        report.error(positions.location(path, value=True),
                     f"the nav names '{target}', which is not a page of the guide"
                     + (f" (it is outside {folder}/)" if outside else ""),
                     f"did you mean '{close}'?" if close else
                     f"the nav names only pages inside {folder}/: move or copy the file there"
                     if outside else
                     f"write {folder}/{target}, or correct the path (relative to {folder}/)")


def _nav_titles(nav: Any) -> list[str]:
    """Every title of a nav, sections' included, in order, each once."""
    titles: list[str] = []
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if str(title) not in titles:
                    titles.append(str(title))
                titles += [inner for inner in _nav_titles(value) if inner not in titles]
    return titles


def _check_nav_titles(settings: GuideSettings, positions: ConfigPositions,
                      report: DiagnosticReport) -> None:
    """A language's nav titles match the nav's (`languages: en: nav: {Welkom: Welcome}`): a
    misspelt title is never used, and a title the language lacks shows in another language on
    its site, silently either way. Each is a warning, like a page without its translation."""
    found = plugin_entry(settings.raw)
    titles = _nav_titles(settings.nav)
    if found is None or not titles:
        return
    path, options = found
    languages = options.get("languages")
    default = settings.default_language
    for code in settings.languages:
        if code == default or not LANGUAGE_CODE.match(code):
            continue  # a refused code is reported once, as not a language code (languages.py)
        language = languages.get(code) if isinstance(languages, dict) else None
        where = (*path, "languages", code)
        chosen = settings.options.languages.get(code)
        own = dict(chosen.nav) if chosen is not None else {}
        for title in own:
            if title not in titles:
                close = did_you_mean(title, titles)
                report.warning(positions.location((*where, "nav", title)),
                               f"the nav has no title '{title}'; this translation is never used",
                               f"did you mean '{close}'?" if close else
                               "write the title as the nav in mkdocs.yml has it (in the default "
                               f"language), for example '{titles[0]}'")
        missing = [title for title in titles if title not in own]
        if not missing:
            continue
        chain = [item for item in (chosen.fallback if chosen is not None else ()) if item != code]
        shown = {next((item for item in chain if item != default and title in dict(
            getattr(settings.options.languages.get(item), "nav", {}) or {})), default)
                 for title in missing}
        named = ", ".join(f"'{title}'" for title in missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        report.warning(positions.location((*where, "nav") if isinstance(language, dict)
                                          and "nav" in language else where),
                       f"{len(missing)} nav title(s) have no '{code}' translation: {named}; "
                       f"the '{code}' site shows them in "
                       + (f"'{shown.pop()}'" if len(shown) == 1 else "its fallback languages"),
                       f"add them under languages: {code}: nav:, for example "
                       f"nav: {{{missing[0]}: ...}}")


def _file_within(docs: Path, target: str) -> bool:
    """A file the nav names that MkDocs would publish: one inside the pages' folder (MkDocs
    knows only those; '../mkdocs.yml' becomes a link that leads nowhere)."""
    candidate = docs / target
    return candidate.is_file() and candidate.resolve().is_relative_to(docs.resolve())
