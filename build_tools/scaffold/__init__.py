"""`gesprekskit new`: a complete, valid kit to start from, never written over an existing file."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..characters import quoted
from ..model import ID_HINT, KitType, is_valid_id
from ..loader import RESERVED_IDS


class ScaffoldError(Exception):
    """The kit cannot be created; the message says why and what to do."""


def kit_template(kit_id: str, kit_type: KitType) -> str:
    template = (resources.files(__package__) / "kit.yml").read_text(encoding="utf-8")
    title = kit_id.replace("-", " ").capitalize()
    return template.replace("{title}", title).replace("{type}", kit_type.value)


def create_kit(kits_dir: Path, kit_id: str, kit_type: KitType) -> Path:
    """Write kits/<kit_id>.yml; refuse when any file of that id already exists."""
    if not is_valid_id(kit_id):
        raise ScaffoldError(f"{quoted(kit_id)} is not a valid kit id: {ID_HINT}")
    if kit_id in RESERVED_IDS:
        raise ScaffoldError(f"'{kit_id}' is reserved for a page of the guide; choose another id")
    kits_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".yml", ".yaml"):
        existing = kits_dir / f"{kit_id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; it was left untouched. "
                                "Choose another id or edit the existing kit")
    target = kits_dir / f"{kit_id}.yml"
    # O_EXCL: even a file created between the check and the write is never overwritten.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(kit_template(kit_id, kit_type))
    return target
