"""`gesprekskit export DIR`: the guide as plain MkDocs projects that need no Gesprekskit.

The way off the plugin (Material for MkDocs reaches its end of life in 2027; MkDocs 2.0 and
Zensical drop third-party plugins): every page the plugin generates is written out as a
Markdown file holding its rendered HTML (inside `<div markdown="1">`, so that MkDocs' table of
contents, search index and link checks see its headings and links); the hand-written pages as
the site shows them, sanitised; the assets, brand, PDFs and handbook as files; and a
`mkdocs.yml` with only the theme, `search` and `offline`.

Layout of DIR (one MkDocs project per language, built in this order):

    DIR/mkdocs.yml, DIR/docs/          the default language → DIR/site/
    DIR/<lang>/mkdocs.yml, .../docs/   each other language  → DIR/site/<lang>/

The language selector is a small theme override that links each page to the same page of the
other languages, relative to the page, so it works from disk too.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .brand import Brand
from .downloads import (RenderedSheet, download_label, format_size, kit_sheets, paper_label, render_downloads)
from .handbook.content import GuidePageError, MarkdownSettings, render_guide_page
from .handbook.publish import publish_handbook
from .i18n import available_languages
from .loader import Project
from .output_path import write_site_marker
from .site.assets import site_assets
from .plan.publish import guide_brand_css
from .site.brand_css import BRAND_ASSET_DIR, font_site_path, logo_site_path
from .site.guide_pages import check_content_files
from .site.languages import choose_content
from .site.navigation import expand_kits_nav, translate_nav
from .site.pages import DownloadLink, GeneratedPage, PageRenderer, SiteLayout, plan_pages

DOCS = "docs"
OVERRIDES = "overrides"
#: Theme options of mkdocs.yml carried into the exported projects as they are.
THEME_OPTIONS = ("features", "palette", "font", "icon", "logo")
ALTERNATE_TEMPLATE = Path(__file__).resolve().parent / "export_theme" / "alternate.html"


class ExportError(Exception):
    """The guide cannot be exported; the message says which file and why."""


@dataclass
class ExportSettings:
    """What the export reads from mkdocs.yml, as plain data."""

    config: Any                 # mkdocs.yml's keys: site_name, nav, theme, docs_dir, ...
    languages: list[str]        # the default first
    language_options: dict[str, Any] = field(default_factory=dict)
    layout: SiteLayout = SiteLayout()
    cache_dir: Path = Path(".cache/gesprekskit/pdf")
    jobs: int = 0
    use_cache: bool = True


@dataclass
class ExportResult:
    folder: Path
    projects: list[Path]        # the mkdocs.yml files, in the order to build them
    pages: int
    pdfs: int


class _Content:
    """An author's file in content/, as the site's file checks read it."""

    generated_by = None

    def __init__(self, docs_dir: Path, path: Path) -> None:
        self.src_uri = path.relative_to(docs_dir).as_posix()
        self.abs_src_path = str(path)
        self.name = path.stem

    def is_documentation_page(self) -> bool:
        return self.src_uri.endswith(".md")


def _page_markdown(title: str, body: str) -> str:
    """A Markdown file MkDocs renders as this HTML: the title in front matter (escaped, as the
    theme writes it unescaped), the body inside a block whose headings and links MkDocs sees."""
    return (f"---\ntitle: {json.dumps(html.escape(title, quote=True), ensure_ascii=False)}\n---\n\n"
            f'<div class="gk-exported" markdown="1">\n{body.strip()}\n</div>\n')


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


class GuideExporter:
    """Writes one MkDocs project per language into a staging folder."""

    def __init__(self, project: Project, brand: Brand, settings: ExportSettings) -> None:
        self.project = project
        self.brand = brand
        self.settings = settings
        self.config = settings.config
        self.docs_dir = Path(self.config["docs_dir"])
        self.default = settings.languages[0]
        self.pages = 0
        self.pdfs = 0

    def export(self, staging: Path) -> list[Path]:
        rendered, _ = render_downloads(self.project, self.settings.languages, self.brand,
                                       cache_dir=self.settings.cache_dir, jobs=self.settings.jobs,
                                       use_cache=self.settings.use_cache)
        projects = []
        for language in self.settings.languages:
            root = staging if language == self.default else staging / language
            self._language_project(language, root, rendered[language])
            projects.append(root / "mkdocs.yml")
        return projects

    # --- one language ---------------------------------------------------------------------------

    def _language_project(self, language: str, root: Path, sheets: list[RenderedSheet]) -> None:
        docs = root / DOCS
        context = self.project.settings.context(language)
        layout = self.settings.layout
        pages = plan_pages(self.project, layout, context)
        handbook = publish_handbook(self.project, language, self.brand, self._config_for(language),
                                    languages=self.settings.languages,
                                    language_options=self.settings.language_options,
                                    layout=layout, cache_dir=self.settings.cache_dir,
                                    use_cache=self.settings.use_cache)
        _copy(handbook.path, docs / handbook.site_path)
        for sheet in sheets:
            _copy(sheet.path, docs / sheet.site_path)
        self.pdfs += len(sheets) + 1
        renderer = PageRenderer(self.project, layout, context)
        generated = {page.src_uri for page in pages}
        for page in pages:
            body = renderer.render(page, lambda uri, page=page: _relative(uri, page.src_uri),
                                   self._downloads(page, sheets, context))
            if page.kind == "overview":
                body = handbook.offer(body, _relative(handbook.site_path, page.src_uri), context)
            _write(docs / page.src_uri, _page_markdown(page.title, body))
        self._content_pages(language, docs, generated)
        self._assets(docs)
        if len(self.settings.languages) > 1:
            _copy(ALTERNATE_TEMPLATE, root / OVERRIDES / "partials" / "alternate.html")
        _write(root / "mkdocs.yml", yaml.safe_dump(self._mkdocs_yml(language, pages),
                                                   allow_unicode=True, sort_keys=False))
        self.pages += len(pages)

    def _downloads(self, page: GeneratedPage, sheets: list[RenderedSheet], context: Any
                   ) -> dict[str, list[DownloadLink]]:
        if not page.kit_id:
            return {}
        kit = self.project.kit(page.kit_id)
        return {kit.id: [DownloadLink(download_label(item.sheet, context),
                                      paper_label(item.sheet, context),
                                      format_size(item.size, context),
                                      _relative(item.site_path, page.src_uri),
                                      context.translate(f"download_use.{item.sheet}"))
                         for item in kit_sheets(kit, sheets)]}

    def _content_pages(self, language: str, docs: Path, generated: set[str]) -> None:
        """The hand-written pages in this language (else the default's), rendered and
        sanitised as the site shows them; pictures and other files as the site publishes them."""
        files = [_Content(self.docs_dir, path) for path in sorted(self.docs_dir.rglob("*"))
                 if path.is_file() and not path.name.startswith(".")]
        sanitised, problems = check_content_files(files, str(self.docs_dir))
        if problems:
            raise ExportError("files in the content folder cannot be published:\n"
                              + "\n".join(problems))
        clean = {file.src_uri: content for file, content in sanitised}
        known = sorted(set(self.settings.languages) | set(available_languages()))
        uris = [file.src_uri for file in files if file.src_uri.endswith(".md")]
        markdown = self._markdown_settings()
        for choice in choose_content(uris, language, self.default, known):
            if choice.src_uri in generated:
                raise ExportError(f"{self.docs_dir.name}/{choice.source_uri} has the name of a "
                                  "page Gesprekskit generates: remove or rename it")
            try:
                body, title = render_guide_page(self.docs_dir / choice.source_uri,
                                                choice.src_uri, markdown, self.docs_dir)
            except GuidePageError as error:
                raise ExportError(str(error)) from None
            title = title or Path(choice.src_uri).stem.replace("-", " ").capitalize()
            _write(docs / choice.src_uri, _page_markdown(title, body))
        for file in files:
            if not file.is_documentation_page():
                target = docs / file.src_uri
                if file.src_uri in clean:
                    _write(target, clean[file.src_uri])
                else:
                    _copy(Path(file.abs_src_path), target)

    def _markdown_settings(self) -> MarkdownSettings:
        return MarkdownSettings(tuple(self.config["markdown_extensions"]),
                                dict(self.config["mdx_configs"]))

    def _assets(self, docs: Path) -> None:
        for path, source in site_assets():
            _copy(source, docs / path)
        _write(docs / BRAND_ASSET_DIR / "brand.css", guide_brand_css(self.brand))
        for index, face in enumerate(self.brand.font_faces):
            _copy(face.path, docs / font_site_path(index, self.brand))
        logo = logo_site_path(self.brand)
        if logo and self.brand.site_logo:
            _copy(self.brand.site_logo, docs / logo)

    # --- mkdocs.yml -----------------------------------------------------------------------------

    def _config_for(self, language: str) -> dict[str, Any]:
        """mkdocs.yml's keys as this language's site has them (its site name and description)."""
        options = self.settings.language_options.get(language)
        keys = ("docs_dir", "nav", "site_name", "site_description", "markdown_extensions",
                "mdx_configs")
        values = {key: self.config[key] for key in keys}
        if language != self.default and options is not None:
            values["site_name"] = getattr(options, "site_name", None) or values["site_name"]
            values["site_description"] = (getattr(options, "site_description", None)
                                          or values["site_description"])
        return values

    def _mkdocs_yml(self, language: str, pages: list[GeneratedPage]) -> dict[str, Any]:
        spec = self.project.settings.language(language)
        context = self.project.settings.context(language)
        values = self._config_for(language)
        theme: dict[str, Any] = {"name": "material", "language": spec.theme_language,
                                 "direction": spec.direction}
        for option in THEME_OPTIONS:
            if self.config["theme"].get(option) not in (None, {}):
                theme[option] = self.config["theme"][option]
        palette = theme.get("palette") or []
        for option in palette if isinstance(palette, list) else []:
            if isinstance(option, dict) and option.get("toggle"):
                to_light = option.get("scheme") == "slate"
                option["toggle"] = {**option["toggle"], "name": context.translate(
                    "palette.to_light" if to_light else "palette.to_dark")}
        logo = logo_site_path(self.brand)
        if logo:
            theme["logo"] = theme["favicon"] = logo
        extra: dict[str, Any] = {key: value for key, value in dict(self.config["extra"]).items()
                                 if key not in ("alternate", "gesprekskit_languages")}
        extra["generator"] = False
        extra.setdefault("polyfills", ["assets/gesprekskit/javascripts/iframe-worker-shim.js"])
        if len(self.settings.languages) > 1:
            theme["custom_dir"] = OVERRIDES
            extra["alternate"] = True  # the header shows the selector; our override fills it
            extra["gesprekskit_languages"] = [
                {"name": self._language_name(code), "lang": code,
                 "root": self._root_link(language, code)} for code in self.settings.languages]
        search: dict[str, Any] = {"lang": [spec.search_language]}
        if spec.primary in ("ja", "zh", "ko", "th"):
            search["separator"] = r"[\s\-\.]+"
        nav = values["nav"]
        if nav is not None:
            nav = expand_kits_nav(nav, self.settings.layout, pages)
            options = self.settings.language_options.get(language)
            if language != self.default and options is not None and getattr(options, "nav", None):
                nav = translate_nav(nav, dict(options.nav))
        config: dict[str, Any] = {
            "site_name": values["site_name"],
            "site_description": values["site_description"] or "",
            "docs_dir": DOCS,
            "site_dir": "site" if language == self.default else f"../site/{language}",
            "use_directory_urls": False,
            "theme": theme,
            "extra_css": ["assets/gesprekskit/fonts.css", "assets/gesprekskit/gesprekskit.css",
                          f"{BRAND_ASSET_DIR}/brand.css"],
            "plugins": [{"search": search}, "offline"],
            "markdown_extensions": self._extensions(),
            "extra": extra,
        }
        if self.config["site_url"]:
            config["site_url"] = self.config["site_url"] + (
                "" if language == self.default else f"{language}/")
        if self.config["copyright"]:
            config["copyright"] = self.config["copyright"]
        if nav is not None:
            config["nav"] = nav
        return config

    def _extensions(self) -> list[Any]:
        configs = dict(self.config["mdx_configs"])
        names = [name for name in self.config["markdown_extensions"] if isinstance(name, str)]
        if "md_in_html" not in names:
            names.append("md_in_html")
        return [{name: configs[name]} if configs.get(name) else name for name in names]

    def _language_name(self, code: str) -> str:
        from .languages import language_display_name

        options = self.settings.language_options.get(code)
        return getattr(options, "name", None) or language_display_name(code)

    def _root_link(self, from_language: str, to_language: str) -> str:
        """From the root of one language's site to the root of another's."""
        up = "" if from_language == self.default else "../"
        return up + ("" if to_language == self.default else f"{to_language}/")


def export_guide(project: Project, brand: Brand, settings: ExportSettings, out: Path
                 ) -> ExportResult:
    """Write the exported projects into `out` (checked by the caller), via a staging folder
    beside it: a failed export leaves what was there before."""
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.export-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        exporter = GuideExporter(project, brand, settings)
        projects = exporter.export(staging)
        _write(staging / "README.md", _readme(settings.languages))
        write_site_marker(staging)
        if out.exists():
            trash = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, trash)
            os.rename(staging, out)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.rename(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ExportResult(out, [out / path.relative_to(staging) for path in projects],
                        exporter.pages, exporter.pdfs)


def build_commands(languages: list[str]) -> list[str]:
    """The commands that build an exported guide, in order: the default language first, as its
    build empties site/."""
    return ["mkdocs build"] + [f"mkdocs build -f {code}/mkdocs.yml" for code in languages[1:]]


def _readme(languages: list[str]) -> str:
    steps = "\n".join(f"    {command}" for command in build_commands(languages))
    return (
        "# This guide, exported by Gesprekskit\n\n"
        "Plain MkDocs projects: they need only `mkdocs` and `mkdocs-material`, not Gesprekskit.\n"
        "The pages Gesprekskit generates from the kits are Markdown files holding their HTML; "
        "the PDFs are in `docs/downloads/`.\n\n"
        "Build the guide into `site/` (in this order: the first build empties `site/`):\n\n"
        f"{steps}\n\n"
        "Open `site/index.html`. Editing the kits means exporting again: these files are "
        "written by `gesprekskit export` and replaced by the next export.\n")
