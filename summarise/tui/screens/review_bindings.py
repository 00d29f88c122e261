"""The review screen's keys, in the order the footer and the help screen show them.

Kept apart from the screen so the screen file holds its behaviour; `ReviewScreen.BINDINGS` is
this list, and the help screen and the key table in docs/commands.md are written from it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

REVIEW_BINDINGS: list[BindingType] = [
    Binding("a", "accept", "Accept", tooltip="Accept the claim", id="review.accept"),
    Binding(
        "r",
        "reject",
        "Reject",
        tooltip="Reject the claim (one more key: why)",
        id="review.reject",
    ),
    Binding("e", "edit", "Edit", tooltip="Edit the claim text (saving accepts)", id="review.edit"),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="Undo your last action (a settlement or a bulk accept as a whole)",
        id="review.undo",
    ),
    Binding(
        "n",
        "next_pending",
        "Next",
        tooltip="Next pending claim nobody else has open",
        id="review.next",
    ),
    Binding("question_mark", "help", "Help", tooltip="Every key", id="review.help"),
    Binding(
        "q",
        "app.quit",
        "Quit",
        tooltip="Quit (every decision is already saved)",
        id="review.quit",
    ),
    Binding("slash", "search", "Search", tooltip="Search the claims by words", id="review.search"),
    Binding(
        "f",
        "filter",
        "Filter",
        tooltip="Filter by status, kind, document or story",
        id="review.filter",
    ),
    Binding(
        "c",
        "conflict",
        "Conflict",
        tooltip="Settle this claim's conflict",
        id="review.conflict",
    ),
    Binding(
        "C", "conflicts", "Conflicts", tooltip="List the open conflicts", id="review.conflicts"
    ),
    Binding(
        "s", "story", "Story", tooltip="Move the document / rename its story", id="review.story"
    ),
    Binding(
        "v",
        "story_view",
        "Story view",
        show=False,
        tooltip="The story's draft summary: decide and fix it point by point",
        id="review.story_view",
    ),
    Binding(
        "d",
        "toggle_document",
        "Doc",
        show=False,
        tooltip="Document pane / list (arrows then scroll the document)",
        id="review.focus",
    ),
    Binding(
        "A",
        "accept_all",
        "Accept all",
        show=False,
        tooltip="Accept all pending claims of this document or filtered list",
        id="review.accept_all",
    ),
    Binding("j", "move(1)", "Down", show=False, tooltip="Next claim", id="review.down"),
    Binding("k", "move(-1)", "Up", show=False, tooltip="Previous claim", id="review.up"),
    Binding(
        "J",
        "scroll_detail(1)",
        "Scroll claim",
        show=False,
        tooltip="Scroll the claim pane down",
        id="review.detail_down",
    ),
    Binding(
        "K",
        "scroll_detail(-1)",
        "Scroll claim up",
        show=False,
        tooltip="Scroll the claim pane up",
        id="review.detail_up",
    ),
    Binding(
        "X",
        "discard",
        "Discard",
        show=False,
        tooltip="Discard the decision waiting for the lock",
        id="review.discard",
    ),
    Binding(
        "ctrl+l",
        "reload",
        "Reload",
        show=False,
        tooltip="Reload from the database",
        id="review.reload",
    ),
]
