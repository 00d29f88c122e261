"""Checking that a claim's quote is the document's own text at its offsets."""

from __future__ import annotations

from summarise.models import Claim, Extraction


def keep_grounded(extraction: Extraction, document_text: str) -> Extraction:
    """Drop any claim whose quote is not `document_text[quote_start:quote_end]`.

    Backends are expected to ground their claims; this is the pipeline's last guard, so an
    ungrounded claim is counted, never stored, whatever backend produced it.
    """
    grounded: list[Claim] = [c for c in extraction.claims if c.is_grounded_in(document_text)]
    dropped = len(extraction.claims) - len(grounded)
    if not dropped:
        return extraction
    return extraction.model_copy(
        update={
            "claims": grounded,
            "dropped_ungrounded": extraction.dropped_ungrounded + dropped,
        }
    )
