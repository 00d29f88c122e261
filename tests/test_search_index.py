"""New claims reach the search index after a run (migration 021), not per document, and the
index stays sound whatever happens to claims it does not hold yet."""

from __future__ import annotations

from pathlib import Path

from summarise.backends.regex.backend import RegexBackend
from summarise.models import Extraction, ExtractionKey
from summarise.pipeline.options import BatchOptions
from summarise.pipeline.runner import run_batch
from summarise.store import ClaimFilter, Store
from tests.factories import PROVENANCE, claim_for, document

TEXT = (
    "The harbour board closed the east quay on Monday after a crane toppled.\n"
    "Engineers said the pier would reopen within a fortnight.\n"
)

KEY = ExtractionKey(PROVENANCE.backend, PROVENANCE.model, PROVENANCE.prompt_version)


def found(store: Store, words: str) -> list[str]:
    return [c.text for c in store.claims(ClaimFilter(search=words))]


def sound(store: Store, *, caught_up: bool = True) -> bool:
    """FTS5's own check of the index: against the claims table once it has caught up (rank
    1), else of its own structure (claims it does not hold yet are not an error)."""
    store.db.execute(
        "INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', ?)",
        [1 if caught_up else 0],
    )
    return True


def save(store: Store, text: str, *quotes: str, replace: bool = False) -> None:
    doc = document(text)
    claims = [claim_for(doc, q) for q in quotes]
    store.save_streamed(
        doc,
        iter([claims]),
        lambda: Extraction(document_id=doc.id),
        key=KEY,
        run_id=None,
        replace=replace,
        index=False,
    )


def test_a_runs_claims_are_searchable_once_it_ends(tmp_path: Path, store: Store) -> None:
    (tmp_path / "quay.txt").write_text(TEXT)
    run_batch(store, RegexBackend(), [str(tmp_path)], BatchOptions())
    assert any("crane toppled" in text for text in found(store, "crane"))
    assert sound(store)


def test_claims_wait_for_the_index_then_all_arrive_in_one_statement(store: Store) -> None:
    save(store, TEXT, "a crane toppled")
    assert found(store, "crane") == []
    store.index_new_claims()
    assert found(store, "crane") == ["a crane toppled"]
    store.index_new_claims()  # nothing new: nothing indexed twice
    assert found(store, "crane") == ["a crane toppled"] and sound(store)


def test_replacing_and_editing_claims_the_index_does_not_hold_keeps_it_sound(
    store: Store,
) -> None:
    save(store, TEXT, "a crane toppled", "the pier would reopen")
    # Re-extracted before the index caught up: the delete trigger must not tell FTS5 to
    # forget rows it never held.
    save(store, TEXT, "the pier would reopen", replace=True)
    store.db.execute("UPDATE claims SET text = 'the jetty would reopen' WHERE text LIKE '%pier%'")
    assert sound(store, caught_up=False)
    store.index_new_claims()
    assert found(store, "jetty") == ["the jetty would reopen"]
    assert found(store, "crane") == []  # (the edited claim's quote still says "pier")
    assert sound(store)


def test_a_rowid_handed_out_again_after_a_delete_is_indexed(store: Store) -> None:
    save(store, TEXT, "a crane toppled", "the pier would reopen")
    store.index_new_claims()
    # --force drops the newest (pending) claims: SQLite then hands their rowids out again,
    # to claims the index must still pick up.
    other = "Divers searched the quay for the crane's hook until dusk on Tuesday.\n"
    save(store, TEXT, "the east quay", replace=True)
    save(store, other, "Divers searched the quay")
    store.index_new_claims()
    assert sorted(found(store, "quay")) == ["Divers searched the quay", "the east quay"]
    assert found(store, "crane") == [] and sound(store)
