"""Words two reports quote alike: a run of the same words, in order, that says something.

Outlets carrying one statement quote it with the same words ("have my blessing to discuss
the end of the talks") however differently they frame it, and the frame decides the TF-IDF
cosine. A shared run of `RUN` consecutive words, `MEANING` of them lower-case content words
(not names: "the Central Statistics Office said" is a shared frame, not a shared statement),
is evidence of one statement that the matcher adds to the cosine (`corroboration.py`).
"""

from __future__ import annotations

import re

from summarise.analysis.terms import STOPWORDS

RUN = 6  # words in a row
MEANING = 3  # of which lower-case content words

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w’'\-]*")


def runs(text: str) -> frozenset[tuple[str, ...]]:
    """The claim's runs of `RUN` words (lower-cased) holding `MEANING` lower-case content
    words."""
    words = _WORD.findall(text.replace("’", "'"))
    out: set[tuple[str, ...]] = set()
    meaningful = [w.islower() and w not in STOPWORDS and len(w) > 2 for w in words]
    lowered = [w.lower() for w in words]
    for start in range(len(words) - RUN + 1):
        if sum(meaningful[start : start + RUN]) >= MEANING:
            out.add(tuple(lowered[start : start + RUN]))
    return frozenset(out)
