"""Kits into printable PDF sheets: Python gathers the data, the templates and stylesheets lay it out.

Every sheet is one HTML document (``templates/<sheet>.html`` on ``templates/base.html``) styled by
``css/base.css`` and ``css/<sheet>.css``, rendered by WeasyPrint with a fetcher that only reads
Gesprekskit's own files and the project's. The output carries no date and a file identifier
derived from the kit, the sheet and the language, so the same input gives the same bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import logging
import tempfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2
import weasyprint

from .. import __version__
from ..brand import DEFAULT_BRAND, Brand, BrandColors
from ..brand_css import brand_css, printed_colors
from ..loader import Project
from ..model import Kit, Phase, QuestionRef
from ..rendering import PACKAGE_ROOT, LanguageContext, make_environment
from ..text import plain_text
from ..fonts import language_css
from ..pdf_join import JoinedMetadata, PartFile, join_tagged_pdfs
from .deck import DeckFit, DeckPage, deck_cards, deck_pages, fit_deck
from .errors import SheetError
from .fetcher import ProjectFetcher, project_file_url
from .fonts import kit_font_plan
from .links import kit_guide_url, published_links, sheet_text_links
from .poster_content import PosterContent, icon, poster_content
from .poster_fit import (CONTENT_HEIGHT_MM, CONTENT_WIDTH_MM, Canvas, canvas_layout,
                         fit_poster)
from .box_tree import (Overflow, fill_pages, fit_answer_fields, overflows, page_fill,
                       underfilled_pages)
from .pdf_finish import finisher
from .qr import qr_svg, short_url
from .stylesheets import sheet_stylesheets
from .registry import COMPLETE, COMPLETE_LABEL_KEY, SHEET_TYPES, Paper, SheetType, sheet_type

log = logging.getLogger("gesprekskit.sheets")
# fontTools remarks on harmless quirks of shipped fonts (such as an old 'created' date).
logging.getLogger("fontTools").setLevel(logging.ERROR)

SHEETS_ROOT = Path(__file__).resolve().parent
TEMPLATE_DIR = SHEETS_ROOT / "templates"
#: Relative URLs in the sheets (``css/base.css``) resolve from the sheets package.
BASE_URL = SHEETS_ROOT.as_uri() + "/"

#: PDF options shared by every sheet, for laying out and for writing.
#: - pdf_forms: inputs and textareas become AcroForm fields (only the follow-up sheet has any).
#: - pdf_tags: a structure tree (H1/H2, P, L/LI, Table/TR/TD, Form with its widget), /MarkInfo
#:   Marked, /Lang from <html lang> and DisplayDocTitle; borders and backgrounds are marked as
#:   artifacts. The running header and footer are not in the tree.
#: - pdf_variant 'pdf/ua-1' is deliberately not used: in WeasyPrint 70 it only adds the same tags,
#:   PDF 1.7 and an XMP packet claiming PDF/UA-1 (pdfuaid:part=1); it checks nothing, so the
#:   claim would be unverified.
PDF_OPTIONS: dict[str, Any] = {"pdf_forms": True, "pdf_tags": True}



# --- the data the templates get -----------------------------------------------------------------

@dataclass(frozen=True)
class PhaseGroup:
    """A phase with its number and its questions, numbered as in the rest of the guide."""

    number: int
    phase: Phase
    questions: list[QuestionRef]


@dataclass
class SheetData:
    """Everything one sheet template may use."""

    kit: Kit
    sheet: SheetType
    paper: Paper
    brand: Brand
    language: str
    title: str                       # the kit title, plain text
    sheet_label: str
    document_title: str              # for <title>: kit title and sheet
    subject: str                     # the kit summary, plain text
    brand_css: str
    logo_url: str | None
    stylesheets: list[str]
    phases: list[PhaseGroup]
    questions: list[QuestionRef]
    tips: list[Any] = field(default_factory=list)
    poster: PosterContent | None = None
    deck_pages: list[DeckPage] = field(default_factory=list)
    canvas: Canvas | None = None     # the praatplaat's zones placed; None while measuring
    density: int = 0                 # the praatplaat's layout level, see poster_fit.py
    direction: str = "ltr"           # "rtl": the sheet is mirrored (css/rtl.css)
    guide_url: str | None = None     # the kit's page in the published guide; None: no site_url
    guide_short_url: str = ""        # the same address as a person types it
    qr_svg: str = ""                 # the QR code of guide_url, inline SVG
    reviews_previous: bool = False   # the sheet starts with last time's agreements
    styles_apart: bool = False       # no <link>/<style>: the stylesheets come parsed (stylesheets.py)

    @property
    def colors(self) -> BrandColors:
        """The brand's colours as printed (`printed_colors`): the primary readable on paper and
        the text and icon colour on its bands, never a hard-coded white."""
        return printed_colors(self.brand)


def _phase_groups(kit: Kit) -> list[PhaseGroup]:
    refs = kit.questions()
    return [PhaseGroup(index + 1, phase, [ref for ref in refs if ref.phase_index == index])
            for index, phase in enumerate(kit.document.phases)]


def _logo_url(project: Project, brand: Brand) -> str | None:
    """The logo by its path in the project (see `project_file_url`): the same bytes wherever
    the project lies."""
    return None if brand.logo is None else project_file_url(project.settings.root, brand.logo)


def gather(project: Project, kit: Kit, sheet_name: str, *, language: str = "nl",
           brand: Brand = DEFAULT_BRAND, paper: str | None = None, density: int = 0,
           canvas_top: float | None = None, measured: dict[str, float] | None = None,
           deck_fit: DeckFit = DeckFit(), limit: int | None = None,
           styles_apart: bool = False) -> SheetData:
    """The data one sheet of one kit is made from."""
    sheet = sheet_type(sheet_name)
    context = project.settings.context(language)
    document = kit.document
    title = plain_text(context.text(document.title))
    sheet_label = context.translate(sheet.label_key)
    groups = _phase_groups(kit)
    questions = kit.questions()
    poster = (poster_content(kit, brand, context.text, context.translate, limit)
              if sheet.name == "praatplaat" else None)
    chosen_paper = sheet.paper(paper)
    canvas = None
    if poster is not None:
        canvas = canvas_layout(poster.zones, context.text, chosen_paper.name, density,
                               CONTENT_WIDTH_MM[chosen_paper.name],
                               CONTENT_HEIGHT_MM[chosen_paper.name] - (canvas_top or 0) - 0.5,
                               measured, areas_only=canvas_top is not None)
    fonts = kit_font_plan(project, kit, language, brand)
    direction = project.settings.language(language).direction
    guide_url = kit_guide_url(project.settings, kit.id, language)
    return SheetData(
        kit=kit, sheet=sheet, paper=chosen_paper,
        brand=brand.in_language(language, project.settings.default_language), language=language,
        title=title, sheet_label=sheet_label, document_title=f"{title} – {sheet_label}",
        subject=plain_text(context.text(document.summary)),
        brand_css=brand_css(brand, "print", language_families=tuple(fonts.families))
        + language_css(fonts),
        logo_url=_logo_url(project, brand), direction=direction,
        stylesheets=["css/base.css", "css/words.css", *sheet.stylesheets,
                     *(["css/rtl.css"] if direction == "rtl" else [])],
        phases=groups, questions=questions,
        tips=list(project.tips_of(kit)),
        poster=poster, canvas=canvas, density=density,
        guide_url=guide_url, guide_short_url=short_url(guide_url) if guide_url else "",
        qr_svg=qr_svg(guide_url) if guide_url else "",
        reviews_previous=document.reviews_previous(), styles_apart=styles_apart,
        deck_pages=deck_pages(deck_cards(kit, context.text, context.translate,
                                         deck_fit)) if sheet.name == "kaarten" else [],
    )


# --- HTML and PDF -------------------------------------------------------------------------------

def sheet_html(project: Project, kit: Kit, sheet_name: str, *, language: str = "nl",
               brand: Brand = DEFAULT_BRAND, paper: str | None = None, density: int = 0,
               canvas_top: float | None = None, measured: dict[str, float] | None = None,
               deck_fit: DeckFit = DeckFit(), limit: int | None = None) -> str:
    """The HTML of one sheet, with its stylesheets linked (as a browser would read it; laid
    out, the sheet gets them parsed, see :func:`render_document`)."""
    return _sheet_source(project, kit, sheet_name, language=language, brand=brand, paper=paper,
                         density=density, canvas_top=canvas_top, measured=measured,
                         deck_fit=deck_fit, limit=limit)[0]


def _sheet_source(project: Project, kit: Kit, sheet_name: str, *, language: str,
                  brand: Brand, **options: Any) -> tuple[str, SheetData]:
    """The HTML of one sheet and the data it was made from (``options``: see :func:`gather`)."""
    data = gather(project, kit, sheet_name, language=language, brand=brand, **options)
    context = project.settings.context(language)
    template = _environment(context).get_template(data.sheet.template)
    document = template.render(d=data, kit=kit, doc=kit.document, icon=icon,
                               generator=f"Gesprekskit {__version__}")
    # never a path of this machine in a PDF
    links = sheet_text_links(project)
    return published_links(document, kit_guide_url(project.settings, kit.id, language), links,
                           links.kit_home(kit.id)), data


def sheet_style(data: SheetData) -> str:
    """The sheet's ``<style>`` in templates/base.html: brand colours and fonts, page size."""
    return f"{data.brand_css}\n@page {{ size: {data.paper.css_size}; }}\n"


@lru_cache(maxsize=8)
def _environment(context: LanguageContext) -> jinja2.Environment:  # templates compile once
    return make_environment(TEMPLATE_DIR, context)


#: Images decoded once per process and reused by every sheet (the brand logo, mostly).
_IMAGE_CACHE: dict[str, Any] = {}


def _font_config(brand: Brand) -> Any:
    """One font configuration per brand and process: fonts are found and loaded once, not per
    sheet, which is most of what a long-lived render worker saves. Kept per temporary folder
    too: a configuration writes its fonts into a folder it makes in the temporary folder of
    the moment, and a render scratch (`pdf_build.render_scratch`) takes that folder with it
    when it ends; the next render in the same process (serve, a planner after `workshop`)
    then wrote into a folder that was gone."""
    return _font_config_in(brand, tempfile.gettempdir(), _font_files(brand))


def _font_files(brand: Brand) -> tuple[tuple[str, int, int], ...]:
    """The brand's font files as they are now: WeasyPrint keeps a font by its @font-face rule,
    so a configuration went on drawing a brand font replaced under the same name (the wall
    planner in a long `serve`)."""
    stamps = []
    for face in brand.font_faces:
        try:
            status = face.path.stat()
        except OSError:
            continue
        stamps.append((str(face.path), status.st_size, status.st_mtime_ns))
    return tuple(stamps)


@lru_cache(maxsize=4)
def _font_config_in(brand: Brand, temp_folder: str,
                    font_files: tuple[tuple[str, int, int], ...]) -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# A font configuration removes its temporary font folder when it is collected: make sure that
# happens before the interpreter exits, which does not promise to collect module globals.
atexit.register(_font_config_in.cache_clear)


def _document_name(project: Project, kit: Kit) -> str:
    try:
        return str(kit.path.resolve().relative_to(project.settings.root.resolve()))
    except ValueError:
        return str(kit.path)


def fetcher_for(project: Project, kit: Kit) -> ProjectFetcher:
    """What a sheet of this kit may read: the package's files and the project's."""
    return ProjectFetcher([PACKAGE_ROOT, project.settings.root], _document_name(project, kit),
                          project_root=project.settings.root)


def pdf_identifier(kit: Kit, sheet_name: str, language: str, paper: str | None = None) -> bytes:
    """A stable file identifier: the same kit, sheet, paper and language always get the same one."""
    if paper is None:
        paper = sheet_type(sheet_name).default_paper if sheet_name != COMPLETE else "mixed"
    key = f"gesprekskit/{kit.id}/{sheet_name}/{paper}/{language}"
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()


#: Every page of a sheet but its last uses at least this share of its height.
MIN_PAGE_FILL = 0.7
#: A last page whose content (before its lines grow) is less than this is a stranded remnant.
STRANDED_PAGE = 0.25


class SheetDoesNotFit(SheetError):
    """No layout of a sheet holds all of its text: the kit, sheet, paper and what did not fit.
    (A SheetError, so a BaseException: `pdf_build` catches it by type.)"""


def render_document(project: Project, kit: Kit, sheet_name: str, *, language: str = "nl",
                    brand: Brand = DEFAULT_BRAND, paper: str | None = None
                    ) -> weasyprint.Document:
    """One sheet laid out by WeasyPrint, before it is written as PDF; see :func:`_fitted`."""
    return _fitted(project, kit, sheet_name, language=language, brand=brand, paper=paper)[0]


def fitted_sheet_html(project: Project, kit: Kit, sheet_name: str, *, language: str = "nl",
                      brand: Brand = DEFAULT_BRAND, paper: str | None = None) -> str:
    """The HTML of the layout the fitting settles on (as :func:`sheet_html`, stylesheets
    linked): what the benchmark's floor renders once, bare, as the build's final document."""
    _document, options = _fitted(project, kit, sheet_name, language=language, brand=brand,
                                 paper=paper)
    return sheet_html(project, kit, sheet_name, language=language, brand=brand, paper=paper,
                      **options)


def _fitted(project: Project, kit: Kit, sheet_name: str, *, language: str,
            brand: Brand, paper: str | None) -> tuple[weasyprint.Document, dict[str, Any]]:
    """One sheet laid out by WeasyPrint, before it is written as PDF (pages, boxes, metadata).

    Nothing is ever clipped. The praatplaat and the cards have their own fitting (poster_fit,
    deck); every other sheet is laid out again at the next density its type offers
    (``SheetType.densities``; the template reads ``d.density`` and the stylesheets
    ``html.density-N``) when its text runs out of a box, and when even the densest layout
    clips, the build stops with :class:`SheetDoesNotFit` instead of printing a cut-off sheet.
    A layout that leaves a page before the last mostly empty is tried denser too; the fullest
    wins. Also returns the layout options (density, measured areas, ...) it was made with.
    """
    options_of: dict[int, dict[str, Any]] = {}  # by document id: what each layout was made with

    def lay_out(density: int = 0, canvas_top: float | None = None,
                measured: dict[str, float] | None = None,
                deck_fit: DeckFit = DeckFit(), limit: int | None = None
                ) -> weasyprint.Document:
        html, data = _sheet_source(project, kit, sheet_name, language=language, brand=brand,
                                   paper=paper, density=density, canvas_top=canvas_top,
                                   measured=measured, deck_fit=deck_fit, limit=limit,
                                   styles_apart=True)
        fetcher = fetcher_for(project, kit)
        font_config = _font_config(brand)
        stylesheets = sheet_stylesheets(data.stylesheets, sheet_style(data), base_url=BASE_URL,
                                        font_config=font_config, url_fetcher=fetcher)
        source = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        document = source.render(font_config=font_config, cache=_IMAGE_CACHE,
                                 stylesheets=stylesheets, **PDF_OPTIONS)
        options_of[id(document)] = {"density": density, "canvas_top": canvas_top,
                                    "measured": measured, "deck_fit": deck_fit, "limit": limit}
        return document

    if sheet_name == "praatplaat":
        def plan(density: int, canvas_top: float, measured: dict[str, float] | None,
                 limit: int | None = None) -> Canvas:
            return gather(project, kit, sheet_name, language=language, brand=brand, paper=paper,
                          density=density, canvas_top=canvas_top, measured=measured,
                          limit=limit).canvas

        document = fit_poster(lay_out, plan, kit, sheet_type(sheet_name).paper(paper), language,
                              _document_name(project, kit))
    elif sheet_name == "kaarten":
        document = fit_deck(lambda fit: lay_out(deck_fit=fit), kit, language,
                            project.settings.context(language).text)
    else:
        document = _fit_by_density(lay_out, project, kit, sheet_name, language, paper)
        return document, options_of[id(document)]
    for problem in overflows(document):
        log.warning("%s, %s sheet, %s", _document_name(project, kit), sheet_name, problem)
    return document, options_of[id(document)]


def _fit_by_density(lay_out: Callable[[int], weasyprint.Document],
                    project: Project, kit: Kit, sheet_name: str, language: str,
                    paper: str | None) -> weasyprint.Document:
    """The fullest layout of a sheet that clips nothing, trying each density in turn;
    :class:`SheetDoesNotFit` when none fits."""
    sheet = sheet_type(sheet_name)
    problems: list[Overflow] = []
    best: tuple[tuple[int, int], weasyprint.Document] | None = None
    density = 0
    while density < sheet.densities:
        document = lay_out(density)
        problems = overflows(document)
        if problems:
            density += 1
            continue
        # A denser layout is also tried when a page other than the last is mostly empty, or
        # when the last one holds only a remnant (a notes heading and a line or two). A gap in
        # the middle of a sheet is the worse of the two: the remnant's writing lines grow to
        # fill its page, the gap stays empty (the manager's page of a kit with many tips was
        # left 40 % empty to keep the tips beside the phases, at every density).
        stranded = len(document.pages) > 1 and page_fill(document.pages[-1]) < STRANDED_PAGE
        fill_pages(document)
        fit_answer_fields(document)
        sparse = (len(underfilled_pages(document, MIN_PAGE_FILL)), int(stranded))
        if best is None or sparse < best[0]:
            best = (sparse, document)
        if not any(sparse):
            break
        density += 1
    if best is not None:
        return best[1]
    paper_label = sheet.paper(paper).css_size
    details = "; ".join(str(problem) for problem in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    raise SheetDoesNotFit(
        f"{_document_name(project, kit)}: the {sheet_name} sheet ({language}, {paper_label}) "
        f"does not fit in any of its layouts: {details}{more}. Shorten these texts, or split "
        f"the question or phase in two.")


def write_sheet(document: weasyprint.Document, kit: Kit, sheet_name: str, language: str,
                paper: str | None = None) -> bytes:
    """A laid-out sheet as PDF bytes, with the repairs of ``pdf_finish``."""
    return document.write_pdf(pdf_identifier=pdf_identifier(kit, sheet_name, language, paper),
                              finisher=finisher(), **PDF_OPTIONS)


def render_sheet(project: Project, kit: Kit, sheet_name: str, *, language: str = "nl",
                 brand: Brand = DEFAULT_BRAND, paper: str | None = None) -> bytes:
    """One sheet of one kit as PDF bytes; ``paper`` is one of the sheet type's papers (for
    ``compleet``: a size, "a4" or "a3", see :func:`render_kit`)."""
    if sheet_name == COMPLETE:
        return render_kit(project, kit, language=language, brand=brand, paper=paper)[COMPLETE]
    document = render_document(project, kit, sheet_name, language=language, brand=brand,
                                paper=paper)
    return write_sheet(document, kit, sheet_name, language, paper)


def _combined(sheets: dict[str, bytes], page_counts: dict[str, int], labels: dict[str, str],
              metadata: JoinedMetadata) -> bytes:
    """All sheets in one PDF, each on its own paper and starting on an odd page (a blank back
    after a sheet with an odd number of pages, for double-sided printing), with page labels
    that restart per sheet ("Vragenblad 1"). Joined from the sheets' written PDFs (see
    pdf_join.py), not laid out and drawn a second time."""
    names = list(sheets)
    parts, starts, first = [], [], 0
    for name in names:
        blank = page_counts[name] % 2 == 1 and name != names[-1]
        parts.append(PartFile(sheets[name], blank_after=blank))
        starts.append((first, labels[name]))
        first += page_counts[name] + blank
    out = io.BytesIO()
    join_tagged_pdfs(parts, out, replace(metadata, page_labels=tuple(starts)))
    return out.getvalue()


def _paper_of_size(sheet: SheetType, size: str | None) -> str | None:
    """The sheet's paper of this size ("a4": the praatplaat's A4 landscape), None for its
    default."""
    return next((name for name in sheet.papers if size and name.startswith(size)), None)


def render_kit(project: Project, kit: Kit, *, language: str = "nl",
               brand: Brand = DEFAULT_BRAND, paper: str | None = None) -> dict[str, bytes]:
    """Every sheet of a kit, and ``compleet``: all of them in one PDF. Each sheet is on its
    default paper, or with ``paper`` ("a4", "a3") on its paper of that size where it has one:
    someone with an A4 printer gets the praatplaat on A4 too, not one A3 page."""
    papers = {sheet.name: _paper_of_size(sheet, paper) for sheet in SHEET_TYPES}
    documents = {sheet.name: render_document(project, kit, sheet.name, language=language,
                                              brand=brand, paper=papers[sheet.name])
                 for sheet in SHEET_TYPES}
    result = {name: write_sheet(document, kit, name, language, papers[name])
              for name, document in documents.items()}
    context = project.settings.context(language)
    label = context.translate(COMPLETE_LABEL_KEY)
    title = f"{plain_text(context.text(kit.document.title))} – {label}"
    keywords = [context.translate(f"kit_type.{kit.document.type.value}"), label]
    sheet_labels = {sheet.name: context.translate(sheet.label_key) for sheet in SHEET_TYPES}
    first = next(iter(documents.values())).metadata
    metadata = JoinedMetadata(title=title, author=", ".join(first.authors),
                              subject=first.description or "", language=first.lang or language,
                              generator=first.generator or "", keywords=", ".join(keywords),
                              identifier=pdf_identifier(kit, COMPLETE, language,
                                                        f"mixed-{paper}" if paper else None))
    result[COMPLETE] = _combined(result, {name: len(document.pages)
                                          for name, document in documents.items()},
                                 sheet_labels, metadata)
    return result
