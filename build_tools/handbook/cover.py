"""What the handbook's cover says besides the title: who it is from and which edition.

A cover names the organisation (with its logo), the guide once, and an edition line, the
language and the month it was made, as a printed manual does. Without a brand name of its own
the organisation's name is the guide's (see `Brand.for_guide`): then the title alone names it,
not twice. The month comes from `SOURCE_DATE_EPOCH` when set (reproducible builds), otherwise
from the clock; it is part of the handbook's cache key, so a rebuild within the month gives the
same bytes and a new month a new cover.
"""

from __future__ import annotations

import datetime as dt
import os

from ..brand import Brand
from ..languages import language_display_name


def edition_date() -> dt.date:
    """The day the handbook is dated: SOURCE_DATE_EPOCH's, else today's (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def language_name(language: str) -> str:
    """The language's own name for itself, capitalised as a cover line starts ("Nederlands",
    "Français"); its code if unknown."""
    name = language_display_name(language)
    return name if name == language else name[:1].upper() + name[1:]


def edition_line(language: str, day: dt.date | None = None) -> str:
    """"Nederlands · december 2026": the language and the month, as the language writes it."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    day = day or edition_date()
    try:
        month = format_date(day, format="LLLL y", locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        month = day.strftime("%Y-%m")
    return f"{language_name(language)} · {month}"


def cover_organisation(brand: Brand, title: str) -> str:
    """The organisation's name for the cover, or "" when it is only the guide's name again."""
    name = brand.organisation.strip()
    return name if brand.named and name.casefold() != title.strip().casefold() else ""
