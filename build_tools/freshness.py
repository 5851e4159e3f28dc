"""Is the site already what a build would make? Then `gesprekskit build` need not run at all.

A build records a fingerprint of everything it was made from and of what it wrote. When both
still match, nothing can have changed:

- every file in the project folder (path, size, modification time, and the contents of files
  up to 1 MB), the output folder, hidden files and folders (`.cache`, `.git`, ...) and
  `__pycache__` left out;
- the options of the build, the Gesprekskit package, the Python version and every installed
  distribution with its version (MkDocs, Material, WeasyPrint, plugins, ...); the sources of
  an editable install other than Gesprekskit's own are not followed: use `--force`;
- every file of the output folder, so a site changed or damaged by hand is built again.

It errs on the side of building: anything it cannot see completely (a docs or theme folder
outside the project, `INHERIT` in mkdocs.yml, a symlinked folder) means "build".
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .plan.settings import GuideSettings

STAMP_DIR = Path(".cache", "gesprekskit", "builds")


class Untrusted(Exception):
    """Part of what the build reads lies where the fingerprint cannot follow it."""


@dataclass(frozen=True)
class BuildStamp:
    inputs: str
    outputs: str
    pages: int
    pdfs: int


#: Files up to this size count by content, so an edit within the file system's timestamp
#: resolution is not missed; bigger ones (fonts, images, PDFs) by size and modification time.
CONTENT_LIMIT = 1 << 20


def _tree_digest(root: Path, digest: Any, skip: set[Path], *, contents: bool = True) -> None:
    """Feed path, size and modification time (and contents) of every file under `root`."""
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        kept = []
        for name in sorted(subfolders):
            path = here / name
            if name.startswith(".") or name == "__pycache__" or path in skip:
                continue
            if path.is_symlink():
                raise Untrusted(f"{path} is a symbolic link to a folder")
            kept.append(name)
        subfolders[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            try:
                status = path.stat()
            except OSError:  # a dangling link: its own details, then
                status = path.lstat()
            digest.update(f"{path.relative_to(root)}\0{status.st_size}\0{status.st_mtime_ns}\n"
                          .encode())
            if path.is_symlink():  # counted by where it leads, never read: it may lead out
                digest.update(os.readlink(path).encode(errors="surrogateescape") + b"\0")
            elif contents and status.st_size <= CONTENT_LIMIT and stat.S_ISREG(status.st_mode):
                digest.update(hashlib.sha256(path.read_bytes()).digest())


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def input_fingerprint(project_dir: Path, out: Path, settings: GuideSettings,
                      options: dict[str, Any]) -> str:
    """Everything a build of `project_dir` into `out` with `options` is made from."""
    from .fonts import system_fonts_fingerprint
    from .pdf_build import package_fingerprint

    config_text = settings.config_file.read_text(encoding="utf-8", errors="replace")
    if "INHERIT" in config_text:
        raise Untrusted("mkdocs.yml inherits from another file")
    custom_dir = settings.custom_dir
    for folder in (settings.docs_dir, *([custom_dir] if custom_dir else [])):
        if not _inside(folder, project_dir):
            raise Untrusted(f"{folder} is outside the project")
    brand = options.get("brand")
    if brand and not _inside(Path(brand), project_dir):
        raise Untrusted(f"the brand file {brand} is outside the project")
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(f"{package_fingerprint()}\0{sys.version}\0{out}\n".encode())
    digest.update("\n".join(installed_distributions()).encode())
    digest.update(system_fonts_fingerprint().encode())  # a font installed or removed
    _tree_digest(project_dir, digest, {out})
    return digest.hexdigest()


def installed_distributions() -> list[str]:
    """Name and version of every distribution installed in the environment, as the names of
    their metadata folders (`mkdocs-1.6.1.dist-info`): reading the folders is fast, parsing
    the metadata of 150 packages is not. Only `site-packages` folders count, so the answer
    does not depend on the folder the command runs from."""
    names: set[str] = set()
    for entry in sys.path:
        if Path(entry).name not in ("site-packages", "dist-packages"):
            continue
        try:
            with os.scandir(entry) as found:
                names.update(item.name for item in found
                             if item.name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
        except OSError:
            continue
    return sorted(names)


def output_fingerprint(out: Path) -> str:
    digest = hashlib.sha256()
    _tree_digest(out, digest, set(), contents=False)
    return digest.hexdigest()


def _stamp_path(project_dir: Path, out: Path) -> Path:
    name = hashlib.sha256(str(out).encode()).hexdigest()[:16]
    return project_dir / STAMP_DIR / f"{name}.json"


def up_to_date(project_dir: Path, out: Path, inputs: str) -> BuildStamp | None:
    """The stamp of the last build into `out`, if that build is still what a build would make."""
    try:
        stamp = BuildStamp(**json.loads(_stamp_path(project_dir, out).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if stamp.inputs != inputs or not out.is_dir() or output_fingerprint(out) != stamp.outputs:
        return None
    return stamp


def record(project_dir: Path, out: Path, inputs: str, pages: int, pdfs: int) -> None:
    """Remember a successful build: written last, so a failed build leaves no stamp."""
    path = _stamp_path(project_dir, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = BuildStamp(inputs, output_fingerprint(out), pages, pdfs)
    staging = path.with_suffix(f".{os.getpid()}.tmp")
    staging.write_text(json.dumps(stamp.__dict__), encoding="utf-8")
    os.replace(staging, path)


def forget(project_dir: Path, out: Path) -> None:
    _stamp_path(project_dir, out).unlink(missing_ok=True)
