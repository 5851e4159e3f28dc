"""The example guide in a real browser: offline, keyboard, search, downloads, languages, dark
mode, print, and accessibility (axe-core, WCAG 2.1 AA) on every page, light and dark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import CHROMIUM_ARGS, chromium_path, local_server, search_until_results

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def site_pages(site: Path) -> list[str]:
    """Every generated page of interest, relative to the site root, both languages."""
    pages = ["index.html", "gesprekken/index.html", "tips.html", "vragenbank.html",
             "jaarritme.html", "gesprekscyclus.html", "het-goede-gesprek.html"]
    pages += sorted(path.relative_to(site).as_posix()
                    for path in (site / "gesprekken").glob("*.html") if path.name != "index.html")
    # The Workshops section (issue 19): its overview and every workshop page.
    pages += sorted(path.relative_to(site).as_posix() for path in (site / "workshops").glob("*.html"))
    if (site / "en" / "index.html").is_file():
        pages += ["en/" + page for page in pages]
    return pages


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.fail("chromium is not installed: run .ci/install")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server(example_site: Path) -> Iterator[str]:
    with local_server(example_site) as url:
        yield url


class Watched:
    """A page with every request and console error recorded; requests off the machine fail."""

    def __init__(self, browser: object, allowed_prefix: str, color_scheme: str = "light") -> None:
        self.context = browser.new_context(color_scheme=color_scheme,  # type: ignore[attr-defined]
                                           viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.allowed_prefix = allowed_prefix
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.context.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(self.allowed_prefix) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=["file", "http"])
def base_url(request: pytest.FixtureRequest, example_site: Path) -> str:
    if request.param == "file":
        return example_site.as_uri() + "/"
    return request.getfixturevalue("server")


def test_every_page_loads_without_errors_or_outside_requests(browser: object, base_url: str,
                                                             example_site: Path) -> None:
    prefix = base_url if base_url.startswith("http") else "file://"
    watched = Watched(browser, prefix)
    try:
        for page in site_pages(example_site):
            watched.page.goto(base_url + page)
            watched.page.wait_for_selector(".md-content h1")
        assert watched.errors == []
        assert watched.outside == []
    finally:
        watched.close()


def test_keyboard_skip_link_and_visible_focus(browser: object, example_site: Path) -> None:
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto(example_site.as_uri() + "/gesprekken/index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused, "the first Tab reaches the skip link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#gesprekken"
    # Tab on through the page until a kit link has focus, then open it with Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if re.search(r"^[a-z-]+\.html$", href) and href != "index.html":
            break
    else:
        pytest.fail("no kit link reached by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    watched.close()


def test_offline_search_finds_a_kit_by_a_question_word(browser: object, base_url: str) -> None:
    prefix = base_url if base_url.startswith("http") else "file://"
    watched = Watched(browser, prefix)
    page = watched.page
    page.goto(base_url + "index.html")
    page.click(".md-search__input")
    if not search_until_results(page, "mantelzorg", playwright_api.TimeoutError):
        pytest.fail("search gave no results")
    # A locator, not an element handle: the list re-renders while results stream in.
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_selector(".md-content h1")
    assert "/gesprekken/" in page.url or "tips" in page.url
    assert watched.outside == [] and watched.errors == []
    watched.close()


def test_every_download_link_resolves(example_site: Path) -> None:
    checked = 0
    for page in site_pages(example_site):
        html = (example_site / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]+\.pdf)"', html):
            target = (example_site / page).parent / unquote(urlsplit(href).path)
            assert target.resolve().is_file(), f"{page}: {href}"
            checked += 1
    assert checked >= 6 * 8


def test_language_selector_switches_and_back(browser: object, example_site: Path) -> None:
    if not (example_site / "en" / "index.html").is_file():
        pytest.skip("the example is built in one language")
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto(example_site.as_uri() + "/gesprekken/exitgesprek.html")
    assert page.get_attribute("html", "lang") == "nl"
    page.click(".md-select .md-header__button")
    page.click(".md-select__link[lang='en']")
    page.wait_for_url(re.compile(r"/en/gesprekken/exitgesprek\.html$"))
    assert page.get_attribute("html", "lang") == "en"
    page.click(".md-select .md-header__button")
    page.click(".md-select__link[lang='nl']")
    page.wait_for_url(re.compile(r"/site[^/]*/gesprekken/exitgesprek\.html$|/gesprekken/exitgesprek\.html$"))
    assert page.get_attribute("html", "lang") == "nl"
    assert watched.errors == []
    watched.close()


def test_dark_mode_toggle(browser: object, example_site: Path) -> None:
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto(example_site.as_uri() + "/index.html")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    watched.close()


def test_printing_a_kit_page_hides_navigation_and_search(browser: object, example_site: Path,
                                                         tmp_path: Path) -> None:
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto(example_site.as_uri() + "/gesprekken/temperatuurgesprek.html")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".gk-downloads",
                     ".md-footer"):
        assert not page.is_visible(selector), f"{selector} shows in print"
    assert page.is_visible(".md-content h1")
    pdf = page.pdf(path=str(tmp_path / "print.pdf"))
    assert pdf.startswith(b"%PDF")
    watched.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_wcag21_aa_on_every_page(browser: object, example_site: Path, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    watched = Watched(browser, "file://", color_scheme=scheme)
    found: dict[str, list[str]] = {}
    for page in site_pages(example_site):
        watched.page.goto(example_site.as_uri() + "/" + page)
        watched.page.wait_for_selector(".md-content h1")
        results = axe.run(watched.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        if violations:
            found[page] = [f"{item['id']}: {item['nodes'][0]['target']}" for item in violations]
    watched.close()
    assert found == {}


def test_screenshots_of_the_main_pages(browser: object, example_site: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        watched = Watched(browser, "file://", color_scheme=scheme)
        for page in ("index.html", "gesprekken/index.html", "gesprekken/temperatuurgesprek.html",
                     "vragenbank.html", "jaarritme.html", "en/index.html"):
            if not (example_site / page).is_file():
                continue
            watched.page.goto(example_site.as_uri() + "/" + page)
            watched.page.wait_for_selector(".md-content h1")
            name = page.replace("/", "_").removesuffix(".html")
            watched.page.screenshot(path=str(ARTIFACTS / f"{name}-{scheme}.png"))
            assert (ARTIFACTS / f"{name}-{scheme}.png").stat().st_size > 10_000
        watched.close()


def test_brand_fonts_load_on_the_site(browser: object, site_project: Path) -> None:
    """The brand's own font files are fetched and used: not a fallback with the right name."""
    from test_brand_build import branded_project, run

    project = branded_project(site_project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("pdfs: true", "pdfs: false"), encoding="utf-8")
    result = run("build", str(project), "--brand", str(project / "brands/het-anker/_brand.yml"))
    assert result.exit_code == 0, result.output
    with local_server(project / "site") as url:
        watched = Watched(browser, url)
        try:
            failed: list[str] = []
            watched.page.on("requestfailed", lambda request: failed.append(request.url))
            watched.page.goto(url + "gesprekken/check-in.html")
            watched.page.wait_for_selector(".md-content h1")
            watched.page.evaluate("document.fonts.ready.then(() => true)")
            loaded = watched.page.evaluate(
                "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Lato')"
                ".map(f => f.status + ' ' + f.weight + ' ' + f.style)")
            assert "loaded 400 normal" in loaded and "loaded 700 normal" in loaded, loaded
            heading_font = watched.page.evaluate(
                "getComputedStyle(document.querySelector('.md-content h1')).fontFamily")
            assert heading_font.startswith('"Lato"') or heading_font.startswith("Lato"), heading_font
            assert not [address for address in failed if "/fonts/" in address], failed
            assert watched.errors == [] and watched.outside == []
        finally:
            watched.close()
