"""A guide page missing in a language comes from the first language of its fallback chain that
has it, marked with that language; nav titles the language lacks come from the chain too."""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.build import build_into

from conftest import SITE_MKDOCS_YML, TinyProject


def test_a_missing_page_and_nav_titles_come_from_the_fallback_chain(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Welkom\n\nDit is de gids.\n", encoding="utf-8")
    (root / "content" / "index.en.md").write_text("# Welcome\n\nThis is the guide.\n",
                                                  encoding="utf-8")
    (root / "locales").mkdir()
    english = (Path(__file__).resolve().parent.parent / "build_tools" / "locales" / "en.yml")
    (root / "locales" / "pl.yml").write_text(english.read_text(encoding="utf-8"),
                                             encoding="utf-8")
    config = SITE_MKDOCS_YML.replace("strict: true\n", "").replace("      pdfs: false\n", """      pdfs: false
      languages:
        en:
          nav: {Welkom: Welcome, Tips: Tips}
        pl:
          fallback: [en, nl]
          nav: {Tips: Porady}
""")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    TinyProject(root).write_kit("check-in")
    site = tmp_path / "site"
    build_into(root, site)
    polish = (site / "pl" / "index.html").read_text(encoding="utf-8")
    assert "This is the guide." in polish and "Dit is de gids." not in polish
    assert '<div lang="en" dir="ltr">' in polish
    # Nav: English for Welkom (pl names none), its own for Tips.
    assert re.search(r">\s*Welcome\s*<", polish) and re.search(r">\s*Porady\s*<", polish)
    dutch = (site / "index.html").read_text(encoding="utf-8")
    assert "Dit is de gids." in dutch and '<div lang="' not in dutch


def test_a_broken_link_in_a_translated_page_names_that_page(tmp_path: Path) -> None:
    """Hostile finding: a broken link in content/index.en.md was reported by MkDocs as
    "Doc file 'index.md'", the Dutch page, which has no such link."""
    from click.testing import CliRunner

    from build_tools.cli import main

    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Welkom\n\nDit is de gids.\n", encoding="utf-8")
    (root / "content" / "index.en.md").write_text(
        "# Welcome\n\nSee [nothing](bestaat-niet.md).\n", encoding="utf-8")
    config = SITE_MKDOCS_YML.replace("strict: true\n", "").replace(
        "      pdfs: false\n", "      pdfs: false\n      languages:\n        en:\n          nav: {}\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    TinyProject(root).write_kit("check-in")
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "Doc file 'index.en.md' contains a link 'bestaat-niet.md'" in result.output, \
        result.output
    assert "Doc file 'index.md'" not in result.output, result.output


def test_only_pages_read_from_another_file_are_renamed() -> None:
    import logging

    from build_tools.plugin.source_names import PAGES_LOGGER, name_sources

    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger(PAGES_LOGGER)
    handler = Keep()
    logger.addHandler(handler)
    try:
        name_sources({"index.md": "index.en.md"})
        logger.warning("Doc file 'index.md' contains a link 'x.md', but ...")
        logger.warning("Doc file 'tips/index.md' contains a link 'x.md', but ...")
        name_sources({})
        logger.warning("Doc file 'index.md' contains a link 'y.md', but ...")
    finally:
        logger.removeHandler(handler)
    assert seen == ["Doc file 'index.en.md' contains a link 'x.md', but ...",
                    "Doc file 'tips/index.md' contains a link 'x.md', but ...",
                    "Doc file 'index.md' contains a link 'y.md', but ..."]
