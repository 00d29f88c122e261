"""Builders for documents and claims used across tests (test data, not fakes of features)."""

from __future__ import annotations

from summarise.models import (
    Claim,
    ClaimKind,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    Provenance,
)

PROVENANCE = Provenance(backend="test", model="hand", prompt_version="t1")


def document(text: str, source: str = "doc.txt") -> Document:
    return Document(id=Document.id_for(text), source=source, text=text)


def claim_for(
    doc: Document,
    quote: str,
    *,
    text: str | None = None,
    kind: ClaimKind = ClaimKind.EVENT,
    attribution: str | None = None,
    figures: list[Figure] | None = None,
    occurrence: int = 0,
) -> Claim:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(quote, start + 1)
    end = start + len(quote)
    body = text or quote
    return Claim(
        id=Claim.id_for(doc.id, PROVENANCE, start, end, body),
        document_id=doc.id,
        text=body,
        quote=quote,
        quote_start=start,
        quote_end=end,
        kind=kind,
        attribution=attribution,
        figures=figures or [],
        provenance=PROVENANCE,
    )


def extraction(doc: Document, *quotes: str) -> Extraction:
    return Extraction(document_id=doc.id, claims=[claim_for(doc, q) for q in quotes])


def store_claims(store, doc: Document, *quotes: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    store.save_extraction(
        doc,
        extraction(doc, *quotes),
        key=ExtractionKey("test", "hand", "t1"),
        run_id=None,
    )
    return [store.get_claim(c.id) for c in extraction(doc, *quotes).claims]
