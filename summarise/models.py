"""Pydantic models: the data every layer passes around.

This module imports nothing from the package, and no third-party library but pydantic,
so any layer (store, backends, TUI, exporters) may depend on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

SCHEMA_VERSION = "1"


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex id from its parts (joined with a separator that cannot occur in them)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class ClaimKind(StrEnum):
    EVENT = "event"
    STATEMENT = "statement"
    FIGURE = "figure"
    BACKGROUND = "background"
    OTHER = "other"


class ClaimStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ReviewAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    UNDO = "undo"


class RejectReason(StrEnum):
    NOT_IN_SOURCE = "not in the source"
    NOT_A_CLAIM = "not a claim"
    DUPLICATE = "duplicate"
    WRONG = "wrong"
    OTHER = "other"


class Document(BaseModel):
    """One ingested source text. `text` is what every claim offset refers to."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Hash of the normalised text: the same text is one document.")
    source: str = Field(description="Where it was read from: a path, or '<stdin>'.")
    title: str | None = Field(
        default=None, description="The headline, when the text opens with one."
    )
    published: date | None = Field(
        default=None,
        description="From a 'date YYYY-MM-DD' header, a 'Published:' line, a written "
        "date or a dated dateline in the report's opening lines.",
    )
    text: str = Field(
        description="Normalised text: LF line ends, no BOM, boilerplate lines removed."
    )
    encoding: str = Field(default="utf-8", description="The encoding the file was decoded with.")
    boilerplate_removed: int = Field(default=0, description="Scraping-boilerplate lines dropped.")
    agencies: list[str] | None = Field(
        default=None,
        description="News agencies its sign-off line named ('EFE and AFP'); None: not known "
        "(ingested before agencies were recorded).",
    )
    outlet: str | None = Field(
        default=None, description="The agency or outlet its dateline names ('(Example Wire) —')."
    )
    dateline_month_day: str | None = Field(
        default=None,
        description="'MM-DD' from a dateline without a year; analysis takes the year from "
        "the story's other reports.",
    )

    @staticmethod
    def id_for(text: str) -> str:
        return short_hash(text)


class Figure(BaseModel):
    """A number a claim states and what it counts."""

    value: float = Field(description="The number, with 'million', 'thousand', ... applied.")
    raw: str = Field(description="The figure as written in the text, e.g. '1.9 million'.")
    counts: str = Field(default="", description="What the number counts, e.g. 'hostages'.")
    qualifier: str = Field(
        default="",
        description="How exact it is: 'at least', 'more than', 'about', 'up to', ... or '' "
        "for a number stated exactly.",
    )
    # What a model extractor states about the figure besides its words (the regex backend
    # leaves them empty and analysis reads the same from the claim's text). Left out of the
    # stored JSON when empty, so claims without them are stored byte for byte as before.
    as_of: str = Field(
        default="",
        description="The day the value holds for, YYYY-MM-DD, when the text ties it to one "
        "('by Tuesday night'); '' for the report's own time.",
    )
    parts: list[float] = Field(
        default_factory=list,
        description="The numbers this total is the sum of ('19 sailors and 3 officers': [19, 3]).",
    )
    corrects: str = Field(
        default="",
        description="The earlier value this one replaces as wrong, as written ('revised to "
        "8 from 11': '11').",
    )

    @model_serializer(mode="wrap")
    def _leave_out_empty_model_fields(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in _MODEL_ONLY:
                if key in data and not data[key]:
                    del data[key]
        return data


_MODEL_ONLY = ("as_of", "parts", "corrects")


class Provenance(BaseModel):
    """Which extractor produced a claim, so a reviewer can weigh it and a rerun can skip it."""

    backend: str
    model: str
    prompt_version: str
    created_at: datetime | None = None


class Claim(BaseModel):
    """An atomic, self-contained statement tied to a verbatim span of its document."""

    id: str
    document_id: str
    text: str = Field(description="One self-contained statement.")
    quote: str = Field(description="Verbatim from the document: text[quote_start:quote_end].")
    quote_start: Annotated[int, Field(ge=0)]
    quote_end: Annotated[int, Field(ge=0)]
    kind: ClaimKind = ClaimKind.OTHER
    attribution: str | None = Field(default=None, description="Who says so, when the text says.")
    figures: list[Figure] = Field(default_factory=list)
    needs_context: bool = Field(
        default=False,
        description="The text leans on something it does not name (a pronoun with no clear "
        "referent nearby): the reviewer should read the quote in its document.",
    )
    context_note: str | None = Field(
        default=None,
        description="How the text was made to stand alone ('He' -> 'Oleg Maidanovich', "
        "previous sentence's speaker), or why it could not be.",
    )
    provenance: Provenance
    status: ClaimStatus = ClaimStatus.PENDING
    original_text: str | None = Field(
        default=None, description="The extracted text, kept when a reviewer edits `text`."
    )
    version: int = Field(
        default=0, description="Bumped by every decision; a decision on an older one is refused."
    )

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Claim:
        if self.quote_end < self.quote_start:
            raise ValueError("quote_end is before quote_start")
        return self

    @staticmethod
    def id_for(document_id: str, provenance: Provenance, start: int, end: int, text: str) -> str:
        return short_hash(
            document_id,
            provenance.backend,
            provenance.model,
            provenance.prompt_version,
            str(start),
            str(end),
            text,
        )

    def is_grounded_in(self, document_text: str) -> bool:
        return document_text[self.quote_start : self.quote_end] == self.quote


class Extraction(BaseModel):
    """What a backend returns for one document."""

    document_id: str
    claims: list[Claim] = Field(default_factory=list)
    dropped_ungrounded: int = Field(default=0, description="Claims whose quote was not found.")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    # Run-time information for the run summary, not part of an extraction's record.
    capped: str | None = Field(
        default=None,
        exclude=True,
        description="Why extraction stopped early at the claim cap; the claims up to it are kept.",
    )
    chunks: int = Field(
        default=0, exclude=True, description="Chunks the document was split into (0: none)."
    )


class Review(BaseModel):
    """One reviewer decision: the append-only record behind every status change."""

    id: int | None = None
    claim_id: str
    reviewer: str
    action: ReviewAction
    decided_at: datetime
    status_before: ClaimStatus
    status_after: ClaimStatus
    text_before: str
    text_after: str
    reason: str | None = None
    undoes: int | None = Field(default=None, description="The review this one undoes.")
    quote_before: tuple[int, int] | None = Field(
        default=None, description="Span before a re-anchor."
    )
    quote_after: tuple[int, int] | None = Field(default=None, description="Span after a re-anchor.")


class ModelCall(BaseModel):
    """One attempt at one model request, as the call log keeps it (failed ones included).

    `request` is the JSON body sent (never headers, so never the API key); `response` is the
    body received, when one was.
    """

    document_id: str
    chunk_start: int
    chunk_end: int
    attempt: int = Field(description="Validation attempt (1 = first ask, 2 = first re-ask ...).")
    transport_attempt: int = Field(description="Try of this request (1 = first send).")
    request_hash: str
    model: str
    mode: str
    base_url: str | None = None
    prompt_version: str
    status: str = Field(
        description="ok, invalid, http_error, timeout, connection_error, refused, truncated."
    )
    http_status: int | None = None
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_estimated: bool = Field(
        default=False, description="The server reported no usage; tokens are an estimate."
    )
    latency_ms: float = 0.0
    validation_error: str | None = None
    error: str | None = None
    request: str
    response: str | None = None
    started_at: datetime
    pricing: str | None = Field(
        default=None, description="'batch' for replies from a batch engine (half price)."
    )


class CachedResponse(BaseModel):
    """A validated model answer for one span of one document, reusable by any later run."""

    key: str
    document_id: str
    chunk_start: int
    chunk_end: int
    model: str
    mode: str
    prompt_version: str
    schema_version: str
    payload: str = Field(description="The validated structured answer, as JSON.")
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ExportedClaim(Claim):
    """One line of `summarise export`: a claim with enough of its document to cite it."""

    document_source: str
    document_title: str | None = None
    document_published: date | None = None
    reviewer: str | None = Field(default=None, description="Who made the last decision on it.")
    decided_at: datetime | None = Field(default=None, description="When (ISO 8601, UTC).")
    reject_reason: str | None = Field(
        default=None, description="Why it was rejected (only for a rejected claim)."
    )
    story_id: int | None = Field(default=None, description="The story of its document.")
    story_title: str | None = Field(
        default=None, description="That story's name (a reviewer's) or automatic title."
    )


# -- records passed between the store and the layers above it ------------------------
# Plain dataclasses rather than pydantic models: they are built in bulk from rows and never
# validated against outside input.


@dataclass(frozen=True)
class ExtractionKey:
    """A document is extracted once per key: a rerun with the same key adds nothing."""

    backend: str
    model: str
    prompt_version: str

    def provenance(self) -> Provenance:
        return Provenance(
            backend=self.backend, model=self.model, prompt_version=self.prompt_version
        )


@dataclass(frozen=True)
class StoryRecord:
    id: int
    title: str
    name: str | None
    follows: int | None
    first_published: str | None
    last_published: str | None
    documents: int
    corrected: int  # documents placed by a user

    @property
    def label(self) -> str:
        """What to call the story: the user's name for it, else its automatic title."""
        return self.name or self.title


@dataclass(frozen=True)
class PlannedStory:
    """One story as a regrouping computed it: an existing id to keep, or None for a new one."""

    story_id: int | None
    documents: Sequence[str]  # automatically assigned members
    title: str
    follows_index: int | None = None  # index into the plan of the story this one follows


@dataclass(frozen=True)
class LinkRecord:
    first: str
    second: str
    score: float
    matcher: str


class Resolution(StrEnum):
    PICK = "pick"  # one value is right: accept its claim, reject the others'
    KEEP_BOTH = "keep_both"  # the sources differ: keep every value, each attributed
    REJECT = "reject"  # none can be trusted: reject every claim in the conflict


@dataclass(frozen=True)
class ConflictInput:
    """A detected conflict, as analysis hands it to the store."""

    key: str
    kind: str
    subject: str
    story_id: int | None
    members: Sequence[tuple[str, str, str]]  # (claim id, value as stated, value key)


@dataclass(frozen=True)
class ConflictMemberRecord:
    claim_id: str
    document_id: str
    document_source: str
    value: str
    value_key: str
    status: str
    version: int
    text: str
    quote: str
    document_title: str | None = None
    document_published: str | None = None
    reviewed_by: str | None = None


@dataclass(frozen=True)
class FigureCorrection:
    """A claim kept with one figure or date marked wrong by a conflict settlement: where the
    claim states `wrong_value`, the summary states `right_value`."""

    claim_id: str
    conflict_id: int
    wrong_value: str
    right_value: str
    reviewer: str


@dataclass(frozen=True)
class ResolutionRecord:
    id: int
    conflict_id: int
    action: str
    claim_id: str | None
    reviewer: str
    decided_at: str
    note: str | None
    reviews: list[int] = field(default_factory=list)
    group_id: int | None = None
    undone_at: str | None = None
    corrections: list[FigureCorrection] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictRecord:
    id: int
    key: str
    story_id: int | None
    kind: str
    subject: str
    status: str
    members: list[ConflictMemberRecord]
    resolution: ResolutionRecord | None

    def values(self) -> dict[str, list[ConflictMemberRecord]]:
        """value key -> the members stating it: largest number or earliest date first."""
        out: dict[str, list[ConflictMemberRecord]] = {}
        for member in self.members:
            out.setdefault(member.value_key, []).append(member)
        return dict(sorted(out.items(), key=lambda item: value_order(item[0])))


def value_order(key: str) -> tuple[float, str]:
    try:
        return (-float(key), key)
    except ValueError:
        return (0.0, key)  # dates: "10-07" sorts after "09-07"


@dataclass(frozen=True)
class RemoteBatch:
    """One request file sent to (or written for) a batch engine, as the database tracks it.

    `status` is the provider's (validating, in_progress, finalizing, completed, failed,
    expired, cancelling, cancelled) or ours: uploading (file not yet accepted), uploaded (no
    batch created yet), written (a --via batch-file file), collected (replies stored).
    """

    id: int
    via: str
    status: str
    key: ExtractionKey
    mode: str
    base_url: str | None
    round: int
    requests: int
    completed: int
    failed: int
    estimated_tokens: int
    input_file_id: str | None
    batch_id: str | None
    output_file_id: str | None
    error_file_id: str | None
    file_path: str | None
    created_at: str
    updated_at: str
    errors: str | None
    collected_at: str | None = None


@dataclass(frozen=True)
class RemoteRequest:
    """One request line of a batch file: which span of which document it asks about."""

    custom_id: str
    batch: int | None
    document_id: str
    chunk_start: int
    chunk_end: int
    cache_key: str
    round: int
    status: str
    body: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class FigureDecision:
    """A reviewer's fix to a tracked figure, keyed by the claim id and the figure as written
    (stable across re-analysis, unlike quantity names or numbers). `kind` is one of:

    - "update" / "dispute": the value is a later update / a disputed value at its time;
    - "retracted": the value was wrong: it stays in the history but never leads;
    - "move": the value belongs to the quantity holding (target claim, target figure);
    - "merge": the quantity holding the value and the target's quantity are one;
    - "split": the value is a quantity of its own, named `name`;
    - "rename": the quantity holding the value counts `name`.
    """

    id: int
    kind: str
    story_id: int
    claim_id: str
    figure: str
    target_claim_id: str | None
    target_figure: str | None
    name: str | None
    reviewer: str
    created_at: str
    group_id: int


@dataclass(frozen=True)
class StructureDecision:
    """A reviewer's decision about which claims make one point, keyed by claim ids (stable
    across re-analysis, unlike point numbers). `kind` is one of:

    - "merge": the points holding `claim_id` and `target_claim_id` are one point;
    - "split": `claim_id` is a point of its own;
    - "move": `claim_id` belongs to the point holding `target_claim_id`;
    - "headline": the point holding `claim_id` heads the story.
    """

    id: int
    kind: str
    claim_id: str
    target_claim_id: str | None
    reviewer: str
    created_at: str
    group_id: int
