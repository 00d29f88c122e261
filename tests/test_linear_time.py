"""Every pattern run on document text takes linear time, whatever the text.

Each public function that runs regular expressions over a document is fed long runs of
every character class its patterns use (spaces, line ends, sentence ends, quotes,
brackets, commas, digits, letters ...) at two sizes in the same run. Linear code takes
about 8x as long on 8x the text; the quadratic trailing-punctuation pattern took ~60x.
The bound (20x, on the best of three CPU-time readings, so other processes on a shared
machine do not count) leaves room for noise without letting quadratic growth through.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from summarise.analysis.dates import find_dates
from summarise.backends.regex.attribution import find_attribution
from summarise.backends.regex.backend import RegexBackend
from summarise.backends.regex.figures import find_figures
from summarise.backends.regex.sentences import split_sentences
from summarise.grounding import locate_quote
from summarise.ingest.boilerplate import agency_signoff, strip_boilerplate
from summarise.ingest.reader import parse_bytes
from summarise.models import Document

SMALL = 2_000
GROWTH = 8
MAX_RATIO = 20
# Runs of what the patterns match on: white space, sentence ends, closing and opening
# quotes and brackets, separators, digits, letters, and the words the rules look for.
UNITS = [
    " ", "\n", "\t", "\n\n ", ".", "!", "?", "…", '"', "'", "“", "”", "’", ")", "]", "(",
    ",", ";", ":", "-", "a", "A", "1", "$", "%", "a\n", "A b. ", "! ", ". ", "1,000",
    ", X said ", "said, ", "according to ", "Mr. ", "May 7 ", "on Monday ", "(AFP) ",
]  # fmt: skip
ENDS = ["x", '"']
# The quote search runs no pattern but a digit finder and its own per-character loop (already
# linear and 10x dearer per character), so runs of digits, spaces and letters cover it.
UNITS_FOR = {"locate_quote": [" ", "a", "1", "1,000", "\n"]}


def _extract(text: str) -> object:
    document = Document(id=Document.id_for(text), source="long.txt", text=text)
    return RegexBackend().extract_sync(document)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "extract a document": _extract,
    "find_attribution": find_attribution,
    "split_sentences": split_sentences,
    "find_figures": find_figures,
    "strip_boilerplate": strip_boilerplate,
    "agency_signoff": agency_signoff,
    "find_dates": find_dates,
    "ingest (parse_bytes)": lambda text: parse_bytes(text.encode(), "long.txt"),
    "locate_quote": lambda text: locate_quote(text, "The mayor said 40 people were hurt"),
}


def _document(unit: str, end: str, size: int) -> str:
    return "The mayor said " + unit * (size // len(unit)) + end


def _best_time(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        function(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_time_grows_linearly_on_long_runs_of_every_character_class(name: str) -> None:
    function = FUNCTIONS[name]
    worst: list[tuple[float, str]] = []
    for unit in UNITS_FOR.get(name, UNITS):
        for end in ENDS:
            small = _best_time(function, _document(unit, end, SMALL))
            large = _best_time(function, _document(unit, end, SMALL * GROWTH))
            # Below a millisecond the timer and the interpreter's constant costs dominate.
            ratio = large / max(small, 1e-3)
            worst.append((ratio, f"{unit!r} then {end!r}: {small:.4f}s -> {large:.4f}s"))
    worst.sort(reverse=True)
    assert worst[0][0] < MAX_RATIO, f"{name} grows faster than linearly: {worst[:3]}"
