"""Conversion between table rows and models, in one place so columns stay plain."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from summarise.models import Claim, Document, Figure, Provenance, Review

NAME_LIMIT = 200  # characters of a first line used as a document's name


def document_name(source: str, title: str | None, text: str | None) -> str:
    """What to call a document in sqlite3 and Datasette (`documents.name`): its title, else
    its first line (cut at NAME_LIMIT characters), else its file name."""
    line = next((part.strip() for part in (text or "").splitlines() if part.strip()), "")
    return (
        (title or "").strip()
        or line[:NAME_LIMIT]
        or source.replace("\\", "/").rsplit("/", 1)[-1]
        or source
    )


def document_row(document: Document, ingested_at: str) -> dict[str, Any]:
    return {
        "id": document.id,
        "source": document.source,
        "title": document.title,
        "name": document_name(document.source, document.title, document.text[:1000]),
        "published": document.published.isoformat() if document.published else None,
        "text": document.text,
        "encoding": document.encoding,
        "boilerplate_removed": document.boilerplate_removed,
        "char_count": len(document.text),
        "ingested_at": ingested_at,
        "agencies": json.dumps(document.agencies) if document.agencies is not None else None,
        "outlet": document.outlet,
        "dateline_month_day": document.dateline_month_day,
    }


def document_from_row(row: Mapping[str, Any]) -> Document:
    return Document(
        id=row["id"],
        source=row["source"],
        title=row["title"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        text=row["text"],
        encoding=row["encoding"] or "utf-8",
        boilerplate_removed=row["boilerplate_removed"] or 0,
        agencies=json.loads(row["agencies"]) if row.get("agencies") else None,
        outlet=row.get("outlet"),
        dateline_month_day=row.get("dateline_month_day"),
    )


def claim_row(claim: Claim, run_id: int | None, created_at: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "text": claim.text,
        "original_text": claim.original_text,
        "quote": claim.quote,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "kind": claim.kind.value,
        "attribution": claim.attribution,
        # Most claims state no figure: their "[]" written without a trip through json.
        "figures": json.dumps([f.model_dump() for f in claim.figures], ensure_ascii=False)
        if claim.figures
        else "[]",
        "needs_context": int(claim.needs_context),
        "context_note": claim.context_note,
        "backend": claim.provenance.backend,
        "model": claim.provenance.model,
        "prompt_version": claim.provenance.prompt_version,
        "run_id": run_id,
        "created_at": created_at,
        "status": claim.status.value,
        "version": claim.version,
        "updated_at": created_at,
    }


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    return Claim(
        id=row["id"],
        document_id=row["document_id"],
        text=row["text"],
        quote=row["quote"],
        quote_start=row["quote_start"],
        quote_end=row["quote_end"],
        kind=row["kind"],
        attribution=row["attribution"],
        figures=[Figure(**f) for f in json.loads(row["figures"] or "[]")],
        # Rows written before migration 008 have neither column: they stand alone as far
        # as anyone knew.
        needs_context=bool(row.get("needs_context") or 0),
        context_note=row.get("context_note"),
        provenance=Provenance(
            backend=row["backend"],
            model=row["model"],
            prompt_version=row["prompt_version"],
            created_at=datetime.fromisoformat(row["created_at"]) if row["created_at"] else None,
        ),
        status=row["status"],
        original_text=row["original_text"],
        version=row["version"],
    )


def review_from_row(row: Mapping[str, Any]) -> Review:
    return Review(
        id=row["id"],
        claim_id=row["claim_id"],
        reviewer=row["reviewer"],
        action=row["action"],
        decided_at=datetime.fromisoformat(row["decided_at"]),
        status_before=row["status_before"],
        status_after=row["status_after"],
        text_before=row["text_before"] or "",
        # NULL: the decision kept the text (an accept or reject stores it once).
        text_after=row["text_after"] if row["text_after"] is not None else row["text_before"] or "",
        reason=row["reason"],
        undoes=row["undoes"],
        quote_before=_span(row["quote_start_before"], row["quote_end_before"]),
        quote_after=_span(row["quote_start_after"], row["quote_end_after"]),
    )


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)
