"""Located problems in user input, collected during a run and reported together at the edge."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from .characters import one_line


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem sits: a file and, when known, a 1-based line and column."""

    path: Path
    line: int | None = None
    column: int | None = None

    def display(self, relative_to: Path | None = None) -> str:
        shown = self.path
        if relative_to is not None:
            try:
                # The folder resolved, not the name: a link is shown as itself.
                shown = (self.path.parent.resolve() / self.path.name).relative_to(
                    relative_to.resolve())
            except ValueError:
                shown = self.path
        text = str(shown)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and how to fix it."""

    location: Location
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def format(self, relative_to: Path | None = None) -> str:
        """One or two lines for the terminal; what an author typed (a file name, a value) is
        shown with its control and direction characters as escapes, never as they are."""
        text = (f"{one_line(self.location.display(relative_to))}: {self.severity.value}: "
                f"{one_line(self.message)}")
        if self.hint:
            text += f"\n    hint: {one_line(self.hint)}"
        return text


@dataclass
class DiagnosticReport:
    """All diagnostics of one run, so that every problem is shown at once, not only the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, Severity.ERROR))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, message, hint, Severity.WARNING))

    def extend(self, other: DiagnosticReport) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [item for item in self.items if item.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [item for item in self.items if item.severity is Severity.WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """By file, line and column; a problem of the whole file (no line) before its located
        ones (Location's own order cannot compare a missing line with a number)."""
        return sorted(self.items, key=lambda item: (
            item.location.path, item.location.line or 0, item.location.column or 0, item.message))

    def format(self, relative_to: Path | None = None) -> str:
        return "\n".join(item.format(relative_to) for item in self.sorted())


class GesprekskitError(Exception):
    """Raised once when a run cannot go on; carries every diagnostic collected so far."""

    def __init__(self, report: DiagnosticReport, summary: str = "the project has errors") -> None:
        super().__init__(summary)
        self.report = report
        self.summary = summary

    def __reduce__(self) -> tuple[type, tuple[DiagnosticReport, str]]:
        # Raised in a render worker, it crosses to the main process with its report intact.
        return (type(self), (self.report, self.summary))
