"""Temporary folders that a killed build leaves behind are found and removed by the next build.

Each folder's name carries the id of the process that made it (`.site-new-<pid>-<random>`);
a folder whose process is gone is stale. A live build's folders, in this project or another
one, are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

#: Gesprekskit's folders in the system's temporary folder, one prefix per command that makes
#: them, named here once: a PDF build sweeps all of them (`TEMP_PREFIXES`), `bundle` and
#: `serve` their own.
RENDER_PREFIX = "gesprekskit-render-"
BUNDLE_PREFIX = "gesprekskit-bundle-"
SERVE_PREFIX = "gesprekskit-serve-"
TEMP_PREFIXES = (RENDER_PREFIX, BUNDLE_PREFIX, SERVE_PREFIX)
#: Folders of an older Gesprekskit, without a process id in their name: stale after this long.
UNNAMED_STALE_SECONDS = 24 * 3600
_OWNER = re.compile(r"^(?P<pid>[0-9]{1,10})-")


def make_scratch(prefix: str, parent: Path | str | None = None) -> Path:
    """A new private folder `<prefix><pid>-<random>` in `parent` (default: the system's temp)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a value we cannot ask about: leave it
    return True


def is_stale(folder: Path, prefix: str, now: float | None = None) -> bool:
    """Whether `folder` was left by a build that no longer runs."""
    rest = folder.name[len(prefix):]
    match = _OWNER.match(rest)
    if match:
        return not _process_alive(int(match.group("pid")))
    try:
        age = (now or time.time()) - folder.lstat().st_mtime
    except OSError:
        return False
    return age > UNNAMED_STALE_SECONDS


def sweep_stale(parent: Path | str | None, prefixes: Iterable[str]) -> list[Path]:
    """Remove the stale scratch folders (and half-written files) with these prefixes in
    `parent`; return what went."""
    folder = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    removed = []
    prefixes = tuple(prefixes)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        prefix = next((item for item in prefixes if entry.name.startswith(item)), None)
        if prefix is None or entry.is_symlink():
            continue
        path = Path(entry.path)
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue  # another user's: not ours to judge
        except OSError:
            continue
        if is_stale(path, prefix):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed
