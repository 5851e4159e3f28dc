"""The printed handbook alone at N kits: pages, CPU seconds, wall seconds and peak memory.

    python benchmarks/bench_handbook.py 50 200

Each size runs in its own process (peak RSS is per process), on a project of N kits made by
`bench_build.make_project`, one language (nl), no cache: every part is laid out and joined.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def measure(kits: int) -> str:
    from bench_build import make_project
    from pypdf import PdfReader

    from build_tools.brand import DEFAULT_BRAND
    from build_tools.cli_export import _layout
    from build_tools.cli_project import open_project
    from build_tools.handbook.render import render_handbook_file
    from build_tools.handbook.source import HandbookSource
    from build_tools.loader import load_project

    with tempfile.TemporaryDirectory(prefix="gesprekskit-bench-handbook-") as folder:
        root = Path(folder) / "guide"
        make_project(root, kits)
        context = open_project(root)
        project = load_project(context.settings)
        source = HandbookSource.from_config(context.guide.mkdocs_values(), context.languages,
                                            dict(context.options.languages), _layout(context))
        cpu, wall = time.process_time(), time.perf_counter()
        render_handbook_file(project, "nl", DEFAULT_BRAND, source=source,
                             target=root / "handbook.pdf", parts_dir=root / "parts")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        pages = len(PdfReader(root / "handbook.pdf").pages)
        size = (root / "handbook.pdf").stat().st_size // 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return (f"N = {kits}: {pages} pages, {cpu:.1f} CPU s, {wall:.1f} s, peak RSS {peak} MB, "
            f"{size} kB")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(measure(int(sys.argv[2])))
    else:
        for size in sys.argv[1:] or ["50", "200"]:
            subprocess.run([sys.executable, __file__, "--one", size], check=True)
