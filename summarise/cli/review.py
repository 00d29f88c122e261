"""`summarise review`: the keyboard review TUI (Textual is imported only when it runs)."""

from __future__ import annotations

import click

from summarise.cli.app import REVIEWER_ENV, check_reviewer, cli, db_option, open_store
from summarise.store import StoreError
from summarise.store.claim_filter import parse_split


def _split(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_split(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@cli.command()
@db_option
@click.option(
    "--reviewer",
    metavar="NAME",
    envvar=REVIEWER_ENV,
    show_envvar=True,
    default=None,
    callback=check_reviewer,
    help="The name recorded with each decision (default: your login name).",
)
@click.option(
    "--split",
    metavar="K/N",
    default=None,
    callback=_split,
    help="Review only share K of N of the documents (e.g. 1/3, 2/3, 3/3 for a team of three).",
)
@click.option(
    "--story",
    "story",
    metavar="N",
    type=int,
    default=None,
    help="Open the story view of story N: its draft summary, decided point by point.",
)
def review(
    db_path: str, reviewer: str | None, split: tuple[int, int] | None, story: int | None
) -> None:
    """Accept (a), reject (r), edit (e) or undo (u) each claim, one key per decision.

    Every decision is saved in the background in the order typed; a claim a colleague has
    open is passed over by n. v (or --story N) shows a story's draft summary, to decide and
    fix point by point. Press ? in the app for every key.
    """
    if db_path != ":memory:":
        # Refuses a missing, empty or foreign file, unchanged, before the app opens it.
        open_store(db_path).close()
    from summarise.tui.app import create_app

    try:
        app = create_app(db_path, reviewer, split=split, story=story)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app.run()
