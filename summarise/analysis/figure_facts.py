"""What a number in a claim counts, in a form two claims can be compared on: the counted
thing and its modifiers, what happened to it (killed, injured, evacuated, on strike ...),
whether it is hedged, and its role (a part of a total, a capacity, a corrected value, another
event's or year's count).

Pure: built from a claim's text and its extracted figures (the regex backend's one reader,
`find_figures`, for numbers a backend did not list). `claim_facts` gathers these with the
claim's words, dates and speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from summarise.analysis.dates import DateMention, find_dates
from summarise.analysis.figure_actions import ACTIONS, NOUN_ACTIONS, action_near
from summarise.analysis.figure_nouns import STATE_NOUNS, counted_before, named_action
from summarise.analysis.figure_parts import (
    PEOPLE,
    PERSON_NOUNS,
    and_one_more,
    counted,
    elided_from,
    part_place,
    sides_of_a_vote,
    states_of_one_count,
    with_totals,
)
from summarise.analysis.figure_places import place_of
from summarise.analysis.figure_roles import CONTEXTS, role_of
from summarise.analysis.stated_figures import apply_stated
from summarise.analysis.terms import normalise
from summarise.backends.regex.figures import ORDINALS, find_figures, is_spelled
from summarise.models import Claim, Figure
from summarise.vocabulary import wordset

# Counted nouns that name the same thing.
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(normalise(w) for w in wordset(group))
    for group in (
        "hostages captives abductees kidnapped",
        "dead deaths fatalities killed victims died",
        "prisoners detainees inmates",
        "injured wounded injuries",
    )
)
GENERIC_NOUNS = frozenset(normalise(w) for w in wordset("people persons individuals"))
# Counted things that are never a story's figure: the parties, rounds and spans of a story
# ("both sides", "three delegations", "two rounds", "four times").
TRIVIAL_NOUNS = frozenset(
    normalise(w)
    for w in wordset(
        "side sides delegation delegations round rounds time times occasion occasions "
        "party parties session sessions meeting meetings"
    )
)
# What happens only to people: whatever noun counts them ("porters", "nurses", "members"),
# those on strike or arrested are one count of people.
_PEOPLE_ONLY = frozenset({"strike", "arrest", "charge"})
# "141 passengers and 6 crew": parts of one count of people, summed before comparing.
_PART_OF = re.compile(r"\s+of\s+(?:(?:the|its|their)\s+[\d,]+|them|those|whom)\b")
# Counts of time are durations and ages, not tracked quantities.
_DURATIONS = frozenset(
    normalise(w)
    for w in wordset("years year months month weeks week days day hours hour minutes decades")
)
_CONJUNCTIONS = frozenset({"and", "or", "&"})
QUALIFIERS = {
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "nearly": "about",
    "almost": "about",
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "roughly": "about",
    "close to": "about",
    "an estimated": "about",
    "estimated": "about",
    "up to": "up to",
    "at most": "up to",
    "no more than": "up to",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
}
_HEDGE = re.compile(
    r"(?:more than|over|nearly|almost|about|around|some|approximately|roughly|at least|"
    r"up to|less than|fewer than|under|close to|upwards of|an estimated|estimated|at most|"
    r"no more than)"
    r"\s*$",
    re.IGNORECASE,
)
# A people named by a plural demonym: "Israelis", "Palestinians", "Britons", "Chinese".
_PEOPLE = re.compile(r"^[A-Z][a-z]+(?:is|ians|ans|ese|ons|ers|ites|s)$")
HEDGE_TOLERANCE = 0.05  # "nearly 20,000" and "more than 19,600" state the same number


@dataclass(frozen=True)
class FigureFact:
    value: float
    raw: str
    counts: str
    head: str | None  # the counted noun, normalised; None for a bare demonym ("Israelis")
    modifiers: frozenset[str]
    action: str | None
    approximate: bool
    qualifier: str = ""
    # "" a value the claim states; "earlier" one it gives as the value before ("down to 4
    # from 5", "up from 25"); "corrected" one it says was wrong ("revised down to 4 from 5");
    # "part" a part of a total it also states; "location" a distance that places something
    # ("three kilometres east of the depot").
    role: str = ""
    # Another quantity than the story's count, tracked apart and never compared with it:
    # "capacity" what could be, a rule or a whole ("can carry 300", "a limit of 50", "of
    # its 3,000 members", "the 52 it had promised"), "plan" ("would cut it to 1 km"),
    # "other" another time's or event's figure ("in 2019", "ten years ago": one context,
    # since reports name the same other event differently).
    context: str = ""
    # The day of the event it counts when the claim ties it to one ("the attack on October 7
    # with more than 1,200 dead"): 'MM-DD', part of what it measures.
    event_day: str = ""
    # Counted among a larger count the claim names: "including 40 children", "of whom 12".
    subset: bool = False
    # Counts what an earlier figure of its report counts: "the figure was almost 900", "the
    # union put the number at 140" (resolved by `in_reports`).
    anaphor: bool = False
    # The place or group phrase the claim gives the count ("in Bresk", "among the crew"),
    # read always; `where` is set only when a claim of the story gives two values of one
    # quantity for two places, which makes each place its own quantity (figure_places).
    place: str = ""
    where: str = ""
    # Its counted noun left out, taken from the part before it ("... and 65 at St Cole's").
    elided: bool = False
    # Counted over the whole event so far: "during the strike", "since the fire began", "in
    # all" (a count of what happened that can then only grow; figure_tracking).
    whole_event: bool = False
    # Given as a revision down ("revised the toll down to 19", "lowered it to ten"): the
    # count is lower than one stated before, so it says nothing of which report came first.
    lowered: bool = False

    def label(self) -> str:
        return f"{self.raw} {self.counts}".strip()

    @property
    def duration(self) -> bool:
        """Counts time ("two years", "19 days"): a duration or an age, tracked as its own
        quantity but never the story's count; or counts the story's parties or rounds ("both
        sides", "two delegations"), never news."""
        return self.head in _DURATIONS or self.trivial

    @property
    def trivial(self) -> bool:
        """Counts the story's parties or rounds: never tracked."""
        return self.head in TRIVIAL_NOUNS

    @property
    def compound(self) -> bool:
        """Counts two things at once ("staff and students"): only the same phrase compares."""
        return bool(self.modifiers & _CONJUNCTIONS)

    def quantity(self) -> tuple[str, tuple[str, ...], str]:
        """What the number measures, as a key: figures with equal keys count the same thing
        ("129 hostages held" and "129 captives held"), so they form one tracked quantity."""
        head = self.head or " ".join(sorted(self.modifiers))
        happened = self.action or ""
        action = f"{happened}@{self.event_day}" if self.event_day else happened
        if self.context:
            action = f"{action}#{self.context}"
        if self.where:
            action = f"{action}/{self.where}"
        if self.duration:
            # What happened in a span is not what the span counts: "ten weeks of fighting
            # killed 400" and "after ten weeks" are one count of weeks (its context apart).
            return (head, (), f"#{self.context}" if self.context else "")
        if self.action == "critical":
            return (PEOPLE, (), action)  # a condition names its own count, subset or not
        if self.subset:
            return (head, ("among",), action)
        if (
            head in PERSON_NOUNS
            or head in STATE_NOUNS
            or head in NOUN_ACTIONS
            or self.action in _PEOPLE_ONLY
        ):
            return (PEOPLE, (), action)
        for group in SYNONYMS:
            if head in group:
                head = min(group)
                break
        if not self.head:
            return (head, (), action)
        if happened and not self.compound:
            # What happened tells the count apart: "container ships waiting" and "ships
            # waiting" are one count; a people named ("Israeli prisoners") still counts.
            names = [w for w in self.counts.split()[:-1] if w[:1].isupper()]
            return (head, tuple(sorted(normalise(w) for w in names)), action)
        return (head, tuple(sorted(self.modifiers)), action)


def figure_facts(text: str, figures: list[Figure]) -> list[FigureFact]:
    out: list[FigureFact] = []
    days = [d for d in find_dates(text) if d.explicit]
    position = 0
    previous_end = 0
    # A figure whose words are no longer in the text (a reviewer edited "five" to "four")
    # is not stated: the text's own numbers are read instead, so an edit reaches the
    # summary's figures.
    stated = [f for f in figures if f.raw and f.raw in text]
    if len(stated) < len(figures):
        raws = {f.raw for f in stated}
        stated += [f for f in find_figures(text) if f.raw not in raws and not is_spelled(f)]
    figures = stated
    for figure in [*figures, *_spelled_figures(text, figures)]:
        at = text.find(figure.raw, position)
        if at < 0:
            at = text.find(figure.raw)
        if at >= 0:
            position = at + len(figure.raw)
        counts = figure.counts or (counted_before(text, at) if at >= 0 else "")
        if counts.split()[-1:] and counts.split()[-1].lower() in _NOT_NOUNS:
            counts = ""  # "two dozen feared buried": what is said of them, not a noun
        if figure.raw.lower() in ORDINALS and counts in _PLURALS:
            counts = _PLURALS[counts]  # "a tenth victim" counts victims, as the toll does
        elided = None if counts or at < 0 else elided_from(text, at, figure.raw, out)
        if elided is not None:
            counts = elided.counts
            # Each part is where its own phrase puts it: "six ... in Tolby", "21 in the rest
            # of the county" (tracked apart, never one part's update to the other).
            out[-1] = replace(elided, place=part_place(text, text.rfind(elided.label(), 0, at)))
        place = ""
        if at >= 0:
            end = at + len(figure.raw)
            if figure.counts and text.startswith(f" {figure.counts}", end):
                end += len(figure.counts) + 1
            place = place_of(text, at, end, previous_end)
            if elided is not None:
                place = part_place(text, at)
            previous_end = end
        if not counts and at >= 0 and _age(text, at, len(figure.raw)):
            counts = "years"  # an age counts no one: two reports giving it are not one count
        action = _action_of(text, at, figure) if at >= 0 else None
        if elided is not None:
            action = action or elided.action
        if action is None and counts and not figure.counts and at >= 0:
            action = named_action(text, at)  # "the number of people taken ill ... to 340"
        # "the number held ... to 18" says what happened; "the figure was 95" only points back.
        anaphor = (
            not counts
            and action is None
            and at >= 0
            and _ANAPHOR.search(text[max(0, at - 60) : at]) is not None
        )
        head, modifiers = counted(counts)
        if action is None and head in NOUN_ACTIONS:
            action = NOUN_ACTIONS[head]  # "six victims", "73 survivors"
        if (
            not counts
            and not anaphor
            and action
            and "%" not in figure.raw
            and "percent" not in figure.raw
            and (
                action == "critical"
                or not _PART_OF.match(text, at + len(figure.raw))
                or _PEOPLE_OUT_OF.match(text, at + len(figure.raw))
            )
        ):
            counts = "people"  # "57 were injured": what happened says who is counted
            head, modifiers = counted(counts)
        role = role_of(text, at, figure.raw) if at >= 0 else ""
        context = ""
        if role in CONTEXTS:
            # Another quantity, not a role in this one: tracked apart, never compared.
            context = "other" if role == "background" else role
            role = ""
        out.append(
            FigureFact(
                value=figure.value,
                raw=figure.raw,
                counts=counts,
                head=head,
                modifiers=modifiers,
                action=action,
                approximate=bool(figure.qualifier)
                or (at >= 0 and _HEDGE.search(text[max(0, at - 25) : at]) is not None),
                qualifier=figure.qualifier
                or (_qualifier(text[max(0, at - 25) : at]) if at >= 0 else ""),
                role=role,
                context=context,
                event_day=_event_day(text, at, days) if at >= 0 else "",
                subset=at >= 0
                and (
                    _SUBSET.search(text[max(0, at - 40) : at]) is not None
                    # (a share, "62 percent of the customers", is no subset count)
                    or (
                        _SUBSET_AFTER.match(text, at + len(figure.raw)) is not None
                        and not _SHARE.search(figure.raw)
                    )
                ),
                anaphor=bool(anaphor),
                place=place,
                lowered=at >= 0 and _LOWERED.search(text[max(0, at - 90) : at]) is not None,
                elided=elided is not None,
                whole_event=at >= 0 and _WHOLE_EVENT.search(_rest_of_clause(text, at)) is not None,
            )
        )
    # a model's corrects/parts fields
    out = sides_of_a_vote(text, states_of_one_count(text, and_one_more(text, out)))
    return apply_stated(with_totals(text, out), figures)


# "the figure was almost 900", "put the number at 140", "the council's tally stood at":
# a number with nothing counted after it, named by a word for a count ("the number of X"
# and "the death toll" are read by `figure_nouns.counted_before`).
_ANAPHOR = re.compile(
    r"\b(?:figure|number|count|total|tally|estimate)s?\b(?!\s+of\b)[^.;:\d]{0,45}$",
    re.IGNORECASE,
)
# The finite verb of an ordinal's clause: "a sixth worker injured in the blast died".
_FINITE = re.compile(
    r"\b(?:died|dies|has\s+died|(?:was|has\s+been|had\s+been|is)\s+(?:still\s+)?(?P<w>[a-z]+))\b"
)


def _action_of(text: str, at: int, figure: Figure) -> str | None:
    if figure.raw.lower() in ORDINALS or figure.raw.lower() in ("first", "one"):
        # What happened to the last one counted is the clause's finite verb, not a
        # participle in its subject ("A fifth climber rescued on Monday has died").
        clause = re.split(r"[.;:]", text[at : at + 120], maxsplit=1)[0]
        if m := _FINITE.search(clause):
            verb = m.group("w") or "died"
            if verb in ACTIONS:
                return ACTIONS[verb]
    return action_near(text, at, len(figure.raw))


# A count named as part of a larger one just before it: "including", "among them", "of them,".
_SUBSET = re.compile(
    r"\b(?:including|includes|included|among\s+(?:them|whom|those)|of\s+(?:them|whom|those))"
    r"[,:]?\s+(?:(?:some|about|around|nearly|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)


# Out of people: "Nine of them were taken to hospital", "14 of the 22 people ... survived".
_PEOPLE_OUT_OF = re.compile(
    r"\s+of\s+(?:them|those|(?:the|its|their)\s+[\d,]+\s+(?:people|passengers|"
    r"residents|workers|victims|injured|survivors))\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)
# Counted out of a group the claim names after it: "four of the victims", "Nine of them",
# "Fourteen of the 22 people on the bus survived".
_SUBSET_AFTER = re.compile(
    r"\s+of\s+(?:them|those|these|whom|the)\b(?!\s+(?:kind|sort|type|way)\b)",
    re.IGNORECASE,
)


_LOWERED = re.compile(
    r"\b(?:revised|lowered|corrected|cut|reduced|brought)\b[^.;]{0,70}?\b(?:down\s+)?to\s+"
    r"(?:(?:some|about|around|nearly)\s+)?$",
    re.IGNORECASE,
)
_NOT_NOUNS = frozenset({"feared", "believed", "thought", "presumed", "reported", "confirmed"})
_PLURALS = {
    "victim": "victims",
    "body": "bodies",
    "death": "deaths",
    "fatality": "fatalities",
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "worker": "workers",
    "patient": "patients",
    "firefighter": "firefighters",
}


def _event_day(text: str, at: int, days: list[DateMention]) -> str:
    """'MM-DD' of a calendar date just before the figure in its clause, else ''."""
    for mention in reversed(days):
        if mention.end <= at and at - mention.end <= _EVENT_DAY_REACH:
            if mention.month_day and not re.search(r"[.;:]", text[mention.end : at]):
                return "{:02d}-{:02d}".format(*mention.month_day)
            break
    return ""


_EVENT_DAY_REACH = 40  # characters: "on October 7 with more than 1,200 dead"


_WHOLE_EVENT = re.compile(
    r"\b(?:during|throughout|over)\s+the\s+(?:whole\s+|entire\s+)?(?!\d)[a-z]+\b"
    r"|\bsince\s+the\s+(?:[a-z]+\s+){1,2}(?:began|started|broke\s+out)\b"
    r"|\bin\s+(?:all|total)\b|\bso\s+far\b|\baltogether\b|\bto\s+date\b",
    re.IGNORECASE,
)


def _rest_of_clause(text: str, at: int) -> str:
    end = re.search(r"[.;:!?](?!\d)", text[at:])
    return text[at : at + end.start()] if end else text[at:]


# A bare number set off by commas right after a name is the person's age: "Dana Oyelaran, 54,
# said ...". Without this it reads as a count of people ("54 ... said").
_AGE_BEFORE = re.compile(r"\b[A-Z][\w.'’-]*,\s*$")
_AGE_AFTER = re.compile(r"\s*,")


def _age(text: str, at: int, length: int) -> bool:
    return bool(_AGE_BEFORE.search(text[max(0, at - 40) : at])) and bool(
        _AGE_AFTER.match(text, at + length)
    )


def _qualifier(before: str) -> str:
    found = _HEDGE.search(before)
    if not found:
        return ""
    words = " ".join(found.group(0).lower().split())
    return QUALIFIERS.get(words, "about")


def _spelled_figures(text: str, figures: list[Figure]) -> list[Figure]:
    """Numbers written in words that the extractor gave no figure for ("Twelve people", from
    a model that left it out), read by the regex backend's figure rules so that both agree
    on what a spelled-out number is and what it counts."""
    known = {f.value for f in figures}
    raws = {f.raw.lower() for f in figures}
    return [
        figure
        for figure in find_figures(text)
        if is_spelled(figure)
        and figure.counts
        and figure.value not in known
        and figure.raw.lower() not in raws
    ]


_NOT_A_COUNT = frozenset({"location", "increment"})  # roles never compared with a count


def compatibility(first: FigureFact, second: FigureFact) -> int:
    """How surely two figures count the same thing: 3 same noun, 2 synonyms, 1 a people or a
    generic noun against a noun, 0 not the same thing. Nothing counted means 0."""
    if not first.counts or not second.counts or first.action != second.action:
        return 0
    if first.context != second.context or {first.role, second.role} & _NOT_A_COUNT:
        return 0  # a capacity, a plan, another year's count or a place is another thing
    if first.head is None or second.head is None:
        # "100 Israelis" against "110 hostages" or "80 Israeli captives": the people must not
        # contradict the other's modifiers ("Palestinian prisoners"). Only a people will do
        # ("183 CD's" is not one), and only when something happened to both (released...).
        bare, other = (first, second) if first.head is None else (second, first)
        if not _PEOPLE.match(bare.counts.split()[-1]) or first.action is None:
            return 0
        if other.head is None:
            return 3 if bare.modifiers == other.modifiers else 0
        if other.modifiers and not (bare.modifiers & other.modifiers):
            return 0
        return 1
    if first.modifiers and second.modifiers and not (first.modifiers & second.modifiers):
        return 0
    if (first.compound or second.compound) and (
        first.head != second.head or first.modifiers != second.modifiers
    ):
        return 0  # "staff and students" is not a count of "students"
    if first.head == second.head:
        return 3
    if first.action is None:
        return 0  # different nouns, and nothing said to happen to either: no telling
    if any(first.head in group and second.head in group for group in SYNONYMS):
        return 2
    if first.head in GENERIC_NOUNS or second.head in GENERIC_NOUNS:
        return 1
    return 0


def same_value(first: FigureFact, second: FigureFact) -> bool:
    if first.value == second.value:
        return True
    if not (first.approximate or second.approximate):
        return False
    larger = max(abs(first.value), abs(second.value))
    return abs(first.value - second.value) <= HEDGE_TOLERANCE * larger


def figures_of(claim: Claim) -> tuple[FigureFact, ...]:
    """Only the figures of `facts_for` (the summary's figure tracking needs no more)."""
    return tuple(figure_facts(claim.text, claim.figures))


def counting_as(fact: FigureFact, model: FigureFact) -> FigureFact:
    """`fact`'s value counting what `model` counts: its noun, action, day and context (a
    reviewer's move into another quantity, "the figure" taking its antecedent's reading)."""
    return replace(
        fact,
        counts=model.counts,
        head=model.head,
        modifiers=model.modifiers,
        action=model.action,
        event_day=model.event_day,
        context=model.context,
        place=model.place,
        where=model.where,
    )
