"""The command line as one consistent tool (issue 14): strictness is one setting that validate
honours exactly as build does, every command finds its project the same way, and the exit
status follows the documented rule (0 fine, 1 the project has errors, 2 usage errors)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools import progress
from build_tools.cli import main
from conftest import REPO_ROOT, TinyProject, valid_kit

LOCATED = re.compile(r"^\S+?(?::\d+)*: (warning|error): .*$", re.MULTILINE)
ENGLISH = """\
      languages:
        nl: {name: Nederlands}
        en: {name: English}
"""


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def bilingual(site_project: Path, *, plugin_strict: bool = False, pdfs: bool = False) -> Path:
    """site_project with an English site beside the Dutch one, and without MkDocs' own strict."""
    config = (site_project / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = "      pdfs: false\n" + ENGLISH + ("      strict: true\n" if plugin_strict else "")
    config = config.replace("strict: true\n", "").replace("      pdfs: false\n", plugin)
    if pdfs:
        config = config.replace("pdfs: false", "pdfs: true\n      jobs: 1")
    (site_project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return site_project


def problems(output: str) -> list[str]:
    return sorted(set(match.group(0) for match in LOCATED.finditer(output)))


# --- strictness: validate predicts build -----------------------------------------------------------

def build_logged(project: Path, log: Path) -> tuple[int, str]:
    """`gesprekskit build` with its output going to a file, as in CI."""
    with log.open("w") as sink:
        finished = subprocess.run([sys.executable, "-m", "build_tools", "build", "-p", str(project)],
                                  stdout=sink, stderr=subprocess.STDOUT, check=False,
                                  env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    return finished.returncode, log.read_text(encoding="utf-8")


def test_a_dutch_only_kit_warns_and_builds_and_validate_says_the_same(site_project: Path,
                                                                      tmp_path: Path) -> None:
    project = bilingual(site_project, pdfs=True)
    (project / "content" / "index.en.md").write_text("# Welcome\n", encoding="utf-8")
    (project / "content" / "extra.md").write_text("# Alleen in het Nederlands\n", encoding="utf-8")
    validated = run("validate", "--project", str(project))
    status, output = build_logged(project, tmp_path / "build.log")
    assert validated.exit_code == 0 and status == 0, output
    found = problems(validated.output)
    assert found and all(": warning: " in line for line in found)
    # One summary line per file and language, not a line per text (--verbose lists them).
    assert any("no English version; English pages and sheets show the Dutch text" in line
               for line in found)
    assert any(line.startswith("content/extra.md: warning: no 'en' version") for line in found)
    assert problems(output) == found
    count = len(found)
    assert f"{count} warning(s)." in validated.output
    assert f"{count} warning(s)." in output
    # Long work names its stages when nobody sees a progress bar, without colour codes.
    assert "PDFs (nl): 1 kit(s) rendered" in output and "PDFs (en): 1 kit(s) rendered" in output
    assert "\x1b[" not in output
    english = (project / "site" / "en" / "gesprekken" / "check-in.html").read_text(encoding="utf-8")
    assert "Check in" in english  # the Dutch text stands in for the missing English one


@pytest.mark.parametrize("where", ["plugin setting", "command line", "mkdocs strict"])
def test_strictness_fails_validate_and_build_alike_before_any_rendering(site_project: Path,
                                                                        where: str) -> None:
    project = bilingual(site_project, plugin_strict=where == "plugin setting", pdfs=True)
    if where == "mkdocs strict":
        config = project / "mkdocs.yml"
        config.write_text("strict: true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    flag = ["--strict"] if where == "command line" else []
    validated = run("validate", "--project", str(project), *flag)
    built = run("build", "--project", str(project), *flag)
    assert validated.exit_code == built.exit_code == 1, built.output
    assert problems(built.output) == problems(validated.output) != []
    count = len(problems(validated.output))
    for output in (validated.output, built.output):
        assert f"{count} warning(s), and strict mode (" in output
        assert "stops before rendering anything" in output
    assert not (project / ".cache" / "gesprekskit" / "pdf").exists(), "no PDF was rendered"
    assert not (project / "site").exists()


def test_the_example_is_not_strict_behind_the_authors_back() -> None:
    from build_tools.cli_project import open_project

    example = open_project(REPO_ROOT)
    assert example.strict_source(command_line=False) is None


# --- one way to name the project ------------------------------------------------------------------

def test_every_command_takes_project_and_the_old_spelling_still_works(site_project: Path,
                                                                      tmp_path: Path) -> None:
    root = str(site_project)
    assert run("validate", "--project", root).exit_code == 0
    assert run("validate", "-p", root).exit_code == 0
    assert run("validate", root).exit_code == 0            # the positional spelling of before
    assert run("new", "tweede", "-p", root).exit_code == 0
    assert (site_project / "kits" / "tweede.yml").is_file()
    sheet = tmp_path / "sheet.pdf"
    assert run("pdf", "tweede", "-p", root, "-o", str(sheet)).exit_code == 0
    assert sheet.read_bytes().startswith(b"%PDF-")
    for command in ("build", "validate", "serve", "bundle", "new", "pdf"):
        assert "--project" in run(command, "--help").output, command


def test_a_command_run_inside_a_project_finds_it_from_a_subfolder(site_project: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.chdir(site_project / "kits")
    result = run("new", "vanuit-de-map")
    assert result.exit_code == 0, result.output
    assert (site_project / "kits" / "vanuit-de-map.yml").is_file()
    assert not (site_project / "kits" / "kits").exists()


@pytest.mark.parametrize("command", [["new", "feedback"], ["pdf", "feedback"], ["validate"],
                                     ["build"]])
def test_outside_a_project_every_command_says_so(tmp_path: Path, monkeypatch,
                                                 command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert "not a Gesprekskit project (no mkdocs.yml with the gesprekskit plugin)" in result.output
    assert "--project PATH" in result.output
    assert list(tmp_path.iterdir()) == [], "nothing was created"
    other = tmp_path / "other"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: Iets anders\n", encoding="utf-8")
    result = run(*command, "--project", str(other))
    assert result.exit_code == 2 and "is not a Gesprekskit project" in result.output


# --- exit codes -----------------------------------------------------------------------------------

def test_exit_codes_follow_the_rule(tiny_project: TinyProject) -> None:
    root = str(tiny_project.root)
    tiny_project.write_kit("check-in")
    assert run("new", "Bad Id", "-p", root).exit_code == 2          # a bad value: usage
    assert run("new", "index", "-p", root).exit_code == 2           # reserved id: usage
    assert run("new", "goed", "--type", "onbekend", "-p", root).exit_code == 2
    before = (tiny_project.root / "kits" / "check-in.yml").read_bytes()
    (tiny_project.root / "workshops").mkdir(exist_ok=True)
    (tiny_project.root / "workshops" / "oefenen.yml").write_text("title: Mijn eigen\n")
    for command in (["new", "check-in"], ["new", "--workshop", "oefenen"]):
        refused = run(*command, "-p", root)                            # would overwrite: usage
        assert refused.exit_code == 2 and "already exists; it was left untouched" in \
            refused.output, refused.output
    assert (tiny_project.root / "kits" / "check-in.yml").read_bytes() == before
    assert (tiny_project.root / "workshops" / "oefenen.yml").read_text() == "title: Mijn eigen\n"
    (tiny_project.root / "workshops" / "oefenen.yml").unlink()
    assert run("pdf", "bestaat-niet", "-p", root).exit_code == 2
    # `import` over an existing kit exited 1 and `workshop -o` over a foreign file exited 1,
    # where `new` and `pdf -o` exit 2 for the same refusal.
    bank = tiny_project.root.parent / f"{tiny_project.root.name}-bank.csv"
    bank.write_text("id,category,nl\nq1,Begin,Hoe gaat het?\n", encoding="utf-8")
    for kit_id in ("check-in", "Bad Id"):
        refused = run("import", str(bank), kit_id, "-p", root)
        assert refused.exit_code == 2 and "Traceback" not in refused.output, refused.output
    assert (tiny_project.root / "kits" / "check-in.yml").read_bytes() == before
    assert run("new", "--workshop", "oefenen", "-p", root).exit_code == 0
    foreign = tiny_project.root.parent / f"{tiny_project.root.name}-eigen.pdf"
    foreign.write_text("mijn eigen bestand\n")
    for command in (["workshop", "oefenen"], ["pdf", "check-in"], ["handbook"]):
        refused = run(*command, "-o", str(foreign), "-p", root)
        assert refused.exit_code == 2 and "not a PDF Gesprekskit wrote" in refused.output, \
            (command, refused.output)
    assert foreign.read_text() == "mijn eigen bestand\n"
    (tiny_project.root / "workshops" / "oefenen.yml").unlink()
    assert run("validate", "-p", root).exit_code == 0
    tiny_project.write_kit("check-in", valid_kit().replace("duration: 45", "duration: twintig"))
    assert run("validate", "-p", root).exit_code == 1               # content error


def test_unknown_language_is_a_usage_error_listing_the_languages(site_project: Path) -> None:
    project = bilingual(site_project)
    result = run("pdf", "check-in", "--language", "de", "-p", str(project))
    assert result.exit_code == 2
    assert "no language 'de'" in result.output and "nl, en" in result.output


def test_pdf_of_a_valid_kit_is_printed_while_another_kit_is_broken(tiny_project: TinyProject,
                                                                   tmp_path: Path) -> None:
    tiny_project.write_kit("check-in")
    tiny_project.write_kit("concept", valid_kit("concept").replace("phases:", "phases: [", 1))
    target = tmp_path / "check-in.pdf"
    result = run("pdf", "check-in", "-p", str(tiny_project.root), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert re.search(r"concept\.yml:\d+:\d+: warning: ", result.output), result.output
    assert "do not affect this sheet" in result.output
    broken = run("pdf", "concept", "-p", str(tiny_project.root), "-o", str(tmp_path / "c.pdf"))
    assert broken.exit_code == 1 and "concept.yml:" in broken.output
    assert not (tmp_path / "c.pdf").exists()


# --- long work is never silent -----------------------------------------------------------------------

def test_heartbeat_lines_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    handler = progress.TouchingHandler(stream)
    with progress.heartbeat(handler, stream, interval=1.0):
        progress.set_activity("rendering PDFs: 3 of 8 done")
        time.sleep(2.6)
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 1 and all("rendering PDFs: 3 of 8 done" in line for line in lines)


# --- Material's notice -------------------------------------------------------------------------------

def test_plain_mkdocs_build_of_the_example_setup_shows_no_material_end_of_life_notice(
        site_project: Path) -> None:
    example = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    quiet = next(line for line in example.splitlines() if "quiet_theme_notice" in line)
    config = site_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gesprekskit:\n", f"  - gesprekskit:\n{quiet}\n"), encoding="utf-8")
    mkdocs = shutil.which("mkdocs")
    assert mkdocs is not None
    env = {key: value for key, value in os.environ.items()
           if key not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    finished = subprocess.run([mkdocs, "build", "-q"], cwd=site_project, capture_output=True,
                              text=True, check=False, env={**env, "PYTHONPATH": str(REPO_ROOT)})
    assert finished.returncode == 0, finished.stderr
    assert "end of life" not in finished.stderr + finished.stdout
    assert (site_project / "site" / "index.html").is_file()
