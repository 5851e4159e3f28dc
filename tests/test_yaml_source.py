"""Reading untrusted YAML: positions, encodings and YAML's traps, each a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.diagnostics import DiagnosticReport
from build_tools.yaml_source import MAX_DEPTH, read_yaml


def read(tmp_path: Path, content: str | bytes):
    path = tmp_path / "kit.yml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    report = DiagnosticReport()
    return read_yaml(path, report), report


def only_error(report: DiagnosticReport):
    assert len(report.errors) == 1, report.format()
    return report.errors[0]


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    document, report = read(tmp_path, "title: Hallo\nphases:\n  - title: Open\n    minutes: 5\n")
    assert not report.items
    assert document.data["phases"][0]["minutes"] == 5
    assert document.location(("phases", 0, "minutes")).line == 4
    assert document.location(("phases", 0, "minutes")).column == 14
    assert document.location(("phases", 0, "minutes"), key=True).column == 5
    # A path that does not exist falls back to its nearest parent.
    assert document.location(("phases", 0, "nothing")).line == 3


def test_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    document, report = read(tmp_path, "title: A\nsummary: B\ntitle: C\n")
    error = only_error(report)
    assert document is None
    assert (error.location.line, error.location.column) == (3, 1)
    assert "'title' appears twice" in error.message and "line 1" in error.message


def test_tab_indentation(tmp_path: Path) -> None:
    _, report = read(tmp_path, "phases:\n\t- title: Open\n")
    error = only_error(report)
    assert error.location.line == 2
    assert "tab" in error.message and "spaces" in (error.hint or "")


def test_unclosed_quote(tmp_path: Path) -> None:
    _, report = read(tmp_path, 'title: "Open vragen\nsummary: x\n')
    error = only_error(report)
    assert "not closed" in error.message


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    for content in ("", "# alleen commentaar\n"):
        _, report = read(tmp_path, content)
        assert "empty" in only_error(report).message


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    document, report = read(tmp_path, b"\xef\xbb\xbftitle: Caf\xc3\xa9\r\nsummary: x\r\n")
    assert not report.items
    assert document.data == {"title": "Café", "summary": "x"}


def test_latin1_names_the_first_bad_byte(tmp_path: Path) -> None:
    _, report = read(tmp_path, "title: ok\nsummary: caf\xe9\n".encode("latin-1"))
    error = only_error(report)
    assert (error.location.line, error.location.column) == (2, 13)
    assert "0xE9" in error.message and "UTF-8" in (error.hint or "")


def test_utf16_is_refused(tmp_path: Path) -> None:
    _, report = read(tmp_path, "title: x\n".encode("utf-16"))
    assert "UTF-16" in only_error(report).message


def test_nul_byte_and_control_characters(tmp_path: Path) -> None:
    _, report = read(tmp_path, b"title: a\x00b\n")
    assert "NUL" in only_error(report).message
    _, report = read(tmp_path, "title: a\u202eb\n")
    error = only_error(report)
    assert "U+202E" in error.message and error.location.column == 9


def test_aliases_are_refused_so_expansion_stays_bounded(tmp_path: Path) -> None:
    laughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    document, report = read(tmp_path, laughs)
    assert document is None
    assert "aliases" in only_error(report).message


def test_merge_keys_and_custom_tags_are_refused(tmp_path: Path) -> None:
    _, report = read(tmp_path, "base: {a: 1}\nkit:\n  <<: {a: 2}\n")
    assert "merge keys" in only_error(report).message
    _, report = read(tmp_path, "title: !!python/object/apply:os.system ['ls']\n")
    assert "tag" in only_error(report).message


def test_deep_nesting_has_a_limit(tmp_path: Path) -> None:
    _, report = read(tmp_path, "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert "nested" in only_error(report).message


@pytest.mark.parametrize("content", ["title: x\n---\ntitle: y\n"])
def test_one_document_per_file(tmp_path: Path, content: str) -> None:
    _, report = read(tmp_path, content)
    assert "more than one YAML document" in only_error(report).message


def test_released_positions_come_back_from_the_text(tmp_path: Path) -> None:
    # A loaded project forgets its position tables (memory); a problem found later still
    # gets its line, column and the author's spelling of the value.
    path = tmp_path / "kit.yml"
    path.write_text("title: Check-in\nphases:\n  - name: Begin\n    questions:\n"
                    "      - text: Hoe gaat het?\n        scale: 1O\n", encoding="utf-8")
    document = read_yaml(path, DiagnosticReport())
    assert document is not None
    before = (document.location(("phases", 0, "questions", 0, "scale")),
              document.location(("phases", 0, "name"), key=True),
              document.scalars[("phases", 0, "questions", 0, "scale")])
    document.release_positions()
    assert "value_positions" not in vars(document) and "scalars" not in vars(document)
    after = (document.location(("phases", 0, "questions", 0, "scale")),
             document.location(("phases", 0, "name"), key=True),
             document.scalars[("phases", 0, "questions", 0, "scale")])
    assert after == before
    assert (after[0].line, after[0].column) == (6, 16)
    assert after[2].text == "1O"


def test_a_loaded_project_keeps_no_position_tables(tiny_project) -> None:
    from build_tools.cli_project import open_project
    from build_tools.loader import load_project

    tiny_project.write_kit("check-in")
    project = load_project(open_project(tiny_project.root).settings)
    source = project.kits[0].source
    assert "value_positions" not in vars(source)
    assert source.location(("title",)).line >= 1  # and made again when asked for
    assert "value_positions" in vars(source)
