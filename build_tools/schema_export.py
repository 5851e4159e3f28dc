"""JSON Schemas (draft 2020-12) for kit, tip and workshop files, so editors can complete and
check them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import KitDocument, TipDocument
from .workshop_model import WorkshopDocument

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {"kit": KitDocument, "tip": TipDocument, "workshop": WorkshopDocument}


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {**schema, "$schema": DIALECT, "title": title}


def all_schemas() -> dict[str, dict[str, Any]]:
    return {"kit": json_schema(KitDocument, "Gesprekskit kit"),
            "tip": json_schema(TipDocument, "Gesprekskit tip"),
            "workshop": json_schema(WorkshopDocument, "Gesprekskit workshop")}


class SchemaWriteError(Exception):
    """`schema --write` would replace a file that is not a schema it wrote: a usage error."""


def _is_own_schema(path: Path, title: str) -> bool:
    """A regular file (not a link) holding the schema an earlier `schema --write` wrote: its
    title is Gesprekskit's for that format (whatever version wrote it)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("title") == title


def write_schemas(folder: Path) -> list[Path]:
    """Write kit.schema.json, tip.schema.json and workshop.schema.json; the content depends
    only on the format. A file of those names is replaced only when it is such a schema, never
    a link (it would write into the file it points at: a kit) or a file of the user's own:
    every name is checked before anything is written."""
    schemas = all_schemas()
    targets = {name: folder / f"{name}.schema.json" for name in schemas}
    taken = [path for name, path in targets.items()
             if (path.is_symlink() or path.exists())
             and not _is_own_schema(path, schemas[name]["title"])]
    if taken:
        raise SchemaWriteError(
            f"{', '.join(str(path) for path in taken)} already "
            f"{'exists and is' if len(taken) == 1 else 'exist and are'} not a schema Gesprekskit "
            "wrote (a file of your own, a link or a folder); nothing was written. Choose "
            "another folder with --write, or move the file(s) away")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, schema in schemas.items():
            target = targets[name]
            target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            written.append(target)
    except OSError as error:
        raise SchemaWriteError(f"cannot write the schemas into {folder}: "
                               f"{error.strerror or error}. Choose another folder with --write"
                               ) from error
    return written
