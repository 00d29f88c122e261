"""A claim's figures after a reviewer rewrites its text.

The new text is read with the regex backend's one figure reader (`find_figures`), so an
edited number is read exactly as an extracted one. A figure the edit left alone (same
number as written) keeps what the extractor said of it: its counted noun, qualifier and
the rest, which may come from a model and be better than the regex reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarise.backends.regex.figures import find_figures
from summarise.models import Figure


def refigure(text: str, previous: Sequence[Figure]) -> list[Figure]:
    """The figures `text` states, each previous figure still written in it kept as it was."""
    unused = list(previous)
    figures = []
    for found in find_figures(text):
        kept = next((old for old in unused if _same_number(old, found)), None)
        if kept is not None:
            unused.remove(kept)  # two equal numbers in the text keep two figures, not one
        figures.append(kept if kept is not None else found)
    return figures


def _same_number(old: Figure, new: Figure) -> bool:
    return old.value == new.value and old.raw.strip().casefold() == new.raw.strip().casefold()
