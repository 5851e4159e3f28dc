"""Reading brand.yml: the example brand, and every refusal located in the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools.brand_file import load_brand
from build_tools.diagnostics import GesprekskitError
from conftest import REPO_ROOT

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def write_brand(root: Path, text: str) -> Path:
    path = root / "_brand.yml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(root: Path, text: str, strict: bool = False):
    with pytest.raises(GesprekskitError) as caught:
        load_brand(write_brand(root, text), root, strict=strict)
    return caught.value.report.errors


def test_example_brand(tmp_path: Path) -> None:
    path = REPO_ROOT / "brands" / "het-anker" / "_brand.yml"
    brand, report = load_brand(path, REPO_ROOT, cache_dir=tmp_path / "brand-cache")
    assert not report.items, report.format()
    assert brand.organisation == "Woonzorg Het Anker" and brand.name == "het-anker"
    assert brand.primary == "#16365c" and brand.accent == "#c2410c"
    assert brand.font_family == "Lato" and len(brand.font_faces) == 4
    assert brand.logo is not None and brand.logo.suffix == ".svg"
    assert brand.footer and brand.contact and brand.confidentiality


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, "colour:\n  primary: red\n")
    assert error.message == "unknown key 'colour'" and "did you mean 'color'" in error.hint
    assert (error.location.line, error.location.column) == (1, 1)


@pytest.mark.parametrize("value", ['"red; } body { display:none"', '"url(https://x.org/a.png)"',
                                   '"</style><script>alert(1)</script>"'])
def test_css_in_colours_is_refused(tmp_path: Path, value: str) -> None:
    (error,) = errors(tmp_path, f"color:\n  primary: {value}\n")
    assert "is not a colour" in error.message and error.location.line == 2


def test_palette_reference_typo_suggests(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, "color:\n  palette:\n    diepzee: '#16365c'\n  primary: diepze\n")
    assert "did you mean the palette colour 'diepzee'" in error.hint
    assert error.location.line == 4


def test_logo_paths_are_refused_outside_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.svg").write_text(LOGO)
    os.symlink(tmp_path / "secret.svg", project / "link.svg")
    cases = {"logo: ../secret.svg\n": "leads outside the project",
             "logo: /etc/passwd\n": "is absolute",
             "logo: https://example.org/logo.png\n": "is a web address",
             "logo: link.svg\n": "leads outside the project",
             "logo: missing.png\n": "does not exist"}
    for text, message in cases.items():
        (error,) = errors(project, text)
        assert message in error.message, text
        assert error.location.line == 1


def test_absolute_font_path_is_one_located_error(tmp_path: Path) -> None:
    """brand_yml refused it first, twice, at the font's `files:` line, advising `file://`."""
    font = REPO_ROOT / "brands" / "het-anker" / "fonts" / "Lato-Regular.ttf"
    text = ("typography:\n  fonts:\n    - family: Lato\n      source: file\n      files:\n"
            f"        - path: {font}\n          weight: 400\n        - {font}\n")
    first, second = errors(tmp_path, text)
    assert "is absolute" in first.message and "relative to the brand file" in first.hint
    assert (first.location.line, first.location.column) == (6, 17)
    assert "is absolute" in second.message and second.location.line == 8


def test_svg_logo_is_sanitised(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script>'
        '<image href="https://tracker.example/x.png"/><rect width="5" height="5"/></svg>')
    brand, _ = load_brand(write_brand(tmp_path, "logo: logo.svg\n"), tmp_path)
    clean = brand.logo.read_text()
    assert "script" not in clean and "onload" not in clean and "tracker.example" not in clean
    assert "<rect" in clean


def test_svg_with_entities_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                                       '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>')
    (error,) = errors(tmp_path, "logo: logo.svg\n")
    assert "DOCTYPE or entities" in error.message


def test_online_fonts_warn_and_strict_refuses(tmp_path: Path) -> None:
    text = "typography:\n  fonts:\n    - family: Open Sans\n      source: google\n"
    brand, report = load_brand(write_brand(tmp_path, text), tmp_path)
    (warning,) = report.warnings
    assert "online service" in warning.message and "download the font files" in warning.hint
    assert warning.location.line == 4
    assert brand.font_family == "Inter"
    errors(tmp_path, text, strict=True)



def test_a_heading_font_the_brand_lacks_is_one_warning(tmp_path: Path) -> None:
    """Hostile finding: `headings: family: Nope` gave two overlapping warnings, one of them an
    "online service (system)" font brand_yml had added to the file's typography itself."""
    brand, report = load_brand(write_brand(tmp_path, "typography:\n  headings:\n"
                                                     "    family: Nope\n"), tmp_path)
    (warning,) = report.warnings
    assert warning.message == ("the font 'Nope' is not one of the brand's fonts "
                               "(typography.fonts lists no files for it), so Inter is used instead")
    assert "list them under typography.fonts (family: Nope, source: file" in warning.hint
    assert "leave 'headings' out to use Inter" in warning.hint
    assert warning.location.line == 3 and brand.heading_font_family == "Inter"
    # An online font named by `base` is warned of once, where it is listed; a misspelt one
    # gets the name it probably meant.
    text = ("typography:\n  fonts:\n    - family: Open Sans\n      source: google\n"
            "  base: Open Sans\n  headings:\n    family: Open Sanz\n")
    brand, report = load_brand(write_brand(tmp_path, text), tmp_path)
    online, misspelt = report.warnings
    assert "online service" in online.message and online.location.line == 4
    assert "'Open Sanz'" in misspelt.message and misspelt.hint == "did you mean 'Open Sans'?"


def test_font_names_carrying_css_are_refused(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, "typography:\n  fonts:\n    - family: 'x\"; } body {'\n"
                                "      source: file\n      files: []\n")
    assert "font name" in error.message


def test_low_contrast_warns_with_ratio_and_fix(tmp_path: Path) -> None:
    brand, report = load_brand(write_brand(tmp_path, "color:\n  foreground: '#999999'\n"), tmp_path)
    (warning,) = report.warnings
    assert "#999999 on #ffffff is 2.85:1" in warning.message
    assert warning.hint.startswith("use #") and warning.location.line == 2
    errors(tmp_path, "color:\n  foreground: '#999999'\n", strict=True)


def test_extra_settings_are_checked(tmp_path: Path) -> None:
    (error,) = errors(tmp_path, "defaults:\n  gesprekskit:\n    fotter: x\n")
    assert "did you mean 'footer'" in error.hint and error.location.line == 3
    (error,) = errors(tmp_path, "defaults:\n  gesprekskit:\n    footer: '<b>x</b>'\n")
    assert "plain text only" in error.message


PAPER_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20"><circle cx="10" cy="10" '
              'r="8" fill="#16365c"/><text x="24" y="15" fill="#c2410c">Het Anker</text></svg>')
DARK_LOGO = PAPER_LOGO.replace("#16365c", "#ffffff").replace("#c2410c", "#fdba74")


def test_a_logo_that_disappears_on_the_header_colour_warns(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(PAPER_LOGO, encoding="utf-8")
    path = write_brand(tmp_path, 'logo: logo.svg\ncolor:\n  primary: "#16365c"\n')
    brand, report = load_brand(path, tmp_path)
    text, shape = sorted(report.warnings, key=lambda item: item.message)
    assert text.message.startswith("text in the logo (#c2410c) has a contrast of 2.4:1 on the "
                                   "header colour #16365c, below 4.5:1")
    assert shape.message.startswith("the logo (#16365c) has a contrast of 1.0:1")
    assert "dark: logo-dark.svg" in text.hint and text.location.line == 1
    assert brand.site_logo == brand.logo


def test_the_dark_variant_of_the_logo_goes_on_the_header(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(PAPER_LOGO, encoding="utf-8")
    (tmp_path / "logo-dark.svg").write_text(DARK_LOGO, encoding="utf-8")
    path = write_brand(tmp_path, "logo:\n  medium:\n    light: logo.svg\n    dark: logo-dark.svg\n"
                                 'color:\n  primary: "#16365c"\n')
    brand, report = load_brand(path, tmp_path)
    assert not report.items, report.format()
    assert b"#c2410c" in brand.logo.read_bytes()          # the sheets: white paper
    assert b"#fdba74" in brand.site_logo.read_bytes()     # the guide's navy header


def test_without_an_organisation_name_the_guide_names_itself(tmp_path: Path) -> None:
    """Hostile finding: without a brand file (or with one without a name) sheets and the
    handbook cover said "Gesprekskit", not the guide's site_name."""
    from build_tools.plan import read_settings
    from build_tools.plan.guide import load_guide_brand

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Klein\nplugins:\n  - gesprekskit:\n      languages:\n"
                      "        en: {site_name: Small}\n        fr: {site_name: Petit}\n",
                      encoding="utf-8")
    brand, _ = load_guide_brand(read_settings(config))
    assert [brand.in_language(code, "nl").organisation for code in ("nl", "en", "de")] == [
        "Klein", "Small", "Klein"]  # a language without a site_name: the default one
    assert brand.in_language("en", "nl").short_name == "Small"
    write_brand(tmp_path, "color: {primary: '#1f5f5b'}\n")
    unnamed, _ = load_guide_brand(read_settings(config))
    assert unnamed.in_language("nl", "nl").organisation == "Klein"
    write_brand(tmp_path, "meta: {name: Het Anker}\ncolor: {primary: '#1f5f5b'}\n")
    named, _ = load_guide_brand(read_settings(config))
    assert named.in_language("en", "nl").organisation == "Het Anker"
    # The name is printed on every sheet: another site_name is another cache key.
    config.write_text("site_name: Groot\nplugins: [gesprekskit]\n", encoding="utf-8")
    (tmp_path / "_brand.yml").unlink()
    renamed, _ = load_guide_brand(read_settings(config))
    assert renamed.cache_key != brand.cache_key
    assert renamed.in_language("nl", "nl").organisation == "Groot"


def test_a_name_with_markup_is_one_error_at_its_own_line(tmp_path: Path) -> None:
    """A plain `name:` is both the full and the short name: its markup was reported twice."""
    (error,) = errors(tmp_path, "meta:\n  name: Stichting <b>Een</b>\n")
    assert "plain text only" in error.message and error.location.line == 2
    full, short = errors(tmp_path, "meta:\n  name:\n    full: 'A <b>'\n    short: 'B {x}'\n")
    assert (full.location.line, short.location.line) == (3, 4)


def test_an_empty_brand_file_is_not_told_to_start_from_a_kit(tmp_path: Path) -> None:
    """The hint said "start from 'gesprekskit new KIT_ID'", which makes a kit, not a brand."""
    (error,) = errors(tmp_path, "# nog invullen\n")
    assert "empty" in error.message and "KIT_ID" not in error.hint
    assert "default brand" in error.hint
