"""What a claim asserts, in a form two claims can be compared on: its content words, entities,
figures (read by `figure_facts`), dates and speaker.

Pure: built from a Claim and a reference date; corroboration and conflict detection both
compare claims through `align_figures`, so "the same quantity" means one thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from summarise.analysis.dates import DateMention, find_dates
from summarise.analysis.figure_facts import FigureFact, compatibility, figure_facts, same_value
from summarise.analysis.terms import content_words, entities, normalise, tokens
from summarise.backends.regex.full_names import as_written
from summarise.models import Claim
from summarise.vocabulary import wordset

# Words that make a sentence a proposal, plan or condition rather than a stated fact.
HYPOTHETICAL = wordset(
    "would will could might may should proposal proposals proposed propose offer offered "
    "offers plan plans planned expected if demand demands demanded possible potential "
    "hopes hope seeks seeking"
)


@dataclass(frozen=True)
class ClaimFacts:
    claim_id: str
    document_id: str
    words: frozenset[str]
    entities: frozenset[str]
    figures: tuple[FigureFact, ...]
    dates: tuple[DateMention, ...]
    hypothetical: bool
    text: str = field(repr=False, default="")
    speaker: frozenset[str] = frozenset()  # names in the attribution: who says so

    @property
    def terms(self) -> frozenset[str]:
        return self.words | self.entities


def facts_for(claim: Claim, reference: date | None = None) -> ClaimFacts:
    text = as_written(claim.text, claim.context_note)  # compared as the sentence names people
    lower_words = {t for t in tokens(text)}
    return ClaimFacts(
        claim_id=claim.id,
        document_id=claim.document_id,
        words=frozenset(content_words(text)),
        entities=frozenset(entities(text)),
        figures=tuple(figure_facts(text, claim.figures)),
        dates=tuple(find_dates(text, reference)),
        hypothetical=bool(lower_words & HYPOTHETICAL),
        text=text,
        speaker=speaker_of(claim.attribution or giver_of(text) or namer_of(text)),
    )


_CREDIT_NOTE = re.compile(r"\(to [^)]*\)")
# Attributions to the press say who reported a fact, not who stated it: not a speaker.
_MEDIA = re.compile(
    r"\b(?:news|media|portal|newspaper|agency|agencies|outlet|television|tv|radio|daily|"
    r"times|post|press|journal|afp|efe|ap|reuters|axios|xinhua|anadolu|dpa|ansa)\b",
    re.IGNORECASE,
)
# Titles many speakers share: "the Israeli prime minister" and "the Qatari prime minister" differ.
_ROLES = frozenset(
    normalise(w)
    for w in wordset(
        "source sources official officials minister prime president spokesman spokeswoman "
        "spokesperson secretary director chief head leader government foreign deputy general "
        "senior former statement correspondent advisor adviser member members group"
    )
)
_PRONOUN = re.compile(r"^(?:he|she|they|it|the source|the sources)\b", re.IGNORECASE)


# A source that gives its count as an estimate: "the families' group put the figure at 21",
# "police estimated the crowd at about 5,000". The subject gives the figure, though no
# speech verb names it (attribution finds none).
_GIVES_AT = re.compile(
    r"^(?:(?:But|And|Meanwhile|However),?\s+)?(?P<who>[A-Z][^,;:“”\"]{1,60}?)"
    # "The ferry's owner, which runs the crossing, put ...": a relative clause on the subject.
    r"(?:,\s+(?:which|who|whose)\s+[^,;:“”\"]{1,60},)?\s+"
    r"(?:(?:now|also|again|still|later|earlier|first)\s+)?(?:(?:on|late|early)\s+\w+\s+)?"
    r"(?:put|puts|estimated|estimates|placed|places|gave|gives|repeated|repeats)\s+"
    r"(?:the|its|their)\s+(?:[\w'’-]+\s+){1,4}?at\b"
)


def giver_of(text: str) -> str | None:
    """The subject that puts a figure at a value, as written, when no speech verb names a
    speaker: "Police estimated the crowd at about 5,000" -> "Police"."""
    found = _GIVES_AT.match(text.strip())
    return found.group("who") if found else None


# Words quoted inside a claim and credited there to whoever coined them: "the agreement, which
# the senator has called “the worst deal ever”". The claim states whose words they are, so
# the same words from another speaker are another statement.
_NAMES_IT = re.compile(
    r"(?P<who>\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+"
    r"(?:has\s+|had\s+|have\s+|once\s+|repeatedly\s+|often\s+)*"
    r"(?:called|dubbed|labell?ed|termed|branded|described\s+(?:\w+\s+){0,3}?as|"
    r"referred\s+to\s+(?:\w+\s+){0,3}?as)\s+(?:\w+\s+){0,3}?[“\"]"
)


def namer_of(text: str) -> str | None:
    """Who the claim credits with the words it quotes, when no attribution names a speaker:
    "the deal, which the mayor's rival has called “a giveaway”" has none with a capital;
    "the deal, which Ruiz has called “a giveaway”" -> "Ruiz"."""
    found = _NAMES_IT.search(text)
    if found is None:
        return None
    who = found.group("who")
    return None if who.split()[0].lower() in _NOT_A_NAMER else who


_NOT_A_NAMER = frozenset({"it", "this", "that", "he", "she", "they", "we", "i", "critics"})


def speaker_of(attribution: str | None) -> frozenset[str]:
    """The names in an attribution: "A Hamas source (to AFP)" -> {hamas}; "he (Ghazi Hamad)"
    -> {ghazi hamad, hamad}. The agency a source spoke to is not the speaker."""
    if not attribution:
        return frozenset()
    text = _CREDIT_NOTE.sub("", attribution).strip()
    if _PRONOUN.match(text) and "(" in text:
        text = text[text.index("(") + 1 :].rstrip(")")
    if _MEDIA.search(text):
        return frozenset()
    # Names and their words: "the European Commission" and "the European Union" share one.
    # A description without a name ("the ex-congressman") may be anyone named elsewhere.
    names = entities(text)
    return frozenset(names | (content_words(text) - _ROLES)) if names else frozenset()


@dataclass(frozen=True)
class Alignment:
    agree: tuple[tuple[FigureFact, FigureFact], ...]
    disagree: tuple[tuple[FigureFact, FigureFact], ...]


def align_figures(first: ClaimFacts, second: ClaimFacts) -> Alignment:
    """Pair the figures of two claims one to one: equal numbers of the same thing agree; of
    what is left, the most compatible pairs (closest values first) disagree."""
    left = list(first.figures)
    right = list(second.figures)
    agree: list[tuple[FigureFact, FigureFact]] = []
    for a in list(left):
        match = next((b for b in right if compatibility(a, b) and same_value(a, b)), None)
        if match is not None:
            agree.append((a, match))
            left.remove(a)
            right.remove(match)
    candidates = sorted(
        (
            (-compatibility(a, b), _ratio(a, b), i, j)
            for i, a in enumerate(left)
            for j, b in enumerate(right)
            if compatibility(a, b)
        ),
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    disagree: list[tuple[FigureFact, FigureFact]] = []
    for _, _, i, j in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        disagree.append((left[i], right[j]))
    return Alignment(tuple(agree), tuple(disagree))


def _ratio(a: FigureFact, b: FigureFact) -> float:
    small, large = sorted((abs(a.value), abs(b.value)))
    return 1.0 - (small / large if large else 1.0)
