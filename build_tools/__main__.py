"""Allow `python -m build_tools`."""

from .cli import main

main()
