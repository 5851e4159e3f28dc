"""A command line with words where options belong, answered with the line to type instead.

`gesprekskit pdf PROJECT KIT` or `gesprekskit pdf KIT vragenblad` (an older order, or the sheet
written as a word) gets click's bare "unexpected extra argument". Each extra word may be a value
of a choice option (`vragenblad` → `--sheet vragenblad`), a folder of a project (→ `-p FOLDER`)
or the command's own argument; when exactly one reading fits, the error shows the whole line.
Two readings (a kit named like a sheet, a folder named like the kit) get no guess: a wrong line
typed in trust is worse than click's own words. An option of one value given twice with
different values (`--sheet kaarten --sheet compleet`) is refused: click would keep the last.
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


def _values_given(option: click.Option, args: list[str]) -> list[str]:
    """Every value `args` give `option`, in order (`--sheet x`, `--sheet=x`, `-ox`)."""
    names = set(option.opts + option.secondary_opts)
    values: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        if word == "--":
            break
        if word.startswith("--") and word.split("=", 1)[0] in names and "=" in word:
            values.append(word.split("=", 1)[1])
        elif word in names and index + 1 < len(args):
            values.append(args[index + 1])
            index += 1
        elif not word.startswith("--") and word[:2] in names and len(word) > 2:
            values.append(word[2:])
        index += 1
    return values


def repeated_option(command: click.Command, args: list[str]) -> str | None:
    """The error for an option of one value given twice with different values (`--sheet
    kaarten --sheet compleet`): click keeps the last without a word, and the user, who asked
    for two sheets, gets one."""
    for param in command.params:
        if not isinstance(param, click.Option) or param.is_flag or param.count or \
                param.multiple:
            continue
        values = list(dict.fromkeys(_values_given(param, args)))
        if len(values) < 2:
            continue
        longest = max(param.opts, key=len)
        every = [choice for choice in getattr(param.type, "choices", ())
                 if choice in ("all", "compleet")]
        also = (f", or {longest} {every[0]} for all of them in one run" if every else "")
        return (f"{longest} is given {len(values)} times ({', '.join(values)}) but takes one "
                f"value: keep one{also}")
    return None


class SpellingHintCommand(click.Command):
    """A command whose "unexpected extra argument" error names the line meant, and that
    refuses an option of one value given twice with different values."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as error:
            hint = spelling_hint(self, ctx.command_path, given)
            if hint is None or "unexpected extra argument" not in error.message:
                raise
            error.message = f"{error.message}; {hint}"
            raise
        repeated = repeated_option(self, given)
        if repeated is not None:
            raise click.UsageError(repeated, ctx)
        return rest
