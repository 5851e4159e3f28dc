"""Checks inside one valid kit that its format cannot express: question ids used once,
choice options not repeated, phase minutes that fit the conversation's duration."""

from __future__ import annotations

from .characters import quoted
from .diagnostics import DiagnosticReport
from .model import MAX_DURATION, MIN_DURATION, Kit
from .yaml_source import SourceDocument


def check_kit(kit: Kit, source: SourceDocument, report: DiagnosticReport,
              default_language: str) -> None:
    check_question_ids(kit, source, report)
    _check_choice_options(kit, source, report, default_language)
    _check_phase_minutes(kit, source, report)


def check_question_ids(kit: Kit, source: SourceDocument, report: DiagnosticReport) -> None:
    """A question id names one question of the kit: imports and translations match on it."""
    first: dict[str, tuple[int, int]] = {}
    for phase_index, phase in enumerate(kit.document.phases):
        for index, question in enumerate(phase.questions):
            if question.id is None:
                continue
            if question.id in first:
                other_phase, other = first[question.id]
                report.error(source.location(("phases", phase_index, "questions", index, "id")),
                             f"the question id '{question.id}' is used twice in this kit (also "
                             f"phase {other_phase + 1}, question {other + 1})",
                             "give every question its own id, or leave the id out")
            else:
                first[question.id] = (phase_index, index)


def _check_choice_options(kit: Kit, source: SourceDocument, report: DiagnosticReport,
                          default_language: str) -> None:
    """The same option twice in one choice question (in any language written) is a slip: the
    sheet and the cards would print it twice."""
    for phase_index, phase in enumerate(kit.document.phases):
        for index, question in enumerate(phase.questions):
            seen: dict[tuple[str, str], int] = {}
            for number, option in enumerate(getattr(question, "options", None) or []):
                for language, text in getattr(option, "values", {}).items():
                    key = (language or default_language, " ".join(text.split()).casefold())
                    if key in seen:
                        report.error(
                            source.location(("phases", phase_index, "questions", index,
                                             "options", number)),
                            f"option {number + 1} repeats option {seen[key] + 1} "
                            f"({quoted(text.strip())}) in phase {phase_index + 1}, question "
                            f"{index + 1}",
                            "remove the repeat, or word the two options differently")
                        break
                    seen[key] = number


def _check_phase_minutes(kit: Kit, source: SourceDocument, report: DiagnosticReport) -> None:
    """The phases' minutes against `duration:`: more than the whole conversation cannot be
    right, and under half of it (every phase timed) means one of the two was not updated.
    Both sheets print the minutes, so the manager would plan with the wrong figure."""
    document = kit.document
    timed = [phase.minutes for phase in document.phases if phase.minutes is not None]
    total, duration = sum(timed), document.duration
    listed = " + ".join(str(minutes) for minutes in timed)
    # Only a duration the format accepts is offered (it is 5 to 480 minutes).
    write = (f"write 'duration: {total}', or " if MIN_DURATION <= total <= MAX_DURATION else
             f"a duration is {MIN_DURATION} to {MAX_DURATION} minutes, so ")
    if total > duration:
        report.warning(source.location(("duration",)),
                       f"the phases take {total} minutes together ({listed}), more than the "
                       f"duration of {duration} minutes",
                       f"{write}shorten the phases' minutes")
    elif len(timed) == len(document.phases) and total * 2 < duration:
        report.warning(source.location(("duration",)),
                       f"the phases take only {total} of the {duration} minutes ({listed})",
                       f"{write}give the phases the minutes they need")
