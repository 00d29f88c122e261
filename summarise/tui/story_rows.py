"""What the story view shows for each row of the draft: the one-line row in the list and the
detail pane under it. Pure: a draft and a row in, Rich text out, every text from a document,
a claim or a reviewer through the terminal renderer (`for_terminal`)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from summarise.models import Claim
from summarise.output.terminal import for_terminal
from summarise.tui.story_draft import Row, StoryDraft

_MARKS = {"accepted": ("✓", "green"), "partly": ("◐", "yellow"), "pending": ("·", "yellow")}


def row_line(
    draft: StoryDraft, row: Row, label: Callable[[Claim], str], marked: bool, width: int
) -> Text:
    """One screen line for `row`: its mark, reference and text, every document's words
    through the terminal renderer; `marked` rows (picked for a merge) shown reversed."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if row.kind == "heading":
        line.append(row.title, style="bold underline")
        return line
    if row.kind == "headline":
        line.append("★ ", style="bold")
        line.append(for_terminal(row.title), style="bold")
        if row.point is not None:
            line.append(f"  {row.point.ref}", style="dim")
    elif row.kind == "point" and row.point is not None:
        point = row.point
        mark, style = _MARKS[draft.status(point)]
        line.append(f"{mark} ", style=style)
        line.append(f"{point.ref:>4} ", style="bold")
        line.append(for_terminal(point.text))
        line.append(f"  {point.sources} src", style="dim")
    elif row.kind == "claim" and row.claim_id is not None:
        claim = draft.claims[row.claim_id]
        line.append("       └ ", style="dim")
        line.append(f"{claim.status.value[:3]} ", style="dim")
        line.append(for_terminal(label(claim)) + ": ", style="cyan")
        line.append(for_terminal(claim.text))
    elif row.kind == "figure" and row.figure is not None:
        figure = row.figure
        ids = {c for report in figure.history for c in report.claim_ids}
        done = all(draft.claims[c].status.value == "accepted" for c in ids if c in draft.claims)
        line.append("✓ " if done else "· ", style="green" if done else "yellow")
        line.append(for_terminal(figure.subject) + ": ", style="bold")
        line.append(" → ".join(for_terminal(r.value) for r in figure.history))
        line.append(f"  {figure.status}", style="dim")
    elif row.kind == "value" and row.report is not None and row.claim_id is not None:
        report = row.report
        claim = draft.claims.get(row.claim_id)
        line.append("       └ ", style="dim")
        line.append(f"{for_terminal(report.value)} ", style="bold")
        line.append(f"{report.reported or 'undated'} ", style="dim")
        if claim is not None:
            line.append(for_terminal(label(claim)) + ": ", style="cyan")
            line.append(for_terminal(claim.text))
    elif row.kind == "dispute" and row.dispute is not None:
        line.append("! ", style="bold red")
        line.append(for_terminal(row.dispute.subject) + ": ", style="bold")
        line.append(for_terminal(row.dispute.weighing()))
    if marked:
        line.stylize("reverse")
    # One screen line per row: the whole text is in the pane below.
    line.truncate(max(20, width - 2), overflow="ellipsis")
    return line


def row_detail(
    draft: StoryDraft, row: Row, label: Callable[[Claim], str], holder: str | None
) -> Text:
    """The pane under the list for `row`: its quotes, values or dispute, and the keys that
    act on it; every document's words through the terminal renderer."""
    body = Text()
    point = row.point
    if row.kind == "value" and row.figure is not None and row.claim_id in draft.claims:
        claim = draft.claims[row.claim_id]
        body.append(for_terminal(row.figure.line()) + "\n", style="bold")
        body.append(for_terminal(label(claim)) + ": ", style="cyan")
        body.append(for_terminal(claim.quote) + "\n")
        body.append(
            "x marks this value (update, dispute, retracted), m moves it to another "
            "quantity, s splits it out, e renames the quantity; u undoes.",
            style="dim",
        )
    elif row.kind == "figure" and row.figure is not None:
        body.append(for_terminal(row.figure.line()) + "\n", style="bold")
        for report in row.figure.history:
            when = str(report.reported) if report.reported else "undated"
            body.append(f"  {when}: {for_terminal(report.value)} ({report.sources} src)\n")
        body.append(
            "x marks a value (update, dispute, retracted), e renames, m merges into "
            "another quantity, s on a value splits it out; u undoes.",
            style="dim",
        )
    elif row.kind == "dispute" and row.dispute is not None:
        body.append(for_terminal(row.dispute.subject) + "\n", style="bold")
        for value in row.dispute.values:
            body.append(f"  {for_terminal(value.value)}: {value.sources} src\n")
        body.append("Settle it from the claim list (c on one of its claims).", style="dim")
    elif point is not None:
        pending = draft.pending(point)
        if holder:
            body.append(f"{for_terminal(holder)} has this point open.\n", style="bold red")
        body.append(
            f"{point.ref}: {len(point.claim_ids)} claim(s), {point.sources} source(s); "
            f"a accepts {len(pending)} pending, r rejects them\n",
            style="bold",
        )
        for claim_id in point.claim_ids:
            claim = draft.claims[claim_id]
            body.append(f"  {claim.status.value:<8} ", style="dim")
            body.append(for_terminal(label(claim)) + ": ", style="cyan")
            body.append(for_terminal(claim.quote) + "\n")
        for conflicted in draft.in_open_conflict(point.claim_ids):
            body.append(f"  in an open conflict: {for_terminal(conflicted.text)}\n", style="red")
        nearest = draft.suggestions(point)
        if nearest:
            shown = ", ".join(f"{p.ref} ({score:.2f})" for p, score in nearest)
            body.append(f"Nearest from other outlets (M merges the first): {shown}", style="dim")
    return body
