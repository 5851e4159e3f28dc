"""Plain words for the workshop format's own rules (workshop_model.py), and hints that point
at the trainers' guide page instead of the kit format's."""

from __future__ import annotations

from typing import Any

from .diagnostics import DiagnosticReport
from .workshop_model import CLOCK_PATTERN, ROLE_ID_PATTERN


def pattern_message(name: str, value: Any, pattern: str) -> tuple[str, str]:
    """A text that does not match its pattern: a time of day, a role id or a question id."""
    if pattern == CLOCK_PATTERN:
        return (f"{name}: '{value}' is not a time of day", "write hours and minutes as HH:MM in "
                "quotes, e.g. start: \"09:30\"")
    if pattern == ROLE_ID_PATTERN:
        return (f"{name}: '{value}' is not a valid role id",
                "use lowercase letters, digits and single hyphens, e.g. employee")
    return (f"{name}: '{value}' is not a valid id",
            "use letters, digits, '.', '_' and '-' only, e.g. q-017")


def workshop_messages(name: str, item: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Messages of the workshop format's rules across keys (workshop_model.py)."""
    message = f"{name}: {item['msg']}" if name != "the file" else item["msg"]
    ctx = item.get("ctx", {})
    return {
        "duration_sum": (message, f"write 'duration: {ctx.get('total')}', or change the minutes "
                                  "of the blocks"),
        "block_needs_method": (message, "add 'method:' with invitation, configuration and steps, "
                                        "or make it 'kind: talk' or 'kind: break'"),
        "block_needs_role_play": (message, "add 'role_play:' with scenario, roles and "
                                           "observation_points"),
        "role_play_without_kind": (message, "write 'kind: role-play', or remove 'role_play:'"),
        "steps_too_long": (message, "shorten the steps, or give the block more minutes"),
        "group_size_order": (message, "make max at least as large as min"),
        "role_id_twice": (message, "give every role its own id, e.g. employee and manager"),
    }


class GuidePageReport:
    """A report that names another guide page in its hints (workshops: *Voor trainers*)."""

    def __init__(self, report: DiagnosticReport, page: str, instead: str) -> None:
        self.report, self.page, self.instead = report, page, instead

    def error(self, location: Any, message: str, hint: str | None = None) -> None:
        self.report.error(location, message, hint.replace(self.page, self.instead) if hint
                          else hint)
