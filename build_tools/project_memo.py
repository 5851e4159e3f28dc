"""Values worked out once per loaded project and dropped with it.

A build asks for a kit's font plan several times (its PDF cache key, the project's font
check, the wall planner); `serve` loads the project again for every rebuild. A cache keyed by
`id(project)` that holds the project kept every loaded project alive for the life of the
process; this one forgets a project's values when the project is collected.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from typing import Any

_MEMOS: dict[int, dict[Hashable, Any]] = {}


def project_memo(project: object) -> dict[Hashable, Any]:
    """The memo of this project: a plain dict, emptied and forgotten with the project."""
    key = id(project)
    memo = _MEMOS.get(key)
    if memo is None:
        memo = _MEMOS[key] = {}
        weakref.finalize(project, _MEMOS.pop, key, None)
    return memo
