"""An error of the operating system (a full disk, a read-only folder, a file that went away)
in the words of whoever ran the command: what happened, where if known, and what to do.

A full temporary folder (TMPDIR on a small disk or tmpfs) fails a render with no file name in
the error: the message then names the temporary folder, the likely place, and the way out."""

from __future__ import annotations

import errno
import os
import tempfile

_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_ALLOWED = {errno.EROFS, errno.EACCES, errno.EPERM}


#: What renders make in the temporary folder (an output may lie in /tmp too: not these).
_SCRATCH_NAMES = ("gesprekskit-", "weasyprint-", "tmp")


def _in_temporary_folder(path: str) -> bool:
    temporary = os.path.realpath(tempfile.gettempdir())
    inside = os.path.relpath(os.path.realpath(path), temporary)
    return not inside.startswith("..") and inside.startswith(_SCRATCH_NAMES)


def explain_os_error(error: OSError) -> str:
    """`error` as one sentence with its place and a hint, without a trailing full stop."""
    what = error.strerror or str(error)
    # A copy names its source first and the file it wrote second: the place that failed.
    path = error.filename2 or error.filename
    place = f" ({path})" if path else ""
    temporary = ("point TMPDIR at a folder on a disk with room (renders write their scratch "
                 "files there)")
    if error.errno in _FULL:
        if not path:
            return (f"{what}: free some space on the disk of the temporary folder "
                    f"{tempfile.gettempdir()} or of the output, or {temporary}")
        if _in_temporary_folder(str(path)):
            return f"{what}{place}: free some space on that disk, or {temporary}"
        return f"{what}{place}: free some space on that disk, or choose an output on another one"
    if error.errno in _NOT_ALLOWED:
        return (f"{what}{place}: a read-only disk, or no permission to write there; choose "
                "another place, or point TMPDIR at a folder you may write in if it is the "
                "temporary folder")
    if error.errno == errno.ENOENT:
        return (f"{what}{place}: a file or folder went away while the command ran (another "
                "program moved or deleted it?); run the command again")
    return f"{what}{place}"
