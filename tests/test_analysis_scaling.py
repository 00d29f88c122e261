"""Analysis work grows with the batch, not its square: counted in comparisons, never timed."""

from __future__ import annotations

import pytest

from bench.corpus import article
from summarise.analysis import grouping as stories
from summarise.analysis.grouping import StoryDocument, candidate_pairs, vectors

TEMPLATED = 600  # past EXHAUSTIVE_UP_TO, on the adversarial one-vocabulary bench corpus


def _templated(n: int) -> list[StoryDocument]:
    return [StoryDocument(f"d{i:04d}", article(i)) for i in range(n)]


@pytest.mark.slow
def test_document_pairs_compared_grow_linearly_on_a_templated_batch() -> None:
    vecs = vectors(_templated(TEMPLATED))
    pairs = candidate_pairs(vecs)
    all_pairs = TEMPLATED * (TEMPLATED - 1) // 2
    # At most NEIGHBOURS per document, whatever the documents share; all pairs would be 179,700.
    assert len(pairs) <= TEMPLATED * stories.NEIGHBOURS < all_pairs // 5
    assert len(set(pairs)) == len(pairs) and all(i < j for i, j in pairs)
    # Every document still gets compared with its nearest neighbours.
    assert {i for pair in pairs for i in pair} == set(range(TEMPLATED))
    assert candidate_pairs(vecs) == pairs  # deterministic tie-breaks


def test_small_collections_compare_every_pair() -> None:
    vecs = vectors(_templated(30))
    assert len(candidate_pairs(vecs)) == 30 * 29 // 2
