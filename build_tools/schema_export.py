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


def write_schemas(folder: Path) -> list[Path]:
    """Write kit.schema.json, tip.schema.json and workshop.schema.json; the content depends
    only on the format."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        target = folder / f"{name}.schema.json"
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
