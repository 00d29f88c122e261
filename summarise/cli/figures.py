"""`summarise figures`: the tracked quantities of each story, with every value's report,
date, outlet, qualifier and claim, so an editor can check where each number came from; and
its subcommands, reviewers' fixes to them (mark, move, rename, merge, split, undo).

The listing shows what the summary's Key figures would show (every quantity that changed or
is disputed, then the best-sourced rest) from accepted claims only, with the reviewers'
figure decisions applied, and the decisions in force with their ids (for `undo`).
"""

from __future__ import annotations

import getpass
import os

import click

from summarise.analysis.figure_decisions import as_written
from summarise.analysis.figure_facts import figures_of
from summarise.analysis.sources import outlet_label
from summarise.cli.app import (
    REVIEWER_ENV,
    chosen_db,
    cli,
    db_option,
    open_store,
    read_only_option,
    refresh_analysis,
    sub_db_option,
)
from summarise.cli.listing import TEXT, emit, listing_options
from summarise.models import Claim
from summarise.output.listings import FigureRow
from summarise.output.summary import summarise_store
from summarise.output.summary.model import KeyFigure
from summarise.output.terminal import for_terminal
from summarise.store import ClaimFilter, Store, StoreError


@cli.group(invoke_without_command=True)
@db_option
@click.option("--story", "story_id", type=int, default=None, help="Only this story.")
@read_only_option
@listing_options("json", "nl", "csv")
@click.pass_context
def figures(
    ctx: click.Context, db_path: str, story_id: int | None, read_only: bool, fmt: str
) -> None:
    """List each story's tracked quantities: what is counted, its status (updated,
    disputed, stable) and every value with its report, date, outlet and claim, with
    reviewers' figure decisions applied (fix them with the subcommands)."""
    ctx.obj = db_path
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        listing = _listing(store, story_id)
    if not listing and fmt == TEXT:
        click.echo("No tracked figures (figures need accepted claims).")
        return
    emit(
        (FigureRow.model_validate(story) for story in listing),
        fmt,
        text=lambda: "\n\n".join(_render(story) for story in listing),
        model=FigureRow,
    )


def _listing(store: Store, story_id: int | None) -> list[dict[str, object]]:
    summary = summarise_store(store, story_id)
    out: list[dict[str, object]] = []
    for story in summary.stories:
        if not story.figures:
            continue
        quantities = []
        for figure in story.figures:
            values = []
            for step in figure.history:
                for claim_id in step.claim_ids:
                    claim = store.get_claim(claim_id)
                    document = store.get_document(claim.document_id) if claim else None
                    values.append(
                        {
                            "value": step.value,
                            "number": step.number,
                            "reported": step.reported.isoformat() if step.reported else None,
                            "claim_id": claim_id,
                            "figure": _written(claim, step.value, step.number),
                            "document": document.source if document else None,
                            "outlet": (
                                document.outlet or outlet_label(document.source)
                                if document
                                else None
                            ),
                            "quote": claim.quote if claim else None,
                        }
                    )
            quantities.append(
                {
                    "subject": figure.subject,
                    "status": figure.status,
                    "latest": figure.latest,
                    "values": values,
                }
            )
        claim_ids = [c for q in story.figures for s in q.history for c in s.claim_ids]
        decisions = [
            {
                "id": d.id,
                "kind": d.kind,
                "claim_id": d.claim_id,
                "figure": d.figure,
                "target_claim_id": d.target_claim_id,
                "target_figure": d.target_figure,
                "name": d.name,
                "reviewer": d.reviewer,
                "created_at": d.created_at,
            }
            for d in store.figure_decisions.in_force(claim_ids)
        ]
        out.append({"story_id": story.id, "figures": quantities, "decisions": decisions})
    return out


def _render(story: dict[str, object]) -> str:
    lines = [f"Story {story['story_id']}"]
    for figure in story["figures"]:  # type: ignore[attr-defined]
        lines.append(f"  {figure['subject']}: {figure['latest']} [{figure['status']}]")
        for value in figure["values"]:
            quote = " ".join((value["quote"] or "").split())
            if len(quote) > 90:
                quote = quote[:87] + "..."
            lines.append(
                f"    {value['value']:>14}  {value['reported'] or 'undated':<10}  "
                f"{value['outlet']}  {value['claim_id']} [{value['figure']}]  “{quote}”"
            )
    for decision in story.get("decisions", []):  # type: ignore[attr-defined]
        what = decision["name"] or (
            f"onto {decision['target_figure']} of {decision['target_claim_id']}"
            if decision["target_claim_id"]
            else ""
        )
        lines.append(
            f"  decision {decision['id']}: {decision['kind']} {decision['figure']} of "
            f"{decision['claim_id']} {what} ({decision['reviewer']})".rstrip()
        )
    # Every line holds untrusted text (quotes, outlets, file names): one renderer for it.
    return "\n".join(for_terminal(line) for line in lines)


def _written(claim: Claim | None, shown: str, number: float) -> str | None:
    """The figure as written that a listed value came from (how decisions name it)."""
    return as_written(claim, shown, number)


reviewer_option = click.option(
    "--reviewer",
    envvar=REVIEWER_ENV,
    show_envvar=True,
    default=None,
    help="Who decides (default: your user name).",
)
figure_option = click.option(
    "--figure",
    "written",
    default=None,
    help="The figure as written in the claim, when it states more than one.",
)


def _user(given: str | None) -> str:
    if given and given.strip():
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "reviewer"


def _story_figures(store: Store, story_id: int) -> list[KeyFigure]:
    if store.stories.get(story_id) is None:
        raise click.ClickException(f"no story {story_id} (see `summarise stories`)")
    refresh_analysis(store)
    found = [s for s in summarise_store(store, story_id).stories if s.id == story_id]
    if not found or not found[0].figures:
        raise click.ClickException(f"story {story_id} has no tracked figures")
    return found[0].figures


def _value(store: Store, story_id: int, claim_id: str, written: str | None) -> tuple[str, str]:
    """(claim id, figure as written) of a value of the story, or a one-line error."""
    claim = _claim(store, story_id, claim_id)
    facts = [f.raw for f in figures_of(claim)]
    if written is not None:
        if written not in facts:
            raise click.ClickException(
                f"claim {claim_id} states no figure {written!r} (it states: "
                f"{', '.join(facts) or 'none'})"
            )
        return claim.id, written
    if len(set(facts)) != 1:
        raise click.ClickException(
            f"claim {claim_id} states {len(set(facts))} figures; pick one with --figure "
            f"({', '.join(facts) or 'none'})"
        )
    return claim.id, facts[0]


def _claim(store: Store, story_id: int, given: str) -> Claim:
    """The story's claim with this id or unique id prefix, or a one-line error."""
    matches = [
        claim
        for document_id in store.stories.documents_of(story_id)
        for claim in store.iter_claims(ClaimFilter(document_id=document_id))
        if given and claim.id.startswith(given)
    ]
    exact = [c for c in matches if c.id == given]
    if exact or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise click.ClickException(f"no claim {given!r} in story {story_id}")
    raise click.ClickException(f"{given!r} matches {len(matches)} claims of story {story_id}")


def _quantity(store: Store, story_id: int, name: str) -> tuple[str, str]:
    """A value (claim id, figure as written) of the story's quantity called `name`."""
    figures = _story_figures(store, story_id)
    for figure in figures:
        if figure.subject == name:
            for step in figure.history:
                for claim_id in step.claim_ids:
                    written = _written(store.get_claim(claim_id), step.value, step.number)
                    if written is not None:
                        return claim_id, written
    known = "; ".join(f.subject for f in figures)
    raise click.ClickException(f"story {story_id} has no quantity {name!r} (it has: {known})")


def _record(store: Store, kind: str, story_id: int, value: tuple[str, str], **extra) -> None:
    try:
        decision = store.figure_decisions.record(kind, story_id, *value, **extra)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(for_terminal(f"Figure decision {decision}: {kind} {value[1]} of claim {value[0]}."))


@figures.command()
@click.argument("story_id", type=int)
@click.argument("claim_id")
@click.argument("kind", type=click.Choice(["update", "dispute", "retracted"]))
@figure_option
@reviewer_option
@sub_db_option
@click.pass_obj
def mark(
    db_path: str,
    story_id: int,
    claim_id: str,
    kind: str,
    written: str | None,
    reviewer: str | None,
    sub_db: str | None,
) -> None:
    """Mark a value of STORY_ID stated by CLAIM_ID as an update (it leads), a dispute, or
    retracted (kept in the history, never leading)."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        _story_figures(store, story_id)
        value = _value(store, story_id, claim_id, written)
        _record(store, kind, story_id, value, reviewer=_user(reviewer))


@figures.command()
@click.argument("story_id", type=int)
@click.argument("claim_id")
@click.argument("quantity")
@figure_option
@reviewer_option
@sub_db_option
@click.pass_obj
def move(
    db_path: str,
    story_id: int,
    claim_id: str,
    quantity: str,
    written: str | None,
    reviewer: str | None,
    sub_db: str | None,
) -> None:
    """Move CLAIM_ID's value to QUANTITY (a name `summarise figures` lists)."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        target = _quantity(store, story_id, quantity)
        value = _value(store, story_id, claim_id, written)
        _record(store, "move", story_id, value, reviewer=_user(reviewer), target=target)


@figures.command()
@click.argument("story_id", type=int)
@click.argument("quantity")
@click.argument("name")
@reviewer_option
@sub_db_option
@click.pass_obj
def rename(
    db_path: str,
    story_id: int,
    quantity: str,
    name: str,
    reviewer: str | None,
    sub_db: str | None,
) -> None:
    """Call QUANTITY of STORY_ID by NAME: what it counts, as the summary shows it."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        value = _quantity(store, story_id, quantity)
        _record(store, "rename", story_id, value, reviewer=_user(reviewer), name=name)


@figures.command()
@click.argument("story_id", type=int)
@click.argument("quantity")
@click.argument("into")
@reviewer_option
@sub_db_option
@click.pass_obj
def merge(
    db_path: str,
    story_id: int,
    quantity: str,
    into: str,
    reviewer: str | None,
    sub_db: str | None,
) -> None:
    """Merge QUANTITY of STORY_ID into INTO: one quantity, its values one series."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        value = _quantity(store, story_id, quantity)
        target = _quantity(store, story_id, into)
        if quantity == into:
            raise click.ClickException("a merge needs two different quantities")
        _record(store, "merge", story_id, value, reviewer=_user(reviewer), target=target)


@figures.command()
@click.argument("story_id", type=int)
@click.argument("claim_id")
@click.argument("name")
@figure_option
@reviewer_option
@sub_db_option
@click.pass_obj
def split(
    db_path: str,
    story_id: int,
    claim_id: str,
    name: str,
    written: str | None,
    reviewer: str | None,
    sub_db: str | None,
) -> None:
    """Split CLAIM_ID's value out of its quantity into a quantity of its own, NAME."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        _story_figures(store, story_id)
        value = _value(store, story_id, claim_id, written)
        _record(store, "split", story_id, value, reviewer=_user(reviewer), name=name)


@figures.command()
@click.argument("decision_id", type=int)
@reviewer_option
@sub_db_option
@click.pass_obj
def undo(db_path: str, decision_id: int, reviewer: str | None, sub_db: str | None) -> None:
    """Take back figure decision DECISION_ID (its id as `summarise figures` lists it)."""
    with open_store(chosen_db(db_path, sub_db)) as store:
        decision = store.figure_decisions.get(decision_id)
        if decision is None:
            raise click.ClickException(f"no figure decision {decision_id} in force")
        try:
            store.review_log.undo_group(decision.group_id, reviewer=_user(reviewer))
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Figure decision {decision_id} undone.")
