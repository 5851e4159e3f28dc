"""`gesprekskit bundle`: the whole site with its PDFs as one zip that works when unpacked.

The zip is reproducible: entries sorted, fixed timestamps and permissions, and MkDocs' own dates
pinned through SOURCE_DATE_EPOCH, so the same input gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from . import freshness
from .build import build_site

#: 1980-01-02, the earliest moment a zip entry can carry; the date shown for every file.
FIXED_EPOCH = 315619200
ZIP_TIMESTAMP = (1980, 1, 2, 0, 0, 0)


class BundleError(Exception):
    """The bundle cannot be written where it was asked; the message says why."""


def _add_tree(archive: zipfile.ZipFile, root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        info = zipfile.ZipInfo(path.relative_to(root).as_posix(), ZIP_TIMESTAMP)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        count += 1
    return count


def make_bundle(project_dir: Path, output: Path, *, brand: Path | None = None,
                strict: bool = False) -> int:
    """Build into a temporary folder and zip it, index.html at the top of the zip.

    Never replaces a file that is not a zip."""
    output = output.resolve()
    if output.exists() and (not output.is_file() or output.read_bytes()[:4] != b"PK\x03\x04"):
        raise BundleError(f"{output} exists and is not a zip made by Gesprekskit; "
                          "it was left untouched. Choose another name with -o")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(FIXED_EPOCH))
    with tempfile.TemporaryDirectory(prefix="gesprekskit-bundle-") as scratch:
        site = Path(scratch) / "site"
        build_site(project_dir, site, strict=strict, brand=brand)
        freshness.forget(project_dir.resolve(), site.resolve())  # a scratch folder: nothing to remember
        partial = Path(tempfile.mkstemp(prefix=".bundle-", suffix=".zip", dir=output.parent)[1])
        try:
            with zipfile.ZipFile(partial, "w") as archive:
                count = _add_tree(archive, site)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return count
