"""`summarise review`: the keyboard review TUI (Textual is imported only when it runs)."""

from __future__ import annotations

import os

import click

from summarise.cli.app import cli, db_option
from summarise.store import StoreError


@cli.command()
@db_option
@click.option(
    "--reviewer",
    metavar="NAME",
    default=None,
    help="The name recorded with each decision (default: your login name).",
)
def review(db_path: str, reviewer: str | None) -> None:
    """Accept (a), reject (r), edit (e) or undo (u) each claim, one key per decision.

    Every decision is committed at once; press ? in the app for every key.
    """
    if db_path != ":memory:" and not os.path.exists(db_path):
        raise click.ClickException(
            f"{db_path}: no such database; run `summarise batch PATH` first, or pass --db"
        )
    from summarise.tui.app import create_app

    try:
        app = create_app(db_path, reviewer)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app.run()
