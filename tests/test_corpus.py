"""The hostile and broken input corpus (tests/corpus): each case through validate, build and pdf.

A case is a small project with an `expect.yml`: either a located error (file, line, a piece of
the message) or safe output (strings that must not appear in any generated page).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from html.parser import HTMLParser

from build_tools.characters import FORBIDDEN
from build_tools.cli import main
from conftest import SITE_MKDOCS_YML

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


@pytest.fixture
def project(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict]:
    name = request.param
    root = tmp_path / name
    shutil.copytree(CORPUS / name, root, symlinks=True)
    expect = yaml.safe_load((root / "expect.yml").read_text(encoding="utf-8"))
    (root / "expect.yml").unlink()
    (root / "content").mkdir(exist_ok=True)  # a case may bring its own guide pages
    if not (root / "content" / "index.md").exists():
        (root / "content" / "index.md").write_text("# Corpus\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML + CORPUS_MARKDOWN_EXTENSIONS, encoding="utf-8")
    return root, expect


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
        assert sheet.exit_code in (1, 2) and not (root / "vragenblad.pdf").exists()
    else:
        assert validated.exit_code == 0, validated.output
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
