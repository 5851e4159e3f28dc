"""Writing an export into its folder without ever losing what the user keeps there.

An export writes `.gesprekskit-export.json` into its folder: every file it wrote, with the
SHA-256 of what it wrote. The next export into that folder

- replaces or removes only files the previous export wrote and nobody changed since;
- leaves alone every other file (the user's own pages, notes, `site/` from `mkdocs build`)
  and says so (`site/` as one folder, not file by file);
- stops, having written nothing, when it would have to replace a file the user changed or
  added at a path the export now needs, and names them; `--overwrite` replaces them anyway.

A folder that is neither empty nor a previous export is refused (see `cli_export`). The new
export is prepared completely in a staging folder beside DIR first, so a failed export (a kit
with errors, a PDF that cannot be rendered) leaves DIR as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

MANIFEST = ".gesprekskit-export.json"
#: What plain `mkdocs build` makes in the folder: the user's build output, reported as one.
BUILD_OUTPUT = "site/"


class ExportConflict(Exception):
    """Files the user changed or made would be replaced; `paths` names them."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


@dataclass
class FolderReport:
    """What an export did to its folder beyond writing its own files."""

    written: int = 0
    removed: list[str] = field(default_factory=list)
    #: Files the export did not write (the user's), left as they were.
    kept: list[str] = field(default_factory=list)
    #: Folders of the user's left alone as a whole (`site/` that `mkdocs build` made).
    kept_folders: list[str] = field(default_factory=list)
    #: Files the previous export wrote, changed since, no longer exported: left as they were.
    kept_changed: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def is_export_folder(folder: Path) -> bool:
    """A folder an earlier `gesprekskit export` wrote (its manifest is a regular file)."""
    manifest = folder / MANIFEST
    return manifest.is_file() and not manifest.is_symlink()


def read_manifest(folder: Path) -> dict[str, str]:
    """path → SHA-256 of every file the previous export wrote (empty for a new folder)."""
    if not is_export_folder(folder):
        return {}
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        # Only paths inside the folder count: a manifest edited to name `../x` or `/x` must
        # never make an export touch a file elsewhere.
        return {str(path): str(digest) for path, digest in files.items() if _inside(str(path))}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # A damaged manifest: every file counts as the user's, so nothing is replaced unasked.
        return {}


def _inside(relative: str) -> bool:
    """A relative path that stays in its folder: not absolute, no `..`, no empty part."""
    parts = relative.split("/")
    return bool(relative) and not relative.startswith("/") and "\\" not in relative and \
        all(part not in ("", ".", "..") for part in parts)


def _blocker(folder: Path, relative: str) -> str | None:
    """What the user put in the way of writing `relative`: a symbolic link or a file where
    the export needs a folder, or a folder where it writes a file (None: the way is free).
    The export never writes through a link and never removes a folder it did not make."""
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        step = folder.joinpath(*parts[:depth])
        if step.is_symlink() or (step.exists() and not step.is_dir()):
            return "/".join(parts[:depth])
    target = folder / relative
    if target.is_dir() and not target.is_symlink():
        return relative
    return None


def _existing_files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if (path.is_file() or path.is_symlink()) and path.name != MANIFEST)


def stage_files(files: dict[str, Path | str | bytes], staging: Path) -> dict[str, str]:
    """Write every file into `staging`; their digests, for the manifest."""
    digests = {}
    for relative, data in files.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        elif isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
        digests[relative] = _digest(target)
    return digests


def apply_staging(staging: Path, digests: dict[str, str], folder: Path, *,
                  overwrite: bool = False) -> FolderReport:
    """Move the staged export into `folder` under the rules of the module docstring."""
    previous = read_manifest(folder)
    existing = _existing_files(folder)
    changed = {path for path in existing if path in previous
               and ((folder / path).is_symlink() or _digest(folder / path) != previous[path])}
    users = {path for path in existing if path not in previous}
    blockers = sorted({found for path in digests
                       if (found := _blocker(folder, path)) is not None})
    conflicts = sorted({path for path in digests if path in changed or path in users}
                       | set(blockers))
    if conflicts and not overwrite:
        raise ExportConflict(conflicts)
    report = FolderReport(overwritten=conflicts)
    folder.mkdir(parents=True, exist_ok=True)
    for blocker in blockers:  # --overwrite: the link itself goes, never what it points at
        _remove(folder / blocker)
    for path in sorted(digests):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.is_dir():
            _remove(target)
        os.replace(staging / path, target)
        report.written += 1
    for path in sorted(set(previous) - set(digests)):
        target = folder / path
        if path in changed:
            report.kept_changed.append(path)
        elif path in existing and _blocker(folder, path) is None and target.is_file() \
                and not target.is_symlink():  # unchanged since the last export: checked above
            target.unlink()
            report.removed.append(path)
            _remove_empty_parents(target.parent, folder)
    left = users - set(digests)
    report.kept = sorted(path for path in left if not path.startswith(BUILD_OUTPUT))
    report.kept_folders = [BUILD_OUTPUT] if len(report.kept) < len(left) else []
    manifest = {"generator": "Gesprekskit", "version": __version__,
                "files": dict(sorted(digests.items()))}
    partial = folder / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, folder / MANIFEST)
    return report


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
