"""`summarise stories`: the stories documents were grouped into, and corrections to them."""

from __future__ import annotations

from collections.abc import Iterator

import click

from summarise.analysis.sources import outlet_label
from summarise.cli.app import (
    chosen_db,
    cli,
    db_option,
    open_store,
    read_only_option,
    refresh_analysis,
    sub_db_option,
)
from summarise.cli.listing import emit, listing_options
from summarise.output.listings import story_rows
from summarise.output.terminal import for_terminal
from summarise.store import Store, StoreError


@cli.group(invoke_without_command=True)
@db_option
@read_only_option
@listing_options("json", "nl")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Rebuild the candidate index and regroup, relink and re-detect conflicts everywhere "
    "(analysis is otherwise incremental: only stories new documents touch are recomputed).",
)
@click.pass_context
def stories(ctx: click.Context, db_path: str, read_only: bool, fmt: str, rebuild: bool) -> None:
    """List stories (documents grouped by shared entities, terms and dates) with their
    documents. `move` and `name` correct the grouping; corrections survive regrouping."""
    ctx.obj = db_path
    if ctx.invoked_subcommand is not None:
        return
    if rebuild and read_only:
        raise click.UsageError("--rebuild writes the analysis: it cannot run --read-only")
    with open_store(db_path, read_only=read_only) as store:
        if rebuild:
            from summarise.analysis import refresh as analysis

            analysis.refresh(store, rebuild=True)
        refresh_analysis(store)
        if fmt == "text":
            # Streamed a line at a time: memory does not grow with the archive.
            for line in render_lines(store):
                click.echo(line)
        else:
            emit(story_rows(store), fmt)


def render(store: Store) -> str:
    return "\n".join(render_lines(store))


def render_lines(store: Store) -> Iterator[str]:
    """The listing, one line at a time, reading one story's documents at a time: memory
    does not grow with the archive."""
    records = store.stories.list()
    if not records:
        yield "No stories yet: run `summarise batch` first."
        return
    for story in records:
        span = story.first_published or "undated"
        if story.last_published and story.last_published != story.first_published:
            span += f" to {story.last_published}"
        follows = f", later development of story {story.follows}" if story.follows else ""
        named = " (named)" if story.name else ""
        lines = [f"Story {story.id}{named}: {story.label}"]
        lines.append(f"  {span}, {story.documents} document(s){follows}")
        for doc_id in store.stories.documents_of(story.id):
            document = store.get_document(doc_id)
            if document is None:
                continue
            placed = " [placed by user]" if store.stories.placed_by_user(doc_id) else ""
            when = f" {document.published}" if document.published else ""
            lines.append(f"    {doc_id}  {outlet_label(document.source)}{when}{placed}")
        # Labels and file names are untrusted: one visible line each on a terminal.
        yield from (for_terminal(line) for line in lines)


@stories.command()
@click.argument("document")
@click.argument("story_id", type=int, required=False)
@click.option("--new", "new", is_flag=True, help="Make the document a story of its own.")
@sub_db_option
@click.pass_obj
def move(db_path: str, document: str, story_id: int | None, new: bool, sub_db: str | None) -> None:
    """Put DOCUMENT (a unique prefix of its id or file name) in STORY_ID, or with --new
    in a new story of its own."""
    if new == (story_id is not None):
        raise click.UsageError("give either STORY_ID or --new")
    with open_store(chosen_db(db_path, sub_db)) as store:
        doc_id = resolve_document(store, document)
        try:
            target = store.stories.move_document(doc_id, None if new else story_id)
            refresh_analysis(store)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Moved {for_terminal(doc_id)} to story {target}.")


@stories.command()
@click.argument("story_id", type=int)
@click.argument("title")
@sub_db_option
@click.pass_obj
def name(db_path: str, story_id: int, title: str, sub_db: str | None) -> None:
    """Name STORY_ID (an empty TITLE goes back to the automatic title)."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        try:
            store.stories.name_story(story_id, title)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Story {story_id} is now named {title!r}." if title.strip() else "Name cleared.")


def resolve_document(store: Store, given: str) -> str:
    """A document id from a unique prefix of its id or of its file name, or its path."""
    matches = [
        d.id
        for d in store.documents()
        if d.id.startswith(given)
        or outlet_label(d.source).startswith(given)
        or d.source == given
        or d.source.endswith("/" + given)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise click.ClickException(f"no document matches {given!r}")
    raise click.ClickException(f"{given!r} matches {len(matches)} documents; give more of the id")
