"""`summarise jobs`: remote jobs (OpenAI Batch API, vLLM request files) and their replies."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from summarise.cli.app import EXIT_OK, EXIT_SOME_FAILED, cli, db_option, open_store
from summarise.cli.listing import TEXT, emit, listing_options
from summarise.models import RemoteBatch
from summarise.output.listings import JobRow
from summarise.output.terminal import for_terminal
from summarise.store import Store, StoreError


def _db_here(function: Any) -> Any:
    """`--db` after the subcommand too (`summarise jobs collect --db x.db`)."""
    return click.option(
        "--db",
        "sub_db",
        default=None,
        type=click.Path(dir_okay=False),
        help="The SQLite database (same as `summarise jobs --db`).",
    )(function)


def _db(ctx: click.Context, sub_db: str | None) -> str:
    return sub_db or str(ctx.obj["db_path"])


@cli.group(invoke_without_command=True)
@db_option
@click.option("--watch", is_flag=True, help="Poll until every remote job ends, collecting each.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds between polls with --watch.",
)
@listing_options("json", "nl", "csv")
@click.pass_context
def jobs(ctx: click.Context, db_path: str, watch: bool, interval: float, fmt: str) -> None:
    """Remote jobs: status, request counts, age and estimated cost at batch prices.

    \b
    summarise jobs                      list (asks the provider about running batches)
    summarise jobs --watch              poll, collecting each batch as it completes
    summarise jobs collect              store the replies of ended batches
    summarise jobs import results.jsonl store a results file (vLLM run_batch)
    summarise jobs resubmit [ID]        send again what expired/failed/cancelled left
    summarise jobs cancel ID
    """
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is not None:
        return
    if fmt != TEXT and watch:
        raise click.UsageError("--watch prints as it goes: use it without --json/--nl/--csv")
    with remote_errors(), opened(db_path) as store:
        if fmt != TEXT:
            # Asks the provider about running batches first, as the table does.
            _for_each_key(store, lambda collector: _poll(collector, False))
            emit(job_rows(store), fmt, model=JobRow)
            return
        while True:
            reports = _for_each_key(store, lambda collector: _poll(collector, watch))
            _print_table(store)
            for report in reports:
                _print_collect(report)
            waiting = store.remote_batches.batches(
                statuses=(
                    "uploading",
                    "uploaded",
                    "validating",
                    "in_progress",
                    "finalizing",
                    "cancelling",
                )
            )
            if not watch or not [b for b in waiting if b.via == "batch-api"]:
                return
            time.sleep(interval)


@jobs.command()
@click.option(
    "--reask",
    type=click.Choice(["batch", "live"]),
    default="batch",
    show_default=True,
    help="Where replies that fail validation are asked again.",
)
@_db_here
@click.pass_context
def collect(ctx: click.Context, reask: str, sub_db: str | None) -> None:
    """Download and store the replies of every ended remote job."""
    with remote_errors(), opened(_db(ctx, sub_db)) as store:
        reports = _for_each_key(store, lambda collector: collector.collect(), reask=reask)
        if not reports:
            click.echo("No remote jobs to collect.")
        for report in reports:
            _print_collect(report)
        if reports and not any(r.stored or r.collected or r.replies for r in reports):
            running = [b for b in store.remote_batches.uncollected() if b.via == "batch-api"]
            click.echo(f"Nothing new to store; {len(running)} remote job(s) still running.")
    sys.exit(EXIT_SOME_FAILED if any(r.settled.failed for r in reports) else EXIT_OK)


@jobs.command(name="import")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--reask",
    type=click.Choice(["batch", "live"]),
    default="batch",
    show_default=True,
    help="Where replies that fail validation are asked again: a follow-up request file "
    "written next to RESULTS, or live.",
)
@_db_here
@click.pass_context
def import_results(ctx: click.Context, results: str, reask: str, sub_db: str | None) -> None:
    """Store RESULTS, a batch output file made elsewhere (vLLM run_batch, a console)."""
    with remote_errors(), opened(_db(ctx, sub_db)) as store:
        reports = _for_each_key(
            store, lambda c: c.import_file(Path(results)), reask=reask, via="batch-file"
        )
        if not reports:
            raise click.ClickException("no request files were written to this database")
        for report in reports:
            _print_collect(report)


@jobs.command()
@click.argument("ids", nargs=-1)
@_db_here
@click.pass_context
def resubmit(ctx: click.Context, ids: tuple[str, ...], sub_db: str | None) -> None:
    """Send again the unanswered requests of expired, failed or cancelled remote jobs."""
    from summarise.pipeline.remote_collect import resubmit as send_again

    with remote_errors(), opened(_db(ctx, sub_db)) as store:
        sent = _for_each_key(store, lambda c: send_again(c.session, list(ids) or None))
        batches = [batch for group in sent for batch in group]
        if not batches:
            click.echo("Nothing to resubmit.")
        for batch in batches:
            click.echo(f"Remote job {batch.id}: {batch_line(batch)}")


@jobs.command()
@click.argument("batch_id")
@_db_here
@click.pass_context
def cancel(ctx: click.Context, batch_id: str, sub_db: str | None) -> None:
    """Cancel a running remote job (its finished replies can still be collected)."""
    from summarise.pipeline.remote import RemoteJobs, backend_for

    with remote_errors(), opened(_db(ctx, sub_db)) as store:
        batch = store.remote_batches.batch(batch_id)
        if batch is None or batch.batch_id is None:
            raise click.ClickException(
                f"no submitted remote job {batch_id!r}; `summarise jobs` lists them"
            )
        session = RemoteJobs(store, backend_for(batch))
        try:
            status = session.service.cancel(batch.batch_id)
        finally:
            session.close()
        store.remote_batches.set_status(batch.id, status)
        # The id and status come from the provider: shown through the terminal renderer.
        click.echo(
            f"Remote job {batch.id} ({for_terminal(batch.batch_id or '')}): {for_terminal(status)}"
        )


# -- helpers ---------------------------------------------------------------------------


def _for_each_key(
    store: Store, action: Any, *, reask: str = "batch", via: str = "batch-api"
) -> list[Any]:
    """Run `action` with a collector per (model, mode, server) that has open remote jobs."""
    from summarise.pipeline.remote import RemoteJobs, backend_for
    from summarise.pipeline.remote_collect import Collector

    seen: set[tuple[Any, ...]] = set()
    results = []
    for batch in store.remote_batches.batches():
        group = (batch.key, batch.mode, batch.base_url)
        if batch.via != via or group in seen:
            continue
        # An imported file may be imported again (storing nothing); a collected batch is
        # done, unless a collection killed part-way left its documents or re-asks behind.
        if (
            via == "batch-api"
            and batch.collected_at
            and not store.remote_batches.has_unfinished(batch.id)
            and not store.remote_batches.has_loose_ends(batch.key)
        ):
            continue
        seen.add(group)
        session = RemoteJobs(store, backend_for(batch))
        try:
            if session.key != batch.key:
                raise click.ClickException(
                    f"remote job {batch.id} was made with prompt {batch.key.prompt_version}; the "
                    f"templates are now {session.key.prompt_version}: restore them to collect"
                )
            results.append(action(Collector(session, reask=reask)))
        finally:
            session.close()
    return results


def _poll(collector: Any, watch: bool) -> Any:
    if watch:
        return collector.collect()
    collector.refresh()
    return None


def _print_table(store: Store) -> None:
    batches = store.remote_batches.batches()
    if not batches:
        click.echo("No remote jobs.")
        return
    click.echo(f"{'ID':>4}  {'VIA':<10} {'STATUS':<12} {'REQUESTS':>16}  {'AGE':>6}  COST/BATCH ID")
    for batch in batches:
        click.echo(f"{batch.id:>4}  {batch_line(batch, store)}")


def job_rows(store: Store) -> list[Any]:
    from summarise.backends.openai.prices import batch_cost
    from summarise.output.listings import job_row

    rows = []
    for batch in store.remote_batches.batches():
        tokens = store.remote_batches.tokens(batch.id)
        priced = tokens if sum(tokens) else (batch.estimated_tokens, 0)
        rows.append(job_row(batch, tokens, batch_cost(batch.key.model, *priced)))
    return rows


def batch_line(batch: RemoteBatch, store: Store | None = None) -> str:
    """One remote job: via, status, requests done, age, cost (spent, else estimated), its id."""
    status = for_terminal(batch.status) + ("+stored" if batch.collected_at else "")
    counts = f"{batch.completed}/{batch.requests}" + (
        f" {batch.failed} failed" if batch.failed else ""
    )
    tokens = store.remote_batches.tokens(batch.id) if store else (0, 0)
    spent = tokens[0] + tokens[1]
    priced = (
        cost(batch.key.model, tokens[0], tokens[1])
        if spent
        else cost(batch.key.model, batch.estimated_tokens, 0)
    )
    where = batch.batch_id or batch.file_path or "(not yet created)"
    line = (
        f"{batch.via:<10} {status:<12} {counts:>16}  {_age(batch.created_at):>6} "
        f"{priced.strip('; ')} {for_terminal(where)}"
    )
    if batch.errors:
        line += f"\n      {for_terminal(batch.errors)}"
    return line


def cost(model: str, prompt: int, completion: int) -> str:
    """'; ~$X at batch prices', or the tokens when the model's price is not known."""
    from summarise.backends.openai.prices import batch_cost

    dollars = batch_cost(model, prompt, completion)
    if dollars is None:
        return f"; ~{prompt + completion:,} tokens"
    shown = f"{dollars:,.2f}" if dollars >= 1 else f"{dollars:.4f}"
    return f"; ~${shown} at batch prices"


def _age(created_at: str) -> str:
    seconds = (datetime.now(UTC) - datetime.fromisoformat(created_at)).total_seconds()
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"


def _print_collect(report: Any) -> None:
    if report is None or not (report.stored or report.collected or report.replies):
        return  # a poll that found nothing new says nothing
    for batch in report.collected:
        click.echo(f"Collected remote job {batch.id} ({for_terminal(batch.status)}).")
    click.echo(
        f"Replies: {report.ok} ok, {report.reasked} re-asked, {report.failed} failed"
        + (f", {report.already} already stored" if report.already else "")
        + (f", {report.unknown} not ours" if report.unknown else "")
        + (
            f", {len(report.malformed)} malformed ({'; '.join(report.malformed[:3])}"
            + ("; …" if len(report.malformed) > 3 else "")
            + ")"
            if report.malformed
            else ""
        )
        + (
            f", {report.unfinished} unanswered (resubmit with `summarise jobs resubmit`)"
            if report.unfinished
            else ""
        )
        + f". Documents stored: {report.settled.extracted}, failed: {report.settled.failed}; "
        f"claims {report.settled.claims_stored}"
        + (
            f" ({report.settled.claims_dropped} ungrounded dropped)"
            if report.settled.claims_dropped
            else ""
        )
        + f". Tokens {report.prompt_tokens + report.completion_tokens:,} (batch-priced)."
    )
    for source, reason in report.settled.failures[:20]:
        click.echo(f"  failed: {for_terminal(source)}: {for_terminal(reason)}", err=True)
    for batch in report.follow_ups:
        click.echo(f"Re-ask remote job {batch.id}: {batch_line(batch)}")


@contextmanager
def opened(db_path: str, *, create: bool = False) -> Iterator[Store]:
    store = open_store(db_path, create=create)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def remote_errors() -> Iterator[None]:
    """The remote path's expected failures as one line each (exit 1), never a traceback."""
    from summarise.pipeline.remote import RemoteJobError

    try:
        yield
    except (RemoteJobError, StoreError, ValueError) as exc:
        if isinstance(exc, click.ClickException):
            raise
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        from summarise.backends.openai.batch_api import BatchServiceError

        if isinstance(exc, BatchServiceError):
            raise click.ClickException(
                f"{exc}\nNothing recorded is lost: run the same command again to carry on."
            ) from exc
        raise
