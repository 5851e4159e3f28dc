"""The handbook cut into parts that WeasyPrint lays out one at a time.

One WeasyPrint document keeps the layout of every page until it is written: a 200-kit handbook
(about 1 200 pages) passed 1.8 GB that way. Laid out in parts of a few chapters each and joined
afterwards (`pdf_join.py`), the memory stays that of the largest part, and a part whose chapters
did not change comes from the cache (editing one kit lays out one part again).

Page numbers are what ties the parts together. Each part starts counting where the one before
it ended (`start_page`). A part that prints page numbers of other parts (the contents, the
overview of the conversations) is laid out twice: first with empty numbers to learn its length,
at the end with the real ones (`refers_to_pages`). Inside the chapters the handbook refers by
number instead (a kit's tips are "tip 7"), so no chapter has to wait for a later one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import Chapter

#: Chapters per part. Small enough to keep a part's layout to a few dozen pages (memory, and
#: what editing one kit lays out again), large enough that the fonts each part embeds add
#: little to the joined file.
KITS_PER_PART = 4
PAGES_PER_PART = 6
#: Sixty tips flowing fill about twenty pages, what four kits fill. Each part starts on a new
#: page (its own document), so a run of tips is cut no more often than memory asks: at thirty,
#: a guide of 40 tips had a page two thirds empty after the 30th.
TIPS_PER_PART = 60


@dataclass
class HandbookPart:
    """A run of consecutive chapters laid out as one WeasyPrint document."""

    kind: str   # "front" (cover and contents), "pages", "overview", "kits" or "tips"
    chapters: list[Chapter] = field(default_factory=list)
    #: The title of the chapter this part continues (a long tips chapter is cut in parts):
    #: the running header shows it from the part's first page.
    continues: str = ""
    #: The tips chapter's tips from this one on, up to `tips_to` (a cut tips chapter).
    tips_from: int = 0
    tips_to: int = 0

    @property
    def refers_to_pages(self) -> bool:
        """Prints page numbers of other parts: laid out again once they are known."""
        return self.kind in ("front", "overview")


#: How many chapters of each kind a part holds at most.
_LIMITS = {"kits": KITS_PER_PART, "pages": PAGES_PER_PART}


def split_into_parts(chapters: list[Chapter]) -> list[HandbookPart]:
    """The front (cover and contents), then the chapters in reading order, a few at a time:
    guide pages with guide pages, kits with kits, the overview of the kits alone (it is laid
    out twice) and the tips cut into runs of `TIPS_PER_PART`."""
    parts = [HandbookPart("front")]
    for chapter in chapters:
        if chapter.kind == "section":  # a heading of the contents only
            continue
        kind = {"kits_heading": "overview", "kit": "kits", "tips": "tips"}.get(chapter.kind,
                                                                              "pages")
        if kind == "tips":
            count = len(chapter.tips)
            for first in range(0, max(count, 1), TIPS_PER_PART):
                parts.append(HandbookPart("tips", [chapter], continues=chapter.title if first else "",
                                          tips_from=first, tips_to=min(first + TIPS_PER_PART, count)))
            continue
        last = parts[-1]
        if kind in _LIMITS and last.kind == kind and len(last.chapters) < _LIMITS[kind]:
            last.chapters.append(chapter)
        else:
            parts.append(HandbookPart(kind, [chapter]))
    return parts
