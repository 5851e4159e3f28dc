"""An installed (non-editable) Gesprekskit must carry every file its code reads: a template or
stylesheet missing from the package data breaks only after `pip install .`, never in the checkout."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shipped_data_files() -> set[Path]:
    """The package data setuptools puts into a wheel, by its own build_py rules."""
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    before = Path.cwd()
    os.chdir(REPO)  # setuptools reads package folders relative to the working directory
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            distribution = Distribution()
            apply_configuration(distribution, REPO / "pyproject.toml")
        # Only package-data decides; include_package_data would run egg_info, which writes
        # an .egg-info folder into the checkout.
        distribution.include_package_data = False
        build_py = distribution.get_command_obj("build_py")
        build_py.ensure_finalized()
        return {(REPO / source / name).resolve()
                for _package, source, _build, names in build_py.data_files for name in names}
    finally:
        os.chdir(before)


def test_every_file_the_package_reads_is_in_its_package_data() -> None:
    package = REPO / "build_tools"
    needed = {path.resolve() for path in package.rglob("*")
              if path.is_file() and path.suffix not in {".py", ".pyc"}
              and "__pycache__" not in path.parts}
    assert len(needed) > 50
    missing = sorted(str(path.relative_to(package)) for path in needed - shipped_data_files())
    assert not missing, f"not in [tool.setuptools.package-data] of pyproject.toml: {missing}"
