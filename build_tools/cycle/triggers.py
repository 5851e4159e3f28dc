"""The trigger finder's content: every kit's triggers as situations, grouped by their category,
each pointing to the conversation to hold. Plain data for the page template."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..loader import Project
from ..model import Kit, Trigger, TriggerCategory
from ..rendering import LanguageContext
from ..text import LocalizedText

OTHER = "other"


@dataclass(frozen=True)
class Situation:
    text: LocalizedText | str
    kit: Kit


@dataclass
class SituationGroup:
    """One kind of situation: its id (a category or `other`) and its situations, in kit order."""

    category: str
    situations: list[Situation] = field(default_factory=list)


def situation_groups(project: Project, kits_in_order: list[Kit]) -> list[SituationGroup]:
    """Groups in the categories' order; triggers written without a category come last."""
    groups = {category.value: SituationGroup(category.value) for category in TriggerCategory}
    groups[OTHER] = SituationGroup(OTHER)
    for kit in kits_in_order:
        for item in kit.document.when.triggers:
            if isinstance(item, Trigger):
                groups[item.category.value].situations.append(Situation(item.situation, kit))
            else:
                groups[OTHER].situations.append(Situation(item, kit))
    return [group for group in groups.values() if group.situations]


def group_title(group: SituationGroup, context: LanguageContext) -> tuple[str, str]:
    """(title, one-line description) in the reader's language."""
    translate = context.translate
    if group.category == OTHER:
        return translate("finder_other"), ""
    return (translate(f"trigger_category.{group.category}"),
            translate(f"trigger_category_intro.{group.category}"))
