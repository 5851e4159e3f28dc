"""`gesprekskit import --update`: a new version of a question bank into the kit made from it.

Questions are matched by their id. A question still in the bank gets the bank's texts for the
languages the bank has; translations added to the kit since (a language the bank lacks) and
everything else written there (probes, kind, comments, the kit's own texts) stay as they are.
A new question joins the phase of its category (the phase with its title, or the one
holding the category's other questions when the author renamed it; a new phase for a new
category). A question the bank no longer has is kept and named, never deleted: removing it
is the author's choice.
The file is edited in place with ruamel.yaml's round trip, so comments and layout survive,
and replaced in one step only when the result is a valid kit.

Every choice made on the author's behalf is reported as a warning with its place: a question
the bank moved to another category (it stays in its phase), a kit translation the bank's
new text may have outdated, texts in a language the guide lacks or in a column that is no
language, a category that two phases share.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import DiagnosticReport, Location
from .model import MAX_PHASES, MAX_QUESTIONS_PER_KIT
from .question_bank import BANK_CONVERSATION_MINUTES, BankImportError, BankQuestion, _literal, read_bank


@dataclass
class UpdateResult:
    path: Path
    changed: int = 0
    added: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)   # ids the bank no longer has
    #: The decisions made for the author, each a located warning.
    report: DiagnosticReport = field(default_factory=DiagnosticReport)


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


def _line(node: Any) -> int | None:
    """The 1-based line of a round-trip mapping in the kit file."""
    position = getattr(node, "lc", None)
    return position.line + 1 if position is not None and position.line is not None else None


def update_kit(bank: Path, kit_path: Path, default_language: str,
               languages: list[str] | None = None) -> UpdateResult:
    """Merge the bank into the kit at `kit_path`; the file is replaced only when the result
    loads as a valid kit. `languages` are the guide's (texts in others are reported)."""
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
    phase_of: dict[str, Any] = {}
    for phase in phases:
        for question in phase.get("questions") or []:
            if isinstance(question, dict) and question.get("id") is not None:
                found[str(question["id"])] = question
                phase_of[str(question["id"])] = phase
    result = UpdateResult(kit_path)
    decisions = _Decisions(bank, kit_path, result.report)
    decisions.columns(questions, languages)
    home = _homes(questions, phases, phase_of, default_language)
    for item in questions:
        question = found.get(item.id)
        if question is not None:
            before = _texts(question.get("text"), default_language)
            question["text"] = _merged_text(question.get("text"), item.texts, default_language)
            after = _texts(question["text"], default_language)
            if after == before:
                result.unchanged += 1
            else:
                result.changed += 1
                decisions.outdated(item, question, before, after)
            decisions.moved(item, phase_of[item.id], home, default_language)
            continue
        decisions.shared_phase(item, phases, default_language)
        _add(item, home, phases, default_language)
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


def _homes(questions: list[BankQuestion], phases: list[Any], phase_of: dict[str, Any],
           default_language: str) -> dict[str, Any]:
    """Each category's phase: the first with its title, else (the author renamed it) the phase
    holding most of the category's questions. New questions join it; a question elsewhere
    was moved by the bank."""
    home: dict[str, Any] = {}
    for phase in phases:
        home.setdefault(_phase_title(phase, default_language), phase)
    votes: dict[str, list[Any]] = {}
    for item in questions:
        if item.id in phase_of:
            votes.setdefault(_literal(item.category), []).append(phase_of[item.id])
    for category, held in votes.items():
        if category not in home:
            home[category] = max(held, key=lambda phase: sum(other is phase for other in held))
    return home


class _Decisions:
    """The warnings of one update, each naming the bank's line or the kit's, and the question."""

    def __init__(self, bank: Path, kit_path: Path, report: DiagnosticReport) -> None:
        self.bank, self.kit_path, self.report = bank, kit_path, report
        self.kit_name = kit_path.name

    def _at(self, item: BankQuestion) -> Location:
        return Location(self.bank, item.number if item.where == "line" else None)

    def columns(self, questions: list[BankQuestion], languages: list[str] | None) -> None:
        """Once per column: texts in a language the guide lacks, or in no language at all."""
        foreign: dict[str, BankQuestion] = {}
        ignored: dict[str, BankQuestion] = {}
        for item in questions:
            for code in item.texts:
                if languages is not None and code not in languages:
                    foreign.setdefault(code, item)
            for column in item.ignored:
                ignored.setdefault(column, item)
        for code, item in foreign.items():
            self.report.warning(self._at(item), f"the bank has texts in '{code}' (first at "
                                f"{item.place}, question {item.id}), a language this guide is "
                                "not built in: they go into the kit but are not shown",
                                "add the language to mkdocs.yml (see 'Een taal toevoegen'), or "
                                "leave the column out of the bank")
        for column, item in ignored.items():
            self.report.warning(self._at(item), f"the column '{column}' (first at {item.place}, "
                                f"question {item.id}) is not a language code: its texts were "
                                "not imported",
                                "name each text column by its language code (nl, en, pt-BR)")

    def outdated(self, item: BankQuestion, question: Any, before: dict[str, str],
                 after: dict[str, str]) -> None:
        """Translations the kit has and the bank lacks were kept, but translate the old text."""
        changed = sorted(code for code in item.texts  # a text replaced, not one added
                         if code in before and before[code] != after.get(code))
        kept = sorted(code for code in after if code not in item.texts)
        if changed and kept:
            line = _line(question)
            self.report.warning(self._at(item), f"question {item.id}: the bank changed its "
                                f"{', '.join(changed)} text; the kit's own {', '.join(kept)} "
                                "translation was kept and may no longer match",
                                f"check the {', '.join(kept)} text in {self.kit_name}"
                                + (f", line {line}" if line else ""))

    def moved(self, item: BankQuestion, phase: Any, home: dict[str, Any],
              default_language: str) -> None:
        current = _phase_title(phase, default_language)
        category = _literal(item.category)
        if home.get(category) is not phase:
            self.report.warning(self._at(item), f"question {item.id}: the bank moved it from "
                                f"'{current}' to '{category}'; it stays in the kit's phase "
                                f"'{current}'",
                                f"move it in {self.kit_name} by hand if it should follow the bank")

    def shared_phase(self, item: BankQuestion, phases: list[Any], default_language: str) -> None:
        category = _literal(item.category)
        same = [index for index, phase in enumerate(phases)
                if _phase_title(phase, default_language) == category]
        if len(same) > 1:
            numbers = " and ".join(str(index + 1) for index in same)
            self.report.warning(Location(self.kit_path, _line(phases[same[1]])),
                                f"phases {numbers} are both called '{category}': the new "
                                f"question {item.id} ({item.place} of the bank) goes into "
                                f"phase {same[0] + 1}",
                                "give each phase its own title, then move the question if "
                                "needed")


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
