"""`summarise init`: make a new database or upgrade one an older version left, and say which.

Besides `batch`, the only command that writes a schema: every other command refuses a
missing database or an older one, naming this command (issue 24, item 9).
"""

from __future__ import annotations

import click

from summarise.cli.app import cli, db_option, open_store
from summarise.output.terminal import for_terminal
from summarise.store.migrations import MIGRATIONS


@cli.command()
@db_option
def init(db_path: str) -> None:
    """Create the database, or upgrade one an older summarise made, and say what was done.

    Another application's SQLite file is refused unchanged. `batch` does the same on its
    own; every other command only opens a database that is already up to date.
    """
    with open_store(db_path, create=True) as store:
        ran = store.migrated
    latest = MIGRATIONS[-1].name
    where = for_terminal(db_path)
    if len(ran) == len(MIGRATIONS):
        click.echo(f"Created {where}: a new summarise database (schema {latest}).")
    elif ran:
        plural = "s" if len(ran) > 1 else ""
        click.echo(
            f"Upgraded {where} to schema {latest}: applied {len(ran)} migration{plural} "
            f"({', '.join(ran)})."
        )
    else:
        click.echo(f"{where} is up to date (schema {latest}); nothing was changed.")
