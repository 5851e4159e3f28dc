"""Shared fixtures: small throw-away projects and the example guide built once per session."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from build_tools.model import KitType
from build_tools.scaffold import kit_template

REPO_ROOT = Path(__file__).resolve().parent.parent

#: The fuzz tests gate every change: the same examples on every run and machine (a failure in CI
#: is one a developer can repeat), and no example database written into the checkout.
#: `HYPOTHESIS_PROFILE=explore python3 -m pytest tests/test_fuzz*.py` draws new examples.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "gesprekskit-tests-hypothesis")
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

TIP_YAML = """\
schema: 1
title: Stel open vragen
category: Tijdens het gesprek
body: Begin je vraag met *wat*, *hoe* of *waardoor*.
kits: []
"""


#: The scaffold's telltale example texts and an author's own instead: validate warns about a
#: kit that still holds them, so the tests' kits say something of their own.
FILLED_IN = {
    "Beschrijf in een of twee zinnen waar dit gesprek over gaat en voor wie het is.":
        "Een kort gesprek over hoe het gaat, voor iedere medewerker en leidinggevende.",
    "Waarom voer je dit gesprek? Wat wil je er samen mee bereiken?":
        "Samen zien wat goed gaat en wat beter kan, voordat het knelt.",
    "Describe in one or two sentences what this conversation is about and who it is for.":
        "A short conversation about how things are going, for every employee and manager.",
    "Why do you hold this conversation? What do you want to achieve together?":
        "To see together what goes well and what could be better, before it pinches.",
}


def filled_in(text: str) -> str:
    """A kit from the scaffold with its example texts replaced, as an author would."""
    for example, own in FILLED_IN.items():
        text = text.replace(example, own)
    return text


def own_kit(kit_id: str, kit_type: KitType = KitType.CHECK_IN, language: str = "nl") -> str:
    """A valid kit as `gesprekskit new` writes it, its example texts filled in."""
    return filled_in(kit_template(kit_id, kit_type, language))


TINY_MKDOCS_YML = """\
site_name: Klein
docs_dir: content
plugins:
  - gesprekskit:
      pdfs: false
"""


class TinyProject:
    """A project folder with kits written by the test, and helpers to write more."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "kits" / "tips").mkdir(parents=True)
        if not (root / "mkdocs.yml").exists():  # a project of its own, not site_project's
            (root / "content").mkdir(exist_ok=True)
            (root / "content" / "index.md").write_text("# Klein\n", encoding="utf-8")
            (root / "mkdocs.yml").write_text(TINY_MKDOCS_YML, encoding="utf-8")

    def write_kit(self, kit_id: str, text: str | None = None, *, raw: bytes | None = None) -> Path:
        path = self.root / "kits" / f"{kit_id}.yml"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(text if text is not None else own_kit(kit_id),
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
    return own_kit(kit_id)


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


#: What the example project consists of; builds use a copy, so no test writes a cache, a
#: lock or a site into the checkout.
EXAMPLE_SOURCES = ("mkdocs.yml", "content", "kits", "brands", "locales", "workshops", "_brand.yml")


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in EXAMPLE_SOURCES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def built_once(name: str, tmp_path_factory: pytest.TempPathFactory,
               build: Callable[[Path], tuple[bool, str]]) -> tuple[Path, str]:
    """`build(folder)` run once per test run, by whichever pytest-xdist worker asks first; the
    others wait for it and share its folder (read only). So the tests that read a shared build
    spread over both workers instead of queueing on one. (folder, build output)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: its own temporary folder
        folder = tmp_path_factory.mktemp(name)
        built, output = build(folder)
        assert built, output
        return folder, output
    folder = tmp_path_factory.getbasetemp().parent / name
    with open(f"{folder}.lock", "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the worker dies
        record = folder.with_name(f"{name}.json")
        if not record.is_file():
            if folder.exists():  # what a killed worker left
                shutil.rmtree(folder)
            folder.mkdir()
            built, output = build(folder)
            record.write_text(json.dumps({"built": built, "output": output}), encoding="utf-8")
        result = json.loads(record.read_text(encoding="utf-8"))
    assert result["built"], result["output"]
    return folder, result["output"]


def _build_example(folder: Path) -> tuple[bool, str]:
    root = copy_example(folder / "project")
    finished = cli("build", str(root), "--out", str(folder / "site"), "--no-cache")
    return finished.returncode == 0, finished.stdout + finished.stderr


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository's example guide, built once per test run with all its PDFs, the way a
    user builds it: by the command line, every PDF rendered afresh. (site, build output)."""
    folder, output = built_once("example", tmp_path_factory, _build_example)
    return folder / "site", output


@pytest.fixture(scope="session")
def example_site(example_build: tuple[Path, str]) -> Path:
    return example_build[0]


@pytest.fixture(scope="session")
def built_example_project(example_build: tuple[Path, str]) -> Path:
    """The copy of the example that `example_build` built, its PDF cache filled: copy it (with
    `.cache`) for a test that builds or exports the example, so only what the test changed is
    rendered again (the cache is keyed by content, not by path). Never write into it."""
    return example_build[0].parent / "project"


MULTILINGUAL_FIXTURE = Path(__file__).parent / "fixtures" / "multilingual"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], capture_output=True,
                          text=True, check=False, cwd=cwd)


def copy_multilingual(target: Path) -> Path:
    shutil.copytree(MULTILINGUAL_FIXTURE, target, ignore=shutil.ignore_patterns(".cache", "site"))
    return target


def _build_multilingual(folder: Path) -> tuple[bool, str]:
    root = copy_multilingual(folder / "project")
    finished = cli("build", str(root), "--out", str(root / "site"), "--jobs", "2")
    return finished.returncode == 0, finished.stdout + finished.stderr


@pytest.fixture(scope="session")
def multilingual_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """tests/fixtures/multilingual (nl, en, and ar and ja from project files) built once."""
    folder, output = built_once("multilingual", tmp_path_factory, _build_multilingual)
    return folder / "project" / "site", output


# --- the checkout stays as it was -----------------------------------------------------------------

#: What a build, a render or a lock leaves in a project folder; in the checkout, none of it may
#: come from a test (tests build copies).
BUILD_LEFTOVERS = (".cache", "site", "pdf", ".gesprekskit-build.lock", ".site-*",
                   ".*.gesprekskit-lock")


def _leftovers() -> set[str]:
    found: set[str] = set()
    for pattern in BUILD_LEFTOVERS:
        for path in REPO_ROOT.glob(pattern):
            found.add(path.name)
            if path.is_dir():
                found.update(str(item.relative_to(REPO_ROOT)) for item in path.rglob("*"))
    return found


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_clean() -> Iterator[None]:
    """No test writes a cache, a lock or a site into the checkout: each builds a copy."""
    before = _leftovers()
    yield
    new = sorted(_leftovers() - before)
    assert not new, f"tests wrote into the checkout {REPO_ROOT}: {new[:10]}"


# --- `pytest -m "not slow"`: quick feedback without site builds, PDFs, servers or browsers -------

#: Whole modules that build sites, render PDF corpora, serve or drive a browser.
SLOW_MODULES = {"test_browser", "test_languages_browser", "test_corpus", "test_layout_corpus",
                "test_serve", "test_html_validity", "test_walkthrough", "test_example",
                # Hypothesis runs hundreds of examples; the sheets render PDFs in fixtures.
                "test_fuzz", "test_fuzz_pages_brands", "test_sheets"}
#: The session builds of the example and the multilingual fixture.
SLOW_FIXTURES = {"example_build", "example_site", "built_example_project",
                 "multilingual_build"}
#: Calls that build a site or render PDFs, in a test or in a helper of its module.
SLOW_CALLS = ("build_site(", "build_into(", "build_plan(", 'cli("build"', 'run("build"',
              '"build",', '"bundle"', '"pdf",', "render_kit(", "render_document(",
              "render_sheet(", "render_languages(", "render_project(", "render_one_sheet(",
              "render_downloads(", "make_bundle(", "mkdocs build", '"mkdocs"', "serve_project(",
              # commands that render a handbook or a workshop sheet
              'cli("handbook"', '"build_tools", "workshop"')


def _slow_source(source: str, helpers: set[str]) -> bool:
    return any(call in source for call in SLOW_CALLS) or \
        any(f"{name}(" in source for name in helpers)


def _slow_helpers(module: object) -> set[str]:
    """Functions of a test module (not tests) that build or render, one level deep."""
    import inspect

    found: set[str] = set()
    for name, value in vars(module).items():
        if inspect.isfunction(value) and not name.startswith("test_") and \
                getattr(value, "__module__", None) == getattr(module, "__name__", None):
            try:
                if _slow_source(inspect.getsource(value), set()):
                    found.add(name)
            except (OSError, TypeError):
                continue
    return found


#: Fixtures each pytest-xdist worker would make again (module or session scope, seconds of
#: rendering or building): the tests that use one run on one worker, so it is made once. The
#: shared builds above are not here: `built_once` shares them between the workers.
WORKER_FIXTURES = {"exported": "export", "pdfs": "sheets-pdfs", "rendered": "layout-corpus"}


def _group(item: pytest.Item, fixtures: set[str]) -> str | None:
    """The pytest-xdist group of a test that uses a fixture of WORKER_FIXTURES; a parametrized
    fixture gets a group per parameter (its tests run together anyway)."""
    names = sorted(WORKER_FIXTURES[name] for name in fixtures & set(WORKER_FIXTURES))
    if not names:
        return None
    indices = getattr(getattr(item, "callspec", None), "indices", {})
    suffix = "".join(f"-{indices[name]}" for name in sorted(fixtures & set(WORKER_FIXTURES))
                     if name in indices)
    return "+".join(names) + suffix


#: The longest single tests (minutes each), in the order they start: the example's second
#: build (its worker builds the shared example first), then those that need no shared build
#: (so the other worker works meanwhile instead of waiting for the example), then the ones
#: that read the example. After them the other slow tests, and the quick ones last: neither
#: worker is left with a long test at the end while the other idles.
LONGEST = (("test_example.py::test_two_builds_are_byte_identical",),
           ("test_fuzz", "test_serve.py::"),
           ("test_walkthrough.py::", "test_browser.py::test_axe", "test_html_validity.py::",
            "test_browser.py::test_every_page_loads"))


def _start_order(item: pytest.Item) -> int:
    for order, names in enumerate(LONGEST):
        if any(name in item.nodeid for name in names):
            return order
    return len(LONGEST) + (0 if item.get_closest_marker("slow") else 1)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark slow what builds, renders, serves or browses (see SLOW_* above), so that
    `python3 -m pytest -m "not slow"` gives feedback in under a minute; keep the tests of a
    costly per-worker fixture on one pytest-xdist worker; and run the slow tests first, so
    the quick ones fill the workers' last minutes instead of one long test."""
    import inspect

    helpers: dict[str, set[str]] = {}
    for item in items:
        module = getattr(item, "module", None)
        function = getattr(item, "function", None)
        if module is None or function is None:
            continue
        name = module.__name__.rsplit(".", 1)[-1]
        if name not in helpers:
            helpers[name] = _slow_helpers(module)
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            source = ""
        fixtures = set(getattr(item, "fixturenames", ()))
        group = _group(item, fixtures)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        if name in SLOW_MODULES or fixtures & SLOW_FIXTURES or item.get_closest_marker("browser") \
                or _slow_source(source, helpers[name]):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_start_order)  # stable: within each class, the collection's order
