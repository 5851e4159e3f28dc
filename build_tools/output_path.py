"""Where Gesprekskit may write: never over the project, its sources, or a folder or file it did
not make itself.

A site folder is only ever replaced when it is empty or carries the marker a previous build
wrote into it; a PDF or zip only when its own metadata says Gesprekskit wrote it. Every check
runs before any build work, so a mistyped `--out .` or `-o important.zip` costs nothing.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from . import __version__

#: Written into the root of every site Gesprekskit builds; its presence lets the next build
#: replace the folder. Holds no path or other detail of the machine.
SITE_MARKER = ".gesprekskit-site"
#: The comment of every bundle zip, and the /Creator prefix of every PDF.
ZIP_COMMENT_PREFIX = b"Gesprekskit bundle"
PDF_CREATOR_PREFIX = b"Gesprekskit"
#: Folders of a project that hold what the guide is made from, whatever mkdocs.yml says.
SOURCE_FOLDER_NAMES = ("kits", "content", "docs", "brands", "locales", "fonts", "schemas",
                       "workshops", "build_tools", "overrides", "theme")


class OutputPathError(Exception):
    """The output asked for would overwrite something that is not Gesprekskit's: a usage error."""


def _real(path: Path) -> Path:
    """The absolute path with every existing symlink followed (a missing tail kept as given)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def source_folders(project_dir: Path, named: Iterable[Path | str | None] = ()) -> list[Path]:
    """The project's source folders: the usual names, hidden folders (`.git`, ...) and every
    folder or file the configuration names (docs, theme, kits, tips, cache, brand, watch)."""
    root = _real(project_dir)
    found = [root / name for name in SOURCE_FOLDER_NAMES]
    try:
        found += [entry for entry in root.iterdir() if entry.name.startswith(".")
                  and entry.name not in (".cache",) and not entry.name.startswith(".site-")]
    except OSError:
        pass
    found.append(Path(__file__).resolve().parent)  # Gesprekskit itself
    for item in named:
        if item:
            path = Path(item)
            found.append(path if path.is_absolute() else root / path)
    return [_real(path) for path in found]


def describe(path: Path, project_dir: Path) -> str:
    real = _real(path)
    try:
        return f"{real.relative_to(_real(project_dir))}/ in the project"
    except ValueError:
        return str(real)


def check_writable(folder: Path, output: Path, choose: str) -> None:
    """OutputPathError when `folder`, or the nearest folder above it that exists (where the
    command would make it), cannot be written: a read-only disk or share, or no permission.
    Checked before any work, so a read-only destination never costs a whole build first."""
    existing = folder
    for existing in (folder, *folder.parents):
        if existing.exists():
            break
        if os.path.lexists(existing):  # a symlink to nowhere, or one of a loop
            raise OutputPathError(f"cannot write '{output}': {existing} is a symbolic link that "
                                  "leads nowhere (to a missing place, or round in a loop). "
                                  f"Fix or remove the link, or {_lower_first(choose)}")
    if not existing.is_dir():
        raise OutputPathError(f"cannot write '{output}': {existing} is a file, not a folder. "
                              f"{choose}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputPathError(f"cannot write '{output}': the folder {existing} is read-only "
                              "(a read-only disk or share, or no permission to write there). "
                              f"{choose}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


#: How the user named the output folder, for the advice in a refusal: `--out`, or mkdocs.yml.
BY_OUT = ("--out", "--out site")
BY_SITE_DIR = ("site_dir in mkdocs.yml", "site_dir: site in mkdocs.yml, or --out site")


def check_site_folder(out: Path, project_dir: Path, sources: Iterable[Path], *,
                      owner_check: Callable[[Path], bool] | None = None,
                      staged_beside: bool = True,
                      named_by: tuple[str, str] = BY_OUT) -> Path:
    """The real path of `out` if a build may replace it; else OutputPathError saying why.

    The folder must not be the project, hold the project or a source folder, or lie inside a
    source folder; if it exists it must be a folder that is empty or that a Gesprekskit build
    made (it has the marker; `owner_check` says instead what else Gesprekskit made it). It
    must be writable, and so must its parent when the output is `staged_beside` it first
    (`gesprekskit build` and `export`; plain `mkdocs build` writes into the folder only).
    `named_by` says where the folder was named (`BY_OUT`, `BY_SITE_DIR`), so the advice names
    the setting the user can change."""
    setting, suggestion = named_by
    target = _check_site_folder(out, project_dir, sources, owner_check=owner_check,
                                example=suggestion, setting=setting)
    choose = "Choose another output folder"
    check_writable(target, out, choose)
    if staged_beside:
        check_writable(target.parent, out, choose)
    return target


def _check_site_folder(out: Path, project_dir: Path, sources: Iterable[Path], *,
                       owner_check: Callable[[Path], bool] | None, example: str,
                       setting: str) -> Path:
    target = _real(out)
    root = _real(project_dir)
    shown = f"'{out}'" + (f" ({target})" if str(target) != str(out) else "")
    if target == root or root.is_relative_to(target):
        raise OutputPathError(f"the output folder {shown} is the project folder or holds it; "
                              "building there would delete your kits and pages. Choose a "
                              f"folder of its own, such as {example}")
    for source in sources:
        if target == source or target.is_relative_to(source):
            raise OutputPathError(f"the output folder {shown} lies inside "
                                  f"{describe(source, root)}, which holds the guide's sources. "
                                  f"Choose a folder of its own, such as {example}")
        if source.is_relative_to(target):
            raise OutputPathError(f"the output folder {shown} holds {describe(source, root)}; "
                                  "building there would delete it. Choose a folder of its own")
    if target.exists() or out.is_symlink():
        if not target.exists():
            raise OutputPathError(f"{shown} is a symbolic link that leads nowhere (to a missing "
                                  "place, or round in a loop); it was left untouched. Fix or "
                                  f"remove the link, or choose another {setting}")
        if not target.is_dir():
            raise OutputPathError(f"{shown} exists and is not a folder; it was left untouched. "
                                  f"Choose another {setting}")
        if owner_check is not None:
            if owner_check(target) or not any(target.iterdir()):
                return target
            if is_gesprekskit_site(target):
                raise OutputPathError(
                    f"the folder {shown} is a site a build made; the next build replaces it, "
                    "and everything in it with it. It was left untouched. Choose a folder of "
                    f"its own, such as {example}")
            raise OutputPathError(
                f"the folder {shown} is not empty and is not an earlier export; it was left "
                "untouched. Choose an empty or new folder")
        elif not is_gesprekskit_site(target):
            raise OutputPathError(
                f"the output folder {shown} is not empty and was not made by Gesprekskit (it has "
                f"no {SITE_MARKER} file); it was left untouched. Choose an empty or new folder, "
                "or empty this one yourself (a site an older Gesprekskit version built has "
                "no marker either: delete it once)")
    return target


def is_gesprekskit_site(folder: Path) -> bool:
    """Empty, or made by a Gesprekskit build (its marker is a regular file)."""
    try:
        with os.scandir(folder) as entries:
            if next(entries, None) is None:
                return True
        return (folder / SITE_MARKER).is_file() and not (folder / SITE_MARKER).is_symlink()
    except OSError:
        return False


def write_site_marker(folder: Path) -> None:
    (folder / SITE_MARKER).write_text(
        json.dumps({"generator": "Gesprekskit", "version": __version__}) + "\n", encoding="utf-8")


def check_output_file(output: Path, project_dir: Path | None, sources: Iterable[Path],
                      kind: str, *, new_folder: bool = False) -> Path:
    """Where `pdf -o` or `bundle -o` may write: an existing folder (or, with ``new_folder``, one
    the caller will make), outside the project's source folders, replacing only a file
    Gesprekskit wrote itself. Returns the real path."""
    parent = _real(output.parent if str(output.parent) else Path("."))
    existing = next((folder for folder in (parent, *parent.parents) if folder.exists()), parent)
    if not existing.is_dir():
        raise OutputPathError(f"cannot write '{output}': {existing} is a file, not a folder. "
                              "Choose another -o")
    if not parent.is_dir() and not new_folder:
        raise OutputPathError(f"cannot write '{output}': the folder {parent} does not exist. "
                              "Create it first or choose another -o")
    check_writable(existing, output, "Choose another -o")
    target = parent / output.name
    for source in sources:
        if target.is_relative_to(source):
            raise OutputPathError(f"cannot write '{output}' into {describe(source, project_dir or parent)}, "
                                  "which holds the guide's sources. Choose another -o")
    if target.is_symlink() or target.exists():
        recognise = is_gesprekskit_pdf if kind == "pdf" else is_gesprekskit_zip
        if target.is_symlink() or not target.is_file() or not recognise(target):
            raise OutputPathError(f"'{output}' exists and is not a {kind.upper()} Gesprekskit "
                                  "wrote; it was left untouched. Choose another name with -o")
        if kind == "pdf" and holds_user_input(target):
            raise OutputPathError(
                f"'{output}' was filled in or annotated after Gesprekskit wrote it (its form "
                "fields hold answers, or it has comments or a signature); it was left untouched "
                "so nothing written in it is lost. Choose another name with -o, or move the "
                "filled-in file elsewhere first")
    return target


def write_output_file(target: Path, content: bytes) -> None:
    """Write a finished PDF next to its place and move it there in one step, so a reader never
    opens half a file and a failed write (a full disk, a share that went read-only) leaves the
    old file as it was and no partial file behind. Raises OSError, for the caller's message."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(content)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def is_gesprekskit_pdf(path: Path) -> bool:
    """A PDF whose document information names Gesprekskit as its creator (pypdf reads it:
    WeasyPrint keeps that information in a compressed object stream)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with open(path, "rb") as handle:
            if handle.read(5) != b"%PDF-":
                return False
            handle.seek(0)
            creator = (PdfReader(handle, strict=False).metadata or {}).get("/Creator")
    except Exception:  # noqa: BLE001 - any unreadable file is simply not ours
        return False
    return isinstance(creator, str) and creator.startswith(PDF_CREATOR_PREFIX.decode())


#: The annotations Gesprekskit writes itself: links and the form fields' widgets. Any other
#: (a sticky note, a highlight, ink, a stamp) was added by a reader.
_OWN_ANNOTATIONS = frozenset({"/Link", "/Widget"})
#: The values Gesprekskit gives its fields: an empty text and an unticked box.
_EMPTY_FIELD_VALUES = frozenset({"", "/Off"})


def holds_user_input(path: Path) -> bool:
    """Whether a PDF Gesprekskit wrote was filled in since: a form field with a value (typed
    text, a ticked box, a signature) or an annotation a reader added. Writing over it would
    lose the answers a manager or employee typed into the form, so such a file is no longer
    Gesprekskit's to replace. An unreadable file counts as filled in: better refused than lost."""
    import logging

    from pypdf import PdfReader
    from pypdf.generic import NameObject, TextStringObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)

    def has_value(field: object) -> bool:
        value = field.get("/V")  # type: ignore[attr-defined]
        if value is None:
            return False
        value = value.get_object()
        if isinstance(value, (TextStringObject, NameObject, str)):
            return str(value) not in _EMPTY_FIELD_VALUES
        return True  # a signature dictionary, a list of choices, bytes

    try:
        with open(path, "rb") as handle:
            reader = PdfReader(handle, strict=False)
            for page in reader.pages:
                for annotation in page.get("/Annots") or []:
                    annotation = annotation.get_object()
                    if annotation.get("/Subtype") not in _OWN_ANNOTATIONS or has_value(annotation):
                        return True
            pending = list((reader.trailer["/Root"].get("/AcroForm") or {}).get("/Fields") or [])
            seen = 0
            while pending and seen < 100_000:
                field = pending.pop().get_object()
                seen += 1
                if has_value(field):
                    return True
                pending.extend(field.get("/Kids") or [])
    except Exception:  # noqa: BLE001 - a file pypdf cannot walk is kept, not replaced
        return True
    return False


def is_gesprekskit_zip(path: Path) -> bool:
    """A zip whose comment is the one every Gesprekskit bundle carries."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment.startswith(ZIP_COMMENT_PREFIX)
    except (OSError, zipfile.BadZipFile):
        return False


def user_file_mode(directory: bool = False) -> int:
    """The mode new files (or folders) get under the user's umask, as `mkdocs build` gives."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask
