"""Merge precision and recall on seed pairs checked by hand (tests/merge_pairs.py): two claims
are merged when the summary shows them as one point. Measured with this matcher (tfidf-v2 with
majority-linkage merging, docs/summary.md): precision 1.0, recall 0.77 (tfidf-v1 with the event
rule: the same; lexical-v2: 1.0 and 0.77; lexical-v1: 1.0 and 0.62).
The shared corpus pairs are measured by `python -m bench.summary_quality` (not in the suite)."""

from __future__ import annotations

from summarise.analysis import refresh
from summarise.output.summary import summarise_store
from summarise.store import Store
from tests.merge_pairs import SEED_PAIRS, precision_recall
from tests.story_fixtures import (
    accept_all,
    claim_containing,
    seeds_db,
    seeds_db_template,
    seeds_store,
)

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]


def test_merging_on_hand_checked_seed_pairs(seeds_store: Store) -> None:
    accept_all(seeds_store)
    refresh.refresh(seeds_store)
    summary = summarise_store(seeds_store)
    point_of = {
        claim: (story.id, point.ref)
        for story in summary.stories
        for point in story.points()
        for claim in point.claim_ids
    }
    predicted, labels = [], []
    for (first_doc, first_words), (second_doc, second_words), same in SEED_PAIRS:
        first = claim_containing(seeds_store, first_doc, first_words)
        second = claim_containing(seeds_store, second_doc, second_words)
        predicted.append(point_of[first.id] == point_of[second.id])
        labels.append(same)
    precision, recall = precision_recall(predicted, labels)
    assert precision >= 0.95, precision
    assert recall >= 0.75, recall


def test_haniyeh_arrival_is_one_point_citing_three_documents(seeds_store: Store) -> None:
    accept_all(seeds_store)
    summary = summarise_store(seeds_store)
    arrival = claim_containing(seeds_store, "000", "arrived in Cairo this Wednesday for a brief")
    story = summary.stories[0]
    (point,) = [p for p in story.points() if arrival.id in p.claim_ids]
    assert point.documents >= 3
    # 000 (signed EFE and AFP) and 002 (its reprint) are one source: 001 is the other.
    assert point.sources == 2
    assert story.headline_claim_id == point.id and story.headline_sources == 2
