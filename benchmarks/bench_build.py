"""Benchmark of `gesprekskit build`: cold, no-op and one-kit-edit builds against a floor.

Generates synthetic projects of N kits (copies of the example kits under new ids, with the
example's tips, pages and, from N = 8 on, its two workshops), then measures in one run:

- cold build (empty PDF cache); no-op build (nothing changed: `gesprekskit build` finds the
  site up to date); forced rebuild with nothing changed (`--force`: the whole site is built
  again, every PDF from the cache); and a rebuild after editing one kit, with the number of
  PDFs that rebuild rendered (both languages: 12 for one kit);
- the floor: the very documents the build renders (every kit's sheets and complete set, every
  workshop's sheets, and per language the wall planner and the handbook; see `floor.py`),
  made by the build's own HTML functions and rendered by bare WeasyPrint calls divided over
  the same number of processes, plus a bare `mkdocs build` of the same pages without PDFs;
- the ratio of the cold build to that floor, the speed-up of 2 jobs over 1, and the peak memory
  (RSS summed over the whole process tree);
- `serve_edit_s`: with `gesprekskit serve` running (its first build done), the time from saving
  one kit to the server answering with that kit's new page;
- the load average of the machine before and after each size, since the machine may be shared.

Usage:
    python benchmarks/bench_build.py                 # N = 10, 50, 200
    python benchmarks/bench_build.py --kits 10 50    # other sizes
    python benchmarks/bench_build.py --json          # one JSON object per size
    python benchmarks/bench_build.py --site-only     # no PDFs: the site's rebuild and serve figures
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as `python benchmarks/bench_build.py`
    sys.path.insert(0, str(REPO))

from benchmarks.floor import floor_jobs, only_tries, render_floor, without_tries  # noqa: E402

SHEETS_PER_KIT = 6
KITS_SECTION = "gesprekken"  # the example's kits section; its pages are `<id>.html`
LANGUAGES = ("nl", "en")  # the example guide is built in both


def make_project(root: Path, kits: int) -> None:
    """N realistic kits: the example kits again and again, each under its own id and title."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "kits" / "tips", root / "kits" / "tips")
    examples = sorted(path for path in (REPO / "kits").glob("*.yml"))
    if kits >= len(examples):
        # The example's workshops: its pages link to them, and a build renders their sheets
        # (a fixed share: their number does not grow with N). They use the example's kits,
        # which exist under their own ids once every example has been copied.
        shutil.copytree(REPO / "workshops", root / "workshops")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("strict: true", "strict: false")  # tips link to the example's kit ids
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for tip in (root / "kits" / "tips").glob("*.yml"):
        text = tip.read_text(encoding="utf-8")
        tip.write_text(re.sub(r"(?ms)^kits:.*", "kits: []\n", text), encoding="utf-8")
    for index in range(kits):
        source = examples[index % len(examples)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: '{m.group(1).strip(chr(39))} {index + 1}'",
                      text, count=1)
        # A title per language ({nl: ..., en: ...} on lines of their own) is numbered too.
        text = re.sub(r"(?m)^title:\n((?:  [\w-]+: .*\n)+)", lambda m: "title:\n" + re.sub(
            r"(?m)^(  [\w-]+: )(.*)$", lambda line: f"{line.group(1)}'{line.group(2).strip(chr(39))} "
            f"{index + 1}'", m.group(1)), text, count=1)
        # The first copy of each example keeps its id, so the cycle settings and the tips'
        # links of the example's mkdocs.yml still name kits that exist.
        copy = index // len(examples)
        kit_id = source.stem if copy == 0 else f"{source.stem}-{copy + 1}"
        (root / "kits" / f"{kit_id}.yml").write_text(text, encoding="utf-8")


class PeakMemory:
    """Samples the summed RSS of a process and all its children until stopped; also the summed
    PSS (proportional set size), which counts a page the forked PDF workers share with the
    build once instead of once per process."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self.largest = 0  # the largest single process (RSS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                parent = psutil.Process(self.pid)
                tree = [parent, *parent.children(recursive=True)]
                sizes = [process.memory_info().rss for process in tree]
                self.peak = max(self.peak, sum(sizes))
                self.largest = max(self.largest, *sizes)
                self.peak_pss = max(self.peak_pss, sum(
                    getattr(process.memory_full_info(), "pss", 0) for process in tree))
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def stop(self) -> tuple[int, int]:
        self._stop.set()
        self._thread.join()
        return self.peak, self.peak_pss


def timed_build(project: Path, *args: str) -> tuple[float, tuple[int, int, float], str]:
    """Wall time; peak tree RSS and PSS and the CPU seconds of the whole tree (which a busy
    shared machine inflates far less than the wall time); and output of one `gesprekskit build`."""
    import resource

    command = [sys.executable, "-m", "build_tools", "build", str(project), *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(process.pid)
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    rss, pss = memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{output}")
    return elapsed, (rss, pss, cpu), output


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def serve_edit_seconds(project: Path, scratch: Path, timeout: float = 1800) -> float:
    """Start `gesprekskit serve`, wait for its first complete build, save one kit with a new
    summary and time until the server answers with that kit's page showing it."""
    import signal

    port = _free_port()
    log = scratch / "serve.log"
    kit = next(iter(sorted((project / "kits").glob("*.yml"))))
    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--project",
                                    str(project), "--dev-addr", f"127.0.0.1:{port}"],
                                   stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while "The guide is up to date." not in log.read_text(errors="replace"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"serve did not finish its first build:\n{log.read_text()}")
            time.sleep(0.5)
        marker = f"Benchmarked summary {time.time_ns()}"
        text = kit.read_text(encoding="utf-8")
        edited = re.sub(r"(?m)^summary:.*(\n[ ]+.*)*", f"summary: {marker}", text, count=1)
        assert edited != text, "the benchmark's kit has no summary to edit"
        page = f"http://127.0.0.1:{port}/{KITS_SECTION}/{kit.stem}.html"
        started = time.perf_counter()
        kit.write_text(edited, encoding="utf-8")
        while marker not in _fetch(page):
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"serve never showed the edit:\n{log.read_text()}")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()  # reaped now, so its CPU time is not counted in the next build's


def kits_rendered(output: str) -> int:
    return sum(int(match) for match in re.findall(r"PDFs \(\w+\): (\d+) kit\(s\) rendered", output))


def _cpu_seconds() -> float:
    """CPU of this process and of its reaped children (the floor's workers, mkdocs)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                           resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Floor:
    """The floor's figures: bare WeasyPrint over `jobs` processes for the final documents, and
    for the fitting's tries besides (see `floor.py`), a bare mkdocs build without PDFs, and
    CPU seconds (the figure a busy machine inflates least)."""

    weasyprint_s: float
    tries_s: float
    mkdocs_s: float
    documents: int
    tries: int
    cpu_s: float
    tries_cpu_s: float

    @property
    def final_s(self) -> float:
        return self.weasyprint_s + self.mkdocs_s

    @property
    def renders_s(self) -> float:
        return self.final_s + self.tries_s


def floor_seconds(project: Path, jobs: int, scratch: Path) -> Floor:
    """The floor of `project`, measured once."""
    documents = floor_jobs(project)  # made before the clock starts, as the build's HTML is not
    cpu = _cpu_seconds()
    weasy = render_floor(without_tries(documents), jobs, scratch)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs-bare.yml").write_text(
        config.replace("      language: nl\n", "      language: nl\n      pdfs: false\n", 1),
        encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(project / "mkdocs-bare.yml"), "-d", str(scratch / "bare-site")],
                   check=True, capture_output=True)
    mkdocs = time.perf_counter() - started
    final_cpu = _cpu_seconds() - cpu
    (scratch / "tries").mkdir()
    tries = render_floor(only_tries(documents), jobs, scratch / "tries")
    return Floor(weasy, tries, mkdocs, sum(len(job.htmls) for job in documents),
                 sum(len(job.tries) for job in documents), final_cpu,
                 _cpu_seconds() - cpu - final_cpu)


def bench(kits: int, jobs: int, speedup: bool, repeat: int = 1, floor: bool = True,
          site_only: bool = False) -> dict[str, float | int | None]:
    """One size, every figure; with `repeat`, the cold build, the no-op builds and the floor
    are each measured that many times and the best is kept (as `timeit` does). `site_only`
    builds without PDFs (no floor then): the site's own share, in minutes instead of hours."""
    floor = floor and not site_only
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gesprekskit-bench-") as scratch_name:
        scratch = Path(scratch_name)
        project = scratch / "project"
        project.mkdir()
        make_project(project, kits)
        if site_only:
            config = project / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace(
                "      language: nl\n", "      language: nl\n      pdfs: false\n", 1),
                encoding="utf-8")
        colds, noops, rebuilds, floors = [], [], [], []
        for attempt in range(repeat):
            for leftover in (project / ".cache", project / "site"):
                shutil.rmtree(leftover, ignore_errors=True)
            colds.append(timed_build(project, "--jobs", str(jobs)))
            noops.append(timed_build(project, "--jobs", str(jobs)))
            # The site built again though nothing changed: every PDF comes from the cache.
            rebuilds.append(timed_build(project, "--jobs", str(jobs), "--force"))
            assert kits_rendered(rebuilds[-1][2]) == 0, rebuilds[-1][2]
            if floor:
                (scratch / f"floor-{attempt}").mkdir()
                floors.append(floor_seconds(project, jobs, scratch / f"floor-{attempt}"))
        cold, cold_rss, output = min(colds)
        cold_rendered = kits_rendered(output)
        noop, noop_rss, _ = min(noops)
        rebuild, rebuild_rss, _ = min(rebuilds)
        best = min(floors, key=lambda floor: floor.final_s) if floors else None
        edited = next(iter(sorted((project / "kits").glob("*.yml"))))
        edited.write_text(edited.read_text(encoding="utf-8").replace(
            "phases:", "# edited by the benchmark\nphases:", 1), encoding="utf-8")
        edit, edit_usage, output = timed_build(project, "--jobs", str(jobs))
        edit_rendered = kits_rendered(output) * SHEETS_PER_KIT
        serve_edit = serve_edit_seconds(project, scratch)
        one_job = two_jobs = None
        if speedup:
            one_job, _, _ = timed_build(project, "--jobs", "1", "--no-cache")
            two_jobs, _, _ = timed_build(project, "--jobs", "2", "--no-cache")
        return {
            "kits": kits, "jobs": jobs, "pdfs": cold_rendered * SHEETS_PER_KIT,
            "cold_s": round(cold, 2), "noop_s": round(noop, 2),
            "rebuild_s": round(rebuild, 2), "rebuild_share": round(rebuild / cold, 3),
            "edit_s": round(edit, 2),
            "edit_rendered": edit_rendered, "serve_edit_s": round(serve_edit, 2),
            "floor_weasyprint_s": round(best.weasyprint_s, 2) if best else None,
            "floor_mkdocs_s": round(best.mkdocs_s, 2) if best else None,
            "floor_s": round(best.final_s, 2) if best else None,
            "floor_documents": best.documents if best else None,
            "overhead_ratio": round(cold / best.final_s, 3) if best else None,
            "floor_cpu_s": round(best.cpu_s, 2) if best else None,
            "cpu_overhead_ratio": round(min(colds)[1][2] / best.cpu_s, 3) if best else None,
            "floor_tries": best.tries if best else None,
            "renders_floor_s": round(best.renders_s, 2) if best else None,
            "renders_overhead_ratio": round(cold / best.renders_s, 3) if best else None,
            "renders_cpu_overhead_ratio": round(
                min(colds)[1][2] / (best.cpu_s + best.tries_cpu_s), 3) if best else None,
            "noop_share": round(noop / cold, 3),
            "cold_per_kit_s": round(cold / kits, 3),
            "one_job_s": round(one_job, 2) if one_job else None,
            "two_jobs_s": round(two_jobs, 2) if two_jobs else None,
            "speedup_2_jobs": round(one_job / two_jobs, 2) if one_job and two_jobs else None,
            "cold_cpu_s": round(min(colds)[1][2], 2), "noop_cpu_s": round(min(noops)[1][2], 2),
            "rebuild_cpu_s": round(min(rebuilds)[1][2], 2), "edit_cpu_s": round(edit_usage[2], 2),
            "peak_rss_mb": round(max(memory[0] for _, memory, _ in colds + noops + rebuilds)
                                 / 2**20, 1),
            "peak_pss_mb": round(max(memory[1] for _, memory, _ in colds + noops + rebuilds)
                                 / 2**20, 1),
            "site_only": site_only,
            "repeat": repeat,
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kits", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--no-speedup", action="store_true",
                        help="skip the two extra cold builds that measure 1 against 2 jobs")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure cold, no-op and floor this many times, keep the best")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the floor (bare WeasyPrint and MkDocs): for the build and serve "
                             "figures alone")
    parser.add_argument("--site-only", action="store_true",
                        help="build without PDFs (and no floor): rebuild and serve figures in "
                             "minutes on a busy machine")
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    arguments = parser.parse_args()
    columns = ("kits", "pdfs", "cold_s", "noop_s", "rebuild_s", "edit_s", "edit_rendered",
               "serve_edit_s", "rebuild_cpu_s", "floor_s", "overhead_ratio", "cpu_overhead_ratio",
               "renders_floor_s", "renders_overhead_ratio",
               "speedup_2_jobs",
               "peak_rss_mb",
               "peak_pss_mb",
               "load_before", "load_after")
    if not arguments.json:
        print(" ".join(f"{name:>14}" for name in columns))
    for kits in arguments.kits:
        result = bench(kits, arguments.jobs, not arguments.no_speedup, arguments.repeat,
                       not arguments.no_floor, arguments.site_only)
        if arguments.json:
            print(json.dumps(result))
        else:
            print(" ".join(f"{str(result[name]):>14}" for name in columns), flush=True)


if __name__ == "__main__":
    main()
