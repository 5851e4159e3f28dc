"""The `gesprekskit` command's first code: Ctrl-C while the CLI's modules are still loading (the
first second or two) ends quietly, as it does once a command runs, instead of a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)
    main()
