"""Read a brand.yml file (the open format of Quarto and Shiny) into a checked `Brand`.

Structure is validated by the `brand_yml` package (Posit's reference implementation); every value
that reaches CSS or the PDF renderer is then checked here: colours parsed strictly, font names and
files, the logo path (inside the project, sanitised when SVG) and the contrast of the colours.
Gesprekskit's own settings live under `defaults: gesprekskit:`.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import py_svg_hush
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .brand import DEFAULT_BRAND, Brand, BrandText, FontFace
from .brand_assets import AssetError, check_font, check_raster_logo, check_svg_expansion
from .logo_contrast import logo_problems
from .text import LANGUAGE_CODE, language_code_hint, shows_nothing
from .colors import (AA_BODY_TEXT, WHITE, Color, ColorError, contrast_ratio, darken_until,
                     parse_color)
from .diagnostics import DiagnosticReport, GesprekskitError
from .loader import report_validation_error
from .source_files import check_sources
from .yaml_source import DataPath, SourceDocument, read_yaml

BRAND_FILE_NAME = "_brand.yml"
FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
LOGO_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}
MAX_LOGO_BYTES = 2_000_000
MAX_FONT_BYTES = 10_000_000
_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$")
_PLAIN_TEXT = re.compile(r"^[^<>{}\\\x00-\x1f]{1,200}$")
BUILT_IN_FONT = "Inter"


def project_brand_file(project_root: Path, configured: str | None = None) -> Path | None:
    """Which brand file a project uses: the one its configuration names (relative to the
    project), else its `_brand.yml`, else none. The build and `gesprekskit pdf` both ask here,
    so a sheet rendered alone looks exactly like the one in the guide."""
    if configured:
        path = Path(os.path.abspath(project_root / configured))  # a link is checked on loading
        if not path.is_file():
            raise FileNotFoundError(f"the brand file {configured} does not exist")
        return path
    default = project_root / BRAND_FILE_NAME
    return default if default.is_file() else None


class GesprekskitBrandSettings(BaseModel):
    """`defaults: gesprekskit:` in a brand.yml: what only Gesprekskit uses."""

    model_config = ConfigDict(extra="forbid")

    footer: str | dict[str, str] | None = Field(
        default=None, description="A line in every sheet's footer; {nl: ..., en: ...} per language")
    contact: str | dict[str, str] | None = Field(
        default=None, description="HR contact on the follow-up form; text or one per language")
    confidentiality: str | dict[str, str] | None = Field(
        default=None, description="Confidentiality line on forms; text or one per language")


@dataclass
class _Context:
    project_root: Path
    source: SourceDocument
    report: DiagnosticReport
    cache_dir: Path

    def error(self, path: DataPath, message: str, hint: str | None = None) -> None:
        self.report.error(self.source.location(path), message, hint)

    def warning(self, path: DataPath, message: str, hint: str | None = None) -> None:
        self.report.warning(self.source.location(path), message, hint)


def _project_file(context: _Context, path: DataPath, value: object, suffixes: set[str],
                  max_bytes: int, what: str) -> Path | None:
    """A file named in the brand, if it is a regular file inside the project; else an error."""
    if not isinstance(value, str) or not value.strip():
        context.error(path, f"the {what} must be a file path",
                      f"write the path of the {what} file, relative to the brand file")
        return None
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        context.error(path, f"the {what} '{value}' is a web address",
                      "download the file, put it in the project and give its path instead")
        return None
    if Path(value).is_absolute():
        context.error(path, f"the {what} path '{value}' is absolute",
                      "give a path relative to the brand file, inside the project")
        return None
    base = context.source.path.parent
    candidate = base / value
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        context.error(path, f"the {what} file '{value}' does not exist",
                      f"put the file at {candidate} or correct the path")
        return None
    if not real.is_relative_to(context.project_root.resolve()):
        context.error(path, f"the {what} path '{value}' leads outside the project",
                      "copy the file into the project and point to the copy")
        return None
    if not real.is_file():
        context.error(path, f"the {what} '{value}' is not a regular file",
                      f"point at the {what} file itself, not at a folder or a device")
        return None
    if real.stat().st_nlink > 1:
        context.error(path, f"the {what} '{value}' is a hard link: the same file has another "
                      "name, possibly outside the project", "make it an ordinary copy")
        return None
    if real.suffix.lower() not in suffixes:
        context.error(path, f"the {what} '{value}' has an unsupported type",
                      f"use one of: {', '.join(sorted(suffixes))}")
        return None
    if real.stat().st_size > max_bytes:
        context.error(path, f"the {what} '{value}' is larger than {max_bytes // 1_000_000} MB",
                      "use a smaller file")
        return None
    return real


def _color(context: _Context, path: DataPath, value: object, palette: dict[str, Any]) -> Color | None:
    try:
        return parse_color(value)
    except ColorError as error:
        suggestion = difflib.get_close_matches(str(value), list(palette), n=1)
        context.error(path, str(error),
                      f"did you mean the palette colour '{suggestion[0]}'?" if suggestion else
                      "write a colour such as \"#1f5f5b\" or rgb(31, 95, 91)")
        return None


def _palette_cycle(context: _Context, colors: Any) -> bool:
    """Report colours that name each other in a circle (`a: b`, `b: a`); brand_yml would stop
    with an exception instead of a located message."""
    if not isinstance(colors, dict):
        return False
    palette = colors.get("palette") if isinstance(colors.get("palette"), dict) else {}
    names: dict[str, tuple[DataPath, Any]] = {
        **{key: (("color", key), value) for key, value in colors.items() if key != "palette"},
        **{name: (("color", "palette", name), value) for name, value in palette.items()}}
    for start in names:
        chain = [start]
        value = names[start][1]
        while isinstance(value, str) and value in names:
            if value in chain:
                if value == start:
                    context.error(names[start][0], "the colour '" + start + "' refers to itself: "
                                  + " → ".join(chain + [value]),
                                  "give one of these colours a value such as \"#1f5f5b\"")
                    return True
                break
            chain.append(value)
            value = names[value][1]
    return False


def _logo_source(logo: Any, prefer: str = "light") -> tuple[DataPath, str] | None:
    """The logo to use: medium, large or small; a named image resolved; the `prefer` variant
    (light: for paper and light backgrounds; dark: for the guide's coloured header) first."""
    if logo is None:
        return None
    if isinstance(logo, str):
        return ("logo",), logo
    if not isinstance(logo, dict):
        return None
    images = logo.get("images") or {}
    for size in ("medium", "large", "small"):
        choice = logo.get(size)
        if isinstance(choice, dict):
            other = "dark" if prefer == "light" else "light"
            choice = choice.get(prefer) or choice.get("path") or choice.get(other)
        if isinstance(choice, str):
            if choice in images:
                image = images[choice]
                image = image.get("path") if isinstance(image, dict) else image
                return ("logo", "images", choice), image
            return ("logo", size), choice
    for name, image in images.items():
        image = image.get("path") if isinstance(image, dict) else image
        return ("logo", "images", name), image
    return None


def _sanitised_logo(context: _Context, path: DataPath, logo: Path) -> Path | None:
    """SVGs lose scripts, event handlers and external references before anything uses them."""
    if logo.suffix.lower() != ".svg":
        try:
            check_raster_logo(logo)
        except AssetError as error:
            context.error(path, str(error), error.hint)
            return None
        return logo
    raw = logo.read_bytes()
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        context.error(path, f"the SVG logo '{logo.name}' declares a DOCTYPE or entities",
                      "export the logo again as plain SVG (no DOCTYPE)")
        return None
    try:
        clean = py_svg_hush.filter_svg(raw)
    except ValueError:
        context.error(path, f"the SVG logo '{logo.name}' cannot be read as SVG",
                      "export the logo again as plain SVG, or use a PNG")
        return None
    try:
        check_svg_expansion(clean, logo.name)
    except AssetError as error:
        context.error(path, str(error), error.hint)
        return None
    context.cache_dir.mkdir(parents=True, exist_ok=True)
    target = context.cache_dir / f"logo-{hashlib.sha256(clean).hexdigest()[:16]}.svg"
    if not target.exists():
        target.write_bytes(clean)
    return target


def _fonts(context: _Context, typography: dict[str, Any]
           ) -> tuple[list[FontFace], set[str], set[str]]:
    """The font faces the brand lists with their files, their families, and the families
    already warned of as online fonts (so `base` or `headings` naming one is not a second
    warning)."""
    faces: list[FontFace] = []
    families: set[str] = set()
    online: set[str] = set()
    for index, font in enumerate(typography.get("fonts") or []):
        where: DataPath = ("typography", "fonts", index)
        family = font.get("family")
        if not isinstance(family, str) or not _FONT_NAME.fullmatch(family):
            context.error(where + ("family",), f"the font name {family!r} is not allowed",
                          "use letters, digits, spaces and hyphens only, e.g. 'Source Sans 3'")
            continue
        source = font.get("source", "file")
        if source != "file":
            context.warning(where + ("source",),
                            f"the font '{family}' would be loaded from an online service "
                            f"({source}); Gesprekskit uses no network, so {BUILT_IN_FONT} is used",
                            f"download the font files of '{family}', put them in the project "
                            "(e.g. brand/fonts/) and list them with 'source: file' and 'files:'")
            online.add(family)
            continue
        for file_index, entry in enumerate(font.get("files") or []):
            file_where = where + ("files", file_index)
            value = entry.get("path") if isinstance(entry, dict) else entry
            real = _project_file(context, file_where + (("path",) if isinstance(entry, dict) else ()),
                                 value, FONT_SUFFIXES, MAX_FONT_BYTES, "font")
            if real is None:
                continue
            try:
                check_font(real)
            except AssetError as error:
                context.error(file_where, str(error), error.hint)
                continue
            weight = entry.get("weight", 400) if isinstance(entry, dict) else 400
            style = entry.get("style", "normal") if isinstance(entry, dict) else "normal"
            weight = {"normal": 400, "bold": 700}.get(weight, weight)
            if not isinstance(weight, int) or not 100 <= weight <= 900 or style not in ("normal", "italic"):
                context.error(file_where, "font weight must be 100..900 and style normal or italic",
                              "write e.g. 'weight: 700' and 'style: italic'")
                continue
            faces.append(FontFace(family, real, weight, style))
            families.add(family)
    return faces, families, online


def _family(context: _Context, typography: dict[str, Any], key: str, families: set[str],
            online: set[str]) -> str:
    value = typography.get(key)
    family = value.get("family") if isinstance(value, dict) else value
    if family is None:
        return next(iter(sorted(families)), BUILT_IN_FONT) if key == "base" else ""
    if family == BUILT_IN_FONT or family in families:
        return family
    if family in online:  # warned of where typography.fonts lists it
        return BUILT_IN_FONT
    where = ("typography", key, "family") if isinstance(value, dict) else ("typography", key)
    close = difflib.get_close_matches(str(family), sorted(families | online), n=1, cutoff=0.6)
    ways = [f"put its font files in the project and list them under typography.fonts (family: "
            f"{family}, source: file, files: ...)"]
    if families:
        ways.append(f"name one of the listed fonts ({', '.join(sorted(families))})")
    ways.append(f"leave '{key}' out to use {BUILT_IN_FONT}")
    context.warning(where, f"the font '{family}' is not one of the brand's fonts (typography.fonts "
                    f"lists no files for it), so {BUILT_IN_FONT} is used instead",
                    f"did you mean '{close[0]}'?" if close else
                    ", or ".join([", ".join(ways[:-1]), ways[-1]]))
    return BUILT_IN_FONT


def _check_contrast(context: _Context, foreground: Color, background: Color, primary: Color,
                    on_primary: Color) -> None:
    pairs = [
        (("color", "foreground"), foreground, background, "text", "foreground"),
        (("color", "primary"), on_primary, primary, "text on primary-coloured bars and buttons",
         "primary"),
        (("color", "primary"), primary, background, "primary-coloured links and headings",
         "primary"),
    ]
    for where, text, behind, role, key in pairs:
        ratio = contrast_ratio(text, behind)
        if ratio < AA_BODY_TEXT:
            fixed = darken_until(behind if key == "primary" and text == on_primary else text,
                                 text if key == "primary" and text == on_primary else behind)
            context.warning(where, f"contrast of {role}: {text.hex} on {behind.hex} is "
                            f"{ratio:.2f}:1, below the 4.5:1 of WCAG 2.1 AA",
                            f"use {fixed.hex} for {key} instead")


def _check_logo(context: _Context, where: DataPath, logo: Path, header: Color) -> None:
    """The logo sits on the site's header bar, in the primary colour: it must stand out."""
    for problem in logo_problems(logo, header):
        what = "text in the logo" if problem.is_text else "the logo"
        context.warning(where, f"{what} ({problem.color}) has a contrast of {problem.ratio:.1f}:1 "
                        f"on the header colour {header.hex}, below {problem.needed:.1f}:1; it "
                        "will be hard to see in the guide's header",
                        "add a version of the logo for dark backgrounds (light text) as "
                        "'logo: medium: {light: logo.svg, dark: logo-dark.svg}', or choose a "
                        "primary colour that contrasts with the logo")


def _drop_absolute_font_files(context: _Context, data: dict[str, Any]) -> None:
    """Report a font file given as an absolute path, and leave it out of `data`: brand_yml
    would refuse it with two union errors, one advising a `file://` address that is refused
    next as a web address, instead of the one located message every other path gets."""
    typography = data.get("typography")
    if not isinstance(typography, dict) or not isinstance(typography.get("fonts"), list):
        return
    fonts = []
    for index, font in enumerate(typography["fonts"]):
        if isinstance(font, dict) and isinstance(font.get("files"), list):
            kept = []
            for file_index, entry in enumerate(font["files"]):
                value = entry.get("path") if isinstance(entry, dict) else entry
                if isinstance(value, str) and Path(value).is_absolute():
                    where = ("typography", "fonts", index, "files", file_index)
                    _project_file(context, where + (("path",) if isinstance(entry, dict) else ()),
                                  value, FONT_SUFFIXES, MAX_FONT_BYTES, "font")
                else:
                    kept.append(entry)
            font = {**font, "files": kept}
        fonts.append(font)
    data["typography"] = {**typography, "fonts": fonts}


def load_brand(path: Path, project_root: Path, *, strict: bool = False,
               cache_dir: Path | None = None, languages: Sequence[str] = ()
               ) -> tuple[Brand, DiagnosticReport]:
    """Read and check a brand file; raise GesprekskitError listing every problem.

    ``languages`` (default language first) are the languages sheets are made in: a brand text
    without one of them is a warning, since sheets in it would print another language."""
    report = DiagnosticReport()
    if Path(os.path.abspath(path)).is_relative_to(project_root.resolve()):
        # A brand file of the project (not one given on the command line) is project input.
        report.extend(check_sources(project_root, [], [path]).report)
        if report.errors:
            raise GesprekskitError(report, "the brand file cannot be used")
    source = read_yaml(path, report, start="remove it to build in the neutral default brand")
    if source is None:
        raise GesprekskitError(report, "the brand file has errors")
    if not isinstance(source.data, dict):
        report.error(source.location(()), "the brand file must be a mapping (meta:, color:, ...)",
                     "start from brands/het-anker/_brand.yml in the example")
        raise GesprekskitError(report, "the brand file has errors")
    context = _Context(project_root, source, report,
                       cache_dir or project_root / ".cache" / "gesprekskit" / "brand")
    data = dict(source.data)
    # Files first: a bad path gets one clear message instead of brand_yml's union errors.
    logo = None
    logo_choice = _logo_source(data.get("logo"))
    if logo_choice is not None:
        where, value = logo_choice
        errors_before = len(report.errors)
        real = _project_file(context, where, value, LOGO_SUFFIXES, MAX_LOGO_BYTES, "logo")
        if real is not None:
            logo = _sanitised_logo(context, where, real)
        if len(report.errors) > errors_before:
            data.pop("logo")
    header_logo, header_choice = logo, logo_choice
    dark_choice = _logo_source(data.get("logo"), prefer="dark")
    if logo is not None and dark_choice is not None and dark_choice != logo_choice:
        real = _project_file(context, dark_choice[0], dark_choice[1], LOGO_SUFFIXES, MAX_LOGO_BYTES,
                             "logo")
        header_logo = _sanitised_logo(context, dark_choice[0], real) if real else None
        header_choice = dark_choice
    _drop_absolute_font_files(context, data)
    from brand_yml import Brand as BrandYml  # 0.1 s to import: only builds with a brand pay it
    from brand_yml._defs import CircularReferenceError

    if _palette_cycle(context, data.get("color")):
        raise GesprekskitError(report, "the brand file has errors")

    try:
        # A copy: brand_yml adds a `source: system` font to the typography it is given for
        # every family it does not list, which would read as a second, online font.
        parsed = BrandYml.model_validate(copy.deepcopy(data))
    except ValidationError as error:
        report_validation_error(error, source, BrandYml, report)
        raise GesprekskitError(report, "the brand file has errors") from None
    except CircularReferenceError as error:  # references outside `color`, e.g. in typography
        chain = str(error).split("Refs")[-1].strip(" :\n").split("\n")[0]
        context.error(("typography",) if "typography" in data else (),
                      f"colours refer to each other in a circle: {chain}",
                      "give one of these colours a value such as \"#1f5f5b\"")
        raise GesprekskitError(report, "the brand file has errors") from None
    defaults = data.get("defaults") or {}
    try:
        settings = GesprekskitBrandSettings.model_validate(defaults.get("gesprekskit") or {})
    except ValidationError as error:
        shifted = SourceDocument(source.path, defaults.get("gesprekskit"), {
            key[2:]: value for key, value in source.value_positions.items()
            if key[:2] == ("defaults", "gesprekskit")}, {
            key[2:]: value for key, value in source.key_positions.items()
            if key[:2] == ("defaults", "gesprekskit")})
        report_validation_error(error, shifted, GesprekskitBrandSettings, report)
        settings = GesprekskitBrandSettings()
    texts: dict[str, BrandText] = {}
    for key, value in settings.model_dump().items():
        if value is None:
            continue
        where = ("defaults", "gesprekskit", key)
        values = value if isinstance(value, dict) else {"": value}
        for language, text in values.items():
            if language and not LANGUAGE_CODE.match(language):
                context.error((*where, language), f"'{language}' in '{key}' is not a language "
                              "code", language_code_hint(language))
            if shows_nothing(text):
                context.error((*where, language) if language else where, f"'{key}' is empty",
                              f"write the text, or leave '{key}' out")
            elif not _PLAIN_TEXT.fullmatch(text):
                context.error((*where, language) if language else where,
                              f"'{key}' may hold plain text only",
                              "remove <, >, { and } and keep it under 200 characters")
        texts[key] = BrandText(tuple(sorted(values.items())))
        for language in languages:
            if language in values:
                continue
            if "" in values and language == languages[0]:
                continue
            shown = "as it is written" if "" in values else \
                f"in '{next(iter(sorted(values)))}'"
            context.warning(where, f"'{key}' has no text in '{language}': sheets in that "
                            f"language print it {shown}",
                            f"write it per language, e.g. {key}: {{nl: ..., {language}: ...}}")

    colors = parsed.color.to_dict() if parsed.color else {}
    palette = (data.get("color") or {}).get("palette") or {}
    for name, value in palette.items():
        _color(context, ("color", "palette", name), value, palette)
    resolved: dict[str, Color] = {}
    for key in ("foreground", "background", "primary", "secondary", "tertiary", "light", "dark"):
        if key in colors and key in (data.get("color") or {}):
            color = _color(context, ("color", key), colors[key], palette)
            if color is not None:
                resolved[key] = color
    default = {key: parse_color(getattr(DEFAULT_BRAND, key))
               for key in ("foreground", "background", "primary", "accent", "muted")}
    foreground = resolved.get("foreground", default["foreground"])
    background = resolved.get("background", default["background"])
    primary = resolved.get("primary", default["primary"])
    accent = resolved.get("secondary", primary if "primary" in resolved else default["accent"])
    on_primary = WHITE if contrast_ratio(WHITE, primary) >= contrast_ratio(foreground, primary) else foreground
    _check_contrast(context, foreground, background, primary, on_primary)
    if header_logo is not None and header_choice is not None:
        _check_logo(context, header_choice[0], header_logo, primary)
    muted = darken_until(foreground.mix(background, 0.35), background)

    typography = data.get("typography") or {}
    faces, families, online = _fonts(context, typography)
    base_family = _family(context, typography, "base", families, online)
    heading_family = _family(context, typography, "headings", families, online) or base_family

    meta_name = parsed.meta.name if parsed.meta else None
    if meta_name is not None:
        given = [getattr(meta_name, part, None) for part in ("full", "short")]
        if not any(value and value.strip() for value in given):
            context.error(("meta", "name"), "the organisation name is empty",
                          "write the organisation's name (name: Het Anker), or leave 'name' out "
                          "to use the default")
    full = getattr(meta_name, "full", None) or getattr(meta_name, "short", None) or DEFAULT_BRAND.organisation
    short = getattr(meta_name, "short", None) or full
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    written = meta.get("name")
    for key, value in (("full", full), ("short", short)):
        if key == "short" and value == full:
            continue  # one error per name: a plain `name:` is both the full and the short one
        where = ("meta", "name", key) if isinstance(written, dict) and key in written \
            else ("meta", "name")
        if value.strip() and shows_nothing(value):
            context.error(where, "the organisation name shows nothing: it holds only invisible "
                          "characters (such as zero-width spaces)",
                          "write the organisation's name (name: Het Anker)")
        elif not _PLAIN_TEXT.fullmatch(value):
            context.error(where, "the organisation name may hold plain text only",
                          "remove <, >, { and } from the name")

    if report.has_errors(strict):
        raise GesprekskitError(report, "the brand file has errors")
    brand = Brand(
        organisation=full, short_name=short, primary=primary.hex, accent=darken_until(accent, background).hex,
        foreground=foreground.hex, background=background.hex, muted=muted.hex,
        light=primary.mix(background, 0.88).hex, on_primary=on_primary.hex,
        font_family=base_family, heading_font_family=heading_family, font_faces=tuple(faces),
        logo=logo, header_logo=header_logo if header_logo != logo else None,
        footer=texts.get("footer"), contact=texts.get("contact"),
        confidentiality=texts.get("confidentiality"),
        name=path.parent.name if path.name == BRAND_FILE_NAME and path.parent != project_root else "default",
        source_files=(path,), named=meta_name is not None)
    return brand, report
