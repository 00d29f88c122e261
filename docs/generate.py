"""Text that `cog` writes into the docs from the code itself (`cog -r docs/*.md` to refresh;
`.ci/run` runs `cog --check`, so a changed option or key that the docs miss fails CI)."""

from __future__ import annotations

import click
from click.testing import CliRunner

WIDTH = 100


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found: list[list[str]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        path = [*prefix, name]
        found.append(path)
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


def command_help() -> str:
    """Every command's and subcommand's `--help`, as the terminal shows it at 100 columns."""
    from summarise.cli.app import cli

    runner = CliRunner()
    parts: list[str] = []
    for path in _commands(cli, []):
        done = runner.invoke(
            cli, [*path, "--help"], prog_name="summarise", terminal_width=WIDTH, color=False
        )
        parts += [
            f"### `summarise {' '.join(path)}`",
            "",
            "```text",
            done.output.rstrip(),
            "```",
            "",
        ]
    return "\n".join(parts)


def review_keys() -> str:
    from summarise.tui.keymap import key_sections, markdown_table
    from summarise.tui.screens.review import ReviewScreen

    return markdown_table(key_sections(ReviewScreen.BINDINGS))
