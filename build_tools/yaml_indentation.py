"""Find the line whose indentation is wrong, not the line where the YAML parser gave up.

A parser notices a wrongly indented line only a line or two later (a line indented too far under
`description: >-` is reported at the next key). This module tries re-indenting each of the lines
just above the reported position like its neighbours; a change that makes the whole file
readable names the line the author must change, and how far to indent it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: How many lines above the parser's position any line may be the wrong one; further up, to
#: the far limit, only lines that start a key (a key's long text can sit in between).
LOOK_BACK = 8
LOOK_BACK_KEYS = 40
_KEY_LINE = re.compile(r"^ *(- +)*[\w-]+:( |$)")


@dataclass(frozen=True)
class IndentationFix:
    """Line `line` (1-based) is indented `current` spaces; `suggested` makes the file readable."""

    line: int
    current: int
    suggested: int
    like_line: int


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _size(node: Node | None) -> int:
    """Nodes in a tree: a fix that swallows lines into a block text leaves fewer of them."""
    if node is None:
        return 0
    if isinstance(node, MappingNode):
        return 1 + sum(_size(key) + _size(value) for key, value in node.value)
    if isinstance(node, SequenceNode):
        return 1 + sum(_size(item) for item in node.value)
    return 1


def _empty_values(node: Node | None) -> int:
    """Keys left without a value: a fix that empties a key is rarely what the author meant."""
    if isinstance(node, MappingNode):
        return sum((value.tag.endswith(":null") and value.value == "") + _empty_values(value)
                   for _, value in node.value)
    if isinstance(node, SequenceNode):
        return sum(_empty_values(item) for item in node.value)
    return 0


#: For each key (None: the top of the file), the keys the format allows in the mapping under it.
KnownKeys = Mapping[str | None, set[str]]


def _known_places(node: Node | None, known: KnownKeys | None, parent: str | None = None) -> int:
    """Keys that sit where the format expects them: the fix the author meant puts them there."""
    if known is None:
        return 0
    if isinstance(node, SequenceNode):
        return sum(_known_places(item, known, parent) for item in node.value)
    if not isinstance(node, MappingNode):
        return 0
    allowed = known.get(parent)
    total = 0
    for key, value in node.value:
        name = key.value if isinstance(key.value, str) else None
        if allowed is not None and name is not None:
            total += 1 if name in allowed else -1
        total += _known_places(value, known, name)
    return total


def _content_column(line: str) -> int:
    """Where the text of a line starts, after any '- ' list markers."""
    column = _indent(line)
    while line.startswith("- ", column) or line[column:] == "-":
        column += 2
    return column


def _usual_step(lines: list[str]) -> int:
    """The file's own indentation step (2 or 4 spaces), from how far lines go in."""
    steps: dict[int, int] = {}
    previous = None
    for line in lines:
        if not _meaningful(line):
            continue
        if previous is not None and _indent(line) > _content_column(previous) - 2:
            step = _indent(line) - _indent(previous)
            if step > 0:
                steps[step] = steps.get(step, 0) + 1
        previous = line
    return max(steps, key=lambda step: steps[step]) if steps else 2


def _fits_step(lines: list[str], index: int, step: int) -> bool:
    """Whether line `index` sits one usual step in from the line it belongs under."""
    indent = _indent(lines[index])
    for probe in range(index - 1, -1, -1):
        line = lines[probe]
        if _meaningful(line) and _indent(line) < indent:
            return indent in (_indent(line) + step, _content_column(line) + step,
                              _content_column(line))
    return indent == 0


def _neighbour_indents(lines: list[str], index: int) -> dict[int, int]:
    """Indentations of the lines around `index`, each with the nearest line (1-based) using it."""
    found: dict[int, int] = {}
    for step in (-1, 1):
        probe = index + step
        while 0 <= probe < len(lines) and len(found) < 6:
            if _meaningful(lines[probe]):
                found.setdefault(_indent(lines[probe]), probe + 1)
                if step == 1:
                    break
            probe += step
    return found


def find_indentation_fix(text: str, problem_line: int, known: KnownKeys | None = None
                         ) -> IndentationFix | None:
    """The one re-indented line that makes `text` parse, nearest to what the author meant.

    When several lines would do, the fix that keeps the most structure wins (re-indenting a key
    into a block text above it also parses, but loses keys), then the one that puts the most
    keys where the format (`known`) expects them, then the one that leaves no key empty, then the one that indents by the file's usual step; among equals, the line where the
    parser stopped, else the earliest.
    """
    lines = text.split("\n")
    step = _usual_step(lines)
    fixes: list[tuple[tuple[int, int, int, bool, bool], IndentationFix]] = []
    for index in range(max(0, problem_line - 1 - LOOK_BACK_KEYS), min(problem_line, len(lines))):
        line = lines[index]
        if not _meaningful(line) or "\t" in line[:_indent(line) + 1]:
            continue
        if index < problem_line - 1 - LOOK_BACK and not _KEY_LINE.match(line):
            continue
        for indent, like in _neighbour_indents(lines, index).items():
            if indent == _indent(line):
                continue
            changed = lines[:index] + [" " * indent + line.lstrip(" ")] + lines[index + 1:]
            try:
                tree = yaml.compose("\n".join(changed), Loader=_LOADER)
            except yaml.YAMLError:
                continue
            score = (_size(tree), _known_places(tree, known), -_empty_values(tree),
                     _fits_step(changed, index, step),
                     index + 1 == problem_line)
            fixes.append((score, IndentationFix(index + 1, _indent(line), indent, like)))
    if not fixes:
        return None
    best = max(score for score, _ in fixes)
    return next(fix for score, fix in fixes if score == best)
