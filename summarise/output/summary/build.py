"""Building the summary model from a story's documents, claims, links and conflicts.

Pure: takes data, returns a `Summary`. The one rule that matters most is enforced here, at
the top of `build_story`: only accepted claims are read, so no pending or rejected claim can
reach any output format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from summarise.analysis.figure_tracking import StatedFigure
from summarise.analysis.point_decisions import headline_claim
from summarise.analysis.ranking import KEY_POINTS
from summarise.analysis.sources import (
    Support,
    canonical_agency,
    copied_documents,
    distinct_sources,
    outlet_label,
    support_for,
)
from summarise.models import (
    Claim,
    ClaimStatus,
    ConflictRecord,
    Document,
    FigureDecision,
    LinkRecord,
    StoryRecord,
    StructureDecision,
)
from summarise.output.summary.figures import key_figures, reports_of, weigh_conflicts
from summarise.output.summary.model import (
    KeyFigure,
    Point,
    ReviewCounts,
    SourceDocument,
    StorySummary,
    Summary,
    TimelineEntry,
)
from summarise.output.summary.points import SHORT_POINT_WORDS, StoryContext, build_points
from summarise.output.summary.topics import topics_for
from summarise.output.summary.written import written

HEADING_WORDS = 12  # a title-less document is listed by this many opening words


@dataclass
class StoryData:
    story: StoryRecord
    documents: list[Document]
    claims: list[Claim]  # every claim of the story's documents, any status
    conflicts: list[ConflictRecord] = field(default_factory=list)
    earlier: StoryData | None = None  # the story this one follows, when it follows one
    decisions: list[StructureDecision] = field(default_factory=list)  # reviewers' point fixes
    figure_decisions: list[FigureDecision] = field(default_factory=list)  # figure fixes


def build_summary(
    stories: Sequence[StoryData],
    links: Sequence[LinkRecord],
    *,
    database: str,
    generated_at: datetime,
) -> Summary:
    # Links indexed by claim once: each story then reads only its own, not every link.
    by_claim: dict[str, list[LinkRecord]] = defaultdict(list)
    for link in links:
        by_claim[link.first].append(link)
    earlier_reports: dict[int, list[StatedFigure]] = {}
    built = []
    for data in stories:
        mine = [k for c in data.claims for k in by_claim.get(c.id, ())]
        if data.earlier is not None and data.earlier.story.id not in earlier_reports:
            theirs = [k for c in data.earlier.claims for k in by_claim.get(c.id, ())]
            earlier_reports[data.earlier.story.id] = _earlier_reports(data, theirs)
        earlier = earlier_reports.get(data.earlier.story.id, []) if data.earlier else []
        built.append(build_story(data, mine, earlier))
    counts = ReviewCounts(
        documents=sum(s.counts.documents for s in built),
        claims=sum(s.counts.claims for s in built),
        accepted=sum(s.counts.accepted for s in built),
        pending=sum(s.counts.pending for s in built),
        rejected=sum(s.counts.rejected for s in built),
    )
    return Summary(generated_at=generated_at, database=database, counts=counts, stories=built)


def build_one(
    data: StoryData,
    links: Sequence[LinkRecord],
    earlier_reports: MutableMapping[int, list[StatedFigure]] | None = None,
    *,
    keep: bool = False,
) -> StorySummary:
    """One story exactly as `build_summary` builds it, from the links of its claims and of the
    story it follows: so a summary can be built and written one story at a time. What the
    story it follows reported is taken from, and kept in, `earlier_reports` (by story id).
    With `keep`, what this story reports is kept there too, as history for a story that
    follows it (`earlier_reports_of`), so that story need not work it out again."""
    by_claim: dict[str, list[LinkRecord]] = defaultdict(list)
    for link in links:
        by_claim[link.first].append(link)
    mine = [k for c in data.claims for k in by_claim.get(c.id, ())]
    earlier: list[StatedFigure] = []
    if data.earlier is not None:
        known = earlier_reports.get if earlier_reports is not None else None
        cached = known(data.earlier.story.id) if known is not None else None
        if cached is None:
            theirs = [k for c in data.earlier.claims for k in by_claim.get(c.id, ())]
            cached = _earlier_reports(data, theirs)
            if earlier_reports is not None:
                earlier_reports[data.earlier.story.id] = cached
        earlier = cached
    story, own = _build_story(data, mine, earlier)
    if keep and earlier_reports is not None:
        earlier_reports[data.story.id] = earlier_reports_of(own, data.story.id)
    return story


def context_for(data: StoryData, links: Sequence[LinkRecord]) -> StoryContext:
    accepted = {c.id: c for c in data.claims if c.status is ClaimStatus.ACCEPTED}
    documents = {d.id: d for d in data.documents}
    mine = [k for k in links if k.first in accepted and k.second in accepted]
    per_document: dict[str, int] = defaultdict(int)
    document_of = {}
    for claim in data.claims:
        per_document[claim.document_id] += 1
        document_of[claim.id] = claim.document_id
    own = [(k.first, k.second, k.score) for k in links if k.first in document_of]
    return StoryContext(
        accepted=accepted,
        documents=documents,
        labels={d.id: outlet_label(d.source) for d in data.documents},
        supports={
            c.id: support_for(
                c.document_id,
                documents[c.document_id].agencies or [],
                c.text,
                c.quote,
                c.attribution,
            )
            for c in accepted.values()
        },
        links=mine,
        copied=copied_documents(own, document_of, per_document),
        decisions=data.decisions,
        figure_decisions=data.figure_decisions,
    )


def build_story(
    data: StoryData, links: Sequence[LinkRecord], earlier: Sequence[StatedFigure] | None = None
) -> StorySummary:
    """One story's summary. `links`: its claims' links (others are ignored); `earlier`: the
    figure reports of the story it follows (computed here when not given)."""
    return _build_story(data, links, earlier)[0]


def _build_story(
    data: StoryData, links: Sequence[LinkRecord], earlier: Sequence[StatedFigure] | None
) -> tuple[StorySummary, list[StatedFigure]]:
    """`build_story`, and the story's own figure reports (`reports_of`)."""
    context = context_for(data, links)
    unresolved, differing, awaiting, minority = weigh_conflicts(data.conflicts, context)
    points = build_points(context, minority)
    key_points = points[:KEY_POINTS]
    if earlier is None:
        earlier = _earlier_reports(data, links)
    own = reports_of(context)
    figures = key_figures(context, points, earlier, own)
    picked = headline_claim(data.decisions, list(context.accepted))
    headline, headline_id, headline_sources = _headline(data.story, points, picked)
    date_conflicts = {c.id for c in unresolved if c.kind == "date"}
    statuses: dict[str, int] = defaultdict(int)
    for claim in data.claims:
        statuses[claim.status.value] += 1
    numbers = _document_numbers(data.documents, context)
    timeline_order = sorted(points, key=lambda p: (p.event_date or date.max, int(p.ref[1:])))
    story = StorySummary(
        id=data.story.id,
        title=data.story.label,
        headline=headline,
        headline_claim_id=headline_id,
        headline_sources=headline_sources,
        first_published=_date(data.story.first_published),
        last_published=_date(data.story.last_published),
        follows=data.story.follows,
        changes=_changes(data, figures, points),
        sources=_story_sources(data.documents, context),
        source_words=sum(_words(d.text) for d in data.documents),
        key_points=key_points,
        figures=figures,
        conflicts=unresolved,
        differing=differing,
        conflicts_awaiting_review=awaiting,
        timeline=[
            TimelineEntry(
                when=p.event_date,
                point_ref=p.ref,
                text=p.text,
                basis=p.date_basis,  # type: ignore[arg-type]
                disputed=bool(set(p.conflict_ids) & date_conflicts),
            )
            for p in timeline_order
            if p.event_date is not None and p.date_basis in ("stated", "document")
        ],
        detail=topics_for(timeline_order),
        documents=[
            SourceDocument(
                document_id=d.id,
                number=numbers[d.id][0],
                source=d.source,
                label=context.labels[d.id],
                title=d.title,
                outlet=d.outlet,
                heading=_heading(d),
                published=d.published,
                agencies=d.agencies or [],
                words=_words(d.text),
                copy_of=numbers[d.id][1],
            )
            for d in sorted(data.documents, key=lambda d: numbers[d.id][0])
        ],
        counts=ReviewCounts(
            documents=len(data.documents),
            claims=len(data.claims),
            accepted=statuses[ClaimStatus.ACCEPTED.value],
            pending=statuses[ClaimStatus.PENDING.value],
            rejected=statuses[ClaimStatus.REJECTED.value],
        ),
    )
    story.synthesis = written(story)  # composed from the story's facts: written.py
    return story, own


def _words(text: str) -> int:
    # The count of `\S+` runs: str.split() splits on exactly what `\s` matches (isspace).
    return len(text.split())


def _heading(document: Document) -> str:
    """A title-less document is listed by its opening words, not by its file's name."""
    if document.title:
        return document.title
    words = document.text.split()
    opening = " ".join(words[:HEADING_WORDS])
    return opening + ("…" if len(words) > HEADING_WORDS else "")


def _story_sources(documents: Sequence[Document], context: StoryContext) -> int:
    """Independent sources among the story's documents: one support per document (its
    agencies, else itself), reprints sharing their original's origins. Per document, not per
    claim, so a story of thousands of claims costs no more than its documents."""
    ordered = sorted(documents, key=lambda d: d.id)
    supports = [
        Support(d.id, frozenset(canonical_agency(a) for a in d.agencies or [])) for d in ordered
    ]
    index = {d.id: i for i, d in enumerate(ordered)}
    copies = [
        tuple(sorted(index[d] for d in pair))
        for pair in context.copied
        if all(d in index for d in pair)
    ]
    return distinct_sources(supports, copies) if supports else 0  # type: ignore[arg-type]


def _document_numbers(
    documents: Sequence[Document], context: StoryContext
) -> dict[str, tuple[int, int | None]]:
    """document id -> (its citation number, the number of the document it reprints)."""
    ordered = sorted(documents, key=lambda d: (d.published or date.max, context.labels[d.id]))
    number = {d.id: i for i, d in enumerate(ordered, start=1)}
    out: dict[str, tuple[int, int | None]] = {}
    signed = {d.id: bool(d.agencies) for d in documents}
    for d in ordered:
        # The original of a reprint: the copy that is signed by its agency, else the first.
        originals = [
            number[other]
            for pair in context.copied
            if d.id in pair
            for other in pair
            if other != d.id and (signed[other], -number[other]) > (signed[d.id], -number[d.id])
        ]
        out[d.id] = (number[d.id], min(originals) if originals else None)
    return out


def _earlier_reports(data: StoryData, links: Sequence[LinkRecord]) -> list[StatedFigure]:
    """The figures of the story `data` follows, as history for its own. An undated report of
    that story is placed as of that story's latest dated report, as it would be within its
    own story: in the follow-up it would otherwise be taken as of the follow-up's latest
    report, months later, and dispute or lead values it never saw. Undated reports of a story
    with no dated report cannot be placed and are left out."""
    if data.earlier is None:
        return []
    return _as_history(reports_of(context_for(data.earlier, links), data.earlier.story.id))


def earlier_reports_of(own: Sequence[StatedFigure], story_id: int) -> list[StatedFigure]:
    """What `_earlier_reports` gives for a story following story `story_id`, from that story's
    own reports (`reports_of` without a story id, as its own build reads them): the same
    reports, marked as that story's. Reports depend on the story's claims, documents and
    supports, never on links, so they are the same whichever story is being built."""
    return _as_history([replace(r, story_id=story_id) for r in own])


def _as_history(theirs: list[StatedFigure]) -> list[StatedFigure]:
    dated = [r.published for r in theirs if r.published is not None]
    if not dated:
        return [r for r in theirs if r.published is not None]
    latest = max(dated)
    return [r if r.published is not None else replace(r, published=latest) for r in theirs]


def _changes(data: StoryData, figures: Sequence[KeyFigure], points: Sequence[Point]) -> list[str]:
    """For a story that follows another: what changed since it."""
    if data.earlier is None:
        return []
    out = []
    for figure in figures:
        before = list(dict.fromkeys(r.value for r in figure.history if r.story_id))
        if before and figure.leading().value not in before:
            out.append(figure.line())
    new = len(points)
    out.append(f"{new} point{'' if new == 1 else 's'} reported since story {data.earlier.story.id}")
    return out


def _headline(
    story: StoryRecord, points: Sequence[Point], picked: str | None = None
) -> tuple[str, str | None, int]:
    """The user's name for the story, else the point a reviewer picked (the one holding
    claim `picked`), else its best-ranked point (news first: ranking.py)."""
    if not points:
        return (story.name or "No accepted claims yet"), None, 0
    chosen = next((p for p in points if picked in p.claim_ids), None) if picked else None
    if chosen is not None:
        return (story.name or chosen.text), (None if story.name else chosen.id), chosen.sources
    # A fragment ("This is not a problem.") never heads a story while a sentence can.
    best = min(
        points,
        key=lambda p: (len(p.text.split()) < SHORT_POINT_WORDS, int(p.ref[1:])),
    )
    if story.name:
        return story.name, None, best.sources
    return best.text, best.id, best.sources


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
