"""A story's draft summary as the reviewer will sign it, for the story view: its headline, key
points with their member claims and sources, key figures with their series, and disputes,
each marked with how far it is reviewed.

The summary proper is built from accepted claims only. The draft is the same build
(output.summary.build_story, with the reviewers' structure decisions applied after point
merging) over the claims not rejected, pending ones counted in as if accepted, so the
reviewer sees the points their decisions will make; each point then says which of its
claims are still pending. Widget-free, so tests and benchmarks drive it without a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from summarise.analysis.figure_decisions import as_written
from summarise.analysis.terms import content_words, jaccard
from summarise.models import Claim, ClaimStatus, ConflictRecord, LinkRecord
from summarise.output.summary.build import build_story
from summarise.output.summary.load import load_links, load_stories
from summarise.output.summary.model import (
    ConflictSummary,
    FigureReport,
    KeyFigure,
    Point,
    StorySummary,
)
from summarise.store import Store

SUGGESTIONS = 3  # nearest unmerged points offered for a merge
# Word overlap ranks below any stored link (link scores start well above this).
NEAR_MISS_SCALE = 0.1


@dataclass(frozen=True)
class Row:
    """One line of the story view: a heading, a point, a claim of a point, a figure, a value
    of a figure's series or a dispute. `point` is set on point and claim rows, `claim_id` on
    claim and value rows, `figure` on figure and value rows, `report` on value rows."""

    kind: str
    point: Point | None = None
    claim_id: str | None = None
    figure: KeyFigure | None = None
    dispute: ConflictSummary | None = None
    report: FigureReport | None = None
    title: str = ""


@dataclass
class StoryDraft:
    story_id: int
    summary: StorySummary
    claims: dict[str, Claim]  # every claim of the story, as the database has it
    conflicts: list[ConflictRecord]
    links: list[LinkRecord]
    rows: list[Row] = field(default_factory=list)

    def counts(self) -> dict[ClaimStatus, int]:
        """The story's claims by their real status (the draft counts pending as accepted)."""
        out = dict.fromkeys(ClaimStatus, 0)
        for claim in self.claims.values():
            out[claim.status] += 1
        return out

    def status(self, point: Point) -> str:
        """'accepted', 'pending' or 'partly' (some members decided, some not)."""
        statuses = {self.claims[c].status for c in point.claim_ids if c in self.claims}
        if statuses == {ClaimStatus.ACCEPTED}:
            return "accepted"
        if ClaimStatus.ACCEPTED in statuses:
            return "partly"
        return "pending"

    def pending(self, point: Point) -> list[Claim]:
        return [
            self.claims[c]
            for c in point.claim_ids
            if c in self.claims and self.claims[c].status is ClaimStatus.PENDING
        ]

    def all_pending(self) -> list[Claim]:
        """The pending claims of every point of the draft (what `A` accepts)."""
        return [c for p in self.summary.points() for c in self.pending(p)]

    def in_open_conflict(self, claim_ids: list[str]) -> list[Claim]:
        """Those of the claims that are members of an open conflict."""
        wanted = set(claim_ids)
        held = {
            m.claim_id
            for conflict in self.conflicts
            if conflict.status == "open"
            for m in conflict.members
            if m.claim_id in wanted
        }
        return [self.claims[c] for c in claim_ids if c in held]

    def written(self, claim_id: str, report: FigureReport) -> str | None:
        """How claim `claim_id` writes the value `report` shows, or None when it states no
        such figure (a figure decision is keyed by the claim and the figure as written)."""
        return as_written(self.claims.get(claim_id), report.value, report.number)

    def value_key(self, row: Row) -> tuple[tuple[str, str], str] | None:
        """((claim id, figure as written), value shown) of a value row, or of the leading
        value of a figure row; None when the claim states no such figure."""
        figure = row.figure
        if figure is None:
            return None
        if row.kind == "value" and row.report is not None and row.claim_id is not None:
            report, claim_id = row.report, row.claim_id
        else:
            report = figure.leading()
            claim_id = report.claim_ids[0]
        written = self.written(claim_id, report)
        return None if written is None else ((claim_id, written), report.value)

    def any_value(self, figure: KeyFigure) -> tuple[str, str] | None:
        """(claim id, figure as written) of the first of `figure`'s values a claim states."""
        for report in figure.history:
            for claim_id in report.claim_ids:
                written = self.written(claim_id, report)
                if written is not None:
                    return claim_id, written
        return None

    def point_of(self, claim_id: str) -> Point | None:
        return next((p for p in self.summary.points() if claim_id in p.claim_ids), None)

    def suggestions(self, point: Point) -> list[tuple[Point, float]]:
        """The nearest other points stated by other documents: the best link score between
        a claim of `point` and a claim of each, highest first."""
        mine = set(point.claim_ids)
        documents = {self.claims[c].document_id for c in mine if c in self.claims}
        owner = {c: p for p in self.summary.points() if p.id != point.id for c in p.claim_ids}
        best: dict[str, float] = defaultdict(float)
        for link in self.links:
            for here, there in ((link.first, link.second), (link.second, link.first)):
                other = owner.get(there)
                if here not in mine or other is None or there not in self.claims:
                    continue
                if self.claims[there].document_id in documents:
                    continue
                best[other.id] = max(best[other.id], link.score)
        by_id = {p.id: p for p in self.summary.points()}
        if len(best) < SUGGESTIONS:
            # Stored links are only the pairs the matcher accepted; a near miss the reviewer
            # may want to merge has none, so fill up with the points of other documents that
            # share most content words with this one (scored below any stored link).
            words = content_words(point.text)
            for other in by_id.values():
                if other.id == point.id or other.id in best:
                    continue
                if {self.claims[c].document_id for c in other.claim_ids if c in self.claims} <= (
                    documents
                ):
                    continue
                overlap = jaccard(words, content_words(other.text))
                if overlap > 0:
                    best[other.id] = overlap * NEAR_MISS_SCALE
        ranked = sorted(best.items(), key=lambda item: (-item[1], by_id[item[0]].ref))
        return [(by_id[point_id], score) for point_id, score in ranked[:SUGGESTIONS]]


def build_draft(store: Store, story_id: int) -> StoryDraft:
    """The draft of one story (UnknownStory when there is none)."""
    (data,) = load_stories(store, story_id)
    links = load_links(store, [data])
    claims = {c.id: c for c in data.claims}
    # Pending claims count as accepted in the draft; rejected ones stay out, as they will.
    promoted = [
        c
        if c.status is not ClaimStatus.PENDING
        else c.model_copy(update={"status": ClaimStatus.ACCEPTED})
        for c in data.claims
    ]
    draft_data = replace(data, claims=promoted)
    wanted = set(claims)
    summary = build_story(
        draft_data,
        [k for k in links if k.first in wanted],
        None,
    )
    draft = StoryDraft(story_id, summary, claims, data.conflicts, links)
    draft.rows = rows_of(draft)
    return draft


def rows_of(draft: StoryDraft) -> list[Row]:
    """Headline, key points, key figures, disputes, then the other points (member claims
    under each point that has more than one, so a claim can be split off or moved)."""
    summary = draft.summary
    rows: list[Row] = [Row("heading", title="Headline")]
    headline = next((p for p in summary.points() if p.id == summary.headline_claim_id), None)
    rows.append(Row("headline", point=headline, title=summary.headline))
    key_ids = {p.id for p in summary.key_points}

    def add_points(points: list[Point]) -> None:
        for point in points:
            rows.append(Row("point", point=point))
            if len(point.claim_ids) > 1:
                rows.extend(Row("claim", point=point, claim_id=c) for c in point.claim_ids)

    rows.append(Row("heading", title=f"Key points ({len(summary.key_points)})"))
    add_points(summary.key_points)
    if summary.figures:
        rows.append(Row("heading", title=f"Key figures ({len(summary.figures)})"))
        for figure in summary.figures:
            rows.append(Row("figure", figure=figure))
            # Each value of the series on a line of its own (one per claim reporting it), so
            # one value can be marked, moved or split out.
            rows.extend(
                Row("value", figure=figure, claim_id=claim_id, report=report)
                for report in figure.history
                for claim_id in report.claim_ids
            )
    disputes = [*summary.conflicts, *summary.differing]
    if disputes:
        rows.append(Row("heading", title=f"Disputes ({len(disputes)})"))
        rows.extend(Row("dispute", dispute=d) for d in disputes)
    rest = sorted((p for p in summary.points() if p.id not in key_ids), key=_rank)
    if rest:
        rows.append(Row("heading", title=f"More points ({len(rest)})"))
        add_points(rest)
    return rows


def _rank(point: Point) -> int:
    return int(point.ref[1:])
