"""Grouping documents into stories: the same events reported by different outlets.

Deterministic average-linkage clustering over weighted vectors of each document's content
words and named entities, merging the most similar pair of groups first while their average
similarity reaches `threshold`, and never letting a group's known publication dates span more
than `max_span_days` (a follow-up two months later is its own story, marked as following the
first).

Stable on any archive: a term's weight comes from a fixed background reference
(`analysis/background.py`), not from the collection, so a document's vector depends on its own
text only; each document is compared, when it arrives, with the documents already indexed
that share most weight of its heaviest terms (`edges_for`), and only pairs at least
`EDGE_FLOOR` similar are kept. A story is then clustered from the documents its members are
linked to and nothing else: adding an unrelated document, which links to none of them, cannot
change it. A merge only ever joins linked groups, so a neighbourhood of the documents that
arrived can be reclustered alone and give exactly what clustering everything gives: see
`analysis/regrouping.py`.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from summarise.analysis import background
from summarise.analysis.event_words import EVENT_RATIO, OPENING_CHARS, EventGroups
from summarise.analysis.terms import STOPWORDS, entities, normalise, words

THRESHOLD = 0.21
MAX_SPAN_DAYS = 21
# Two groups of reports join only if they are at least this similar across as the looser of
# them is within: neighbouring events (same place, same organisation, days apart) share enough
# words to pass THRESHOLD, but each event's own reports are much closer to one another.
COHESION_RATIO = 0.7
VECTOR_TERMS = 100  # a document is its heaviest terms: the rest is noise, and costs storage
INDEX_TERMS = 40  # its heaviest terms find its candidates:
NEIGHBOURS = 30  # the documents sharing most weight of them (at most this many per document)
MAX_POSTINGS = 150  # a term in more documents than that says nothing about which belong together
EDGE_FLOOR = 0.08  # below this a pair adds nothing a story could be built on
# A story is told in an article's opening; reading further costs time and adds noise.
TEXT_CHARS = 20_000
LEAD_CHARS = 1500  # the opening paragraphs count twice
TITLE_WEIGHT = 2  # and the headline (itself the first line) three times

Vector = dict[str, float]
Pair = tuple[str, str]


@dataclass(frozen=True)
class StoryDocument:
    id: str
    text: str
    published: date | None = None
    title: str | None = None


@dataclass
class Group:
    documents: list[str]  # ids, sorted
    title: str
    first_published: date | None = None
    last_published: date | None = None
    follows: int | None = None  # index of the earlier group this one is a later development of
    cohesion: dict[str, float] = field(default_factory=dict)  # document -> mean similarity


def vector(document: StoryDocument) -> Vector:
    """Unit-length weighted vector of normalised content words and entities (prefixed `e:`),
    each counted (1 + log n) times its background weight, cut to the VECTOR_TERMS heaviest."""
    # The headline and the opening paragraphs say what the story is: they count more.
    title = (document.title + "\n") * TITLE_WEIGHT if document.title else ""
    text = title + document.text[:LEAD_CHARS] + "\n" + document.text[:TEXT_CHARS]
    tally: Counter[str] = Counter()
    # Each distinct spelling once (a document says most of its words many times); the order
    # terms are tallied in changes nothing: the heaviest are picked by weight, then term.
    for word, n in Counter(words(text)).items():
        lower = word.lower()
        if len(lower) > 2 and lower not in STOPWORDS:
            tally[normalise(word)] += n
    for entity in entities(text):
        tally["e:" + entity] += 1
    weights = {term: (1 + math.log(n)) * background.weight(term) for term, n in tally.items()}
    heaviest = sorted(weights.items(), key=_heaviest)[:VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in heaviest)) or 1.0
    return {term: round(w / norm, 6) for term, w in heaviest}


def vectors(documents: Sequence[StoryDocument]) -> dict[str, Vector]:
    return {document.id: vector(document) for document in documents}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def index_terms(vec: Vector) -> list[tuple[str, float]]:
    """The terms a document is found by, heaviest first."""
    return sorted(vec.items(), key=_heaviest)[:INDEX_TERMS]


class CandidateIndex(Protocol):
    """The documents already compared: their index terms, and their vectors."""

    def candidates(
        self, doc_id: str, terms: Sequence[tuple[str, float]], *, limit: int, count: int
    ) -> list[str]:
        """The `count` indexed documents other than `doc_id` sharing most weight of `terms`
        (the sum, over the terms they share, of its weight times theirs; ties: lower id
        first), terms held by more than `limit` documents left out."""
        ...

    def vectors(self, ids: Sequence[str]) -> dict[str, Vector]: ...


def edges_for(doc_id: str, vec: Vector, index: CandidateIndex) -> list[tuple[str, float]]:
    """(other, similarity) for the documents of `index` worth linking `doc_id` to: among the
    NEIGHBOURS sharing most weight of its index terms (terms held by more than MAX_POSTINGS
    documents skipped), those at least EDGE_FLOOR similar. Work per document is bounded by
    INDEX_TERMS x MAX_POSTINGS, whatever the archive's size."""
    best = index.candidates(doc_id, index_terms(vec), limit=MAX_POSTINGS, count=NEIGHBOURS)
    others = index.vectors(best)
    out = [(other, round(cosine(vec, others[other]), 6)) for other in sorted(others)]
    return [(other, value) for other, value in out if value >= EDGE_FLOOR]


class MemoryIndex:
    """A CandidateIndex in memory, for grouping a collection at once."""

    def __init__(self) -> None:
        self._postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self._vectors: dict[str, Vector] = {}

    def candidates(
        self, doc_id: str, terms: Sequence[tuple[str, float]], *, limit: int, count: int
    ) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for term, weight in terms:
            postings = self._postings.get(term, ())
            if len(postings) > limit:
                continue
            for other, other_weight in postings:
                if other != doc_id:
                    scores[other] += weight * other_weight
        return [other for other, _ in heapq.nsmallest(count, scores.items(), key=_strongest)]

    def vectors(self, ids: Sequence[str]) -> dict[str, Vector]:
        return {doc: self._vectors[doc] for doc in ids}

    def add(self, doc_id: str, vec: Vector) -> None:
        self._vectors[doc_id] = vec
        for term, weight in index_terms(vec):
            self._postings[term].append((doc_id, weight))


def similarities(documents: Sequence[StoryDocument]) -> dict[Pair, float]:
    """Linked pairs (first id < second) of `documents`, each compared in id order with those
    before it: the same pairs whatever order the documents are given in."""
    index = MemoryIndex()
    out: dict[Pair, float] = {}
    for document in sorted(documents, key=lambda d: d.id):
        vec = vector(document)
        for other, value in edges_for(document.id, vec, index):
            out[_ordered(document.id, other)] = value
        index.add(document.id, vec)
    return out


def components(ids: Iterable[str], sims: dict[Pair, float]) -> list[list[str]]:
    """The connected sets of `ids` under the linked pairs, each sorted, in order of first id."""
    parent = {doc: doc for doc in ids}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    for a, b in sims:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(parent):
        out[root(doc)].append(doc)
    return sorted(out.values())


def _ordered(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def _heaviest(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def _strongest(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def group(
    documents: Sequence[StoryDocument],
    *,
    sims: dict[Pair, float] | None = None,
    threshold: float = THRESHOLD,
    max_span_days: int = MAX_SPAN_DAYS,
    cohesion_ratio: float = COHESION_RATIO,
    partition_only: bool = False,
    openings: Callable[[Sequence[str]], Mapping[str, str]] | None = None,
    event_ratio: float = EVENT_RATIO,
) -> list[Group]:
    """Stories among `documents`, ordered by first publication date then first document id,
    from the linked pairs `sims` (computed from the documents when not given; pairs naming a
    document not among them are ignored). Two groups of several documents each merge only
    when their average similarity is at least `cohesion_ratio` times the average similarity
    within the looser of them, on all their terms and on the words of what happened.
    `openings`: each document's first OPENING_CHARS characters, read only for the documents
    of groups so compared (default: the documents' own text). `partition_only`: just which
    documents go together (no titles, dates or follow-ups), in no particular order."""
    by_id = {d.id: d for d in documents}
    events = EventGroups(
        {d.id: d.title for d in documents},
        openings or (lambda ids: {doc: by_id[doc].text[:OPENING_CHARS] for doc in ids}),
        ratio=event_ratio,
    )
    if sims is None:
        sims = similarities(documents)
    sims = {
        pair: value for pair, value in sorted(sims.items()) if pair[0] in by_id and pair[1] in by_id
    }
    clusters: dict[int, list[str]] = {i: [d] for i, d in enumerate(sorted(by_id))}
    cluster_of = {doc: i for i, docs in clusters.items() for doc in docs}
    dates: dict[int, list[date]] = {
        i: [by_id[d].published] if by_id[d].published else [] for i, (d,) in clusters.items()
    }
    # links[c][o]: the sum of similarities between the documents of clusters c and o;
    # inner[c]: the sum over the pairs within c.
    links: dict[int, dict[int, float]] = defaultdict(dict)
    inner: dict[int, float] = dict.fromkeys(clusters, 0.0)
    for (a, b), value in sims.items():
        ca, cb = cluster_of[a], cluster_of[b]
        links[ca][cb] = links[ca].get(cb, 0.0) + value
        links[cb][ca] = links[cb].get(ca, 0.0) + value
    heap = [(-value, a, b) for a, row in links.items() for b, value in row.items() if a < b]
    heapq.heapify(heap)
    next_id = len(clusters)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters:
            continue  # one side was merged since this entry was pushed
        if -negative < threshold:
            break
        if _span(dates[a] + dates[b]) > max_span_days:
            continue
        if _apart(-negative, (clusters[a], inner[a]), (clusters[b], inner[b]), cohesion_ratio):
            continue
        if events.apart((a, clusters[a]), (b, clusters[b])):
            continue
        merged = next_id
        next_id += 1
        inner[merged] = inner.pop(a) + inner.pop(b) + links[a][b]
        events.merged(a, b, merged)
        clusters[merged] = sorted(clusters.pop(a) + clusters.pop(b))
        dates[merged] = dates.pop(a) + dates.pop(b)
        row: dict[int, float] = {}
        for old in (a, b):
            for other, value in links.pop(old).items():
                if other in (a, b):
                    continue
                row[other] = row.get(other, 0.0) + value
                del links[other][old]
        links[merged] = row
        for other, value in sorted(row.items()):
            links[other][merged] = value
            size = len(clusters[merged]) * len(clusters[other])
            heapq.heappush(heap, (-(value / size), *_pair(merged, other)))
    if partition_only:
        return [Group(documents=docs, title="") for docs in clusters.values()]
    return _describe(clusters, by_id, sims, threshold, events=events)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _apart(
    across: float, a: tuple[list[str], float], b: tuple[list[str], float], ratio: float
) -> bool:
    """Whether two groups, each of several documents, are each an event of its own: their
    documents are less similar across (`across`, the average) than `ratio` times the average
    within the looser of them (a reprint and its original are far closer to each other than
    any two reports by different newsrooms are: the looser one is the fair measure). A lone
    report has no spread of its own to compare with."""
    if len(a[0]) < 2 or len(b[0]) < 2:
        return False
    within = min(inner / (len(docs) * (len(docs) - 1) / 2) for docs, inner in (a, b))
    return across < ratio * within


def _span(known: list[date]) -> int:
    return (max(known) - min(known)).days if len(known) > 1 else 0


def describe(
    partition: Sequence[Sequence[str]],
    documents: Sequence[StoryDocument],
    sims: dict[Pair, float],
    threshold: float = THRESHOLD,
    *,
    follows: bool = True,
) -> list[Group]:
    """The stories of a partition `group(..., partition_only=True)` gave, as `group` gives them
    (titles, dates, follow-ups unless not `follows`, in story order), from the same documents
    and links."""
    by_id = {d.id: d for d in documents}
    inside = {
        pair: value for pair, value in sorted(sims.items()) if pair[0] in by_id and pair[1] in by_id
    }
    clusters = dict(enumerate(list(p) for p in partition))
    return _describe(clusters, by_id, inside, threshold, follows=follows)


def _describe(
    clusters: dict[int, list[str]],
    by_id: dict[str, StoryDocument],
    sims: dict[tuple[str, str], float],
    threshold: float,
    *,
    follows: bool = True,
    events: EventGroups | None = None,
) -> list[Group]:
    groups: list[Group] = []
    for members in clusters.values():
        known = sorted(by_id[d].published for d in members if by_id[d].published)  # type: ignore[type-var]
        cohesion = {
            d: (
                sum(sims.get(tuple(sorted((d, o))), 0.0) for o in members if o != d)  # type: ignore[arg-type]
                / (len(members) - 1)
                if len(members) > 1
                else 1.0
            )
            for d in members
        }
        # The most central document that has a headline names the story.
        central = min(members, key=lambda d: (by_id[d].title is None, -cohesion[d], d))
        document = by_id[central]
        title = document.title or _shorten(document.text)
        groups.append(
            Group(
                documents=sorted(members),
                title=title,
                first_published=known[0] if known else None,
                last_published=known[-1] if known else None,
                cohesion=cohesion,
            )
        )
    groups.sort(key=lambda g: (g.first_published or date.max, g.documents[0]))
    if follows:
        _mark_follow_ups(groups, sims, threshold, events)
    return groups


def _shorten(text: str, limit: int = 90) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _mark_follow_ups(
    groups: list[Group],
    sims: dict[tuple[str, str], float],
    threshold: float,
    events: EventGroups | None,
) -> None:
    """A group that would have joined an earlier one but for the dates follows it."""
    group_of = {doc: index for index, g in enumerate(groups) for doc in g.documents}
    spans = {
        index: StorySpan(len(g.documents), g.first_published, g.last_published, g.documents[0])
        for index, g in enumerate(groups)
    }

    def apart(one: int, other: int) -> bool:
        return events is not None and events.apart(
            (("story", one), groups[one].documents), (("story", other), groups[other].documents)
        )

    for later, earlier in follow_ups(
        group_of, spans, sims, threshold=threshold, apart=apart
    ).items():
        groups[later].follows = earlier


@dataclass(frozen=True)
class StorySpan:
    """What deciding which story another follows reads of a story: its size and dates."""

    size: int
    first: date | None
    last: date | None
    first_document: str

    @property
    def order(self) -> tuple[date, str]:
        """Where the story comes in story order: first date, then first document."""
        return (self.first or date.max, self.first_document)


def follow_ups(
    group_of: Mapping[str, int],
    spans: Mapping[int, StorySpan],
    sims: Mapping[Pair, float],
    *,
    later: Iterable[int] | None = None,
    threshold: float = THRESHOLD,
    apart: Callable[[int, int], bool] | None = None,
) -> dict[int, int]:
    """later story -> the earlier story it follows (of `later`, None: every story): the one,
    ended before it began, it would have joined but for the dates (average similarity at
    least `threshold`), the most similar first, then the first in story order. `group_of`
    maps each document of the stories concerned and of every story linked to them; `sims`
    holds at least their links. `apart(later, earlier)`: the two are different events whatever
    their likeness (a neighbouring event is not a later development)."""
    wanted = None if later is None else set(later)
    # Only stories with a linked pair between them can reach the threshold: sum those pairs
    # rather than every pair of stories (the square of the number of stories).
    totals: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), value in sorted(sims.items()):
        first, second = group_of.get(a), group_of.get(b)
        if first is None or second is None or first == second:
            continue
        for one, other in ((first, second), (second, first)):
            if (wanted is None or one in wanted) and _before(spans[other], spans[one]):
                totals[(one, other)] += value
    best: dict[int, tuple[float, int]] = {}
    for (one, other), total in totals.items():
        average = total / (spans[one].size * spans[other].size)
        if average < threshold or (apart is not None and apart(one, other)):
            continue
        if (
            one not in best
            or average > best[one][0]
            or (average == best[one][0] and spans[other].order < spans[best[one][1]].order)
        ):
            best[one] = (average, other)
    return {one: other for one, (_, other) in best.items()}


def _before(earlier: StorySpan, later: StorySpan) -> bool:
    if later.first is None or earlier.last is None:
        return False
    return earlier.last < later.first


def reference_date(published: Sequence[date | None]) -> date | None:
    """The date to read undated documents of a story against: the lower median known date."""
    known = sorted(d for d in published if d is not None)
    return known[(len(known) - 1) // 2] if known else None
