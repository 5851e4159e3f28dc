"""Short hyphenated words kept on one line in print.

A line may break after any hyphen, so "1-op-1", "e-mail" or "follow-up" could end a line with
"1-" and start the next with "op-1": on a card read across a table that reads as two words.
Such a word is wrapped in a ``nowrap`` span (words.css) instead of getting a non-breaking
hyphen (U+2011): the brands' fonts need not have that glyph (Lato has not), and the text layer
keeps the hyphen the author typed, for copying and searching. A long compound joined by a
hyphen still breaks there: it is a word of the hyphenation's length (words.css, 20 letters).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: Below this many characters a hyphenated word is kept whole; words.css hyphenates words of
#: 20 letters or more, so a word short enough never to be hyphenated never breaks at all.
LONGEST_KEPT = 19
_TAG = re.compile(r"(<[^>]*>)")
_HYPHENATED = re.compile(r"(?<![\w-])\w+(?:-\w+)+(?![\w-])")


def keep_hyphenated_words(value: str | Markup) -> Markup:
    """The text (HTML when it is Markup, else plain text, escaped) with every hyphenated word
    of at most :data:`LONGEST_KEPT` characters in a ``<span class="nobreak">``; tags and
    attributes are left as they are."""
    html = value if isinstance(value, Markup) else escape(value)

    def wrap(match: re.Match[str]) -> str:
        word = match.group(0)
        return f'<span class="nobreak">{word}</span>' if len(word) <= LONGEST_KEPT else word

    parts = _TAG.split(str(html))
    return Markup("".join(part if index % 2 else _HYPHENATED.sub(wrap, part)
                          for index, part in enumerate(parts)))
