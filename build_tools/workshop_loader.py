"""Load a project's workshops: read and validate each file like a kit, then check that every
kit, phase, question and tip a block names exists, each problem at its line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .diagnostics import DiagnosticReport, Location
from .model import Kit
from .validation_messages import did_you_mean
from .workshop_model import QUESTION_NUMBER, Workshop, WorkshopDocument
from .yaml_source import DataPath, SourceDocument

__all__ = ["load_workshops"]

#: All texts of one workshop together: a full day in three languages, three times a kit's budget.
MAX_WORKSHOP_TEXT_CHARS = 90_000


def load_workshops(settings: Any, checked: Any, kit_files: list[Any], kits: list[Kit],
                   tip_ids: list[str], report: DiagnosticReport) -> list[Workshop]:
    """Every valid workshop of `settings.workshops_path` (none when the folder is absent).

    `kit_files` are the kit files as read, valid or not: a reference to a kit that exists but
    has errors of its own is not reported again (its errors are the thing to fix).
    """
    from .loader import _read_file, _yaml_files  # the kits' own reading, shared
    from .scaffold.leftovers import check_scaffold_text

    folder = settings.workshops_path
    if not folder.is_dir():
        return []
    language = settings.default_language
    files = [_read_file(path, WorkshopDocument, report, language, MAX_WORKSHOP_TEXT_CHARS)
             for path in _yaml_files(folder, report, checked)]
    kits_by_id = {kit.id: kit for kit in kits}
    existing_kits = [file.id for file in kit_files if file.id]
    workshops = []
    for file in files:
        if file.source is None or not isinstance(file.source.data, dict):
            continue
        if file.document is None:
            _check_raw_duration(file.source, report)
        checker = _ReferenceCheck(file.source, kits_by_id, existing_kits, tip_ids, report)
        errors_before = len(report.errors)
        _check_id_is_not_a_kits(file, kit_files, settings.root, report)
        for path, reference in _raw_references(file.source.data):
            checker.check(path, reference)
        # A workshop naming a kit that is missing or invalid is left out, so that a partial
        # load (one kit's sheet while other files are broken) never meets a dangling reference.
        if file.id is None or file.document is None:
            continue
        check_scaffold_text("workshop", file.source, report)
        workshop = Workshop(file.id, file.path, file.document, source=file.source)
        if len(report.errors) == errors_before and all(
                kit_id in kits_by_id for kit_id in workshop.kit_ids()):
            workshops.append(workshop)
    return workshops


def _check_id_is_not_a_kits(file: Any, kit_files: list[Any], root: Any,
                            report: DiagnosticReport) -> None:
    """A workshop and a kit with one id would share ``downloads/<id>/``: each page would list
    the other's PDFs (the kit page a workshop's role cards), so the id must be the workshop's
    own."""
    kit = next((kit_file for kit_file in kit_files if file.id and kit_file.id == file.id), None)
    if kit is None:
        return
    kit_name = Location(kit.path).display(root)
    report.error(Location(file.path),
                 f"this workshop's id '{file.id}' (its file name) is also the id of the kit "
                 f"{kit_name}; their PDFs would share one download folder and each page would "
                 f"list the other's sheets, the role cards included",
                 f"rename the file, for example to workshops/{file.id}-workshop.yml (a "
                 f"workshop's id is its file name)")


def _check_raw_duration(source: SourceDocument, report: DiagnosticReport) -> None:
    """The duration check of the model runs only on an otherwise valid file: check the sum
    here too, so that every problem of a file is reported in one run."""
    data = source.data
    blocks, duration = data.get("blocks"), data.get("duration")
    if not isinstance(blocks, list) or not isinstance(duration, int) or isinstance(duration, bool):
        return
    minutes = [block.get("minutes") if isinstance(block, dict) else None for block in blocks]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in minutes):
        return
    total = sum(minutes)  # type: ignore[arg-type]
    location = source.location(("duration",))
    already = any(item.location == location and item.message.startswith("duration")
                  for item in report.items)
    if total != duration and not already:
        report.error(location, f"duration is {duration} minutes, but the blocks add up to {total}",
                     f"write 'duration: {total}', or change the minutes of the blocks")


def _raw_references(data: dict[str, Any]) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """Every kit reference written in the file (blocks' `uses`, the `cards`), valid or not."""
    blocks = data.get("blocks")
    for block_index, block in enumerate(blocks if isinstance(blocks, list) else []):
        uses = block.get("uses") if isinstance(block, dict) else None
        for index, reference in enumerate(uses if isinstance(uses, list) else []):
            if isinstance(reference, dict):
                yield ("blocks", block_index, "uses", index), reference
    cards = data.get("cards")
    for index, reference in enumerate(cards if isinstance(cards, list) else []):
        if isinstance(reference, dict):
            yield ("cards", index), reference


class _ReferenceCheck:
    """Checks one file's references against the project's kits and tips."""

    def __init__(self, source: SourceDocument, kits: dict[str, Kit], existing_kits: list[str],
                 tip_ids: list[str], report: DiagnosticReport) -> None:
        self.source = source
        self.kits = kits
        self.existing_kits = existing_kits
        self.tip_ids = tip_ids
        self.report = report

    def error(self, path: DataPath, message: str, hint: str) -> None:
        self.report.error(self.at(path), message, hint)

    def at(self, path: DataPath) -> Location:
        return self.source.location(path)

    def check(self, path: DataPath, reference: dict[str, Any]) -> None:
        kit_id = reference.get("kit")
        if isinstance(kit_id, str) and kit_id not in self.existing_kits:
            suggestion = did_you_mean(kit_id, self.existing_kits, cutoff=0.7)
            self.error(path + ("kit",), f"there is no kit '{kit_id}'",
                       f"did you mean '{suggestion}'?" if suggestion else
                       f"use the id of a kit in kits/ ({', '.join(sorted(self.existing_kits))})")
        self._check_tips(path, reference.get("tips"))
        kit = self.kits.get(kit_id) if isinstance(kit_id, str) else None
        if kit is None:
            return  # missing (reported above) or invalid (its own errors are reported)
        phase = reference.get("phase")
        phases = len(kit.document.phases)
        if isinstance(phase, int) and not isinstance(phase, bool) and not 1 <= phase <= phases:
            self.error(path + ("phase",), f"kit '{kit.id}' has no phase {phase}",
                       f"use a phase number from 1 to {phases}")
            phase = None
        questions = reference.get("questions")
        for index, question in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(question, str):  # a number written without quotes is a type error
                self._check_question(path + ("questions", index), kit, question,
                                     phase if isinstance(phase, int) else None)

    def _check_tips(self, path: DataPath, tips: Any) -> None:
        for index, tip_id in enumerate(tips if isinstance(tips, list) else []):
            if isinstance(tip_id, str) and tip_id not in self.tip_ids:
                suggestion = did_you_mean(tip_id, self.tip_ids, cutoff=0.7)
                self.error(path + ("tips", index), f"there is no tip '{tip_id}'",
                           f"did you mean '{suggestion}'?" if suggestion
                           else "use the id of a tip in kits/tips/ (its file name without .yml)")

    def _check_question(self, path: DataPath, kit: Kit, question: str, phase: int | None) -> None:
        refs = kit.questions()
        found = next((ref for ref in refs if question in (ref.number, ref.question.id)), None)
        if found is None:
            self.error(path, self._missing_question(kit, question),
                       "write the number as printed on the kit's page ('2.3': phase 2, question "
                       "3) or the question's id")
            return
        if phase is not None and found.phase_index != phase - 1:
            self.error(path, f"question {found.number} of kit '{kit.id}' is in phase "
                       f"{found.phase_index + 1}, not in phase {phase} named by 'phase'",
                       "remove 'phase', or choose a question of that phase")

    @staticmethod
    def _missing_question(kit: Kit, question: str) -> str:
        number = QUESTION_NUMBER.match(question)
        if number is None:
            ids = [ref.question.id for ref in kit.questions() if ref.question.id]
            suggestion = did_you_mean(question, ids, cutoff=0.8)
            return (f"kit '{kit.id}' has no question '{question}'"
                    + (f" (did you mean '{suggestion}'?)" if suggestion else ""))
        phase_number = int(number.group(1))
        if phase_number > len(kit.document.phases):
            return (f"kit '{kit.id}' has no question {question}: it has "
                    f"{len(kit.document.phases)} phase(s)")
        count = len(kit.document.phases[phase_number - 1].questions)
        return (f"kit '{kit.id}' has no question {question}: phase {phase_number} has {count} "
                "question(s)")
