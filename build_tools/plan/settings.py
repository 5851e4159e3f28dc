"""The guide's settings as plain data: the `gesprekskit` section of mkdocs.yml and the few
site-wide values Gesprekskit needs, read once, without MkDocs.

Commands override settings by making a changed copy (`with_overrides`), never by writing into
MkDocs' plugin configuration. MkDocs still validates mkdocs.yml itself when it builds; the
checks here are the ones a command needs before it can start.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config_file import ConfigFileError, read_config_file

PLUGIN_NAME = "gesprekskit"


@dataclass(frozen=True)
class LanguageOptions:
    """One language of the guide: its name in the language selector and its nav titles."""

    name: str = ""
    site_name: str | None = None
    site_description: str | None = None
    #: Titles of the nav in mkdocs.yml (written in the default language) → this language.
    nav: Mapping[str, str] = field(default_factory=dict)
    #: Where a text missing in this language comes from, in order.
    fallback: tuple[str, ...] = ()
    #: Font files inside the project for characters the brand's fonts and Inter lack.
    fonts: tuple[str, ...] = ()


@dataclass(frozen=True)
class GesprekskitOptions:
    """The options under `plugins: - gesprekskit:` (see `plugin/config.py` for MkDocs' copy)."""

    kits_dir: str = "kits"
    tips_dir: str = "kits/tips"
    #: The trainers' workshops (optional folder).
    workshops_dir: str = "workshops"
    language: str = "nl"
    languages: Mapping[str, LanguageOptions] = field(default_factory=dict)
    kits_section: str = "gesprekken"
    pdfs: bool = True
    #: The whole guide as one printed PDF per language; a very large guide may leave it out
    #: (one WeasyPrint document: its memory grows with every kit).
    handbook: bool = True
    jobs: int = 0
    cache: bool = True
    cache_dir: str = ".cache/gesprekskit/pdf"
    strict: bool = False
    #: A brand.yml file relative to mkdocs.yml (or absolute, from `--brand`); empty: `_brand.yml`.
    brand: str = ""
    #: The conversation cycle's calendar settings, as written (checked by `cycle.settings`).
    cycle: Mapping[str, Any] = field(default_factory=dict)

    @property
    def language_codes(self) -> list[str]:
        """The guide's languages, the default first."""
        return [self.language] + [code for code in self.languages if code != self.language]


@dataclass(frozen=True)
class GuideSettings:
    """What Gesprekskit reads from mkdocs.yml, with paths made absolute."""

    root: Path
    config_file: Path
    options: GesprekskitOptions
    site_name: str = ""
    site_description: str = ""
    site_url: str = ""
    use_directory_urls: bool = True
    docs_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    custom_dir: Path | None = None
    watch: tuple[Path, ...] = ()
    hooks: tuple[Path, ...] = ()
    #: mkdocs.yml's `nav:`, as written (None: MkDocs builds it from the content folder).
    nav: Any = None
    theme_language: str = ""
    #: MkDocs' own top-level `strict: true` (or `mkdocs build --strict`).
    mkdocs_strict: bool = False
    #: `--strict` on the command line asked for strictness (for the message that says so).
    strict_from_command_line: bool = False
    #: mkdocs.yml as read (tags resolved to plain values), for `mkdocs_values`.
    raw: Mapping[str, Any] = field(default_factory=dict)

    def mkdocs_values(self) -> dict[str, Any]:
        """The keys of mkdocs.yml the export and the handbook read, shaped as MkDocs hands them
        to plugins (a list of Markdown extension names and their configs apart), as plain
        data: neither needs MkDocs to read them."""
        names = ["toc", "tables", "fenced_code"]  # MkDocs always loads these
        configs: dict[str, Any] = {}
        for item in self.raw.get("markdown_extensions") or []:
            entries = item.items() if isinstance(item, dict) else [(item, None)]
            for name, config in entries:
                if str(name) not in names:
                    names.append(str(name))
                if isinstance(config, dict) and config:
                    configs[str(name)] = config
        theme = self.raw.get("theme")
        extra = self.raw.get("extra")
        return {"docs_dir": str(self.docs_dir), "nav": self.nav, "site_name": self.site_name,
                "site_description": self.site_description, "site_url": self.site_url,
                "copyright": self.raw.get("copyright") or "",
                "theme": dict(theme) if isinstance(theme, dict) else {"name": str(theme or "")},
                "extra": dict(extra) if isinstance(extra, dict) else {},
                "markdown_extensions": names, "mdx_configs": configs}

    @property
    def languages(self) -> list[str]:
        return self.options.language_codes

    @property
    def default_language(self) -> str:
        return self.options.language

    @property
    def site_names(self) -> dict[str, str]:
        """The guide's name per language: site_name, or a language's own (`languages:`)."""
        names = {code: options.site_name for code, options in self.options.languages.items()
                 if options.site_name and code in self.languages}
        return {self.default_language: self.site_name, **names}

    def with_overrides(self, *, strict: bool = False, brand: Path | None = None,
                       jobs: int | None = None, cache: bool | None = None,
                       pdfs: bool | None = None, site_dir: Path | None = None) -> GuideSettings:
        """A copy with what the command line asked for; `None` keeps the setting."""
        changes: dict[str, Any] = {}
        if strict:
            changes["strict"] = True
        if brand is not None:
            changes["brand"] = os.path.abspath(brand)  # not resolved: a link is checked
        if jobs is not None:
            changes["jobs"] = jobs
        if cache is not None:
            changes["cache"] = cache
        if pdfs is not None:
            changes["pdfs"] = pdfs
        options = dataclasses.replace(self.options, **changes)
        return dataclasses.replace(
            self, options=options,
            strict_from_command_line=self.strict_from_command_line or strict,
            site_dir=Path(os.path.abspath(site_dir)) if site_dir is not None else self.site_dir)


def has_plugin(data: Mapping[str, Any]) -> bool:
    return plugin_entry(data) is not None


def plugin_entry(data: Mapping[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
    """Where in mkdocs.yml the gesprekskit plugin's options are written (the keys leading to
    them, for messages) and the options ({} when it is listed bare); None without it."""
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        entries: list[tuple[tuple[Any, ...], Any]] = [(("plugins",), plugins)]
    else:
        entries = [(("plugins", index), entry)
                   for index, entry in enumerate(plugins if isinstance(plugins, list) else [])]
    for path, entry in entries:
        if entry == PLUGIN_NAME:
            return path, {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME]
            return (*path, PLUGIN_NAME), options if isinstance(options, dict) else {}
    return None


_OPTION_TYPES: dict[str, type] = {
    "kits_dir": str, "tips_dir": str, "workshops_dir": str, "language": str, "kits_section": str, "pdfs": bool,
    "handbook": bool,
    "jobs": int, "cache": bool, "cache_dir": str, "strict": bool, "brand": str}


def _checked(where: str, name: str, value: Any, expected: type) -> Any:
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigFileError(f"{where}: error: the gesprekskit option '{name}' must be "
                              f"{'a number' if expected is int else 'true or false' if expected is bool else 'a text'}, "
                              f"not {value!r}")
    return value


def _mapping(where: str, value: Any, must: str) -> dict[Any, Any]:
    """`value` (empty: {}) when it is a mapping; else the error saying what it must be."""
    value = value or {}
    if not isinstance(value, dict):
        raise ConfigFileError(f"{where}: error: {must}")
    return value


def _language_options(where: str, code: str, raw: Any) -> LanguageOptions:
    if raw is None:
        return LanguageOptions()
    raw = _mapping(where, raw, f"the gesprekskit language '{code}' must be a mapping such as "
                   "'{name: English}'")
    nav = _mapping(where, raw.get("nav"), f"'nav' of language '{code}' must map titles to titles")
    listed = {key: raw.get(key) or [] for key in ("fallback", "fonts")}
    for key, value in listed.items():
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigFileError(f"{where}: error: '{key}' of language '{code}' must be a "
                                  "list of texts")
    return LanguageOptions(
        name=str(raw.get("name") or ""),
        site_name=None if raw.get("site_name") is None else str(raw["site_name"]),
        site_description=None if raw.get("site_description") is None
        else str(raw["site_description"]),
        nav={str(key): str(value) for key, value in nav.items()},
        fallback=tuple(listed["fallback"]), fonts=tuple(listed["fonts"]))


def options_from_mapping(where: str, raw: Mapping[str, Any],
                         locate: Callable[[str], str] | None = None) -> GesprekskitOptions:
    """The plugin's options, checked; `locate(name)` is where an option is written (file, line
    and column), for the message when its value has the wrong type."""
    values: dict[str, Any] = {}
    for name, expected in _OPTION_TYPES.items():
        if raw.get(name) is not None:
            values[name] = _checked(locate(name) if locate else where, name, raw[name], expected)
    languages = _mapping(where, raw.get("languages"), "the gesprekskit option 'languages' must "
                         "map language codes to their settings")
    values["cycle"] = _mapping(where, raw.get("cycle"), "the gesprekskit option 'cycle' must be a "
                               "mapping of settings such as 'time_zone: Europe/Amsterdam'")
    values["languages"] = {str(code): _language_options(where, str(code), options)
                           for code, options in languages.items()}
    if values.get("jobs", 0) < 0:
        raise ConfigFileError(f"{locate('jobs') if locate else where}: error: the gesprekskit "
                              f"option 'jobs' must be 0 (one worker per core) or more, not "
                              f"{values['jobs']}")
    if "cache_dir" in values:  # `~/cache` is the user's home, as in a shell (not a folder `~`)
        values["cache_dir"] = os.path.expanduser(values["cache_dir"])
    return GesprekskitOptions(**values)


#: The options naming folders the guide is made from. mkdocs.yml is the owner's own file, so
#: they may lie outside the project (kits shared by several guides), but never be the project
#: folder itself (its mkdocs.yml and every other YAML file would be read as kits).
_SOURCE_OPTIONS = ("kits_dir", "tips_dir", "workshops_dir")
_DEFAULT_FOLDERS = {"kits_dir": "kits", "tips_dir": "kits/tips", "workshops_dir": "workshops"}


def _check_folders(root: Path, docs_dir: Path, options: GesprekskitOptions,
                   locate: Callable[[str], str]) -> None:
    """Source folders that are not the project folder, and a cache apart from them: the cache
    removes entries it no longer uses, so a cache folder that holds or lies in the project's
    sources (`cache_dir: content`, `cache_dir: .`) would publish PDFs as pages or delete a
    user's files."""
    sources = {"docs_dir": docs_dir}
    for name in _SOURCE_OPTIONS:
        folder = _folder(root, getattr(options, name))
        if folder == root:
            raise ConfigFileError(
                f"{locate(name)}: error: the gesprekskit option '{name}' "
                f"('{getattr(options, name)}') must name a folder of its own, not the project "
                "folder itself (mkdocs.yml would be read as one of its files)")
        if folder.exists() and not folder.is_dir():  # said as "does not exist", unlocated
            raise ConfigFileError(
                f"{locate(name)}: error: the gesprekskit option '{name}' "
                f"('{getattr(options, name)}') names a file, not a folder; name the folder "
                f"that holds the {name.removesuffix('_dir')}' YAML files, such as "
                f"'{_DEFAULT_FOLDERS[name]}'")
        sources[name] = folder
    cache = _folder(root, options.cache_dir)
    if root.is_relative_to(cache):
        clash = "is the project folder or holds it"
    else:
        clash = next((f"{'is' if cache == folder else 'lies in' if cache.is_relative_to(folder) else 'holds'} "
                      f"the folder of '{name}'" for name, folder in sources.items()
                      if cache.is_relative_to(folder) or folder.is_relative_to(cache)), "")
    if clash:
        raise ConfigFileError(
            f"{locate('cache_dir')}: error: the gesprekskit option 'cache_dir' "
            f"('{options.cache_dir}') {clash}; the cache removes PDFs it no longer uses, so it "
            "needs a folder of its own, such as .cache/gesprekskit/pdf")


def _folder(root: Path, value: Any) -> Path:
    return Path(os.path.normpath(root / str(value)))


def read_settings(config_file: Path) -> GuideSettings:
    """The settings of the project whose mkdocs.yml is `config_file`.

    Raises ConfigFileError for a broken file, and LookupError when the gesprekskit plugin is
    not listed (not a Gesprekskit project)."""
    config_file = Path(os.path.abspath(config_file))
    data = read_config_file(config_file)
    found = plugin_entry(data)
    if found is None:
        raise LookupError(f"{config_file} does not list the gesprekskit plugin")
    plugin_path, raw = found
    root = config_file.parent
    where = str(config_file)
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    hooks = data.get("hooks") if isinstance(data.get("hooks"), list) else []
    watch = data.get("watch") if isinstance(data.get("watch"), list) else []
    def locate(name: str) -> str:  # only when a message needs it: the file is parsed again
        from ..config_positions import ConfigPositions

        return ConfigPositions(config_file).location((*plugin_path, name), value=True).display(root)

    options = options_from_mapping(where, raw, locate)
    docs_dir = _folder(root, data.get("docs_dir") or "docs")
    _check_folders(root, docs_dir, options, locate)
    return GuideSettings(
        root=root, config_file=config_file, options=options,
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        site_url=str(data.get("site_url") or ""),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        docs_dir=docs_dir,
        site_dir=_folder(root, data.get("site_dir") or "site"),
        custom_dir=_folder(root, custom_dir) if custom_dir else None,
        watch=tuple(_folder(root, item) for item in watch),
        hooks=tuple(_folder(root, item) for item in hooks),
        nav=data.get("nav"), theme_language=str(theme.get("language") or ""),
        mkdocs_strict=bool(data.get("strict", False)), raw=data)
