"""What says two claims are one fact, or cannot be, besides how alike their words are.

Vetoes (`vetoed`): one denies or plans what the other reports, different speakers, figures or
dates that disagree: those pairs are conflicts or two statements, never corroboration.
Evidence (`same_count`, `figure_support`): the same distinctive count told twice is strong
evidence of one fact however differently the rest is worded ("Fourteen homes were destroyed"
/ "14 homes had been lost"). Used by the matchers in `corroboration.py`.
"""

from __future__ import annotations

import dataclasses
import re

from summarise.analysis.claim_facts import ClaimFacts, align_figures
from summarise.analysis.event_days import event_days, same_event_day
from summarise.analysis.events import IRREGULAR
from summarise.analysis.figure_actions import ACTIONS
from summarise.analysis.figure_facts import PEOPLE, PERSON_NOUNS, FigureFact, compatibility
from summarise.analysis.paraphrase import stem
from summarise.analysis.terms import normalise, words
from summarise.analysis.verbatim import runs
from summarise.vocabulary import wordset

MODAL = wordset(
    "would will could might may should set expected plans plan planned planning going poised "
    "scheduled intends intend 'll won't wouldn't couldn't shouldn't"
)

NEGATION = wordset(
    "not no never nor neither denied denies deny refused refuses n't don't doesn't didn't "
    "won't wouldn't can't cannot couldn't isn't aren't wasn't weren't hasn't haven't hadn't "
    "shouldn't"
)
INFINITIVE = "to+"  # "Council to close depot": a plan, as a headline writes one
# Cues that count on the other side only (see `_one_sided`): a word of intent for plans;
# for negation, a word that reverses like one.
_OTHER_SIDE_CUES = {
    False: wordset("agreed agree agrees offered vowed vows promised pledged possibility")
    | {INFINITIVE},
    True: wordset("without failed fails lacked rejected"),
}


def other_speaker(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both say who says so, name nobody in common, and neither mentions the other's
    speaker: two statements, not one."""
    if not (first.speaker and second.speaker) or first.speaker & second.speaker:
        return False
    return not (first.speaker & second.entities or second.speaker & first.entities)


def dates_disagree(first: ClaimFacts, second: ClaimFacts) -> bool:
    mine = {d.month_day for d in first.dates if d.explicit}
    theirs = {d.month_day for d in second.dates if d.explicit}
    return bool(mine and theirs and not (mine & theirs))


def vetoed(first: ClaimFacts, second: ClaimFacts, *, corroborated: bool = False) -> bool:
    """Whether the two cannot be one fact, however alike their words: one denies or plans
    what the other reports (a negation or modal governing a word both share, the other
    free of one), different speakers, or figures or dates that disagree. Two speakers giving
    the same distinctive count (`corroborated`, see `same_count`) corroborate each other:
    the speaker veto then does not apply."""
    shared = first.words & second.words
    for cues in (NEGATION, MODAL):
        if _one_sided(first.text, second.text, shared, cues):
            return True
    if not corroborated and other_speaker(first, second):
        return True
    if one_count_two_fates(first, second):
        return True
    if opposite_deeds(first.text, second.text) and not same_event_day(first, second):
        return True  # "closed until Monday" is the reopening "on Monday" (event_days.py)
    if other_context(first, second) or other_days(first, second):
        return True
    return figures_disagree(first, second) or dates_disagree(first, second)


def figures_disagree(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Figures of the same thing disagree, unless the other claim gives this value as the
    one before its own ("1,900 now, down from 3,700" against "3,700"): an update of one
    count, the older report's fact told again as where it stood."""
    return any(
        not (_given_before(second, mine.value) or _given_before(first, theirs.value))
        for mine, theirs in align_figures(first, second).disagree
    )


def _given_before(claim: ClaimFacts, value: float) -> bool:
    return any(f.role == "earlier" and f.value == value for f in claim.figures)


# Deeds that undo each other, by concept or stem (`paraphrase.stem`): "shares rose 12
# percent" and "shares fell 12 percent" share every word but one.
OPPOSITES = (
    ("~rise", "~fall"),
    ("~arrest", "~releas"),
    ("~close", "~reopen"),
    ("~approv", "~reject"),
    ("win", "lose"),
    ("gain", "~fall"),
    ("cut", "restor"),
)


def other_context(first: ClaimFacts, second: ClaimFacts) -> bool:
    """One claim's count of a thing is the news, the other's the same thing in another
    context: another time, a plan or a capacity ("peaked at 6.2 metres on Sunday" against
    "last peaked above six metres in 1998"). The figure rules never compare the two, so
    without this the pair would pass as agreeing.

    One statement quoted alike by both (a run of the same words, `verbatim.runs`) is not made
    two by a small number of a thing to which nothing happens ("our two towns") that one
    report's figure reading puts in another time for a time phrase nearby ("over the last
    year"): the quotation, not the number, is the fact."""
    quoted = bool(runs(first.text) & runs(second.text))
    return any(
        a.head is not None
        and a.head == b.head
        and a.action == b.action
        and a.context != b.context
        and not (quoted and _incidental_pair(a, b))
        and not _same_count_other_time(a, b)
        for a in first.figures
        for b in second.figures
    )


def other_days(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both tell one kind of event (a fire, a strike) on a resolved day, and never on the same
    day: "the blaze broke out on Friday" / "a second blaze broke out on Sunday"."""
    mine, theirs = event_days(first), event_days(second)
    if mine & theirs:
        return False
    return bool({d.concept for d in mine} & {d.concept for d in theirs})


def _same_count_other_time(first: FigureFact, second: FigureFact) -> bool:
    """One distinctive value (a count of ten or more, or a measure with decimals; not a year),
    told once as the news and once in another time's context: the same count, with a
    comparison read as its time ("5.1 metres on Sunday, its highest since 1998"). Another
    time's count equal to this one is the rarer coincidence; other values still veto."""
    return (
        first.value == second.value
        and {first.context, second.context} == {"", "other"}
        and (first.value >= SMALL_FIGURE or not first.value.is_integer())
        and not year_like(first.value)
    )


def _incidental_pair(first: FigureFact, second: FigureFact) -> bool:
    """The same small number of a thing to which nothing happens, on both sides: a word of
    the sentence rather than a count it reports."""
    return (
        first.value == second.value
        and first.value < SMALL_FIGURE
        and first.action is None
        and second.action is None
    )


def opposite_deeds(first: str, second: str) -> bool:
    """One text states a deed the other states the opposite of, and neither states both."""
    mine = {stem(w.lower()) for w in words(first)}
    theirs = {stem(w.lower()) for w in words(second)}
    for one, other in OPPOSITES:
        for a, b in ((one, other), (other, one)):
            if a in mine and b in theirs and b not in mine and a not in theirs:
                return True
    return False


def one_count_two_fates(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both give one distinctive number as their only count, of people or things to whom
    different things happened ("37 protesters were arrested" / "37 officers were injured"):
    the same number, two facts."""
    for mine in first.figures:
        if not _main_figure(mine) or not mine.action:
            continue
        for theirs in second.figures:
            if theirs.value == mine.value and theirs.action and theirs.action != mine.action:
                if _fate_told(second.text, mine.action) or _fate_told(first.text, theirs.action):
                    # Both fates are in one text: the figure reading took a word describing
                    # whom it counts ("trapped miners", "demonstrators") for what happened to
                    # them, and the other text says they "walked free" or "were detained".
                    return False
                return _only_count(first, mine.value) and _only_count(second, mine.value)
    return False


def reconciled(first: ClaimFacts, second: ClaimFacts) -> tuple[ClaimFacts, ClaimFacts]:
    """The two claims with each figure's action made the other's where the figure's own text
    also states the other's ("30 stranded passengers were rescued": read as held up, but
    "rescued" is there too), so that one count told twice compares as one count. Used for
    evidence only (`same_count`, `figure_support`); the vetoes read the figures as they are."""
    mine = list(first.figures)
    theirs = list(second.figures)
    changed = False
    for i, a in enumerate(mine):
        for j, b in enumerate(theirs):
            if a.value != b.value or not a.action or not b.action or a.action == b.action:
                continue
            if _fate_told(first.text, b.action):
                mine[i] = dataclasses.replace(a, action=b.action)
                changed = True
            elif _fate_told(second.text, a.action):
                theirs[j] = dataclasses.replace(b, action=a.action)
                changed = True
    if not changed:
        return first, second
    return (
        dataclasses.replace(first, figures=tuple(mine)),
        dataclasses.replace(second, figures=tuple(theirs)),
    )


def _fate_told(text: str, action: str) -> bool:
    """Whether a word of the text names this action (`figure_actions.ACTIONS`)."""
    return any(ACTIONS.get(word.lower()) == action for word in words(text))


GOVERN_WINDOW = 3  # tokens before a shared word in which a negation or modal governs it
# ...and the wider window in which the other claim's own cue is looked for before calling
# the pair one-sided: "will have bigger problems" and "are going to have big problems,
# bigger ..." are both future, however far the cue sits from the shared word.
FREE_WINDOW = 6


def _one_sided(first: str, second: str, shared: frozenset[str], cues: frozenset[str]) -> bool:
    """A word both state is governed by a cue wherever one text says it, and by no cue of
    the family, even a little further back, in the other: "did not meet" / "met", "will
    meet" / "met". The other text's plan words include words of intent and an infinitive
    ("agreed to close", "Council to close"): they state no more done than "will close"."""
    lenient = cues | _OTHER_SIDE_CUES[cues is NEGATION]
    mine, theirs = _clause_tokens(first), _clause_tokens(second)
    for word in shared:
        if _governs(mine, word, cues) and not _governs(theirs, word, lenient, FREE_WINDOW, False):
            return True
        if _governs(theirs, word, cues) and not _governs(mine, word, lenient, FREE_WINDOW, False):
            return True
    return False


def _governs(
    words: list[str],
    shared: str,
    cues: frozenset[str],
    window: int = GOVERN_WINDOW,
    everywhere: bool = True,
) -> bool:
    """Whether a cue stands within `window` tokens before every occurrence of `shared`
    (`everywhere`) or before any (a word said once negated and once not is no denial)."""
    seen = governed = 0
    for index, word in enumerate(words):
        if normalise(word) == shared:
            seen += 1
            before = _window(words, index, window, stop_at_clause=everywhere)
            governed += bool(cues & before)
            if governed and not everywhere:
                return True
    return bool(seen) and governed == seen and everywhere


_CLAUSE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w’'\-]*|\d+(?:[.,]\d+)*|[.;:!?,]")
_BREAKS = frozenset(".;:!?,")


def _clause_tokens(text: str) -> list[str]:
    """`terms.tokens` with commas kept: a cue governs only inside its own clause."""
    return [t.lower() for t in _CLAUSE.findall(text)]


def _window(words: list[str], index: int, window: int, *, stop_at_clause: bool) -> set[str]:
    """The cues of the `window` words before `index` (commas not counted). A cue that governs
    stops at a comma or a sentence break ("injured no one, the council said": the "no" says
    nothing of the council); the other side's looser look for its own cue reads on."""
    out: set[str] = set()
    i, taken = index - 1, 0
    while i >= 0 and taken < window:
        if words[i] in _BREAKS:
            if stop_at_clause:
                break
        else:
            out.add(_cue(words, i))
            taken += 1
        i -= 1
    return out


def _cue(words: list[str], index: int) -> str:
    """The token at `index` as a cue: "won't" stays itself (a modal and a negation), other
    contractions become their ending ("didn't" -> "n't", "they'll" -> "'ll"), and "to" is
    `INFINITIVE` unless a done verb governs it ("voted to override" reports the vote)."""
    token = words[index].replace("’", "'")
    if token in MODAL or token in NEGATION:
        return token
    for ending in ("n't", "'ll"):
        if token.endswith(ending):
            return ending
    if token == "to" and not (index and _is_past(words[index - 1])):
        return INFINITIVE
    return token


def _is_past(word: str) -> bool:
    return word in IRREGULAR or word.endswith("ed")


def same_count(
    first: ClaimFacts, second: ClaimFacts, shared_terms: frozenset[str], supported: bool = False
) -> bool:
    """Both state one distinctive number (at least `SMALL_FIGURE`, not a year), and no other,
    of what may be the same thing, and share at least one other term or the figure rules
    call it the same quantity (`supported`, see `figure_support`): "Fourteen homes were
    destroyed" and "14 homes had been lost", or "212 passengers and 8 crew" and "220 people
    on the train". Two figures of that value that name different things ("14 homes", "14
    schools") do not count, and a figure that disagrees vetoes the pair anyway."""
    if (
        not supported
        and not any(not t.startswith("#") for t in shared_terms)
        and not _same_large_count(first, second)
    ):
        return False
    first, second = reconciled(first, second)
    # Either side may give the count as news: the answer must not depend on which claim the
    # caller names first (claim ids order the pairs, and a rules revision renames ids).
    return _count_told_again(first, second) or _count_told_again(second, first)


LARGE_COUNT = 100  # a count this large, of compatible things, is evidence on its own


def _same_large_count(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both count the same large number of what the figure rules find compatible ("230
    workers in the depot" / "230 people were on site"): a count this large
    needs no other word in common."""
    return any(
        a.value == b.value
        and a.value >= LARGE_COUNT
        and (compatibility(a, b) > 0 or _people_and_persons(a, b))
        for a in first.figures
        for b in second.figures
    )


def _people_and_persons(first: FigureFact, second: FigureFact) -> bool:
    """ "230 people" and "230 workers": one counts people, the other a kind of person, and
    both in the same context (not a capacity against a count)."""
    heads = {first.head, second.head}
    return (
        PEOPLE in heads
        and heads <= PERSON_NOUNS
        and first.context == second.context
        and not first.role
        and not second.role
    )


def _count_told_again(first: ClaimFacts, second: ClaimFacts) -> bool:
    """`first` states a distinctive count as news, and `second` the same value of what may
    be the same thing, as news or as where it stood before ("had earlier put the count at
    31", "down from 5,900 at the worst")."""
    for mine in first.figures:
        if not _main_figure(mine):
            continue
        for theirs in second.figures:
            if theirs.value == mine.value and _may_count_same(mine, theirs):
                # The count must be what both claims are about: a sentence that also gives
                # another count ("240 were taken; 129 are still held") states more facts.
                return _only_count(first, mine.value) and _only_count(second, mine.value)
    return False


_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
# How a report states the size of an organisation's workforce: "employs about 600
# workers", "its 600 staff", "a 600-strong workforce" (never a bare "600 staff", which
# may be some of them). The figure rules read the first as
# a capacity and may not read the last at all; for matching, all three are one standing fact.
_WORKFORCE = (
    re.compile(
        r"\bemploy(?:s|ed|ing)?\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+"
        r"|more\s+than\s+|over\s+)?" + _NUMBER + r"\b",
        re.IGNORECASE,
    ),
    re.compile(_NUMBER + r"-strong\s+(?:[a-z]+\s+)?(?:staff|workforce|team)\b", re.IGNORECASE),
    # "its 600 staff", "their 650 seasonal workers": an owner's whole staff, not "600 staff
    # were evacuated" (a count of some of them).
    re.compile(
        r"\b(?:its|their|our|whose)\s+(?:[a-z]+\s+)?"
        + _NUMBER
        + r"\s+(?:[a-z]+\s+)?(?:staff|workforce|employees|workers)\b",
        re.IGNORECASE,
    ),
)


def workforce(text: str) -> frozenset[float]:
    """The workforce sizes a text states (distinctive ones: `SMALL_FIGURE` or more)."""
    out = set()
    for pattern in _WORKFORCE:
        for match in pattern.finditer(text):
            value = float(match.group(1).replace(",", ""))
            if value >= SMALL_FIGURE and not year_like(value):
                out.add(value)
    return frozenset(out)


def same_workforce(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both state one organisation's workforce as the same distinctive size: "employs about
    600 workers" / "with its 600 staff"."""
    return bool(workforce(first.text) & workforce(second.text))


def _main_figure(figure: FigureFact) -> bool:
    """A count the claim states as news: distinctive, not a part, subset, duration, year,
    earlier, corrected, capacity or background value, nor a share ("30 percent" of one
    thing and "30 percent" of another meet far more often than two counts do)."""
    return (
        figure.value >= SMALL_FIGURE
        and not year_like(figure.value)
        and not _share(figure)
        and not figure.role
        and not figure.subset
        and not figure.duration
    )


def _share(figure: FigureFact) -> bool:
    return "%" in figure.raw or "percent" in figure.raw or figure.head == "percent"


def _only_count(claim: ClaimFacts, value: float) -> bool:
    """No other count in the claim, unless the others are the parts of this one ("31
    held: 24 workers and seven students")."""
    others = [f.value for f in claim.figures if f.value != value and _main_figure(f)]
    if not others:
        return True
    small = [f.value for f in claim.figures if f.value != value and not f.duration]
    return sum(small) == value


def year_like(value: float) -> bool:
    return value.is_integer() and 1900 <= value <= 2100


def _may_count_same(first: FigureFact, second: FigureFact) -> bool:
    """At least one says what it counts ("Route 9" twice counts nothing), and nothing
    says the two count different things: one names no counted thing, both name the same head
    noun, or the figure rules find them compatible."""
    if not (first.counts or second.counts):
        return False
    if not first.head or not second.head or first.head == second.head:
        return True
    return compatibility(first, second) > 0 or _people_and_persons(first, second)


def figure_support(first: ClaimFacts, second: ClaimFacts) -> float:
    """`FIGURE_AGREES` when the two state the same number of the same thing and no figure
    of theirs disagrees: the same count told twice is strong evidence of one fact, however
    differently the rest is worded ("Fourteen homes were destroyed" / "14 homes were lost")."""
    alignment = align_figures(*reconciled(first, second))
    if alignment.disagree or not alignment.agree:
        return 0.0
    if not any(
        compatibility(a, b) >= 2 and a.value >= SMALL_FIGURE and not _share(a)
        for a, b in alignment.agree
    ):
        # "two officials", "240 people" and "240": small or loose counts prove little, and
        # one share ("30 percent") of two things is a coincidence.
        return 0.0
    return FIGURE_AGREES


FIGURE_AGREES = 0.2  # under half the gate: a shared count completes a link, never carries one alone
SMALL_FIGURE = 10
