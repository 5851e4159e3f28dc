"""Shared fixtures: small throw-away projects and the example guide built once per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


SITE_MKDOCS_YML = """\
site_name: Testgids
docs_dir: content
use_directory_urls: false
strict: true
theme:
  name: material
  language: nl
  font: false
plugins:
  - gesprekskit:
      pdfs: false
  - search:
      lang: nl
  - offline
nav:
  - Welkom: index.md
  - Gesprekken: gesprekken/index.md
  - Tips: tips.md
  - Vragenbank: vragenbank.md
  - Jaarritme: jaarritme.md
"""


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A small project: one page, one kit, the example's site layout, PDFs off."""
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text(
        "# Welkom\n\nBegin bij [de gesprekken](gesprekken/index.md).\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML, encoding="utf-8")
    project = TinyProject(root)
    project.write_kit("check-in")
    return root


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository's example guide, built once per test session with all its PDFs, the way
    a user builds it: by the command line, every PDF rendered afresh. (site, build output)."""
    out = tmp_path_factory.mktemp("example") / "site"
    finished = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", str(REPO_ROOT), "--out", str(out),
         "--no-cache"], capture_output=True, text=True, check=False)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    return out, output


@pytest.fixture(scope="session")
def example_site(example_build: tuple[Path, str]) -> Path:
    return example_build[0]


MULTILINGUAL_FIXTURE = Path(__file__).parent / "fixtures" / "multilingual"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], capture_output=True,
                          text=True, check=False, cwd=cwd)


def copy_multilingual(target: Path) -> Path:
    shutil.copytree(MULTILINGUAL_FIXTURE, target, ignore=shutil.ignore_patterns(".cache", "site"))
    return target


@pytest.fixture(scope="session")
def multilingual_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """tests/fixtures/multilingual (nl, en, and ar and ja from project files) built once."""
    root = copy_multilingual(tmp_path_factory.mktemp("multilingual") / "project")
    finished = cli("build", str(root), "--out", str(root / "site"), "--jobs", "2")
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    return root / "site", output
