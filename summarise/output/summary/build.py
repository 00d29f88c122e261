"""Building the summary model from a story's documents, claims, links and conflicts.

Pure: takes data, returns a `Summary`. The one rule that matters most is enforced here, at
the top of `build_story`: only accepted claims are read, so no pending or rejected claim can
reach any output format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from summarise.analysis.grouping import reference_date
from summarise.analysis.sources import Support, distinct_sources, outlet_label, support_for
from summarise.analysis.timeline import DateBasis, EventDate, event_date
from summarise.models import Claim, ClaimStatus, ConflictRecord, Document, LinkRecord, StoryRecord
from summarise.output.summary.model import (
    Citation,
    ConflictSummary,
    ConflictValue,
    Point,
    ReviewCounts,
    SourceDocument,
    StorySummary,
    Summary,
)
from summarise.output.summary.topics import topics_for

# Links this close are one sentence carried by two outlets: the same copy, one source.
COPY_SCORE = 0.8


@dataclass
class StoryData:
    story: StoryRecord
    documents: list[Document]
    claims: list[Claim]  # every claim of the story's documents, any status
    conflicts: list[ConflictRecord] = field(default_factory=list)


def build_summary(
    stories: Sequence[StoryData],
    links: Sequence[LinkRecord],
    *,
    database: str,
    generated_at: datetime,
) -> Summary:
    built = [build_story(data, links) for data in stories]
    counts = ReviewCounts(
        documents=sum(s.counts.documents for s in built),
        claims=sum(s.counts.claims for s in built),
        accepted=sum(s.counts.accepted for s in built),
        pending=sum(s.counts.pending for s in built),
        rejected=sum(s.counts.rejected for s in built),
    )
    return Summary(generated_at=generated_at, database=database, counts=counts, stories=built)


def build_story(data: StoryData, links: Sequence[LinkRecord]) -> StorySummary:
    accepted = [c for c in data.claims if c.status is ClaimStatus.ACCEPTED]
    documents = {d.id: d for d in data.documents}
    labels = {d.id: outlet_label(d.source) for d in data.documents}
    reference = reference_date([d.published for d in data.documents])
    by_id = {c.id: c for c in accepted}
    dates = {
        c.id: event_date(c.text, documents[c.document_id].published, reference) for c in accepted
    }
    supports = {
        c.id: support_for(
            c.document_id,
            documents[c.document_id].agencies or [],
            c.text,
            c.quote,
            c.attribution,
        )
        for c in accepted
    }
    accepted_links = [k for k in links if k.first in by_id and k.second in by_id]
    disputed = _disputed(data.conflicts, by_id)

    def position(claim: Claim) -> tuple[date, str, int]:
        published = documents[claim.document_id].published
        return (published or date.max, labels[claim.document_id], claim.quote_start)

    points = [
        _point(members, by_id, dates, supports, labels, accepted_links, disputed, position)
        for members in _components(sorted(by_id), accepted_links)
    ]
    points.sort(key=lambda p: (p.event_date or date.max, position(by_id[p.id])))
    headline, headline_id = _headline(data.story, points)
    statuses = defaultdict(int)
    for claim in data.claims:
        statuses[claim.status.value] += 1
    open_conflicts, differing, awaiting = _conflicts(data.conflicts, by_id, labels)
    return StorySummary(
        id=data.story.id,
        title=data.story.label,
        headline=headline,
        headline_claim_id=headline_id,
        first_published=_date(data.story.first_published),
        last_published=_date(data.story.last_published),
        follows=data.story.follows,
        documents=[
            SourceDocument(
                document_id=d.id,
                source=d.source,
                label=labels[d.id],
                title=d.title,
                published=d.published,
                agencies=d.agencies or [],
            )
            for d in sorted(data.documents, key=lambda d: (d.published or date.max, labels[d.id]))
        ],
        counts=ReviewCounts(
            documents=len(data.documents),
            claims=len(data.claims),
            accepted=statuses[ClaimStatus.ACCEPTED.value],
            pending=statuses[ClaimStatus.PENDING.value],
            rejected=statuses[ClaimStatus.REJECTED.value],
        ),
        topics=topics_for(points),
        conflicts=open_conflicts,
        differing=differing,
        conflicts_awaiting_review=awaiting,
    )


def _components(ids: list[str], links: Sequence[LinkRecord]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        a, b = root(link.first), root(link.second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in ids:
        groups[root(node)].append(node)
    return list(groups.values())


def _point(
    members: list[str],
    by_id: dict[str, Claim],
    dates: dict[str, EventDate],
    supports: dict[str, Support],
    labels: dict[str, str],
    links: Sequence[LinkRecord],
    disputed: dict[str, list[int]],
    position,  # type: ignore[no-untyped-def]
) -> Point:
    inside = [k for k in links if k.first in members and k.second in members]
    degree: dict[str, int] = defaultdict(int)
    for link in inside:
        degree[link.first] += 1
        degree[link.second] += 1
    claims = sorted((by_id[m] for m in members), key=position)
    shown = min(claims, key=lambda c: (-degree[c.id], position(c)))
    stated = [dates[c.id] for c in claims if dates[c.id].basis is DateBasis.STATED]
    when = dates[shown.id] if dates[shown.id].basis is DateBasis.STATED else None
    when = when or (stated[0] if stated else dates[shown.id])
    index = {c.id: i for i, c in enumerate(claims)}
    copies = [(index[k.first], index[k.second]) for k in inside if k.score >= COPY_SCORE]
    return Point(
        id=shown.id,
        text=shown.text,
        kind=shown.kind,
        event_date=when.when,
        date_basis=when.basis.value,
        sources=distinct_sources([supports[c.id] for c in claims], copies),
        documents=len({c.document_id for c in claims}),
        claim_ids=[c.id for c in claims],
        citations=[_citation(c, labels) for c in claims],
        conflict_ids=sorted({i for c in claims for i in disputed.get(c.id, [])}),
    )


def _citation(claim: Claim, labels: dict[str, str]) -> Citation:
    return Citation(
        claim_id=claim.id,
        document_id=claim.document_id,
        label=labels[claim.document_id],
        quote=claim.quote,
        quote_start=claim.quote_start,
        quote_end=claim.quote_end,
        attribution=claim.attribution,
    )


def _disputed(
    conflicts: Sequence[ConflictRecord], accepted: dict[str, Claim]
) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for conflict in conflicts:
        if conflict.status != "open":
            continue
        values = {m.value_key for m in conflict.members if m.claim_id in accepted}
        if len(values) > 1:
            for member in conflict.members:
                if member.claim_id in accepted:
                    out[member.claim_id].append(conflict.id)
    return out


def _conflicts(
    conflicts: Sequence[ConflictRecord], accepted: dict[str, Claim], labels: dict[str, str]
) -> tuple[list[ConflictSummary], list[ConflictSummary], int]:
    unresolved: list[ConflictSummary] = []
    differing: list[ConflictSummary] = []
    awaiting = 0
    for conflict in conflicts:
        pending = sum(1 for m in conflict.members if m.status == ClaimStatus.PENDING.value)
        values: dict[str, list[Citation]] = {}
        stated: dict[str, str] = {}
        for member in conflict.members:
            claim = accepted.get(member.claim_id)
            if claim is None:
                continue  # never show what is not accepted
            stated.setdefault(member.value_key, member.value)
            values.setdefault(member.value_key, []).append(_citation(claim, labels))
        summary = ConflictSummary(
            id=conflict.id,
            kind=conflict.kind,  # type: ignore[arg-type]
            subject=conflict.subject,
            values=[
                ConflictValue(value=stated[key], citations=cites)
                for key, cites in sorted(values.items(), key=lambda kv: _value_key(kv[0]))
            ],
            pending_claims=pending,
        )
        if conflict.status == "open":
            if len(values) > 1:
                unresolved.append(summary)
            elif pending:
                awaiting += 1
        elif (
            conflict.status == "resolved"
            and conflict.resolution is not None
            and conflict.resolution.action == "keep_both"
            and values
        ):
            differing.append(summary)
    return unresolved, differing, awaiting


def _value_key(key: str) -> tuple[float, str]:
    try:
        return (-float(key), key)
    except ValueError:
        return (0.0, key)


def _headline(story: StoryRecord, points: Sequence[Point]) -> tuple[str, str | None]:
    if story.name:
        return story.name, None
    if not points:
        return "No accepted claims yet", None
    best = min(enumerate(points), key=lambda item: (-item[1].sources, -item[1].documents, item[0]))[
        1
    ]
    return best.text, best.id


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
