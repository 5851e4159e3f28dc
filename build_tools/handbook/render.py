"""The handbook as a tagged PDF: one per language and brand, cached under a key made of its inputs.

WeasyPrint lays out `templates/handbook.html` with `css/handbook.css`: the table of contents
takes its page numbers from `target-counter`, the outline from `bookmark-level`, the running
header from `string-set`. It reads only Gesprekskit's own files and the project's (the same
fetcher as the sheets), so nothing is fetched from the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import __version__
from ..brand import DEFAULT_BRAND, Brand
from ..diagnostics import DiagnosticReport
from ..fonts import language_css, report_missing
from ..loader import Project
from ..model import Kit
from ..pdf_build import PdfRenderError, package_fingerprint
from ..worker_memory import release_memory
from ..rendering import PACKAGE_ROOT, make_environment
from ..sheets.fetcher import PROJECT_SCHEME, ProjectFetcher
from ..sheets.pdf_finish import finisher
from ..sheets.poster_content import icon
from ..brand_css import css_string, printed_colors
from ..sheets.render import _IMAGE_CACHE, PDF_OPTIONS, _font_config, _logo_url, brand_css
from ..site.pages import SiteLayout, sorted_kits
from .content import Chapter, gather_handbook
from .fonts import handbook_font_plan
from .source import HandbookSource
from .cover import cover_organisation, edition_line
from .links import relink_filter
from ..pdf_join import FOREIGN_ANCHOR, JoinedMetadata, PartFile, join_tagged_pdfs
from .parts import HandbookPart, split_into_parts

HANDBOOK_ROOT = Path(__file__).resolve().parent
TEMPLATE_DIR = HANDBOOK_ROOT / "templates"
#: `css/handbook.css` in the template resolves from the handbook package.
BASE_URL = HANDBOOK_ROOT.as_uri() + "/"


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


@dataclass
class HandbookContent:
    """Everything one language's handbook is laid out from, gathered once: its chapters cut
    into parts, and what every part's template gets besides its own chapters."""

    project: Project
    language: str
    brand: Brand
    parts: list[HandbookPart]
    template: Any
    common: dict[str, Any]
    fonts_fingerprint: str
    identifier: str

    @property
    def organisation(self) -> str:
        return self.common["brand"].organisation


def handbook_content(project: Project, language: str, brand: Brand,
                     source: HandbookSource) -> HandbookContent:
    """The handbook's chapters and template data, read from the project and mkdocs.yml."""
    settings = project.settings
    context = settings.context(language)
    nav = source.nav_in(language, settings.default_language)
    gathered = gather_handbook(project, language, docs_dir=source.docs_dir, nav=nav,
                               languages=source.languages, markdown=source.markdown,
                               layout=source.layout)
    chapters = gathered.chapters
    plan = handbook_font_plan(project, language, brand, source)
    if plan.missing:  # never boxes: a guide page's character no font has stops it here
        report = DiagnosticReport()
        report_missing(plan, report, settings.root)
        raise PdfRenderError(report.format(settings.root))
    title, description = source.title(language)
    tips = next((chapter.tips for chapter in chapters if chapter.kind == "tips"), [])
    environment = make_environment(TEMPLATE_DIR, context)
    # Links in kit and tip texts were written for the site: see `links.Linker`.
    environment.filters["relink"] = relink_filter(gathered.linker, gathered.online_only)
    common = dict(
        language=language, direction=settings.language(language).direction,
        title=title, description=description,
        brand=brand.in_language(language, settings.default_language),
        logo_url=_logo_url(project, brand),
        brand_css=inter_font_faces() + brand_css(brand, "print", language_families=tuple(plan.families)) + language_css(plan),
        cover_icon=icon("gesprek", printed_colors(brand).on_primary.hex), kit_kinds=_kit_kinds(chapters),
        chapters=chapters, tip_kits=_tip_kits(project, chapters, language),
        tip_numbers={tip.id: number for number, tip in enumerate(tips, start=1)},
        organisation=cover_organisation(brand, title), edition=edition_line(language),
        kit_page=source.layout.kit_page, tips_page=source.layout.tips_page,
        generator=f"Gesprekskit {__version__}")
    return HandbookContent(project, language, brand, split_into_parts(chapters),
                           environment.get_template("handbook.html"), common, plan.fingerprint,
                           f"gesprekskit/handbook/{language}/{brand.name}")


#: What a part prints where a page number of another part goes, while that is not known yet:
#: three digits, as wide as most handbooks' numbers (a different width is caught: see
#: `render_handbook_file`).
PLACEHOLDER_PAGE = "000"


def part_html(content: HandbookContent, part: HandbookPart, *, start_page: int,
              numbers: dict[str, int] | None) -> str:
    """One part's HTML as WeasyPrint gets it: its pages counted from `start_page`, the page
    numbers of other parts' chapters from `numbers` (None: not known yet)."""
    def page_of(anchor: str) -> str:
        if numbers is None:
            return PLACEHOLDER_PAGE
        return str(numbers.get(anchor, ""))

    running = f"organisation {css_string(content.organisation)}"
    if part.continues:
        running += f", chapter {css_string(part.continues)}"
    html = content.template.render(**content.common, part=part, page_of=page_of,
                                   part_css=f"@page :first {{ counter-reset: page {start_page}; }}\n"
                                            f".part-start, .toc {{ string-set: {running}; }}\n")
    return _point_out_of_part(html)


_OWN_ID = re.compile(r'\bid="([^"]+)"')
_INTERNAL_LINK = re.compile(r'\bhref="#([^"]+)"')
#: A link that is neither inside the handbook nor to the web or a mail address: WeasyPrint
#: would make it a file:// link into the package folder.
_LOOSE_LINK = re.compile(r'<a\b[^>]*\bhref="(?!#|https?:|mailto:)[^"]*"[^>]*>(.*?)</a>', re.S)


def _point_out_of_part(html: str) -> str:
    """Links to a chapter in another part, marked for the joiner: WeasyPrint drops a link to
    an anchor its document does not hold, the joined file resolves it (see `pdf_join.py`). Any
    other relative link still left (every text's links went through `links.Linker`) is text."""
    own = set(_OWN_ID.findall(html))
    html = _LOOSE_LINK.sub(lambda match: match.group(1), html)
    return _INTERNAL_LINK.sub(lambda match: match.group(0) if match.group(1) in own
                              else f'href="{FOREIGN_ANCHOR}{match.group(1)}"', html)


@dataclass(frozen=True)
class LaidOutPart:
    """What the next parts and the contents need of a part: its length, where its anchors
    are (page index in the part) and its PDF (None: laid out only to learn its length)."""

    pdf: Path | None
    pages: int
    anchors: dict[str, int]


def _lay_out(content: HandbookContent, html: str) -> Any:
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    project = content.project
    fetcher = ProjectFetcher([PACKAGE_ROOT, project.settings.root], "the handbook",
                             project_root=project.settings.root)
    try:
        # The sheets' font configuration and image cache: fonts and pictures are loaded once
        # per process, not once per part.
        return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=_font_config(content.brand), cache=_IMAGE_CACHE, **PDF_OPTIONS)
    except FatalURLFetchingError as error:
        raise PdfRenderError(f"the handbook ({content.language}) could not be made: "
                             f"{error}") from None


def _part_key(content: HandbookContent, html: str) -> str:
    """Everything a laid-out part depends on: its HTML (texts, start page, numbers, brand CSS),
    the files it shows (pictures, logo), the fonts, the package."""
    digest = hashlib.sha256()
    for piece in (package_fingerprint(), content.brand.cache_key, content.fonts_fingerprint, html):
        digest.update(piece.encode() + b"\0")
    root = content.project.settings.root
    for path in sorted(set(re.findall(PROJECT_SCHEME + r":/([^\"')\s]+)", html))):
        file = (root / unquote(path))
        if file.is_file():
            digest.update(path.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _anchor_pages(document: Any) -> dict[str, int]:
    """Where a laid-out document's anchors are: page index by name."""
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:  # an element over several pages has its anchor on each
            anchors.setdefault(name, index)
    return anchors


def _laid_out_part(content: HandbookContent, part: HandbookPart, start_page: int,
                   numbers: dict[str, int] | None, folder: Path,
                   used: set[str] | None = None, reuse: bool = True, *,
                   write: bool = True) -> LaidOutPart:
    """A part in `folder` (the cache of parts), laid out unless it is there already (and
    `reuse`; a part laid out in this very call is always reused): its facts (`<key>.json`)
    and, when `write`, its PDF. Without `write` it is laid out only to learn its length (a
    part that prints other parts' page numbers, with placeholders)."""
    import gc

    html = part_html(content, part, start_page=start_page, numbers=numbers)
    key = _part_key(content, html)
    pdf, facts = folder / f"{key}.pdf", folder / f"{key}.json"
    fresh = used is not None and key in used
    if used is not None:
        used.add(key)
    if (reuse or fresh) and facts.is_file() and (not write or pdf.is_file()):
        try:
            known = json.loads(facts.read_text(encoding="utf-8"))
            os.utime(pdf if write else facts)  # used: kept (see `HandbookEntry.supersede`)
            return LaidOutPart(pdf if write else None, int(known["pages"]),
                               dict(known["anchors"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # damaged: lay it out again
    document = _lay_out(content, html)
    anchors = _anchor_pages(document)
    pages = len(document.pages)
    folder.mkdir(parents=True, exist_ok=True)
    if write:
        identifier = hashlib.md5(f"{content.identifier}/{key}".encode(),
                                 usedforsecurity=False).hexdigest().encode()
        partial = folder / f".{key}.{os.getpid()}.partial"
        document.write_pdf(partial, pdf_identifier=identifier, finisher=finisher(),
                           **PDF_OPTIONS)
        partial.replace(pdf)
    del document
    gc.collect()  # the layout of the next part must not come on top of this one's
    facts.write_text(json.dumps({"pages": pages, "anchors": anchors}), encoding="utf-8")
    return LaidOutPart(pdf if write else None, pages, anchors)


#: How often the contents may be laid out again because its length changed with the real
#: page numbers (each round moves every later part, so it is bounded).
_ROUNDS = 3


def render_handbook_file(project: Project, language: str, brand: Brand, *,
                         source: HandbookSource, target: Path, parts_dir: Path,
                         used: set[str] | None = None, reuse: bool = True) -> None:
    """The handbook of one language and brand, written to `target`: laid out part by part
    (`parts.py`), each part taken from `parts_dir` when it is there, then joined (`pdf_join.py`).

    The parts that print other parts' page numbers (the contents, the overview of the kits)
    are laid out first with placeholders, to learn their length, and again at the end with the
    numbers; should the real numbers change that length, every part after it moves and the
    round starts over (the parts that did not move come from `parts_dir`). Without `reuse`
    (`--no-cache`) every part is laid out again, once."""
    content = handbook_content(project, language, brand, source)
    lengths: dict[int, tuple[int, dict[str, int]]] = {}  # parts printing others' numbers
    for _ in range(_ROUNDS):
        laid_out: dict[int, LaidOutPart] = {}
        starts: dict[int, int] = {}
        numbers: dict[str, int] = {}
        page = 1
        for index, part in enumerate(content.parts):
            starts[index] = page
            if part.refers_to_pages:
                if index not in lengths:
                    measured = _laid_out_part(content, part, page, None, parts_dir, used, reuse,
                                              write=False)
                    lengths[index] = measured.pages, measured.anchors
                pages, anchors = lengths[index]
            else:
                laid_out[index] = _laid_out_part(content, part, page, None, parts_dir, used,
                                                 reuse)
                pages, anchors = laid_out[index].pages, laid_out[index].anchors
            for name, offset in anchors.items():
                numbers.setdefault(name, page + offset)
            page += pages
        changed = False
        for index, part in enumerate(content.parts):
            if part.refers_to_pages:
                laid_out[index] = _laid_out_part(content, part, starts[index], numbers,
                                                 parts_dir, used, reuse)
                final = laid_out[index]
                if (final.pages, final.anchors) != lengths[index]:
                    lengths[index] = final.pages, final.anchors
                    changed = True
        if not changed:
            break
    else:
        raise PdfRenderError(f"the handbook ({language}) could not be made: its contents "
                             f"changed length {_ROUNDS} times while its page numbers were set")
    title, _ = source.title(language)
    context = project.settings.context(language)
    files = [PartFile(_written(laid_out[index]), continues=bool(part.continues))
             for index, part in enumerate(content.parts)]
    metadata = JoinedMetadata(title=f"{title} – {context.translate('handbook.title')}",
                              author=content.organisation,
                              subject=context.translate("handbook.subtitle"), language=language,
                              generator=content.common["generator"],
                              identifier=content.identifier.encode())
    # The join holds the parts' objects while it writes (about 25 MB at N = 200): what laying
    # them out left behind (the chapters, the last layouts) goes first.
    del content, laid_out
    release_memory()
    join_tagged_pdfs(files, target, metadata)


def _written(part: LaidOutPart) -> Path:
    assert part.pdf is not None, "every part is written before the join"
    return part.pdf


def render_handbook(project: Project, language: str, brand: Brand = DEFAULT_BRAND, *,
                    source: HandbookSource) -> bytes:
    """The handbook of one language and brand as PDF bytes: tagged, fonts embedded (the
    `handbook` command; a build renders into its cache: `render_into_cache`)."""
    with tempfile.TemporaryDirectory(prefix="gesprekskit-handbook-") as folder:
        target = Path(folder) / "handbook.pdf"
        render_handbook_file(project, language, brand, source=source, target=target,
                             parts_dir=Path(folder) / "parts")
        return target.read_bytes()
