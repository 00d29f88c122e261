"""Who a claim really comes from, so that one agency's copy carried by two outlets counts once.

A claim's source is, in order:
  1. the agencies its own sentence credits ("a Hamas source told AFP", "informed Efe",
     "AFP reported", an attribution "(to EFE)"): that sentence is the agency's reporting,
     whichever outlet printed it;
  2. else the agencies of its document's sign-off line ("EFE and AFP"): the whole piece is
     agency copy;
  3. else the document itself (its outlet, labelled from the file name).
Supports are counted as the fewest origins (agencies, documents) that explain them all, and a
near-verbatim copy of another document's sentence shares that sentence's origins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from summarise.ingest.boilerplate import AGENCIES

# Long names and variants -> the short name people cite.
CANONICAL = {
    "agence france-presse": "AFP",
    "associated press": "AP",
    "agencies": "Agencies",
    "europa press": "Europa Press",
}
_NAMES = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_CREDIT = re.compile(
    r"\b(?:told|informed|to|consulted by|according to|cited by|reported by|quoted by|"
    r"speaking to|said to)\s+(?:the\s+)?(?:[\w\s]{0,30}?news agency\s+)?"
    r"(?P<a>" + _NAMES + r")\b"
    r"|\b(?P<b>" + _NAMES + r")\s+(?:reported|reports|said|learned|has learned|cited|quoted)\b",
    re.IGNORECASE,
)


def canonical_agency(name: str) -> str:
    lower = name.lower()
    if lower in CANONICAL:
        return CANONICAL[lower]
    for agency in AGENCIES:
        if agency.lower() == lower:
            return agency
    return name


def credited_agencies(*texts: str | None) -> frozenset[str]:
    """Agencies the texts credit as the source of their information."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for m in _CREDIT.finditer(text):
            name = m.group("a") or m.group("b")
            # Short upper-case names ("AP", "AFP") must be written in capitals: "to ap" is noise.
            if name.isupper() or len(name) > 3 or name.istitle():
                found.add(canonical_agency(name))
    return frozenset(found)


def outlet_label(source: str) -> str:
    """A short name for where a document came from: its file name without the suffix."""
    if source in ("-", "<stdin>"):
        return "stdin"
    return PurePath(source).stem or source


@dataclass(frozen=True)
class Support:
    """One document's backing for a fact, and where it could have come from: the agencies
    behind it, or (when none) the document itself."""

    document_id: str
    agencies: frozenset[str] = frozenset()

    @property
    def origins(self) -> frozenset[str]:
        return self.agencies or frozenset({"document:" + self.document_id})


def support_for(
    document_id: str,
    document_agencies: Iterable[str],
    claim_text: str,
    quote: str = "",
    attribution: str | None = None,
) -> Support:
    credited = credited_agencies(claim_text, quote, attribution)
    if credited:
        return Support(document_id, credited)
    return Support(document_id, frozenset(canonical_agency(a) for a in document_agencies))


EXACT_LIMIT = 14  # origins up to which the count is exact (2**14 subsets); greedy beyond


def distinct_sources(supports: Sequence[Support], copies: Iterable[tuple[int, int]] = ()) -> int:
    """The fewest independent origins that explain every support: supports from one document
    are one origin, "EFE" and "EFE and AFP" can both be EFE's copy, and `copies` (index pairs
    of supports whose wording is a near-verbatim copy of each other) share their origins.

    Counting the fewest rather than the most keeps a summary from overstating corroboration.
    """
    origin_sets = [set(s.origins) | {"document:" + s.document_id} for s in supports]
    # Same document: the document is one origin whatever agencies it credits per sentence.
    # Copies of copies are one copy: every group of connected copies shares all its origins
    # (whatever order the pairs come in).
    group = list(range(len(origin_sets)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for first, second in copies:
        a, b = root(first), root(second)
        if a != b:
            group[max(a, b)] = min(a, b)
    shared: dict[int, set[str]] = {}
    for i, origins in enumerate(origin_sets):
        shared.setdefault(root(i), set()).update(origins)
    origin_sets = [shared[root(i)] for i in range(len(origin_sets))]
    needs = [frozenset(o) for o in origin_sets]
    universe = sorted(set().union(*needs)) if needs else []
    if not needs:
        return 0
    if len(universe) <= EXACT_LIMIT:
        for size in range(1, len(universe) + 1):
            for chosen in itertools.combinations(universe, size):
                picked = set(chosen)
                if all(need & picked for need in needs):
                    return size
    return _greedy_cover(needs)


def _greedy_cover(needs: list[frozenset[str]]) -> int:
    remaining = list(needs)
    count = 0
    while remaining:
        tally: dict[str, int] = {}
        for need in remaining:
            for origin in need:
                tally[origin] = tally.get(origin, 0) + 1
        best = min(tally, key=lambda o: (-tally[o], o))
        remaining = [need for need in remaining if best not in need]
        count += 1
    return count


COPY_LINK = 0.6  # a link this close is the same sentence, lightly edited
COPY_LINKS = 3  # two documents sharing this many such sentences...
COPY_SHARE = 0.25  # ...making up this share of the smaller one's claims, are one copy


def copied_documents(
    links: Iterable[tuple[str, str, float]],
    document_of: dict[str, str],
    claims_per_document: dict[str, int],
) -> set[frozenset[str]]:
    """Pairs of documents that are one text reprinted (an agency story carried with its
    sign-off by one outlet and without by another): all their claims share one origin."""
    shared: dict[frozenset[str], int] = {}
    for first, second, score in links:
        a, b = document_of.get(first), document_of.get(second)
        if a is None or b is None or a == b or score < COPY_LINK:
            continue
        pair = frozenset((a, b))
        shared[pair] = shared.get(pair, 0) + 1
    return {
        pair
        for pair, count in shared.items()
        if count >= COPY_LINKS
        and count >= COPY_SHARE * min(claims_per_document.get(d, 0) for d in pair)
    }
