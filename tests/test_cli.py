"""The command line as an author uses it: exit codes, messages, and work never lost."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from build_tools.cli import main
from conftest import TinyProject, valid_kit


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_and_help() -> None:
    assert run("--version").output.startswith("gesprekskit, version")
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "new", "serve", "schema"):
        assert command in result.output


def test_validate_exit_codes(tiny_project: TinyProject) -> None:
    tiny_project.write_kit("check-in")
    result = run("validate", str(tiny_project.root))
    assert result.exit_code == 0 and "1 kits, 0 tips, 5 questions, 0 brand file(s)" in result.output
    tiny_project.write_kit("check-in", valid_kit().replace("summary:", "samenvatting:"))
    result = run("validate", str(tiny_project.root))
    assert result.exit_code == 1
    assert "check-in.yml:6:1: error: unknown key 'samenvatting'" in result.output
    assert "Traceback" not in result.output
    assert run("validate", "--no-such-option").exit_code == 2


def test_new_scaffolds_a_valid_kit_and_never_overwrites(tiny_project: TinyProject) -> None:
    result = run("new", "stay-interview", "--type", "stay-interview", "--project",
                 str(tiny_project.root))
    assert result.exit_code == 0
    path = tiny_project.root / "kits" / "stay-interview.yml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    assert run("validate", str(tiny_project.root)).exit_code == 0
    path.write_text("# mijn eigen werk\n", encoding="utf-8")
    result = run("new", "stay-interview", "--project", str(tiny_project.root))
    assert result.exit_code == 2 and "already exists" in result.output
    assert path.read_text(encoding="utf-8") == "# mijn eigen werk\n"
    assert run("new", "Bad Id", "--project", str(tiny_project.root)).exit_code == 2  # usage


def test_schema_is_valid_draft_2020_12_and_accepts_the_scaffold(tmp_path: Path) -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(yaml.safe_load(valid_kit())))
    broken = yaml.safe_load(valid_kit().replace("summary:", "sumary:"))
    assert list(validator.iter_errors(broken))
    tip_schema = json.loads(run("schema", "--kind", "tip").output)
    jsonschema.Draft202012Validator.check_schema(tip_schema)
    assert run("schema", "--write", str(tmp_path)).exit_code == 0
    assert (tmp_path / "kit.schema.json").is_file() and (tmp_path / "tip.schema.json").is_file()


def test_schema_write_never_replaces_what_is_not_its_own_schema(tmp_path: Path) -> None:
    """Hostile finding: `schema --write DIR` wrote through a link named kit.schema.json (the
    kit it pointed at was replaced by the schema), over a tip.schema.json of the user's own,
    and ended in a traceback for a folder it could not make."""
    kit = tmp_path / "project" / "kits" / "check-in.yml"
    kit.parent.mkdir(parents=True)
    kit.write_text(valid_kit(), encoding="utf-8")
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "kit.schema.json").symlink_to(kit)
    own = folder / "tip.schema.json"
    own.write_text('{"title": "Onze eigen tips"}\n', encoding="utf-8")
    result = run("schema", "--write", str(folder))
    assert result.exit_code == 2 and "nothing was written" in result.output, result.output
    assert "kit.schema.json" in result.output and "tip.schema.json" in result.output
    assert kit.read_text(encoding="utf-8") == valid_kit()
    assert own.read_text(encoding="utf-8") == '{"title": "Onze eigen tips"}\n'
    assert not (folder / "workshop.schema.json").exists()
    blocked = tmp_path / "een-bestand"
    blocked.write_text("x", encoding="utf-8")
    result = run("schema", "--write", str(blocked / "sub"))
    assert result.exit_code == 2 and "cannot write the schemas" in result.output, result.output
    assert "Traceback" not in result.output
    # Its own schemas (an earlier --write) are replaced, as `schema --write schemas` does.
    fresh = tmp_path / "fresh"
    assert run("schema", "--write", str(fresh)).exit_code == 0
    assert run("schema", "--write", str(fresh)).exit_code == 0


def test_shipped_schemas_are_up_to_date(tmp_path: Path) -> None:
    """schemas/ (used by the example's `$schema` lines) matches what `schema --write` makes."""
    from conftest import REPO_ROOT

    run("schema", "--write", str(tmp_path))
    for name in ("kit.schema.json", "tip.schema.json"):
        assert (REPO_ROOT / "schemas" / name).read_text() == (tmp_path / name).read_text(), \
            "run: gesprekskit schema --write schemas"


def test_validate_reports_in_one_stream_so_a_pipe_keeps_the_order(
        tiny_project: TinyProject) -> None:
    """Hostile finding: `validate | cat` showed its summary before its warnings where stdout and
    stderr are read apart (a CI log, a tool that prints one stream after the other): the
    summary went to stdout, the warnings to stderr. With problems, every line of validate is
    on stderr now; without, stderr stays empty."""
    from conftest import cli

    tiny_project.write_kit("check-in")
    tiny_project.write_tip("los")  # a tip no kit names: a warning
    finished = cli("validate", "-p", str(tiny_project.root))
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == ""
    lines = finished.stderr.splitlines()
    assert "warning: " in lines[0] and "not linked to any kit" in lines[0]
    assert lines[-1].endswith("1 warning(s).") and len([
        line for line in lines if "warning(s)" in line]) == 1
    (tiny_project.root / "kits" / "tips" / "los.yml").unlink()
    clean = cli("validate", "-p", str(tiny_project.root))
    assert clean.returncode == 0 and clean.stderr == "", clean.stderr
    assert clean.stdout.endswith("no problems found.\n")
