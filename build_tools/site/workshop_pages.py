"""The guide's Workshops section: an overview and a page per workshop, the workshops a kit
page lists, and their place in the author's nav.

What a page shows is what a trainer reads to prepare; the role cards' private information is
never passed to a template, so no page can show it.
"""

from __future__ import annotations

from typing import Any, Callable

from ..loader import Project
from ..model import Kit
from ..rendering import LanguageContext
from ..workshop_model import KitReference, Workshop

LinkFunction = Callable[[str], str]


def sorted_workshops(project: Project, context: LanguageContext) -> list[Workshop]:
    """Shortest first (a taster before a half day), then by title."""
    return sorted(project.workshops, key=lambda workshop: (
        workshop.document.duration, context.text(workshop.document.title).lower()))


def workshops_using(project: Project, kit_id: str, context: LanguageContext) -> list[Workshop]:
    return [workshop for workshop in sorted_workshops(project, context)
            if kit_id in workshop.kit_ids()]


def duration_label(minutes: int, context: LanguageContext) -> str:
    """210 → "3 uur 30 min"; under an hour, "45 min"."""
    translate = context.translate
    hours, rest = divmod(minutes, 60)
    if not hours:
        return translate("minutes", n=rest)
    if not rest:
        return translate("workshop_page.duration_hours", h=hours)
    return translate("workshop_page.duration_hours_minutes", h=hours, m=rest)


def overview_context(project: Project, context: LanguageContext,
                     workshop_link: Callable[[Workshop], str]) -> dict[str, Any]:
    cards = [{"workshop": workshop, "url": workshop_link(workshop),
              "duration": duration_label(workshop.document.duration, context),
              "kits": [project.kit(kit_id) for kit_id in workshop.kit_ids()]}
             for workshop in sorted_workshops(project, context)]
    return {"cards": cards}


def workshop_context(project: Project, workshop: Workshop, context: LanguageContext,
                     kit_link: Callable[[Kit], str], tip_link: Callable[[str], str]
                     ) -> dict[str, Any]:
    """Everything the workshop page shows: the agenda with computed times and each block with
    its method and what it uses of the kits, resolved to titles, questions and links."""
    schedule = workshop.schedule()
    blocks = [{"item": item, "uses": [_resolved(project, reference, kit_link, tip_link)
                                      for reference in item.block.uses],
               "steps": list(zip(item.block.method.steps, item.step_starts()))
               if item.block.method else []}
              for item in schedule]
    return {"workshop": workshop, "schedule": schedule, "blocks": blocks,
            "duration": duration_label(workshop.document.duration, context),
            "end": workshop.end(), "materials": workshop.materials_checklist(),
            "kits": [{"kit": project.kit(kit_id), "url": kit_link(project.kit(kit_id))}
                     for kit_id in workshop.kit_ids()]}


def _resolved(project: Project, reference: KitReference, kit_link: Callable[[Kit], str],
              tip_link: Callable[[str], str]) -> dict[str, Any]:
    """A block's reference with the kit, the phase, the questions and the tips it names."""
    kit = project.kit(reference.kit)
    refs = kit.questions()
    questions = [next(ref for ref in refs if name in (ref.number, ref.question.id))
                 for name in reference.questions]
    url = kit_link(kit)
    phase = None
    if reference.phase is not None:
        phase = {"number": reference.phase, "phase": kit.document.phases[reference.phase - 1],
                 "url": f"{url}#fase-{reference.phase}"}
    tips = project.tips_by_id
    return {"kit": kit, "url": url, "phase": phase, "questions": questions,
            "tips": [{"tip": tips[tip_id], "url": tip_link(tip_id)} for tip_id in reference.tips
                     if tip_id in tips]}


def expand_workshops_nav(nav: list[Any], overview_page: str, pages: list[Any]) -> list[Any]:
    """The nav entry that points at the workshops overview becomes a section of the overview
    and a page per workshop; without workshops, the entry is left out (it would point nowhere)."""
    entries: list[Any] = [overview_page]
    entries += [{page.escaped_title: page.src_uri} for page in pages if page.kind == "workshop"]
    has_overview = any(page.src_uri == overview_page for page in pages)

    def expand(items: list[Any]) -> list[Any]:
        expanded: list[Any] = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 \
                else item
            if value == overview_page:
                if has_overview:
                    title = next(iter(item)) if isinstance(item, dict) else None
                    expanded.append({title: list(entries)} if title else item)
            elif isinstance(value, list) and isinstance(item, dict):
                expanded.append({next(iter(item)): expand(value)})
            else:
                expanded.append(item)
        return expanded

    return expand(nav)
