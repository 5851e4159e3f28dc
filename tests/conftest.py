"""Shared fixtures: small throw-away projects and the example guide built once per session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.model import KitType
from build_tools.scaffold import kit_template

REPO_ROOT = Path(__file__).resolve().parent.parent

TIP_YAML = """\
schema: 1
title: Stel open vragen
category: Tijdens het gesprek
body: Begin je vraag met *wat*, *hoe* of *waardoor*.
kits: []
"""


class TinyProject:
    """A project folder with kits written by the test, and helpers to write more."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "kits" / "tips").mkdir(parents=True)

    def write_kit(self, kit_id: str, text: str | None = None, *, raw: bytes | None = None) -> Path:
        path = self.root / "kits" / f"{kit_id}.yml"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(text if text is not None else kit_template(kit_id, KitType.CHECK_IN),
                            encoding="utf-8")
        return path

    def write_tip(self, tip_id: str, text: str = TIP_YAML) -> Path:
        path = self.root / "kits" / "tips" / f"{tip_id}.yml"
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def tiny_project(tmp_path: Path) -> TinyProject:
    return TinyProject(tmp_path)


def valid_kit(kit_id: str = "check-in") -> str:
    return kit_template(kit_id, KitType.CHECK_IN)


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A copy of the example project's configuration and content with one small kit, PDFs off."""
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      language: nl\n", "      language: nl\n      pdfs: false\n", 1)
    # One language: the tiny kit is Dutch only (languages are tested on the full example).
    config = re.sub(r"(?ms)^      languages:\n.*?(?=^  - search)", "", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    project = TinyProject(root)
    project.write_kit("check-in")
    return root


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example guide, built once per test session with all its PDFs."""
    from build_tools.build import build_site

    out = tmp_path_factory.mktemp("example") / "site"
    build_site(REPO_ROOT, out)
    return out
