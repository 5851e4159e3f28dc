"""How many WeasyPrint layouts the sheet fitting costs, per sheet type, and which layout it picks.

The build's excess over the floor (floor.py: every final document laid out once) is the
fitting: a sheet laid out several times before it settles. This script fits every sheet of
the example kits (nl and en, the example's brand), of the hostile corpus' valid cases
(tests/corpus) and of the layout corpus' extreme kits (tests/test_layout_corpus.py), counting
the calls of ``weasyprint.HTML.render`` and the CPU seconds per sheet, and records a digest
of the HTML the fitting settles on: comparing two runs shows which sheets changed layout.

Usage:
    python benchmarks/fit_layouts.py --out before.json            # measure, one process
    python benchmarks/fit_layouts.py --compare before.json after.json
    python benchmarks/fit_layouts.py --out x.json --pdfs DIR --only praatplaat
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parent.parent
for folder in (REPO, REPO / "tests"):  # run as `python benchmarks/fit_layouts.py`
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def _projects(scratch: Path, sets: list[str]) -> Iterator[tuple[str, Any, Any, str, Any]]:
    """(set, project, brand, language, kit) for every sheet set measured."""
    from build_tools.brand import DEFAULT_BRAND
    from build_tools.brand_file import load_brand
    from build_tools.build import read_project_settings
    from build_tools.loader import ProjectSettings, load_project
    from build_tools.plan import make_plan

    if "example" in sets:
        plan = make_plan(read_project_settings(REPO))
        for edition in plan.editions:
            for kit in plan.project.kits:
                yield "example", plan.project, plan.brand, edition.language, kit
    if "corpus" in sets:
        import yaml
        from test_corpus import CASES, CORPUS, prepare_case

        for case in CASES:
            expect = yaml.safe_load((CORPUS / case / "expect.yml").read_text(encoding="utf-8"))
            if expect["outcome"] != "ok" or expect.get("setup"):
                continue
            root, _expect = prepare_case(case, scratch / "corpus")
            plan = make_plan(read_project_settings(root))
            for edition in plan.editions:
                for kit in plan.project.kits:
                    yield f"corpus/{case}", plan.project, plan.brand, edition.language, kit
    if "layout" in sets:
        from test_layout_corpus import CASES as LAYOUT_CASES, kit_yaml

        root = scratch / "layout"
        (root / "kits" / "tips").mkdir(parents=True)
        for name, questions, phases in (("uitersten", 60, 8), ("compact", 16, 8), ("een", 1, 1)):
            (root / "kits" / f"{name}.yml").write_text(kit_yaml(questions, phases),
                                                       encoding="utf-8")
        shutil.copytree(REPO / "brands" / "het-anker", root / "brands" / "het-anker")
        anker, _report = load_brand(root / "brands" / "het-anker" / "_brand.yml", root)
        project = load_project(ProjectSettings(root))
        for kit_id, language, branded in LAYOUT_CASES:
            yield "layout", project, anker if branded else DEFAULT_BRAND, language, \
                project.kit(kit_id)


def measure(sets: list[str], only: set[str] | None, pdfs: Path | None) -> list[dict[str, Any]]:
    """Every sheet fitted once: layouts, CPU seconds, the chosen layout's digest."""
    import weasyprint

    from build_tools.sheets.registry import SHEET_TYPES
    from build_tools.sheets import render

    calls = [0]
    original = weasyprint.HTML.render

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(self, *args, **kwargs)

    weasyprint.HTML.render = counted  # type: ignore[method-assign]
    rows: list[dict[str, Any]] = []
    warmed = False
    with tempfile.TemporaryDirectory() as scratch:
        for set_name, project, brand, language, kit in _projects(Path(scratch), sets):
            for sheet in SHEET_TYPES:
                # The build prints the plate on A3; the layout corpus tries A4 too, as its test does.
                a4 = sheet.name == "praatplaat" and set_name == "layout"
                papers = [None] + (["a4-landscape"] if a4 else [])
                for paper in papers:
                    name = sheet.name + ("-a4" if paper else "")
                    if only and name not in only and sheet.name not in only:
                        continue
                    if not warmed:  # fonts found and loaded once, outside the figures
                        render._fitted(project, kit, "vragenblad", language=language,
                                       brand=brand, paper=None)
                        warmed = True
                    calls[0] = 0
                    started = time.process_time()
                    document, options = render._fitted(project, kit, sheet.name,
                                                       language=language, brand=brand,
                                                       paper=paper)
                    cpu = time.process_time() - started
                    html = render.sheet_html(project, kit, sheet.name, language=language,
                                             brand=brand, paper=paper, **options)
                    rows.append({"set": set_name, "kit": kit.id, "language": language,
                                 "sheet": name, "layouts": calls[0], "cpu": round(cpu, 3),
                                 "pages": len(document.pages),
                                 # the scratch folder's name is in a corpus sheet's URLs
                                 "digest": hashlib.sha256(html.replace(
                                     scratch, "SCRATCH").encode()).hexdigest()[:16],
                                 "options": {key: repr(value) for key, value in options.items()
                                             if key != "measured"}})
                    if pdfs is not None:
                        pdfs.mkdir(parents=True, exist_ok=True)
                        target = pdfs / f"{set_name.replace('/', '_')}-{kit.id}-{language}-{name}.pdf"
                        target.write_bytes(render.write_sheet(document, kit, sheet.name,
                                                              language, paper))
                    print(f"{set_name:40} {kit.id:22} {language} {name:17} "
                          f"{calls[0]:2} layouts {cpu:6.2f} s", file=sys.stderr)
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int, float]]:
    """Per (set group, sheet): sheets, layouts, CPU seconds."""
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for row in rows:
        group = row["set"].split("/")[0]
        for key in ((group, row["sheet"]), ("all", row["sheet"]), (group, "ALL")):
            total = totals[key]
            total[0] += 1
            total[1] += row["layouts"]
            total[2] += row["cpu"]
    return {key: (int(a), int(b), c) for key, (a, b, c) in sorted(totals.items())}


def print_summary(rows: list[dict[str, Any]]) -> None:
    for (group, sheet), (count, layouts, cpu) in summary(rows).items():
        print(f"{group:8} {sheet:17} {count:4} sheets {layouts:5} layouts "
              f"({layouts / count:4.2f}/sheet) {cpu:7.1f} CPU s")


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    old, new = summary(before), summary(after)
    print(f"{'set':8} {'sheet':17} {'layouts/sheet':>22} {'CPU s':>18}")
    for key in new:
        if key in old:
            (count, layouts, cpu), (count2, layouts2, cpu2) = old[key], new[key]
            print(f"{key[0]:8} {key[1]:17} {layouts / count:8.2f} -> {layouts2 / count2:5.2f}"
                  f"      {cpu:7.1f} -> {cpu2:7.1f}")
    index = {(r["set"], r["kit"], r["language"], r["sheet"]): r for r in before}
    changed = [row for row in after
               if (key := (row["set"], row["kit"], row["language"], row["sheet"])) in index
               and index[key]["digest"] != row["digest"]]
    print(f"chosen layout changed: {len(changed)} of {len(after)} sheets")
    for row in changed:
        was = index[(row["set"], row["kit"], row["language"], row["sheet"])]
        print(f"  {row['set']} {row['kit']} {row['language']} {row['sheet']}: "
              f"{was['options']} -> {row['options']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["example", "corpus", "layout"],
                        choices=["example", "corpus", "layout"])
    parser.add_argument("--only", nargs="+", help="sheet names (praatplaat-a4: the A4 plate)")
    parser.add_argument("--out", type=Path, help="write the rows as JSON")
    parser.add_argument("--pdfs", type=Path, help="also write each fitted sheet here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        compare(before, after)
        return
    rows = measure(args.sets, set(args.only) if args.only else None, args.pdfs)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    print_summary(rows)


if __name__ == "__main__":
    main()
