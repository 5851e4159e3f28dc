"""Which tips belong to which kit, derived once from what the files say.

A kit names tips under `tips:`, a tip names kits under `kits:`; either way links the two. The
loader checks the references; this module only derives the links, so that `Kit` and `Tip` stay
exactly as read and every page, sheet and handbook asks the same question the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Kit, Tip


@dataclass(frozen=True)
class TipLinks:
    """The links between kits and tips, both ways, keyed by id."""

    #: A kit's tips: those it lists first (in its order), then those that list it.
    tips_by_kit: Mapping[str, tuple[Tip, ...]]
    #: The ids of the kits a tip helps with (either side named the other).
    kit_ids_by_tip: Mapping[str, frozenset[str]]

    @classmethod
    def derive(cls, kits: Iterable[Kit], tips: Iterable[Tip]) -> TipLinks:
        kits, tips = list(kits), list(tips)
        tips_by_id = {tip.id: tip for tip in tips}
        tips_by_kit: dict[str, tuple[Tip, ...]] = {}
        kit_ids_by_tip: dict[str, set[str]] = {tip.id: set() for tip in tips}
        for kit in kits:
            listed = [tips_by_id[tip_id] for tip_id in dict.fromkeys(kit.document.tips)
                      if tip_id in tips_by_id]
            listing = [tip for tip in tips if kit.id in tip.document.kits and tip not in listed]
            tips_by_kit[kit.id] = tuple(listed + listing)
            for tip in tips_by_kit[kit.id]:
                kit_ids_by_tip[tip.id].add(kit.id)
        return cls(tips_by_kit, {tip_id: frozenset(ids) for tip_id, ids in kit_ids_by_tip.items()})

    def tips_of(self, kit: Kit) -> tuple[Tip, ...]:
        return self.tips_by_kit.get(kit.id, ())

    def kits_of(self, tip: Tip, kits: Iterable[Kit]) -> list[Kit]:
        """The kits `tip` helps with, in the order of `kits`."""
        linked = self.kit_ids_by_tip.get(tip.id, frozenset())
        return [kit for kit in kits if kit.id in linked]
