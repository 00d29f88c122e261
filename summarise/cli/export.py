"""`summarise export`: claims as JSON Lines or CSV, for other tools."""

from __future__ import annotations

import functools

import click

from summarise.cli.app import cli, db_option, open_store, read_only_option, refresh_analysis
from summarise.cli.output import output_file, output_option
from summarise.models import ClaimStatus
from summarise.output import export as exporter
from summarise.output.terminal import for_terminal


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
    "--raw-csv",
    is_flag=True,
    help="CSV cells exactly as stored: no ' before a cell starting with = + - @ tab or CR "
    "(spreadsheets may then run such a cell as a formula).",
)
@output_option
@read_only_option
def export(
    db_path: str, fmt: str, status: str | None, raw_csv: bool, output: str, read_only: bool
) -> None:
    """Write claims with their quotes, offsets, status, provenance, last decision (reviewer,
    time, reject reason) and story.

    The JSON Lines format follows schemas/exported-claim.schema.json. In CSV, a cell that
    starts with = + - @ tab or CR gets a leading ' so that spreadsheets show it as text
    instead of running it as a formula (OWASP's rule; `read_csv` removes it again);
    --raw-csv leaves cells as stored.
    """
    if fmt == "jsonl":
        write = exporter.write_jsonl
    else:
        write = functools.partial(exporter.write_csv, formula_safe=not raw_csv)
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)  # each claim carries its story
        rows = exporter.records(store, status)
        with output_file(output, newline="") as handle:
            count = write(rows, handle)
    where = f" to {for_terminal(output)}" if output != "-" else ""
    click.echo(f"Exported {count} claim(s){where}", err=True)
