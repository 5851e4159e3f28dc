"""Short hyphenated words ("1-op-1", "e-mail", "follow-up") stay on one line of a card."""

from __future__ import annotations

import io
import re
from pathlib import Path

from markupsafe import Markup
from pypdf import PdfReader
from test_poster_and_cards import EXTREME

from build_tools.line_breaks import keep_hyphenated_words
from build_tools.loader import ProjectSettings, load_project
from build_tools.sheets import render_sheet

WORDS = ("1-op-1", "e-mail", "follow-up")
LONG = "arbeidsomstandigheden-spreekuur"


def test_short_hyphenated_words_are_kept_whole_and_long_ones_not() -> None:
    html = keep_hyphenated_words(Markup(f'Na de 1-op-1, een <a href="/e-mail-x">e-mail</a> '
                                        f'en het {LONG}.'))
    assert '<span class="nobreak">1-op-1</span>,' in html
    assert '<a href="/e-mail-x"><span class="nobreak">e-mail</span></a>' in html
    assert f"het {LONG}." in html
    assert keep_hyphenated_words("a-b <c>") == '<span class="nobreak">a-b</span> &lt;c&gt;'


def _kit(questions: list[str]) -> str:
    """The extreme kit of the plate's and deck's tests with one phase of these questions."""
    lines = "".join(f"      - text: \"{text}\"\n" for text in questions)
    return re.sub(r"(?s)phases:.*?tips:", lambda _match: "phases:\n  - title: Openen\n"
                  f"    questions:\n{lines}tips:", EXTREME)


def test_a_card_never_breaks_a_short_word_at_its_hyphen(tmp_path: Path) -> None:
    """Each word at every place along a card's line: without the nowrap span a line ended in
    "1-" and the next began with "op-1" (the example's "volgende 1-op-1" did)."""
    questions = [f"{'Wat ' * (count % 6)}{'ga je ' * (count // 6)}vóór onze volgende {word} "
                 f"concreet doen, en wanneer?" for word in WORDS for count in range(12)]
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "afstemmen.yml").write_text(_kit(questions), encoding="utf-8")
    project = load_project(ProjectSettings(tmp_path))
    data = render_sheet(project, project.kit("afstemmen"), "kaarten")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for word in WORDS:
        assert text.count(word) == 12, word
