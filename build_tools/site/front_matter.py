"""A guide page's front matter checked as MkDocs will read it, each problem at its own line.

MkDocs publishes front matter that is not YAML, or that is a list or a single value instead
of `key: value` settings, silently as the page's first paragraphs, and PyYAML reports an
impossible date (``date: 2026-13-45``) as a bare ``ValueError`` without a position; all are
found here and pointed at the line the author has to change (the first two as errors, a list
or value as a warning).
"""

from __future__ import annotations

import re

from ..text import WorkProblem
from ..yaml_dates import impossible_dates

#: MkDocs' front matter: YAML between a '---' line at the very start and a '---' or '...' line.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: Lines of the page above the front matter's first line: the opening '---'.
_OPENING_LINES = 1


def front_matter_yaml_problem(text: str) -> WorkProblem | None:
    """The first of `front_matter_yaml_problems`, or None."""
    problems = front_matter_yaml_problems(text)
    return problems[0] if problems else None


def front_matter_yaml_problems(text: str) -> list[WorkProblem]:
    """Front matter that is not YAML, at its line in the page; every impossible date of it."""
    import yaml

    match = FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if match is None:
        return []
    block = match.group(1)
    try:
        yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is None or mark.index >= len(block.rstrip()):
            # The block ended before what was opened closed: point at the opening instead.
            mark = getattr(error, "context_mark", None) or mark
        line = mark.line + 1 + _OPENING_LINES if mark is not None else 1
        problem = getattr(error, "problem", None) or "it cannot be read"
        return [WorkProblem(line, f"the front matter (between the '---' lines) is not valid "
                            f"YAML: {problem}", "correct it, e.g. put a title with ':', '[' or "
                            "'#' in quotes (title: \"...\"); a page that begins with a "
                            "horizontal line needs an empty line above it")]
    except ValueError as error:  # a date that does not exist, e.g. `date: 2027-02-30`
        return impossible_date_problems(block, error)
    return []


def front_matter_shape_problem(text: str) -> WorkProblem | None:
    """Front matter that is YAML but a list or a single value, not `key: value` settings:
    MkDocs ignores it and shows the block as the page's first lines."""
    import yaml

    match = FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if match is None:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError):
        return None  # front_matter_yaml_problems reports it
    if data is None or isinstance(data, dict):
        return None
    kind = "a list" if isinstance(data, list) else "a single value"
    return WorkProblem(1 + _OPENING_LINES,
                       f"the front matter (between the '---' lines) is {kind}, not settings; "
                       "MkDocs ignores it and shows it as the page's first lines",
                       "write one 'key: value' per line (e.g. 'title: Welkom'), or, for a "
                       "horizontal line at the top of the page, put an empty line above it")


#: Front matter keys the theme shows as text (the page's title, its description for search
#: engines): a list or mapping there is printed as Python's repr (`[Markup('Een'), ...]`).
TEXT_KEYS = ("title", "description")


def front_matter_value_problems(text: str) -> list[WorkProblem]:
    """A `title:` or `description:` that is a list or a mapping, at its line."""
    import yaml

    match = FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if match is None:
        return []
    try:
        root = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError):
        return []  # front_matter_yaml_problems reports it
    if not isinstance(root, yaml.MappingNode):
        return []
    return [WorkProblem(key.start_mark.line + 1 + _OPENING_LINES,
                        f"the front matter's '{key.value}' is a "
                        f"{'list' if isinstance(value, yaml.SequenceNode) else 'mapping'}, "
                        "not a text; the page would show it as "
                        f"{'[...]' if isinstance(value, yaml.SequenceNode) else '{...}'}",
                        f"write it as one text in quotes, e.g. {key.value}: \"Een, twee\"")
            for key, value in root.value
            if isinstance(key, yaml.ScalarNode) and key.value in TEXT_KEYS
            and isinstance(value, (yaml.SequenceNode, yaml.MappingNode))]


def impossible_date_problems(block: str, error: ValueError) -> list[WorkProblem]:
    """Each value YAML reads as a date but no calendar has, at its line; the front matter's
    first line if none can be found again (one always can: the same parser failed on it)."""
    import yaml

    found = list(impossible_dates(yaml.compose(block, Loader=yaml.SafeLoader)))
    if not found:
        return [WorkProblem(1, f"the front matter (between the '---' lines) is not valid YAML: "
                            f"{error}", "write dates as an existing year-month-day, or in quotes")]
    return [WorkProblem(node.start_mark.line + 1 + _OPENING_LINES,
                        f"the front matter's '{f'{key}: {node.value}' if key else node.value}' "
                        f"is read as a date, but that date does not exist ({reason})",
                        "write an existing date as year-month-day (e.g. 2026-03-15), or put "
                        "the value in quotes if it is not meant as a date")
            for node, key, reason in found]
