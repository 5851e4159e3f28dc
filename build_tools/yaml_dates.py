"""The date YAML reads as one but no calendar has (`2026-13-45`), found again with its place.

PyYAML reports such a date as a bare ValueError ('month must be in 1..12') without a position;
mkdocs.yml and a page's front matter both compose the text once more and ask here.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def impossible_date(root: Node | None) -> tuple[ScalarNode, str, str] | None:
    """The first date scalar in document order that names no real date: (node, the key it is
    the value of, or "", why)."""
    return next(impossible_dates(root), None)


def impossible_dates(root: Node | None) -> Iterator[tuple[ScalarNode, str, str]]:
    """Every date scalar that names no real date, in document order, as `impossible_date`
    gives the first: an author fixes them all in one go. Each node is visited once, so aliases
    cannot multiply the walk."""
    constructor = SafeConstructor()
    pending: list[tuple[Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while pending:
        node, key = pending.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pending[:0] = [(value, str(name.value) if isinstance(name, ScalarNode) else key)
                           for name, value in node.value]
        elif isinstance(node, SequenceNode):
            pending[:0] = [(item, key) for item in node.value]
        elif isinstance(node, ScalarNode) and node.tag == TIMESTAMP_TAG:
            try:
                constructor.construct_yaml_timestamp(node)
            except ValueError as error:
                yield node, key, str(error)
