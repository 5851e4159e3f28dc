"""Guide pages from content/: what the allow-list keeps, what it removes, escaped front matter."""

from __future__ import annotations

import markdown

from build_tools.site.guide_pages import (escape_front_matter, sanitize_guide_page,
                                          title_from_html)

EXTENSIONS = ["admonition", "def_list", "attr_list", "tables", "toc"]


def page(text: str, uri: str = "voor-hr/pagina.md") -> str:
    return sanitize_guide_page(markdown.markdown(text, extensions=EXTENSIONS), uri)


def test_the_allow_list_keeps_what_guide_pages_use() -> None:
    html = page('# Titel\n\n## Kop\n\n!!! tip "Let op"\n    Tekst.\n\n'
                "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
                "Term\n:   Uitleg\n\n> Citaat\n\n    code\n\n---\n\n"
                "[intern](../index.md#kop) [extern](https://example.org) [mail](mailto:hr@x.nl)\n\n"
                "![logo](../img/logo.png)")
    for kept in ('<h1 id="titel">', '<h2 id="kop">', '<div class="admonition tip">',
                 '<p class="admonition-title">', '<th class="gk-align-left">',
                 '<td class="gk-align-right">', "<dl>", "<dd>", "<blockquote>", "<pre><code>",
                 "<hr>", 'href="../index.md#kop"', 'href="https://example.org"',
                 'href="mailto:hr@x.nl"', 'src="../img/logo.png"'):
        assert kept in html, kept
    assert "style=" not in html


def test_nothing_that_runs_fetches_or_styles_survives() -> None:
    html = page('<script>alert(1)</script>\n\n<p onclick="alert(2)" style="color:red">x</p>\n\n'
                "[a](javascript:alert(3)) [b](vbscript:x) [c](data:text/html,x)\n\n"
                '<iframe src="https://evil.example/"></iframe>\n\n'
                "![r](https://evil.example/p.png) ![s](//evil.example/q.png) "
                "![t](data:image/png;base64,AAAA) ![u](../../buiten.png) ![v](/etc/x.png)\n\n"
                'Alinea\n{ onmouseover="alert(4)" style="x" class="md-header" }\n\n'
                '<div class="md-sidebar">z</div><h2 id="__search">k</h2>'
                '<img src="ok.png" width="100%" onerror="alert(5)">')
    for gone in ("<script", "alert(", "onclick", "javascript:", "vbscript:", "data:", "<iframe",
                 "evil.example", "buiten.png", "/etc/x.png", "style=", "md-header", "md-sidebar",
                 "__search", 'width="100%"'):
        assert gone not in html, gone
    assert 'src="ok.png"' in html


def test_front_matter_is_escaped_and_cannot_choose_a_template() -> None:
    meta = escape_front_matter({"title": "</title><script>x</script>", "hide": ["toc"],
                                "description": '"><b>', "template": "../../evil.html"})
    assert meta == {"title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;", "hide": ["toc"],
                    "description": "&quot;&gt;&lt;b&gt;"}


def test_the_title_comes_from_the_sanitised_heading() -> None:
    html = page("# Welkom <img src=x onerror=alert(1)> & \"meer\"\n\ntekst")
    assert title_from_html(html) == "Welkom &amp; &quot;meer&quot;"
    assert title_from_html(page("tekst\n\n# Later")) is None
