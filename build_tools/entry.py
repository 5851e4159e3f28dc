"""The `gesprekskit` command's first code: Ctrl-C while the CLI's modules are still loading (the
first second or two) ends quietly, as it does once a command runs, instead of a traceback; so
does a Ctrl-C that arrives once the command is done and Python is shutting down. An error of the
system no command caught (a full disk) is one sentence too."""

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
    except OSError as error:
        # The last net: an error of the system that no command expected (a full temporary
        # folder in some step not guarded) is a sentence, not a traceback.
        from .os_errors import explain_os_error

        print(f"Stopped: {explain_os_error(error)}.", file=sys.stderr)
        sys.exit(1)
    finally:
        # The command has finished (or failed with its own message): an interrupt now could only
        # land in the interpreter's shutdown and print a traceback there.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
