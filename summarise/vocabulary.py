"""Word tables the rules share: the regex backend's and the analysis layer's, written once.

A table that both the extraction rules (`backends/regex/`) and the analysis of stored claims
(`analysis/`) read lives here, so the two cannot drift apart. The module sits in the
`ingest | grounding` layer so that both may import it, and it imports nothing from the package.
The regex backend's rules version hashes the tables it uses (their text, not this module), so
moving a table here does not change the version.
"""

from __future__ import annotations


def wordset(words: str) -> frozenset[str]:
    """A rule table written as one string of space-separated words."""
    return frozenset(words.split())


# Month names and their abbreviations, lower case, with the month's number ("may" is a month
# here; callers that also meet the verb match capitalised names only).
MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# The past participle that names a counted action in a subject: "hostages released".
PAST_TENSE: dict[str, str] = {
    "release": "released",
    "kill": "killed",
    "injure": "injured",
    "capture": "captured",
    "hold": "held",
    "displace": "displaced",
    "shelter": "in shelters",
    "arrest": "arrested",
    "charge": "charged",
    "strike": "on strike",
    "critical": "in a serious condition",
    "hospital": "in hospital",
    "missing": "missing",
    "rescue": "rescued",
    "caught": "caught",
    "ill": "taken ill",
    "attend": "taking part",
    "aboard": "on board",
    "present": "present",
    "waiting": "stranded",
    "cancel": "cancelled",
    "close": "closed",
    "cut off": "cut off",
}
