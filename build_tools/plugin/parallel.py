"""Build a language's edition in a forked process, while this process builds another.

A guide in two languages is two whole MkDocs builds of the same size; on two cores they take
half the time side by side. The child is forked after the plan is made and its PDFs rendered,
so it shares both and renders nothing twice. It writes into a folder of its own (the default
edition's build empties the site's root), which is moved into place once every build has
succeeded. What the child logs is sent back and handed to this process's handlers after the
default edition's build, so the terminal, the warning count and `serve`'s error page read the
same lines, in the same order, as after builds one after the other.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

#: A record from the child: the name of the logger whose handlers took it, and the record.
LogLine = tuple[str, logging.LogRecord]


class _Forward(logging.Handler):
    """Stands in for one logger's handlers in the child: sends each record home."""

    def __init__(self, owner: str, connection: Connection) -> None:
        super().__init__(logging.NOTSET)
        self.owner = owner
        self.connection = connection

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.connection.send(("log", (self.owner, record)))


def _forward_logs(connection: Connection) -> None:
    """Every logger with handlers (the root too) forwards to the parent instead."""
    loggers = [logging.getLogger(), *(item for item in logging.Logger.manager.loggerDict.values()
                                      if isinstance(item, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers[:] = [_Forward(logger.name if logger is not logging.getLogger()
                                           else "", connection)]


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any error that cannot travel goes as its message
        from mkdocs.exceptions import MkDocsException

        return MkDocsException(str(error) or type(error).__name__)


def _child(build: Callable[[], None], connection: Connection) -> None:
    _forward_logs(connection)
    try:
        build()
    except BaseException as error:  # noqa: BLE001 - every failure goes home
        connection.send(("failed", _picklable(error)))
    else:
        connection.send(("done", None))
    finally:
        connection.close()


class ForkedBuild:
    """One edition's build in a child process. A thread reads what it sends as it comes (a
    full pipe would stall the child); `finish` waits for it."""

    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.lines: list[LogLine] = []
        # MkDocs' kind of failure, so the build reports it in one line, not as a traceback.
        self.outcome: BaseException | None = PluginError(
            "the build of another language stopped without a word: its process was killed "
            "(out of memory?); the previous site is untouched. Build again, or with --jobs 1 "
            "to build the languages one after the other")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while True:
                kind, value = self.connection.recv()
                if kind == "log":
                    self.lines.append(value)
                    continue
                self.outcome = value if kind == "failed" else None
                return
        except (EOFError, OSError):
            return

    def finish(self) -> BaseException | None:
        """Wait for the child; its log lines are kept in `lines`; its failure is returned."""
        self._reader.join()
        self.process.join()
        self.connection.close()
        return self.outcome

    def stop(self) -> None:
        """End the child at once (the build failed or was interrupted elsewhere)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._reader.join()
        self.connection.close()

    def replay(self) -> None:
        """The child's log lines, handed to the handlers the child's loggers had."""
        for owner, record in self.lines:
            for handler in logging.getLogger(owner or None).handlers:
                if record.levelno >= handler.level:
                    handler.handle(record)
        self.lines.clear()


def fork_build(build: Callable[[], None]) -> ForkedBuild:
    """Run `build` in a forked child process."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    # Not a daemon: a daemon may not start processes of its own (a pool of PDF workers).
    process = multiprocessing.get_context("fork").Process(target=_child, args=(build, sender))
    process.start()
    sender.close()
    return ForkedBuild(process, receiver)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def move_into(built: Path, target: Path) -> None:
    """An edition built apart, moved to its place in the site (replacing what is there)."""
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(built, target)
