"""Grouping documents into stories: the same events reported by different outlets.

Deterministic average-linkage clustering over TF-IDF vectors of each document's content
words and named entities, merging the most similar pair of groups first while their average
similarity reaches `threshold`, and never letting a group's known publication dates span more
than `max_span_days` (a follow-up two months later is its own story, marked as following the
first). Only documents sharing several distinctive terms are ever compared, through an
inverted index, so grouping stays fast on tens of thousands of documents.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from summarise.analysis.blocking import nearest_sharing
from summarise.analysis.terms import STOPWORDS, entities, normalise, words

THRESHOLD = 0.21
MAX_SPAN_DAYS = 21
EXHAUSTIVE_UP_TO = 200  # documents up to which every pair is compared
INDEX_TERMS = 40  # beyond that, each document's heaviest terms find its neighbours:
NEIGHBOURS = 30  # the documents sharing most weight of them, so pairs grow as n x NEIGHBOURS
MAX_POSTINGS = 150  # a term in more documents than that says nothing about which belong together
# A story is told in an article's opening; reading further costs time and adds noise.
TEXT_CHARS = 20_000
LEAD_CHARS = 1500  # the opening paragraphs count twice
TITLE_WEIGHT = 2  # and the headline (itself the first line) three times


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


def vectors(documents: Sequence[StoryDocument]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors: normalised content words, and entities (prefixed `e:`)."""
    counts: dict[str, Counter[str]] = {}
    for document in documents:
        # The headline and the opening paragraphs say what the story is: they count more.
        title = (document.title + "\n") * TITLE_WEIGHT if document.title else ""
        text = title + document.text[:LEAD_CHARS] + "\n" + document.text[:TEXT_CHARS]
        tally: Counter[str] = Counter()
        for word in words(text):
            lower = word.lower()
            if len(lower) > 2 and lower not in STOPWORDS:
                tally[normalise(word)] += 1
        for entity in entities(text):
            tally["e:" + entity] += 1
        counts[document.id] = tally
    frequency: Counter[str] = Counter()
    for tally in counts.values():
        frequency.update(tally.keys())
    total = len(documents)
    out: dict[str, dict[str, float]] = {}
    for doc_id, tally in counts.items():
        weights = {
            term: (1 + math.log(n)) * (math.log((1 + total) / (1 + frequency[term])) + 1)
            for term, n in tally.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out[doc_id] = {term: w / norm for term, w in weights.items()}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def similarities(vecs: dict[str, dict[str, float]]) -> dict[tuple[str, str], float]:
    """Cosine similarity of document pairs (those `candidate_pairs` names)."""
    ids = sorted(vecs)
    out: dict[tuple[str, str], float] = {}
    for i, j in candidate_pairs(vecs):
        value = cosine(vecs[ids[i]], vecs[ids[j]])
        if value > 0:
            out[(ids[i], ids[j])] = value
    return out


def candidate_pairs(vecs: dict[str, dict[str, float]]) -> list[tuple[int, int]]:
    """Pairs of positions in sorted(vecs) worth a cosine: every pair in a small collection; in
    a large one, each document's NEIGHBOURS nearest by its INDEX_TERMS heaviest terms (through
    an inverted index), so the count grows with n, not n squared, even when every document
    of a templated batch shares most of its vocabulary."""
    ids = sorted(vecs)
    if len(ids) <= EXHAUSTIVE_UP_TO:
        return [(i, j) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    heavy = [sorted(vecs[doc_id].items(), key=_heaviest)[:INDEX_TERMS] for doc_id in ids]
    return sorted(nearest_sharing(heavy, neighbours=NEIGHBOURS, max_postings=MAX_POSTINGS))


def _heaviest(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def group(
    documents: Sequence[StoryDocument],
    *,
    threshold: float = THRESHOLD,
    max_span_days: int = MAX_SPAN_DAYS,
) -> list[Group]:
    """Stories among `documents`, ordered by first publication date then first document id."""
    by_id = {d.id: d for d in documents}
    vecs = vectors(documents)
    sims = similarities(vecs)
    clusters: dict[int, list[str]] = {i: [d] for i, d in enumerate(sorted(by_id))}
    cluster_of = {doc: i for i, docs in clusters.items() for doc in docs}
    dates: dict[int, list[date]] = {
        i: [by_id[d].published] if by_id[d].published else [] for i, (d,) in clusters.items()
    }
    # links[c][o]: the sum of similarities between the documents of clusters c and o.
    links: dict[int, dict[int, float]] = defaultdict(dict)
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
        merged = next_id
        next_id += 1
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
    return _describe(clusters, by_id, sims, threshold)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _span(known: list[date]) -> int:
    return (max(known) - min(known)).days if len(known) > 1 else 0


def _describe(
    clusters: dict[int, list[str]],
    by_id: dict[str, StoryDocument],
    sims: dict[tuple[str, str], float],
    threshold: float,
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
    _mark_follow_ups(groups, sims, threshold)
    return groups


def _shorten(text: str, limit: int = 90) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _mark_follow_ups(
    groups: list[Group], sims: dict[tuple[str, str], float], threshold: float
) -> None:
    """A group that would have joined an earlier one but for the dates follows it."""
    # Only groups with a compared pair between them can reach the threshold: sum those pairs
    # rather than every pair of groups (the square of the number of stories).
    group_of = {doc: index for index, g in enumerate(groups) for doc in g.documents}
    totals: dict[tuple[int, int], float] = defaultdict(float)
    for (a, b), value in sorted(sims.items()):
        first, second = group_of[a], group_of[b]
        if first != second:
            totals[(max(first, second), min(first, second))] += value
    candidates_best: dict[int, tuple[float, int]] = {}
    for (later_index, earlier_index), total in sorted(totals.items()):
        later, earlier = groups[later_index], groups[earlier_index]
        if later.first_published is None or earlier.last_published is None:
            continue
        if earlier.last_published >= later.first_published:
            continue
        average = total / (len(later.documents) * len(earlier.documents))
        best = candidates_best.get(later_index)
        if average >= threshold and (best is None or average > best[0]):
            candidates_best[later_index] = (average, earlier_index)
    for later_index, (_, earlier_index) in candidates_best.items():
        groups[later_index].follows = earlier_index


def reference_date(published: Sequence[date | None]) -> date | None:
    """The date to read undated documents of a story against: the lower median known date."""
    known = sorted(d for d in published if d is not None)
    return known[(len(known) - 1) // 2] if known else None
