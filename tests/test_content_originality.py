"""The example's texts are written in our own words: no run of 8 words copied from the seed
articles the domain facts came from (/work/shared/seeds). Skipped where the seeds are absent.

Run as a script to list every overlap: python tests/test_content_originality.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path("/work/shared/seeds")
RUN = 8
_WORD = re.compile(r"[\w’']+", re.UNICODE)


def words(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def runs(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[index:index + RUN]) for index in range(len(tokens) - RUN + 1)}


def our_texts() -> list[Path]:
    return sorted([*REPO_ROOT.glob("kits/**/*.yml"), *REPO_ROOT.glob("content/**/*.md"),
                   *REPO_ROOT.glob("build_tools/locales/*.yml"),
                   *REPO_ROOT.glob("build_tools/scaffold/*.yml"),
                   *REPO_ROOT.glob("workshops/*.yml")])


def overlaps() -> list[tuple[Path, str]]:
    seed_runs: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        seed_runs |= runs(seed.read_text(encoding="utf-8"))
    found = []
    for path in our_texts():
        for run in sorted(runs(path.read_text(encoding="utf-8")) & seed_runs):
            found.append((path.relative_to(REPO_ROOT), " ".join(run)))
    return found


@pytest.mark.skipif(not any(SEEDS.glob("*.txt")), reason="the seed articles are not on this machine")
def test_no_eight_words_copied_from_the_seeds() -> None:
    assert overlaps() == []


if __name__ == "__main__":
    for path, run in overlaps():
        print(f"{path}: {run}")
    sys.exit(0)
