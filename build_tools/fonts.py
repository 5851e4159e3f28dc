"""Which font draws each character of a language's sheets, checked before anything is rendered.

WeasyPrint quietly draws a missing-glyph box (tofu) for a character no font has. Gesprekskit
therefore looks at every character a kit's sheets will show in a language and finds a font for
it, in the order the sheets ask for fonts: the brand's fonts, the bundled Inter, the fonts the
language names in mkdocs.yml (`languages: ja: {fonts: [fonts/NotoSansJP-Regular.otf]}`), then the
machine's fonts through fontconfig. A character none of them has is an error that says where it
occurs and how to add a font. The fonts a kit's sheets use are part of its PDF cache key, and the
machine's font list is part of the build's freshness check.
"""

from __future__ import annotations

import bisect
import hashlib
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .brand import Brand, FontFace
from .diagnostics import Diagnostic, DiagnosticReport, Location
from .rendering import PACKAGE_ROOT
from .text import INVISIBLE_CATEGORIES

BUNDLED_FONT = PACKAGE_ROOT / "assets" / "fonts" / "Inter-Regular.otf"


class FontFileError(Exception):
    """A file named as a font cannot be read as one."""


@dataclass(frozen=True)
class FontPlan:
    """The fonts one kit's sheets need in one language, beyond the brand's and Inter."""

    language: str
    language_fonts: tuple[FontFace, ...] = ()   # from mkdocs.yml, embedded with @font-face
    system_fonts: tuple[FontFace, ...] = ()     # found through fontconfig
    missing: dict[str, list[Location]] = field(default_factory=dict, compare=False)

    @property
    def families(self) -> list[str]:
        names: list[str] = []
        for font in (*self.language_fonts, *self.system_fonts):
            if font.family not in names:
                names.append(font.family)
        return names

    @property
    def fingerprint(self) -> str:
        """Names and contents of the fonts used: a new or changed font renders the kit again."""
        digest = hashlib.sha256(self.language.encode())
        for font in (*self.language_fonts, *self.system_fonts):
            digest.update(f"\0{font.path}\0{font.family}\0".encode() + _file_digest(font.path))
        return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    status = path.stat()
    return _digest_cached(path, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=64)
def _digest_cached(path: Path, size: int, mtime: int) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


# --- reading fonts --------------------------------------------------------------------------------

def font_charset(path: Path) -> frozenset[int]:
    size, mtime = _stamp(path)
    return _charset_cached(path, size, mtime)


@lru_cache(maxsize=64)
def _charset_cached(path: Path, size: int, mtime: int) -> frozenset[int]:
    return frozenset(_read_font(path, size, mtime)[1])


def font_file(path: Path, family: str | None = None) -> FontFace:
    names, _, weight, italic = _read_font(path, *_stamp(path))
    return FontFace(family or names, path, weight, "italic" if italic else "normal")


def _stamp(path: Path) -> tuple[int, int]:
    """Size and time of a font file: what its cached reading is keyed on, so a file replaced
    while `serve` runs is read again (a cache by path alone kept the old font's characters)."""
    try:
        status = path.stat()
    except OSError as error:
        raise FontFileError(error.strerror or type(error).__name__) from None
    return status.st_size, status.st_mtime_ns


@lru_cache(maxsize=64)
def _read_font(path: Path, size: int, mtime: int) -> tuple[str, frozenset[int], int, bool]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            name = font["name"].getBestFamilyName() if "name" in font else None
            os2 = font["OS/2"] if "OS/2" in font else None
            weight = int(getattr(os2, "usWeightClass", 400) or 400)
            italic = bool(getattr(os2, "fsSelection", 0) & 1)
    except (TTLibError, OSError, KeyError, AssertionError, ValueError) as error:
        raise FontFileError(str(error) or type(error).__name__) from None
    return name or path.stem, frozenset(cmap), max(100, min(900, weight)), italic


@dataclass(frozen=True)
class _SystemFont:
    path: Path
    family: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has(self, char: int) -> bool:
        index = bisect.bisect_right(self.starts, char) - 1
        return index >= 0 and char <= self.ends[index]


@lru_cache(maxsize=1)
def system_fonts() -> tuple[_SystemFont, ...]:
    """The machine's fonts and their character sets, in fontconfig's own order."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        listing = subprocess.run(["fc-list", "--format", r"%{file}\t%{family[0]}\t%{charset}\n"],
                                 capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in sorted(set(listing.splitlines())):
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            continue
        starts, ends = [], []
        for item in parts[2].split():
            low, _, high = item.partition("-")
            starts.append(int(low, 16))
            ends.append(int(high or low, 16))
        fonts.append(_SystemFont(Path(parts[0]), parts[1], tuple(starts), tuple(ends)))
    return tuple(fonts)


def system_fonts_fingerprint() -> str:
    """The machine's font files (path, size, time): installing a font makes a build stale."""
    digest = hashlib.sha256()
    for font in system_fonts():
        try:
            status = font.path.stat()
        except OSError:
            continue
        digest.update(f"{font.path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# --- planning -------------------------------------------------------------------------------------

def _visible(char: str) -> bool:
    """Drawn as a glyph: not a space, line break, joiner or direction mark."""
    return unicodedata.category(char) not in INVISIBLE_CATEGORIES


#: Where a text was written: a location, or how to find it (asked only for a missing character).
Place = Location | Callable[[], Location]


def font_stamps(paths: Iterable[Path]) -> tuple[tuple[Path, int, int], ...]:
    """Each font file with its size and time: part of the key of a remembered plan."""
    return tuple((path, *_stamp(path)) for path in paths)


def _covered(paths: tuple[Path, ...]) -> frozenset[int]:
    """The characters these fonts draw together (read again when a file changes)."""
    return _covered_cached(font_stamps(paths))


@lru_cache(maxsize=16)
def _covered_cached(stamps: tuple[tuple[Path, int, int], ...]) -> frozenset[int]:
    covered: set[int] = set()
    for path, size, mtime in stamps:
        covered |= _charset_cached(path, size, mtime)
    return frozenset(covered)


def plan_fonts(language: str, texts: Iterable[tuple[Place, str]], brand: Brand,
               language_fonts: tuple[Path, ...]) -> FontPlan:
    """Which fonts draw `texts`, and which characters no font has (with their places).

    The characters of all texts are gathered first and looked up once each: a guide of 200
    kits has millions of characters but a few hundred distinct ones, and looking up every
    character was most of a forced rebuild. Only when some character is not covered are the
    texts read again, for where it occurs."""
    own = tuple(font_file(path, f"Gesprekskit {language} {index + 1}")
                for index, path in enumerate(language_fonts))
    covered = _covered((BUNDLED_FONT, *(face.path for face in brand.font_faces),
                        *(font.path for font in own)))
    texts = list(texts)
    used: set[str] = set()
    for _, text in texts:
        used.update(text)
    uncovered = {char for char in used if ord(char) not in covered and _visible(char)}
    places: dict[str, list[Place]] = {}
    if uncovered:
        for location, text in texts:
            if uncovered.isdisjoint(text):
                continue
            for char in text:
                if char in uncovered:
                    places.setdefault(char, []).append(location)
    chosen: list[FontFace] = []
    missing: dict[str, list[Location]] = {}
    for char, where in places.items():
        code = ord(char)
        if any(font_charset(font.path).__contains__(code) for font in chosen):
            continue
        found = next((font for font in system_fonts() if font.has(code)), None)
        if found is None:
            missing[char] = [place if isinstance(place, Location) else place()
                             for place in where]
        else:
            chosen.append(FontFace(found.family, found.path))
    return FontPlan(language, own, tuple(chosen), missing)


def combined_plan(language: str, language_fonts: tuple[FontFace, ...],
                  plans: Iterable[FontPlan]) -> FontPlan:
    """One plan for texts planned apart (a guide's kits, the handbook's own pages): every
    plan's system fonts, each once, and each missing character with its places, each once."""
    system: dict[Path, FontFace] = {}
    places: dict[str, dict[Location, None]] = {}
    for plan in plans:
        for font in plan.system_fonts:
            system.setdefault(font.path, font)
        for char, where in plan.missing.items():
            places.setdefault(char, {}).update(dict.fromkeys(where))
    return FontPlan(language, language_fonts, tuple(system.values()),
                    {char: list(where) for char, where in places.items()})


@dataclass(frozen=True)
class MissingFontsError(Diagnostic):
    """The error for characters no font has, with what it was made from, so that the next
    language missing the same characters joins it instead of repeating it."""

    characters: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    places: tuple[Location, ...] = ()
    #: Each character with where it occurs, to regroup it when another language misses it.
    character_places: tuple[tuple[str, tuple[Location, ...]], ...] = ()


#: Blocks of emoji and pictographs: a text font never has them, an emoji font does.
_EMOJI_BLOCKS = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))


def is_emoji(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _EMOJI_BLOCKS)


def _quoted_languages(languages: tuple[str, ...]) -> str:
    named = [f"'{language}'" for language in languages]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"


def _missing_fonts_error(characters: tuple[str, ...], languages: tuple[str, ...],
                         places: tuple[Location, ...],
                         character_places: tuple[tuple[str, tuple[Location, ...]], ...],
                         relative_to: Path | None) -> MissingFontsError:
    shown = " ".join(characters[:20]) + (" …" if len(characters) > 20 else "")
    codes = (", ".join(f"U+{ord(char):04X}" for char in characters[:5])
             + (", …" if len(characters) > 5 else ""))
    where = ", ".join(location.display(relative_to) for location in places[1:6])
    more = f" and {len(places) - 6} more" if len(places) > 6 else ""
    emoji = all(is_emoji(char) for char in characters)
    what = "emoji" if emoji else "character(s)"
    message = (f"no font has {len(characters)} {what} of the {_quoted_languages(languages)} "
               f"texts: {shown} ({codes}); the PDFs would show empty boxes"
               + (f". They also occur at {where}{more}" if where else ""))
    first, *others = languages
    also = f" (and the same under {', '.join(f'{code}:' for code in others)})" if others else ""
    if emoji:
        hint = ("remove the emoji from the text, or install an emoji font on this machine "
                "(Debian: fonts-noto-color-emoji), or put one in the project, such as the "
                "black-and-white Noto Emoji, and name it in mkdocs.yml under languages: "
                f"{first}: fonts: [fonts/NotoEmoji-Regular.ttf]{also}")
    else:
        hint = (f"put a font that has them in the project and name it in mkdocs.yml under "
                f"languages: {first}: fonts: [fonts/YourFont.otf]{also} (Noto fonts cover "
                f"most scripts), or install one on this machine (Debian: fonts-noto-core, "
                f"fonts-noto-cjk)")
    return MissingFontsError(places[0], message, hint, characters=characters,
                             languages=languages, places=places,
                             character_places=character_places)


def report_missing(plan: FontPlan, report: DiagnosticReport, relative_to: Path | None) -> None:
    """One error for the characters no font has: which, where they occur, and how to add a
    font. The languages that miss the same characters (one text, or a text other languages fall
    back on) share one error that names them all; a character some of them miss and others do
    not is in an error of its own, so that no character is reported twice."""
    if not plan.missing:
        return
    # Every character reported so far, with the languages that miss it and where it occurs.
    missing: dict[str, tuple[tuple[str, ...], set[Location]]] = {}
    first = None
    for index, item in enumerate(report.items):
        if isinstance(item, MissingFontsError):
            first = index if first is None else first
            for char, places in item.character_places:
                missing[char] = (item.languages, set(places))
    for char in sorted(plan.missing):
        languages, places = missing.get(char, ((), set()))
        if plan.language not in languages:
            languages = (*languages, plan.language)
        missing[char] = (languages, places | set(plan.missing[char]))
    groups: dict[tuple[str, ...], list[str]] = {}
    for char, (languages, _) in missing.items():
        groups.setdefault(languages, []).append(char)
    errors = [_missing_fonts_error(
        tuple(sorted(chars)), languages,
        tuple(sorted({place for char in chars for place in missing[char][1]})),
        tuple((char, tuple(sorted(missing[char][1]))) for char in sorted(chars)), relative_to)
        for languages, chars in groups.items()]
    kept = [item for item in report.items if not isinstance(item, MissingFontsError)]
    at = len(kept) if first is None else first
    report.items[:] = kept[:at] + errors + kept[at:]


def language_css(plan: FontPlan) -> str:
    """@font-face rules for the language's own fonts; form fields take the language's fonts
    first, since a PDF field draws what is typed into it in one font only. (The order of the
    other texts' fonts is set with the brand's: see `brand_css.brand_css`.)"""
    if not plan.families:
        return ""
    faces = [f'@font-face {{ font-family: "{font.family}"; font-weight: {font.weight}; '
             f'font-style: {font.style}; src: url("{font.path.as_uri()}"); }}'
             for font in plan.language_fonts]
    families = ", ".join(f'"{name}"' for name in plan.families)
    fields = "input, textarea, select, .form__input, .form__area"  # after the sheet's own rules
    return "\n".join(faces) + f"\n{fields} {{ font-family: {families}, var(--gk-font); }}\n"
