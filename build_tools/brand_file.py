"""Read a brand.yml file (the open format of Quarto and Shiny) into a checked `Brand`.

Structure is validated by the `brand_yml` package (Posit's reference implementation); every value
that reaches CSS or the PDF renderer is then checked here: colours parsed strictly, font names and
files, the logo path (inside the project, sanitised when SVG) and the contrast of the colours.
Gesprekskit's own settings live under `defaults: gesprekskit:`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import py_svg_hush
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .brand import DEFAULT_BRAND, Brand, FontFace
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

    footer: str | None = Field(default=None, description="A line in every sheet's footer")
    contact: str | None = Field(default=None, description="HR contact on the follow-up form")
    confidentiality: str | None = Field(default=None, description="Confidentiality line on forms")


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
        context.error(path, f"the {what} must be a file path")
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
        context.error(path, f"the {what} '{value}' is not a regular file")
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


def _logo_source(logo: Any) -> tuple[DataPath, str] | None:
    """The logo to use: medium, large or small; a named image resolved; light variant preferred."""
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
            choice = choice.get("light") or choice.get("path") or choice.get("dark")
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
    context.cache_dir.mkdir(parents=True, exist_ok=True)
    target = context.cache_dir / f"logo-{hashlib.sha256(clean).hexdigest()[:16]}.svg"
    if not target.exists():
        target.write_bytes(clean)
    return target


def _fonts(context: _Context, typography: dict[str, Any]) -> tuple[list[FontFace], set[str]]:
    faces: list[FontFace] = []
    families: set[str] = set()
    for index, font in enumerate(typography.get("fonts") or []):
        where: DataPath = ("typography", "fonts", index)
        family = font.get("family")
        if not isinstance(family, str) or not _FONT_NAME.match(family):
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
            continue
        for file_index, entry in enumerate(font.get("files") or []):
            file_where = where + ("files", file_index)
            value = entry.get("path") if isinstance(entry, dict) else entry
            real = _project_file(context, file_where + (("path",) if isinstance(entry, dict) else ()),
                                 value, FONT_SUFFIXES, MAX_FONT_BYTES, "font")
            if real is None:
                continue
            weight = entry.get("weight", 400) if isinstance(entry, dict) else 400
            style = entry.get("style", "normal") if isinstance(entry, dict) else "normal"
            weight = {"normal": 400, "bold": 700}.get(weight, weight)
            if not isinstance(weight, int) or not 100 <= weight <= 900 or style not in ("normal", "italic"):
                context.error(file_where, "font weight must be 100..900 and style normal or italic")
                continue
            faces.append(FontFace(family, real, weight, style))
            families.add(family)
    return faces, families


def _family(context: _Context, typography: dict[str, Any], key: str, families: set[str]) -> str:
    value = typography.get(key)
    family = value.get("family") if isinstance(value, dict) else value
    if family is None:
        return next(iter(sorted(families)), BUILT_IN_FONT) if key == "base" else ""
    if family == BUILT_IN_FONT or family in families:
        return family
    context.warning(("typography", key), f"the font '{family}' has no files in the project; "
                    f"{BUILT_IN_FONT} is used instead",
                    f"add '{family}' under typography.fonts with 'source: file'")
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


def load_brand(path: Path, project_root: Path, *, strict: bool = False,
               cache_dir: Path | None = None) -> tuple[Brand, DiagnosticReport]:
    """Read and check a brand file; raise GesprekskitError listing every problem."""
    report = DiagnosticReport()
    if Path(os.path.abspath(path)).is_relative_to(project_root.resolve()):
        # A brand file of the project (not one given on the command line) is project input.
        report.extend(check_sources(project_root, [], [path]).report)
        if report.errors:
            raise GesprekskitError(report, "the brand file cannot be used")
    source = read_yaml(path, report)
    if source is None:
        raise GesprekskitError(report, "the brand file has errors")
    if not isinstance(source.data, dict):
        report.error(source.location(()), "the brand file must be a mapping (meta:, color:, ...)")
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
    from brand_yml import Brand as BrandYml  # 0.1 s to import: only builds with a brand pay it

    try:
        parsed = BrandYml.model_validate(data)
    except ValidationError as error:
        report_validation_error(error, source, BrandYml, report)
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
    for key, value in settings.model_dump().items():
        if value is not None and not _PLAIN_TEXT.match(value):
            context.error(("defaults", "gesprekskit", key), f"'{key}' may hold plain text only",
                          "remove <, >, { and } and keep it under 200 characters")

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
    muted = darken_until(foreground.mix(background, 0.35), background)

    typography = data.get("typography") or {}
    faces, families = _fonts(context, typography)
    base_family = _family(context, typography, "base", families)
    heading_family = _family(context, typography, "headings", families) or base_family

    meta_name = parsed.meta.name if parsed.meta else None
    full = getattr(meta_name, "full", None) or getattr(meta_name, "short", None) or DEFAULT_BRAND.organisation
    short = getattr(meta_name, "short", None) or full
    for key, value in (("full", full), ("short", short)):
        if not _PLAIN_TEXT.match(value):
            context.error(("meta", "name"), "the organisation name may hold plain text only")

    if report.has_errors(strict):
        raise GesprekskitError(report, "the brand file has errors")
    brand = Brand(
        organisation=full, short_name=short, primary=primary.hex, accent=darken_until(accent, background).hex,
        foreground=foreground.hex, background=background.hex, muted=muted.hex,
        light=primary.mix(background, 0.88).hex, on_primary=on_primary.hex,
        font_family=base_family, heading_font_family=heading_family, font_faces=tuple(faces),
        logo=logo, footer=settings.footer, contact=settings.contact,
        confidentiality=settings.confidentiality,
        name=path.parent.name if path.name == BRAND_FILE_NAME and path.parent != project_root else "default",
        source_files=(path,))
    return brand, report
