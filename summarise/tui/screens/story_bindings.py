"""The story view's keys, as the claim list's are in review_bindings.py: the help screen and
the docs' key tables are written from these (tui/keymap.py)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

STORY_VIEW_BINDINGS: list[BindingType] = [
    Binding(
        "a", "accept", "Accept", tooltip="Accept the point's pending claims", id="story.accept"
    ),
    Binding(
        "r",
        "reject",
        "Reject",
        tooltip="Reject the point's claims (one more key: why)",
        id="story.reject",
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="Undo your last action (a point decision, fix or figure decision as a whole)",
        id="story.undo",
    ),
    Binding(
        "m",
        "mark",
        "Merge/move",
        tooltip="Mark a point or claim; m on another point merges into it or moves the claim "
        "there (on a figure: merge it into another quantity; on a value: move it to one)",
        id="story.mark",
    ),
    Binding(
        "x",
        "mark_value",
        "Mark value",
        tooltip="Mark the figure's value (its leading one on a figure line) as an update, "
        "disputed or retracted (one more key: u, d or r)",
        id="story.mark_value",
    ),
    Binding(
        "e",
        "rename_figure",
        "Rename",
        show=False,
        tooltip="Rename what the figure under the cursor counts",
        id="story.rename_figure",
    ),
    Binding(
        "M",
        "merge_nearest",
        "Merge nearest",
        show=False,
        tooltip="Merge the point with its nearest suggestion (another outlet's point)",
        id="story.merge_nearest",
    ),
    Binding(
        "s",
        "split",
        "Split",
        tooltip="Split the claim under the cursor into a point of its own (on a figure's "
        "value: into a quantity of its own, named at a prompt)",
        id="story.split",
    ),
    Binding(
        "h",
        "headline",
        "Headline",
        tooltip="Make the point the story's headline",
        id="story.headline",
    ),
    Binding(
        "A",
        "accept_story",
        "Accept all",
        show=False,
        tooltip="Accept every pending point of the story (count shown first)",
        id="story.accept_all",
    ),
    Binding(
        "n",
        "next_pending",
        "Next",
        show=False,
        tooltip="Next point with pending claims",
        id="story.next",
    ),
    Binding("j", "move(1)", "Down", show=False, tooltip="Next line", id="story.down"),
    Binding("k", "move(-1)", "Up", show=False, tooltip="Previous line", id="story.up"),
    Binding(
        "enter",
        "open_claim",
        "Claim",
        show=False,
        # Before the list's own enter (select), which a mouse click also sends.
        priority=True,
        tooltip="Open the claim (or the point's shown claim) in the claim list",
        id="story.open",
    ),
    Binding("escape,v", "back", "Claims", tooltip="Back to the claim list", id="story.back"),
    Binding("question_mark", "help", "Help", tooltip="Every key", id="story.help"),
    Binding(
        "q", "app.quit", "Quit", tooltip="Quit (every decision is already saved)", id="story.quit"
    ),
    Binding(
        "ctrl+l",
        "reload",
        "Reload",
        show=False,
        tooltip="Reload from the database",
        id="story.reload",
    ),
]
