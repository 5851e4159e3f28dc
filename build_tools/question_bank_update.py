"""`gesprekskit import --update`: a new version of a question bank into the kit made from it.

Questions are matched by their id. A question still in the bank gets the bank's texts for the
languages the bank has; translations added to the kit since (a language the bank lacks) and
everything else written there (probes, kind, comments, the kit's own texts) stay as they are.
A new question joins the phase of its category (a new phase for a new category). A question
the bank no longer has is kept and named, never deleted: removing it is the author's choice.
The file is edited in place with ruamel.yaml's round trip, so comments and layout survive,
and replaced in one step only when the result is a valid kit.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import MAX_PHASES, MAX_QUESTIONS_PER_KIT
from .question_bank import BANK_CONVERSATION_MINUTES, BankImportError, BankQuestion, _literal, read_bank


@dataclass
class UpdateResult:
    path: Path
    changed: int = 0
    added: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)   # ids the bank no longer has


def _round_trip(text: str) -> Any:
    """A round-trip YAML that writes lists indented as this file has them (``gesprekskit
    import`` writes them flush with their key; many editors indent them)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the author's own lines
    nested = re.search(r"(?m)^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", text)
    if nested and len(nested.group(2)) > len(nested.group(1)):
        yaml.indent(mapping=2, sequence=4, offset=2)
    else:
        yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _texts(value: Any, default_language: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(code): str(text) for code, text in value.items()}
    return {default_language: str(value)} if value is not None else {}


def _merged_text(current: Any, bank: dict[str, str], default_language: str) -> Any:
    """The bank's texts over the kit's, the kit's other languages kept; a plain string when
    only the default language is left, as an author writes it."""
    if isinstance(current, dict):  # a CommentedMap: changed in place keeps its comments
        for code, text in bank.items():
            current[code] = text
        return current
    merged = {**_texts(current, default_language), **bank}
    return merged[default_language] if list(merged) == [default_language] else merged


def _phase_title(phase: Any, default_language: str) -> str:
    return _texts(phase.get("title"), default_language).get(default_language, "")


def update_kit(bank: Path, kit_path: Path, default_language: str) -> UpdateResult:
    """Merge the bank into the kit at `kit_path`; the file is replaced only when the result
    loads as a valid kit."""
    if not kit_path.is_file():
        raise BankImportError(f"{kit_path} does not exist; import the bank without --update "
                              "first")
    questions = read_bank(bank)
    original = kit_path.read_text(encoding="utf-8")
    yaml = _round_trip(original)
    try:
        data = yaml.load(original)
    except Exception as error:  # noqa: BLE001 - any YAML problem: validate names the line
        raise BankImportError(f"{kit_path} cannot be read as YAML ({error.__class__.__name__}); "
                              "run 'gesprekskit validate' and fix it first") from None
    if not isinstance(data, dict) or not isinstance(data.get("phases"), list):
        raise BankImportError(f"{kit_path} is not a kit with phases; run 'gesprekskit "
                              "validate' and fix it first")
    phases = data["phases"]
    found: dict[str, Any] = {}
    for phase in phases:
        for question in phase.get("questions") or []:
            if isinstance(question, dict) and question.get("id") is not None:
                found[str(question["id"])] = question
    result = UpdateResult(kit_path)
    by_title = {_phase_title(phase, default_language): phase for phase in phases}
    for item in questions:
        question = found.get(item.id)
        if question is not None:
            before = _texts(question.get("text"), default_language)
            question["text"] = _merged_text(question.get("text"), item.texts, default_language)
            if _texts(question["text"], default_language) == before:
                result.unchanged += 1
            else:
                result.changed += 1
            continue
        _add(item, by_title, phases, default_language)
        result.added += 1
    bank_ids = {item.id for item in questions}
    result.kept = [question_id for question_id in found if question_id not in bank_ids]
    count = sum(len(phase.get("questions") or []) for phase in phases)
    if count > MAX_QUESTIONS_PER_KIT or len(phases) > MAX_PHASES:
        raise BankImportError(
            f"{bank}: with this update the kit would have {count} questions in {len(phases)} "
            f"phases; a kit holds at most {MAX_QUESTIONS_PER_KIT} questions in {MAX_PHASES} "
            f"phases. {kit_path} was left untouched")
    _replace(kit_path, yaml, data)
    return result


def _add(item: BankQuestion, by_title: dict[str, Any], phases: list[Any],
         default_language: str) -> None:
    from ruamel.yaml.comments import CommentedMap

    title = _literal(item.category)
    phase = by_title.get(title)
    if phase is None:
        phase = CommentedMap([("title", title),
                              ("minutes", max(5, BANK_CONVERSATION_MINUTES // (len(phases) + 1))),
                              ("questions", [])])
        phases.append(phase)
        by_title[title] = phase
    text = (item.texts[default_language] if list(item.texts) == [default_language]
            else CommentedMap(item.texts))
    phase["questions"].append(CommentedMap([("id", item.id), ("text", text)]))


def _replace(kit_path: Path, yaml: Any, data: Any) -> None:
    """Write the kit beside the old one, check that it is still a valid kit, then swap it in."""
    from pydantic import ValidationError

    from .diagnostics import DiagnosticReport
    from .model import KitDocument
    from .validation_messages import known_keys
    from .yaml_source import read_yaml

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    partial = kit_path.with_name(f".{kit_path.stem}.{os.getpid()}.update.yml")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        report = DiagnosticReport()
        source = read_yaml(partial, report, known_keys(KitDocument))
        problem = "; ".join(item.message for item in report.errors[:3])
        if source is not None and not problem:
            try:
                KitDocument.model_validate(source.data)
            except ValidationError as error:
                problem = str(error.errors()[0]["msg"])
        if source is None or problem:
            raise BankImportError(f"the updated kit would not be valid ({problem}); "
                                  f"{kit_path} was left untouched")
        partial.replace(kit_path)
    finally:
        partial.unlink(missing_ok=True)
