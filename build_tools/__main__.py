"""Allow `python -m build_tools`."""

from .entry import run

if __name__ == "__main__":  # not when imported (render workers skip it: pdf_build._worker_start)
    run()
