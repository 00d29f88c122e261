"""Every key of the review app, grouped by screen: the help screen (`?`) and the key tables in
docs/commands.md (the "summarise review" section, by cog through docs/generate.py) are both
written from this, so neither can drift from the bindings."""

from __future__ import annotations

from textual.binding import Binding

from summarise.tui.screens.conflict import ConflictScreen
from summarise.tui.screens.conflict_list import ConflictListScreen
from summarise.tui.screens.edit import EditScreen
from summarise.tui.screens.figure_dialogs import (
    FigureMarkScreen,
    FigureNameScreen,
    QuantityChoiceScreen,
)
from summarise.tui.screens.filter import FilterScreen
from summarise.tui.screens.point_accept import PointAcceptScreen
from summarise.tui.screens.reject import RejectScreen
from summarise.tui.screens.search import SearchScreen
from summarise.tui.screens.story import StoryScreen
from summarise.tui.screens.story_view import StoryView
from summarise.tui.widgets.claim_list import ClaimList

_SCREENS: list[tuple[str, type]] = [
    ("Claim list", ClaimList),
    ("Reject dialog", RejectScreen),
    ("Edit dialog", EditScreen),
    ("Filter dialog", FilterScreen),
    ("Conflict dialog", ConflictScreen),
    ("Conflict list", ConflictListScreen),
    ("Story dialog", StoryScreen),
    ("Search", SearchScreen),
    ("Story view", StoryView),
    ("Point accept dialog", PointAcceptScreen),
    ("Figure mark dialog", FigureMarkScreen),
    ("Figure name dialog", FigureNameScreen),
    ("Quantity choice dialog", QuantityChoiceScreen),
]


def key_sections(review_bindings: list) -> list[tuple[str, list[Binding]]]:  # type: ignore[type-arg]
    """(section title, bindings) for the review screen's bindings, then every other screen's."""
    sections = [("Review", [b for b in review_bindings if isinstance(b, Binding)])]
    for title, owner in _SCREENS:
        sections.append((title, [b for b in owner.BINDINGS if isinstance(b, Binding)]))
    return sections


# Textual's key names where a person would type a character.
_PRINTED = {"slash": "/", "question_mark": "?", "plus": "+", "minus": "-", "space": "space"}


def markdown_table(sections: list[tuple[str, list[Binding]]]) -> str:
    """The key table for the docs (plain key names, as Textual spells them)."""
    lines: list[str] = []
    for title, bindings in sections:
        lines += [f"### {title}", "", "| key | does |", "|---|---|"]
        seen: dict[str, list[str]] = {}
        for binding in bindings:
            description = binding.tooltip or binding.description
            if description:
                keys = [_PRINTED.get(k, k) for k in binding.key.split(",")]
                seen.setdefault(description, []).extend(keys)
        for description, keys in seen.items():
            shown = " ".join(f"`{k}`" for k in dict.fromkeys(keys))
            lines.append(f"| {shown} | {description} |")
        lines.append("")
    return "\n".join(lines)
