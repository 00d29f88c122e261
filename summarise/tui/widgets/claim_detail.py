"""The current claim in full: text, kind, status, open conflicts, attribution, figures,
provenance and story."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from summarise.models import Claim, ConflictRecord, StoryRecord
from summarise.output.terminal import for_terminal

# (reviewer, action, decided at) of the claim's latest decision.
LastDecision = tuple[str, str, str]


def conflict_values(conflict: ConflictRecord) -> str:
    """Every value once, in the store's order: "110 / 105 / 100 / 80" for a quantity (the
    subject names what is counted), "September 7 / October 7" for a date."""
    if conflict.kind == "quantity":
        return " / ".join(conflict.values())
    return " / ".join(members[0].value for members in conflict.values().values())


def describe(
    claim: Claim | None,
    document_label: str = "",
    *,
    conflicts: Sequence[ConflictRecord] = (),
    story: StoryRecord | None = None,
    last: LastDecision | None = None,
) -> Text:
    """The claim as plain, styled text; data never passes through a markup parser, and every
    piece of it through for_terminal (control characters shown, not obeyed)."""
    if claim is None:
        return Text("No claim selected.", style="dim")
    lines = Text(end="")
    lines.append(f"{claim.status.value.upper()} ", style=f"bold {_STATUS_STYLE[claim.status]}")
    lines.append(f"{claim.kind.value}", style="bold")
    lines.append(f"  v{claim.version}", style="dim")
    if last is not None:
        who, action, when = last
        lines.append(f"  {action} by {for_terminal(who)} {when[:16].replace('T', ' ')}", style="")
    lines.append(f"  {claim.id}\n", style="dim")
    # Right under the status, so it is on screen even in the six-row pane of 80x24.
    for conflict in conflicts:
        lines.append(
            f"⚠ conflict: {for_terminal(conflict.subject)} — "
            f"{for_terminal(conflict_values(conflict))}",
            style="bold black on yellow",
        )
        lines.append("  c settles\n", style="dim")
    lines.append(for_terminal(claim.text, multiline=True) + "\n")
    if claim.needs_context:
        # The extractor could not make the text stand alone: say why, so the reviewer
        # reads the quote in its document before deciding.
        lines.append("Needs context: ", style="bold yellow")
        lines.append(for_terminal(claim.context_note or "read the quote in its document") + "\n")
    elif claim.context_note:
        lines.append("Reworded: ", style="dim")
        lines.append(for_terminal(claim.context_note) + "\n", style="dim")
    if claim.original_text is not None and claim.original_text != claim.text:
        lines.append("Edit: ", style="dim")
        lines.append_text(edit_diff(claim.original_text, claim.text))
        lines.append("\n")
    if claim.attribution:
        lines.append("Attribution: ", style="dim")
        lines.append(for_terminal(claim.attribution) + "\n")
    if claim.figures:
        lines.append("Figures: ", style="dim")
        lines.append(
            for_terminal(
                "; ".join(f"{f.raw} ({f.counts})" if f.counts else f.raw for f in claim.figures)
            )
            + "\n"
        )
    provenance = claim.provenance
    lines.append("From: ", style="dim")
    lines.append(for_terminal(f"{provenance.backend} / {provenance.model}"), style="")
    lines.append(f" (prompt {provenance.prompt_version})", style="dim")
    lines.append(
        f"  {for_terminal(document_label)} @{claim.quote_start}-{claim.quote_end}", style="dim"
    )
    if story is not None:
        lines.append("\nStory: ", style="dim")
        lines.append(for_terminal(story.label))
        lines.append(f"  #{story.id}, {story.documents} documents  (s moves)", style="dim")
    return lines


def edit_diff(extracted: str, edited: str) -> Text:
    """The edit against the extracted text, word by word: removed words struck through in
    red, added ones in green (difflib's matching, as `diff --word-diff` shows it)."""
    before, after = extracted.split(), edited.split()
    out = Text(end="")
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(for_terminal(" ".join(before[a1:a2])) + " ")
            continue
        if a2 > a1:
            out.append(for_terminal(" ".join(before[a1:a2])), style="strike red")
            out.append(" ")
        if b2 > b1:
            out.append(for_terminal(" ".join(after[b1:b2])), style="bold green")
            out.append(" ")
    out.rstrip()
    return out


_STATUS_STYLE = {"pending": "yellow", "accepted": "green", "rejected": "red"}


class ClaimDetail(Static):
    def show(
        self,
        claim: Claim | None,
        document_label: str = "",
        *,
        conflicts: Sequence[ConflictRecord] = (),
        story: StoryRecord | None = None,
        last: LastDecision | None = None,
    ) -> None:
        self.update(describe(claim, document_label, conflicts=conflicts, story=story, last=last))
