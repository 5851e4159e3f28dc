"""The order of the kits, and the groups a large guide shows them in.

A guide of a handful of kits lists every kit under *Gesprekken* in the navigation. Above
`GROUP_ABOVE` kits that list stops helping (nobody scans 200 entries) and costs time: Material
writes the whole navigation into every page, so a flat list makes the build grow with the square
of the number of kits. A large guide therefore shows groups: a kit belongs to the `section` its
author set, or else to its kind of conversation (`type`). Each group has a page of its own that
lists its kits; the navigation holds the groups and opens only the current one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..loader import Project
from ..model import Kit, KitType
from ..rendering import LanguageContext

KIT_TYPE_ORDER = list(KitType)
#: Up to this many kits the navigation lists them all; above it, it lists groups.
GROUP_ABOVE = 15
#: Where the group pages live, inside the kits section (kit ids cannot contain a slash, so a
#: group page never takes a kit page's address).
GROUP_FOLDER = "groep"
#: Starts the key of a group the author named (kit types are plain words like `check-in`).
SECTION_PREFIX = "sectie-"


def sorted_kits(project: Project, context: LanguageContext) -> list[Kit]:
    """Kits in the order a reader expects: by kind of conversation, then by title."""
    return sorted(project.kits, key=lambda kit: (KIT_TYPE_ORDER.index(kit.document.type),
                                                 context.text(kit.document.title).lower()))


@dataclass(frozen=True)
class KitGroup:
    """One group of kits in the navigation: a page of its own and the kits it lists."""

    key: str  # the same in every language: it names the group's page
    title: str
    kits: tuple[Kit, ...]


def uses_groups(project: Project) -> bool:
    """The rule: group the kits when there are more than `GROUP_ABOVE` of them."""
    return len(project.kits) > GROUP_ABOVE


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:48].strip("-")


def group_key(kit: Kit, default: LanguageContext) -> str:
    """The author's section (as written in the default language), else the kind of kit."""
    section = kit.document.section
    if section is not None:
        return SECTION_PREFIX + (_slug(default.text(section)) or "zonder-naam")
    return kit.document.type.value


def kit_groups(project: Project, context: LanguageContext) -> list[KitGroup]:
    """The author's sections first, by title (the author chose them), then the kinds of
    conversation in their usual order; within a group, the kits by kind and title."""
    default = LanguageContext(context.default_language, context.default_language,
                              locales_dir=context.locales_dir)
    members: dict[str, list[Kit]] = {}
    titles: dict[str, str] = {}
    for kit in sorted_kits(project, context):
        key = group_key(kit, default)
        members.setdefault(key, []).append(kit)
        if key not in titles:
            section = kit.document.section
            titles[key] = (context.text(section) if section is not None
                           else context.translate("kit_type." + kit.document.type.value))
    groups = [KitGroup(key, titles[key], tuple(kits)) for key, kits in members.items()]
    sections = sorted((group for group in groups if group.key.startswith(SECTION_PREFIX)),
                      key=lambda group: natural_key(group.title))
    return sections + [group for group in groups if not group.key.startswith(SECTION_PREFIX)]


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "Versneller 2" before "Versneller 10", whatever the case."""
    return tuple((1, int(part)) if part.isdigit() else (0, part)
                 for part in re.split(r"(\d+)", text.casefold()) if part)
