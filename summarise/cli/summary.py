"""`summarise summary`: the cited summary of accepted claims, as Markdown, JSON or HTML."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import click

from summarise.cli.app import (
    cli,
    db_option,
    model_server_options,
    open_store,
    read_only_option,
    refresh_analysis,
)
from summarise.cli.output import output_file, output_option
from summarise.output.summary import RENDERERS, summarise_store
from summarise.output.summary.model import Summary
from summarise.output.summary.paths import PATH_STYLES, PathStyle
from summarise.output.summary.stream import STREAMED, write_summary
from summarise.output.summary.synthesis import with_extractive
from summarise.output.terminal import for_terminal
from summarise.store import Store, StoreError


@cli.command()
@db_option
@click.option(
    "--story", "story_id", type=int, default=None, help="Only this story (see `stories`)."
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="md", show_default=True
)
@click.option(
    "--detail",
    type=click.Choice(["brief", "full"]),
    default="brief",
    show_default=True,
    help="brief: each story's Markdown at most a third of its documents' words, HTML detail "
    "collapsed; full: every point with its quotes. JSON always has everything.",
)
@click.option(
    "--synthesis",
    type=click.Choice(["auto", "model", "written", "extractive"]),
    default="auto",
    show_default=True,
    help="Who writes each story's opening paragraph: a model (checked against the key points "
    "it cites), fixed templates over the story's facts (written, offline), the top key points "
    "quoted (extractive), or auto: the model when an API key or base URL is configured, else "
    "written.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Include pending claims too, each point resting on one marked 'not reviewed', the "
    "whole summary labelled a draft on its first line: to see a story before review.",
)
@click.option(
    "--paths",
    "path_style",
    type=click.Choice(PATH_STYLES),
    default="relative",
    show_default=True,
    help="How documents' input paths are shown: relative to this directory when under it, "
    "else the file name alone; or absolute: as the batch was given them.",
)
@model_server_options
@output_option
@read_only_option
def summary(
    db_path: str,
    story_id: int | None,
    fmt: str,
    detail: str,
    synthesis: str,
    draft: bool,
    path_style: PathStyle,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    output: str,
    read_only: bool,
) -> None:
    """Summarise the accepted claims, story by story: a synthesis, at most ten key points
    ranked by independent sources, key figures with their history, conflicts weighed by
    sources, a timeline, then every point in detail, each cited to its documents.

    Pending and rejected claims never appear, only their counts. The formats and the ranking
    are described in docs/summary.md; the JSON follows schemas/summary.schema.json.
    """
    api_key = os.environ.get("OPENAI_API_KEY")
    if draft and synthesis == "model":
        raise click.UsageError(
            "a draft is not checked by anyone: its synthesis is written offline "
            "(drop --synthesis model)"
        )
    use_model = synthesis == "model" or (
        synthesis == "auto" and bool(api_key or base_url) and not read_only and not draft
    )
    if read_only and synthesis == "model":
        raise click.UsageError(
            "a model synthesis records its cost and caches its answer in the database: "
            "drop --read-only, or use --synthesis written"
        )
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        if fmt in STREAMED and not (use_model or draft or synthesis == "extractive"):
            # Story by story: memory holds one story, whatever the archive's size.
            try:
                with output_file(output, newline="\n") as handle:
                    write_summary(
                        store,
                        handle,
                        fmt,
                        detail=detail,
                        generated_at=datetime.now(UTC).replace(microsecond=0),
                        story_id=story_id,
                        paths=path_style,
                    )
            except StoreError as exc:
                raise click.ClickException(str(exc)) from exc
            if output != "-":
                click.echo(f"Wrote the summary to {for_terminal(output)}", err=True)
            return
        try:
            built = summarise_store(store, story_id, draft=draft, paths=path_style)
            if use_model:
                built = _with_model(store, built, model, base_url, mode, api_key)
            elif synthesis == "extractive":
                built = with_extractive(built)
            text = RENDERERS[fmt](built, detail)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    with output_file(output, newline="\n") as handle:
        handle.write(text)
    if output == "-":
        return
    click.echo(f"Wrote the summary to {for_terminal(output)}", err=True)


def _with_model(
    store: Store,
    built: Summary,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    api_key: str | None,
) -> Summary:
    # Imported here: only a model synthesis pays for the model stack.
    from summarise.backends.base import BackendOptions
    from summarise.backends.openai.settings import SettingsError
    from summarise.backends.openai.synthesis import ModelSynthesiser, SynthesisFailed
    from summarise.output.summary.synthesis import with_model

    options = BackendOptions(model=model, base_url=base_url, api_key=api_key, mode=mode)
    try:
        synthesiser = ModelSynthesiser(options, recorder=store.call_recorder(None))
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from exc

    async def run() -> Summary:
        try:
            return await with_model(built, synthesiser, store.syntheses, failure=SynthesisFailed)
        finally:
            await synthesiser.aclose()

    return asyncio.run(run())
