"""Property tests: any YAML text and any kit-shaped document gives a model or located errors,
never an unhandled exception."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.diagnostics import DiagnosticReport, GesprekskitError
from build_tools.loader import ProjectSettings, load_project
from build_tools.yaml_source import read_yaml
from conftest import valid_kit

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=40), st.sampled_from(["no", "yes", "on", "2024-01-01", "~", "0x1F",
                                                           "<script>", "{{ x }}", "*a", "&a x"]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=25)
KIT_KEYS = ["schema", "title", "summary", "type", "duration", "participants", "purpose", "when",
            "preparation", "phases", "tips", "follow_up", "kind", "text", "probes", "min", "max",
            "questions", "theme", "minutes", "options"]


def check_located(path: Path, report: DiagnosticReport) -> None:
    for item in report.errors:
        assert item.location.path == path
        assert item.location.line is not None and item.location.line >= 1
        assert item.message


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_reads_or_fails_located(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kit.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else None
    if not path.exists():
        return
    report = DiagnosticReport()
    document = read_yaml(path, report)
    assert (document is None) == bool(report.errors)
    check_located(path, report)


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_read_or_fail_located(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "kit.yml"
    path.write_bytes(data)
    report = DiagnosticReport()
    read_yaml(path, report)
    check_located(path, report)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(KIT_KEYS), values, max_size=12))
def test_any_kit_shaped_document_validates_or_fails_located(tmp_path: Path, document: dict) -> None:
    root = tmp_path / "project"
    (root / "kits").mkdir(parents=True, exist_ok=True)
    path = root / "kits" / "kit.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        load_project(ProjectSettings(root))
    except GesprekskitError as error:
        check_located(path, error.report)


@FUZZ
@given(mutation=st.tuples(st.integers(0, 3000), st.integers(0, 40), st.text(max_size=8)))
def test_mutated_valid_kits_validate_or_fail_located(tmp_path: Path,
                                                     mutation: tuple[int, int, str]) -> None:
    start, length, insert = mutation
    text = valid_kit()
    start %= len(text)
    root = tmp_path / "project"
    (root / "kits").mkdir(parents=True, exist_ok=True)
    path = root / "kits" / "kit.yml"
    path.write_text(text[:start] + insert + text[start + length:], encoding="utf-8",
                    errors="replace")
    try:
        load_project(ProjectSettings(root))
    except GesprekskitError as error:
        check_located(path, error.report)
