"""Property tests: any YAML text and any kit-shaped document gives a model or located errors,
never an unhandled exception."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.diagnostics import DiagnosticReport, GesprekskitError
from build_tools.loader import ProjectSettings, load_project
from build_tools.yaml_source import read_yaml
from conftest import valid_kit

FUZZ = settings(max_examples=300, deadline=None)


@contextmanager
def fresh_folder() -> Iterator[Path]:
    """A folder of its own for every example: pytest's tmp_path is shared by all examples of a
    test, so one example's files would leak into the next."""
    with tempfile.TemporaryDirectory(prefix="gesprekskit-fuzz-") as folder:
        yield Path(folder)

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
def test_any_text_reads_or_fails_located(text: str) -> None:
    with fresh_folder() as folder:
        path = folder / "kit.yml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        report = DiagnosticReport()
        document = read_yaml(path, report)
        assert (document is None) == bool(report.errors)
        check_located(path, report)


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_read_or_fail_located(data: bytes) -> None:
    with fresh_folder() as folder:
        path = folder / "kit.yml"
        path.write_bytes(data)
        report = DiagnosticReport()
        read_yaml(path, report)
        check_located(path, report)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(KIT_KEYS), values, max_size=12))
def test_any_kit_shaped_document_validates_or_fails_located(document: dict) -> None:
    with fresh_folder() as root:
        kit_shaped_document(root, document)


def kit_shaped_document(root: Path, document: dict) -> None:
    (root / "kits").mkdir(parents=True)
    path = root / "kits" / "kit.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        load_project(ProjectSettings(root))
    except GesprekskitError as error:
        check_located(path, error.report)


@FUZZ
@given(mutation=st.tuples(st.integers(0, 3000), st.integers(0, 40), st.text(max_size=8)))
def test_mutated_valid_kits_validate_or_fail_located(mutation: tuple[int, int, str]) -> None:
    with fresh_folder() as root:
        mutated_kit(root, mutation)


def mutated_kit(root: Path, mutation: tuple[int, int, str]) -> None:
    start, length, insert = mutation
    text = valid_kit()
    start %= len(text)
    (root / "kits").mkdir(parents=True)
    path = root / "kits" / "kit.yml"
    path.write_text(text[:start] + insert + text[start + length:], encoding="utf-8",
                    errors="replace")
    try:
        load_project(ProjectSettings(root))
    except GesprekskitError as error:
        check_located(path, error.report)
