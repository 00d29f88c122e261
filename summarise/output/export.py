"""Writing claims out as JSON Lines or CSV, and reading JSON Lines back."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO

from summarise.models import ClaimStatus, ExportedClaim
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
    "reviewer",
    "decided_at",
    "reject_reason",
    "story_id",
    "story_title",
]


def records(store: Store, status: str | None = None) -> Iterator[ExportedClaim]:
    """Claims in database order, streamed, each with its document's citation fields, its
    last decision (reviewer, time, reject reason) and its story."""
    documents: dict[str, tuple[str, str | None, object]] = {}
    decisions: dict[str, tuple[str, str, str, str | None]] = {}
    stories = {story.id: story.label for story in store.stories.list()}
    placed = {doc_id: story_id for doc_id, (story_id, _) in store.stories.assignments().items()}
    for claim in store.iter_claims(ClaimFilter(status=status)):
        if claim.document_id not in documents:
            document = store.get_document(claim.document_id)
            assert document is not None  # foreign key
            documents.clear()  # claims arrive grouped by document: keep one in memory
            documents[claim.document_id] = (document.source, document.title, document.published)
            decisions = store.review_log.last_decisions(claim.document_id)
        source, title, published = documents[claim.document_id]
        reviewer, decided_at, _, reason = decisions.get(claim.id, (None, None, None, None))
        story_id = placed.get(claim.document_id)
        yield ExportedClaim(
            **claim.model_dump(),
            document_source=source,
            document_title=title,
            document_published=published,
            reviewer=reviewer,
            decided_at=decided_at,
            reject_reason=reason if claim.status is ClaimStatus.REJECTED else None,
            story_id=story_id,
            story_title=stories.get(story_id) if story_id is not None else None,
        )


def write_jsonl(rows: Iterable[ExportedClaim], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(row.model_dump_json() + "\n")
        count += 1
    return count


# OWASP's rule for CSV injection: a cell starting with one of these is run as a formula by
# spreadsheets (=HYPERLINK(...) can send the sheet's data away), so it gets a leading "'",
# which spreadsheets show as text. A cell that already starts with "'" gets one more, so
# read_csv, which removes exactly one, gives back every cell exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PREFIX = "'"


def guard_formula(cell: str) -> str:
    """`cell` as a spreadsheet will show it and never run it."""
    if cell.startswith((*FORMULA_STARTS, FORMULA_PREFIX)):
        return FORMULA_PREFIX + cell
    return cell


def _unprefixed(cell: str) -> str:
    return cell[1:] if cell.startswith(FORMULA_PREFIX) else cell


def write_csv(rows: Iterable[ExportedClaim], out: IO[str], *, formula_safe: bool = True) -> int:
    """Claims as CSV, one row each. With `formula_safe` (the default) every cell that a
    spreadsheet would run as a formula is prefixed with "'" (see FORMULA_STARTS)."""
    # RFC 4180 line ends: with "\n" alone the csv module leaves a field holding a bare "\r"
    # unquoted, and every reader then splits the row there.
    safe = _formula_safe if formula_safe else _as_is
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
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
        writer.writerow({column: safe(data.get(column)) for column in CSV_COLUMNS})
        count += 1
    return count


def _formula_safe(value: object) -> object:
    return guard_formula(value) if isinstance(value, str) else value


def _as_is(value: object) -> object:
    return value


# Columns that may be absent: CSV has no null, so an empty cell means "none" for these.
_OPTIONAL_COLUMNS = (
    "document_title",
    "document_published",
    "original_text",
    "attribution",
    "reviewer",
    "decided_at",
    "reject_reason",
    "story_id",
    "story_title",
)
_PROVENANCE_COLUMNS = ("backend", "model", "prompt_version", "created_at")


def read_csv(handle: IO[str], *, formula_safe: bool = True) -> Iterator[ExportedClaim]:
    """Read back what `write_csv` wrote (open files with newline="", as for any CSV); with
    `formula_safe` (as written by default) the "'" before each guarded cell is removed.

    Lossless except that CSV cannot tell an empty optional value from a missing one: an
    empty title, original text or attribution reads back as none.
    """
    reader = csv.DictReader(handle)
    if reader.fieldnames != CSV_COLUMNS:
        raise ValueError(f"not a claims export: the columns are {reader.fieldnames}")
    for raw in reader:
        row = {k: _unprefixed(v) for k, v in raw.items()} if formula_safe else raw
        data: dict[str, object] = dict(row)
        for column in _OPTIONAL_COLUMNS:
            data[column] = row[column] or None
        data["provenance"] = {c: data.pop(c) for c in _PROVENANCE_COLUMNS}
        data["provenance"]["created_at"] = row["created_at"] or None  # type: ignore[index]
        try:
            data["figures"] = json.loads(row["figures"] or "[]")
            yield ExportedClaim.model_validate(data)
        except ValueError as exc:
            raise ValueError(f"line {reader.line_num}: not an exported claim: {exc}") from exc


def read_jsonl(lines: Iterable[str]) -> Iterator[ExportedClaim]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield ExportedClaim.model_validate_json(line)
            except ValueError as exc:
                raise ValueError(f"line {number}: not an exported claim: {exc}") from exc
