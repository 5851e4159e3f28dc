"""The hostile and broken input corpus (tests/corpus): each case through validate, build and pdf.

A case is a small project with an `expect.yml`: either a located error (file, line, a piece of
the message) or safe output (strings that must not appear in any generated page).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from html.parser import HTMLParser

from build_tools.characters import FORBIDDEN
from build_tools.cli import main
from conftest import FILLED_IN, SITE_MKDOCS_YML, TIP_YAML, valid_kit

CORPUS = Path(__file__).resolve().parent / "corpus"
#: The Markdown extensions of the example guide, so guide pages in a case meet them all.
CORPUS_MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - def_list
  - attr_list
  - tables
  - toc
"""
CASES = sorted(path.name for path in CORPUS.iterdir() if (path / "expect.yml").is_file())


class ActiveContentFinder(HTMLParser):
    """Collects what could run or leak in a page: handlers, script links, author scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and \
                    value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name == "style" and "url(" in value:
                self.problems.append(f"<{tag} style=url(...)>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.problems.append("a script with alert()")


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.problems


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    assert not FORBIDDEN.search(result.output), "a message printed a control character"
    return result


#: What a case's links point at: a folder outside the project, made for each test.
OUTSIDE_SECRET = "GEHEIM-BUITEN-HET-PROJECT"


def make_outside(folder: Path) -> Path:
    """Files outside the project that a hostile case links to; none may be read."""
    folder.mkdir()
    (folder / "geheim.txt").write_text(f"{OUTSIDE_SECRET}\n", encoding="utf-8")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>'
                                     f'{OUTSIDE_SECRET}</text></svg>', encoding="utf-8")
    (folder / "kit.yml").write_text(valid_kit("extern").replace(
        "Temperatuurgesprek", OUTSIDE_SECRET), encoding="utf-8")
    (folder / "tip.yml").write_text(TIP_YAML.replace("Stel open vragen", OUTSIDE_SECRET),
                                    encoding="utf-8")
    (folder / "_brand.yml").write_text(f"meta:\n  name: {OUTSIDE_SECRET}\n", encoding="utf-8")
    return folder


def set_up(root: Path, steps: list[dict], outside: Path) -> None:
    """Links, hard links, pipes and odd names are made at test time, never committed: a copy of
    the repository then never follows a link out of it (a device fills a disk)."""
    for step in steps:
        kind = next(key for key in ("symlink", "hardlink", "fifo", "file") if key in step)
        path = root / step[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        target = str(step.get("to", "")).replace("{outside}", str(outside))
        if kind == "symlink":
            path.symlink_to(target)
        elif kind == "hardlink":
            os.link(target, path)
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_text(step["text"], encoding="utf-8")


@pytest.fixture
def project(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict]:
    return prepare_case(request.param, tmp_path)


def prepare_case(name: str, tmp_path: Path) -> tuple[Path, dict]:
    """A copy of the case as a project of its own (its links and pipes made), and its
    expectations. A case folder in the checkout is no project: the commands would find the
    repository's mkdocs.yml above it and check the example instead."""
    root = tmp_path / name
    shutil.copytree(CORPUS / name, root, symlinks=True)
    for kit in (root / "kits").glob("*.yml"):  # made from the scaffold; its own texts in
        if not kit.is_symlink():
            raw = kit.read_bytes()
            for example, own in FILLED_IN.items():
                raw = raw.replace(example.encode(), own.encode())
            kit.write_bytes(raw)
    expect = yaml.safe_load((root / "expect.yml").read_text(encoding="utf-8"))
    (root / "expect.yml").unlink()
    (root / "content").mkdir(exist_ok=True)  # a case may bring its own guide pages
    if not (root / "content" / "index.md").exists():
        (root / "content" / "index.md").write_text("# Corpus\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML + CORPUS_MARKDOWN_EXTENSIONS, encoding="utf-8")
    set_up(root, expect.get("setup", []), make_outside(tmp_path / f"buiten-{name}"))
    return root, expect


def test_the_repository_holds_no_link_out_of_itself() -> None:
    repository = CORPUS.parent.parent
    for path in repository.rglob("*"):
        if path.is_symlink() and ".git" not in path.parts:
            target = (path.parent / os.readlink(path)).resolve()
            assert target.is_relative_to(repository), f"{path} -> {target}"
        if ".git" not in path.parts:
            assert path.is_symlink() or path.is_file() or path.is_dir(), f"{path}: a device or pipe"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("project", CASES, indirect=True)
def test_case(project: tuple[Path, dict]) -> None:
    root, expect = project
    validated = run("validate", str(root))
    built = run("build", str(root))
    sheet = run("pdf", "gesprek", "--sheet", "vragenblad", "--project", str(root),
                "-o", str(root / "vragenblad.pdf"))
    if expect["outcome"] == "error":
        assert validated.exit_code == 1, validated.output
        where = f"{expect['file']}:" + (f"{expect['line']}:" if "line" in expect else "")
        assert where in validated.output, validated.output
        assert expect["message"] in validated.output
        problem_line = next(line for line in validated.output.splitlines() if where in line)
        assert ": error: " in problem_line and problem_line.split(":")[1].isdigit(), \
            "every error names a line"
        assert built.exit_code == 1
        assert not (root / "site").exists(), "a failed build writes no site"
        if expect.get("sheet") == "unaffected":  # a guide page or another kit: not this sheet
            assert sheet.exit_code == 0, sheet.output
        else:
            assert sheet.exit_code in (1, 2) and not (root / "vragenblad.pdf").exists()
        for output in (validated, built, sheet):
            assert OUTSIDE_SECRET not in output.output
    elif expect["outcome"] == "warning":  # located; strictness (on in the corpus) stops on it
        where = f"{expect['file']}:{expect['line']}:"
        problem_line = next((line for line in validated.output.splitlines() if where in line),
                            "")
        assert validated.exit_code == 1 and ": warning: " in problem_line, validated.output
        assert expect["message"] in problem_line, validated.output
        assert built.exit_code == 1 and not (root / "site").exists()
        # Without strictness the guide is built, and what it publishes is safe.
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("strict: true\n", ""),
                          encoding="utf-8")
        assert_safe_guide(root, expect, run("build", str(root)), sheet)
    else:
        assert validated.exit_code == 0, validated.output
        assert_safe_guide(root, expect, built, sheet)


def assert_safe_guide(root: Path, expect: dict, built, sheet) -> None:  # type: ignore[no-untyped-def]
    """The guide and the sheet were made, and no page (nor the logo) holds active content or
    what the case forbids."""
    assert built.exit_code == 0, built.output
    assert sheet.exit_code == 0, sheet.output
    assert (root / "vragenblad.pdf").read_bytes().startswith(b"%PDF-")
    pages = list((root / "site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not active_content(html), page.name
        for forbidden in expect.get("forbidden", []):
            assert forbidden not in html, f"{forbidden!r} in {page.name}"
    logo = root / "site" / "assets" / "gesprekskit" / "brand" / "logo.svg"
    if logo.exists():
        for forbidden in expect.get("forbidden", []):
            assert forbidden not in logo.read_text(encoding="utf-8")
