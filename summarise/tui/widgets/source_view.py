"""The source document, read-only, with the claim's quote highlighted and scrolled into view.

A read-only TextArea: it shows the text literally (never as markup), wraps it, and lets the
reviewer move a cursor and select a span with shift+arrows, the keyboard way to re-anchor a
claim on another passage.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from rich.text import Text
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from summarise.models import Document
from summarise.output.terminal import one_for_one


class SourceView(TextArea):
    COMPONENT_CLASSES: ClassVar[set[str]] = {*TextArea.COMPONENT_CLASSES, "source-view--quote"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            tab_behavior="focus",
        )
        self.document_id: str | None = None
        self.quote: tuple[int, int] | None = None
        self._line_starts: list[int] = [0]

    def show(self, document: Document | None, quote: tuple[int, int] | None) -> None:
        """Show a document (reloading only when it changed) with `quote` highlighted."""
        if document is None:
            self.document_id = None
            self._load("")
        elif document.id != self.document_id:
            self.document_id = document.id
            # One visible symbol per control, invisible or direction character (and per
            # line separator other than \n, which TextArea would split on): nothing from the
            # document reaches the terminal raw, and the claim offsets still line up.
            self._load(one_for_one(document.text))
        self.quote = quote
        self.notify_style_update()
        self.refresh()
        if quote is not None:
            start = self.location_of(quote[0])
            self.selection = Selection.cursor(start)
            # Centre the quote, once the wrapped layout for this width exists.
            self.call_after_refresh(self._scroll_to_quote)

    def _load(self, text: str) -> None:
        starts = [0]
        starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
        self._line_starts = starts
        self.load_text(text)

    def location_of(self, index: int) -> tuple[int, int]:
        row = bisect_right(self._line_starts, index) - 1
        return row, index - self._line_starts[row]

    def index_of(self, location: tuple[int, int]) -> int:
        row, column = location
        return self._line_starts[min(row, len(self._line_starts) - 1)] + column

    def _scroll_to_quote(self) -> None:
        if self.quote is None:
            return
        end = self.location_of(self.quote[1])
        self.scroll_cursor_visible(center=True, animate=False)
        # Long quotes: bring the end in too when it fits, without losing the start.
        offset = self.wrapped_document.location_to_offset(end)
        if offset.y - self.scroll_offset.y >= self.scrollable_content_region.height:
            self.scroll_to(y=max(0, offset.y - self.scrollable_content_region.height + 1))

    def selected_span(self) -> tuple[int, int] | None:
        """The span the reviewer selected in the document, as character offsets."""
        start, end = sorted(self.selection)
        if start == end:
            return None
        return self.index_of(start), self.index_of(end)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if self.quote is None:
            return line
        start, end = self.quote
        line_start = self.index_of((line_index, 0))
        line_end = line_start + len(line.plain)
        if start < line_end and end > line_start:
            line.stylize(
                self.get_component_rich_style("source-view--quote"),
                max(0, start - line_start),
                min(len(line.plain), end - line_start),
            )
        return line
