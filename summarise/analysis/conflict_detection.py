"""Claims that disagree: the same quantity or the same event's date with different values.

Quantities: two claims from different documents of one story, both stating facts (not
proposals or conditions), that are about the same thing (they share an agreeing figure or an
explicit date, or their wording overlaps), each with a figure counting the same thing (same or
synonymous noun, same action: released, killed, held...) but with different values. Two claims
of one document disagree only when they name different speakers ("the union said ...",
"the company said ..."). Only values a claim states disagree: a capacity or workforce
("employs 5,800"), another time's figure, a part of a total, a value given as the earlier
one or struck as wrong (figure_facts' roles) is never a side, as in the key figures.

Figures at different times (figure_tracking.report_slots: different days, or an undated
report placed after the dated one it follows) are updates, not conflicts: a later report
with a new value ("40 injured" on Thursday after "25 injured" on Monday) is the news moving
on, and the summary shows it as the figure's history (see figure_tracking). A disagreement
that a later report of the same quantity has moved past (Monday: 41,500 against 56,000;
Wednesday: 9,200) is history too, not an open conflict.

Dates: claims naming the same event ("the Hamas attack", "its October 7 attack") on different
calendar dates.

Every disagreeing pair is an edge; connected figures form one conflict listing all values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from summarise.analysis.blocking import pairs_sharing
from summarise.analysis.claim_facts import Alignment, ClaimFacts, align_figures
from summarise.analysis.corroboration import term_weights, weighted_overlap
from summarise.analysis.figure_facts import ACTIONS, FigureFact, same_value
from summarise.analysis.figure_tracking import Slot, different_voices, report_slots
from summarise.analysis.terms import normalise
from summarise.models import short_hash
from summarise.vocabulary import PAST_TENSE, wordset

RELATED_OVERLAP = 0.25  # wording overlap that makes two figure claims "about the same thing"
EVENT_NOUNS = frozenset(
    normalise(w)
    for w in wordset(
        "attack raid strike bombing truce ceasefire war offensive invasion election vote "
        "referendum meeting summit visit deal agreement shooting explosion blast massacre "
        "arrest crash earthquake protest speech hearing trial verdict resignation incursion "
        "assault ambush uprising coup"
    )
)
_EVENT_WINDOW_BEFORE = 5
_EVENT_WINDOW_AFTER = 2


class ConflictKind(StrEnum):
    QUANTITY = "quantity"
    DATE = "date"


@dataclass(frozen=True)
class ConflictMember:
    claim_id: str
    document_id: str
    value: str  # as the claim states it: "110 hostages", "September 7"
    value_key: str  # what equal values share: "110", "09-07"


@dataclass(frozen=True)
class DetectedConflict:
    kind: ConflictKind
    subject: str  # what the values are of: "hostages released", "attack (date)"
    members: tuple[ConflictMember, ...]

    @property
    def key(self) -> str:
        """Stable across recomputation while the same claims disagree about the same thing."""
        claims = sorted({m.claim_id for m in self.members})
        return f"{self.kind.value}:{self.subject}:{short_hash(*claims)}"

    @property
    def values(self) -> list[str]:
        return sorted({m.value_key for m in self.members}, key=_value_order)


def _value_order(key: str) -> tuple[float, str]:
    try:
        return (float(key), key)
    except ValueError:
        return (0.0, key)


def detect(
    claims: Sequence[ClaimFacts], published: Mapping[str, date | None]
) -> list[DetectedConflict]:
    """All conflicts among one story's claims, in a stable order."""
    found = _quantity_conflicts(claims, published) + _date_conflicts(claims)
    return sorted(found, key=lambda c: (c.kind.value, c.subject, c.key))


# -- quantities ---------------------------------------------------------------------------


Node = tuple[str, int]  # (claim id, index of the figure in the claim)


def _quantity_conflicts(
    claims: Sequence[ClaimFacts], published: Mapping[str, date | None]
) -> list[DetectedConflict]:
    stated = [c for c in claims if c.figures and not c.hypothetical]
    slots = report_slots(((c.document_id, f) for c in claims for f in c.figures), published)
    weights = term_weights(claims)
    # Only pairs that could be related are compared: they share a figure's value, an explicit
    # date, or enough words for RELATED_OVERLAP.
    keys = [
        (
            c.document_id,
            [("figure", f.value) for f in c.figures if f.counts]
            + [("date", d.month_day) for d in c.dates if d.explicit]
            + [("term", t) for t in c.terms],
        )
        for c in stated
    ]
    # Figures only ever align when something happened to both alike (see compatibility):
    # pairs without a shared action among their counted figures are not aligned at all.
    actions = [frozenset(f.action for f in c.figures if f.counts) for c in stated]
    alignments: dict[tuple[int, int], Alignment] = {}
    for i, j in sorted(pairs_sharing(keys, min_shared=1)):
        first, second = stated[i], stated[j]
        if not actions[i] & actions[j] or not _two_voices(first, second):
            continue
        if not _far_apart(first, second, slots):
            alignments[(i, j)] = align_figures(first, second)
    parent: dict[Node, Node] = {}
    disagreeing: set[Node] = set()
    for (i, j), alignment in alignments.items():
        first, second = stated[i], stated[j]
        if not alignment.disagree or not _related(first, second, alignment.agree, weights):
            continue
        for a, b in alignment.disagree:
            if a.role or b.role:
                continue  # a capacity, another time's, an earlier or struck value, a part
            na, nb = _node(first, a), _node(second, b)
            _union(parent, na, nb)
            disagreeing |= {na, nb}
        for a, b in alignment.agree:
            if a.role or b.role:
                continue
            if a.counts and (_node(first, a) in parent or _node(second, b) in parent):
                _union(parent, _node(first, a), _node(second, b))
    # A second pass lets agreeing figures join a conflict found after them.
    for (i, j), alignment in alignments.items():
        first, second = stated[i], stated[j]
        for a, b in alignment.agree:
            na, nb = _node(first, a), _node(second, b)
            if a.role or b.role:
                continue
            if (na in parent) != (nb in parent) and _related(first, second, (), weights):
                _union(parent, na, nb)
    components: dict[Node, list[Node]] = defaultdict(list)
    for node in parent:
        components[_root(parent, node)].append(node)
    by_id = {c.claim_id: c for c in stated}
    out: list[DetectedConflict] = []
    for nodes in components.values():
        if not any(n in disagreeing for n in nodes):
            continue
        members = []
        for claim_id, index in sorted(nodes):
            figure = by_id[claim_id].figures[index]
            members.append(
                ConflictMember(
                    claim_id, by_id[claim_id].document_id, figure.label(), _number(figure.value)
                )
            )
        figures = [by_id[c].figures[i] for c, i in nodes]
        if len({m.value_key for m in members}) > 1 and not _moved_past(
            [m.document_id for m in members], figures, stated, slots
        ):
            out.append(DetectedConflict(ConflictKind.QUANTITY, _subject(figures), tuple(members)))
    return out


def _node(claim: ClaimFacts, figure: FigureFact) -> Node:
    return (claim.claim_id, claim.figures.index(figure))


def _two_voices(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Claims of different documents, or of one document naming different speakers."""
    if first.document_id != second.document_id:
        return True
    return different_voices(first.speaker, second.speaker)


def _far_apart(first: ClaimFacts, second: ClaimFacts, slots: Mapping[str, Slot | None]) -> bool:
    """At different times (see figure_tracking.report_slots); an undated report nobody
    placed is as of any time, so it can dispute."""
    a, b = slots.get(first.document_id), slots.get(second.document_id)
    return a is not None and b is not None and a != b


def _moved_past(
    documents: Sequence[str],
    figures: Sequence[FigureFact],
    stated: Sequence[ClaimFacts],
    slots: Mapping[str, Slot | None],
) -> bool:
    """Whether a later report states the disputed quantity with a value of its own: the
    dispute is then history (the summary leads with the later value), not a conflict to
    settle. A later report repeating one side ("the union, which says 2,300 are out")
    leaves the dispute standing, as the key figures do (figure_tracking.standing_dispute)."""
    times = [t for d in documents if (t := slots.get(d)) is not None]
    if not times:
        return False
    when = max(times)
    quantities = {f.quantity() for f in figures}
    return any(
        (later := slots.get(claim.document_id)) is not None
        and later > when
        and any(
            f.counts
            and not f.role
            and f.quantity() in quantities
            and not any(same_value(f, side) for side in figures)
            for f in claim.figures
        )
        for claim in stated
    )


def _related(
    first: ClaimFacts,
    second: ClaimFacts,
    agree: Sequence[tuple[FigureFact, FigureFact]],
    weights: dict[str, float],
) -> bool:
    if any(a.counts for a, _ in agree):
        return True
    mine = {d.month_day for d in first.dates if d.explicit}
    if mine & {d.month_day for d in second.dates if d.explicit}:
        return True
    return weighted_overlap(first.terms, second.terms, weights) >= RELATED_OVERLAP


def _subject(figures: Sequence[FigureFact]) -> str:
    heads: dict[str, int] = defaultdict(int)
    for figure in figures:
        if figure.head is not None:
            heads[figure.counts.split()[-1].lower()] += 1
    noun = min(heads, key=lambda h: (-heads[h], h)) if heads else figures[0].counts
    action = figures[0].action
    if not action or noun.lower() in ACTIONS:  # "dead", "killed": the noun says it already
        return noun
    return f"{noun} {PAST_TENSE[action]}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _union(parent: dict[Node, Node], a: Node, b: Node) -> None:
    parent.setdefault(a, a)
    parent.setdefault(b, b)
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _root(parent: dict[Node, Node], node: Node) -> Node:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


# -- dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _EventDate:
    claim_id: str
    document_id: str
    noun: str
    actor: str | None
    month_day: tuple[int, int]
    raw: str


def _date_conflicts(claims: Sequence[ClaimFacts]) -> list[DetectedConflict]:
    mentions = [m for claim in claims for m in _event_dates(claim)]
    by_noun: dict[str, list[_EventDate]] = defaultdict(list)
    for mention in mentions:
        by_noun[mention.noun].append(mention)
    out: list[DetectedConflict] = []
    for noun, group in sorted(by_noun.items()):
        actors = sorted({m.actor for m in group if m.actor})
        # "its October 7 attack" joins "the Hamas attack" when Hamas is the only attacker named.
        buckets: dict[str | None, list[_EventDate]] = defaultdict(list)
        for mention in group:
            actor = mention.actor or (actors[0] if len(actors) == 1 else None)
            buckets[actor].append(mention)
        for actor, bucket in sorted(buckets.items(), key=lambda item: item[0] or ""):
            if len({m.month_day for m in bucket}) < 2:
                continue
            members = tuple(
                ConflictMember(
                    m.claim_id, m.document_id, m.raw, f"{m.month_day[0]:02d}-{m.month_day[1]:02d}"
                )
                for m in sorted(bucket, key=lambda m: (m.month_day, m.claim_id))
            )
            label = f"{actor} {noun}" if actor else noun
            out.append(DetectedConflict(ConflictKind.DATE, f"date of the {label}", members))
    return out


def _event_dates(claim: ClaimFacts) -> list[_EventDate]:
    out: list[_EventDate] = []
    text = claim.text
    for mention in claim.dates:
        if not mention.explicit or mention.range_end or mention.month_day is None:
            continue
        after = text[mention.end :].split()[:_EVENT_WINDOW_AFTER]
        before = text[: mention.start].split()[-_EVENT_WINDOW_BEFORE:]
        found = _noun_in(after, before)
        if found is None:
            continue
        noun, actor = found
        out.append(
            _EventDate(
                claim.claim_id, claim.document_id, noun, actor, mention.month_day, mention.raw
            )
        )
    return out


def _noun_in(after: list[str], before: list[str]) -> tuple[str, str | None] | None:
    """The event noun next to a date, and the actor just before it ("Hamas attack")."""
    for word in after:  # "its October 7 attack"
        clean = word.strip(".,;:()“”\"'")
        if normalise(clean) in EVENT_NOUNS:
            return normalise(clean), None
    for index in range(len(before) - 1, -1, -1):  # "the Hamas attack on October 7"
        clean = before[index].strip(".,;:()“”\"'")
        if normalise(clean) in EVENT_NOUNS:
            previous = before[index - 1].strip(".,;:()“”\"'") if index else ""
            if previous.lower() in ("a", "an", "another"):
                return None  # an indefinite event is not "the" event
            actor = previous if previous[:1].isupper() and previous.lower() != "the" else None
            return normalise(clean), actor.removesuffix("’s").removesuffix("'s") if actor else None
    return None
