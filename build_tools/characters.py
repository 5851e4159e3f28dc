"""Characters no author text may hold, and how to show untrusted text in a message safely.

Control characters (C0 but tab and line breaks, DEL, C1), the bidirectional embeddings,
overrides and isolates (which make text read differently from how it is stored) and lone
surrogates (which cannot be written as UTF-8 at all) are refused wherever a text enters:
in the file itself and in YAML escapes such as "\\x00" or "\\u202e".
"""

from __future__ import annotations

import re
import unicodedata

#: What no text may contain. Tab, line feed and carriage return are ordinary text.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                       "\ud800-\udfff]")
#: What a message must not print as it is: the above plus line breaks and tabs.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                          "\u200e\u200f\u061c\u2028\u2029]")


def describe(character: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: a name an author can search for, never the character."""
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    if not name and ord(character) < 0x20:
        name = "control character"
    elif not name and 0xD800 <= ord(character) <= 0xDFFF:
        name = "lone surrogate, not a character"
    return f"{code} ({name})" if name else code


def first_forbidden(text: str) -> re.Match[str] | None:
    return FORBIDDEN.search(text)


def forbidden_message(character: str) -> tuple[str, str]:
    """The message and hint for a refused character."""
    if 0xD800 <= ord(character) <= 0xDFFF:
        return (f"the text contains {describe(character)}, which cannot be stored as text",
                "remove the \\u escape; write the character itself, or the pair of surrogates "
                "that make one character")
    return (f"the text contains an invisible control character {describe(character)}",
            "delete it (in YAML also escapes such as \\x00 or \\u202e); such characters often "
            "come along when text is copied from e-mail or Word")


def printable(text: str) -> str:
    """Untrusted text as a message may show it: control and direction characters as escapes."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"),
                            text)


def one_line(text: str) -> str:
    """Untrusted text on one line of a message: line breaks escaped too."""
    return printable(text).replace("\n", "\\n")


def quoted(value: str) -> str:
    """A value an author gave, quoted inside a message on one line."""
    return f"'{one_line(value)}'"
