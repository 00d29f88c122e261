"""The summary as data: what `summarise summary --format json` writes (schema in
schemas/summary.schema.json) and what the Markdown and HTML renderers read.

Everything in it comes from accepted claims: points, citations, headline and the values of
conflicts. Pending and rejected claims appear only as counts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from summarise.models import ClaimKind

SUMMARY_FORMAT_VERSION = "1"


class SourceDocument(BaseModel):
    document_id: str
    source: str = Field(description="Where the document was read from (a path).")
    label: str = Field(description="The outlet or file the document is cited as.")
    title: str | None = None
    published: date | None = None
    agencies: list[str] = Field(default_factory=list, description="Agencies its sign-off named.")


class Citation(BaseModel):
    claim_id: str
    document_id: str
    label: str = Field(description="The cited document's label (see SourceDocument.label).")
    quote: str = Field(description="Verbatim from the document.")
    quote_start: int
    quote_end: int
    attribution: str | None = None


class Point(BaseModel):
    """One fact, stated by one or more accepted claims (linked as corroborating each other)."""

    id: str = Field(description="The id of the claim whose text is shown.")
    text: str
    kind: ClaimKind
    event_date: date | None = None
    date_basis: Literal["stated", "document", "story", "unknown"] = "unknown"
    sources: int = Field(description="Distinct sources: one agency's copy counts once.")
    documents: int = Field(description="Documents with an accepted claim stating it.")
    claim_ids: list[str] = Field(description="Every accepted claim behind the point.")
    citations: list[Citation]
    conflict_ids: list[int] = Field(
        default_factory=list, description="Unresolved conflicts one of its claims is part of."
    )


class Topic(BaseModel):
    title: str
    points: list[Point]


class ConflictValue(BaseModel):
    value: str = Field(description="The value as one of its claims states it.")
    citations: list[Citation]


class ConflictSummary(BaseModel):
    id: int
    kind: Literal["quantity", "date"]
    subject: str = Field(description="What the values are of, e.g. 'hostages released'.")
    values: list[ConflictValue] = Field(description="Accepted values, each with its sources.")
    pending_claims: int = Field(description="Claims of the conflict not reviewed yet.")


class ReviewCounts(BaseModel):
    documents: int
    claims: int
    accepted: int
    pending: int
    rejected: int


class StorySummary(BaseModel):
    id: int
    title: str = Field(description="The story's name (given by a user) or automatic title.")
    headline: str = Field(description="The user's name for the story, else its best-sourced point.")
    headline_claim_id: str | None = None
    first_published: date | None = None
    last_published: date | None = None
    follows: int | None = Field(
        default=None, description="The story this one is a later development of."
    )
    documents: list[SourceDocument]
    counts: ReviewCounts
    topics: list[Topic]
    conflicts: list[ConflictSummary] = Field(description="Unresolved: accepted claims disagree.")
    differing: list[ConflictSummary] = Field(
        default_factory=list,
        description="Settled by keeping every value with its attribution.",
    )
    conflicts_awaiting_review: int = Field(
        default=0, description="Open conflicts that involve claims still pending."
    )

    def published_span(self) -> str | None:
        """ "2023-12-20", or "2023-12-20 to 2023-12-21" when the documents span days."""
        if not self.first_published:
            return None
        span = str(self.first_published)
        if self.last_published and self.last_published != self.first_published:
            span += f" to {self.last_published}"
        return span


class Summary(BaseModel):
    format_version: str = SUMMARY_FORMAT_VERSION
    generated_at: datetime
    database: str
    counts: ReviewCounts
    stories: list[StorySummary]
