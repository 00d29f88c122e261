"""The summary as data: what `summarise summary --format json` writes (schema in
schemas/summary.schema.json) and what the Markdown and HTML renderers read.

Everything in it comes from accepted claims: points, citations, headline, figures, the values
of conflicts and the synthesis. Pending and rejected claims appear only as counts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from summarise.models import ClaimKind

SUMMARY_FORMAT_VERSION = "2"


class SourceDocument(BaseModel):
    document_id: str
    number: int = Field(description="The document's number in this story's citations: [1], [2]…")
    source: str = Field(
        description="Where the document was read from: relative to the directory `summary` "
        "ran in when under it, else the file name (`--paths absolute`: the path as given)."
    )
    label: str = Field(description="The outlet or file the document is cited as.")
    title: str | None = None
    outlet: str | None = Field(default=None, description="The outlet its dateline names.")
    heading: str = Field(
        default="",
        description="How the summary lists it: its title, else its opening words.",
    )
    published: date | None = None
    agencies: list[str] = Field(default_factory=list, description="Agencies its sign-off named.")
    words: int = Field(default=0, description="Words in the document's text.")
    copy_of: int | None = Field(
        default=None, description="The number of the document this one reprints (one source)."
    )


class Citation(BaseModel):
    claim_id: str
    document_id: str
    label: str = Field(description="The cited document's label (see SourceDocument.label).")
    quote: str = Field(description="Verbatim from the document.")
    quote_start: int
    quote_end: int
    attribution: str | None = None


class Point(BaseModel):
    """One fact, stated by one or more accepted claims (linked as stating the same fact)."""

    id: str = Field(description="The id of the claim whose text is shown.")
    ref: str = Field(description="Short id within the story, by rank: P1 is the best-ranked.")
    text: str
    kind: ClaimKind
    event_date: date | None = None
    date_basis: Literal["stated", "document", "unknown"] = "unknown"
    sources: int = Field(description="Independent sources: agency copies and reprints count once.")
    documents: int = Field(description="Documents with an accepted claim stating it.")
    score: float = Field(description="Ranking score (see docs/summary.md).")
    claim_ids: list[str] = Field(description="Every accepted claim behind the point.")
    citations: list[Citation]
    conflict_ids: list[int] = Field(
        default_factory=list,
        description="Unresolved conflicts in which this point holds a minority value.",
    )
    reviewed: bool = Field(
        default=True,
        exclude_if=lambda reviewed: reviewed,
        description="False (in a `summary --draft` only) when a claim behind it is not "
        "reviewed yet; absent otherwise.",
    )


class Topic(BaseModel):
    title: str
    points: list[Point]


class FigureReport(BaseModel):
    """One value of a tracked quantity as reported at one time."""

    value: str = Field(description="As reported, with its qualifier: 'more than 1,200'.")
    number: float
    reported: date | None = Field(description="Publication date of the reporting documents.")
    sources: int
    documents: int
    claim_ids: list[str]
    story_id: int | None = Field(
        default=None, description="Set when reported in an earlier story this one follows."
    )
    leads: bool = Field(
        default=False, description="The report the figure leads with (its `latest`)."
    )
    said_by: list[str] = Field(
        default_factory=list,
        description="Who gives the value: the speakers its claims name, else their outlets.",
    )


class KeyFigure(BaseModel):
    """A quantity the story's sources report (what it counts), with its history."""

    subject: str = Field(description="What is counted: 'hostages held', 'staff and students'.")
    latest: str = Field(
        description="The value that leads (the latest, best-sourced one) as a number with its "
        "qualifier: 'more than 2,000', '9' for 'a ninth'; its report in `history` keeps the "
        "words as written."
    )
    status: Literal["stable", "updated", "disputed"]
    history: list[FigureReport] = Field(description="Reports, oldest first.")
    point_refs: list[str] = Field(default_factory=list, description="Points stating it.")
    minor: bool = Field(
        default=False,
        description="Unchanged, from one source, and stated by no key point, or a duration "
        "or an age: shown with `--detail full` only.",
    )

    def leading(self) -> FigureReport:
        """The report the figure leads with."""
        return next((r for r in reversed(self.history) if r.leads), self.history[-1])

    def line(self) -> str:
        """'hostages held: 129 (up from 110 reported 2023-11-30)'."""
        text = f"{self.subject}: {self.latest}"
        lead = self.leading().value
        earlier = [r for r in self.history if r.value != lead]
        if self.status == "updated" and earlier:
            values = ", ".join(dict.fromkeys(r.value for r in earlier))
            text += (
                f" (up from {values} reported earlier)"
                if _up(self)
                else (f" (earlier reports: {values})")
            )
        return text


def _up(figure: KeyFigure) -> bool:
    lead = figure.leading()
    return all(r.number < lead.number for r in figure.history if r.value != lead.value)


class ConflictValue(BaseModel):
    value: str = Field(description="The value as one of its claims states it.")
    sources: int = Field(default=0, description="Independent sources stating it.")
    documents: int = 0
    dates: list[date] = Field(default_factory=list, description="Publication dates stating it.")
    majority: bool = Field(default=False, description="Stated by the most independent sources.")
    citations: list[Citation]


class ConflictSummary(BaseModel):
    id: int
    kind: Literal["quantity", "date"]
    subject: str = Field(description="What the values are of, e.g. 'hostages released'.")
    values: list[ConflictValue] = Field(description="Accepted values, most sources first.")
    pending_claims: int = Field(description="Claims of the conflict not reviewed yet.")

    def weighing(self) -> str:
        """'October 7: 4 sources · September 7: 1 source'."""
        return " · ".join(
            f"{v.value}: {v.sources} source{'' if v.sources == 1 else 's'}" for v in self.values
        )


class TimelineEntry(BaseModel):
    when: date
    point_ref: str
    text: str
    basis: Literal["stated", "document"]
    disputed: bool = Field(default=False, description="The date is a minority value in a conflict.")


class SynthesisSentence(BaseModel):
    text: str
    point_refs: list[str] = Field(description="The key points the sentence rests on.")


class Synthesis(BaseModel):
    method: Literal["model", "written", "extractive"] = Field(
        description="model: written by a model, checked; written: composed offline from the "
        "story's facts by fixed templates, checked; extractive: top key points quoted."
    )
    model: str | None = Field(default=None, description="The model that wrote it, if one did.")
    prompt_version: str | None = None
    sentences: list[SynthesisSentence]
    note: str = Field(description="How it was written, shown with it in every format.")
    fallback_reason: str | None = Field(
        default=None, description="Why a model synthesis was not used, when one was asked for."
    )


class ReviewCounts(BaseModel):
    documents: int
    claims: int
    accepted: int
    pending: int
    rejected: int


class StorySummary(BaseModel):
    id: int
    title: str = Field(description="The story's name (given by a user) or automatic title.")
    headline: str = Field(
        description="The user's name for the story, else its best-ranked point by sources."
    )
    headline_claim_id: str | None = None
    headline_sources: int = 0
    first_published: date | None = None
    last_published: date | None = None
    follows: int | None = Field(
        default=None, description="The story this one is a later development of."
    )
    changes: list[str] = Field(
        default_factory=list, description="What changed since the story it follows."
    )
    sources: int = Field(default=0, description="Independent sources among its documents.")
    source_words: int = Field(default=0, description="Words in the story's documents.")
    synthesis: Synthesis | None = None
    key_points: list[Point] = Field(description="At most 10, best-ranked first.")
    figures: list[KeyFigure] = Field(default_factory=list)
    conflicts: list[ConflictSummary] = Field(description="Unresolved: accepted claims disagree.")
    differing: list[ConflictSummary] = Field(
        default_factory=list,
        description="Settled by keeping every value with its attribution.",
    )
    conflicts_awaiting_review: int = Field(
        default=0, description="Open conflicts that involve claims still pending."
    )
    timeline: list[TimelineEntry] = Field(default_factory=list)
    detail: list[Topic] = Field(description="Every point, by topic ('More detail').")
    documents: list[SourceDocument]
    counts: ReviewCounts

    def published_span(self) -> str | None:
        """ "2023-12-20", or "2023-12-20 to 2023-12-21" when the documents span days."""
        if not self.first_published:
            return None
        span = str(self.first_published)
        if self.last_published and self.last_published != self.first_published:
            span += f" to {self.last_published}"
        return span

    def points(self) -> list[Point]:
        return [p for topic in self.detail for p in topic.points]


class Summary(BaseModel):
    draft: bool = Field(
        default=False,
        exclude_if=lambda draft: not draft,
        description="True for `summary --draft`: pending claims are included, their points "
        "marked reviewed: false; absent otherwise.",
    )
    format_version: str = SUMMARY_FORMAT_VERSION
    generated_at: datetime
    database: str
    counts: ReviewCounts
    stories: list[StorySummary]
