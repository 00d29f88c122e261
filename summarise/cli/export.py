"""`summarise export`: claims as JSON Lines or CSV, for other tools."""

from __future__ import annotations

import click

from summarise.cli.app import cli, db_option, open_store
from summarise.cli.output import output_file
from summarise.models import ClaimStatus
from summarise.output import export as exporter


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option(
    "--status",
    type=click.Choice([s.value for s in ClaimStatus]),
    default=None,
    help="Only claims with this status (default: all).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="File to write (default: standard output).",
)
def export(db_path: str, fmt: str, status: str | None, output: str) -> None:
    """Write claims with their quotes, offsets, status and provenance.

    The JSON Lines format follows schemas/exported-claim.schema.json.
    """
    write = exporter.write_jsonl if fmt == "jsonl" else exporter.write_csv
    with open_store(db_path) as store:
        rows = exporter.records(store, status)
        with output_file(output, newline="") as handle:
            count = write(rows, handle)
    click.echo(f"Exported {count} claim(s)" + (f" to {output}" if output != "-" else ""), err=True)
