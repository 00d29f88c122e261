"""What a report says happened, apart from who and where: the words of its headline and opening
paragraphs that are not names.

Neighbouring events share their names: a leak at a plant and a pay strike at the same plant,
the same week, in the same town, under the same mayor, told by the same outlets (often by the
same reporter), each report mentioning the other event in passing. Over all its terms a report
of one is nearly as close to a report of the other as to its own event's other reports, since
names are the rarest and so the heaviest terms. What the two events differ in is what
happened: "ammonia", "leak", "hospital" against "pay", "walked out", "union", said in the
headline and the opening paragraphs. Story grouping (`EventGroups.apart`, below) compares
two groups of reports on these words too, and keeps them apart when they share far fewer of
them across than each group's reports share within.

A name is a word the opening only ever writes with a capital ("Tarnby", "Voss"): a word also
written in lower case somewhere ("police", "strike") is a common word, even where it opens a
sentence. Weights are the grouping's fixed background weights, so a report's event words
depend on its own text only, whatever else the archive holds.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence

from summarise.analysis import background
from summarise.analysis.terms import STOPWORDS, normalise, words

# The headline and about the first three paragraphs: where a report says what happened.
OPENING_CHARS = 700
HEADLINE_WEIGHT = 2  # the headline (itself the first line) counts three times

Vector = dict[str, float]

# Two groups of reports (`grouping.group`) stay apart when they share less than this many times
# the words of what happened that the looser of them shares within.
EVENT_RATIO = 0.7
EVENT_SUMS_KEPT = 4096  # groups whose event sums are kept between merges (the rest recomputed)


def event_vector(opening: str, title: str | None = None) -> Vector:
    """Unit-length weighted vector of the normalised words of `opening` (the report's first
    OPENING_CHARS characters) that are not names, the headline `title` counting more; empty
    when there are none."""
    opening = opening[:OPENING_CHARS]
    written = words(opening)
    lower_case = {word.lower() for word in written if not word[0].isupper()}
    heading = ((title + "\n") * HEADLINE_WEIGHT) if title else ""
    tally: Counter[str] = Counter()
    for word in [*words(heading), *written]:
        lower = word.lower()
        if len(lower) > 2 and lower not in STOPWORDS and lower in lower_case:
            tally[normalise(word)] += 1
    weights = {term: (1 + math.log(n)) * background.weight(term) for term, n in tally.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if not norm:
        return {}
    return {term: w / norm for term, w in weights.items()}


class EventSum:
    """The sum of a group's event vectors, from which the average similarity within the group
    and across to another group follow without comparing every pair: for unit vectors, the
    sum of all pairwise dot products within is (|S|^2 - n) / 2, and across is S_a . S_b."""

    __slots__ = ("count", "total", "unit")

    def __init__(self, total: Vector | None = None, count: int = 0, unit: int = 0) -> None:
        self.total: Vector = total if total is not None else {}
        self.count = count  # documents summed
        self.unit = unit  # of which with any event word (a unit vector)

    @classmethod
    def of(cls, vectors: list[Vector]) -> EventSum:
        out = cls()
        for vec in vectors:
            out.count += 1
            if vec:
                out.unit += 1
                for term, weight in vec.items():
                    out.total[term] = out.total.get(term, 0.0) + weight
        return out

    def plus(self, other: EventSum) -> EventSum:
        small, large = sorted((self.total, other.total), key=len)
        total = dict(large)
        for term, weight in small.items():
            total[term] = total.get(term, 0.0) + weight
        return EventSum(total, self.count + other.count, self.unit + other.unit)

    def within(self) -> float:
        """The average event similarity over the pairs of the group's documents."""
        if self.count < 2:
            return 0.0
        square = sum(w * w for w in self.total.values())
        return (square - self.unit) / (self.count * (self.count - 1))

    def across(self, other: EventSum) -> float:
        """The average event similarity over the pairs with one document in each group."""
        if not self.count or not other.count:
            return 0.0
        small, large = sorted((self.total, other.total), key=len)
        dot = sum(w * large[t] for t, w in small.items() if t in large)
        return dot / (self.count * other.count)


class EventGroups:
    """Each group's sum of event vectors (`analysis/event_words.py`), computed when the group is
    first compared and carried through its merges (at most EVENT_SUMS_KEPT kept; the rest are
    read again), to tell two groups of reports of neighbouring events apart."""

    def __init__(
        self,
        titles: Mapping[str, str | None],
        read: Callable[[Sequence[str]], Mapping[str, str]],
        *,
        ratio: float = EVENT_RATIO,
    ) -> None:
        self.titles = titles
        self.read = read
        self.ratio = ratio
        self.sums: OrderedDict[object, EventSum] = OrderedDict()

    def apart(self, a: tuple[object, Sequence[str]], b: tuple[object, Sequence[str]]) -> bool:
        """Whether two groups (key, documents) of several documents each share fewer words of
        what happened across than `ratio` times the looser of them within."""
        if len(a[1]) < 2 or len(b[1]) < 2:
            return False
        first, second = self.sum_of(*a), self.sum_of(*b)
        within = min(first.within(), second.within())
        return within > 0 and first.across(second) < self.ratio * within

    def merged(self, a: object, b: object, merged: object) -> None:
        first, second = self.sums.pop(a, None), self.sums.pop(b, None)
        if first is not None and second is not None:
            self._keep(merged, first.plus(second))

    def sum_of(self, key: object, members: Sequence[str]) -> EventSum:
        found = self.sums.get(key)
        if found is None:
            texts = self.read(members)
            found = EventSum.of(
                [event_vector(texts.get(d, ""), self.titles.get(d)) for d in members]
            )
            self._keep(key, found)
        else:
            self.sums.move_to_end(key)
        return found

    def _keep(self, key: object, value: EventSum) -> None:
        self.sums[key] = value
        if len(self.sums) > EVENT_SUMS_KEPT:
            self.sums.popitem(last=False)
