"""`batch --via batch-api | batch-file`: the hand-off from the batch command to the remote
path (summarise.pipeline.remote_submit), and what it prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarise.backends.base import Backend
from summarise.cli.app import EXIT_OK, EXIT_SOME_FAILED
from summarise.cli.jobs import batch_line, cost, opened, remote_errors
from summarise.cli.progress import TerminalObserver
from summarise.ingest.reader import InputError
from summarise.pipeline.options import VIA_BATCH_API, VIA_BATCH_FILE, BatchOptions


def submit_remote(
    chosen: Backend,
    paths: list[str],
    db_path: str,
    options: BatchOptions,
    *,
    quiet: bool,
) -> None:
    """`batch --via batch-api | batch-file`: the hand-off from the batch command."""
    from summarise.pipeline.remote_submit import submit

    via, dry_run = options.via, options.dry_run
    if via == VIA_BATCH_FILE and options.output is None and not dry_run:
        raise click.UsageError("--via batch-file needs -o requests.jsonl")
    if via == VIA_BATCH_API and options.output is not None:
        raise click.UsageError("-o/--output is for --via batch-file")
    observer = TerminalObserver(quiet=quiet)
    # A dry run writes nothing: an existing database says what is done or cached; a missing
    # one is not created (an in-memory one stands in).
    dry_path = db_path if Path(db_path).exists() else ":memory:"
    with remote_errors(), opened(dry_path if dry_run else db_path, create=True) as store:
        try:
            report = submit(store, chosen, paths, options, observer)
        except InputError as exc:
            raise click.UsageError(str(exc)) from exc
        finally:
            observer.close()
    if dry_run:
        click.echo(
            f"Dry run --via {via}: {report.documents} document(s), {report.requests} request(s) "
            f"in {report.files} file(s), ~{report.estimated_tokens:,} tokens"
            + (f" ({report.cached} chunk(s) answered from the cache)" if report.cached else "")
            + (f"; {report.unchanged} already extracted" if report.unchanged else "")
            + (f"; {report.in_flight} already submitted" if report.in_flight else "")
            + cost(chosen.key.model, report.estimated_tokens, 0)
            + ". Nothing was sent or stored."
        )
        return
    for batch in report.resumed:
        click.echo(f"Resumed remote job {batch.id}: {batch_line(batch)}")
    for batch in report.batches:
        click.echo(f"Remote job {batch.id}: {batch_line(batch)}")
    click.echo(
        f"{report.documents} document(s), {report.requests} request(s) in "
        f"{len(report.batches)} file(s)"
        + (f"; {report.unchanged} already extracted" if report.unchanged else "")
        + (f"; {report.in_flight} already submitted" if report.in_flight else "")
        + (f"; {report.unreadable} unreadable" if report.unreadable else "")
        + (
            f"; {report.settled.extracted} stored from the cache"
            if report.settled.extracted
            else ""
        )
        + "."
    )
    if via == VIA_BATCH_API and report.batches:
        click.echo(
            f"Check with `summarise jobs --db {db_path}`; `summarise jobs collect` stores "
            "the replies (or `summarise jobs --watch` waits and collects)."
        )
    elif via == VIA_BATCH_FILE and report.batches:
        click.echo(
            "Run the file(s) with vLLM (python -m vllm.entrypoints.openai.run_batch -i FILE "
            "-o results.jsonl --model MODEL), then `summarise jobs import results.jsonl`."
        )
    sys.exit(EXIT_SOME_FAILED if report.unreadable else EXIT_OK)
