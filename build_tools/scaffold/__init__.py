"""`gesprekskit new`: a complete, valid kit or workshop to start from, never written over an
existing file."""

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


def workshop_template(workshop_id: str, kit_id: str | None) -> str:
    """The workshop skeleton; its exercise uses the first question of `kit_id`, or shows how
    to when the project has no valid kit yet (a reference to a missing kit would not validate)."""
    template = (resources.files(__package__) / "workshop.yml").read_text(encoding="utf-8")
    if kit_id is not None:
        uses = ("    # De vragen en tips uit de kits die deze oefening gebruikt.\n"
                "    uses:\n"
                f"      - kit: {kit_id}\n"
                "        phase: 1\n"
                "        questions: [\"1.1\"]")
    else:
        uses = ("    # De vragen en tips uit de kits die deze oefening gebruikt, bijvoorbeeld:\n"
                "    # uses:\n"
                "    #   - kit: temperatuurgesprek\n"
                "    #     phase: 2\n"
                "    #     questions: [\"2.1\", \"2.3\"]\n"
                "    #     tips: [stel-open-vragen]")
    title = workshop_id.replace("-", " ").capitalize()
    return template.replace("{title}", title).replace("{uses}", uses)


def create_kit(kits_dir: Path, kit_id: str, kit_type: KitType) -> Path:
    """Write kits/<kit_id>.yml; refuse when any file of that id already exists."""
    return _create(kits_dir, kit_id, "kit", kit_template(kit_id, kit_type))


def create_workshop(workshops_dir: Path, workshop_id: str, kit_id: str | None) -> Path:
    """Write workshops/<workshop_id>.yml; refuse when any file of that id already exists."""
    return _create(workshops_dir, workshop_id, "workshop", workshop_template(workshop_id, kit_id))


def _create(folder: Path, file_id: str, what: str, content: str) -> Path:
    if not is_valid_id(file_id):
        raise ScaffoldError(f"{quoted(file_id)} is not a valid {what} id: {ID_HINT}")
    if file_id in RESERVED_IDS:
        raise ScaffoldError(f"'{file_id}' is reserved for a page of the guide; choose another id")
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".yml", ".yaml"):
        existing = folder / f"{file_id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; it was left untouched. "
                                f"Choose another id or edit the existing {what}")
    target = folder / f"{file_id}.yml"
    # O_EXCL: even a file created between the check and the write is never overwritten.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    return target
