"""The one-line progress bar: how far the review has got (in the reviewer's share and
overall under --split) and in this document."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from summarise.output.terminal import for_terminal
from summarise.store import ClaimFilter
from summarise.tui.session import Progress


def describe(
    progress: Progress,
    where: ClaimFilter,
    document_label: str = "",
    note: str = "",
    story_label: str = "",
    current_story: str = "",
) -> Text:
    """`story_label` names the story filtered on; `current_story` the current claim's story,
    shown last (the first thing a narrow terminal cuts) and only when not filtering by it."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    # Each count says what it counts: "doc 3/26" read as "document 3 of 26", and under
    # --split the whole database's total read as the reviewer's own.
    share = f"your share ({progress.split[0]} of {progress.split[1]}): " if progress.split else ""
    line.append(f"{share}{progress.reviewed} of {progress.total} claims reviewed", style="bold")
    line.append(f" ({progress.accepted}✓ {progress.rejected}✗)")
    if progress.split:
        line.append(f" · all shares: {progress.all_reviewed} of {progress.all_total}")
    if progress.document_total:
        line.append(
            f" · this document: {progress.document_reviewed} of {progress.document_total} claims"
        )
    shown = [
        f"{name}={value}"
        for name, value in (
            ("status", where.status),
            ("kind", where.kind),
            ("doc", for_terminal(document_label) if where.document_id else None),
            ("story", for_terminal(story_label) if story_label else where.story_id),
        )
        if value
    ]
    if where.search:
        shown.append(f"/{for_terminal(where.search)}")
    if shown:
        line.append(" · ")
        line.append(" ".join(shown), style="bold")
    if note:
        line.append(" · ")
        line.append(note, style="italic")
    if current_story and where.story_id is None:
        line.append(" · ")
        line.append(for_terminal(current_story), style="italic")
    return line


class StatusBar(Static):
    def show(self, text: Text) -> None:
        self.update(text, layout=False)
