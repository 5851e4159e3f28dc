"""An error of the operating system (a full disk, a read-only folder, a file that went away)
in the words of whoever ran the command: what happened, where if known, and what to do.

A full temporary folder (TMPDIR on a small disk or tmpfs) fails a render with no file name in
the error: the message then names the temporary folder, the likely place, and the way out."""

from __future__ import annotations

import errno
import tempfile

_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_ALLOWED = {errno.EROFS, errno.EACCES, errno.EPERM}


def explain_os_error(error: OSError) -> str:
    """`error` as one sentence with its place and a hint, without a trailing full stop."""
    what = error.strerror or str(error)
    place = f" ({error.filename})" if error.filename else ""
    if error.errno in _FULL:
        disk = "that disk" if error.filename else \
            f"the disk of the temporary folder {tempfile.gettempdir()} or of the output"
        return (f"{what}{place}: free some space on {disk}, or point TMPDIR at a folder on a "
                "disk with room (renders write their scratch files there)")
    if error.errno in _NOT_ALLOWED:
        return (f"{what}{place}: a read-only disk, or no permission to write there; choose "
                "another place, or point TMPDIR at a folder you may write in if it is the "
                "temporary folder")
    if error.errno == errno.ENOENT:
        return (f"{what}{place}: a file or folder went away while the command ran (another "
                "program moved or deleted it?); run the command again")
    return f"{what}{place}"
