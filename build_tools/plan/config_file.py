"""Read mkdocs.yml as plain YAML, without MkDocs.

mkdocs.yml may hold tags only MkDocs resolves: `!!python/name:...` (the example names
`build_tools.theme_notice.SILENCED`) and `!ENV VARIABLE` / `!ENV [VARIABLE, default]`. Here a
python tag reads as its dotted name (never imported), `!ENV` as the variable's value, and
`INHERIT: parent.yml` merges the parent file the way MkDocs does (nested mappings merged,
the child winning).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..i18n import deep_merge
from ..yaml_dates import impossible_date


class ConfigFileError(Exception):
    """mkdocs.yml cannot be read; the message names the file, the line and the problem."""


#: libyaml's loader when PyYAML has it: mkdocs.yml is read several times per command.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TolerantLoader(_SAFE_LOADER):  # type: ignore[valid-type,misc]
    """SafeLoader that reads MkDocs' extra tags as plain values."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    return suffix


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = [str(value) for value in values[:-1]], values[-1] if values else None
        if len(values) == 1:
            names, default = [str(values[0])], None
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node)
                                if isinstance(node, yaml.ScalarNode) else None)


def read_config_file(path: Path, _seen: tuple[Path, ...] = (),
                     read: list[Path] | None = None) -> dict[str, Any]:
    """The mapping in mkdocs.yml (with INHERIT resolved); ConfigFileError when it is broken.
    `read` collects every file of the INHERIT chain as it is reached, nearest first."""
    if read is not None:
        read.append(path.resolve())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigFileError(f"{path}: error: cannot be read ({error})") from None
    try:
        data = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigFileError(f"{where}: error: {problem}; {path.name} is not valid YAML") from None
    except ValueError as error:  # a date that does not exist, e.g. `start: 2027-02-30`
        found = _impossible_date(text)
        where, what = (f"{path}", f"{error}") if found is None else (
            f"{path.name}:{found[0]}:{found[1]}", f"the date {found[2]} does not exist ({error})")
        raise ConfigFileError(f"{where}: error: {what}; write every date as an existing "
                              "year-month-day, e.g. 2027-01-12") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: error: {path.name} must be a mapping of settings such "
                              "as 'site_name:'")
    if "INHERIT" not in data:
        return data
    parent_name = data.pop("INHERIT")
    where = _inherit_place(path, text)
    if not isinstance(parent_name, str) or not parent_name.strip():
        # MkDocs follows one parent file only; a list or a number was skipped without a word.
        raise ConfigFileError(f"{where}: error: INHERIT must name one parent file, not "
                              f"{_kind(parent_name)}; write its path from the folder of "
                              f"{path.name}, e.g. 'INHERIT: base.yml', or remove INHERIT")
    parent = (path.parent / parent_name).resolve()
    chain = (*_seen, path.resolve())
    if parent in chain:
        files = " -> ".join(file.name for file in (*chain[chain.index(parent):], parent))
        raise ConfigFileError(f"{where}: error: INHERIT '{parent_name}' goes round in a "
                              f"circle ({files}); remove INHERIT from one of these files")
    if not parent.is_file():
        what = "is a folder, not a file" if parent.is_dir() else "does not exist"
        raise ConfigFileError(f"{where}: error: INHERIT names '{parent_name}', which "
                              f"{what}; write the path of the parent file from the "
                              f"folder of {path.name}")
    data = deep_merge(read_config_file(parent, chain, read), data)
    return data


def inherited_files(path: Path) -> list[Path]:
    """mkdocs.yml and the parent files it INHERITs, nearest first: what `serve` watches, since
    a setting saved in a parent changes the guide as much as one in mkdocs.yml. A broken link
    ends the chain (reading the settings reports it)."""
    files: list[Path] = []
    try:
        read_config_file(path, read=files)
    except ConfigFileError:
        pass  # the files up to the broken one, which is watched too: saving the fix rebuilds
    return files


def _kind(value: Any) -> str:
    """What a YAML value is, in the words of an error message."""
    if value is None or value == "":
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _inherit_place(path: Path, text: str) -> str:
    """`name:line:column` of the value of `INHERIT:` in the file, or the file's name."""
    try:
        root = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return path.name
    for key, value in getattr(root, "value", []):
        if isinstance(key, yaml.ScalarNode) and key.value == "INHERIT":
            mark = value.start_mark
            return f"{path.name}:{mark.line + 1}:{mark.column + 1}"
    return path.name


def _impossible_date(text: str) -> tuple[int, int, str] | None:
    """(line, column, as written) of the first date YAML reads as one but that does not exist
    (2027-02-30): loading only says 'day is out of range for month', not where."""
    try:
        found = impossible_date(yaml.compose(text, Loader=_TolerantLoader))
    except yaml.YAMLError:
        return None
    if found is None:
        return None
    node = found[0]
    return node.start_mark.line + 1, node.start_mark.column + 1, str(node.value)
