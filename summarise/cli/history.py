"""`summarise history`: the review decisions, newest first, by reviewer and time, with what
each edit changed as a word diff."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime, timedelta

import click

from summarise.cli.app import cli, db_option, open_store, read_only_option
from summarise.cli.listing import TEXT, emit, listing_options, safe_lines
from summarise.output.listings import DecisionRow

_AGO = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@cli.command()
@db_option
@click.option("--reviewer", default=None, help="Only this reviewer's decisions.")
@click.option(
    "--since",
    default=None,
    metavar="WHEN",
    help="Only decisions at or after WHEN: a date (2026-12-07), an ISO 8601 time (naive "
    "means UTC), or an age such as 30m, 12h, 7d, 2w.",
)
@click.option("--claim", "claim_id", default=None, help="Only this claim (id or prefix).")
@click.option(
    "-n",
    "--count",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="How many decisions, newest first (0: all).",
)
@listing_options("json", "nl", "csv")
@read_only_option
def history(
    db_path: str,
    reviewer: str | None,
    since: str | None,
    claim_id: str | None,
    count: int,
    fmt: str,
    read_only: bool,
) -> None:
    """Review decisions, newest first: who accepted, edited, rejected or undid which claim,
    when, and why; an edit shows what it changed ([-removed-] {+added+})."""
    after = parse_since(since) if since else None
    with open_store(db_path, read_only=read_only) as store:
        rows = store.browsing.decisions(
            reviewer=reviewer, since=after, claim_id=claim_id, limit=count or None
        )
    records = [
        DecisionRow(**row, diff=word_diff(row["text_before"], row["text_after"])) for row in rows
    ]
    if fmt == TEXT and not records:
        click.echo("No decisions" + (" match" if reviewer or since or claim_id else " yet") + ".")
        return
    emit(records, fmt, text=lambda: render(records), model=DecisionRow)


def parse_since(value: str, now: datetime | None = None) -> str:
    """WHEN as the database's timestamp format (ISO 8601 UTC, +00:00), or a usage error."""
    now = now or datetime.now(UTC)
    text = value.strip()
    ago = _AGO.match(text)
    if ago:
        moment = now - timedelta(**{_UNITS[ago.group(2)]: int(ago.group(1))})
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            raise click.BadParameter(
                f"{value!r} is not a date, an ISO 8601 time or an age like 12h",
                param_hint="--since",
            ) from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def word_diff(before: str, after: str) -> str:
    """What an edit changed, word by word: "[-old-] {+new+}" around the changed words."""
    if before == after:
        return ""
    old, new = before.split(), after.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(" ".join(old[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(parts)


def render(records: list[DecisionRow]) -> str:
    lines: list[str] = []
    for decision in records:
        name = decision.document_source.replace("\\", "/").rsplit("/", 1)[-1]
        change = (
            f"{decision.status_before} -> {decision.status_after}"
            if decision.status_before != decision.status_after
            else decision.status_after
        )
        extra = f", undoes #{decision.undoes}" if decision.undoes else ""
        lines.append(
            f"#{decision.id} {decision.decided_at[:19]} {decision.reviewer} {decision.action} "
            f"claim {decision.claim_id} ({name}): {change}{extra}"
        )
        if decision.reason:
            lines.append(f"    reason: {decision.reason}")
        if decision.diff:
            lines.append(f"    {decision.diff}")
    # Reviewer names, file names and claim text are untrusted: one visible line each.
    return safe_lines(lines)
