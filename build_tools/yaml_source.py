"""Read one YAML file as untrusted input: plain data plus the line and column of every value.

PyYAML alone loses positions, silently keeps the last of two duplicate keys and expands aliases
without bound, so this module composes the node tree itself and builds the data from it.
"""

from __future__ import annotations

import hashlib

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .characters import first_forbidden, forbidden_message
from .diagnostics import DiagnosticReport, Location
from .yaml_indentation import KnownKeys, find_indentation_fix

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000
MAX_DEPTH = 24
MAX_STRING_CHARS = 20_000
#: All texts of one kit or tip together: what a guide page and its sheets can show.
MAX_DOCUMENT_TEXT_CHARS = 30_000

DataPath = tuple[str | int, ...]

#: libyaml's composer is many times faster; it reports the same positions.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass(frozen=True)
class ScalarSource:
    """How a scalar was written, so a type error can quote what the author typed."""

    text: str
    tag: str
    plain: bool


@dataclass
class SourceDocument:
    """A parsed YAML file: its data and where each part of it was written."""

    path: Path
    data: Any
    value_positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[DataPath, ScalarSource] = field(default_factory=dict)
    #: SHA-256 of the bytes that were parsed: what the file held when it was read, whatever
    #: it holds now (the PDF cache keys on it, so a save during a build cannot mix versions).
    digest: str = ""
    #: The text that was parsed: the position tables are made from it again when they were
    #: released (`release_positions`) and a problem found later needs a line.
    text: str = ""

    def release_positions(self) -> None:
        """Forget where each value was written until it is asked for again. The tables are
        most of a parsed file's memory (a 200-kit guide held about 40 MB of them for the whole
        build, and every forked PDF worker with it); once a project is checked, only the
        rare problem found later (a sheet that cannot fit, a link to nowhere) needs them."""
        if self.text:
            for name in _POSITION_TABLES:
                self.__dict__.pop(name, None)

    def __getattr__(self, name: str) -> Any:
        # Only reached for a missing attribute: a released table, made again from the text.
        if name in _POSITION_TABLES and self.__dict__.get("text"):
            builder = _Builder(self.path, DiagnosticReport())
            builder.build(_compose(self.__dict__["text"]), (), 0)
            for table in _POSITION_TABLES:
                self.__dict__[table] = getattr(builder.document, table)
            return self.__dict__[name]
        raise AttributeError(name)

    def location(self, data_path: DataPath, *, key: bool = False) -> Location:
        """The closest known position of a path: the value itself, else its nearest parent."""
        table = self.key_positions if key else self.value_positions
        probe = tuple(data_path)
        while True:
            if probe in table:
                line, column = table[probe]
                return Location(self.path, line, column)
            if key and probe in self.value_positions:
                line, column = self.value_positions[probe]
                return Location(self.path, line, column)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


_POSITION_TABLES = ("value_positions", "key_positions", "scalars")


class _Abort(Exception):
    """Stops the walk of one file after a problem that makes the rest meaningless."""


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def decode_source(path: Path, raw: bytes, report: DiagnosticReport) -> str | None:
    """Accept UTF-8 (with or without byte-order mark); name the first bad byte of anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(
            Location(path, 1, 1),
            "the file is encoded as UTF-16, not UTF-8",
            "save the file as UTF-8 (in most editors: Save As, encoding 'UTF-8')",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul != -1:
        line, column = _line_of_offset(raw, nul)
        report.error(
            Location(path, line, column),
            "the file contains a NUL byte (0x00): it is binary or damaged",
            "save the file again as plain UTF-8 text",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_of_offset(raw, error.start)
        byte = raw[error.start]
        report.error(
            Location(path, line, column),
            f"byte 0x{byte:02X} is not valid UTF-8 (the file looks Latin-1 or Windows-1252 encoded)",
            "save the file as UTF-8 (in most editors: Save As, encoding 'UTF-8')",
        )
        return None
    text = text.replace("\r\n", "\n")
    match = first_forbidden(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        report.error(Location(path, line, column), *forbidden_message(match.group()))
        return None
    return text


class _Builder:
    """Turns a node tree into plain data, recording positions and refusing YAML's traps."""

    def __init__(self, path: Path, report: DiagnosticReport) -> None:
        self.document = SourceDocument(path, None)
        self.report = report
        self.constructor = SafeConstructor()
        self.node_count = 0
        self.open_nodes: set[int] = set()
        self.seen_nodes: set[int] = set()

    def fail(self, node: Node, message: str, hint: str | None = None) -> None:
        line, column = _position(node)
        self.report.error(Location(self.document.path, line, column), message, hint)

    def build(self, node: Node, data_path: DataPath, depth: int) -> Any:
        self.node_count += 1
        if self.node_count > MAX_NODES:
            self.fail(node, f"the file has more than {MAX_NODES} values",
                      "split it: one kit per file, and keep kits to a readable size")
            raise _Abort
        if depth > MAX_DEPTH:
            self.fail(node, f"the file is nested more than {MAX_DEPTH} levels deep",
                      "check the indentation; kits never need this much nesting")
            raise _Abort
        if id(node) in self.seen_nodes:
            self.fail(node, "anchors and aliases (&name and *name) are not supported",
                      "write the value out in full where it is needed")
            raise _Abort
        self.seen_nodes.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.fail(node, f"the tag '{node.tag}' is not allowed",
                      "remove the '!' tag; kits use plain text, numbers, lists and mappings only")
            raise _Abort
        self.document.value_positions[data_path] = _position(node)
        if isinstance(node, ScalarNode):
            return self.build_scalar(node, data_path)
        if isinstance(node, SequenceNode):
            return [self.build(item, data_path + (index,), depth + 1)
                    for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.build_mapping(node, data_path, depth)
        self.fail(node, "this YAML construct is not supported",  # pragma: no cover
                  "use plain text, numbers, lists and mappings only")
        raise _Abort

    def build_scalar(self, node: ScalarNode, data_path: DataPath) -> Any:
        if len(node.value) > MAX_STRING_CHARS:
            self.fail(node, f"this text is longer than {MAX_STRING_CHARS} characters",
                      "shorten it; a guide page or sheet cannot show this much text in one field")
            raise _Abort
        value = self.constructor.construct_object(node, deep=True)
        if isinstance(value, str):
            self.refuse_forbidden(node, value)
        self.document.scalars[data_path] = ScalarSource(node.value, node.tag, not node.style)
        return value

    def refuse_forbidden(self, node: Node, value: str) -> None:
        """Escapes ("\\x00", "\\u202e", "\\ud800") make characters the file itself does not hold."""
        match = first_forbidden(value)
        if match:
            self.fail(node, *forbidden_message(match.group()))
            raise _Abort

    def build_mapping(self, node: MappingNode, data_path: DataPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys ('<<') are not supported",
                          "write the keys out in full in this mapping")
                raise _Abort
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.fail(key_node, f"the key '{getattr(key_node, 'value', '?')}' is not text",
                          "keys are names such as 'title'; put quotes around it if it must stay")
                continue
            key = key_node.value
            self.refuse_forbidden(key_node, key)
            line, _ = _position(key_node)
            if key in first_seen:
                self.fail(key_node, f"the key '{key}' appears twice in this mapping "
                          f"(first on line {first_seen[key]})",
                          "keep one of them: YAML would silently use only the last one")
                continue
            first_seen[key] = line
            self.document.key_positions[data_path + (key,)] = _position(key_node)
            result[key] = self.build(value_node, data_path + (key,), depth + 1)
        return result


_INDENTATION = "indent"


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> tuple[str, str]:
    problem = error.problem or "the YAML is malformed"
    if "'\\t'" in problem or "\\t" in problem:
        return ("a tab character is used for indentation",
                "YAML allows only spaces for indentation: replace the tab with spaces")
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return (f"{problem} (a quote or bracket is probably not closed)",
                "close the quote or bracket that was opened earlier")
    if "expected <block end>" in problem or "expected <block mapping start>" in problem \
            or "did not find expected key" in problem or "did not find expected '-'" in problem:
        return ("the indentation of this line does not match the lines above it",
                "indent it with spaces exactly like the other keys or list items at its level")
    if "mapping values are not allowed" in problem:
        return (problem, "a text containing ': ' must be put in quotes, "
                         "or the indentation of this line is off")
    if "another document" in problem or "expected a single document" in (error.context or ""):
        return ("the file holds more than one YAML document ('---')",
                "keep one kit or tip per file")
    return (problem, "check the indentation and quoting around this position")


_OPENERS = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
_CLOSERS = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the nesting first goes deeper than allowed, found before composing: deep flow
    nesting (`[[[[...`) costs the parsers quadratic time and the composer its stack. The token
    scanner is neither recursive nor slow when it stops early; most kits skip it entirely."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_FAST_LOADER):
            if isinstance(token, _OPENERS):
                depth += 1
                if depth > MAX_DEPTH:
                    return _position(token)
            elif isinstance(token, _CLOSERS):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports it, with a better message
    return None


def _compose(text: str) -> Node | None:
    """The node tree, by libyaml when possible; on an error the pure-Python reader parses again,
    because its messages (which this module explains) name the problem precisely."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


#: How to begin a kit; other files name their own start (`read_yaml`'s `start`).
KIT_START = "start from 'gesprekskit new KIT_ID'"


def read_yaml(path: Path, report: DiagnosticReport, known_keys: KnownKeys | None = None,
              *, start: str = KIT_START) -> SourceDocument | None:
    """Parse one file; on any problem, add a located error to the report and return None.

    `known_keys` (which key belongs under which) helps name the wrongly indented line;
    `start` says how to begin a file of this kind, for an empty one (a brand file is not
    made with `gesprekskit new KIT_ID`).
    """
    try:
        if not path.is_file():
            report.error(Location(path, 1, 1), "this is not a regular file", "remove it from the folder")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(Location(path, 1, 1), f"the file is {size} bytes, more than the limit of "
                         f"{MAX_FILE_BYTES}", "split it into smaller kits")
            return None
        raw = path.read_bytes()
    except OSError as error:
        report.error(Location(path, 1, 1), f"the file cannot be read: {error.strerror}",
                     "check that it exists and that you may read it")
        return None
    text = decode_source(path, raw, report)
    if text is None:
        return None
    too_deep = _too_deep(text)
    if too_deep is not None:
        report.error(Location(path, *too_deep),
                     f"the file is nested more than {MAX_DEPTH} levels deep",
                     "check the brackets and indentation; kits never need this much nesting")
        return None
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message, hint = _describe_yaml_error(error)
        fix = (find_indentation_fix(text, line, known_keys)
               if line and _INDENTATION in hint and "tab" not in message else None)
        if fix is not None:
            line, column = fix.line, fix.current + 1
            message = (f"this line is indented {fix.current} spaces, which does not fit the "
                       "lines around it")
            hint = f"indent it {fix.suggested} spaces, like line {fix.like_line}"
        report.error(Location(path, line, column), message, hint)
        return None
    except yaml.YAMLError as error:
        report.error(Location(path, 1, 1), f"the YAML cannot be read: {error}",
                     "check the file's syntax")
        return None
    except RecursionError:  # not reached after _too_deep; a last line of defence
        report.error(Location(path, 1, 1), f"the file is nested more than {MAX_DEPTH} levels "
                     "deep", "check the brackets and indentation")
        return None
    if root is None:
        report.error(Location(path, 1, 1), "the file is empty (or holds only comments)",
                     f"fill it in, or {start}")
        return None
    builder = _Builder(path, report)
    errors_before = len(report.errors)
    try:
        data = builder.build(root, (), 0)
    except _Abort:
        return None
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        report.error(Location(path, *_position(root)), f"a value cannot be read: {error}",
                     "put the value in quotes")
        return None
    if len(report.errors) > errors_before:
        return None
    builder.document.data = data
    builder.document.digest = hashlib.sha256(raw).hexdigest()
    builder.document.text = text
    return builder.document


def text_over_budget(data: Any, limit: int) -> DataPath | None:
    """The first text at which the texts of a document, in file order, pass `limit` characters."""
    total = 0
    stack: list[tuple[DataPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            total += len(value)
            if total > limit:
                return path
        elif isinstance(value, dict):
            stack.extend(reversed([(path + (key,), item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(path + (index,), item) for index, item in enumerate(value)]))
    return None
