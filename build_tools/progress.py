"""Long work is never silent: what the build is doing now, and a line at least every ten seconds
when nobody sees a progress bar (stderr is a log file or CI, not a terminal)."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: The longest a build stays silent when stderr is not a terminal.
HEARTBEAT_SECONDS = 10.0

_activity: str | None = "starting"
_lock = threading.Lock()
_cancel_check: Callable[[], bool] | None = None


class BuildCancelled(Exception):
    """Raised at a checkpoint when the work in progress is no longer wanted (serve: a file
    changed while PDFs were rendering; the kits finished so far stay in the cache)."""


def set_cancel_check(check: Callable[[], bool] | None) -> None:
    global _cancel_check
    _cancel_check = check


def checkpoint() -> None:
    """A point where long work may stop early; see `BuildCancelled`."""
    check = _cancel_check
    if check is not None and check():
        raise BuildCancelled


def set_activity(text: str | None) -> None:
    """Name the stage the build is in now; the next heartbeat line says it. None: idle
    (a server waiting for changes), and no heartbeat lines."""
    global _activity
    with _lock:
        _activity = text


def activity() -> str | None:
    with _lock:
        return _activity


class _Clock:
    """When the last line reached stderr."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def touch(self) -> None:
        self.last = time.monotonic()


class TouchingHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stderr handler that tells the heartbeat a line was just printed."""

    def __init__(self, stream: TextIO, clock: _Clock | None = None) -> None:
        super().__init__(stream)
        self.clock = clock or _Clock()

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        self.clock.touch()


@contextmanager
def heartbeat(handler: TouchingHandler, stream: TextIO | None = None,
              interval: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """While the block runs and stderr is not a terminal, print what is going on whenever
    `interval` seconds passed without a line."""
    stream = stream or sys.stderr
    if stream.isatty():
        yield
        return
    started = time.monotonic()
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(1.0):
            now = activity()
            if now is not None and time.monotonic() - handler.clock.last >= interval:
                print(f"... {now} ({time.monotonic() - started:.0f} s)", file=stream, flush=True)
                handler.clock.touch()

    thread = threading.Thread(target=beat, name="gesprekskit-heartbeat", daemon=True)
    set_activity("starting")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
