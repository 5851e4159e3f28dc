"""Workshops into printable PDFs, in the brand, with the kit sheets' machinery.

Every sheet is one HTML document (``templates/<sheet>.html`` on ``templates/base.html``),
styled by the kit sheets' ``base.css`` and this package's stylesheets, rendered by WeasyPrint
with the kit sheets' fetcher, fonts, brand CSS, PDF options and finisher (tags, embedded
fonts, a true text layer, form fields with appearances). The templates are looked up here
first and then among the kit sheets', so the card deck is the kit sheets' ``kaarten.html``
on this package's ``base.html``: the same cards, not a copy. Nothing is ever clipped: a
sheet whose text runs out of a box is laid out again at its next density, and when even the
densest layout clips, :class:`WorkshopSheetDoesNotFit` names the workshop, sheet and text.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2
import weasyprint

from .. import __version__
from ..brand import DEFAULT_BRAND, Brand, BrandColors
from ..brand_css import printed_colors
from ..fonts import language_css
from ..loader import Project
from ..model import QuestionRef
from ..rendering import PACKAGE_ROOT, LanguageContext, make_environment
from ..sheets.box_tree import fill_pages, overflows, page_fill, underfilled_pages
from ..sheets.deck import DeckFit, DeckPage, card_misfits, deck_cards, deck_pages, fit_deck
from ..sheets.fetcher import ProjectFetcher
from ..sheets.links import kit_page_url, published_links
from ..sheets.qr import qr_svg, short_url
from ..sheets.pdf_finish import finisher
from ..sheets.poster_content import icon
from ..sheets.render import (_IMAGE_CACHE, MIN_PAGE_FILL, PDF_OPTIONS, STRANDED_PAGE,
                             TEMPLATE_DIR as KIT_TEMPLATE_DIR, _font_config, _logo_url, brand_css)
from ..text import plain_text
from ..workshop_model import ScheduledBlock, Workshop
from .content import (KitUse, TaughtKit, available_sheets, block_uses, criteria, deck_questions,
                      taught_kits)
from .fonts import workshop_font_plan
from .misfits import Misfit, describe
from .registry import SLIDE, WORKSHOP_SHEETS, Paper, WorkshopSheetType, workshop_sheet

log = logging.getLogger("gesprekskit.workshop_sheets")

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
BASE_URL = PACKAGE_DIR.as_uri() + "/"
#: Slides and the agenda are one screen or one sheet per item: a sparse page is by design.
FLOWING = {"facilitator-guide", "observer-sheet", "handout"}


class WorkshopSheetDoesNotFit(Exception):
    """No layout of a workshop sheet holds its text; names workshop, sheet, paper and text."""


@dataclass
class WorkshopSheetData:
    """Everything one workshop sheet template may use (``d`` in the templates)."""

    workshop: Workshop
    sheet: WorkshopSheetType
    paper: Paper
    brand: Brand
    language: str
    title: str                      # the workshop title, plain text
    sheet_label: str
    document_title: str
    subject: str
    keywords: str
    brand_css: str
    logo_url: str | None
    stylesheets: list[str]
    start: str
    end: str
    schedule: list[ScheduledBlock]
    uses: dict[int, list[KitUse]]   # block number → what it uses of the kits
    density: int = 0
    direction: str = "ltr"
    checklist: list[Any] = field(default_factory=list)
    role_plays: list[tuple[ScheduledBlock, list[Any]]] = field(default_factory=list)
    #: One card per role per role-play: (the role-play's block, the role).
    role_cards: list[tuple[ScheduledBlock, Any]] = field(default_factory=list)
    #: Slides: the density of each crowded slide by its fit key ("block-3").
    dense: dict[str, int] = field(default_factory=dict)
    taught: list[TaughtKit] = field(default_factory=list)
    deck_pages: list[DeckPage] = field(default_factory=list)
    #: The workshop's page in the published guide, its short form and QR code (the card
    #: deck's instruction card shows them, as a kit deck does); empty without a site_url.
    guide_url: str | None = None
    guide_short_url: str = ""
    qr_svg: str = ""

    @property
    def colors(self) -> BrandColors:
        """The brand's colours as printed (`printed_colors`): the primary readable on paper and
        the text and icon colour on its bands, never a hard-coded white."""
        return printed_colors(self.brand)


class _DeckSource:
    """What ``sheets.deck`` reads of a kit (its questions, and the id, file and title a misfit
    is reported against), for the workshop's questions."""

    def __init__(self, questions: list[QuestionRef], workshop: Workshop) -> None:
        self._questions = questions
        self.id = workshop.id
        self.path = workshop.path
        self.document = workshop.document   # its title is at the foot of every card's back

    def questions(self) -> list[QuestionRef]:
        return self._questions


def gather(project: Project, workshop: Workshop, sheet_name: str, *, language: str,
           brand: Brand = DEFAULT_BRAND, paper: str | None = None, start: str | None = None,
           density: int = 0, deck_fit: DeckFit = DeckFit(),
           dense: dict[str, int] | None = None,
           deck: _DeckSource | None = None) -> WorkshopSheetData:
    """The data of one sheet; ``deck``, the card deck's questions when the caller has them
    already (a deck is laid out several times while its cards are fitted)."""
    sheet = workshop_sheet(sheet_name)
    context = project.settings.context(language)
    document = workshop.document
    title = plain_text(context.text(document.title))
    label = context.translate(sheet.label_key)
    fonts = workshop_font_plan(project, workshop, language, brand)
    direction = project.settings.language(language).direction
    schedule = workshop.schedule(start)
    uses = {item.number: block_uses(project, item.block) for item in schedule}
    settings = project.settings
    guide_url = kit_page_url(settings.site_url, "workshops", workshop.id,
                             "" if language == settings.default_language else f"{language}/",
                             settings.directory_urls)
    data = WorkshopSheetData(
        workshop=workshop, sheet=sheet, paper=sheet.paper(paper),
        brand=brand.in_language(language, project.settings.default_language),
        language=language, title=title, sheet_label=label,
        document_title=f"{title} – {label}", subject=plain_text(context.text(document.summary)),
        keywords=f"{context.translate('workshop_sheet.workshop')}, {label}",
        brand_css=brand_css(brand, "print", language_families=tuple(fonts.families)) + language_css(fonts),
        logo_url=_logo_url(project, brand),
        stylesheets=["../sheets/css/base.css", "../sheets/css/words.css", "css/words.css",
                     *sheet.stylesheets,
                     *(["../sheets/css/rtl.css"] if direction == "rtl" else [])],
        start=schedule[0].start, end=workshop.end(start), schedule=schedule, uses=uses,
        density=density, direction=direction, checklist=workshop.materials_checklist(),
        guide_url=guide_url, guide_short_url=short_url(guide_url) if guide_url else "",
        qr_svg=qr_svg(guide_url) if guide_url else "",
        dense=dict(dense or {}),
        role_plays=[(item, criteria(project, item.block)) for item in schedule
                    if item.block.role_play is not None],
    )
    data.role_cards = [(item, role) for item, _ in data.role_plays
                       for role in item.block.role_play.roles]  # type: ignore[union-attr]
    if sheet.name == "handout":
        data.taught = taught_kits(project, workshop)
    if sheet.name == "cards":
        source = deck or _DeckSource(deck_questions(project, workshop), workshop)
        data.deck_pages = deck_pages(deck_cards(source, context.text,  # type: ignore[arg-type]
                                                context.translate, deck_fit))
    return data


@lru_cache(maxsize=8)
def _environment(context: LanguageContext) -> jinja2.Environment:
    environment = make_environment(TEMPLATE_DIR, context)
    # This package's templates first (its base.html, which the kit deck then extends), then
    # the kit sheets' (kaarten.html, _macros.html), and as "sheets/..." the kit base.html that
    # this package's base.html extends.
    kit_templates = jinja2.FileSystemLoader(str(KIT_TEMPLATE_DIR))
    environment.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                                              kit_templates,
                                              jinja2.PrefixLoader({"sheets": kit_templates})])
    return environment


def sheet_html(project: Project, workshop: Workshop, sheet_name: str, *, language: str,
               brand: Brand = DEFAULT_BRAND, paper: str | None = None, start: str | None = None,
               density: int = 0, deck_fit: DeckFit = DeckFit(),
               dense: dict[str, int] | None = None, deck: _DeckSource | None = None) -> str:
    """The HTML of one workshop sheet, as WeasyPrint gets it."""
    data = gather(project, workshop, sheet_name, language=language, brand=brand, paper=paper,
                  start=start, density=density, deck_fit=deck_fit, dense=dense, deck=deck)
    context = project.settings.context(language)
    template = _environment(context).get_template(data.sheet.template)
    html = template.render(d=data, doc=workshop.document, icon=icon,
                           generator=f"Gesprekskit {__version__}")
    return published_links(html, None)  # links to the guide only as plain text


def _document_name(project: Project, workshop: Workshop) -> str:
    try:
        return str(workshop.path.resolve().relative_to(project.settings.root.resolve()))
    except ValueError:
        return str(workshop.path)


def render_document(project: Project, workshop: Workshop, sheet_name: str, *, language: str,
                    brand: Brand = DEFAULT_BRAND, paper: str | None = None,
                    start: str | None = None) -> weasyprint.Document:
    """One sheet laid out, at the roomiest density that clips nothing (and, for the sheets
    that flow over pages, leaves no stranded last page); the card deck fits as kit cards do."""
    fetcher = ProjectFetcher([PACKAGE_ROOT, project.settings.root],
                             _document_name(project, workshop), project_root=project.settings.root)
    # The deck's questions, resolved once for every layout the fitting tries.
    deck = (_DeckSource(deck_questions(project, workshop), workshop)
            if sheet_name == "cards" else None)

    def lay_out(density: int = 0, deck_fit: DeckFit = DeckFit(),
                dense: dict[str, int] | None = None) -> weasyprint.Document:
        html = sheet_html(project, workshop, sheet_name, language=language, brand=brand,
                          paper=paper, start=start, density=density,
                          deck_fit=deck_fit, dense=dense, deck=deck)
        source = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return source.render(font_config=_font_config(brand), cache=_IMAGE_CACHE, **PDF_OPTIONS)

    if deck is not None:
        return fit_deck(lambda fit: lay_out(deck_fit=fit), deck,  # type: ignore[arg-type]
                        language)
    if sheet_name == "slides":
        return _fit_slides(lay_out, project, workshop, language)
    return _fit(lay_out, project, workshop, workshop_sheet(sheet_name), language, paper)


def _fit_slides(lay_out: Callable[..., weasyprint.Document], project: Project,
                workshop: Workshop, language: str) -> weasyprint.Document:
    """The slides, each crowded one set at its next density until every slide fits."""
    sheet = workshop_sheet("slides")
    dense: dict[str, int] = {}
    while True:
        document = lay_out(dense=dense)
        problems = overflows(document)
        if not problems:
            return document
        crowded = {problem.key for problem in problems if problem.key}
        if not crowded or any(dense.get(key, 0) + 1 >= sheet.densities for key in crowded):
            raise _does_not_fit(project, workshop, sheet, language, None,
                                [Misfit(problem.key, problem.text) for problem in problems])
        for key in crowded:
            dense[key] = dense.get(key, 0) + 1


def _fit(lay_out: Callable[[int], weasyprint.Document], project: Project, workshop: Workshop,
         sheet: WorkshopSheetType, language: str, paper: str | None) -> weasyprint.Document:
    best: tuple[int, weasyprint.Document] | None = None
    problems: list[Misfit] = []
    for density in range(sheet.densities):
        document = lay_out(density)
        # Text a box clips, or text past a card's bottom (cards are placed absolutely, out of
        # reach of the clipping check; their fit markers tell).
        problems = ([Misfit(problem.key, problem.text) for problem in overflows(document)]
                    or [Misfit(key) for key in sorted(card_misfits(document))])
        if problems:
            continue
        if sheet.name == "agenda":  # one sheet for the wall: a second page is a misfit
            sparse = len(document.pages) - 1
        elif sheet.name in FLOWING:
            stranded = len(document.pages) > 1 and page_fill(document.pages[-1]) < STRANDED_PAGE
            fill_pages(document)
            sparse = len(underfilled_pages(document, MIN_PAGE_FILL)) + stranded
        else:
            sparse = 0
        if best is None or sparse < best[0]:
            best = (sparse, document)
        if not sparse:
            break
    if best is not None:
        return best[1]
    raise _does_not_fit(project, workshop, sheet, language, paper, problems)


def _paper_label(paper: Paper) -> str:
    return "16:9 slides" if paper.name == SLIDE.name else paper.css_size


#: How to make room, by sheet: what the author can change in the workshop file.
_REMEDIES = {
    "role-cards": "shorten the role's own information or the shared situation: a role card is "
                  "half an A4 sheet, read in a minute before the role-play starts",
    "slides": "shorten the text, move detail into the facilitator notes, or split the block in "
              "two; a slide is read from the back of the room",
}


def _does_not_fit(project: Project, workshop: Workshop, sheet: WorkshopSheetType,
                  language: str, paper: str | None,
                  misfits: list[Misfit]) -> WorkshopSheetDoesNotFit:
    """The error for a sheet no layout holds: the workshop file and line, each item as the
    author wrote it, the sheet and paper, and how to make room."""
    context = project.settings.context(language)
    location, what = describe(workshop, misfits, context.text)
    remedy = _REMEDIES.get(sheet.name, "shorten these texts, or split the block in two")
    return WorkshopSheetDoesNotFit(
        f"{location.display(project.settings.root)}: {what} does not fit on the {sheet.name} "
        f"sheet ({language}, {_paper_label(sheet.paper(paper))}) even at its smallest type. To fix "
        f"it, {remedy}")


def pdf_identifier(workshop: Workshop, sheet_name: str, language: str, paper: str | None,
                   start: str | None) -> bytes:
    """The same workshop, sheet, paper, language and start time always get the same id."""
    key = (f"gesprekskit/workshop/{workshop.id}/{sheet_name}/"
           f"{paper or workshop_sheet(sheet_name).default_paper}/{language}/{start or ''}")
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()


def render_workshop_sheet(project: Project, workshop: Workshop, sheet_name: str, *,
                          language: str, brand: Brand = DEFAULT_BRAND, paper: str | None = None,
                          start: str | None = None) -> bytes:
    """One sheet of one workshop as PDF bytes."""
    document = render_document(project, workshop, sheet_name, language=language, brand=brand,
                               paper=paper, start=start)
    return document.write_pdf(
        pdf_identifier=pdf_identifier(workshop, sheet_name, language, paper, start),
        finisher=finisher(), **PDF_OPTIONS)


def render_workshop(project: Project, workshop: Workshop, *, language: str,
                    brand: Brand = DEFAULT_BRAND, start: str | None = None) -> dict[str, bytes]:
    """Every sheet the workshop has, at its default paper: {sheet name: PDF bytes}."""
    return {sheet.name: render_workshop_sheet(project, workshop, sheet.name, language=language,
                                              brand=brand, start=start)
            for sheet in available_sheets(project, workshop)}
