"""What a brand's files hold: bounded logos and fonts that are fonts, each refusal located."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from build_tools.brand_assets import MAX_SVG_ELEMENTS
from build_tools.brand_file import load_brand
from build_tools.diagnostics import GesprekskitError
from build_tools.plan.publish import guide_brand_css as brand_css
from build_tools.site.brand_css import font_site_path
from conftest import REPO_ROOT

LATO = REPO_ROOT / "brands" / "het-anker" / "fonts" / "Lato-Regular.ttf"


def brand_errors(root: Path, text: str) -> list[str]:
    (root / "_brand.yml").write_text(text, encoding="utf-8")
    with pytest.raises(GesprekskitError) as caught:
        load_brand(root / "_brand.yml", root, cache_dir=root / ".cache")
    return [f"{item.location.line}: {item.message}" for item in caught.value.report.errors]


def nested_use_svg(levels: int, fan_out: int) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg"><defs><rect id="a0" width="1" height="1"/>']
    for level in range(1, levels):
        uses = "".join(f'<use href="#a{level - 1}"/>' for _ in range(fan_out))
        parts.append(f'<g id="a{level}">{uses}</g>')
    parts.append(f'</defs><use href="#a{levels - 1}"/></svg>')
    return "".join(parts)


def test_nested_use_is_refused_quickly(tmp_path: Path) -> None:
    svg = nested_use_svg(20, 10)  # 10^19 rectangles in under 4 kB
    assert len(svg) < 4000
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    started = time.process_time()  # CPU time: a loaded machine's wall clock says nothing
    (error,) = brand_errors(tmp_path, "meta:\n  name: X\nlogo: logo.svg\n")
    assert time.process_time() - started < 5
    assert error.startswith("3: ") and f"more than {MAX_SVG_ELEMENTS} elements" in error


def test_references_in_a_circle_are_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g>'
        '<g id="b"><rect fill="url(#a)" width="1" height="1"/></g></svg>', encoding="utf-8")
    (error,) = brand_errors(tmp_path, "logo: logo.svg\n")
    assert "refers to itself" in error


def test_a_modest_svg_with_use_is_fine(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(nested_use_svg(3, 5), encoding="utf-8")
    (tmp_path / "_brand.yml").write_text("logo: logo.svg\n", encoding="utf-8")
    brand, _ = load_brand(tmp_path / "_brand.yml", tmp_path, cache_dir=tmp_path / ".cache")
    assert brand.logo is not None


@pytest.mark.slow  # subprocesses or big images: seconds each
@pytest.mark.parametrize("size", [(12000, 12000), (20000, 20000), (9000, 10)])
def test_logo_pixels_are_limited(tmp_path: Path, size: tuple[int, int]) -> None:
    Image.new("1", size).save(tmp_path / "logo.png", optimize=True)
    assert (tmp_path / "logo.png").stat().st_size < 2_000_000  # small file, huge picture
    (error,) = brand_errors(tmp_path, "logo: logo.png\n")
    assert error.startswith("1: ") and "megapixels" in error


@pytest.mark.parametrize("content", [b"hello, I am text\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_a_logo_that_is_not_an_image_is_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "logo.png").write_bytes(content)
    (error,) = brand_errors(tmp_path, "logo: logo.png\n")
    assert "cannot be read as an image" in error


def test_a_font_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "random.ttf").write_bytes(os.urandom(4000))
    (tmp_path / "fonts" / "text.woff2").write_text("not a font", encoding="utf-8")
    errors = brand_errors(tmp_path, "typography:\n  fonts:\n    - family: Huis\n      source: file\n"
                                    "      files:\n        - path: fonts/random.ttf\n"
                                    "        - path: fonts/text.woff2\n")
    assert errors == ["6: the font 'random.ttf' cannot be read as a font: the file is damaged or "
                      "is not a font",
                      "7: the font 'text.woff2' cannot be read as a font: the file is damaged or "
                      "is not a font"]


@pytest.mark.parametrize("palette", ["    a: b\n    b: a\n", "    a: a\n"])
def test_palette_cycles_are_located(tmp_path: Path, palette: str) -> None:
    (error,) = brand_errors(tmp_path, f"color:\n  palette:\n{palette}  primary: a\n")
    assert error.startswith("3: ") and "refers to itself" in error


def test_font_file_names_never_reach_css_as_written(tmp_path: Path) -> None:
    name = 'x"); } body { background: url("https:evil.example"); } a{b:c(".ttf'
    shutil.copyfile(LATO, tmp_path / name)
    (tmp_path / "_brand.yml").write_text(
        "typography:\n  fonts:\n    - family: Huis\n      source: file\n      files:\n"
        f"        - path: '{name}'\n", encoding="utf-8")
    brand, _ = load_brand(tmp_path / "_brand.yml", tmp_path, cache_dir=tmp_path / ".cache")
    css = brand_css(brand)
    assert re.fullmatch(r"assets/gesprekskit/brand/fonts/0-[A-Za-z0-9._-]+\.ttf",
                        font_site_path(0, brand))
    (face_rule,) = [line for line in css.splitlines() if line.startswith("@font-face")]
    assert re.fullmatch(r'@font-face \{ font-family: "Huis"; font-style: normal; font-weight: 400; '
                        r'font-display: swap; src: url\("fonts/0-[A-Za-z0-9._-]+"\); \}',
                        face_rule), face_rule
    assert "evil.example\"" not in css and "body {" not in css
