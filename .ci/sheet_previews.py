"""Small PNG previews of every sheet type, for the README and the guide's "Voor HR" pages.

Renders the first page of each sheet of one example kit (and the first card back) with
Gesprekskit itself, turns it into a PNG with poppler's pdftoppm, and stores it with a small
palette so the committed files stay a few tens of kilobytes. Run it again after changing a
sheet's layout:

    python3 .ci/sheet_previews.py            # writes content/voor-hr/img/sheet-*.png
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402  (Pillow comes with WeasyPrint)

from build_tools.brand_file import load_brand  # noqa: E402
from build_tools.loader import ProjectSettings, load_project  # noqa: E402
from build_tools.sheets import SHEET_TYPES, render_sheet  # noqa: E402

#: (file name, sheet, page to show, width in pixels)
PREVIEWS = [(f"sheet-{sheet.name}.png", sheet.name, 1, 560 if sheet.name == "praatplaat" else 300)
            for sheet in SHEET_TYPES] + [("sheet-kaarten-back.png", "kaarten", 2, 300)]


def preview(pdf: bytes, page: int, width: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-f", str(page), "-l", str(page), "-scale-to-x",
                        str(width * 2), "-scale-to-y", "-1", str(source), f"{folder}/page"],
                       check=True)
        rendered = next(Path(folder).glob("page*.png"))
        image = Image.open(rendered).convert("RGB")
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", default="hoe-gaat-het")
    parser.add_argument("--brand", default="brands/het-anker/_brand.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "content" / "voor-hr" / "img")
    options = parser.parse_args()
    project = load_project(ProjectSettings(ROOT))
    brand, _report = load_brand((ROOT / options.brand).resolve(), ROOT)
    options.out.mkdir(parents=True, exist_ok=True)
    rendered: dict[str, bytes] = {}
    for name, sheet, page, width in PREVIEWS:
        if sheet not in rendered:
            rendered[sheet] = render_sheet(project, project.kit(options.kit), sheet, brand=brand)
        preview(rendered[sheet], page, width, options.out / name)
        print(f"{options.out / name} ({(options.out / name).stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
