"""Which claims in different documents state the same fact.

`ClaimMatcher` is the seam: anything that turns a story's claims into scored links (this
module's TF-IDF matcher, the older lexical matcher, or later an embedding or model matcher)
plugs in. Both are deterministic: they compare normalised content words and entities, and
refuse to link two claims whose figures or dates disagree (those are conflicts, not
corroboration), whose speakers differ, or where one denies or plans what the other reports.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from summarise.analysis.actors import shared_actors
from summarise.analysis.blocking import pairs_sharing
from summarise.analysis.claim_facts import ClaimFacts, align_figures
from summarise.analysis.event_days import EventDay, event_days, other_names
from summarise.analysis.events import aspects_clash, event_mentions, same_event_aspect
from summarise.analysis.fact_evidence import (
    FIGURE_AGREES,
    MODAL,
    SMALL_FIGURE,
    dates_disagree,
    figure_support,
    other_speaker,
    same_count,
    vetoed,
    workforce,
    year_like,
)
from summarise.analysis.paraphrase import figure_term, name_terms
from summarise.analysis.possibilities import possible_and_told
from summarise.analysis.similarity import Vector, cosine, inverse_frequencies, term_counts, vector
from summarise.analysis.terms import normalise, tokens
from summarise.analysis.verbatim import runs
from summarise.vocabulary import wordset


@dataclass(frozen=True)
class ClaimLink:
    """Two claims (ids in sorted order) that state the same fact, and how sure the matcher is."""

    first: str
    second: str
    score: float
    matcher: str


class ClaimMatcher(Protocol):
    """Finds the claims that state the same fact. Implementations must be deterministic for a
    given input order-independent set of claims, and only link claims of different documents."""

    name: str

    def links(self, claims: Sequence[ClaimFacts]) -> list[ClaimLink]: ...


# Verbs that name an event: two claims reporting the same one about the same named things
# state one fact even in different words ("arrived in Cairo" by two outlets).
EVENT_VERBS = frozenset(
    normalise(w)
    for w in wordset(
        "arrived arrives arrive traveled travelled landed met meets visited vetoed voted "
        "approved signed announced arrested resigned elected suspended delayed imposed "
        "postponed invaded withdrew indicted charged convicted sentenced"
    )
)


FRAGMENT_TERMS = 6  # a claim with fewer terms than this is a fragment...
FRAGMENT_JACCARD = 0.35  # ...and links only when this close to the other claim as a whole


def _jaccard(a: frozenset[str], b: frozenset[str], weights: dict[str, float] | None) -> float:
    union = _weight(a | b, weights)
    return _weight(a & b, weights) / union if union else 0.0


class LexicalMatcher:
    """Links claims by the overlap of their content words and entities, each weighted by how
    rare it is among the claims compared (inverse document frequency), so that two claims
    sharing "Hamas", "Gaza" and "truce" in a story about Hamas, Gaza and a truce do not match.

    score = mean of weighted Jaccard and weighted overlap coefficient: Jaccard rewards
    near-copies, the overlap coefficient a short claim restated inside a longer one. Pairs
    must share `min_shared` terms and reach `threshold`; or, paraphrases of one event, share
    an event verb and `event_entities` names and reach `event_threshold`. Never linked:
    claims whose figures or dates disagree (conflicts), and claims by different speakers.
    """

    name = "lexical-v2"

    def __init__(
        self,
        threshold: float = 0.45,
        min_shared: int = 4,
        event_threshold: float = 0.2,
        event_entities: int = 2,
    ) -> None:
        self.threshold = threshold
        self.min_shared = min_shared
        self.event_threshold = event_threshold
        self.event_entities = event_entities

    def _enough(
        self,
        first: ClaimFacts,
        second: ClaimFacts,
        overlap: float,
        weights: dict[str, float] | None = None,
    ) -> bool:
        if min(len(first.terms), len(second.terms)) < FRAGMENT_TERMS:
            # A fragment ("This is not a problem for the United States.") is contained in many
            # longer claims: containment proves nothing, only closeness as a whole does.
            return _jaccard(first.terms, second.terms, weights) >= FRAGMENT_JACCARD
        if overlap >= self.threshold:
            return True
        if overlap < self.event_threshold:
            return False
        verbs = first.words & second.words & EVENT_VERBS
        if not verbs or len(first.entities & second.entities) < self.event_entities:
            return False
        # A plan ("set to vote to override", "would delay") is not the event itself.
        return _planned(first.text, verbs) == _planned(second.text, verbs)

    def links(self, claims: Sequence[ClaimFacts]) -> list[ClaimLink]:
        by_id = {c.claim_id: c for c in claims}
        weights = term_weights(claims)
        # Each claim's own weight, summed once rather than once per pair it is in.
        totals = {c.claim_id: _weight(c.terms, weights) for c in claims}
        out: list[ClaimLink] = []
        for first_id, second_id in sorted(_candidate_pairs(claims, self.min_shared)):
            first, second = by_id[first_id], by_id[second_id]
            # The word overlap is cheap and rules out most pairs; figures and dates are
            # compared only for pairs whose wording would link them (same result as score()).
            a, b = first.terms, second.terms
            overlap = _overlap(a, b, weights, totals[first_id], totals[second_id])
            if not self._enough(first, second, overlap, weights) or other_speaker(first, second):
                continue
            if align_figures(first, second).disagree or dates_disagree(first, second):
                continue
            out.append(ClaimLink(first_id, second_id, round(overlap, 4), self.name))
        return out

    def score(
        self, first: ClaimFacts, second: ClaimFacts, weights: dict[str, float] | None = None
    ) -> float:
        if first.document_id == second.document_id:
            return 0.0
        a, b = first.terms, second.terms
        shared = a & b
        if len(shared) < self.min_shared:
            return 0.0
        if align_figures(first, second).disagree or dates_disagree(first, second):
            return 0.0
        if other_speaker(first, second):
            return 0.0
        return weighted_overlap(a, b, weights)

    def same_fact(
        self, first: ClaimFacts, second: ClaimFacts, weights: dict[str, float] | None = None
    ) -> bool:
        """Whether `links` would link the two (for measuring precision on labelled pairs)."""
        score = self.score(first, second, weights)
        return score > 0 and self._enough(first, second, score, weights)


PLAN_WINDOW = 6  # tokens before the event verb in which a modal makes it a plan


def _planned(text: str, verbs: frozenset[str]) -> bool:
    """Whether a modal or plan word ("would", "set to", "expected to") governs the event verb."""
    words = tokens(text)
    for index, word in enumerate(words):
        if normalise(word) in verbs:
            return bool(MODAL & set(words[max(0, index - PLAN_WINDOW) : index]))
    return False


def _same_speaker(first: ClaimFacts, second: ClaimFacts) -> bool:
    return bool(first.speaker & second.speaker)


def weighted_overlap(
    a: frozenset[str], b: frozenset[str], weights: dict[str, float] | None = None
) -> float:
    """Mean of the weighted Jaccard and weighted overlap coefficient of two term sets."""
    if not a or not b:
        return 0.0

    return _overlap(a, b, weights, _weight(a, weights), _weight(b, weights))


def _weight(terms: frozenset[str], weights: dict[str, float] | None) -> float:
    return sum(weights.get(t, 1.0) for t in terms) if weights else float(len(terms))


def _overlap(
    a: frozenset[str],
    b: frozenset[str],
    weights: dict[str, float] | None,
    weight_a: float,
    weight_b: float,
) -> float:
    if not a or not b:
        return 0.0
    common = _weight(a & b, weights)
    return (common / _weight(a | b, weights) + common / min(weight_a, weight_b)) / 2


def term_weights(claims: Sequence[ClaimFacts]) -> dict[str, float]:
    """Inverse document frequency of each term over the claims (smoothed, never zero)."""
    frequency: dict[str, int] = defaultdict(int)
    for claim in claims:
        for term in claim.terms:
            frequency[term] += 1
    total = len(claims)
    return {term: math.log(1 + total / count) for term, count in frequency.items()}


_WEEKDAYS = wordset("monday tuesday wednesday thursday friday saturday sunday")
_PLACE = r"\b(?:in|at|to|from|into|near|inside)\s+(?:the\s+)?"


def _same_date(first: ClaimFacts, second: ClaimFacts) -> bool:
    """The same calendar date, or the same weekday ("on Wednesday" / "this Wednesday")."""
    mine = {d.month_day for d in first.dates if d.explicit}
    if mine & {d.month_day for d in second.dates if d.explicit}:
        return True
    return bool(_WEEKDAYS & set(tokens(first.text)) & set(tokens(second.text)))


def _same_place(first: str, second: str, names: frozenset[str]) -> bool:
    """A name both texts give as a place: after "in", "at", "to", "from" ("in Cairo")."""
    for name in names:
        pattern = re.compile(_PLACE + re.escape(name) + r"\b", re.IGNORECASE)
        if pattern.search(first) and pattern.search(second):
            return True
    return False


def _candidate_pairs(
    claims: Sequence[ClaimFacts],
    min_shared: int,
    terms: Sequence[frozenset[str]] | None = None,
) -> set[tuple[str, str]]:
    """Pairs from different documents sharing at least `min_shared` terms (the claims' own
    `terms`, or the given term sets, one per claim)."""
    sets = terms if terms is not None else [c.terms for c in claims]
    shared = pairs_sharing(
        [(c.document_id, t) for c, t in zip(claims, sets, strict=True)], min_shared=min_shared
    )
    return {
        (a, b) if a < b else (b, a)
        for a, b in ((claims[i].claim_id, claims[j].claim_id) for i, j in shared)
    }


def neighbours(links: Iterable[ClaimLink]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for link in links:
        out[link.first].add(link.second)
        out[link.second].add(link.first)
    return out


TFIDF_GATE = 0.45  # cosine (plus figure support) from which two claims state one fact
TFIDF_LOW = 0.25  # ...or this, when words other than names carry DEED_GATE of the cosine
DEED_GATE = 0.25
DEED_TERMS = 3  # ...in at least this many shared words
CLOSE_WORDING = 0.55  # from this cosine the wording alone links, names and all
NAMES_ALONE = 0.1  # under it, words that are not names carry at least this of the cosine
TFIDF_EVENT = 0.2  # ...or this, for two reports of one event verb about the same names
EVENT_ENTITIES = 2
TFIDF_FRAGMENT = 0.6  # a fragment must be this close: containment in a long claim proves little


class TfidfMatcher:
    """Links claims whose TF-IDF vectors (sublinear term frequency, inverse frequencies over
    the story's claims) have cosine >= `gate`, unless a veto says they are two facts:

    - figures or explicit dates disagree (a conflict, not corroboration);
    - both name a speaker and they are different people (two statements);
    - one is negated ("did not", "denied") and the other is not;
    - one is a plan, offer or possibility ("would", "plans to") and the other is not.

    Two reports of one event need only `event_gate`: the same event verb with the same aspect
    (both report it done, or both plan it; `analysis/events.py`), two names in common and a
    third (the place) or the same explicit date. An event and a plan of it never link.
    Claims with fewer than `FRAGMENT_TERMS` terms must reach `fragment_gate` instead.
    Candidate pairs share at least `min_shared` terms (an inverted index, not all pairs).
    """

    name = "tfidf-v2"

    def __init__(
        self,
        gate: float = TFIDF_GATE,
        fragment_gate: float = TFIDF_FRAGMENT,
        event_gate: float = TFIDF_EVENT,
        min_shared: int = 2,
        low_gate: float = TFIDF_LOW,
    ) -> None:
        self.gate = gate
        self.low_gate = low_gate
        self.event_gate = event_gate
        self.fragment_gate = fragment_gate
        self.min_shared = min_shared

    def links(self, claims: Sequence[ClaimFacts]) -> list[ClaimLink]:
        by_id = {c.claim_id: c for c in claims}
        bags = [term_counts(c) for c in claims]
        idf = inverse_frequencies(bags)
        vectors = {c.claim_id: vector(bag, idf) for c, bag in zip(claims, bags, strict=True)}
        out: list[ClaimLink] = []
        terms = [frozenset(bag) for bag in bags]
        term_sets = {c.claim_id: t for c, t in zip(claims, terms, strict=True)}
        runs_of = {c.claim_id: runs(c.text) for c in claims}
        # A distinctive count shared is worth two shared words in finding candidates: "220
        # people" may be all two reports of one fact have in common (see `same_count`).
        counts_of = {c.claim_id: _count_keys(c) for c in claims}
        # Without a shared count or run of words, a pair's score is its cosine, and no rule
        # links below the lowest of the gates.
        floor = min(self.gate, self.low_gate, self.event_gate)
        # One event on one resolved day is worth two shared words as well (`event_days`).
        days_of = {c.claim_id: event_days(c) for c in claims}
        # ...and so is one workforce size ("employs 600 workers" / "its 600 staff").
        staff_of = {c.claim_id: workforce(c.text) for c in claims}
        keys = [
            t
            | counts_of[c.claim_id]
            | _day_keys(days_of[c.claim_id])
            | {f"staff{v:g}{mark}" for v in staff_of[c.claim_id] for mark in ("", "!")}
            for c, t in zip(claims, terms, strict=True)
        ]
        for first_id, second_id in sorted(_candidate_pairs(claims, self.min_shared, keys)):
            first, second = by_id[first_id], by_id[second_id]
            near = cosine(vectors[first_id], vectors[second_id])
            quoted = bool(runs_of[first_id] & runs_of[second_id])  # analysis/verbatim.py
            same_day = bool(days_of[first_id] & days_of[second_id]) and not other_names(
                first, second
            )
            if (
                near < floor
                and not quoted
                and not counts_of[first_id] & counts_of[second_id]
                and not same_day
                and not staff_of[first_id] & staff_of[second_id]
            ):
                continue  # no rule links this pair: its figures are not worth comparing
            counted = figure_support(first, second)
            score = near + counted + SAME_WORDS * quoted
            anchored = same_count(
                first, second, term_sets[first_id] & term_sets[second_id], bool(counted)
            )
            staff = bool(staff_of[first_id] & staff_of[second_id])
            if (
                not self._by_wording(first, second, near, score, quoted or bool(counted), vectors)
                and not self._same_deed(first, second, score, vectors[first_id], vectors[second_id])
                and not self._one_event(first, second, score)
                and not (anchored and near + FIGURE_AGREES >= ANCHOR_GATE)
                and not (same_day and near > EVENT_DAY_GATE)
                and not staff
            ):
                continue
            # One count told by two speakers is corroboration, not two statements.
            if vetoed(first, second, corroborated=anchored or staff):
                continue
            if not (anchored or staff) and not _deed_words(first, second, term_sets):
                continue  # the same names and nothing else: the same topic, not one fact
            # Only wording makes a copy (one source, see output/summary/points.py): a shared
            # figure raises the link, never to a copy's score.
            score = near if near >= COPY_WORDING else min(score, COPY_WORDING - 0.01)
            out.append(ClaimLink(first_id, second_id, round(score, 4), self.name))
        return out

    def _by_wording(
        self,
        first: ClaimFacts,
        second: ClaimFacts,
        near: float,
        score: float,
        evidence: bool,
        vectors: dict[str, Vector],
    ) -> bool:
        """The main gate. Under `CLOSE_WORDING`, and with no shared figure or quoted run, the
        likeness must not be the names alone: words that are not names must carry `NAMES_ALONE`
        of the cosine ("Kim will meet Moon" and "Kim prepares to announce plans at his meeting
        with Moon" share the two names and little else: the same people, another fact)."""
        if score < self._gate(first, second):
            return False
        if near >= CLOSE_WORDING or evidence:
            return True
        _, mass = _deed_share(first, second, vectors[first.claim_id], vectors[second.claim_id])
        return mass >= NAMES_ALONE

    def _same_deed(
        self, first: ClaimFacts, second: ClaimFacts, score: float, mine: Vector, theirs: Vector
    ) -> bool:
        """Close enough (`low_gate`) and alike in what they say happened, not only in whom
        they name: the part of the cosine carried by words that are not names or numbers
        reaches `DEED_GATE`. A possibility and a fact sharing only `DEED_TERMS` such words,
        with no day or voice in common, are two facts (`possibilities.possible_and_told`).
        Two claims naming the same people and places ("the harbour board
        and the port union ...") are the same topic; the false links of every matcher
        measured were same topic, another fact."""
        if score < self.low_gate or min(len(first.terms), len(second.terms)) < FRAGMENT_TERMS:
            return False
        count, mass = _deed_share(first, second, mine, theirs)
        if count == DEED_TERMS and possible_and_told(first, second):
            return False  # a plan and a deed sharing three topic words: two facts
        return count >= DEED_TERMS and mass >= DEED_GATE

    def _one_event(self, first: ClaimFacts, second: ClaimFacts, score: float) -> bool:
        """Paraphrases of one event: the same event verb ("arrived", "vetoed") in the same
        aspect, about the same names and place or date, and words close enough (`event_gate`)."""
        if score < self.event_gate or min(len(first.terms), len(second.terms)) < FRAGMENT_TERMS:
            return False
        if not same_event_aspect(first.text, second.text):
            return False
        if aspects_clash(first.text, second.text):
            return False  # "met" / "will meet": one event and a plan of another
        shared = first.entities & second.entities
        if len(shared) >= EVENT_ENTITIES and (
            _same_place(first.text, second.text, shared) or _same_date(first, second)
        ):
            return True
        # The same actors are not enough alone ("the two ministers met" twice, months apart):
        # the event needs the same place ("in Cairo" in both) or the same date, or wording
        # close enough (`low_gate`) that the same actors did the same deed however each
        # outlet capitalises and titles them ("Inspector Tova Renn Met With Mayor ...").
        # Only for deeds both outlets report as done in their own voice: a statement ("the
        # group stated that X arrived 'to hold talks ...'") says more than the deed, and a
        # plan may be another meeting.
        return (
            score >= self.low_gate
            and not (first.speaker or second.speaker)
            and bool(_done_events(first.text) & _done_events(second.text))
            and shared_actors(first, second) >= EVENT_ENTITIES
        )

    def _gate(self, first: ClaimFacts, second: ClaimFacts) -> float:
        short = min(len(first.terms), len(second.terms)) < FRAGMENT_TERMS
        # A short remark and a longer report of it by the same named speaker ("They do have
        # my blessing," Mr. Kaur said) are one statement: the speaker, not the containment,
        # carries the link.
        return self.fragment_gate if short and not _same_speaker(first, second) else self.gate


def _done_events(text: str) -> frozenset[str]:
    return frozenset(m.lemma for m in event_mentions(text) if m.aspect == "done")


def _deed_share(
    first: ClaimFacts, second: ClaimFacts, mine: Vector, theirs: Vector
) -> tuple[int, float]:
    """How many shared terms are not names (as both write them) nor numbers, and the part of
    the cosine they carry."""
    names = name_terms(first) & name_terms(second)
    shared = [t for t in mine if t in theirs and t not in names and not t.startswith("#")]
    return len(shared), sum(mine[t] * theirs[t] for t in shared)


def _deed_words(
    first: ClaimFacts, second: ClaimFacts, term_sets: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The terms both claims share that are not names (as both write them) nor numbers."""
    names = name_terms(first) & name_terms(second)
    shared = term_sets[first.claim_id] & term_sets[second.claim_id]
    return frozenset(t for t in shared if t not in names and not t.startswith("#"))


def _day_keys(days: frozenset[EventDay]) -> frozenset[str]:
    return frozenset(f"@{d.concept}:{d.day}{mark}" for d in days for mark in ("", "!"))


def _count_keys(claim: ClaimFacts) -> frozenset[str]:
    return frozenset(
        f"{figure_term(f.value)}!"
        for f in claim.figures
        if f.value >= SMALL_FIGURE and not year_like(f.value)
    )


# Two claims stating one distinctive count (`same_count`) link from this cosine plus
# FIGURE_AGREES, fragments too: the count carries what the words do not.
ANCHOR_GATE = 0.3
SAME_WORDS = 0.2  # a run of words quoted alike: like a shared count, completes a link
# Two claims telling one event on one resolved day (`event_days`) link from this cosine: the
# event word itself is most of what they may share ("walked off the job on Friday" / "the
# stoppage began on Friday, June 4").
EVENT_DAY_GATE = 0.0
COPY_WORDING = 0.8  # cosine from which two claims read as one copy carried by two outlets
