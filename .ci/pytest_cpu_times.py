"""CPU seconds per test, for finding where the suite's time goes on a loaded machine (wall
time there says little). A pytest plugin, and a summary of what it wrote:

    PYTHONPATH=$PWD:$PWD/.ci CPU_LOG=/tmp/cpu.jsonl python3 -m pytest -p pytest_cpu_times
    python3 .ci/pytest_cpu_times.py /tmp/cpu.jsonl      # per file, per worker, slowest tests

Each test's CPU is its process's own plus that of the children it waited for (subprocesses,
PDF worker pools), from setup to teardown; a session build is counted in the first test that
needs it.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import sys
import time
from collections.abc import Iterator

import pytest

LOG = os.environ.get("CPU_LOG", "cpu-times.jsonl")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    cpu, wall = _cpu(), time.monotonic()
    yield
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"id": item.nodeid, "cpu": round(_cpu() - cpu, 3),
                              "wall": round(time.monotonic() - wall, 3),
                              "worker": os.environ.get("PYTEST_XDIST_WORKER", "-"),
                              "end": round(time.monotonic(), 3)}) + "\n")


def main(path: str) -> None:
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    files: collections.Counter[str] = collections.Counter()
    workers: collections.Counter[str] = collections.Counter()
    for row in rows:
        files[row["id"].split("::")[0]] += row["cpu"]
        workers[row["worker"]] += row["cpu"]
    print(f"{len(rows)} tests, {sum(files.values()):.1f} CPU s; per worker: "
          + ", ".join(f"{name} {cpu:.1f}" for name, cpu in sorted(workers.items())))
    for name, cpu in files.most_common(20):
        print(f"{cpu:8.1f}  {name}")
    print("slowest tests:")
    for row in sorted(rows, key=lambda row: -row["cpu"])[:20]:
        print(f"{row['cpu']:8.1f}  {row['id']}")


if __name__ == "__main__":
    main(sys.argv[1])
