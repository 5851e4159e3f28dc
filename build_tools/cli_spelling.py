"""A command line with words where options belong, answered with the line to type instead.

`gesprekskit pdf PROJECT KIT` or `gesprekskit pdf KIT vragenblad` (an older order, or the sheet
written as a word) gets click's bare "unexpected extra argument". Each extra word may be a value
of a choice option (`vragenblad` → `--sheet vragenblad`), a folder of a project (→ `-p FOLDER`)
or the command's own argument; when exactly one reading fits, the error shows the whole line.
Two readings (a kit named like a sheet, a folder named like the kit) get no guess: a wrong line
typed in trust is worse than click's own words.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click


def _option_words(command: click.Command) -> tuple[set[str], dict[str, str]]:
    """The options that take a value (so the word after them is theirs), and every value of a
    choice option with the option that takes it."""
    valued: set[str] = set()
    choices: dict[str, str] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.is_flag or param.count:
            continue
        valued.update(param.opts + param.secondary_opts)
        if isinstance(param.type, click.Choice):
            longest = max(param.opts, key=len)
            for choice in param.type.choices:
                choices.setdefault(str(choice), longest)
    return valued, choices


def _option_name(word: str) -> str:
    """The option a word names: `--sheet=kaarten` is --sheet, `-ofile.pdf` is -o."""
    if word.startswith("--"):
        return word.split("=", 1)[0]
    return word[:2]


def _is_project_folder(word: str) -> bool:
    """A word that names a project's own folder (the one with mkdocs.yml, as the old order
    `pdf PROJECT KIT` wrote it): never '' (the current folder to pathlib), never a folder inside
    a project, which is as likely a folder named like the kit."""
    return bool(word.strip()) and (Path(word) / "mkdocs.yml").is_file()


#: More extra words than this are no slip of the hand: no line is guessed.
_MOST_WORDS = 6


def spelling_hint(command: click.Command, command_path: str, args: list[str]) -> str | None:
    """The line meant by `args`, or None when the extra words cannot be placed in one way only.

    Every way of reading the words is tried (each word the command's argument, a value of a
    choice option not given yet, or the project folder); a line is named only when exactly one
    reading fills the arguments, gives no option twice and places at least one word."""
    valued, choices = _option_words(command)
    options: list[str] = []
    words: list[str] = []
    taken_by_option = False
    for word in args:
        if taken_by_option:
            options.append(word)
            taken_by_option = False
        elif word.startswith("-") and word != "-":
            options.append(word)
            taken_by_option = word in valued
        else:
            words.append(word)
    arguments = [param for param in command.params if isinstance(param, click.Argument)]
    if len(words) <= len(arguments) or len(words) > _MOST_WORDS or "--" in args:
        return None
    given = {_option_name(option) for option in options if option.startswith("-")}
    may_name_project = any(param.name == "project_option" for param in command.params) and \
        not given & {"-p", "--project"}
    readings: list[tuple[str | None, ...]] = [()]
    for word in words:
        ways: list[str | None] = [None]  # None: the command's argument
        if word in choices and choices[word] not in given:
            ways.append(choices[word])
        if may_name_project and _is_project_folder(word):
            ways.append("-p")
        readings = [(*reading, way) for reading in readings for way in ways]
    lines: set[str] = set()
    for reading in readings:
        placed_options = [way for way in reading if way is not None]
        if len(placed_options) != len(set(placed_options)) or \
                len(reading) - len(placed_options) != len(arguments):
            continue
        rest = [word for word, way in zip(words, reading) if way is None]
        placed = [item for word, way in zip(words, reading) if way is not None
                  for item in (way, word)]
        lines.add(" ".join(shlex.quote(word) for word in [*rest, *placed, *options]))
    if len(lines) != 1:
        return None
    return f"did you mean: {command_path} {lines.pop()}"


class SpellingHintCommand(click.Command):
    """A command whose "unexpected extra argument" error names the line meant."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            hint = spelling_hint(self, ctx.command_path, given)
            if hint is None or "unexpected extra argument" not in error.message:
                raise
            error.message = f"{error.message}; {hint}"
            raise
