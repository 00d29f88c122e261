"""`summarise datasette-metadata`: the metadata file that makes Datasette describe every
table, view and column of a summarise database."""

from __future__ import annotations

import json

from summarise.cli.app import cli, db_option
from summarise.cli.output import output_file, output_option
from summarise.output.datasette import metadata


@cli.command(name="datasette-metadata")
@db_option
@output_option
def datasette_metadata(db_path: str, output: str) -> None:
    """Print Datasette metadata (JSON) for the database: table, view and column
    descriptions, row labels and facets. Use it as

    \b
      summarise datasette-metadata -o metadata.json
      datasette review.db --metadata metadata.json

    The database is not opened: the metadata is keyed by its file name."""
    with output_file(output, newline="\n") as handle:
        handle.write(json.dumps(metadata(db_path), indent=2, ensure_ascii=False) + "\n")
