"""Hand-written stories for the summary tests: invented outlets, places and people, so no
article text from anywhere is copied. Each helper stores documents and claims through the
real store, accepts every claim as a reviewer would, and builds the summary the CLI would."""

from __future__ import annotations

from datetime import date

from summarise.analysis import refresh
from summarise.models import (
    ClaimKind,
    ClaimStatus,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    ReviewAction,
)
from summarise.output.summary import summarise_store
from summarise.output.summary.model import StorySummary
from summarise.store import ClaimFilter, Store
from tests.factories import claim_for

KEY = ExtractionKey("test", "hand", "t1")


def article(
    source: str, text: str, *, published: date | None = None, agencies: list[str] | None = None
) -> Document:
    return Document(
        id=Document.id_for(text), source=source, text=text, published=published, agencies=agencies
    )


def save(
    store: Store,
    doc: Document,
    *sentences: str | tuple[str, list[Figure]] | tuple[str, list[Figure], str],
) -> None:
    """One claim per sentence (each quoted verbatim from `doc`), with optional figures and an
    attribution."""
    claims = []
    for sentence in sentences:
        text, figures, who = (
            (sentence, [], None)
            if isinstance(sentence, str)
            else (
                *sentence,
                None,
            )[:3]
        )
        claims.append(
            claim_for(
                doc,
                text,
                figures=figures,
                attribution=who,
                kind=ClaimKind.STATEMENT if who else ClaimKind.EVENT,
            )
        )
    store.save_extraction(doc, Extraction(document_id=doc.id, claims=claims), key=KEY, run_id=None)


def accept_everything(store: Store) -> None:
    for claim in list(store.iter_claims(ClaimFilter(status=ClaimStatus.PENDING.value))):
        store.decide(claim.id, ReviewAction.ACCEPT, reviewer="test", expected_version=claim.version)


def summarise(store: Store) -> list[StorySummary]:
    accept_everything(store)
    refresh.refresh(store, force=True)
    return summarise_store(store).stories


def figure(value: float, raw: str, counts: str, qualifier: str = "") -> Figure:
    return Figure(value=value, raw=raw, counts=counts, qualifier=qualifier)
