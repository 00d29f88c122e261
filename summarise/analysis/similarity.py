"""Cosine similarity of claims' TF-IDF vectors, with term weights computed over one story's claims.

Pure Python rather than scikit-learn: a story holds tens to hundreds of claims, the vectors
are a few dozen terms each, and a sparse dot product over dicts is all that is needed; the
collection statistics (document frequencies) are computed per story, over the claims being
compared, so a term common in this story ("Gaza" in a story about Gaza) weighs little.

The terms are `paraphrase.fact_terms`: stems, concepts ("died" and "killed" are one term) and
figure values ("Fourteen" and "14"), so outlets' paraphrases of one fact meet. Term frequency
is sublinear (1 + log tf) so a word repeated in one long claim does not swamp the rest;
entities (capitalised runs) count once each, on top of their words. The speaker's own words
(the names in the attribution) are left out: who says so is compared by the matcher's speaker
veto, and two different statements of one spokesman ("said Alex Mensing, a coordinator of
...") must not look alike for his name and title.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from summarise.analysis.claim_facts import ClaimFacts
from summarise.analysis.paraphrase import fact_terms

Vector = dict[str, float]


def term_counts(claim: ClaimFacts) -> Counter[str]:
    """How often each of the claim's comparison terms occurs in its text (entities once)."""
    return fact_terms(claim)


def inverse_frequencies(bags: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term over these claims' term bags (never
    zero)."""
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    total = len(bags)
    return {term: math.log((1 + total) / (1 + count)) + 1.0 for term, count in frequency.items()}


def vector(counts: Mapping[str, float], idf: dict[str, float]) -> Vector:
    """The unit-length TF-IDF vector (sublinear term frequency) of a claim's term counts."""
    raw = {t: (1.0 + math.log(n)) * idf.get(t, 1.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {t: v / norm for t, v in raw.items()} if norm else {}


def cosine(first: Vector, second: Vector) -> float:
    if len(first) > len(second):
        first, second = second, first
    return sum(v * second.get(t, 0.0) for t, v in first.items())
