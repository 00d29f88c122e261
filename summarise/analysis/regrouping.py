"""Regrouping documents into stories: all at once, or only as far as new documents reach.

A regrouping of everything clusters every document no user placed (`grouping.group`) over
every stored link. An incremental regrouping, after new documents were linked, must give
exactly what that would give while reading only a neighbourhood of them, however large the
archive and however its documents chain together through links (a long-running topic links
every week to the next, and an undated report links to any week).

Why a neighbourhood is enough. The clustering merges, most similar first, pairs of groups
whose documents are linked; nothing else moves a group. Call a story of the last run
*unchanged* if clustering a set of documents holding it gives it back whole, with no merge
mixing its documents with others. Take a set W: the new documents, every story linked to a
new document, and every story linked to a document of a story W changed, by a link that
could carry a merge (a pair of groups merges only if their average similarity reaches the
threshold, so one pair at least does, and only if their reports are close enough in time).
Cluster W alone. A story outside W is linked only to unchanged stories of W (or by no link
that could carry a merge); an unchanged story
forms, merge by merge, exactly as it formed in the last run, and the story outside W as
well, with the same similarities in the same order, so every pair of their groups meets
exactly as it met then, and was not merged then. So nothing outside W changes, and W's
clustering is the whole answer. W is found by growing it: cluster, see which stories
changed, add the stories linked to those, cluster again, until a clustering adds nothing.
(Ties between equal similarities are broken by document order, the same in both runs.)

Which story a story follows (a later development of it) depends on the stories linked to
it, so it is recomputed for every story of W and every story linked to one that changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from summarise.analysis import grouping
from summarise.analysis.event_words import OPENING_CHARS, EventGroups
from summarise.models import PlannedStory
from summarise.store import Store

Pair = tuple[str, str]


def regroup(store: Store, seeds: list[str] | None) -> set[int]:
    """Recluster every document no user placed (`seeds` None) or only as far as the documents
    `seeds` reach (see the module docstring); keep story ids where members carry over.
    Returns the stories whose documents changed, before and after."""
    if seeds is None:
        return _regroup_everything(store)
    return _regroup_around(store, seeds)


def _regroup_everything(store: Store) -> set[int]:
    index = store.story_index
    pinned = index.pinned()
    free_ids = [doc for doc in index.document_ids() if doc not in pinned]
    previous = index.auto_stories_of(free_ids)
    groups = grouping.group(
        _documents(store, free_ids), sims=index.all_links(), openings=_openings(store)
    )
    plan = _plan(groups, previous, with_follows=True)
    ids = store.stories.save_grouping(plan, None)
    return _changed(previous, groups, ids)


def _regroup_around(store: Store, seeds: list[str]) -> set[int]:
    index = store.story_index
    near = _Neighbourhood(store, index.pinned())
    # Documents indexed by a run that stopped before it grouped them start here too.
    start = set(seeds) | set(index.ungrouped())
    near.add_loose(start)
    groups: list[grouping.Group] = []
    dirty, clustered = set(near.documents), False
    while near.expand(dirty) or not clustered:
        groups, clustered = near.cluster(partition_only=True), True
        formed = {tuple(g.documents) for g in groups}
        changed = [docs for docs in near.stories.values() if tuple(docs) not in formed]
        dirty = near.loose.union(*changed)
    groups = near.describe(groups)  # titles, dates and order of the stories found
    previous = {doc: story for story, docs in near.stories.items() for doc in docs}
    plan = _plan(groups, previous, with_follows=False)
    ids = store.stories.save_grouping(plan, sorted(near.documents))
    changed_ids = _changed(previous, groups, ids)
    _refresh_follows(store, near, ids, groups, changed_ids)
    return changed_ids


class _Neighbourhood:
    """The documents W an incremental regrouping clusters (see the module docstring): those
    in no story yet (`loose`), the stories of the last run added to them, and every link of
    theirs."""

    def __init__(self, store: Store, pinned: set[str]) -> None:
        self.index = store.story_index
        self.store = store
        self.pinned = pinned
        self.loose: set[str] = set()
        self.stories: dict[int, list[str]] = {}  # story of the last run -> its documents
        self.links: dict[Pair, float] = {}
        self._read: set[str] = set()  # documents whose every link is in self.links
        self._expanded: set[str] = set()
        self._headings: dict[str, grouping.StoryDocument] = {}
        self._clustered: tuple[list[grouping.StoryDocument], dict[Pair, float]] = ([], {})

    @property
    def documents(self) -> set[str]:
        return self.loose.union(*self.stories.values())

    def add_loose(self, ids: Iterable[str]) -> None:
        self.loose.update(doc for doc in ids if doc not in self.pinned)

    def expand(self, dirty: set[str]) -> bool:
        """Add every story (or loose document) linked to a document of `dirty`; whether any
        was added."""
        todo = sorted(dirty - self._expanded)
        self._expanded.update(todo)
        self.read_links(todo)
        wanted, inside = set(todo), self.documents
        # Only a link that could carry a merge: as similar as the threshold (a merge needs an
        # average that high, so at least one pair), between reports close enough in time.
        strong = [
            pair
            for pair, value in self.links.items()
            if value >= grouping.THRESHOLD and (pair[0] in wanted or pair[1] in wanted)
        ]
        ends = sorted({doc for pair in strong for doc in pair})
        published = {doc: dated for doc, (dated, _) in self.index.report_dates(ends).items()}
        linked = sorted(
            {
                doc
                for pair in strong
                if _close(published.get(pair[0]), published.get(pair[1]))
                for doc in pair
                if doc not in inside and doc not in self.pinned
            }
        )
        if not linked:
            return False
        story_of = self.index.auto_stories_of(linked)
        fresh = sorted(set(story_of.values()) - set(self.stories))
        self.stories.update(self.index.auto_members(fresh))
        # A linked document in no story (a run stopped before grouping it) joins as it is.
        self.add_loose(doc for doc in linked if doc not in story_of)
        return True

    def cluster(self, *, partition_only: bool = False) -> list[grouping.Group]:
        ids = sorted(self.documents)
        self.read_links(ids)
        missing = [doc for doc in ids if doc not in self._headings]
        self._headings.update((d.id, d) for d in _documents(self.store, missing))
        inside = set(ids)
        sims = {
            pair: value
            for pair, value in self.links.items()
            if pair[0] in inside and pair[1] in inside
        }
        self._clustered = ([self._headings[doc] for doc in ids], sims)
        return grouping.group(
            self._clustered[0],
            sims=sims,
            partition_only=partition_only,
            openings=_openings(self.store),
        )

    def describe(self, groups: list[grouping.Group]) -> list[grouping.Group]:
        """`groups` of the last clustering described as `grouping.group` describes them."""
        documents, sims = self._clustered
        # Which story follows which reaches beyond W: `_refresh_follows` works it out.
        return grouping.describe([g.documents for g in groups], documents, sims, follows=False)

    def read_links(self, ids: Iterable[str]) -> None:
        unread = sorted(set(ids) - self._read)
        self.links.update(self.index.links_of(unread))
        self._read.update(unread)


def _close(first: str | None, second: str | None) -> bool:
    """Whether two reports could be in one story by their dates (an undated one always)."""
    if first is None or second is None:
        return True
    gap = abs((date.fromisoformat(first) - date.fromisoformat(second)).days)
    return gap <= grouping.MAX_SPAN_DAYS


def _openings(store: Store) -> Callable[[Sequence[str]], dict[str, str]]:
    def read(ids: Sequence[str]) -> dict[str, str]:
        return store.story_index.openings(ids, OPENING_CHARS)

    return read


def _documents(store: Store, ids: list[str]) -> list[grouping.StoryDocument]:
    # Clustering reads dates and names stories by headline or opening: no whole texts.
    headings = store.story_index.headings(ids)
    return [
        grouping.StoryDocument(
            doc_id, opening, date.fromisoformat(published) if published else None, title
        )
        for doc_id, (published, title, opening) in sorted(headings.items())
    ]


def _plan(
    groups: list[grouping.Group], previous: dict[str, int], *, with_follows: bool
) -> list[PlannedStory]:
    kept = _match_previous(groups, previous)
    return [
        PlannedStory(
            story_id=kept.get(index),
            documents=group.documents,
            title=group.title,
            follows_index=group.follows if with_follows else None,
        )
        for index, group in enumerate(groups)
    ]


def _changed(previous: dict[str, int], groups: list[grouping.Group], ids: list[int]) -> set[int]:
    """Stories whose documents changed: only those need links and conflicts recomputed."""
    before: dict[int, set[str]] = defaultdict(set)
    for doc, story in previous.items():
        before[story].add(doc)
    after = {story: set(group.documents) for story, group in zip(ids, groups, strict=True)}
    return {
        story for story in before.keys() | after.keys() if before.get(story) != after.get(story)
    }


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


def _refresh_follows(
    store: Store,
    near: _Neighbourhood,
    ids: list[int],
    groups: list[grouping.Group],
    changed: set[int],
) -> None:
    """Recompute which story each story of the neighbourhood, and each story linked to one
    that changed, follows (`grouping.follow_ups`)."""
    index = store.story_index
    changed_docs = {
        doc
        for story, group in zip(ids, groups, strict=True)
        if story in changed
        for doc in group.documents
    }
    inside = near.documents
    outside = {
        doc
        for pair in near.links
        if pair[0] in changed_docs or pair[1] in changed_docs
        for doc in pair
        if doc not in inside
    }
    later = set(ids) | set(index.auto_stories_of(sorted(outside)).values())
    # Their documents, every link of those, and the stories at the other end.
    members = index.auto_members(sorted(later))
    near.read_links(sorted({doc for docs in members.values() for doc in docs}))
    ends = sorted({doc for pair in near.links for doc in pair})
    stories_of = index.auto_stories_of(ends)
    members.update(index.auto_members(sorted(set(stories_of.values()) - set(members))))
    dates = index.report_dates(sorted({doc for docs in members.values() for doc in docs}))
    spans = {story: _span(docs, dates) for story, docs in members.items() if docs}
    group_of = {doc: story for story, docs in members.items() for doc in docs}
    all_members = sorted(group_of)
    titles = {doc: title for doc, (_, title, _) in index.headings(all_members).items()}
    events = EventGroups(titles, _openings(store))

    def apart(one: int, other: int) -> bool:
        return events.apart((one, members[one]), (other, members[other]))

    follows = grouping.follow_ups(group_of, spans, near.links, later=later, apart=apart)
    index.set_follows({story: follows.get(story) for story in sorted(later) if story in spans})


def _span(
    documents: list[str], dates: dict[str, tuple[str | None, str | None]]
) -> grouping.StorySpan:
    known = sorted(date.fromisoformat(p) for doc in documents if (p := dates[doc][0]))
    return grouping.StorySpan(
        len(documents), known[0] if known else None, known[-1] if known else None, documents[0]
    )
