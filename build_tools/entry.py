"""The `gesprekskit` command's first code: Ctrl-C while the CLI's modules are still loading (the
first second or two) ends quietly, as it does once a command runs, instead of a traceback; so
does a Ctrl-C that arrives once the command is done and Python is shutting down."""

from __future__ import annotations

import signal
import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)
    try:
        main()
    finally:
        # The command has finished (or failed with its own message): an interrupt now could only
        # land in the interpreter's shutdown and print a traceback there.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
