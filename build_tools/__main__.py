"""Allow `python -m build_tools`."""

from .entry import run

run()
