"""A command line with words where options belong, answered with the line to type instead.

`gesprekskit pdf PROJECT KIT` or `gesprekskit pdf KIT vragenblad` (an older order, or the sheet
written as a word) gets click's bare "unexpected extra argument". Each extra word is recognised
as what it most likely is: a value of a choice option (`vragenblad` → `--sheet vragenblad`), a
folder (→ `-p FOLDER`), else the command's own argument; the error then shows the whole line.
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


def spelling_hint(command: click.Command, command_path: str, args: list[str]) -> str | None:
    """The line meant by `args`, or None when no extra word can be placed."""
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
    if len(words) <= len(arguments):
        return None
    placed: list[str] = []
    rest: list[str] = []
    has_project = any(option in ("-p", "--project") for option in options)
    for word in words:
        if word in choices and choices[word] not in options:
            placed += [choices[word], word]
        elif not has_project and Path(word).is_dir() and \
                any(param.name == "project_option" for param in command.params):
            placed += ["-p", word]
            has_project = True
        else:
            rest.append(word)
    if len(rest) > len(arguments) or not placed:
        return None
    line = " ".join(shlex.quote(word) for word in [*rest, *placed, *options])
    return f"did you mean: {command_path} {line}"


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
