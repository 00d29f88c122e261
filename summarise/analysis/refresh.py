"""Keeping stories, corroboration links and conflicts up to date with the database.

When it runs: on demand, by `summary`, `stories`, `conflicts`, `stats` and `review`,
whenever documents, claims or user corrections changed since the last run (a fingerprint
in `analysis_state` says so). Everything is recomputed deterministically from the
documents and claims, so the result never depends on the order batches arrived in;
what people decided is kept: documents a user placed stay placed, story names stay, and a
conflict keeps its id and resolution as long as the same claims still disagree.

Links and conflicts are computed over claims of every status: reviewing a claim changes
nothing here, and what a summary shows is filtered by status when it is built.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from summarise.analysis import grouping
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.conflict_detection import detect
from summarise.analysis.corroboration import ClaimMatcher, TfidfMatcher
from summarise.analysis.dates import report_dates_of
from summarise.models import ConflictInput, Document, LinkRecord, PlannedStory
from summarise.store import ClaimFilter, Store

# Bump when grouping, linking or conflict rules change, so existing databases recompute.
ANALYSIS_VERSION = "8"


@dataclass(frozen=True)
class AnalysisReport:
    recomputed: bool
    stories: int
    links: int
    conflicts: int


def _fingerprint(store: Store, matcher: ClaimMatcher) -> str:
    # The rules' version is part of the fingerprint: an upgrade recomputes old results.
    return f"{store.stories.fingerprint()}:{ANALYSIS_VERSION}:{matcher.name}"


def is_current(store: Store, matcher: ClaimMatcher | None = None) -> bool:
    """Whether the stored stories, links and conflicts reflect the database as it is."""
    matcher = matcher or TfidfMatcher()
    return _fingerprint(store, matcher) == store.stories.analysed_fingerprint()


def refresh(
    store: Store, *, force: bool = False, matcher: ClaimMatcher | None = None
) -> AnalysisReport:
    """Regroup, relink and re-detect conflicts if anything changed since the last run."""
    matcher = matcher or TfidfMatcher()
    fingerprint = _fingerprint(store, matcher)
    if not force and fingerprint == store.stories.analysed_fingerprint():
        return AnalysisReport(
            recomputed=False,
            stories=store.reports.story_count(),
            links=store.reports.link_count(),
            conflicts=store.reports.open_conflict_count(),
        )
    documents = {d.id: d for d in store.documents()}
    regroup(store, documents)
    links, conflicts = relink(store, documents, matcher)
    store.stories.record_analysis(fingerprint)
    return AnalysisReport(
        recomputed=True,
        stories=store.reports.story_count(),
        links=links,
        conflicts=conflicts,
    )


def regroup(store: Store, documents: dict[str, Document]) -> list[int]:
    """Group every document not placed by a user; keep story ids where members carry over."""
    assignments = store.stories.assignments()
    pinned = {doc for doc, (_, by) in assignments.items() if by == "user"}
    free = [
        grouping.StoryDocument(d.id, d.text, d.published, d.title)
        for d in documents.values()
        if d.id not in pinned
    ]
    groups = grouping.group(free)
    previous = {doc: story for doc, (story, by) in assignments.items() if by == "auto"}
    kept = _match_previous(groups, previous)
    plan = [
        PlannedStory(
            story_id=kept.get(index),
            documents=group.documents,
            title=group.title,
            follows_index=group.follows,
        )
        for index, group in enumerate(groups)
    ]
    return store.stories.save_grouping(plan)


def _match_previous(groups: list[grouping.Group], previous: dict[str, int]) -> dict[int, int]:
    """group index -> the existing story id it continues: most shared documents first."""
    overlaps: list[tuple[int, int, int]] = []
    for index, group in enumerate(groups):
        counts: dict[int, int] = defaultdict(int)
        for doc in group.documents:
            if doc in previous:
                counts[previous[doc]] += 1
        overlaps += [(-n, story, index) for story, n in counts.items()]
    kept: dict[int, int] = {}
    used: set[int] = set()
    for _, story, index in sorted(overlaps):
        if index not in kept and story not in used:
            kept[index] = story
            used.add(story)
    return kept


def relink(store: Store, documents: dict[str, Document], matcher: ClaimMatcher) -> tuple[int, int]:
    """Recompute corroboration links and conflicts story by story; return their counts."""
    story_of = {doc: story for doc, (story, _) in store.stories.assignments().items()}
    members: dict[int, list[str]] = defaultdict(list)
    for doc, story in story_of.items():
        members[story].append(doc)
    links: list[LinkRecord] = []
    conflicts: list[ConflictInput] = []
    for story_id, doc_ids in sorted(members.items()):
        if len(doc_ids) < 2:
            continue  # links and conflicts are between documents (see conflicts.py)
        facts: list[ClaimFacts] = []
        published = report_dates_of([documents[d] for d in doc_ids])
        for doc_id in sorted(doc_ids):
            for claim in store.iter_claims(ClaimFilter(document_id=doc_id)):
                # A relative date ("on Tuesday") is read against its own document's date only:
                # an undated document's "Tuesday" is no day of another document's week.
                facts.append(facts_for(claim, published[doc_id]))
        links += [
            LinkRecord(link.first, link.second, link.score, link.matcher)
            for link in matcher.links(facts)
        ]
        for conflict in detect(facts, published):
            conflicts.append(
                ConflictInput(
                    key=conflict.key,
                    kind=conflict.kind.value,
                    subject=conflict.subject,
                    story_id=story_id,
                    members=[(m.claim_id, m.value, m.value_key) for m in conflict.members],
                )
            )
    store.stories.replace_links(links)
    store.conflicts.sync(conflicts)
    return len(links), len(conflicts)
