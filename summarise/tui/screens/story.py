"""The story dialog: move the current claim's document to another story (or a new one of its
own), or rename its story. A move is a user correction that every regrouping keeps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from summarise.models import StoryRecord
from summarise.output.terminal import for_terminal
from summarise.tui.screens.dialog import Dialog

NEW = "new"


@dataclass(frozen=True)
class StoryChange:
    """Either a move (`story_id` None with `new` set: a story of its own) or a rename."""

    story_id: int | None = None
    new: bool = False
    name: str | None = None  # set for a rename ("" gives the automatic title back)


def _story_line(story: StoryRecord, current: StoryRecord | None) -> Text:
    here = current is not None and story.id == current.id
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"#{story.id} ", style="dim")
    if here:
        # First, so a long title cannot push it out of sight.
        line.append("(now) ", style="bold")
    line.append(for_terminal(story.label), style="bold" if here else "")
    dates = " – ".join(dict.fromkeys(d for d in (story.first_published, story.last_published) if d))
    line.append(f"  {story.documents} docs {dates}", style="dim")
    return line


class StoryScreen(Dialog[StoryChange | None]):
    """Dismissed with the change asked for, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "rename", "Rename the document's story", id="story.rename"),
        Binding("escape", "cancel", "Cancel: change nothing", id="story.cancel"),
    ]

    def __init__(
        self, document_label: str, current: StoryRecord | None, stories: Sequence[StoryRecord]
    ) -> None:
        super().__init__()
        self.document_label = document_label
        self.current = current
        self.stories = list(stories)

    def compose(self) -> ComposeResult:
        now = for_terminal(self.current.label) if self.current else "no story yet"
        options = [Option(Text("+ a new story of its own", style="italic"), id=NEW)]
        options += [Option(_story_line(s, self.current), id=str(s.id)) for s in self.stories]
        with Vertical(id="story-dialog", classes="dialog"):
            named = for_terminal(self.document_label)
            yield Label(Text.assemble(("Document ", "dim"), (named, "bold")))
            yield Label(Text.assemble(("Story ", "dim"), now))
            yield Label("Move it to: ↑↓ choose, enter move, n rename the story, esc cancel")
            story_list = OptionList(*options, id="story-list")
            if self.current is not None:
                ids = [NEW, *(str(s.id) for s in self.stories)]
                story_list.highlighted = ids.index(str(self.current.id))
            yield story_list
            yield Input(
                value=self.current.name or "" if self.current else "",
                placeholder="name (empty: the automatic title); enter saves",
                id="story-name",
            )

    def ready(self) -> None:
        self.query_one("#story-name", Input).display = False
        self.query_one("#story-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        if chosen == NEW:
            self.dismiss(StoryChange(new=True))
        elif self.current is not None and chosen == str(self.current.id):
            self.notify("The document is in that story already.", markup=False)
        else:
            self.dismiss(StoryChange(story_id=int(chosen or 0)))

    def action_rename(self) -> None:
        if self.current is None:
            self.notify("The document is in no story yet: move it first.", markup=False)
            return
        name = self.query_one("#story-name", Input)
        name.display = True
        name.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        story_id = self.current.id if self.current else None
        self.dismiss(StoryChange(story_id=story_id, name=event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
