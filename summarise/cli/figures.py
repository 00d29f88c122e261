"""`summarise figures`: the tracked quantities of each story, with every value's report,
date, outlet, qualifier and claim, so an editor can check where each number came from.

It lists what the summary's Key figures would show (every quantity that changed or is
disputed, then the best-sourced rest) from accepted claims only, read-only.
"""

from __future__ import annotations

import json

import click

from summarise.analysis.sources import outlet_label
from summarise.cli.app import cli, db_option, open_store, read_only_option, refresh_analysis
from summarise.output.summary import summarise_store
from summarise.output.terminal import for_terminal
from summarise.store import Store


@cli.command()
@db_option
@click.option("--story", "story_id", type=int, default=None, help="Only this story.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@read_only_option
def figures(db_path: str, story_id: int | None, as_json: bool, read_only: bool) -> None:
    """List each story's tracked quantities: what is counted, its status (updated,
    disputed, stable) and every value with its report, date, outlet and claim."""
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        listing = _listing(store, story_id)
    if as_json:
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    if not listing:
        click.echo("No tracked figures (figures need accepted claims).")
        return
    click.echo("\n\n".join(_render(story) for story in listing))


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
        out.append({"story_id": story.id, "figures": quantities})
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
                f"{value['outlet']}  {value['claim_id']}  “{quote}”"
            )
    # Every line holds untrusted text (quotes, outlets, file names): one renderer for it.
    return "\n".join(for_terminal(line) for line in lines)
