"""The checkout itself: no half-finished merge is ever committed (a conflict marker in a test
module stops the whole suite at collection; in the README or a kit it is published)."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import REPO_ROOT

MARKER = re.compile(rb"^(<{7} |={7}$|>{7} )", re.MULTILINE)


def test_no_tracked_file_holds_a_merge_conflict_marker() -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout (an unpacked copy): nothing to check")
    names = [name for name in listed.stdout.decode().split("\0") if name]
    assert len(names) > 100
    marked = []
    for name in names:
        path = REPO_ROOT / name
        if path.is_file() and path.suffix in {".py", ".md", ".yml", ".yaml", ".toml", ".html",
                                               ".css", ".json", ".txt", ".csv", ""}:
            if MARKER.search(path.read_bytes()):
                marked.append(name)
    assert not marked, f"merge conflict markers in {marked}"
