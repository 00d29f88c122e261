"""`summarise conflicts`: claims that disagree, and settling them."""

from __future__ import annotations

import getpass
import itertools
import os
from collections.abc import Iterator

import click

from summarise.analysis.sources import outlet_label
from summarise.cli.app import (
    REVIEWER_ENV,
    check_reviewer,
    chosen_db,
    cli,
    db_option,
    open_store,
    read_only_option,
    refresh_analysis,
    sub_db_option,
)
from summarise.cli.listing import emit, listing_options
from summarise.models import ConflictRecord, Resolution
from summarise.output.listings import conflict_row
from summarise.output.terminal import for_terminal
from summarise.store import Store, StoreError


@cli.group(invoke_without_command=True)
@db_option
@click.option(
    "--status",
    type=click.Choice(["open", "resolved", "obsolete", "all"]),
    default="open",
    show_default=True,
)
@click.option("--story", "story_id", type=int, default=None, help="Only this story.")
@read_only_option
@listing_options("json", "nl")
@click.pass_context
def conflicts(
    ctx: click.Context,
    db_path: str,
    status: str,
    story_id: int | None,
    read_only: bool,
    fmt: str,
) -> None:
    """List conflicts: claims giving different values for the same quantity or date, with
    every value, its claims (id and review status) and their documents."""
    ctx.obj = db_path
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        # A page of conflicts at a time: memory holds a page, whatever the archive's size.
        records = _pages(store, None if status == "all" else status, story_id)
        first = next(records, None)
        if first is None and fmt == "text":
            click.echo(f"No {'' if status == 'all' else status + ' '}conflicts.")
            return
        every = itertools.chain([first] if first is not None else [], records)
        if fmt == "text":
            for index, record in enumerate(every):
                if index:
                    click.echo("")
                click.echo(render(record))
            return
        emit((conflict_row(record) for record in every), fmt)


PAGE = 500  # conflicts read at once


def _pages(store: Store, status: str | None, story_id: int | None) -> Iterator[ConflictRecord]:
    after: int | None = None
    while page := store.conflicts.list(status=status, story_id=story_id, after=after, limit=PAGE):
        yield from page
        after = page[-1].id


def render(record: ConflictRecord) -> str:
    story = f", story {record.story_id}" if record.story_id is not None else ""
    lines = [f"Conflict {record.id} [{record.status}{story}] {record.kind}: {record.subject}"]
    for members in record.values().values():
        lines.append(f"  {members[0].value}")
        for member in members:
            quote = " ".join(member.quote.split())
            if len(quote) > 110:
                quote = quote[:107] + "..."
            lines.append(
                f"    {member.claim_id} ({member.status}) "
                f"{outlet_label(member.document_source)}: “{quote}”"
            )
    if record.resolution is not None:
        r = record.resolution
        picked = f" claim {r.claim_id}" if r.claim_id else ""
        lines.append(f"  Resolved: {r.action}{picked} by {r.reviewer} at {r.decided_at[:19]}")
    # Quotes, subjects, file names and reviewer names are untrusted: one visible line each.
    return "\n".join(for_terminal(line) for line in lines)


@conflicts.command()
@click.argument("conflict_id", type=int)
@click.option("--pick", "pick", default=None, help="The claim (id or unique prefix) that is right.")
@click.option("--keep-both", is_flag=True, help="Keep every value, each with its sources.")
@click.option("--reject", is_flag=True, help="Reject every claim of the conflict.")
@click.option(
    "--reviewer",
    envvar=REVIEWER_ENV,
    show_envvar=True,
    default=None,
    callback=check_reviewer,
    help="Who decides (default: your user name).",
)
@click.option("--note", default=None, help="Why, for the record.")
@sub_db_option
@click.pass_obj
def resolve(
    db_path: str,
    conflict_id: int,
    pick: str | None,
    keep_both: bool,
    reject: bool,
    reviewer: str | None,
    note: str | None,
    sub_db: str | None,
) -> None:
    """Settle CONFLICT_ID: --pick CLAIM accepts that claim and rejects those stating another
    value; --keep-both accepts all its pending claims (the summary shows every value with its
    sources); --reject rejects all its claims. One transaction; each status change is a
    review row like any other decision."""
    if sum([pick is not None, keep_both, reject]) != 1:
        raise click.UsageError("give exactly one of --pick CLAIM_ID, --keep-both, --reject")
    action = Resolution.PICK if pick else Resolution.KEEP_BOTH if keep_both else Resolution.REJECT
    with open_store(chosen_db(db_path, sub_db)) as store:
        record = store.conflicts.get(conflict_id)
        if record is None:
            raise click.ClickException(f"no conflict {conflict_id} (see `summarise conflicts`)")
        claim_id = _member(record, pick) if pick else None
        try:
            resolution = store.conflicts.resolve(
                conflict_id,
                action,
                reviewer=reviewer or _user(),
                claim_id=claim_id,
                note=note,
            )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Conflict {conflict_id} resolved ({action.value}); "
        f"{len(resolution.reviews)} claim decision(s) recorded."
    )


def _member(record: ConflictRecord, given: str) -> str:
    ids = sorted({m.claim_id for m in record.members if m.claim_id.startswith(given)})
    if len(ids) != 1:
        raise click.ClickException(
            f"{given!r} matches {len(ids)} claims of conflict {record.id}; "
            f"its claims: {', '.join(sorted({m.claim_id for m in record.members}))}"
        )
    return ids[0]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "reviewer"
