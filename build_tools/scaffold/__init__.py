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


class ScaffoldFolderError(ScaffoldError):
    """The folder the file belongs in cannot be one (mkdocs.yml names a file): a problem of
    the project, not of the id asked for."""


#: The scaffolds' own languages; a guide in any other default language gets the English one,
#: the language its authors are likeliest to read and translate from.
SCAFFOLD_LANGUAGES = ("nl", "en")

#: The exercise's `uses:` lines: pointing at a kit of the project, or (none valid yet) shown
#: in comments, since a reference to a missing kit would not validate.
_USES = {
    "nl": ("    # De vragen en tips uit de kits die deze oefening gebruikt.\n",
           "    # De vragen en tips uit de kits die deze oefening gebruikt, bijvoorbeeld:\n"),
    "en": ("    # The questions and tips from the kits this exercise uses.\n",
           "    # The questions and tips from the kits this exercise uses, for example:\n"),
}


def scaffold_language(default_language: str) -> str:
    """The scaffold written for a guide: Dutch for a Dutch guide, English for any other."""
    return default_language if default_language in SCAFFOLD_LANGUAGES else "en"


def _template(kind: str, language: str) -> str:
    code = scaffold_language(language)
    name = f"{kind}.yml" if code == "nl" else f"{kind}.{code}.yml"
    return (resources.files(__package__) / name).read_text(encoding="utf-8")


def kit_template(kit_id: str, kit_type: KitType, language: str = "nl") -> str:
    """The kit skeleton in the guide's default `language`: plain kit texts are in that language."""
    title = kit_id.replace("-", " ").capitalize()
    return _template("kit", language).replace("{title}", title).replace("{type}", kit_type.value)


def workshop_template(workshop_id: str, kit_id: str | None, language: str = "nl") -> str:
    """The workshop skeleton in the guide's default `language`; its exercise uses the first
    question of `kit_id`, or shows how to when the project has no valid kit yet."""
    with_kit, without_kit = _USES[scaffold_language(language)]
    if kit_id is not None:
        uses = (with_kit
                + "    uses:\n"
                f"      - kit: {kit_id}\n"
                "        phase: 1\n"
                "        questions: [\"1.1\"]")
    else:
        uses = (without_kit
                + "    # uses:\n"
                "    #   - kit: temperatuurgesprek\n"
                "    #     phase: 2\n"
                "    #     questions: [\"2.1\", \"2.3\"]\n"
                "    #     tips: [stel-open-vragen]")
    title = workshop_id.replace("-", " ").capitalize()
    return _template("workshop", language).replace("{title}", title).replace("{uses}", uses)


def create_kit(kits_dir: Path, kit_id: str, kit_type: KitType, language: str = "nl") -> Path:
    """Write kits/<kit_id>.yml; refuse when any file of that id already exists."""
    return _create(kits_dir, kit_id, "kit", kit_template(kit_id, kit_type, language))


def create_workshop(workshops_dir: Path, workshop_id: str, kit_id: str | None,
                    language: str = "nl") -> Path:
    """Write workshops/<workshop_id>.yml; refuse when any file of that id already exists."""
    return _create(workshops_dir, workshop_id, "workshop",
                   workshop_template(workshop_id, kit_id, language))


def _create(folder: Path, file_id: str, what: str, content: str) -> Path:
    if not is_valid_id(file_id):
        raise ScaffoldError(f"{quoted(file_id)} is not a valid {what} id: {ID_HINT}")
    if file_id in RESERVED_IDS:
        raise ScaffoldError(f"'{file_id}' is reserved for a page of the guide; choose another id")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ScaffoldFolderError(
            f"the {what}s folder {folder} is a file or lies inside one; nothing was written. "
            f"Point {what}s_dir in mkdocs.yml at a folder, or rename that file") from None
    except OSError as error:
        raise ScaffoldFolderError(f"cannot make the {what}s folder {folder} "
                                  f"({error.strerror}); nothing was written") from None
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
