"""Ids, messages and guide pages at their limits: located errors, nothing echoed raw."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.characters import FORBIDDEN, printable
from build_tools.cli import main
from build_tools.model import MAX_LIST_ITEMS, MAX_PHASES, MAX_TIPS_PER_KIT
from build_tools.site.guide_pages import MAX_PAGE_CHARS, guide_page_work_problem
from build_tools.text import MAX_NESTING, markdown_work_problem
from build_tools.yaml_source import MAX_DOCUMENT_TEXT_CHARS
from conftest import SITE_MKDOCS_YML, TinyProject


@pytest.mark.parametrize("kit_id", ["abc\n", "a" * 300, "abc\x1b[2J", "ab\u202ec"])
def test_new_refuses_bad_ids_cleanly(site_project: Path, kit_id: str) -> None:
    result = CliRunner().invoke(main, ["new", kit_id, "--project", str(site_project)])
    assert result.exit_code == 2 and "is not a valid kit id" in result.output  # a usage error
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not FORBIDDEN.search(result.output) and "\n' is not" not in result.output
    assert sorted(path.name for path in (site_project / "kits").glob("*.yml")) == ["check-in.yml"]


def test_a_kit_file_with_a_newline_in_its_name_is_refused(tiny_project: TinyProject) -> None:
    (tiny_project.root / "kits" / "abc\n.yml").write_text("schema: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tiny_project.root)])
    assert result.exit_code == 1 and "kits/abc\\" in result.output  # escaped, on one line
    assert "abc\n.yml" not in result.output


def test_messages_never_print_control_or_direction_characters() -> None:
    assert printable("a\x1b[2Jb\u202ec\x85d\ud800") == "a\\x1b[2Jb\\u202ec\\x85d\\ud800"
    assert printable("line\nnext\tx") == "line\nnext\\tx"


@pytest.mark.parametrize("text", ["- " * 20 + "a", "> " * 20 + "a", ">" * 50 + "a",
                                  "".join("  " * level + "- a\n" for level in range(20)),
                                  "1. " * 20 + "a"])
def test_nesting_beyond_the_limit_is_found(text: str) -> None:
    problem = markdown_work_problem(text)
    assert problem is not None and f"more than {MAX_NESTING} levels" in problem.message


def test_ordinary_texts_pass() -> None:
    text = "Een [link](https://example.org).\n\n- een\n  - twee\n    - drie\n\n> citaat"
    assert markdown_work_problem(text) is None


@pytest.mark.parametrize("page, line, message", [
    ("---\ntitle: x\n---\n# Kop\n\n" + "- " * 3000 + "a\n", 6, "nested more than"),
    ("# Kop\n\n" + "[" * 5000 + "\n", 3, "at most 1000 are allowed"),
    ("# Kop\n\nabc \u202e def\n", 3, "U+202E"),
])
def test_guide_pages_beyond_the_limits_fail_located(tmp_path: Path, page: str, line: int,
                                                    message: str) -> None:
    project = TinyProject(tmp_path)
    project.write_kit("gesprek")
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "content" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(SITE_MKDOCS_YML, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert f"content/index.md:{line}:" in result.output and ": error: " in result.output
    assert message in result.output
    assert "Traceback" not in result.output and not FORBIDDEN.search(result.output)


def kit_errors(project: TinyProject, text: str) -> str:
    project.write_kit("groot", text)
    result = CliRunner().invoke(main, ["validate", str(project.root)])
    assert result.exit_code == 1
    return result.output


def test_kit_bounds_are_located_errors(tiny_project: TinyProject) -> None:
    import yaml

    from conftest import valid_kit

    base = yaml.safe_load(valid_kit())
    phase = base["phases"][0]
    many_phases = dict(base, phases=[copy.deepcopy(phase) for _ in range(MAX_PHASES + 1)])
    assert f"phases can have at most {MAX_PHASES} items" in kit_errors(tiny_project, yaml.safe_dump(many_phases))
    long_list = dict(base, participants=[f"Persoon {n}" for n in range(MAX_LIST_ITEMS + 1)])
    assert f"participants can have at most {MAX_LIST_ITEMS} items" in kit_errors(tiny_project, yaml.safe_dump(long_list))
    many_tips = dict(base, tips=[f"tip-{n}" for n in range(MAX_TIPS_PER_KIT + 1)])
    assert f"tips can have at most {MAX_TIPS_PER_KIT} items" in kit_errors(tiny_project, yaml.safe_dump(many_tips))
    wordy = dict(base, summary="woord " * 2000, title="titel " * 2000,
                 when=dict(base["when"], rhythm="ritme " * 2000))
    output = kit_errors(tiny_project, yaml.safe_dump(wordy, width=10**6, sort_keys=False))
    assert f"longer than {MAX_DOCUMENT_TEXT_CHARS:,} characters" in output
    assert "kits/groot.yml:" in output


def test_a_guide_page_longer_than_the_limit_is_refused() -> None:
    problem = guide_page_work_problem("woord " * (MAX_PAGE_CHARS // 6 + 1))
    assert problem is not None and "the limit is 200,000" in problem.message


def test_a_diagnostic_is_one_line_whatever_the_author_typed() -> None:
    from build_tools.diagnostics import Diagnostic, Location

    shown = Diagnostic(Location(Path("kits/a\nb.yml"), 1, 2), "the tip 'x\ny\x1b' is unknown",
                       "remove\nit").format()
    assert shown == "kits/a\\nb.yml:1:2: error: the tip 'x\\ny\\x1b' is unknown\n    hint: remove\\nit"
