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
