"""Peak memory of one cold `gesprekskit build` (PDFs included) of a generated guide of N kits.

The large-guide target is about memory, and the full benchmark at N = 200 takes about an hour
(its floor and repeated builds); this measures the cold build alone, sampling its whole process
tree (the build, its PDF workers, forked language builds):

    python benchmarks/build_memory.py --kits 200

Summed RSS counts a page the forked workers share with the build once per process; PSS counts
it once; the largest process is the biggest any single process got.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import PeakMemory, make_project  # noqa: E402


def measure(kits: int, jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="gesprekskit-memory-") as folder:
        project = Path(folder) / "project"
        make_project(project, kits)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "build_tools", "build", str(project),
                                    "--jobs", str(jobs)], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        memory = PeakMemory(process.pid)
        output, _ = process.communicate()
        wall = time.perf_counter() - started
        rss, pss = memory.stop()
        if process.returncode != 0:
            raise SystemExit(f"build failed:\n{output}")
    return {"kits": kits, "jobs": jobs, "wall_s": round(wall, 1),
            "peak_rss_mb": round(rss / 2**20, 1), "peak_pss_mb": round(pss / 2**20, 1),
            "largest_process_rss_mb": round(memory.largest / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kits", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.kits, arguments.jobs)))


if __name__ == "__main__":
    main()
