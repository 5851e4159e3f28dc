"""Where a setting sits in mkdocs.yml (line and column), for messages that point at it.

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


class ConfigPositions:
    """The positions of one mkdocs.yml; a path names mapping keys and list indexes. The file
    is read on the first question only: a guide without mistakes never pays for it."""

    def __init__(self, config_file: Path | None) -> None:
        self.config_file = config_file or Path("mkdocs.yml")
        self._known = config_file is not None
        self._root: yaml.Node | None = None

    @property
    def root(self) -> yaml.Node | None:
        if self._known:
            self._known = False
            try:
                self._root = yaml.compose(self.config_file.read_text(encoding="utf-8"),
                                          Loader=_LOADER)
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                self._root = None
        return self._root

    def location(self, path: ConfigPath, *, value: bool = False) -> Location:
        """The deepest part of `path` the file has: a key where it is written (its value with
        `value=True`, e.g. the page a nav entry names), a list item where it starts."""
        found = self._walk(path, value)[0]
        if found is None:
            return Location(self.config_file)
        return Location(self.config_file, found.start_mark.line + 1, found.start_mark.column + 1)

    def written(self, path: ConfigPath) -> str | None:
        """A value as the author typed it (`10:00`, which YAML 1.1 reads as 600), or None."""
        found, complete = self._walk(path, True)
        return found.value if complete and isinstance(found, yaml.ScalarNode) else None

    def _walk(self, path: ConfigPath, value: bool) -> tuple[yaml.Node | None, bool]:
        node, found = self.root, self.root
        for step in path:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = next(((key, item) for key, item in node.value
                             if getattr(key, "value", None) == step), None)
                if pair is None:
                    return found, False
                found, node = pair[1] if value else pair[0], pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                    and 0 <= step < len(node.value):
                found = node = node.value[step]
            else:
                return found, False
        return found, True

    def plugin_path(self, name: str) -> ConfigPath:
        """The path to a plugin's options: ("plugins", index, name) in a list of plugins,
        ("plugins", name) in a mapping."""
        plugins = self._child(self.root, "plugins")
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
