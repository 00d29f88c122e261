"""Grouping a story's points under topics, deterministically (the "More detail" section).

A topic is a name or an event noun that several points share ("Security Council", "truce").
Pronouns, reporting verbs and other words that open sentences in capitals ("It", "Wrote",
"Don't") are never titles.
Topics are picked greedily: the term that covers the most points not yet covered, as long as
it covers at least two and is not in too many points (then it names the story, not a topic);
names win ties over words. Points no topic covers go under "Other points". Topics appear in
the order of their earliest point, and each keeps its points in timeline order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from summarise.analysis.conflict_detection import EVENT_NOUNS
from summarise.analysis.terms import STOPWORDS, entities, normalise, words
from summarise.output.summary.model import Point, Topic
from summarise.vocabulary import wordset

MAX_TOPICS = 8
MIN_POINTS = 2
MAX_SHARE = 0.3  # a term in more points than this says what the story is, not a topic
MIN_WORD_CHARS = 4  # "vote", "raid", "deal": event nouns are short
# "Israeli", "Egyptian", "Qatari": adjectives of nationality describe, they do not name a topic.
_DEMONYM = re.compile(r"^[a-z]+(?:ian|ean|ese|ish|i)$")
# Reporting and hedging words that say how something was said, not what about.
_NOT_TOPICS = frozenset(
    normalise(w)
    for w in wordset(
        "added stressed assured indicated warned believes believed pointed reported claimed "
        "confirmed expressed highlighted insists noted announced explained statement source "
        "sources official officials comes going things would could"
    )
)
OTHER = "Other points"
# Capitalised at the start of a sentence without naming anything.
NEVER_TITLES = STOPWORDS | wordset(
    "i we you he she it they me him her us them this that these those there here what who "
    "don't doesn't didn't won't can't isn't wasn't it's i'm we're they're he's she's "
    "wrote writes write said says say told tells tell added adds stated states noted notes "
    "reported reports claimed claims asked asks according explained announced warned "
    "insisted argued believed believes thought thinks called calls meanwhile however yes "
    "no mr mrs ms dr sir now then so but and or still also just even only because while "
    "speaking asked earlier later today yesterday tomorrow"
)


def topics_for(points: Sequence[Point]) -> list[Topic]:
    """`points` in timeline order -> topics, each with its points in that order."""
    if len(points) < 2 * MIN_POINTS:
        return [Topic(title="Key points", points=list(points))] if points else []
    terms, surface = _terms(points)
    limit = max(MIN_POINTS, int(len(points) * MAX_SHARE))
    frequency = Counter(term for found in terms for term in found)
    uncovered = set(range(len(points)))
    chosen: list[tuple[str, list[int]]] = []
    while uncovered and len(chosen) < MAX_TOPICS:
        tally: dict[str, list[int]] = {}
        for index in sorted(uncovered):
            for term in terms[index]:
                tally.setdefault(term, []).append(index)
        candidates = [
            (term, members)
            for term, members in tally.items()
            if len(members) >= MIN_POINTS and frequency[term] <= limit
        ]
        if not candidates:
            break
        # Most points first; then names before words, longer names first; then alphabetical.
        term, members = min(
            candidates,
            key=lambda c: (-len(c[1]), not c[0].startswith("e:"), -c[0].count(" "), c[0]),
        )
        chosen.append((term, members))
        uncovered -= set(members)
    topics = [
        Topic(title=surface[term], points=[points[i] for i in members]) for term, members in chosen
    ]
    if uncovered:
        topics.append(Topic(title=OTHER, points=[points[i] for i in sorted(uncovered)]))
    order = {p.id: i for i, p in enumerate(points)}
    topics.sort(key=lambda t: (t.title == OTHER, min(order[p.id] for p in t.points)))
    return topics


def _terms(points: Sequence[Point]) -> tuple[list[set[str]], dict[str, str]]:
    """Each point's candidate terms (names prefixed "e:"), and how to show each term."""
    forms: dict[str, Counter[str]] = {}
    found: list[set[str]] = []
    for point in points:
        mine: set[str] = set()
        for entity in entities(point.text):
            if not _DEMONYM.match(entity) and not _never_title(entity):
                mine.add("e:" + entity)
                forms.setdefault("e:" + entity, Counter())[_as_written(point.text, entity)] += 1
        for word in words(point.text):
            lower = word.lower()
            if len(lower) < MIN_WORD_CHARS or lower in STOPWORDS or not word.islower():
                continue
            term = normalise(word)
            if term in _NOT_TOPICS or term not in EVENT_NOUNS:
                continue  # only events name a topic among common words
            mine.add(term)
            forms.setdefault(term, Counter())[lower] += 1
        found.append(mine)
    surface = {
        term: _title(min(counts, key=lambda form: (-counts[form], form)))
        for term, counts in forms.items()
    }
    return found, surface


def _never_title(entity: str) -> bool:
    words_ = entity.replace("’", "'").split()
    return all(w in NEVER_TITLES or len(w) < 2 for w in words_)


def _as_written(text: str, entity: str) -> str:
    at = text.lower().find(entity)
    return text[at : at + len(entity)] if at >= 0 else entity.title()


def _title(form: str) -> str:
    return form[:1].upper() + form[1:]
