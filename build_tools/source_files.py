"""Nothing outside the project is read: the files a guide is made from are checked before use.

Kits, tips, guide pages, brands and locales come from e-mail, Word and outside consultants, and
the folders they sit in may hold more than anyone looked at. Before anything is read, every
entry of those folders is checked, whatever its type:

- a symbolic link (to a file or a folder) must lead to a place inside the project;
- a file with more than one name (a hard link) is refused unless all its names are in these
  folders, since the other name may be anywhere on the machine;
- devices, pipes and sockets are refused (reading them never ends, or blocks);
- a name must be safe on every system the guide is unpacked on: no backslash, colon, control
  character or other character Windows cannot store (they make bad zip entries);
- a folder link that leads back into itself is refused, and the walk stops after
  `MAX_ENTRIES` entries.

Hidden entries (`.git`, `.DS_Store`) are skipped: nothing reads them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import DiagnosticReport, Location

MAX_ENTRIES = 50_000
#: Characters a file name of the guide may not hold (Windows cannot store them, or a zip
#: unpacked there reads them as folders or drives).
_UNSAFE_CHAR = re.compile(r'[\\:*?"<>|\x00-\x1f\x7f]')
_UNSAFE_NAME = re.compile(_UNSAFE_CHAR.pattern + r"|[. ]$")
#: Folders of a project that hold guide sources besides the ones mkdocs.yml names.
EXTRA_SOURCE_FOLDERS = ("brands", "locales", "fonts")


@dataclass
class SourceCheck:
    """What the check found: located problems, and the paths that must not be read."""

    report: DiagnosticReport = field(default_factory=DiagnosticReport)
    refused: set[Path] = field(default_factory=set)
    #: Files with hard links: (device, inode) → (number of links, the real paths seen).
    _linked: dict[tuple[int, int], tuple[int, dict[str, Path]]] = field(default_factory=dict)
    _entries: int = 0

    def is_refused(self, path: Path) -> bool:
        return any(path == refused or path.is_relative_to(refused) for refused in self.refused)

    def refuse(self, path: Path, message: str, hint: str, *, folder: bool = False,
               shown: Path | None = None) -> None:
        self.refused.add(path)
        where = shown or path
        self.report.error(Location(where) if folder else Location(where, 1, 1), message, hint)


def _inside(real: Path, roots: tuple[Path, ...]) -> bool:
    return any(real == root or real.is_relative_to(root) for root in roots)


def _check_entry(path: Path, roots: tuple[Path, ...], found: SourceCheck,
                 ancestors: tuple[Path, ...]) -> None:
    found._entries += 1
    if found._entries > MAX_ENTRIES:
        if found._entries == MAX_ENTRIES + 1:
            found.refuse(path, f"more than {MAX_ENTRIES} files and folders in the guide's "
                         "source folders", "remove what the guide does not need", folder=True)
        return
    if _UNSAFE_NAME.search(path.name):
        shown = "".join(f"\\x{ord(char):02x}" if _UNSAFE_CHAR.match(char) else char
                        for char in path.name)  # never a raw control character on a terminal
        found.refuse(path, f"the name '{shown}' cannot be used: it holds a character that "
                     "Windows and zip files read as a folder, a drive or nothing at all",
                     "rename it with letters, digits, '-', '_' and '.' only",
                     shown=path.parent / shown)
        return
    try:
        info = path.lstat()
    except OSError as error:
        found.refuse(path, f"cannot be read: {error.strerror}", "check that it exists")
        return
    real = path
    if stat.S_ISLNK(info.st_mode):
        try:
            real = path.resolve(strict=True)
            info = real.stat()
        except (OSError, RuntimeError):
            found.refuse(path, "is a symbolic link that leads nowhere (or in a circle)",
                         "remove the link, or put the file itself here")
            return
        if not _inside(real, roots):
            found.refuse(path, f"is a symbolic link to {real}, outside the project; nothing "
                         "outside the project is read", "copy what you need into the project "
                         "instead of linking to it", folder=stat.S_ISDIR(info.st_mode))
            return
    if stat.S_ISDIR(info.st_mode):
        if path.is_symlink() and any(parent == real or parent.is_relative_to(real)
                                     for parent in ancestors):
            found.refuse(path, "is a link to a folder that holds it: the folder would never end",
                         "remove the link", folder=True)
            return
        _check_folder(path, roots, found, (*ancestors, real))
    elif stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1:
            key = (info.st_dev, info.st_ino)
            count, names = found._linked.setdefault(key, (info.st_nlink, {}))
            names.setdefault(os.path.realpath(path), path)
    else:
        found.refuse(path, "is not a regular file (a device, pipe or socket); reading it "
                     "would never end", "remove it from the folder")


def _check_folder(folder: Path, roots: tuple[Path, ...], found: SourceCheck,
                  ancestors: tuple[Path, ...]) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        found.refuse(folder, f"cannot be read: {error.strerror}", "check its permissions",
                     folder=True)
        return
    for name in names:
        if not name.startswith("."):
            _check_entry(folder / name, roots, found, ancestors)


def _check_top(path: Path, roots: tuple[Path, ...], found: SourceCheck) -> None:
    """A folder or file to check, which may sit below a linked folder itself."""
    if not (path.is_symlink() or path.exists()):
        return
    real = Path(os.path.realpath(path))
    if not path.is_symlink() and not _inside(real, roots):
        found.refuse(path, f"lies in a linked folder that leads to {real.parent}, outside the "
                     "project; nothing outside the project is read", "copy what you need into "
                     "the project instead of linking to it", folder=path.is_dir())
        return
    _check_entry(path, roots, found, ())


def check_sources(project_root: Path, folders: Iterable[Path], files: Iterable[Path] = ()
                  ) -> SourceCheck:
    """Check the folders (those that exist) and single files a guide is read from."""
    root = project_root.resolve()
    folders = [Path(os.path.normpath(folder if folder.is_absolute() else root / folder))
               for folder in folders]
    # A folder mkdocs.yml itself places outside the project (`kits_dir: ../gedeeld`) is trusted
    # like mkdocs.yml; a folder of the project that is a link to elsewhere is not.
    project = (root, Path(os.path.normpath(project_root.absolute())))
    roots = (root, *(Path(os.path.realpath(folder)) for folder in folders
                     if not any(folder.is_relative_to(place) for place in project)))
    found = SourceCheck()
    seen: set[Path] = set()
    for path in folders:
        if path in seen or any(path.is_relative_to(parent) for parent in seen):
            continue
        seen.add(path)
        _check_top(path, roots, found)
    for file in files:
        _check_top(file, roots, found)
    for count, names in found._linked.values():
        if len(names) < count:
            for path in sorted(names.values()):
                found.refuse(path, f"is a hard link: the same file has {count - len(names)} other "
                             "name(s) outside the guide's folders, possibly outside the project",
                             f"make it an ordinary copy: cp '{path.name}' copy && mv copy "
                             f"'{path.name}'")
    return found


def check_guide_sources(project_root: Path, docs_dir: str | Path,
                        more: Iterable[str | Path | None] = ()) -> SourceCheck:
    """The guide's pages (docs_dir), brands, locales, fonts, the root brand file and any
    further folder the configuration names (a theme's custom_dir), checked as above."""
    root = project_root.resolve()
    folders = [Path(docs_dir), *(root / name for name in EXTRA_SOURCE_FOLDERS),
               *(Path(item) for item in more if item)]
    return check_sources(root, [folder if folder.is_absolute() else root / folder
                                for folder in folders], [root / "_brand.yml"])
