"""MkDocs events → Gesprekskit core. Holds no logic of its own beyond wiring."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..brand import DEFAULT_BRAND, Brand
from ..brand_file import load_brand, project_brand_file
from ..diagnostics import DiagnosticReport, GesprekskitError
from ..downloads import (RenderedSheet, download_label, format_size, kit_sheets, paper_label,
                         render_downloads, site_path)
from ..i18n import available_languages
from ..languages import language_display_name
from ..loader import Project, ProjectSettings, load_project
from ..pdf_build import PdfRenderError
from ..rendering import PACKAGE_ROOT, LanguageContext
from ..site.assets import site_assets
from ..source_files import check_guide_sources
from ..site.html_fixes import repair_material_html
from ..site.brand_css import BRAND_ASSET_DIR, brand_css, font_site_path, logo_site_path
from ..site.guide_pages import (check_content_files, escape_front_matter, escape_section_titles,
                                front_matter_problem, guide_page_error, guide_page_work_problem,
                                sanitize_guide_page, title_from_file_name, title_from_html,
                                without_permalinks)
from ..site.languages import (alternate_link, choose_content, double_defaults, language_root,
                              link_from_page)
from ..site.navigation import expand_kits_nav, translate_nav
from ..site.pages import DownloadLink, GeneratedPage, PageRenderer, SiteLayout, plan_pages, toc_tokens
from ..guide_checks import guide_report, strict_failure, strict_source
from .config import GesprekskitConfig

log = logging.getLogger("mkdocs.plugins.gesprekskit")

#: Compiled theme templates, relative to mkdocs.yml.
JINJA_CACHE_DIR = Path(".cache", "gesprekskit", "jinja")


class GesprekskitPlugin(BasePlugin[GesprekskitConfig]):
    """Generates the kit pages, the tips, the question bank, the year overview and the PDFs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.root = Path(".")
        self.pages: dict[str, GeneratedPage] = {}
        self.rendered: list[RenderedSheet] = []
        self.bytecode_cache: jinja2.BytecodeCache | None = None
        self.layout = SiteLayout()
        self.context = LanguageContext("nl", "nl")
        self.languages: list[str] = ["nl"]
        self.brand: Brand = DEFAULT_BRAND
        self.renderer: PageRenderer | None = None
        self.handbook: Any = None  # issue 17: the printed handbook (build_tools/handbook)

    @property
    def default_language(self) -> str:
        return self.config.language

    @property
    def is_default_language(self) -> bool:
        return self.context.language == self.default_language

    # --- configuration --------------------------------------------------------------------------

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        if not self.config.build_language:  # another language's site goes inside this one
            self._check_output(config)
        default = self.config.language
        self.languages = [default] + [code for code in self.config.languages if code != default]
        current = self.config.build_language or default
        settings = ProjectSettings.from_options(self.root, self.config,
                                                Path(config.config_file_path).resolve(),
                                                site_url=config.site_url or "",
                                                directory_urls=config.use_directory_urls)
        self.context = settings.context(current)
        try:
            self.project = load_project(settings)
        except GesprekskitError as error:
            raise PluginError("Gesprekskit found problems in the kits:\n"
                              + error.report.format(self.root)) from None
        sources = check_guide_sources(self.root, config.docs_dir, [config.theme.custom_dir])
        if sources.report.errors:
            raise PluginError("Gesprekskit refuses files in the guide's folders:\n"
                              + sources.report.format(self.root))
        if not self.is_default_language:
            self._configure_language(config)
        self._configure_script(config)
        self.brand, brand_report = self._load_brand()
        if self.is_default_language:
            self._report_warnings(config, brand_report)
        self.layout = SiteLayout(kits_section=self.config.kits_section)
        self.pages = {page.src_uri: page for page in plan_pages(self.project, self.layout, self.context)}
        self.renderer = None
        self._configure_theme(config)
        if config.nav is not None:
            config.nav = expand_kits_nav(config.nav, self.layout, list(self.pages.values()))
        return config

    def _check_output(self, config: MkDocsConfig) -> None:
        """Plain `mkdocs build` empties site_dir: never the project, its sources or a folder
        Gesprekskit did not make (the same rule as `gesprekskit build --out`)."""
        from ..build import configured_sources
        from ..output_path import OutputPathError, check_site_folder

        try:
            check_site_folder(Path(config.site_dir), self.root, configured_sources(self.root, config))
        except OutputPathError as error:
            raise PluginError(str(error)) from None

    def _configure_language(self, config: MkDocsConfig) -> None:
        """Theme, search and nav of a non-default language; its missing texts as warnings."""
        language = self.context.language
        options = self.config.languages.get(language)
        if options is not None:
            if options.site_name:
                config.site_name = options.site_name
            if options.site_description:
                config.site_description = options.site_description
            if config.nav is not None and options.nav:
                config.nav = translate_nav(config.nav, options.nav)

    def _report_warnings(self, config: MkDocsConfig, brand_report: DiagnosticReport) -> None:
        """Every warning of the whole guide (all languages), once, before anything is rendered;
        under strictness they stop the build here, as `gesprekskit validate` predicts."""
        assert self.project is not None
        report = guide_report(self.project, self.languages, Path(config.docs_dir),
                              verbose=log.isEnabledFor(logging.DEBUG))
        warnings = self.project.report.warnings + brand_report.warnings + report.warnings
        for warning in warnings:
            log.warning(warning.format(self.root))
        source = strict_source(self.config.strict, bool(config.strict),
                               self.config.strict_from_command_line)
        if warnings and source is not None:
            raise PluginError(strict_failure(len(warnings), source))

    def _configure_script(self, config: MkDocsConfig) -> None:
        """One language code for the theme, the search index and the writing direction."""
        assert self.project is not None
        spec = self.project.settings.language(self.context.language)
        config.theme["language"] = spec.theme_language
        config.theme["direction"] = spec.direction
        for name in ("search", "material/search"):
            search = config.plugins.get(name)
            if search is not None:
                search.config["lang"] = [spec.search_language]
                if spec.primary in ("ja", "zh", "ko", "th"):
                    # Words are not separated by spaces: let the segmenter split them.
                    search.config["separator"] = r"[\s\-\.]+"

    def _configure_theme(self, config: MkDocsConfig) -> None:
        overrides = str(PACKAGE_ROOT / "site" / "overrides")
        if overrides not in config.theme.dirs:
            material = next((index for index, folder in enumerate(config.theme.dirs)
                             if Path(folder).name == "templates"), len(config.theme.dirs))
            config.theme.dirs.insert(material, overrides)
        extra: Any = config.extra
        # Material's "Made with" footer links to its web site; the guide refers to no other host.
        extra.setdefault("generator", False)
        if len(self.languages) > 1:
            # Truthy for the header's selector, not iterable, so Material adds no
            # <link rel=alternate> and its script fetches no sitemap.
            extra["alternate"] = True
        if not extra.get("polyfills"):
            extra["polyfills"] = ["assets/gesprekskit/javascripts/iframe-worker-shim.js"]
        for stylesheet in ("assets/gesprekskit/fonts.css", "assets/gesprekskit/gesprekskit.css",
                           f"{BRAND_ASSET_DIR}/brand.css"):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        for option in (config.theme["palette"] if "palette" in config.theme else None) or []:
            if isinstance(option, dict) and option.get("toggle"):
                to_light = option.get("scheme") == "slate"
                option["toggle"]["name"] = self.context.translate(
                    "palette.to_light" if to_light else "palette.to_dark")
        logo = logo_site_path(self.brand)
        if logo:
            config.theme["logo"] = logo
            config.theme["favicon"] = logo
        # Material writes the site name into attributes and <title> unescaped in some places and
        # escaped in others: markup escaped once passes both ways unchanged.
        site_name = escape(config.site_name)
        if self.brand is not DEFAULT_BRAND and escape(self.brand.short_name) not in site_name:
            site_name = site_name + " · " + self.brand.short_name
        config.site_name = site_name

    def _load_brand(self) -> tuple[Brand, DiagnosticReport]:
        """The brand file named in the config, else `_brand.yml` if present, else the default;
        with its warnings, which count towards strictness like every other warning."""
        try:
            path = project_brand_file(self.root, self.config.brand)
        except FileNotFoundError as error:
            raise PluginError(str(error)) from None
        if path is None:
            return DEFAULT_BRAND, DiagnosticReport()
        try:
            return load_brand(path, self.root, languages=self.languages)
        except GesprekskitError as error:
            raise PluginError("Gesprekskit found problems in the brand file:\n"
                              + error.report.format(self.root)) from None

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        """Keep compiled templates (the theme's and our pages') between builds: a no-op build
        skips compiling about sixty per language. Jinja checks each source before reuse."""
        if self.config.cache:
            folder = self.root / JINJA_CACHE_DIR
            folder.mkdir(parents=True, exist_ok=True)
            self.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
            env.bytecode_cache = self.bytecode_cache
        return env

    # --- files ----------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files = self._content_of_language(files, config)
        files = self._safe_static_files(files, config)
        for page in self.pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"{page.src_uri} is generated by Gesprekskit: remove or rename "
                                  f"the file of that name in '{config.docs_dir}'")
            files.append(File.generated(config, page.src_uri, content=page.stub_markdown()))
        for path, source in site_assets():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        files.append(File.generated(config, f"{BRAND_ASSET_DIR}/brand.css", content=brand_css(self.brand)))
        for index, face in enumerate(self.brand.font_faces):
            files.append(File.generated(config, font_site_path(index, self.brand),
                                        abs_src_path=str(face.path)))
        logo = logo_site_path(self.brand)
        if logo and self.brand.site_logo:
            files.append(File.generated(config, logo, abs_src_path=str(self.brand.site_logo)))
        if self.config.pdfs and self.project is not None:
            # The default language's build renders the PDFs of every language in one go; the
            # other languages' builds then find theirs in the cache.
            languages = self.languages if self.is_default_language else [self.context.language]
            try:
                rendered, stats = render_downloads(
                    self.project, languages, self.brand, cache_dir=self.root / self.config.cache_dir,
                    jobs=self.config.jobs, use_cache=self.config.cache or not self.is_default_language)
            except PdfRenderError as error:
                raise PluginError(str(error)) from None
            self.rendered = rendered[self.context.language]
            for language in languages:
                if self.is_default_language or stats[language].rendered_kits:
                    log.info(f"PDFs ({language}): {stats[language].rendered_kits} kit(s) "
                             f"rendered, {stats[language].cached_kits} from the cache")
            if self.is_default_language:
                for sheet in self.rendered:
                    files.append(File.generated(config, sheet.site_path,
                                                abs_src_path=str(sheet.path)))
                    if len(self.languages) > 1:
                        files.append(File.generated(
                            config, site_path(sheet.kit_id, sheet.sheet, self.context.language),
                            abs_src_path=str(sheet.path)))
            # Issue 17: the whole guide as one printed handbook, offered on the overview page.
            from ..handbook.publish import HandbookError, publish_handbook
            try:
                self.handbook = publish_handbook(
                    self.project, self.context.language, self.brand, config,
                    languages=self.languages, language_options=self.config.languages,
                    layout=self.layout, cache_dir=self.root / self.config.cache_dir,
                    use_cache=self.config.cache)
            except HandbookError as error:
                raise PluginError(str(error)) from None
            files.append(File.generated(config, self.handbook.site_path,
                                        abs_src_path=str(self.handbook.path)))
        return files

    @staticmethod
    def _safe_static_files(files: Files, config: MkDocsConfig) -> Files:
        sanitised, problems = check_content_files(list(files), config.docs_dir)
        if problems:
            raise PluginError("Gesprekskit found files in the content folder it will not "
                              "publish:\n" + "\n".join(problems))
        for file, clean in sanitised:
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=clean))
        return files

    def _content_of_language(self, files: Files, config: MkDocsConfig) -> Files:
        """Keep one file per content page: this language's version, or the default's."""
        pages = [file for file in files.documentation_pages()]
        # Suffixes of every language with interface labels count, so `page.en.md` is never a
        # page of its own, even in a guide built in Dutch only.
        known = sorted(set(self.languages) | set(available_languages()))
        choices = choose_content([file.src_uri for file in pages], self.context.language,
                                 self.default_language, known)
        for used, ignored in double_defaults([file.src_uri for file in pages],
                                             self.default_language, known):
            if self.is_default_language:
                log.warning(f"{Path(config.docs_dir).name}/{ignored} and {used} are both the "
                            f"'{self.default_language}' page; {used} is used. Remove one, or "
                            f"rename {ignored} to the language it is written in")
        for file in pages:
            files.remove(file)
        for choice in choices:
            source = Path(config.docs_dir) / choice.source_uri
            if choice.source_uri == choice.src_uri:
                files.append(next(file for file in pages if file.src_uri == choice.src_uri))
            else:
                files.append(File.generated(config, choice.src_uri, abs_src_path=str(source)))
        return files

    # --- pages ----------------------------------------------------------------------------------

    def _download_url(self, sheet: RenderedSheet, page: Page) -> str:
        if self.is_default_language:
            return get_relative_url(sheet.site_path, page.url)
        return link_from_page(page.url, site_path(sheet.kit_id, sheet.sheet, self.context.language),
                              self.context.language, self.default_language)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri not in self.pages:  # a guide page: untrusted like a kit
            problem = front_matter_problem(page.meta) or guide_page_work_problem(markdown)
            page.meta = escape_front_matter(page.meta)
            if problem is not None:
                raise PluginError(guide_page_error(config.docs_dir, page.file, markdown, problem))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return self._sanitised_guide_page(html, page)
        if self.project is None:
            return html

        def link(src_uri: str) -> str:
            return get_relative_url(src_uri.removesuffix(".md") + ".html", page.url)

        downloads = {}
        if generated.kit_id:
            kit = self.project.kit(generated.kit_id)
            downloads[kit.id] = [
                DownloadLink(download_label(item.sheet, self.context),
                             paper_label(item.sheet, self.context),
                             format_size(item.size, self.context),
                             self._download_url(item, page),
                             self.context.translate(f"download_use.{item.sheet}"))
                for item in kit_sheets(kit, self.rendered)]
        if self.renderer is None:  # one per build: its templates compile once
            self.renderer = PageRenderer(self.project, self.layout, self.context,
                                         self.bytecode_cache)
        content = self.renderer.render(generated, link, downloads)
        if generated.kind == "overview" and self.handbook is not None:  # issue 17
            content = self.handbook.offer(
                content, get_relative_url(self.handbook.site_path, page.url), self.context)
        page.toc = get_toc(toc_tokens(content))
        return content

    @staticmethod
    def _sanitised_guide_page(html: str, page: Page) -> str:
        """A page from content/: sanitised, with its contents and title taken from what is left
        (Material writes titles unescaped; MkDocs takes them from the unsanitised Markdown or
        from the file name)."""
        content = sanitize_guide_page(html, page.file.src_uri)
        page.toc = get_toc(toc_tokens(without_permalinks(content)))
        page._title_from_render = title_from_html(content) or (
            None if page.is_homepage else title_from_file_name(page.file.name))
        if page.title and not page.is_homepage:
            # Material's <title> passes page.title through `striptags`, which unescapes it
            # again; a title in the front matter is written as it is.
            page.meta["title"] = page.title
        return content

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Without a `nav:` in mkdocs.yml, section titles are folder names in content/."""
        if config.nav is None:
            escape_section_titles(nav.items)
        return nav

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        """Point the language selector (our `partials/alternate.html`) at this very page."""
        context["gesprekskit_alternate"] = [
            {"name": self._language_name(code), "lang": code,
             "link": alternate_link(page.url, self.context.language, code, self.default_language)}
            for code in self.languages] if len(self.languages) > 1 else []
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._real_language(repair_material_html(output))

    def _real_language(self, html: str) -> str:
        """Material writes the code of its own interface language into <html lang>; a language
        it has no interface for (Frisian, say) must still be marked as itself."""
        code = self.context.language
        if self.project is None or self.project.settings.language(code).theme_language == code:
            return html
        return re.sub(r'<html lang="[^"]*"', f'<html lang="{code}"', html, count=1)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return repair_material_html(output_content) if template_name.endswith(".html") else output_content

    def _language_name(self, code: str) -> str:
        options = self.config.languages.get(code)
        if options is not None and options.name:
            return options.name
        return language_display_name(code)

    # --- after the build ------------------------------------------------------------------------

    @event_priority(-200)  # after search and offline have written this language's index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from ..output_path import write_site_marker

        if not self.is_default_language:
            parent = Path(self.config.parent_site_dir)
            for sheet in self.rendered:
                target = parent / site_path(sheet.kit_id, sheet.sheet, self.context.language)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(sheet.path, target)
            return
        for language in self.languages[1:]:
            self._build_language(config, language)
        write_site_marker(Path(config.site_dir))  # the next build may replace this folder

    def _build_language(self, config: MkDocsConfig, language: str) -> None:
        """The site of another language, in `<site>/<language>/`, with its own search index."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site_dir = os.path.join(config.site_dir, language_root(language, self.default_language))
        nested = load_config(config_file=config.config_file_path, site_dir=site_dir,
                             strict=config.strict)
        plugin = nested.plugins["gesprekskit"]
        for option in ("brand", "pdfs", "strict", "jobs", "cache", "cache_dir"):
            plugin.config[option] = self.config[option]
        plugin.config["build_language"] = language
        plugin.config["parent_site_dir"] = config.site_dir
        nested.plugins.on_startup(command="build", dirty=False)
        try:
            build(nested)
        finally:
            nested.plugins.on_shutdown()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.project is not None:
            server.watch(str(self.project.settings.kits_path))
            server.watch(str(self.project.settings.tips_path))
        server.watch(str(PACKAGE_ROOT / "site"))
        return server
