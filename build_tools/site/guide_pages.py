"""Guide pages in `content/` are untrusted like kits: their HTML is sanitised before it is shown.

MkDocs turns a page's Markdown into HTML with raw HTML passed through, and Material writes the
page's title and front matter into the page unescaped. This module makes a page's HTML safe with
the same sanitiser as kit texts (nh3), with a wider, documented allow-list: what a guide page
may use beyond kit texts is headings, tables, admonitions, definition lists, code blocks,
quotes, images inside the project and internal links. Scripts, event handlers, `javascript:`
and other links with a scheme but `http`, `https` and `mailto`, iframes, forms, remote or
`data:` images and `style` attributes never survive.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import nh3
from markupsafe import Markup

from ..brand_assets import (MAX_PAGE_IMAGE_PIXELS, MAX_PAGE_IMAGE_SIDE, PAGE_IMAGE_FORMATS,
                            AssetError, check_raster_image, check_svg_expansion)
from ..characters import first_forbidden, forbidden_message, printable
from ..diagnostics import DiagnosticReport, Location
from ..text import (ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, WorkProblem,
                    markdown_work_problem)
from ..yaml_source import decode_source
from .front_matter import (front_matter_shape_problem, front_matter_value_problems,
                           front_matter_yaml_problems)

_HEADINGS = {f"h{level}" for level in range(1, 7)}
_TABLES = {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"}
#: Beyond kit texts: structure a guide page needs, and nothing that runs, fetches or styles.
GUIDE_PAGE_TAGS = ALLOWED_TAGS | _HEADINGS | _TABLES | {
    "div", "span", "img", "figure", "figcaption", "blockquote", "hr", "pre", "dl", "dt", "dd",
    "details", "summary", "abbr", "sub", "sup", "b", "i", "s", "del", "ins", "mark", "kbd",
    "small",
}
GUIDE_PAGE_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(values) for tag, values in ALLOWED_ATTRIBUTES.items()},
    **{tag: {"id"} for tag in _HEADINGS},
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "details": {"open"},
    "abbr": {"title"},
    "ol": {"start"},
    "dt": {"id"},
    "sup": {"id"},  # footnote references
    "li": {"id"},   # footnotes
}
#: Classes are allowed per element below (nh3 refuses `class` in both lists).
#: Admonition kinds of Python-Markdown's `admonition` (and Material's names for them).
ADMONITION_KINDS = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
                    "important", "success", "check", "done", "question", "help", "faq",
                    "warning", "caution", "attention", "failure", "fail", "missing", "danger",
                    "error", "bug", "example", "quote", "cite"}
_ALIGN_CLASSES = {"gk-align-left", "gk-align-right", "gk-align-center"}
GUIDE_PAGE_CLASSES = {
    "div": {"admonition", "footnote", *ADMONITION_KINDS},
    "a": {"headerlink", "footnote-ref", "footnote-backref"},  # toc permalinks, footnotes
    "details": ADMONITION_KINDS,
    "p": {"admonition-title"},
    "th": _ALIGN_CLASSES,
    "td": _ALIGN_CLASSES,
}
#: The `tables` extension aligns columns with a style attribute; it becomes a class instead.
_TABLE_ALIGN = re.compile(r'\sstyle="text-align: (left|right|center);?"')
#: Material's own elements have ids like `__search` or `md-...`; a page may not clobber them.
_RESERVED_ID = re.compile(r"^(__|md-)", re.IGNORECASE)


#: Work bounds of one guide page (its Markdown, after the front matter).
MAX_PAGE_CHARS = 200_000
MAX_PAGE_BRACKETS = 1000


def guide_page_work_problem(markdown: str) -> WorkProblem | None:
    """Why a page's Markdown would cost unbounded work or carry invisible characters, if so."""
    if len(markdown) > MAX_PAGE_CHARS:
        return WorkProblem(1, f"the page is {len(markdown):,} characters long; the limit is "
                              f"{MAX_PAGE_CHARS:,}")
    match = first_forbidden(markdown)
    if match is not None:
        return WorkProblem(markdown.count("\n", 0, match.start()) + 1,
                           *forbidden_message(match.group()))
    return markdown_work_problem(markdown, MAX_PAGE_BRACKETS, spaces_per_level=4)


def front_matter_problem(meta: Any) -> WorkProblem | None:
    """Invisible characters in a page's front matter (from YAML escapes such as "\\u202e")."""
    texts: list[Any] = [meta]
    while texts:
        value = texts.pop()
        if isinstance(value, str) and (match := first_forbidden(value)):
            return WorkProblem(1, *forbidden_message(match.group()))
        if isinstance(value, dict):
            texts.extend([*value.keys(), *value.values()])
        elif isinstance(value, list):
            texts.extend(value)
    return None


def guide_page_error(docs_dir: str, file: Any, markdown: str, problem: WorkProblem) -> str:
    """`content/page.md:LINE: error: ...` for a page MkDocs has read (front matter removed)."""
    line = problem.line
    if file.abs_src_path and Path(file.abs_src_path).is_file():
        full = Path(file.abs_src_path).read_text(encoding="utf-8-sig", errors="replace")
        line += max(full.count("\n") - markdown.count("\n"), 0)  # the front matter's lines
    return page_problem_message(docs_dir, file.src_uri, WorkProblem(line, problem.message,
                                                                     problem.hint))


def page_problem_message(docs_dir: str, src_uri: str, problem: WorkProblem) -> str:
    """`content/page.md:LINE: error: ...` with its hint, for a line of the whole file."""
    return printable(f"{Path(docs_dir).name}/{src_uri}:{problem.line}: error: {problem.message}"
                     f"\n    hint: {problem.hint}")


def _inside_site(page_uri: str, url: str) -> bool:
    """A relative URL without a scheme or host that stays inside the site from this page."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or "\\" in url:
        return False
    if not parts.path:
        return True
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), unquote(parts.path)))
    return target != ".." and not target.startswith(("../", "/"))


def _attribute_filter(page_uri: str) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and _RESERVED_ID.match(value):
            return None
        if element == "img" and attribute == "src" and not _inside_site(page_uri, value):
            return None  # a remote, data: or outside image would be fetched by every reader
        if attribute in ("width", "height") and not value.isdigit():
            return None
        return value

    return keep


def sanitize_guide_page(page_html: str, page_uri: str) -> str:
    """A guide page's HTML with only the allowed elements, attributes and links left."""
    page_html = _TABLE_ALIGN.sub(r' class="gk-align-\1"', page_html)
    return nh3.clean(
        page_html,
        tags=GUIDE_PAGE_TAGS,
        attributes=GUIDE_PAGE_ATTRIBUTES,
        allowed_classes=GUIDE_PAGE_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_attribute_filter(page_uri),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def escaped_once(text: str) -> Markup:
    """A text as Material needs it. Its templates write titles unescaped, except a few
    attributes (the footer's aria-label, the logo's title) that pass them through `| e`:
    escaped here and marked as markup, a title reads the same in both, never `&amp;amp;`."""
    return Markup(html.escape(text, quote=True))


def escape_front_matter(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter as Material needs it: it writes `title`, `description` and the like into
    the page unescaped, so every text in it is escaped once here."""
    def escaped(value: Any) -> Any:
        if isinstance(value, str):
            return escaped_once(value)
        if isinstance(value, list):
            return [escaped(item) for item in value]
        if isinstance(value, dict):
            return {key: escaped(item) for key, item in value.items()}
        return value

    return {key: escaped(value) for key, value in meta.items() if key != "template"}


_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def without_permalinks(page_html: str) -> str:
    """The page without the toc extension's `¶` links, for titles and the table of contents."""
    return _PERMALINK.sub("", page_html)


def title_from_html(page_html: str) -> str | None:
    """The text of the page's first heading if it is an h1, escaped: MkDocs's own title comes
    from the unsanitised Markdown."""
    match = re.match(r"\s*<h1\b[^>]*>(.*?)</h1>", without_permalinks(page_html), re.DOTALL)
    if match is None:
        return None
    text = html.unescape(re.sub(r"<[^>]*>", "", match.group(1)))
    return escaped_once(" ".join(text.split())) or None


def title_from_file_name(name: str) -> str:
    """MkDocs' title for a page without one (`my-page` → `My page`), escaped."""
    title = name.replace("-", " ").replace("_", " ")
    return escaped_once(title.capitalize() if title.lower() == title else title)


def escape_section_titles(items: list[Any]) -> None:
    """Section titles made from folder names, escaped once, all the way down."""
    for item in items:
        if getattr(item, "is_section", False):
            item.title = escaped_once(str(item.title))
            escape_section_titles(item.children)


#: Files besides pages that content/ may hold. They are published as they are, so none may be
#: something a browser runs: HTML, JavaScript, CSS (remote imports), XML, Flash are refused;
#: SVG images are sanitised like the logo.
STATIC_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".txt", ".csv",
                   ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
                   ".zip", ".mp3", ".mp4", ".webm"}


def file_name_problem(file: Any, docs_dir: str) -> str | None:
    """A file in content/ whose name holds invisible characters, as a located message."""
    match = first_forbidden(file.src_uri)
    if match is None:
        return None
    message = forbidden_message(match.group())[0]
    return printable(f"{Path(docs_dir).name}/{file.src_uri}:1: error: the file name: {message}"
                     f"\n    hint: rename the file")


def static_file_problem(file: Any, docs_dir: str) -> str | None:
    """Why a file from content/ (not a page) may not be published, as a located message."""
    suffix = Path(file.src_uri).suffix.lower()
    if suffix in STATIC_SUFFIXES or suffix == ".svg":
        return None
    return printable(f"{Path(docs_dir).name}/{file.src_uri}:1: error: files of type "
                     f"'{suffix or file.name}' are not published: a browser could run what it "
                     "holds\n    hint: turn it into a page (.md), or publish it as PDF or image "
                     f"({', '.join(sorted(STATIC_SUFFIXES | {'.svg'}))})")


def sanitised_svg(source: Path, docs_dir: str, src_uri: str) -> tuple[bytes | None, str | None]:
    """An SVG from content/ without scripts, handlers or external references: (svg, None), or
    (None, a located message)."""
    import py_svg_hush

    where = f"{Path(docs_dir).name}/{src_uri}:1: error: "
    raw = source.read_bytes()
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        return None, printable(where + "the SVG declares a DOCTYPE or entities\n    hint: export "
                               "it again as plain SVG (no DOCTYPE), or use a PNG")
    try:
        clean = py_svg_hush.filter_svg(raw)
        check_svg_expansion(clean, source.name)
    except AssetError as error:
        return None, printable(where + f"{error}\n    hint: {error.hint}")
    except ValueError:
        return None, printable(where + "the file cannot be read as SVG\n    hint: export it "
                               "again as plain SVG, or use a PNG")
    return clean, None


def check_content_files(files: list[Any], docs_dir: str) -> tuple[list[tuple[Any, bytes]], list[str]]:
    """The author's files in content/ (MkDocs `File`s): names with invisible characters are
    refused; besides pages, types a browser could run are refused and SVGs are sanitised.
    Returns (SVG files with their sanitised content, located problems)."""
    sanitised: list[tuple[Any, bytes]] = []
    problems: list[str] = []
    root = Path(docs_dir).resolve()
    for file in files:
        if file.generated_by is not None or not file.abs_src_path \
                or not Path(file.abs_src_path).resolve().is_relative_to(root):
            continue  # the theme's and Gesprekskit's own files
        problem = file_name_problem(file, docs_dir)
        if problem is None and file.is_documentation_page():
            problems.extend(page_text_problems(Path(file.abs_src_path), root.parent))
            continue
        problem = problem or static_file_problem(file, docs_dir) or page_image_problem(file, docs_dir)
        if problem is None and file.src_uri.lower().endswith(".svg"):
            clean, problem = sanitised_svg(Path(file.abs_src_path), docs_dir, file.src_uri)
            if clean is not None:
                sanitised.append((file, clean))
        if problem is not None:
            problems.append(problem)
    return sanitised, problems


def page_text_problems(path: Path, project_root: Path) -> list[str]:
    """A page MkDocs is about to read, its problems as located messages (see `page_text_report`)."""
    return [item.format(project_root) for item in page_text_report(path).errors]


def page_text_report(path: Path) -> DiagnosticReport:
    """A page MkDocs is about to read: UTF-8 text within the size limit (MkDocs itself would
    stop with a traceback on bytes that are not UTF-8), whose front matter is YAML (errors)
    and settings, not a list or a single value, with a text as title and description
    (warnings)."""
    report = DiagnosticReport()
    if path.stat().st_size > MAX_PAGE_CHARS * 4:
        report.error(Location(path, 1, 1), f"the page is larger than {MAX_PAGE_CHARS:,} "
                     "characters", "split it into several pages")
        return report
    text = decode_source(path, path.read_bytes(), report)
    if text is None:
        return report
    for problem in front_matter_yaml_problems(text):
        report.error(Location(path, problem.line), problem.message, problem.hint)
    shape = front_matter_shape_problem(text)
    if shape is not None:
        report.warning(Location(path, shape.line), shape.message, shape.hint)
    for problem in front_matter_value_problems(text):
        report.warning(Location(path, problem.line), problem.message, problem.hint)
    return report


def page_image_problem(file: Any, docs_dir: str) -> str | None:
    """A picture in content/ that would make every reader's browser decode a bomb, or that is
    not the image its name says, as a located message."""
    formats = PAGE_IMAGE_FORMATS.get(Path(file.src_uri).suffix.lower())
    if formats is None:
        return None
    try:
        check_raster_image(Path(file.abs_src_path), "image", MAX_PAGE_IMAGE_PIXELS,
                           MAX_PAGE_IMAGE_SIDE, formats, decode=False)
    except AssetError as error:
        return printable(f"{Path(docs_dir).name}/{file.src_uri}:1: error: {error}"
                         f"\n    hint: {error.hint}")
    return None
