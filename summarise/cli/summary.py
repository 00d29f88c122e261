"""`summarise summary`: the cited summary of accepted claims, as Markdown, JSON or HTML."""

from __future__ import annotations

import click

from summarise.analysis import refresh as analysis
from summarise.cli.app import cli, db_option, open_store
from summarise.cli.output import output_file
from summarise.output.summary import RENDERERS, summarise_store
from summarise.store import StoreError


@cli.command()
@db_option
@click.option(
    "--story", "story_id", type=int, default=None, help="Only this story (see `stories`)."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="md", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="File to write (default: standard output).",
)
def summary(db_path: str, story_id: int | None, fmt: str, output: str) -> None:
    """Summarise the accepted claims, story by story: a headline, key points by topic with
    citations and corroboration counts, unresolved conflicts, and what is left to review.

    Pending and rejected claims never appear, only their counts. Formats are described in
    the README; the JSON follows schemas/summary.schema.json.
    """
    with open_store(db_path) as store:
        try:
            analysis.refresh(store)
            text = RENDERERS[fmt](summarise_store(store, story_id))
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    with output_file(output, newline="\n") as handle:
        handle.write(text)
    if output == "-":
        return
    click.echo(f"Wrote the summary to {output}", err=True)
