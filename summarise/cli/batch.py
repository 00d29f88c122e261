"""`summarise batch`: extract claims from files into the database."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from summarise.backends import registry
from summarise.backends.base import Backend, BackendOptions
from summarise.cli.app import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    cli,
    db_option,
    model_server_options,
    open_store,
)
from summarise.cli.progress import TerminalObserver
from summarise.ingest.reader import DEFAULT_MAX_BYTES, InputError
from summarise.output.terminal import for_terminal
from summarise.pipeline.estimate import estimate_run
from summarise.pipeline.options import LIVE, VIAS, BatchOptions
from summarise.pipeline.runner import RunReport, run_batch
from summarise.store import StoreError

# 128 + SIGINT, as shells report a process stopped by Ctrl-C.
EXIT_INTERRUPTED = 130


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--backend",
    default="auto",
    show_default=True,
    help="regex (offline), openai (any OpenAI-compatible server), or auto: openai "
    "when an API key or base URL is configured, regex otherwise.",
)
@model_server_options
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds to wait for a connection or for the server's next bytes, per attempt "
    "[default: 120]. Raise it for a slow local model.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds one attempt may take in all, however the reply trickles in "
    "[default: twice --timeout].",
)
@click.option(
    "--breaker",
    type=click.IntRange(min=1),
    default=None,
    help="Stop the run when this many requests in a row fail to connect or time out and "
    "the server does not answer a few probes [default: 5].",
)
@click.option(
    "--context",
    type=click.IntRange(min=512),
    default=None,
    help="The server's context window in tokens (e.g. 2048 for many local servers): chunks "
    "shrink so the prompt, a re-ask and the reply cap fit.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Documents extracted at once (model backend).",
)
@click.option(
    "--rpm",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Client-side limit on model requests per minute.",
)
@click.option(
    "--max-tokens",
    type=click.IntRange(min=1),
    default=None,
    help="Token budget for the run: stop cleanly before exceeding it.",
)
@click.option(
    "--chunk-tokens",
    type=click.IntRange(min=200),
    default=None,
    help="Split documents longer than this many (estimated) tokens into overlapping "
    "chunks [default: 6000].",
)
@click.option(
    "--validation-retries",
    type=click.IntRange(min=0),
    default=None,
    help="Re-asks after a reply fails validation (a quote not in the document) [default: 2].",
)
@click.option(
    "--transport-retries",
    type=click.IntRange(min=0),
    default=None,
    help="Resends after a 429, 5xx, timeout or dropped connection [default: 4].",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Estimate the tokens and requests the run would need; call and store nothing.",
)
@click.option("--force", is_flag=True, help="Re-extract documents already extracted.")
@click.option(
    "--retry-empty",
    is_flag=True,
    help="Extract again documents whose last extraction gave no claims at all.",
)
@click.option(
    "--via",
    type=click.Choice(list(VIAS)),
    default="live",
    show_default=True,
    help="live: ask the model now; batch-api: submit to the provider's Batch API (half "
    "price, within 24h; collect with `summarise jobs`); batch-file: write request files "
    "for vLLM's run_batch (-o), then `summarise jobs import`.",
)
@click.option(
    "-o",
    "--output",
    "requests_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --via batch-file: the request file to write (requests.jsonl).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read file symlinks that point outside the directory being read, and walk "
    "symlinked folders inside it (a link back to a folder above is reported as a loop). By "
    "default both are reported and not read: an untrusted folder could link to /etc or your "
    "environment.",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the closing line and errors.")
def batch(
    paths: tuple[str, ...],
    db_path: str,
    backend: str,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    concurrency: int,
    rpm: float | None,
    max_tokens: int | None,
    timeout: float | None,
    deadline: float | None,
    breaker: int | None,
    context: int | None,
    chunk_tokens: int | None,
    validation_retries: int | None,
    transport_retries: int | None,
    dry_run: bool,
    force: bool,
    retry_empty: bool,
    via: str,
    requests_path: str | None,
    max_bytes: int,
    follow_symlinks: bool,
    quiet: bool,
) -> None:
    """Extract claims from PATHS (files, directories, globs, or - for stdin).

    Directories are read recursively for .txt and .md files. A document already extracted
    with the same backend, model and prompt is not extracted again unless --force.

    \b
    Exit codes: 0 all went well; 1 some documents failed or the batch stopped early (each
    is named, the rest is stored, and the same command resumes); 2 usage error; 130
    interrupted (Ctrl-C; the same command resumes).
    """
    options = BackendOptions(
        model=model,
        base_url=base_url,
        api_key=os.environ.get("OPENAI_API_KEY"),
        mode=mode,
        concurrency=concurrency,
        requests_per_minute=rpm,
        max_tokens=max_tokens,
        extra={
            name: value
            for name, value in (
                ("chunk_tokens", chunk_tokens),
                ("timeout", timeout),
                ("deadline", deadline),
                ("breaker", breaker),
                ("context_tokens", context),
                ("validation_retries", validation_retries),
                ("transport_retries", transport_retries),
            )
            if value is not None
        },
    )
    try:
        chosen = registry.create(backend, options)
    except (registry.UnknownBackend, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    if requests_path is not None and via == LIVE:
        raise click.UsageError("-o/--output is for --via batch-file")
    # Built once: every path below reads its options from this one value.
    run_options = BatchOptions(
        via=via,
        force=force,
        retry_empty=retry_empty,
        max_bytes=max_bytes,
        max_tokens=max_tokens,
        follow_symlinks=follow_symlinks,
        dry_run=dry_run,
        output=Path(requests_path) if requests_path else None,
    )
    if run_options.remote:
        from summarise.cli.batch_remote import submit_remote

        submit_remote(chosen, list(paths), db_path, run_options, quiet=quiet)
        return
    if dry_run:
        _dry_run(chosen, list(paths), db_path, run_options)
        return
    store = open_store(db_path, create=True)
    observer = TerminalObserver(quiet=quiet)
    try:
        with _sigterm_as_ctrl_c():
            report = run_batch(
                store,
                chosen,
                list(paths),
                run_options,
                observer,
            )
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    except StoreError as exc:
        # Each document is stored in its own transaction: what was stored stays, the
        # document being written is not half-written, and a rerun resumes.
        raise click.ClickException(
            f"{exc}\nThe run stopped; documents stored before this are kept, and running "
            "the same command again carries on from there."
        ) from exc
    finally:
        observer.close()
        store.close()
    click.echo(closing_line(report, db_path))
    if report.status == "interrupted":
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_SOME_FAILED if report.failed or report.status != "completed" else EXIT_OK)


def _dry_run(
    chosen: Backend,
    paths: list[str],
    db_path: str,
    options: BatchOptions,
) -> None:
    # An existing database says what is already extracted or cached; a missing one is not
    # created, since a dry run writes nothing.
    store = open_store(db_path) if Path(db_path).exists() else None
    try:
        estimate = estimate_run(store, chosen, paths, options)
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        if store is not None:
            store.close()
        asyncio.run(chosen.aclose())
    click.echo(estimate.describe())


@contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (`kill`, a service manager, a closing SSH session's shell) stops the batch as
    Ctrl-C does: whatever handles SIGINT at that moment (asyncio's runner, which cancels the
    run so it is recorded interrupted, else Python's KeyboardInterrupt) handles it, and the
    closing line is printed. Only the main thread may set a handler."""

    def on_sigterm(signum: int, frame: object) -> None:
        handler = signal.getsignal(signal.SIGINT)
        if callable(handler):
            handler(signal.SIGINT, frame)
        else:
            raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def closing_line(report: RunReport, db_path: str) -> str:
    if not (report.read or report.failed or report.skipped) and report.unchanged:
        return (
            f"Nothing new: all {report.unchanged} document(s) were already extracted with "
            f"{for_terminal(report.backend)}; {for_terminal(db_path)} is unchanged. "
            "Use --force to re-extract."
        )
    parts = [
        f"{report.read} read",
        f"{report.skipped} skipped",
        f"{report.failed} failed",
    ]
    if report.unchanged:
        parts.append(f"{report.unchanged} already extracted")
    line = (
        f"Documents: {', '.join(parts)}. Claims stored: {report.claims_stored}"
        + (f" ({report.claims_dropped} ungrounded dropped)" if report.claims_dropped else "")
        + f". {report.seconds:.1f}s, run {report.run_id} -> {for_terminal(db_path)}"
    )
    if report.tokens:
        line += f". Tokens: {report.tokens}"
    if report.no_claims:
        source, characters = max(report.no_claims, key=lambda found: found[1])
        line += (
            f". {len(report.no_claims)} document(s) gave no claims at all (largest: 0 claims "
            f"from a {characters:,}-character document, {for_terminal(source)}; "
            "--retry-empty asks again)"
        )
    elif report.read:
        line += ". 0 document(s) gave no claims at all"
    if report.chunks:
        line += f". Chunks per document: {report.chunks_summary()}"
    if report.status == "aborted":
        line += (
            f". Run aborted: {for_terminal(report.stopped or 'stopped early')}; "
            f"{report.not_started} document(s) not started; run the same command again to "
            "resume."
        )
    elif report.status == "interrupted":
        line += ". Run interrupted; run the same command again to resume."
    elif report.status != "completed":
        line += f". Run {report.status}."
    return line
