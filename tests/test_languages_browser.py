"""The guide's right-to-left and Japanese sites in a real browser: direction, search, axe."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import search_until_results
from test_browser import WCAG_TAGS, Watched, browser  # noqa: F401 - the browser fixture

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


def test_arabic_site_runs_right_to_left_and_passes_axe(browser: object,
                                                       multilingual_build: tuple[Path, str]
                                                       ) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site, _ = multilingual_build
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto(site.as_uri() + "/ar/gesprekken/kennismaking.html")
    heading = page.locator(".md-content h1")
    assert heading.evaluate("element => getComputedStyle(element).direction") == "rtl"
    box = heading.bounding_box()
    content = page.locator(".md-content__inner").bounding_box()
    assert box is not None and content is not None
    # The heading's text starts at the right edge of the content column.
    text_right = heading.evaluate(
        "element => { const range = document.createRange(); range.selectNodeContents(element);"
        " return range.getBoundingClientRect().right; }")
    assert abs(text_right - (content["x"] + content["width"])) < 40
    # The English fallback text runs left to right inside the Arabic page.
    english = page.locator('span[lang="en"]', has_text="What struck you?").first
    assert english.evaluate("element => getComputedStyle(element).direction") == "ltr"
    assert watched.outside == [] and watched.errors == []
    # axe reads the stylesheets itself, which a file:// page refuses: its errors are not ours.
    found: dict[str, list[str]] = {}
    for name in ("ar/index.html", "ar/gesprekken/index.html", "ar/gesprekken/kennismaking.html",
                 "ja/gesprekken/kennismaking.html"):
        page.goto(site.as_uri() + "/" + name)
        page.wait_for_selector(".md-content h1")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.response["violations"]:
            found[name] = [f"{item['id']}: {item['nodes'][0]['target']}"
                           for item in results.response["violations"]]
    watched.close()
    assert found == {}


def test_japanese_search_finds_a_word_without_spaces(browser: object,
                                                     multilingual_build: tuple[Path, str]
                                                     ) -> None:
    """Material's Japanese search (lunr with TinySegmenter) from disk."""
    site, _ = multilingual_build
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("file://", "data:", "blob:", "about:")) else None)
    page.goto(site.as_uri() + "/ja/index.html")
    page.click(".md-search__input")
    if not search_until_results(page, "面談", playwright_api.TimeoutError):
        pytest.fail("the Japanese search gave no results")
    assert "顔合わせ面談" in page.locator(".md-search-result").inner_text()
    assert outside == [] and errors == []
    context.close()
