"""A story's points: accepted claims merged by fact, counted by independent source, ranked."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarise.analysis import point_decisions, point_merging, ranking
from summarise.analysis.sources import Support, distinct_sources
from summarise.analysis.terms import content_words
from summarise.analysis.timeline import DateBasis, EventDate, event_date
from summarise.models import (
    Claim,
    ClaimKind,
    Document,
    FigureDecision,
    LinkRecord,
    StructureDecision,
)
from summarise.output.summary.model import Citation, Point

# Links this close are one sentence carried by two outlets: the same copy, one source.
COPY_SCORE = 0.8
_PRONOUN_START = re.compile(r"^(?:he|she|they|it|this|that|these|those)\b", re.IGNORECASE)
LONG_POINT_WORDS = 60
SHORT_POINT_WORDS = 8  # fewer words than this is a fragment ("This is not a problem."), not a fact


@dataclass
class StoryContext:
    """What every part of a story's summary reads: its accepted claims and their documents."""

    accepted: dict[str, Claim]
    documents: dict[str, Document]
    labels: dict[str, str]
    supports: dict[str, Support]
    links: list[LinkRecord]
    copied: set[frozenset[str]]
    dates: dict[str, EventDate] = field(default_factory=dict)
    decisions: list[StructureDecision] = field(default_factory=list)  # reviewers' fixes
    figure_decisions: list[FigureDecision] = field(default_factory=list)  # and to figures

    def copies(self, claim_ids: Sequence[str]) -> list[tuple[int, int]]:
        """Index pairs of `claim_ids` that are one copy (near-verbatim, or reprinted docs)."""
        index = {c: i for i, c in enumerate(claim_ids)}
        pairs = {
            (index[k.first], index[k.second])
            for k in self.links
            if k.score >= COPY_SCORE and k.first in index and k.second in index
        }
        if self.copied:
            docs = [c.document_id if (c := self.accepted.get(i)) else None for i in claim_ids]
            for i, doc_a in enumerate(docs):
                for j in range(i + 1, len(docs)):
                    if doc_a and docs[j] and frozenset((doc_a, docs[j])) in self.copied:
                        pairs.add((i, j))
        return sorted(pairs)

    def sources(self, claim_ids: Sequence[str]) -> int:
        return distinct_sources([self.supports[c] for c in claim_ids], self.copies(claim_ids))

    def position(self, claim: Claim) -> float:
        length = len(self.documents[claim.document_id].text) or 1
        return min(1.0, claim.quote_start / length)

    def citation(self, claim: Claim) -> Citation:
        return Citation(
            claim_id=claim.id,
            document_id=claim.document_id,
            label=self.labels[claim.document_id],
            quote=claim.quote,
            quote_start=claim.quote_start,
            quote_end=claim.quote_end,
            attribution=claim.attribution,
        )


def build_points(context: StoryContext, minority: dict[str, list[int]]) -> list[Point]:
    """Every point of the story, best-ranked first, refs P1, P2... in that order."""
    accepted = context.accepted
    for claim in accepted.values():
        context.dates[claim.id] = event_date(
            claim.text, context.documents[claim.document_id].published
        )
    # Ties between equal links go by where the story tells each claim, not by claim id.
    order = {c.id: _order(context, c) for c in accepted.values()}
    merged = point_merging.merge(accepted, context.links, order)
    groups = point_decisions.apply(merged, context.decisions)
    degree: dict[str, int] = defaultdict(int)
    for link in context.links:
        degree[link.first] += 1
        degree[link.second] += 1
    drafts: list[tuple[Point, ranking.Rankable]] = []
    headlines = [
        words for d in context.documents.values() if d.title and (words := content_words(d.title))
    ]
    ledes = _ledes(context)
    for members in groups:
        claims = sorted((accepted[m] for m in members), key=lambda c: _order(context, c))
        shown = min(claims, key=lambda c: _clarity(c, degree, context))
        when = _when(context, claims, shown)
        claim_ids = [c.id for c in claims]
        conflicts = sorted({i for c in claims for i in minority.get(c.id, [])})
        point = Point(
            id=shown.id,
            ref="",
            text=shown.text,
            kind=shown.kind,
            event_date=when.when,
            date_basis="unknown" if when.basis is DateBasis.STORY else when.basis.value,
            sources=context.sources(claim_ids),
            documents=len({c.document_id for c in claims}),
            score=0.0,
            claim_ids=claim_ids,
            citations=[context.citation(c) for c in claims],
            conflict_ids=conflicts,
        )
        rankable = ranking.Rankable(
            id=shown.id,
            sources=point.sources,
            position=min(context.position(c) for c in claims),
            has_figure=any(c.figures for c in claims),
            event_date=point.event_date if point.date_basis == "stated" else None,
            background=all(c.kind is ClaimKind.BACKGROUND for c in claims),
            disputed=bool(conflicts),
            headline_overlap=_headline_overlap(claims, headlines),
            lede_share=_lede_share(context, claims, ledes),
        )
        drafts.append((point, rankable))
    scores = ranking.scores([r for _, r in drafts])
    order = ranking.ranked([r for _, r in drafts])
    by_id = {p.id: p for p, _ in drafts}
    out = []
    for number, point_id in enumerate(order, start=1):
        point = by_id[point_id]
        out.append(point.model_copy(update={"ref": f"P{number}", "score": scores[point_id]}))
    return out


def _headline_overlap(claims: list[Claim], headlines: list[set[str]]) -> float:
    """The best share of one report headline's content words that the point's claims state."""
    if not headlines:
        return 0.0
    stated = set().union(*(content_words(c.text) for c in claims))
    return max(len(h & stated) / len(h) for h in headlines)


def _ledes(context: StoryContext) -> dict[str, set[str]]:
    """Each report's lede as content words: its accepted claims told in its first part."""
    out: dict[str, set[str]] = {d: set() for d in context.documents}
    for claim in context.accepted.values():
        if context.position(claim) < ranking.LEDE_POSITION:
            out[claim.document_id] |= content_words(claim.text)
    return out


def _lede_share(context: StoryContext, claims: list[Claim], ledes: dict[str, set[str]]) -> float:
    """How much the story's reports lead with this point, averaged over reports: 1 for a
    report telling it in its lede, else the share of the point's words that report's lede
    states (each outlet words its lede its own way)."""
    if not ledes:
        return 0.0
    told = {c.document_id for c in claims if context.position(c) < ranking.LEDE_POSITION}
    stated = set().union(*(content_words(c.text) for c in claims))
    if not stated:
        return len(told) / len(ledes)
    total = 0.0
    for document, lede in ledes.items():
        total += 1.0 if document in told else len(stated & lede) / len(stated)
    return total / len(ledes)


def _order(context: StoryContext, claim: Claim) -> tuple[str, str, int]:
    published = context.documents[claim.document_id].published
    return (str(published or "9999"), context.labels[claim.document_id], claim.quote_start)


def _clarity(claim: Claim, degree: dict[str, int], context: StoryContext) -> tuple:  # type: ignore[type-arg]
    """The clearest complete text: not a fragment, a report's lede wording if one leads with
    the fact (what an editor would put first: "X pleaded guilty ... to charges he spent" over
    a background clause stating the same charge), most linked (the others restate it), not
    opening on a pronoun, not overlong, then the earliest told."""
    return (
        len(claim.text.split()) < SHORT_POINT_WORDS,
        context.position(claim) >= ranking.LEDE_POSITION,
        -degree[claim.id],
        bool(_PRONOUN_START.match(claim.text)),
        len(claim.text.split()) > LONG_POINT_WORDS,
        _order(context, claim),
    )


def _when(context: StoryContext, claims: list[Claim], shown: Claim) -> EventDate:
    mine = context.dates[shown.id]
    if mine.basis is DateBasis.STATED:
        return mine
    stated = [context.dates[c.id] for c in claims if context.dates[c.id].basis is DateBasis.STATED]
    return stated[0] if stated else mine
