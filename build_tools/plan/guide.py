"""The guide plan: everything one build makes, decided before any site generator runs.

`make_plan` reads the project (kits, tips, brand, fonts) once and gives one `Edition` per
language. The PDFs are rendered on demand (`render_pdfs`), once for all editions, and
published in the default edition's site, where every language's pages link to them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..brand import DEFAULT_BRAND, Brand
from ..brand_file import load_brand, project_brand_file
from ..diagnostics import Diagnostic, DiagnosticReport, GesprekskitError
from ..downloads import RenderedSheet, render_downloads, site_path
from ..guide_checks import content_page_report, guide_report, strict_failure, strict_source
from ..i18n import available_languages
from ..languages import fallback_chain, language_display_name
from ..loader import Project, ProjectSettings, load_project
from ..site.navigation import expand_kits_nav, translate_nav
from ..site.workshop_pages import expand_workshops_nav
from ..site.brand_css import logo_site_path
from ..site.pages import SiteLayout, plan_pages
from ..source_files import check_guide_sources
from . import contributions, features  # noqa: F401  (features register their files)
from .config_checks import mkdocs_settings_report
from .edition import Edition, LanguageChoice
from .publish import PublishedFile, static_files
from .settings import GuideSettings

#: The log every part of a build reports to (a plain name: no MkDocs is imported for it).
log = logging.getLogger("mkdocs.plugins.gesprekskit")


class PlanError(GesprekskitError):
    """The guide cannot be planned: broken kits, a refused file, a broken brand file. The
    message says what and where."""

    def __init__(self, message: str, report: DiagnosticReport | None = None) -> None:
        super().__init__(report or DiagnosticReport(), message)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.summary, self.report))


def project_settings(settings: GuideSettings) -> ProjectSettings:
    """What the loader needs from the settings. site_url ends in '/' as MkDocs writes it."""
    site_url = settings.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return ProjectSettings.from_options(settings.root, settings.options, settings.config_file,
                                        site_url=site_url,
                                        directory_urls=settings.use_directory_urls,
                                        docs_dir=settings.docs_dir)


def load_guide_brand(settings: GuideSettings) -> tuple[Brand, DiagnosticReport]:
    """The brand file the settings name, else `_brand.yml` if present, else the default; with
    its warnings, which count towards strictness like every other warning."""
    try:
        path = project_brand_file(settings.root, settings.options.brand or None)
    except FileNotFoundError as error:
        raise PlanError(str(error)) from None
    if path is None:
        return DEFAULT_BRAND.for_guide(settings.site_names), DiagnosticReport()
    try:
        brand, report = load_brand(path, settings.root, languages=settings.languages)
        return brand.for_guide(settings.site_names), report
    except GesprekskitError as error:
        raise PlanError("Gesprekskit found problems in the brand file:\n"
                        + error.report.format(settings.root), error.report) from None


@dataclass
class GuidePlan:
    """One build of the guide: its settings, project, brand and editions."""

    settings: GuideSettings
    project: Project
    brand: Brand
    brand_report: DiagnosticReport
    editions: list[Edition] = field(default_factory=list)
    #: Each language's PDFs, once rendered; None before `render_pdfs`.
    sheets: dict[str, list[RenderedSheet]] | None = None
    #: The conversation cycle's calendar settings (checked when the plan is made).
    cycle: Any = None
    #: mkdocs.yml's own warnings (a guide without a home page), counted as validate does.
    settings_report: DiagnosticReport = field(default_factory=DiagnosticReport)

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def default_edition(self) -> Edition:
        return self.editions[0]

    def edition(self, language: str) -> Edition:
        return next(edition for edition in self.editions if edition.language == language)

    # --- warnings and strictness -----------------------------------------------------------------

    def warnings(self, verbose: bool = False) -> list[Diagnostic]:
        """Every warning of the whole guide (all languages), as `gesprekskit validate` counts
        them."""
        report = guide_report(self.project, self.settings.languages, self.settings.docs_dir,
                              verbose=verbose)
        pages = content_page_report(self.settings.docs_dir)  # its errors stop the build later
        return (self.project.report.warnings + self.brand_report.warnings
                + self.settings_report.warnings + pages.warnings + report.warnings)

    def strict_failure(self, warnings: int) -> str | None:
        """Why the build must stop on `warnings` warnings, or None."""
        settings = self.settings
        source = strict_source(settings.options.strict, settings.mkdocs_strict,
                               settings.strict_from_command_line)
        return strict_failure(warnings, source) if warnings and source is not None else None

    # --- PDFs ------------------------------------------------------------------------------------

    def render_pdfs(self) -> None:
        """Every sheet of every kit in every language, in one pool of workers; unchanged kits
        come from the cache unless the settings turn the cache off. Once per plan."""
        if self.sheets is not None:
            return
        options = self.settings.options
        languages = self.settings.languages
        if not options.pdfs:
            self.sheets = {language: [] for language in languages}
        else:
            extra = [job for contribute in contributions.PDF_CONTRIBUTORS
                     for job in contribute(self)]  # the handbooks: rendered beside the sheets
            rendered, stats = render_downloads(
                self.project, languages, self.brand, cache_dir=self.root / options.cache_dir,
                jobs=options.jobs, use_cache=options.cache, extra=extra)
            for language in languages:
                log.info(f"PDFs ({language}): {stats[language].rendered_kits} kit(s) rendered, "
                         f"{stats[language].cached_kits} from the cache")
            self.sheets = rendered
        for edition in self.editions:
            edition.sheets = self.sheets.get(edition.language, [])

    def download_files(self) -> list[PublishedFile]:
        """The PDFs of every language, at the guide's root: `downloads/<kit>/...` for the
        default language and, in a guide of several languages, `downloads/<lang>/<kit>/...`
        for each (the default's too, so every language's links look alike)."""
        self.render_pdfs()
        assert self.sheets is not None
        several = len(self.editions) > 1
        default = self.settings.default_language
        files = []
        for language, sheets in self.sheets.items():
            for sheet in sheets:
                if language == default:
                    files.append(PublishedFile(sheet.site_path, source=sheet.path))
                if language != default or several:
                    files.append(PublishedFile(site_path(sheet.kit_id, sheet.sheet, language),
                                               source=sheet.path))
        return files

    def files_to_publish(self, edition: Edition) -> list[PublishedFile]:
        """Everything the edition's site holds beside its pages; renders the PDFs first."""
        files = list(edition.files)
        if edition.is_default:
            files += self.download_files()
        else:
            self.render_pdfs()
        for contribute in contributions.FILE_CONTRIBUTORS:
            files += contribute(self, edition)
        return files


def _language_name(settings: GuideSettings, code: str) -> str:
    """The name in the language selector: the configured one, else the language's own."""
    configured = settings.options.languages.get(code)
    return configured.name if configured is not None and configured.name \
        else language_display_name(code)


def _edition(plan: GuidePlan, language: str, layout: SiteLayout) -> Edition:
    settings = plan.settings
    options = settings.options
    project = plan.project
    default = settings.default_language
    language_options = options.languages.get(language)
    context = project.settings.context(language)
    pages = plan_pages(project, layout, context)
    site_name = settings.site_name
    description = None
    nav = settings.nav
    if language != default and language_options is not None:
        site_name = language_options.site_name or site_name
        description = language_options.site_description or None
    if language != default and nav is not None:
        # Nav titles this language lacks come from its fallback chain (`fallback: [en, nl]`).
        titles: dict[str, str] = {}
        chain = fallback_chain(project.settings.language(language), default)
        for code in (*reversed(chain), language):
            chosen = options.languages.get(code)
            titles.update(dict(chosen.nav) if chosen is not None and code != default else {})
        if titles:
            nav = translate_nav(nav, titles)
    brand = plan.brand
    if brand.named and brand.short_name not in site_name:
        site_name = f"{site_name} · {brand.short_name}"
    codes = settings.languages
    selector = [LanguageChoice(code, _language_name(settings, code))
                for code in codes] if len(codes) > 1 else []
    # Suffixes of every language with interface labels count, so `page.en.md` is never a page
    # of its own, even in a guide built in Dutch only.
    content_languages = sorted(set(codes) | set(available_languages()))
    edition = Edition(language=language, default_language=default, project=project,
                      context=context, spec=project.settings.language(language), layout=layout,
                      site_name=site_name, site_description=description, nav=nav, pages=pages,
                      files=static_files(brand), selector=selector,
                      content_languages=content_languages, logo=logo_site_path(brand))
    for contribute in contributions.PAGE_CONTRIBUTORS:
        for page, render in contribute(plan, edition):
            edition.pages.append(page)
            if render is not None:
                edition.page_renderers[page.kind] = render
    edition.guide_pages, edition.guide_files = guide_content(settings.docs_dir, content_languages)
    if edition.nav is not None:
        edition.nav = expand_kits_nav(edition.nav, layout, edition.pages)
        # The Workshops entry becomes its section (or goes, in a guide without workshops).
        edition.nav = expand_workshops_nav(edition.nav, layout.workshops_page, edition.pages)
    return edition


def guide_content(docs_dir: Path | None, languages: list[str]
                  ) -> tuple[frozenset[str], frozenset[str]]:
    """The content folder's pages (language neutral: `index.en.md` is `index.md`) and its
    other files, as src_uris."""
    from ..site.languages import split_language

    if docs_dir is None or not docs_dir.is_dir():
        return frozenset(), frozenset()
    found = [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*")
             if path.is_file()]
    pages = frozenset(split_language(uri, languages)[0] for uri in found if uri.endswith(".md"))
    return pages, frozenset(uri for uri in found if not uri.endswith(".md"))


def guide_cycle(settings: GuideSettings, project: Project) -> Any:
    """The cycle settings of mkdocs.yml, checked before anything is rendered."""
    from ..cycle.settings import cycle_settings

    try:
        return cycle_settings(dict(settings.options.cycle), settings.config_file,
                              [kit.id for kit in project.kits])
    except GesprekskitError as error:
        raise PlanError("Gesprekskit found problems in the cycle settings:\n"
                        + error.report.format(settings.root), error.report) from None


def make_plan(settings: GuideSettings, *, project: Project | None = None) -> GuidePlan:
    """The plan of one build. Raises PlanError for a project that cannot be built."""
    if project is None:
        try:
            project = load_project(project_settings(settings))
        except GesprekskitError as error:
            raise PlanError("Gesprekskit found problems in the kits:\n"
                            + error.report.format(settings.root), error.report) from None
    sources = check_guide_sources(settings.root, settings.docs_dir, [settings.custom_dir])
    if sources.report.errors:
        raise PlanError("Gesprekskit refuses files in the guide's folders:\n"
                        + sources.report.format(settings.root), sources.report)
    # mkdocs.yml's own mistakes and its cycle settings' are reported together, as validate does.
    config_report = mkdocs_settings_report(settings, project)
    try:
        cycle = guide_cycle(settings, project)
    except PlanError as error:
        if not config_report.errors:
            raise
        config_report.extend(error.report)
    if config_report.errors:
        raise PlanError("Gesprekskit found problems in mkdocs.yml:\n"
                        + config_report.format(settings.root), config_report)
    brand, brand_report = load_guide_brand(settings)
    plan = GuidePlan(settings, project, brand, brand_report, cycle=cycle,
                     settings_report=config_report)
    layout = SiteLayout(kits_section=settings.options.kits_section)
    plan.editions = [_edition(plan, language, layout) for language in settings.languages]
    return plan


def plan_for(config_file: Path, **overrides: object) -> GuidePlan:
    """Read the settings of mkdocs.yml, apply the command line's overrides, make the plan."""
    from .settings import read_settings

    settings = read_settings(config_file)
    if overrides:
        settings = settings.with_overrides(**overrides)  # type: ignore[arg-type]
    return make_plan(settings)

