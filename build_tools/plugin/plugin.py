"""MkDocs events → the guide plan. An adapter: the plan decides, this hands it to MkDocs.

Under `gesprekskit build` and `serve`, `engine.py` runs one MkDocs build per edition and
attaches the plan's edition to this plugin. Under a plain `mkdocs build` or `mkdocs serve`,
MkDocs starts the plugin itself: it then makes the plan from mkdocs.yml, builds the default
language, and has `engine.py` build the other languages after it. What is Material's in
particular is in `material.py`.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..pdf_build import PdfRenderError
from ..plan import Edition, GuidePlan, PlanError, make_plan, read_settings
from ..plan.config_file import ConfigFileError
from ..rendering import PACKAGE_ROOT
from ..site.guide_pages import (check_content_files, escape_front_matter, escape_section_titles,
                                front_matter_problem, guide_page_error, guide_page_work_problem,
                                sanitize_guide_page, title_from_file_name, title_from_html,
                                without_permalinks)
from ..site.pages import GeneratedPage, PageRenderer, toc_tokens
from ..site.navigation import prune_for_groups
from . import material, search_cache
from .source_names import name_sources
from .search_cache import SearchEntryCache
from .config import GesprekskitConfig

log = logging.getLogger("mkdocs.plugins.gesprekskit")

#: Compiled theme templates, relative to mkdocs.yml.
JINJA_CACHE_DIR = Path(".cache", "gesprekskit", "jinja")


class GesprekskitPlugin(BasePlugin[GesprekskitConfig]):
    """Hands one edition of the guide plan (pages, files, PDFs) to MkDocs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.attached: tuple[GuidePlan, Edition] | None = None
        #: The plan's warnings are reported by the default edition's build, unless the
        #: engine reported them before building the editions side by side.
        self.report = True
        self.plan: GuidePlan | None = None
        self.edition: Edition | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.bytecode_cache: jinja2.BytecodeCache | None = None
        self.renderer: PageRenderer | None = None
        self.search_cache: SearchEntryCache | None = None

    def attach(self, plan: GuidePlan, edition: Edition, *, report: bool = True) -> None:
        """Build `edition` of `plan` (called by `engine.py` before the build starts); with
        `report`, the default edition reports the plan's warnings."""
        self.attached = (plan, edition)
        self.report = report

    # --- configuration --------------------------------------------------------------------------

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.attached is not None:
            self.plan, self.edition = self.attached
        else:
            self.plan = self._own_plan(config)
            self.edition = self.plan.default_edition
        edition = self.edition
        if edition.is_default and self.report:
            report_warnings(self.plan)
        if edition.site_description:
            config.site_description = edition.site_description
        if config.nav is not None:
            config.nav = edition.nav
        material.configure_script(config, edition)
        material.configure_theme(config, edition)
        self.pages = {page.src_uri: page for page in edition.pages}
        #: Guide pages shown from another language's file: page → that language.
        self.fallback_pages: dict[str, str] = {}
        self.renderer = None
        # Grouped kits (a large guide): each page carries only its own group's kits (a
        # Material feature; another theme shows its own navigation).
        if config.theme.name == "material":
            prune_for_groups(config.theme.setdefault("features", []), edition.pages)
        return config

    def _own_plan(self, config: MkDocsConfig) -> GuidePlan:
        """The plan of a build MkDocs started itself (`mkdocs build`, `mkdocs serve`)."""
        from ..build import configured_sources
        from ..output_path import BY_SITE_DIR, OutputPathError, check_site_folder

        try:
            settings = read_settings(Path(config.config_file_path))
        except (ConfigFileError, LookupError) as error:
            raise PluginError(str(error)) from None
        settings = dataclasses.replace(settings, mkdocs_strict=bool(config.strict),
                                       site_dir=Path(config.site_dir).resolve())
        # Plain `mkdocs build` empties site_dir: never the project, its sources or a folder
        # Gesprekskit did not make (the same rule as `gesprekskit build --out`).
        try:
            check_site_folder(Path(config.site_dir), settings.root, configured_sources(settings),
                              staged_beside=False,
                              named_by=(BY_SITE_DIR[0], "site_dir: site in mkdocs.yml"))
        except OutputPathError as error:
            raise PluginError(str(error)) from None
        try:
            return make_plan(settings)
        except PlanError as error:
            raise PluginError(str(error)) from None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Search entries of unchanged pages from the cache (after search's on_config)."""
        assert self.plan is not None and self.edition is not None
        options = self.plan.settings.options
        self.search_cache = None
        if options.cache:
            self.search_cache = search_cache.attach(
                config, self.plan.root / options.cache_dir,
                f"{self.edition.language}-{self.plan.brand.name}")

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        """Keep compiled templates (the theme's and our pages') between builds: a no-op build
        skips compiling about sixty per language. Jinja checks each source before reuse."""
        assert self.plan is not None
        if self.plan.settings.options.cache:
            folder = self.plan.root / JINJA_CACHE_DIR
            folder.mkdir(parents=True, exist_ok=True)
            self.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
            env.bytecode_cache = self.bytecode_cache
        return env

    # --- files ----------------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.plan is not None and self.edition is not None
        files = self._content_of_language(files, config)
        files = self._safe_static_files(files, config)
        for page in self.edition.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"{page.src_uri} is generated by Gesprekskit: remove or rename "
                                  f"the file of that name in '{config.docs_dir}'")
            files.append(File.generated(config, page.src_uri, content=page.stub_markdown()))
        try:
            published = self.plan.files_to_publish(self.edition)
        except (PdfRenderError, PlanError) as error:
            raise PluginError(str(error)) from None
        for item in published:
            if item.source is not None:
                files.append(File.generated(config, item.site_path, abs_src_path=str(item.source)))
            else:
                files.append(File.generated(config, item.site_path, content=item.content))
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
        assert self.edition is not None
        edition = self.edition
        pages = [file for file in files.documentation_pages()]
        uris = [file.src_uri for file in pages]
        if edition.is_default:
            for used, ignored in edition.double_defaults(uris):
                log.warning(f"{Path(config.docs_dir).name}/{ignored} and {used} are both the "
                            f"'{edition.default_language}' page; {used} is used. Remove one, or "
                            f"rename {ignored} to the language it is written in")
        for file in pages:
            files.remove(file)
        by_uri = {file.src_uri: file for file in pages}
        sources: dict[str, str] = {}
        for choice in edition.content_choices(uris):
            if choice.shown_language is not None:
                self.fallback_pages[choice.src_uri] = choice.shown_language
            if choice.source_uri == choice.src_uri:
                files.append(by_uri[choice.src_uri])
            else:
                sources[choice.src_uri] = choice.source_uri
                source = Path(config.docs_dir) / choice.source_uri
                files.append(File.generated(config, choice.src_uri, abs_src_path=str(source)))
        name_sources(sources)  # MkDocs' link warnings name index.en.md, not index.md
        return files

    # --- pages ----------------------------------------------------------------------------------

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
            content = self._sanitised_guide_page(html, page)
            shown = self.fallback_pages.get(page.file.src_uri)
            if shown is not None and self.plan is not None:
                # Another language's page in this language's site: marked as what it is, so
                # screen readers and hyphenation read it in its own language.
                spec = self.plan.project.settings.language(shown)
                content = f'<div lang="{shown}" dir="{spec.direction}">\n{content}\n</div>'
            return content
        assert self.edition is not None
        if self.renderer is None:  # one per build: its templates compile once
            self.renderer = self.edition.renderer(self.bytecode_cache)
        content = self.edition.page_html(generated, page.url, self.renderer)
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
        assert self.edition is not None
        return material.selector_context(context, self.edition, page.url)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.edition is not None
        return material.finish_page(output, self.edition)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return material.finish_template(output_content, template_name)

    # --- after the build ------------------------------------------------------------------------

    @event_priority(-200)  # after search and offline have written this language's index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from ..output_path import write_site_marker

        assert self.plan is not None and self.edition is not None
        if self.search_cache is not None:
            self.search_cache.save()
        if not self.edition.is_default:
            return
        if self.attached is None:  # MkDocs started this build: the other languages follow
            from .engine import build_editions

            build_editions(self.plan, Path(config.site_dir), self.plan.editions[1:],
                           strict=bool(config.strict))
        write_site_marker(Path(config.site_dir))  # the next build may replace this folder

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.plan is not None:
            server.watch(str(self.plan.project.settings.kits_path))
            server.watch(str(self.plan.project.settings.tips_path))
            if self.plan.project.settings.workshops_path.is_dir():
                server.watch(str(self.plan.project.settings.workshops_path))
        server.watch(str(PACKAGE_ROOT / "site"))
        return server


def report_warnings(plan: GuidePlan) -> None:
    """Every warning of the whole guide (all languages), once, before anything is rendered;
    under strictness they stop the build here, as `gesprekskit validate` predicts."""
    warnings = plan.warnings(verbose=log.isEnabledFor(logging.DEBUG))
    for warning in warnings:
        log.warning(warning.format(plan.root))
    failure = plan.strict_failure(len(warnings))
    if failure is not None:
        raise PluginError(failure)
