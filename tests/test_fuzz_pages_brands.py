"""Property tests for the other untrusted inputs: guide pages in content/ and brand files.

Any bytes, YAML or Markdown gives a located error or safe output: no traceback, nothing that
runs or fetches in the HTML, and bounded time (Hypothesis' deadline). Every example gets a
folder of its own.
"""

from __future__ import annotations

import re

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.brand import BrandText
from build_tools.brand_file import load_brand
from build_tools.characters import FORBIDDEN
from build_tools.cli import main
from build_tools.diagnostics import GesprekskitError
from build_tools.plan.publish import guide_brand_css as brand_css
from build_tools.site.guide_pages import (guide_page_work_problem, page_text_problems,
                                          sanitize_guide_page)
from conftest import SITE_MKDOCS_YML, valid_kit
from test_fuzz import fresh_folder

BOUNDED = settings(max_examples=200, deadline=timedelta(seconds=10),
                   suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = ["admonition", "def_list", "attr_list", "tables", "toc"]

#: Pieces an attacker (or a paste from Word) would put in a page or a brand value.
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
           "[a](javascript:alert(1))", "[b](//evil.example/x)", "![c](https://evil.example/p.png)",
           "![d](../../../etc/passwd)", '{ onclick="alert(1)" }', '{: style="color:red" }',
           "<iframe src=//evil.example>", '<p style="background:url(//evil.example)">',
           "<svg onload=alert(1)>", "<a href='jav&#x09;ascript:alert(1)'>x</a>", "</title>",
           '"', "'", "<", ">", "&", "!!! note \"x\"\n    y", "| a |\n|:-|\n| b |", "# ", "## ",
           "- ", "1. ", "> ", "    ", "\n", "\n\n", "[", "](", "`", "***", "\u202e", "\x85",
           "<details open ontoggle=alert(1)>", "<base href=//evil.example>", "<!--", "-->",
           "<math><mi xlink:href=javascript:alert(1)>", "data:text/html,<script>x</script>"]
page_texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)),
                      max_size=30).map("".join)


class ActiveContent(HTMLParser):
    """What may never be in a sanitised page: elements that run or embed, handlers, styles,
    links with other schemes, images from outside the site."""

    FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "input", "style", "base",
                      "meta", "link", "svg", "math", "frame", "frameset", "template", "textarea",
                      "button", "video", "audio", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            scheme = urlsplit(value.strip()).scheme.lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}>")
            if name == "href" and scheme not in ("", "http", "https", "mailto"):
                self.problems.append(f"<{tag} href={value[:30]}>")
            if name == "src" and (scheme or value.startswith(("/", "\\")) or ".." in value):
                self.problems.append(f"<{tag} src={value[:30]}>")


def active_content(page_html: str) -> list[str]:
    finder = ActiveContent()
    finder.feed(page_html)
    return finder.problems


@BOUNDED
@given(text=page_texts)
def test_any_guide_page_is_refused_or_sanitised(text: str) -> None:
    problem = guide_page_work_problem(text)
    if problem is not None:
        assert problem.line >= 1 and problem.message
        return
    page_html = sanitize_guide_page(markdown.markdown(text, extensions=EXTENSIONS),
                                    "voor-hr/pagina.md")
    assert not active_content(page_html), page_html
    assert not FORBIDDEN.search(page_html)


@BOUNDED
@given(data=st.one_of(st.binary(max_size=400), page_texts.map(str.encode)))
def test_any_bytes_as_a_page_are_refused_located_or_read(data: bytes) -> None:
    with fresh_folder() as root:
        (root / "content").mkdir()
        path = root / "content" / "pagina.md"
        path.write_bytes(data)
        problems = page_text_problems(path, root)
        for problem in problems:
            assert problem.startswith("content/pagina.md:") and ": error: " in problem
            assert not FORBIDDEN.search(problem)
        if not problems:
            text = data.decode("utf-8-sig")
            assert not FORBIDDEN.search(text) and "\0" not in text


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 5000), st.sampled_from(HOSTILE),
                    st.text(max_size=30), st.sampled_from(["#1f5f5b", "red", "rgb(1,2,3)", "a",
                                                           "logo.svg", "font.ttf", "file"]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(st.text(max_size=10), children, max_size=3)),
    max_leaves=12)
BRAND_KEYS = {
    "meta": st.fixed_dictionaries({}, optional={"name": st.one_of(values, st.fixed_dictionaries(
        {}, optional={"full": scalars, "short": scalars}))}),
    "color": st.fixed_dictionaries({}, optional={
        "palette": st.dictionaries(st.sampled_from(["a", "b", "primary", "wit"]), scalars,
                                   max_size=3),
        **{key: scalars for key in ("primary", "secondary", "foreground", "background")}}),
    "logo": values,
    "typography": st.fixed_dictionaries({}, optional={
        "fonts": st.lists(st.fixed_dictionaries({"family": scalars}, optional={
            "source": scalars, "files": st.lists(st.one_of(scalars, st.fixed_dictionaries(
                {"path": scalars}, optional={"weight": scalars, "style": scalars})),
                max_size=2)}), max_size=2),
        "base": values, "headings": values}),
    "defaults": st.fixed_dictionaries({}, optional={"gesprekskit": st.dictionaries(
        st.sampled_from(["footer", "contact", "confidentiality", "other"]), scalars, max_size=3)}),
}
brand_documents = st.fixed_dictionaries({}, optional=BRAND_KEYS)


def check_brand(root: Path, path: Path) -> None:
    """A located error for every problem, or a brand whose CSS holds only checked values."""
    try:
        brand, _ = load_brand(path, root, cache_dir=root / ".cache")
    except GesprekskitError as error:
        assert error.report.errors
        for item in error.report.errors:
            assert item.location.path == path and (item.location.line or 0) >= 1
            assert not FORBIDDEN.search(item.format(root))
        return
    css = brand_css(brand)
    assert "<" not in css and "url(\"http" not in css and "@import" not in css
    assert css.count("{") == css.count("}")
    texts = [brand.organisation, brand.short_name]
    for text in (brand.footer, brand.contact, brand.confidentiality):
        # A brand text is one string or one per language ({nl: …, en: …}).
        texts += [value for _language, value in text.texts] if isinstance(text, BrandText) \
            else [text or ""]
    for value in texts:
        assert not FORBIDDEN.search(value) and "<" not in value


@BOUNDED
@given(document=brand_documents)
def test_any_brand_document_is_refused_located_or_safe(document: dict) -> None:
    with fresh_folder() as root:
        (root / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>',
                                       encoding="utf-8")
        (root / "font.ttf").write_bytes(b"\0\1\0\0 not really a font")
        path = root / "_brand.yml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        check_brand(root, path)


@BOUNDED
@given(data=st.one_of(st.binary(max_size=300), page_texts.map(str.encode)))
def test_any_bytes_as_brand_file_are_refused_located_or_safe(data: bytes) -> None:
    with fresh_folder() as root:
        path = root / "_brand.yml"
        path.write_bytes(data)
        check_brand(root, path)


@settings(max_examples=6, deadline=timedelta(seconds=120),
          suppress_health_check=[HealthCheck.too_slow])
@given(page=st.one_of(page_texts.map(str.encode), st.binary(max_size=200)),
       short_name=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)))
def test_any_page_and_brand_name_build_safely(page: bytes, short_name: str) -> None:
    """The whole way through MkDocs and Material: exit 0 with safe pages, or exit 1 with a
    located message; never a traceback."""
    with fresh_folder() as root:
        (root / "kits").mkdir()
        (root / "kits" / "gesprek.yml").write_text(valid_kit("gesprek"), encoding="utf-8")
        (root / "content").mkdir()
        (root / "content" / "index.md").write_bytes(page)
        (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML, encoding="utf-8")
        (root / "_brand.yml").write_text(yaml.safe_dump({"meta": {"name": {
            "full": "Organisatie", "short": short_name}}}, allow_unicode=True), encoding="utf-8")
        result = CliRunner().invoke(main, ["build", str(root)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and result.exception is None or \
            isinstance(result.exception, SystemExit)
        if result.exit_code == 1:
            assert "error" in result.output.lower()
            return
        for built in (root / "site").rglob("*.html"):
            html = built.read_text(encoding="utf-8")
            if built.name == "wat-speelt-er.html":  # the trigger finder's own filter box and script
                html = re.sub(r'<input id="gk-finder-input"[^>]*>|<script src="[^"]*'
                              r'situation-filter\.js" defer></script>', "", html)
            article = html.split('<article class="md-content__inner md-typeset">')[-1]
            assert not active_content(article.split("</article>")[0]), built.name
            assert ' onfocus="' not in html and "<script>alert" not in html
