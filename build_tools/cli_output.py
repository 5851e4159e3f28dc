"""How the `gesprekskit` command prints what MkDocs and the plugin log: Gesprekskit's own
problems exactly as `validate` prints them, colours only on a terminal, warnings counted for
the closing line, and every line noted by the heartbeat (see `progress`)."""

from __future__ import annotations

import logging
import sys

import click

from .progress import TouchingHandler

GESPREKSKIT_LOGGER = "mkdocs.plugins.gesprekskit"


class LineFormatter(logging.Formatter):
    """Gesprekskit's own lines exactly as `validate` prints them; MkDocs' with their level."""

    def __init__(self, colour: bool) -> None:
        super().__init__()
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name != GESPREKSKIT_LOGGER:
            return f"{record.levelname}: {message}"
        if self.colour and record.levelno >= logging.WARNING:
            return click.style(message, fg="red" if record.levelno >= logging.ERROR else "yellow")
        return message


class WarningCounter(logging.Handler):
    """Counts Gesprekskit's warnings (not MkDocs' own), as `validate` counts them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == GESPREKSKIT_LOGGER and record.levelno == logging.WARNING:
            self.count += 1


def configure_logging(verbose: bool) -> tuple[TouchingHandler, WarningCounter]:
    handler = TouchingHandler(sys.stderr)
    handler.setFormatter(LineFormatter(colour=sys.stderr.isatty()))
    counter = WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler, counter]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False
    # What Gesprekskit itself reports (stages, PDFs rendered or reused) is always worth a line.
    logging.getLogger(GESPREKSKIT_LOGGER).setLevel(logging.DEBUG if verbose else logging.INFO)
    return handler, counter
