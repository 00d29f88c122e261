"""`summarise logs`: the model calls, newest first, as `llm logs` shows them: tokens, cost,
latency and outcome per request, and the request and reply on demand."""

from __future__ import annotations

import json
from typing import Any

import click

from summarise.cli.app import cli, db_option, open_store, read_only_option
from summarise.cli.listing import TEXT, emit, listing_options, safe_lines
from summarise.output.listings import CallRow
from summarise.output.terminal import for_terminal


@cli.command()
@click.argument("call_id", type=int, required=False)
@db_option
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many calls, newest first (0: all).",
)
@click.option("--run", "run_id", type=int, default=None, help="Only the calls of this run.")
@click.option(
    "-q",
    "--query",
    default=None,
    help="Only calls whose request, reply, error, model or document name contains this.",
)
@click.option("--full", is_flag=True, help="Show each call's request and reply too.")
@listing_options("json", "nl", "csv")
@read_only_option
def logs(
    call_id: int | None,
    db_path: str,
    count: int,
    run_id: int | None,
    query: str | None,
    full: bool,
    fmt: str,
    read_only: bool,
) -> None:
    """Model calls, newest first: when, model, outcome, tokens, cost, latency and the
    document part asked about. `summarise logs ID` shows one call with its request and
    reply (also `--full`). Every attempt is logged, failed and re-asked ones too."""
    with open_store(db_path, read_only=read_only) as store:
        if call_id is not None:
            found = store.browsing.call(call_id)
            if found is None:
                raise click.ClickException(f"no model call {call_id} (see `summarise logs`)")
            rows = [found]
            full = True
        else:
            rows = store.browsing.calls(limit=count or None, run_id=run_id, query=query, full=full)
    records = [call_row(row, full=full) for row in rows]
    if fmt == TEXT and not records:
        click.echo("No model calls logged" + (" match" if query or run_id else "") + ".")
        return
    emit(records, fmt, text=lambda: render(records, full=full), model=CallRow)


def call_row(row: dict[str, Any], *, full: bool) -> CallRow:
    data = {
        key: value for key, value in row.items() if key not in ("pricing", "request", "response")
    }
    data["tokens_estimated"] = bool(row["tokens_estimated"])
    data["cost_usd"] = cost_usd(
        row["model"], row["prompt_tokens"], row["completion_tokens"], row["pricing"]
    )
    if full:
        data["request"] = _parsed(row.get("request"))
        data["response"] = _parsed(row.get("response"))
    return CallRow(**data)


def cost_usd(model: str, prompt: int, completion: int, pricing: str | None) -> float | None:
    """Dollars at the model's list price, or its batch price for a batch-priced call."""
    from summarise.backends.openai.prices import BATCH_DISCOUNT, batch_cost

    dollars = batch_cost(model, prompt, completion)
    if dollars is None:
        return None
    return dollars if pricing == "batch" else dollars / BATCH_DISCOUNT


def _parsed(body: str | None) -> Any:
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body  # kept as sent or received


def render(records: list[CallRow], *, full: bool) -> str:
    blocks = [_summary(call) + ("\n" + _bodies(call) if full else "") for call in records]
    return ("\n\n" if full else "\n").join(blocks)


def _summary(call: CallRow) -> str:
    tokens = f"{call.prompt_tokens}+{call.completion_tokens} tokens" + (
        " (estimated)" if call.tokens_estimated else ""
    )
    money = f", ${call.cost_usd:.4f}" if call.cost_usd is not None else ""
    latency = f", {call.latency_ms / 1000:.1f}s" if call.latency_ms is not None else ""
    run = f" run {call.run_id}" if call.run_id is not None else ""
    name = (call.document_source or call.document_id).replace("\\", "/").rsplit("/", 1)[-1]
    lines = [
        f"#{call.id} {call.started_at[:19]} {call.model} ({call.mode}){run} "
        f"{call.status}: {tokens}{money}{latency}",
        f"    {name} chars {call.chunk_start}-{call.chunk_end}, attempt {call.attempt}"
        + (f", HTTP {call.http_status}" if call.http_status else "")
        + (f", finish {call.finish_reason}" if call.finish_reason else ""),
    ]
    if call.error:
        lines.append(f"    error: {call.error}")
    # File names, model names and errors are untrusted: one visible line each.
    return safe_lines(lines)


def _bodies(call: CallRow) -> str:
    return _body("Request", call.request) + "\n" + _body("Reply", call.response)


def _body(label: str, body: Any) -> str:
    if body is None:
        return f"  {label}: (none)"
    shown = body if isinstance(body, str) else json.dumps(body, indent=2, ensure_ascii=False)
    # Documents and model replies are untrusted: control characters shown, lines kept.
    return f"  {label}:\n" + for_terminal(shown, multiline=True)
