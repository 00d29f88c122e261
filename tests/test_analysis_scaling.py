"""Analysis work grows with the batch, not its square: counted in comparisons, never timed."""

from __future__ import annotations

import pytest

from bench.corpus import article
from summarise.analysis import grouping as stories
from summarise.analysis.grouping import StoryDocument, similarities

TEMPLATED = 600  # on the adversarial one-vocabulary bench corpus


def _templated(n: int) -> list[StoryDocument]:
    return [StoryDocument(f"d{i:04d}", article(i)) for i in range(n)]


@pytest.mark.slow
def test_document_pairs_linked_grow_linearly_on_a_templated_batch() -> None:
    docs = _templated(TEMPLATED)
    pairs = similarities(docs)
    all_pairs = TEMPLATED * (TEMPLATED - 1) // 2
    # At most NEIGHBOURS per document, whatever the documents share; all pairs would be 179,700.
    assert len(pairs) <= TEMPLATED * stories.NEIGHBOURS < all_pairs // 5
    assert all(a < b for a, b in pairs)
    assert similarities(list(reversed(docs))) == pairs  # the same whatever the order


def test_small_collections_link_every_similar_pair() -> None:
    docs = _templated(30)
    pairs = similarities(docs)
    vecs = {d.id: stories.vector(d) for d in docs}
    expected = {
        (a.id, b.id)
        for a in docs
        for b in docs
        if a.id < b.id and stories.cosine(vecs[a.id], vecs[b.id]) >= stories.EDGE_FLOOR
    }
    assert set(pairs) == expected
