"""`gesprekskit export DIR`: the guide as plain MkDocs projects that need no Gesprekskit.

The way off the plugin (Material for MkDocs reaches its end of life in 2027; MkDocs 2.0 and
Zensical drop third-party plugins). The export asks the guide plan what the plugin asks it,
and writes the answers down instead of handing them to MkDocs: per edition (language) every
generated page (kits, workshops, the trigger page, ...) as a Markdown file holding the HTML
the plan renders, inside `<div markdown="1">` so that MkDocs' table of contents and search
index see its headings; the hand-written pages as the site shows them, sanitised; every file
the edition publishes (assets, brand, PDFs, calendar files, wall planner, handbook); and a
`mkdocs.yml` with only the theme, `search` and `offline`.

Layout of DIR (one MkDocs project per edition, built in this order):

    DIR/mkdocs.yml, DIR/docs/          the default language → DIR/site/
    DIR/<lang>/mkdocs.yml, .../docs/   each other language  → DIR/site/<lang>/

Where the files land in DIR, and what happens to files the user keeps there, is
`export_folder.py`'s concern.
"""

from __future__ import annotations

import copy
import html
import logging
import re
import shlex
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from .handbook.content import GuidePageError, MarkdownSettings, render_guide_page
from .plan import Edition, GuidePlan
from .plan.publish import SEARCH_POLYFILL, STYLESHEETS
from .plugin import material
from .site.guide_pages import check_content_files
from .site.navigation import prune_for_groups

DOCS = "docs"
OVERRIDES = "overrides"
#: Theme options of mkdocs.yml carried into the exported projects as they are.
THEME_OPTIONS = ("features", "palette", "font", "icon", "logo", "favicon")
#: The language selector, the same partial the plugin's builds use.
SELECTOR_PARTIAL = material.OVERRIDES_DIR / "partials" / "alternate.html"

log = logging.getLogger("mkdocs.plugins.gesprekskit")


class ExportError(Exception):
    """The guide cannot be exported; the message says which file and why."""


# --- pages as Markdown ---------------------------------------------------------------------------

#: Elements whose text is shown as written: copied into the page untouched.
_VERBATIM = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)
_BLOCK_TAGS = ("address|article|aside|blockquote|caption|dd|details|dialog|div|dl|dt|fieldset|"
               "figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|section|summary|"
               "table|tbody|td|tfoot|th|thead|tr|ul")
_BLOCK_TAG = re.compile(rf"[ \t]*(</?(?:{_BLOCK_TAGS})\b[^>]*>)[ \t]*", re.I)


def block_lines(html: str) -> str:
    """The same HTML with every block-level tag on a line of its own.

    Python-Markdown's `md_in_html` reads a block tag as such only at the start of a line; one
    that follows other markup on its line (`</p>  <div>`, as templates write) makes it close
    elements in the wrong place and re-nest the page. Whitespace between block elements is
    not shown, so the page looks the same; `<pre>` and scripts are left as they are."""
    parts, last = [], 0
    for match in _VERBATIM.finditer(html):
        parts.append(_BLOCK_TAG.sub(lambda tag: f"\n{tag.group(1)}\n", html[last:match.start()]))
        parts.append(f"\n{match.group(0)}\n")
        last = match.end()
    parts.append(_BLOCK_TAG.sub(lambda tag: f"\n{tag.group(1)}\n", html[last:]))
    return re.sub(r"\n\s*\n+", "\n", "".join(parts)).strip()


class _ExportDumper(yaml.SafeDumper):
    """YAML for the exported files. Titles the plan marked as escaped once for Material
    (`Markup`) are written as that escaped text: Material writes them unescaped, as it does
    the site's."""


_ExportDumper.add_representer(
    Markup, lambda dumper, text: dumper.represent_str(str(text)))


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_ExportDumper, allow_unicode=True, sort_keys=False, width=1000)


def page_markdown(title: str | None, body: str, alternate: list[dict[str, str]]) -> str:
    """A Markdown file MkDocs renders as this HTML: the title (escaped, as Material writes it
    unescaped; None: MkDocs takes the nav's) and the language selector's links in the front
    matter, the body inside a block whose headings and links MkDocs sees."""
    if isinstance(title, Markup):  # a guide page's heading comes escaped once already
        title = title.unescape()
    meta: dict[str, Any] = {} if title is None else {"title": html.escape(title, quote=True)}
    if alternate:
        meta["gesprekskit_alternate"] = alternate
    # No empty front matter: MkDocs reads a bare `---` pair as a heading.
    front = f"---\n{_yaml(meta)}---\n\n" \
        if meta else ""
    return f'{front}<div class="gk-exported" markdown="1">\n{block_lines(body)}\n</div>\n'


#: A relative link to a page written in Markdown: `other.md`, `../voor-hr/x.md#part`.
_PAGE_LINK = re.compile(r'(<a\b[^>]*?\bhref=")(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]*?)\.md([#?][^"]*)?"',
                        re.I)


def page_links_as_html(body: str) -> str:
    """Links between written pages point at the pages MkDocs makes of them (`x.md` → `x.html`),
    as MkDocs does for the site's own build: in the exported HTML MkDocs no longer sees them."""
    return _PAGE_LINK.sub(lambda link: f'{link.group(1)}{link.group(2)}.html{link.group(3) or ""}"',
                          body)


def nav_titles(nav: Any) -> dict[str, str]:
    """page → its title in the nav, for the pages the nav names with a title."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = str(title)
                else:
                    titles.update(nav_titles(value))
    return titles


def page_url(src_uri: str) -> str:
    """Where MkDocs puts a page with `use_directory_urls: false` (as the export sets it)."""
    return src_uri.removesuffix(".md") + ".html"


class _ContentFile:
    """An author's file in content/, as the site's file checks read it."""

    generated_by = None

    def __init__(self, docs_dir: Path, path: Path) -> None:
        self.src_uri = path.relative_to(docs_dir).as_posix()
        self.abs_src_path = str(path)
        self.name = path.stem

    def is_documentation_page(self) -> bool:
        return self.src_uri.endswith(".md")


# --- one edition ---------------------------------------------------------------------------------


class EditionExport:
    """One edition of the plan written as a MkDocs project: `files` maps each path (relative
    to the export's folder) to the file to copy or the content to write."""

    def __init__(self, plan: GuidePlan, edition: Edition) -> None:
        self.plan = plan
        self.edition = edition
        self.prefix = "" if edition.is_default else f"{edition.language}/"
        self.files: dict[str, Path | str | bytes] = {}
        self.generated_pages = 0
        self.content_pages = 0
        self.published = 0

    @property
    def config_path(self) -> str:
        return f"{self.prefix}mkdocs.yml"

    def _add(self, path: str, data: Path | str | bytes) -> None:
        self.files[self.prefix + path] = data

    def collect(self) -> None:
        edition = self.edition
        # First: the files (PDFs, calendars, handbook) tell the pages what they link to.
        for item in self.plan.files_to_publish(edition):
            source = item.source if item.source is not None else item.content
            assert source is not None
            self._add(f"{DOCS}/{item.site_path}", source)
            self.published += 1
        renderer = edition.renderer()
        for page in edition.pages:
            url = page_url(page.src_uri)
            body = edition.page_html(page, url, renderer)
            self._add(f"{DOCS}/{page.src_uri}",
                      page_markdown(page.title, body, edition.alternate_links(url)))
            self.generated_pages += 1
        self._content()
        if edition.selector:
            self._add(f"{OVERRIDES}/partials/alternate.html", SELECTOR_PARTIAL)
        self._add("mkdocs.yml", _yaml(self.mkdocs_yml()))

    def _content(self) -> None:
        """The hand-written pages in this language (else the default's), rendered and
        sanitised as the site shows them; pictures and other files as the site publishes them."""
        settings = self.plan.settings
        docs_dir = settings.docs_dir
        files = [_ContentFile(docs_dir, path) for path in sorted(docs_dir.rglob("*"))
                 if path.is_file() and not path.name.startswith(".")] if docs_dir.is_dir() else []
        sanitised, problems = check_content_files(files, str(docs_dir))
        if problems:
            raise ExportError("files in the content folder cannot be published:\n"
                              + "\n".join(problems))
        clean = {file.src_uri: content for file, content in sanitised}
        uris = [file.src_uri for file in files if file.is_documentation_page()]
        values = settings.mkdocs_values()
        markdown = MarkdownSettings(tuple(values["markdown_extensions"]),
                                    dict(values["mdx_configs"]))
        edition = self.edition
        titled = nav_titles(edition.nav)
        for choice in edition.content_choices(uris):
            if edition.generated_page(choice.src_uri) is not None:
                raise ExportError(f"{docs_dir.name}/{choice.source_uri} has the name of a page "
                                  "Gesprekskit generates: remove or rename it")
            try:
                body, title = render_guide_page(docs_dir / choice.source_uri, choice.src_uri,
                                                markdown, docs_dir)
            except GuidePageError as error:
                raise ExportError(str(error)) from None
            if choice.shown_language is not None:  # another language's page, marked as such
                spec = self.plan.project.settings.language(choice.shown_language)
                body = f'<div lang="{choice.shown_language}" dir="{spec.direction}">\n{body}\n</div>'
            if choice.src_uri == "index.md" or choice.src_uri in titled:
                title = None  # the home page has none; the nav's title wins, as in the site
            else:
                title = title or Path(choice.src_uri).stem.replace("-", " ").capitalize()
            self._add(f"{DOCS}/{choice.src_uri}", page_markdown(
                title, page_links_as_html(body), edition.alternate_links(page_url(choice.src_uri))))
            self.content_pages += 1
        for file in files:
            if not file.is_documentation_page():
                self._add(f"{DOCS}/{file.src_uri}",
                          clean.get(file.src_uri) or Path(file.abs_src_path))

    # --- mkdocs.yml ----------------------------------------------------------------------------

    def mkdocs_yml(self) -> dict[str, Any]:
        settings = self.plan.settings
        edition = self.edition
        raw = settings.raw
        raw_theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
        theme: dict[str, Any] = {"name": "material", "language": edition.spec.theme_language,
                                 "direction": edition.spec.direction}
        for option in THEME_OPTIONS:
            if raw_theme.get(option) not in (None, {}, []):
                theme[option] = copy.deepcopy(raw_theme[option])
        material.label_palette_toggles(theme.get("palette"), edition)
        if edition.logo:
            theme["logo"] = theme["favicon"] = edition.logo
        theme.setdefault("features", [])
        prune_for_groups(theme["features"], edition.pages)
        extra = {key: value for key, value in dict(raw.get("extra") or {}).items()
                 if key != "alternate"}
        extra["generator"] = False
        if not extra.get("polyfills"):
            extra["polyfills"] = [SEARCH_POLYFILL]
        if edition.selector:
            theme["custom_dir"] = OVERRIDES
            extra["alternate"] = True  # the header shows the selector; the partial fills it
        extra_css = [item for item in raw.get("extra_css") or [] if isinstance(item, str)]
        config: dict[str, Any] = {
            "site_name": material.escaped_site_name(edition),
            "site_description": edition.site_description or settings.site_description,
            "docs_dir": DOCS,
            "site_dir": "site" if edition.is_default else f"../site/{edition.language}",
            "use_directory_urls": False,
            "theme": theme,
            "extra_css": extra_css + [item for item in STYLESHEETS if item not in extra_css],
            "plugins": [{"search": material.search_options(edition)}, "offline"],
            "markdown_extensions": self._extensions(),
            "extra": extra,
        }
        if settings.site_url:
            config["site_url"] = settings.site_url.rstrip("/") + "/" + edition.site_root
        if raw.get("copyright"):
            config["copyright"] = str(raw["copyright"])
        if edition.nav is not None:
            config["nav"] = edition.nav
        return config

    def _extensions(self) -> list[Any]:
        """mkdocs.yml's Markdown extensions, plus `md_in_html` for the pages' HTML; the table of
        contents lists h1–h3, as the plugin's pages do."""
        values = self.plan.settings.mkdocs_values()
        configs = dict(values["mdx_configs"])
        configs["toc"] = {**configs.get("toc", {}), "toc_depth": 3}
        names = [name for name in values["markdown_extensions"] if isinstance(name, str)]
        names += [name for name in ("md_in_html", "toc") if name not in names]
        return [{name: configs[name]} if configs.get(name) else name for name in names]


def collect_export(plan: GuidePlan) -> list[EditionExport]:
    """Every edition of the plan as a MkDocs project, in memory (files named, not copied)."""
    from .progress import set_activity

    set_activity("rendering the PDFs")
    plan.render_pdfs()
    exports = []
    for edition in plan.editions:
        set_activity(f"exporting the '{edition.language}' pages and files")
        export = EditionExport(plan, edition)
        export.collect()
        log.info(f"Export ({edition.language}): {export.generated_pages} generated and "
                 f"{export.content_pages} written pages, {export.published} files")
        exports.append(export)
    return exports


def build_commands(languages: list[str]) -> list[str]:
    """The commands that build an exported guide, in order: the default language first, as its
    build empties site/."""
    return ["mkdocs build"] + [f"mkdocs build -f {code}/mkdocs.yml" for code in languages[1:]]


def build_hint(folder: Path | str, languages: list[str]) -> str:
    """The one line a user pastes into a shell to build the export: the folder quoted, since
    a path with a space (`~/Mijn documenten/gids`) otherwise names another folder."""
    return " && ".join([f"cd {shlex.quote(str(folder))}", *build_commands(languages)])


def export_readme(languages: list[str]) -> str:
    commands = build_commands(languages)
    steps = "\n".join(f"    {command}" for command in commands)
    order = " (in this order: the first build empties `site/`)" if len(commands) > 1 else ""
    return (
        "# This guide, exported by Gesprekskit\n\n"
        "Plain MkDocs projects: they need only `mkdocs` and `mkdocs-material`, not Gesprekskit.\n"
        "The pages Gesprekskit generates from the kits are Markdown files holding their HTML; "
        "the PDFs are in `docs/downloads/`.\n\n"
        f"Build the guide into `site/`{order}:\n\n"
        f"{steps}\n\n"
        "Open `site/index.html`. Editing the kits means exporting again. The next export "
        "replaces only the files it wrote itself (listed in `.gesprekskit-export.json`) and "
        "that you did not change; files you added are left alone, and it stops before "
        "replacing a file you changed (unless told to with `--overwrite`).\n")
