"""Corroboration on pairs checked by hand in the seeds (see each test), and source counting."""

from __future__ import annotations

from summarise.analysis.claim_facts import facts_for
from summarise.analysis.corroboration import ClaimMatcher, LexicalMatcher
from summarise.analysis.sources import Support, credited_agencies, distinct_sources, support_for
from summarise.output.summary import summarise_store
from summarise.store import Store
from tests.story_fixtures import (
    accept_all,
    claim_containing,
    seed_document_id,
    seeds_db,
    seeds_db_template,
    seeds_store,
)

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]


def _linked(store: Store, first: str, second: str) -> bool:
    return any({link.first, link.second} == {first, second} for link in store.stories.links())


def _point_of(store: Store, claim_id: str):  # type: ignore[no-untyped-def]
    summary = summarise_store(store)
    for story in summary.stories:
        for point in story.points():
            if claim_id in point.claim_ids:
                return point
    raise AssertionError(f"claim {claim_id} is in no point")


def test_seed_documents_record_their_sign_off_agencies(seeds_store: Store) -> None:
    agencies = {
        prefix: seeds_store.get_document(seed_document_id(seeds_store, prefix)).agencies  # type: ignore[union-attr]
        for prefix in ("000", "001", "002", "003", "004")
    }
    assert agencies == {"000": ["EFE", "AFP"], "001": [], "002": [], "003": ["EFE"], "004": []}


def test_efe_copy_in_two_outlets_counts_once(seeds_store: Store) -> None:
    # 000 (signed "EFE and AFP") and 002 carry the same sentence word for word.
    first = claim_containing(seeds_store, "000", "The informant also said")
    second = claim_containing(seeds_store, "002", "The informant also said")
    assert _linked(seeds_store, first.id, second.id)
    accept_all(seeds_store)
    point = _point_of(seeds_store, first.id)
    assert set(point.claim_ids) == {first.id, second.id}
    assert (point.sources, point.documents) == (1, 2)


def test_a_sentence_crediting_efe_counts_with_efe_signed_copy(seeds_store: Store) -> None:
    # 000: "...indicated a high-ranking Egyptian security source" (piece signed EFE and AFP);
    # 002: the same meeting, reworded, "an Egyptian security source told EFE".
    first = claim_containing(seeds_store, "000", "who is in exile in Qatar")
    second = claim_containing(seeds_store, "002", "who resides in Qatar")
    assert _linked(seeds_store, first.id, second.id)
    accept_all(seeds_store)
    point = _point_of(seeds_store, first.id)
    # 004's "The regime's president also said ... ready for another pause" is the same
    # statement from another outlet (tfidf-v2 links it): three documents, and the reprinted
    # pair among them still one source.
    assert {first.document_id, second.document_id} <= {c.document_id for c in point.citations}
    assert point.sources == point.documents - 1


def test_reworded_sentence_of_a_reprinted_piece_counts_once(seeds_store: Store) -> None:
    # 000's Herzog sentence (EFE/AFP copy) and 002's reworded Herzog clause (split from its
    # Netanyahu clause since issue 12). 002 carries no sign-off, but it is 000's EFE piece
    # reprinted (many of their sentences are near-verbatim copies), so even its reworded
    # sentences are EFE's: one source.
    first = claim_containing(seeds_store, "000", "The president of Israel, Isaac Herzog")
    second = claim_containing(seeds_store, "002", "Israeli President Isaac Herzog said")
    assert _linked(seeds_store, first.id, second.id)
    accept_all(seeds_store)
    point = _point_of(seeds_store, first.id)
    # 004's "The regime's president also said ... ready for another pause" is the same
    # statement from another outlet (tfidf-v2 links it): three documents, and the reprinted
    # pair among them still one source.
    assert {first.document_id, second.document_id} <= {c.document_id for c in point.citations}
    assert point.sources == point.documents - 1


def test_conflicting_figures_are_never_corroboration(seeds_store: Store) -> None:
    first = claim_containing(seeds_store, "000", "110 hostages")
    second = claim_containing(seeds_store, "002", "105 hostages")
    assert not _linked(seeds_store, first.id, second.id)
    assert LexicalMatcher().score(facts_for(first), facts_for(second)) == 0.0


def test_afp_credit_and_afp_sign_off_are_one_source(seeds_store: Store) -> None:
    # 004: "... AFP reported"; 000 is signed "EFE and AFP".
    afp = claim_containing(seeds_store, "004", "Mossad director David Barnea")
    signed = claim_containing(seeds_store, "000", "According to the Axios news portal")
    supports = [
        support_for(afp.document_id, [], afp.text, afp.quote, afp.attribution),
        support_for(signed.document_id, ["EFE", "AFP"], signed.text),
    ]
    assert supports[0].agencies == {"AFP"}
    assert distinct_sources(supports) == 1


def test_credited_agencies() -> None:
    assert credited_agencies("security sources informed Efe.") == {"EFE"}
    assert credited_agencies("a source told the news agency AFP") == {"AFP"}
    assert credited_agencies("as Reuters reported on Monday") == {"Reuters"}
    assert credited_agencies("the agency said it was happy to help") == frozenset()
    assert credited_agencies("they went to ap") == frozenset()


def test_distinct_sources_is_the_fewest_origins() -> None:
    efe_afp = Support("a", frozenset({"EFE", "AFP"}))
    efe = Support("b", frozenset({"EFE"}))
    afp = Support("c", frozenset({"AFP"}))
    outlet = Support("d")
    assert distinct_sources([efe_afp, efe]) == 1
    assert distinct_sources([efe_afp, efe, afp]) == 2  # EFE and AFP both needed
    assert distinct_sources([efe, outlet, Support("e")]) == 3
    assert distinct_sources([outlet, Support("d")]) == 1  # one document
    assert distinct_sources([outlet, Support("e")], copies=[(0, 1)]) == 1
    assert distinct_sources([]) == 0


def test_the_lexical_matcher_satisfies_the_protocol() -> None:
    matcher: ClaimMatcher = LexicalMatcher()
    assert matcher.name == "lexical-v2" and matcher.links([]) == []
