"""`gesprekskit bundle`: the whole site with its PDFs as one zip that works when unpacked.

The zip is reproducible: entries sorted, fixed timestamps and permissions, and MkDocs' own dates
pinned through SOURCE_DATE_EPOCH, so the same input gives the same bytes. Its comment marks it
as Gesprekskit's, so a later bundle may replace it and nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from . import __version__, freshness
from .build import build_site, project_sources
from .output_path import SITE_MARKER, ZIP_COMMENT_PREFIX, check_output_file, user_file_mode
from .scratch import BUNDLE_PREFIX, make_scratch, sweep_stale

#: 1980-01-02, the earliest moment a zip entry can carry; the date shown for every file.
FIXED_EPOCH = 315619200
ZIP_TIMESTAMP = (1980, 1, 2, 0, 0, 0)
#: The zip being written, beside its destination, until it is complete.
PARTIAL_PREFIX = ".bundle-"
#: What an entry name may not hold: what Windows cannot store or would read as a folder,
#: a drive or a parent folder when the zip is unpacked on a shared drive.
_UNSAFE_ENTRY = re.compile(r'(^/|\\|:|(^|/)\.\.?(/|$)|[\x00-\x1f<>"|?*])')


class BundleError(Exception):
    """The bundle cannot be written where it was asked; the message says why."""


def is_safe_entry_name(name: str) -> bool:
    """Whether a zip entry unpacks to exactly this path inside the folder, on any system."""
    return bool(name) and not _UNSAFE_ENTRY.search(name)


def _add_tree(archive: zipfile.ZipFile, root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name == SITE_MARKER:
            continue
        name = path.relative_to(root).as_posix()
        if not is_safe_entry_name(name):
            raise BundleError(f"the site holds a file whose name is not safe in a zip: {name!r}; "
                              "rename it in the project")
        info = zipfile.ZipInfo(name, ZIP_TIMESTAMP)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        count += 1
    return count


def check_destination(project_dir: Path, output: Path, brand: Path | None = None) -> Path:
    """Where the zip may go (see `output_path.check_output_file`); checked before any build."""
    return check_output_file(output, project_dir.resolve(), project_sources(project_dir, brand)[0],
                             "zip")


def make_bundle(project_dir: Path, output: Path, *, brand: Path | None = None,
                strict: bool = False) -> int:
    """Build into a temporary folder and zip it, index.html at the top of the zip.

    Never replaces a file that is not a zip Gesprekskit made."""
    output = check_destination(project_dir, output, brand)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    sweep_stale(None, (BUNDLE_PREFIX,))
    scratch = make_scratch(BUNDLE_PREFIX)
    try:
        site = scratch / "site"
        build_site(project_dir, site, strict=strict, brand=brand)
        freshness.forget(project_dir.resolve(), site.resolve())  # a scratch folder: nothing to remember
        sweep_stale(output.parent, (PARTIAL_PREFIX,))
        partial = Path(tempfile.mkstemp(prefix=f"{PARTIAL_PREFIX}{os.getpid()}-", suffix=".zip",
                                        dir=output.parent)[1])
        try:
            with zipfile.ZipFile(partial, "w") as archive:
                archive.comment = ZIP_COMMENT_PREFIX + f" {__version__}".encode()
                count = _add_tree(archive, site)
            partial.chmod(user_file_mode())
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return count
