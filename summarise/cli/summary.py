"""`summarise summary`: the cited summary of accepted claims, as Markdown, JSON or HTML."""

from __future__ import annotations

import click

from summarise.cli.app import cli, db_option, open_store, read_only_option, refresh_analysis
from summarise.cli.output import output_file, output_option
from summarise.output.summary import RENDERERS, summarise_store
from summarise.output.terminal import for_terminal
from summarise.store import StoreError


@cli.command()
@db_option
@click.option(
    "--story", "story_id", type=int, default=None, help="Only this story (see `stories`)."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="md", show_default=True
)
@output_option
@read_only_option
def summary(db_path: str, story_id: int | None, fmt: str, output: str, read_only: bool) -> None:
    """Summarise the accepted claims, story by story: a headline, key points by topic with
    citations and corroboration counts, unresolved conflicts, and what is left to review.

    Pending and rejected claims never appear, only their counts. Formats are described in
    the README; the JSON follows schemas/summary.schema.json.
    """
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        try:
            text = RENDERERS[fmt](summarise_store(store, story_id))
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    with output_file(output, newline="\n") as handle:
        handle.write(text)
    if output == "-":
        return
    click.echo(f"Wrote the summary to {for_terminal(output)}", err=True)
