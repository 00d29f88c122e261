"""The records every listing command prints with --json / --nl / --csv: one pydantic model
per listing, so the shapes are written down once, generated into schemas/ and checked by the
tests (a field added here shows up in the schema and the docs; a field printed but not
declared fails validation: `extra="forbid"`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarise.analysis.sources import outlet_label
from summarise.models import ConflictRecord, RemoteBatch
from summarise.store import Store


class Listed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryDocument(Listed):
    id: str
    source: str
    outlet: str
    title: str | None
    published: str | None
    placed_by: str = Field(description="auto (grouping) or user (a `stories move`).")


class StoryRow(Listed):
    """One line of `summarise stories --json`."""

    id: int
    title: str = Field(description="The user's name for the story, else its automatic title.")
    named: bool = Field(description="True when a user named it (`stories name`).")
    follows: int | None = Field(description="The story this one is a later development of.")
    first_published: str | None
    last_published: str | None
    documents: list[StoryDocument]


class ConflictClaim(Listed):
    claim_id: str
    status: str
    document_id: str
    document_source: str
    quote: str


class ConflictValue(Listed):
    value: str
    claims: list[ConflictClaim]


class ConflictResolutionRow(Listed):
    action: str
    claim_id: str | None
    reviewer: str
    decided_at: str
    note: str | None


class ConflictRow(Listed):
    """One line of `summarise conflicts --json`."""

    id: int
    story_id: int | None
    kind: str = Field(description="quantity (a figure's value) or date (an event's date).")
    subject: str
    status: str = Field(description="open, resolved or obsolete.")
    values: list[ConflictValue] = Field(description="Largest number or earliest date first.")
    resolution: ConflictResolutionRow | None


class JobRow(Listed):
    """One line of `summarise jobs --json` (flat: also --csv)."""

    id: int
    via: str
    status: str
    collected: bool
    model: str
    mode: str
    base_url: str | None
    round: int
    requests: int
    completed: int
    failed: int
    estimated_tokens: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None = Field(description="At batch prices; null when the price is unknown.")
    batch_id: str | None
    file_path: str | None
    errors: str | None
    created_at: str
    updated_at: str


class Stats(Listed):
    """`summarise stats --json` (one object)."""

    database: str
    documents: int
    claims: dict[str, int] = Field(description="total, and a count per status.")
    reviewed: int
    kinds: dict[str, int]
    extractions: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    tokens: dict[str, int]
    calls: dict[str, Any]
    without_claims: list[dict[str, Any]]
    reviewers: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    stories: list[dict[str, Any]]


class CallRow(Listed):
    """One line of `summarise logs --json` (flat without --full: also --csv)."""

    id: int
    run_id: int | None
    document_id: str
    document_source: str | None
    chunk_start: int
    chunk_end: int
    attempt: int
    model: str
    mode: str
    base_url: str | None
    status: str = Field(description="The outcome: ok, invalid, http_error, timeout, lost ...")
    http_status: int | None
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    tokens_estimated: bool
    cost_usd: float | None = Field(description="At list (or batch) price; null if unknown.")
    latency_ms: float | None
    error: str | None
    started_at: str
    finished_at: str | None
    request: Any = Field(default=None, description="The request body (with --full).")
    response: Any = Field(default=None, description="The reply body (with --full).")


class DecisionRow(Listed):
    """One line of `summarise history --json` (flat: also --csv)."""

    id: int
    decided_at: str
    reviewer: str
    action: str = Field(description="accept, edit, reject or undo.")
    claim_id: str
    document_id: str
    document_source: str
    status_before: str
    status_after: str
    text_before: str
    text_after: str
    diff: str = Field(
        description="What an edit changed, word by word ([-removed-] {+added+}); empty when "
        "the text stayed the same."
    )
    reason: str | None
    undoes: int | None
    group_id: int | None


class FigureValue(Listed):
    value: str = Field(description="The value as shown, with its hedge ('more than 300').")
    number: float
    reported: str | None = Field(description="The report's date (YYYY-MM-DD), or null.")
    claim_id: str
    figure: str | None = Field(description="The figure as written; decisions name it.")
    document: str | None = Field(description="The report's file.")
    outlet: str | None
    quote: str | None


class FigureQuantity(Listed):
    subject: str = Field(description="What is counted (a reviewer's name when renamed).")
    status: str = Field(description="stable, updated or disputed.")
    latest: str
    values: list[FigureValue] = Field(description="Oldest first.")


class FigureDecisionRow(Listed):
    id: int = Field(description="For `summarise figures undo`.")
    kind: str = Field(description="update, dispute, retracted, move, rename, merge or split.")
    claim_id: str
    figure: str
    target_claim_id: str | None
    target_figure: str | None
    name: str | None
    reviewer: str
    created_at: str


class FigureRow(Listed):
    """One story of `summarise figures --json`: its tracked quantities, reviewers' figure
    decisions applied, and the decisions in force."""

    story_id: int
    figures: list[FigureQuantity]
    decisions: list[FigureDecisionRow]


LISTING_MODELS: dict[str, type[BaseModel]] = {
    "stories": StoryRow,
    "conflicts": ConflictRow,
    "jobs": JobRow,
    "stats": Stats,
    "logs": CallRow,
    "history": DecisionRow,
    "figures": FigureRow,
}


def story_rows(store: Store) -> Iterator[StoryRow]:
    assignments = store.stories.assignments()
    for story in store.stories.list():
        documents = []
        for doc_id in store.stories.documents_of(story.id):
            document = store.get_document(doc_id)
            if document is None:
                continue
            documents.append(
                StoryDocument(
                    id=doc_id,
                    source=document.source,
                    outlet=outlet_label(document.source),
                    title=document.title,
                    published=document.published.isoformat() if document.published else None,
                    placed_by=assignments[doc_id][1],
                )
            )
        yield StoryRow(
            id=story.id,
            title=story.label,
            named=bool(story.name),
            follows=story.follows,
            first_published=story.first_published,
            last_published=story.last_published,
            documents=documents,
        )


def conflict_row(record: ConflictRecord) -> ConflictRow:
    resolution = record.resolution
    return ConflictRow(
        id=record.id,
        story_id=record.story_id,
        kind=record.kind,
        subject=record.subject,
        status=record.status,
        values=[
            ConflictValue(
                value=members[0].value,
                claims=[
                    ConflictClaim(
                        claim_id=m.claim_id,
                        status=m.status,
                        document_id=m.document_id,
                        document_source=m.document_source,
                        quote=m.quote,
                    )
                    for m in members
                ],
            )
            for members in record.values().values()
        ],
        resolution=None
        if resolution is None
        else ConflictResolutionRow(
            action=resolution.action,
            claim_id=resolution.claim_id,
            reviewer=resolution.reviewer,
            decided_at=resolution.decided_at,
            note=resolution.note,
        ),
    )


def job_row(batch: RemoteBatch, tokens: tuple[int, int], cost_usd: float | None) -> JobRow:
    return JobRow(
        id=batch.id,
        via=batch.via,
        status=batch.status,
        collected=bool(batch.collected_at),
        model=batch.key.model,
        mode=batch.mode,
        base_url=batch.base_url,
        round=batch.round,
        requests=batch.requests,
        completed=batch.completed,
        failed=batch.failed,
        estimated_tokens=batch.estimated_tokens,
        prompt_tokens=tokens[0],
        completion_tokens=tokens[1],
        cost_usd=cost_usd,
        batch_id=batch.batch_id,
        file_path=batch.file_path,
        errors=batch.errors,
        created_at=batch.created_at,
        updated_at=batch.updated_at,
    )
