"""Where a setting sits in mkdocs.yml or a file it inherits from (file, line and column), for
messages that point at it.

The file is composed, not loaded: YAML nodes carry their positions and no tag (MkDocs'
`!!python/name:` or `!ENV`) is resolved, so nothing is imported or read from the environment.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Location

ConfigPath = tuple[str | int, ...]


#: libyaml's composer when PyYAML has it: the nodes carry the same positions, much faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: How many files deep `INHERIT:` is followed for positions (reading the settings refuses a
#: circle; this only bounds the walk).
MAX_INHERIT_DEPTH = 8


class ConfigPositions:
    """The positions of one mkdocs.yml and of the files it inherits from (`INHERIT:`); a path
    names mapping keys and list indexes. A setting is found where the merged configuration
    takes it from: the file itself first, then its parent, and so on (MkDocs merges nested
    mappings, the child winning). The files are read on the first question only: a guide
    without mistakes never pays for it."""

    def __init__(self, config_file: Path | None) -> None:
        self.config_file = config_file or Path("mkdocs.yml")
        self._known = config_file is not None
        self._chain: list[tuple[Path, yaml.Node]] = []

    @property
    def chain(self) -> list[tuple[Path, yaml.Node]]:
        """(file, root node) of mkdocs.yml and of each file it inherits from, child first."""
        if self._known:
            self._known = False
            path: Path | None = self.config_file
            while path is not None and len(self._chain) < MAX_INHERIT_DEPTH:
                root = _compose(path)
                if root is None or any(path.resolve() == known.resolve()
                                       for known, _ in self._chain):
                    break
                self._chain.append((path, root))
                parent = self._child(root, "INHERIT")
                path = (path.parent / parent.value).resolve() \
                    if isinstance(parent, yaml.ScalarNode) and parent.value else None
        return self._chain

    def location(self, path: ConfigPath, *, value: bool = False) -> Location:
        """The deepest part of `path` the files have: a key where it is written (its value with
        `value=True`, e.g. the page a nav entry names), a list item where it starts."""
        file, found = self._find(path, value)[:2]
        if found is None:
            return Location(self.config_file)
        return Location(file, found.start_mark.line + 1, found.start_mark.column + 1)

    def written(self, path: ConfigPath) -> str | None:
        """A value as the author typed it (`10:00`, which YAML 1.1 reads as 600), or None."""
        _file, found, complete = self._find(path, True)
        return found.value if complete and isinstance(found, yaml.ScalarNode) else None

    def _find(self, path: ConfigPath, value: bool) -> tuple[Path, yaml.Node | None, bool]:
        """The first file of the chain that has all of `path`; else the one that has most of
        it (the file itself when they tie): (file, node, complete)."""
        best: tuple[Path, yaml.Node | None, bool] = (self.config_file, None, False)
        best_depth = -1
        for file, root in self.chain:
            found, depth = self._walk(root, path, value)
            if depth == len(path):
                return file, found, True
            if depth > best_depth:
                best, best_depth = (file, found, False), depth
        return best

    @staticmethod
    def _walk(root: yaml.Node, path: ConfigPath, value: bool) -> tuple[yaml.Node | None, int]:
        """The node of the deepest part of `path` under `root`, and how many steps it took."""
        node, found = root, root
        for depth, step in enumerate(path):
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = next(((key, item) for key, item in node.value
                             if getattr(key, "value", None) == step), None)
                if pair is None:
                    return found, depth
                found, node = pair[1] if value else pair[0], pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                    and 0 <= step < len(node.value):
                found = node = node.value[step]
            else:
                return found, depth
        return found, len(path)

    def plugin_path(self, name: str) -> ConfigPath:
        """The path to a plugin's options: ("plugins", index, name) in a list of plugins,
        ("plugins", name) in a mapping; in the first file of the chain that lists plugins
        (a child's list replaces its parent's)."""
        plugins = next((found for _file, root in self.chain
                        if (found := self._child(root, "plugins")) is not None), None)
        if isinstance(plugins, yaml.MappingNode):
            return ("plugins", name)
        for index, item in enumerate(plugins.value if isinstance(plugins, yaml.SequenceNode)
                                     else []):
            if getattr(item, "value", None) == name or self._child(item, name) is not None:
                return ("plugins", index, name)
        return ("plugins",)

    @staticmethod
    def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
        if not isinstance(node, yaml.MappingNode):
            return None
        return next((item for name, item in node.value if getattr(name, "value", None) == key),
                    None)


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
