"""Keeping stories, corroboration links and conflicts up to date with the database.

When it runs: on demand, by `summary`, `stories`, `conflicts`, `stats` and `review`,
whenever documents, claims or user corrections changed since the last run (a fingerprint
in `analysis_state` says so). Everything is recomputed deterministically from the
documents and claims, so the result never depends on the order batches arrived in;
what people decided is kept: documents a user placed stay placed, story names stay, and a
conflict keeps its id and resolution as long as the same claims still disagree.

Links and conflicts are computed over claims of every status: reviewing a claim changes
nothing here, and what a summary shows is filtered by status when it is built.

Incremental: documents not yet in the candidate index (`store.story_index`) are linked to
their candidates as they arrive; only the stories they can reach are reclustered
(`regrouping` explains why that gives exactly what clustering everything gives), and links
and conflicts are recomputed only for stories whose documents changed.
`rebuild` empties the index and recomputes everything; a test checks both agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from summarise.analysis import grouping
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.conflict_detection import detect
from summarise.analysis.corroboration import ClaimMatcher, TfidfMatcher
from summarise.analysis.dates import resolve_report_dates
from summarise.analysis.regrouping import regroup
from summarise.models import ConflictInput, LinkRecord
from summarise.store import ClaimFilter, Store

# Bump when grouping, linking or conflict rules change, so existing databases recompute.
ANALYSIS_VERSION = "11"
_INDEX_COMMIT_EVERY = 200  # documents indexed per transaction
_UNFINISHED = "unfinished"  # the rules state while an analysis is being written
_RELINK_SLICE = 200  # stories whose links are held at once


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
    store: Store,
    *,
    force: bool = False,
    rebuild: bool = False,
    matcher: ClaimMatcher | None = None,
) -> AnalysisReport:
    """Regroup, relink and re-detect conflicts where anything changed since the last run.
    `force` reclusters and relinks every story; `rebuild` also rebuilds the candidate index."""
    matcher = matcher or TfidfMatcher()
    fingerprint = _fingerprint(store, matcher)
    unfinished = store.stories.analysed_state("rules") == _UNFINISHED
    if not (force or rebuild or unfinished) and fingerprint == store.stories.analysed_fingerprint():
        return AnalysisReport(
            recomputed=False,
            stories=store.reports.story_count(),
            links=store.reports.link_count(),
            conflicts=store.reports.open_conflict_count(),
        )
    state = _state(store)
    everything = force or rebuild or store.stories.analysed_state("rules") != state
    # Links are written a slice at a time: should this run stop half way, the next one starts
    # again from everything rather than trust what is stored.
    store.stories.record_state("rules", _UNFINISHED)
    if rebuild:
        store.story_index.clear()
    # Analysis writes no claim: the claims as they are now are the claims it analysed.
    claims = _claims_signature(store)
    new = index_new_documents(store)
    if everything:
        regroup(store, None)
        links, conflicts = relink(store, None, matcher)
    else:
        changed = regroup(store, new) if new else set()
        changed |= _stories_with_changed_claims(store, claims)
        links, conflicts = relink(store, changed, matcher)
    store.stories.record_analysis(fingerprint)
    store.stories.record_state("rules", state)
    store.stories.record_state("claims", claims)
    return AnalysisReport(
        recomputed=True,
        stories=store.reports.story_count(),
        links=store.reports.link_count() if not everything else links,
        conflicts=store.reports.open_conflict_count() if not everything else conflicts,
    )


def _state(store: Store) -> str:
    """What makes every story stale at once: the rules, and the user's placements."""
    # The placements alone, not every document's story: read on every incremental run.
    pinned = store.story_index.placed()
    digest = hashlib.sha256(repr(pinned).encode()).hexdigest()[:16]
    return f"{ANALYSIS_VERSION}:{digest}"


def index_new_documents(store: Store) -> list[str]:
    """Link each document not yet indexed to its candidates; return them, in stored order."""
    index = store.story_index
    new = list(index.unindexed())
    for start in range(0, len(new), _INDEX_COMMIT_EVERY):
        with index.writing():
            for doc_id in new[start : start + _INDEX_COMMIT_EVERY]:
                document = store.get_document(doc_id)
                if document is None:
                    continue
                story_document = grouping.StoryDocument(
                    document.id, document.text, document.published, document.title
                )
                vec = grouping.vector(story_document)
                links = grouping.edges_for(doc_id, vec, index)
                index.add(
                    doc_id,
                    vec,
                    grouping.index_terms(vec),
                    links,
                    postings_limit=grouping.MAX_POSTINGS,
                )
    return new


def _claims_signature(store: Store) -> str:
    return store.story_index.claims_signature()


def _stories_with_changed_claims(store: Store, signature: str) -> set[int]:
    """Stories of documents whose claims were added or rewritten since the last analysis
    (`signature`: the claims' now)."""
    if store.stories.analysed_state("claims") == signature:
        return set()
    return store.story_index.stories_with_claims_since(
        store.stories.analysed_state("analysed_at") or ""
    )


def relink(store: Store, stories: set[int] | None, matcher: ClaimMatcher) -> tuple[int, int]:
    """Recompute corroboration links and conflicts story by story (of `stories`, None: every
    story); return how many were found. Links are written a slice of stories at a time, so
    memory holds a slice's, not the archive's."""
    index = store.story_index
    scope = index.story_ids() if stories is None else sorted(stories)
    if stories is None:
        store.stories.replace_links([])
    found = 0
    conflicts: list[ConflictInput] = []
    for start in range(0, len(scope), _RELINK_SLICE):
        members = index.members(scope[start : start + _RELINK_SLICE])
        links: list[LinkRecord] = []
        for story_id, doc_ids in members.items():
            if len(doc_ids) < 2:
                continue  # links and conflicts are between documents (see conflicts.py)
            story_links, story_conflicts = _relink_story(store, story_id, doc_ids, matcher)
            links += story_links
            conflicts += story_conflicts
        found += len(links)
        store.stories.replace_links(links, sorted(d for docs in members.values() for d in docs))
    if stories is None:
        store.conflicts.sync(conflicts)
    else:
        store.conflicts.sync(conflicts, scope)
    return found, len(conflicts)


def _relink_story(
    store: Store, story_id: int, doc_ids: list[str], matcher: ClaimMatcher
) -> tuple[list[LinkRecord], list[ConflictInput]]:
    # Each report's date as analysis reads it: a dateline's month and day take their year
    # from the story's dated reports (analysis/dates.py). Only dates are read, not texts.
    dates = store.story_index.report_dates(doc_ids)
    published = resolve_report_dates(
        {doc: date.fromisoformat(p) if p else None for doc, (p, _) in dates.items()},
        {doc: month_day for doc, (_, month_day) in dates.items()},
    )
    facts: list[ClaimFacts] = []
    for doc_id in sorted(dates):
        for claim in store.iter_claims(ClaimFilter(document_id=doc_id)):
            # A relative date ("on Tuesday") is read against its own document's date only:
            # an undated document's "Tuesday" is no day of another document's week.
            facts.append(facts_for(claim, published[doc_id]))
    links = [
        LinkRecord(link.first, link.second, link.score, link.matcher)
        for link in matcher.links(facts)
    ]
    conflicts = [
        ConflictInput(
            key=conflict.key,
            kind=conflict.kind.value,
            subject=conflict.subject,
            story_id=story_id,
            members=[(m.claim_id, m.value, m.value_key) for m in conflict.members],
        )
        for conflict in detect(facts, published)
    ]
    return links, conflicts
