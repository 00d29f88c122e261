"""Writing claims out as JSON Lines or CSV, and reading JSON Lines back."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO

from summarise.models import ExportedClaim
from summarise.store import ClaimFilter, Store

CSV_COLUMNS = [
    "id",
    "document_id",
    "document_source",
    "document_title",
    "document_published",
    "status",
    "kind",
    "text",
    "original_text",
    "attribution",
    "quote",
    "quote_start",
    "quote_end",
    "figures",
    "backend",
    "model",
    "prompt_version",
    "created_at",
    "version",
]


def records(store: Store, status: str | None = None) -> Iterator[ExportedClaim]:
    """Claims in database order, streamed, each with its document's citation fields."""
    documents: dict[str, tuple[str, str | None, object]] = {}
    for claim in store.iter_claims(ClaimFilter(status=status)):
        if claim.document_id not in documents:
            document = store.get_document(claim.document_id)
            assert document is not None  # foreign key
            documents.clear()  # claims arrive grouped by document: keep one in memory
            documents[claim.document_id] = (document.source, document.title, document.published)
        source, title, published = documents[claim.document_id]
        yield ExportedClaim(
            **claim.model_dump(),
            document_source=source,
            document_title=title,
            document_published=published,
        )


def write_jsonl(rows: Iterable[ExportedClaim], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(row.model_dump_json() + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[ExportedClaim], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        data = row.model_dump(mode="json")
        provenance = data.pop("provenance")
        data.update(
            backend=provenance["backend"],
            model=provenance["model"],
            prompt_version=provenance["prompt_version"],
            created_at=provenance["created_at"],
            figures=json.dumps(data["figures"], ensure_ascii=False),
        )
        writer.writerow({column: data.get(column) for column in CSV_COLUMNS})
        count += 1
    return count


def read_jsonl(lines: Iterable[str]) -> Iterator[ExportedClaim]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield ExportedClaim.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"line {number}: not an exported claim: {exc}") from exc
