"""Allow `python -m build_tools`."""

from .entry import run

if __name__ == "__main__":  # not when a spawned render worker loads the build's main module
    run()
