"""`summarise stats`: what the database holds, for people or (with --json) for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from summarise.cli.app import cli, db_option, open_store, read_only_option, refresh_analysis
from summarise.output import stats as stats_module
from summarise.output.terminal import for_terminal, json_for_terminal


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@read_only_option
def stats(db_path: str, as_json: bool, read_only: bool) -> None:
    """Counts of documents, claims (by status and kind), extractions, tokens and runs."""
    with open_store(db_path, read_only=read_only) as store:
        refresh_analysis(store)
        figures = stats_module.collect(store)
    if as_json:
        text = json.dumps(figures, indent=2, ensure_ascii=False)
        # On a terminal, C1, bidi and invisible characters of names are \u-escaped (the
        # same JSON once parsed); piped, the text is left as it is.
        click.echo(json_for_terminal(text) if sys.stdout.isatty() else text)
        return
    click.echo(render(figures))


def _safe(lines: list[str]) -> str:
    """One line per entry on a terminal: file names, errors and titles are untrusted."""
    return "\n".join(for_terminal(line) for line in lines)


def render(figures: dict[str, Any]) -> str:
    claims = figures["claims"]
    lines = [
        f"Database:   {figures['database']}",
        f"Documents:  {figures['documents']}",
        f"Claims:     {claims['total']} ({claims['pending']} pending, {claims['accepted']} "
        f"accepted, {claims['rejected']} rejected; {figures['reviewed']} reviewed)",
    ]
    if figures["kinds"]:
        lines.append("By kind:    " + ", ".join(f"{k} {n}" for k, n in figures["kinds"].items()))
    tokens = figures["tokens"]
    if tokens["prompt"] or tokens["completion"]:
        lines.append(f"Tokens:     {tokens['prompt']} prompt + {tokens['completion']} completion")
    calls = figures["calls"]
    if calls["requests"]:
        lines.append(
            f"Model calls: {calls['requests']} ("
            + ", ".join(f"{status} {n}" for status, n in calls["by_status"].items())
            + ")"
        )
        if calls["lost"]:
            lines.append(
                f"  {calls['lost']} call(s) lost: sent by a process that was killed before "
                "the reply was read (the server may have charged for them)"
            )
    if figures["extractions"]:
        lines.append("Extractions:")
        for row in figures["extractions"]:
            lines.append(
                f"  {row['backend']}/{row['model']} (prompt {row['prompt_version']}): "
                f"{row['documents']} {row['status']}, {row['claims'] or 0} claims"
                + (
                    f", {row['dropped_ungrounded']} ungrounded dropped"
                    if row["dropped_ungrounded"]
                    else ""
                )
                + (f", {row['calls']} calls" if row["calls"] else "")
            )
    if figures["failures"]:
        lines.append("Failed documents:")
        lines += [f"  {row['source']}: {row['error']}" for row in figures["failures"]]
    if figures["without_claims"]:
        lines.append("Documents with no claims at all:")
        lines += [
            f"  {row['source']}: 0 claims from a {row['characters']:,}-character document "
            f"({row['backend']}/{row['model']})"
            for row in figures["without_claims"]
        ]
    if figures["stories"]:
        lines.append(f"Stories:    {len(figures['stories'])}")
        for story in figures["stories"]:
            dates = story["first_published"] or "undated"
            if story["last_published"] and story["last_published"] != story["first_published"]:
                dates += f" to {story['last_published']}"
            extra = f", follows story {story['follows']}" if story["follows"] else ""
            if story["open_conflicts"]:
                extra += f", {story['open_conflicts']} open conflict(s)"
            lines.append(
                f"  #{story['id']} {story['title'][:70]} ({story['documents']} documents, "
                f"{dates}{extra})"
            )
    if figures["reviewers"]:
        lines.append(
            "Reviewers:  "
            + ", ".join(f"{r['reviewer']} {r['decisions']}" for r in figures["reviewers"])
        )
    if figures["runs"]:
        lines.append("Recent runs:")
        for run in figures["runs"]:
            lines.append(
                f"  #{run['id']} {run['status']:<11} {run['started_at'][:19]} "
                f"{run['backend']}/{run['model']}: {run['documents_read']} read, "
                f"{run['documents_skipped']} skipped, {run['documents_failed']} failed, "
                f"{run['documents_unchanged']} unchanged, {run['claims_stored']} claims"
            )
    return _safe(lines)
