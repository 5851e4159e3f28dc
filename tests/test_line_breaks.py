"""Short hyphenated words ("1-op-1", "e-mail", "follow-up") stay on one line of a card."""

from __future__ import annotations

import io
from pathlib import Path

from markupsafe import Markup
from pypdf import PdfReader

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
    lines = "".join(f"      - text: \"{text}\"\n" for text in questions)
    return f"""\
schema: 1
title: Afstemmen
summary: Een kort gesprek.
type: other
duration: 30
participants: [Medewerker, Leidinggevende]
purpose:
  description: Afstemmen.
  for_employee: [Aandacht]
  for_employer: [Signalen]
when:
  rhythm: Eens per maand
preparation:
  manager: [Lees de vorige afspraken terug.]
  employee: [Wat wil je bespreken?]
phases:
  - title: Openen
    questions:
{lines}tips: []
follow_up:
  record: [De belangrijkste punten.]
  agreements: [Wie doet wat, en wanneer?]
  support: [Tijd]
"""


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
