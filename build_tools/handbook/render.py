"""The handbook as a tagged PDF: one per language and brand, cached under a key made of its inputs.

WeasyPrint lays out `templates/handbook.html` with `css/handbook.css`: the table of contents
takes its page numbers from `target-counter`, the outline from `bookmark-level`, the running
header from `string-set`. It reads only Gesprekskit's own files and the project's (the same
fetcher as the sheets), so nothing is fetched from the network.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .. import __version__
from ..brand import DEFAULT_BRAND, Brand
from ..fonts import language_css
from ..loader import Project
from ..model import Kit
from .. import pdf_build
from ..pdf_build import PdfRenderError, PoolJob, package_fingerprint
from ..rendering import PACKAGE_ROOT, make_environment
from ..sheets.fetcher import ProjectFetcher
from ..sheets.fonts import project_font_plans
from ..sheets.pdf_finish import finisher
from ..sheets.poster_content import icon
from ..sheets.render import PDF_OPTIONS, _logo_url, brand_css
from ..site.navigation import translate_nav
from ..site.pages import SiteLayout, sorted_kits
from .content import Chapter, MarkdownSettings, gather_chapters

HANDBOOK_ROOT = Path(__file__).resolve().parent
TEMPLATE_DIR = HANDBOOK_ROOT / "templates"
#: `css/handbook.css` in the template resolves from the handbook package.
BASE_URL = HANDBOOK_ROOT.as_uri() + "/"
HANDBOOK_STEM = "handbook"


def handbook_site_path(language: str) -> str:
    """Where the site offers the handbook, beside the kits' PDFs: `downloads/handbook-nl.pdf`."""
    from ..downloads import DOWNLOADS_DIR

    return f"{DOWNLOADS_DIR}/{HANDBOOK_STEM}-{language}.pdf"


@dataclass(frozen=True)
class HandbookSource:
    """What the handbook is made of besides the kits: mkdocs.yml's settings as plain data."""

    docs_dir: Path
    nav: list[Any] | None
    languages: list[str]
    site_name: str = "Gesprekskit"
    site_description: str = ""
    markdown: MarkdownSettings = MarkdownSettings()
    layout: SiteLayout = SiteLayout()
    #: Per language: site_name and site_description as mkdocs.yml translates them.
    titles: tuple[tuple[str, str, str], ...] = ()
    #: Per language: the nav's titles (as written in mkdocs.yml) → this language's.
    nav_titles: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def from_config(cls, config: Any, languages: list[str], language_options: Any,
                    layout: SiteLayout, site_name: str | None = None) -> HandbookSource:
        """From mkdocs.yml's settings (any mapping with its keys: MkDocs' config or plain data);
        `language_options` maps a language to its `site_name` and `site_description`."""
        translations = tuple((code, tuple(dict(getattr(options, "nav", None) or {}).items()))
                             for code, options in dict(language_options or {}).items())
        titles = tuple((code, getattr(options, "site_name", None) or "",
                        getattr(options, "site_description", None) or "")
                       for code, options in dict(language_options or {}).items())
        return cls(docs_dir=Path(config["docs_dir"]), nav=config["nav"], languages=languages,
                   site_name=site_name or config["site_name"] or "Gesprekskit",
                   site_description=config["site_description"] or "",
                   markdown=MarkdownSettings(tuple(config["markdown_extensions"]),
                                             dict(config["mdx_configs"])),
                   layout=layout, titles=titles, nav_titles=translations)

    def title(self, language: str) -> tuple[str, str]:
        for code, name, description in self.titles:
            if code == language:
                return name or self.site_name, description or self.site_description
        return self.site_name, self.site_description


def handbook_link_html(url: str, translate: Any) -> str:
    """The overview page's offer of the handbook: a button with a line on what it holds."""
    from markupsafe import escape

    return (f'<p class="gk-handbook"><a class="md-button" href="{escape(url)}" download>'
            f'{escape(translate("handbook.download"))}</a><br>'
            f'<span class="gk-muted">{escape(translate("handbook.download_hint"))}</span></p>\n')


#: Inter's files by style name: (weight, style).
_INTER_STYLES = {"Regular": (400, "normal"), "Italic": (400, "italic"),
                 "SemiBold": (600, "normal"), "SemiBoldItalic": (600, "italic"),
                 "Bold": (700, "normal"), "BoldItalic": (700, "italic")}


def inter_font_faces() -> str:
    """@font-face rules for the Inter files Gesprekskit ships: embedded, never a system font."""
    rules = []
    for name, (weight, style) in _INTER_STYLES.items():
        path = PACKAGE_ROOT / "assets" / "fonts" / f"Inter-{name}.otf"
        rules.append(f'@font-face {{ font-family: "Inter"; font-style: {style}; '
                     f'font-weight: {weight}; src: url("{path.as_uri()}") format("opentype"); }}')
    return "\n".join(rules) + "\n"


def _tip_kits(project: Project, chapters: list[Chapter], language: str) -> dict[str, list[Kit]]:
    """For every tip, the kits it helps with (as the site's tips page lists them)."""
    context = project.settings.context(language)
    kits = sorted_kits(project, context)
    return {tip.id: project.kits_of(tip, kits)
            for chapter in chapters if chapter.kind == "tips" for tip in chapter.tips}


def _kit_kinds(chapters: list[Chapter]) -> list[str]:
    """The kinds of conversation the handbook holds, in the order its kits come (the cover)."""
    return list(dict.fromkeys(chapter.kit.document.type.value for chapter in chapters
                              if chapter.kit is not None))


def handbook_html(project: Project, language: str, brand: Brand, source: HandbookSource) -> str:
    """The handbook's HTML, as WeasyPrint gets it."""
    settings = project.settings
    context = settings.context(language)
    nav = source.nav
    titles = dict(dict(source.nav_titles).get(language, ()))
    if nav is not None and titles and language != settings.default_language:
        nav = translate_nav(nav, titles)
    chapters = gather_chapters(project, language, docs_dir=source.docs_dir, nav=nav,
                               languages=source.languages, markdown=source.markdown,
                               layout=source.layout)
    plan = project_font_plans(project, [language], brand)[0]
    title, description = source.title(language)
    environment = make_environment(TEMPLATE_DIR, context)
    return environment.get_template("handbook.html").render(
        language=language, direction=settings.language(language).direction,
        title=title, description=description,
        brand=brand.in_language(language, settings.default_language),
        logo_url=_logo_url(project, brand),
        brand_css=inter_font_faces() + brand_css(brand, "print", language_families=tuple(plan.families)) + language_css(plan)
        + f"\n:root {{ --gk-on-primary: {brand.colors.on_primary.hex}; }}\n",
        cover_icon=icon("gesprek", brand.colors.on_primary.hex), kit_kinds=_kit_kinds(chapters),
        chapters=chapters, tip_kits=_tip_kits(project, chapters, language),
        generator=f"Gesprekskit {__version__}")


def render_handbook(project: Project, language: str, brand: Brand = DEFAULT_BRAND, *,
                    source: HandbookSource) -> bytes:
    """The handbook of one language and brand as PDF bytes: tagged, fonts embedded."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    html = handbook_html(project, language, brand, source)
    fetcher = ProjectFetcher([PACKAGE_ROOT, project.settings.root], "the handbook",
                             project_root=project.settings.root)
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            **PDF_OPTIONS)
    except FatalURLFetchingError as error:
        raise PdfRenderError(f"the handbook ({language}) could not be made: {error}") from None
    identifier = hashlib.md5(f"gesprekskit/handbook/{language}/{brand.name}".encode(),
                             usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(pdf_identifier=identifier, finisher=finisher(), **PDF_OPTIONS)


def handbook_cache_key(project: Project, language: str, brand: Brand,
                       source: HandbookSource) -> str:
    """Everything the handbook is made from: package, brand, kits, tips, pages and settings."""
    digest = hashlib.sha256()
    for part in (package_fingerprint(), language, brand.cache_key, repr(source),
                 repr(project.settings)):
        digest.update(part.encode() + b"\0")
    for path in sorted([*(kit.path for kit in project.kits), *(tip.path for tip in project.tips),
                        *source.docs_dir.rglob("*.md")]):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    locales = project.settings.locales_dir
    if locales.is_dir():
        for path in sorted(locales.glob("*.yml")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class HandbookEntry:
    """A handbook's place in the cache, `<cache>/handbook/<key>.pdf`, and the pointer that
    names the entry last made for its language and brand (an older one is then removed)."""

    folder: Path
    key: str
    group: str

    @property
    def path(self) -> Path:
        return self.folder / f"{self.key}.pdf"

    def store(self, content: bytes) -> None:
        """Write the PDF under a temporary name, then rename: never half a handbook."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{self.key}.{os.getpid()}.partial"
        partial.write_bytes(content)
        partial.replace(self.path)

    def supersede(self) -> None:
        """Record this entry as its language's and brand's, and remove the one it replaces."""
        pointer = self.folder / f"current-{self.group}"
        previous = pointer.read_text().strip() if pointer.is_file() else ""
        if previous and previous != self.key:
            (self.folder / f"{previous}.pdf").unlink(missing_ok=True)
        pointer.write_text(self.key)


def handbook_entry(project: Project, language: str, brand: Brand, source: HandbookSource,
                   cache_dir: Path) -> HandbookEntry:
    group = hashlib.sha256(f"{language}/{brand.cache_key}".encode()).hexdigest()[:16]
    return HandbookEntry(cache_dir / "handbook", handbook_cache_key(project, language, brand,
                                                                     source), group)


def cached_handbook(project: Project, language: str, brand: Brand, *, source: HandbookSource,
                    cache_dir: Path, use_cache: bool = True) -> Path:
    """The handbook's PDF in the cache, rendered here if missing (`gesprekskit export`)."""
    entry = handbook_entry(project, language, brand, source, cache_dir)
    if not (use_cache and entry.path.is_file()):
        entry.store(render_handbook(project, language, brand, source=source))
        entry.supersede()
    return entry.path


def render_into_cache(project: Project, *, language: str, brand: Brand, source: HandbookSource,
                      entry: HandbookEntry) -> None:
    """The handbook's job in a PDF worker (see `handbook_job`): render it and store it. A guide
    page the site refuses too stops the build with the page's located error."""
    from .content import GuidePageError

    try:
        entry.store(render_handbook(project, language, brand, source=source))
    except GuidePageError as error:
        raise PdfRenderError(str(error)) from None


#: The handbook may take this long per kit beyond the usual limit of a PDF job: it takes about
#: 3 s of CPU per kit, and a shared machine under heavy load gives a niced build a twentieth
#: of a core (the limit is wall time: a render that hangs must be stopped too).
SECONDS_PER_KIT = 60


def handbook_job(project: Project, language: str, brand: Brand, *, source: HandbookSource,
                 cache_dir: Path, use_cache: bool,
                 ready: Callable[[Path], None]) -> PoolJob | None:
    """The handbook as a job for the PDF workers, rendered beside the kits' sheets; None when
    the cache holds it already (then `ready` has been called with its path)."""
    entry = handbook_entry(project, language, brand, source, cache_dir)
    if use_cache and entry.path.is_file():
        ready(entry.path)
        return None

    def finished() -> None:
        entry.supersede()
        ready(entry.path)

    return PoolJob(f"the handbook ({language})",
                   partial(render_into_cache, language=language, brand=brand, source=source,
                           entry=entry),
                   finished, time_limit=pdf_build.RENDER_TIMEOUT_SECONDS
                   + SECONDS_PER_KIT * len(project.kits))
