"""`summarise summary`: the cited summary of accepted claims, as Markdown, JSON or HTML."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

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
from summarise.output.summary import RENDERERS
from summarise.output.summary.model import ReviewCounts, StorySummary, Summary
from summarise.output.summary.paths import PATH_STYLES, PathStyle
from summarise.output.summary.stream import SLICE, SummaryWriter, built_stories, write_summary
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
    generated_at = datetime.now(UTC).replace(microsecond=0)
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        # Story by story, whatever the format or synthesis: memory holds a few stories,
        # whatever the archive's size; the file appears whole or not at all.
        try:
            with output_file(output, newline="\n") as handle:
                if use_model:
                    _write_with_model(
                        store,
                        handle,
                        fmt,
                        detail,
                        generated_at,
                        story_id,
                        path_style,
                        ModelOptions(model, base_url, mode, api_key),
                    )
                else:
                    write_summary(
                        store,
                        handle,
                        fmt,
                        detail=detail,
                        generated_at=generated_at,
                        story_id=story_id,
                        paths=path_style,
                        draft=draft,
                        synthesis="extractive" if synthesis == "extractive" else None,
                    )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    if output != "-":
        click.echo(f"Wrote the summary to {for_terminal(output)}", err=True)


@dataclass(frozen=True)
class ModelOptions:
    model: str | None
    base_url: str | None
    mode: str | None
    api_key: str | None


def _write_with_model(
    store: Store,
    handle: TextIO,
    fmt: str,
    detail: str,
    generated_at: datetime,
    story_id: int | None,
    paths: PathStyle,
    options: ModelOptions,
) -> None:
    """Each story's synthesis written by a model, asked a slice of stories at a time."""
    # Imported here: only a model synthesis pays for the model stack.
    from summarise.backends.base import BackendOptions
    from summarise.backends.openai.settings import SettingsError
    from summarise.backends.openai.synthesis import ModelSynthesiser, SynthesisFailed
    from summarise.output.summary.synthesis import with_model

    backend = BackendOptions(
        model=options.model, base_url=options.base_url, api_key=options.api_key, mode=options.mode
    )
    try:
        synthesiser = ModelSynthesiser(backend, recorder=store.call_recorder(None))
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from exc

    async def run() -> None:
        try:
            with SummaryWriter(
                handle, fmt, detail=detail, database=store.path, generated_at=generated_at
            ) as writer:
                for stories in _slices(built_stories(store, story_id, paths=paths)):
                    part = Summary(
                        generated_at=generated_at,
                        database=store.path,
                        counts=ReviewCounts(
                            documents=0, claims=0, accepted=0, pending=0, rejected=0
                        ),
                        stories=stories,
                    )
                    part = await with_model(
                        part, synthesiser, store.syntheses, failure=SynthesisFailed
                    )
                    for story in part.stories:
                        writer.add(story)
                writer.close()
        finally:
            await synthesiser.aclose()

    asyncio.run(run())


def _slices(stories: Iterator[StorySummary]) -> Iterator[list[StorySummary]]:
    while part := list(itertools.islice(stories, SLICE)):
        yield part
