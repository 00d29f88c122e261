"""The filter dialog: status, kind, document and story, each a list; enter applies them all."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from summarise.models import ClaimKind, ClaimStatus
from summarise.output.terminal import for_terminal
from summarise.store import ClaimFilter
from summarise.tui.screens.dialog import Dialog

ANY = "*"


def _options(values: list[tuple[str, str]]) -> list[Option]:
    # Labels are Text, so a document called "[bold]x" is shown as written.
    return [Option(Text(for_terminal(label)), id=value) for label, value in values]


class FilterScreen(Dialog[ClaimFilter | None]):
    """Dismissed with the new filter (the search is kept), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel: keep the filter", id="filter.cancel"),
        Binding("c", "clear", "Clear every filter and the search", id="filter.clear"),
        Binding("left", "app.focus_previous", "Previous list", show=False, id="filter.left"),
        Binding("right", "app.focus_next", "Next list", show=False, id="filter.right"),
    ]

    def __init__(
        self,
        current: ClaimFilter,
        documents: list[tuple[str, str]],
        stories: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.current = current
        self.documents = documents
        self.stories = stories or []

    def compose(self) -> ComposeResult:
        lists = [
            ("Status", "status", [(s.value, s.value) for s in ClaimStatus], self.current.status),
            ("Kind", "kind", [(k.value, k.value) for k in ClaimKind], self.current.kind),
            (
                "Document",
                "document",
                [(label, value) for label, value in self.documents],
                self.current.document_id,
            ),
            (
                "Story",
                "story",
                self.stories,
                str(self.current.story_id) if self.current.story_id is not None else None,
            ),
        ]
        with Vertical(id="filter-dialog", classes="dialog"):
            yield Label("Filter: ←→ list, ↑↓ choose, enter apply, c clear all, esc cancel")
            with Horizontal(id="filter-lists"):
                for title, name, values, chosen in lists:
                    with Vertical(classes="filter-column"):
                        yield Label(title, classes="filter-title")
                        option_list = OptionList(
                            *_options([("any", ANY), *values]), id=f"filter-{name}"
                        )
                        ids = [ANY, *(value for _, value in values)]
                        option_list.highlighted = ids.index(chosen) if chosen in ids else 0
                        yield option_list

    def _chosen(self, name: str) -> str | None:
        option_list = self.query_one(f"#filter-{name}", OptionList)
        index = option_list.highlighted
        if index is None:
            return None
        value = option_list.get_option_at_index(index).id
        return None if value == ANY else value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(
            replace(
                self.current,
                status=self._chosen("status"),
                kind=self._chosen("kind"),
                document_id=self._chosen("document"),
                story_id=int(story) if (story := self._chosen("story")) else None,
            )
        )

    def action_clear(self) -> None:
        self.dismiss(ClaimFilter())

    def action_cancel(self) -> None:
        self.dismiss(None)
