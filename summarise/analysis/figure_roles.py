"""A figure's role in the claim that states it, read from the words around it: a value given as
the earlier one ("down from 40", "had earlier put the total at 31"), a corrected one
("revised down to six from seven", "an earlier version said", "to 28, not 48"), an
increment ("three more", "a further seven"), a place ("three kilometres east of the
depot"), or another quantity than the story's count: a capacity, rule or whole ("built for
300", "a limit of 50", "of its 3,000 members", "the 25 it had promised"), a plan ("would be
cut to 3 kilometres"), another time ("in 2019", "ten years ago").

Pure, on plain text; `figure_facts` turns the last three into `FigureFact.context`.
"""

from __future__ import annotations

import re

# Another time or event: "in 2019", "since the 2022 stoppage", "ten years ago", "last year",
# "in a separate accident".
_OTHER_TIME = re.compile(
    r"\b(?:in|since|of|during|the)\s+(?:the\s+)?(?:19|20)\d\d\b|\byears?\s+ago\b"
    r"|\blast\s+year\b|\bin\s+an?\s+(?:separate|unrelated|earlier|previous)\b",
    re.IGNORECASE,
)
# "down from", "up from a peak of", "revised down to six from": the value before this one.
_EARLIER = re.compile(
    r"(?:\b(?:down|up|rose|risen|rising|fell|fallen|falling|climbed|dropped|revised|corrected|"
    r"lowered|raised|cut|reduced|increased)"
    r"\b[^.;]{0,40}?\bfrom|\bto\s+(?:[\w,.]+\s+){1,2}?from|\bcompared with"
    r"|\bprevious(?:ly)?(?:\s+\w+){0,3})\s+"
    r"(?:(?:a|the|an)\s+)?(?:(?:peak|high|low|total|figure|estimate|count)\s+of\s+)?"
    r"(?:(?:some|about|around|nearly|more than|at least)\s+)?$",
    re.IGNORECASE,
)
# A value said to have been wrong: a correction, not the news moving on.
_CORRECTION = re.compile(
    r"\b(?:revised|corrected|correction|erroneous(?:ly)?|wrongly|mistaken(?:ly)?|in error|"
    r"an earlier version|a previous version|misstated|counted\s+twice|double[\s-]count(?:ed)?|"
    r"the error)\b",
    re.IGNORECASE,
)
# "corrected the number to 28, not 48", "the figure is 12 rather than 21": the value set
# against the one just stated is the one it says is wrong.
_NOT_THAT = re.compile(
    r"\d[\d,.]*(?:\s+[a-z]+){0,3},?\s+(?:not|rather\s+than|instead\s+of)\s+"
    r"(?:(?:the|some|about|around|nearly)\s+)?$",
    re.IGNORECASE,
)
_EARLIER_VERSION = re.compile(
    r"\b(?:an earlier version|a previous version|previously reported|misstated|misreported|"
    r"(?:incorrectly|wrongly) (?:said|reported|stated|gave))"
    r"\b[^.;]{0,60}$",
    re.IGNORECASE,
)


# "can carry 300", "a capacity of 300", "plans to hire 50", "employs 4,200": not a count of
# what happened.
_CAPACITY = re.compile(
    r"\b(?:can|could|capacity(?:\s+of)?|designed\s+(?:to|for)|built\s+(?:to|for)|room\s+for|"
    r"(?:licen[cs]ed|allowed|permitted|certified|rated)\s+(?:to|for)|"
    r"able\s+to|plans?\s+to|"
    r"planned|aims?\s+to|seats?|holds?\s+up\s+to|"
    # the whole body, not those something happened to: "employs 4,200", "a workforce of"
    r"employs|employing|workforce\s+of|membership\s+of|population\s+of|"
    # what something habitually serves or carries, not what happened: "the plant serves
    # 40,000 people", "the tanker carries 3,100 tonnes" ("was carrying 96" is a count)
    r"serves|supplies|carries|accommodates|houses|"
    # a rule, not a count: "a limit of 50", "capped at 30"
    r"limits?\s+of|limited\s+to|capped\s+at|caps|maximum\s+of)\s+(?:[a-z]+\s+){0,2}"
    r"(?:(?:some|about|around|up to|more than)\s+)?$",
    re.IGNORECASE,
)
# "carries 12 workers at a time": what it can take, not how many it took.
_AT_A_TIME = re.compile(
    r"^(?:\s+[a-z][\w\-]*){0,3}\s+at\s+(?:a|one)\s+time\b|^(?:\s+[a-z][\w\-]*){0,3}\s+at\s+once\b"
)
# A plan, not a count yet: "would be cut back to 1 kilometre", "will hire 40 more".
_PLAN = re.compile(
    r"\b(?:would|will|shall|is\s+to|are\s+to|is\s+due\s+to|are\s+due\s+to)\s+"
    r"(?:[a-z]+\s+){0,4}(?:(?:some|about|around|up to|more than|at least)\s+)?$",
    re.IGNORECASE,
)
# "N of the M X it had promised": M is what was promised, N what was done.
_PROMISED_AFTER = re.compile(
    r"^(?:\s+[a-z][\w\-]*){0,3}\s+(?:(?:that|which)\s+)?(?:it|they|he|she|the\s+\w+)\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:promised|pledged|planned|agreed|undertaken|committed)\b"
)
# A place, not a quantity: "three kilometres east of the depot", "150 km along the river".
_LOCATION_AFTER = re.compile(
    r"^\s*(?:kilometres?|kilometers?|km|miles?|metres?|meters?)\s+(?:\w+\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|from|away|"
    r"outside|off|up|down|along|inland|offshore|beyond|short\s+of)\b",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(
    r"\d[\d,.]*(?:\s+(?:million|billion|thousand))?\s+of\s+"
    r"(?:(?:the|its|their)\s+(?:[\w\-]+[’']s\s+)?|(?:[A-Z][\w\-]*\s+)?[A-Z][\w\-]*[’']s\s+)$"
)
_OWN_ACTION_AFTER = re.compile(
    r"^(?:\s+(?:million|billion|thousand))?"
    r"(?:\s+(?!(?:were|was|are|is|have|has|had|been|will|would)\b)[A-Za-z][\w\-]*){1,2}?\s+"
    r"(?:[a-z]+ed|killed|hurt|held|missing|dead|taken)\b"
)
# An increment, not the count so far: "three more bodies", "a further seven people".
_MORE_AFTER = re.compile(r"^\s+(?:more|further|additional|extra|other)\b", re.IGNORECASE)
_MORE_BEFORE = re.compile(r"\b(?:a\s+further|another|an\s+additional|an\s+extra)\s+$", re.I)
# The size of a mistake in the count, not the count: "three victims had been counted twice".
_DOUBLE_COUNTED = re.compile(
    r"^(?:\s+[a-z][\w\-]*){0,4}?\s+(?:counted\s+(?:twice|two\s+times|double)|"
    r"double[\s-]counted|(?:listed|recorded)\s+twice)\b",
    re.IGNORECASE,
)
# "The agency had earlier put the total at 31": a value given as the one before.
_EARLIER_GIVEN = re.compile(
    r"\b(?:earlier|previously|initially|at\s+first|originally)\s+"
    r"(?:given|gave|put|said|reported|stated|estimated|counted)\b[^.;]{0,40}$",
    re.IGNORECASE,
)


CONTEXTS = frozenset({"capacity", "plan", "background"})


def role_of(text: str, at: int, raw: str) -> str:
    """The role of the figure written `raw` at `at` in `text` (see `FigureFact.role`), or a
    context role ("capacity", "plan", "background") that `figure_facts` makes a context."""
    # Another time in the figure's own clause ("the largest since the 2019 Selby fire, which
    # burned 12,000"), not in a clause beside it ("The figure is 9; the 27 were lost in
    # 2018").
    start = max(text.rfind(";", 0, at), text.rfind(". ", 0, at)) + 1
    ends = [i for i in (text.find(";", at), text.find(". ", at)) if i >= 0]
    if _OTHER_TIME.search(text[start : min(ends) if ends else len(text)]):
        return "background"
    before = text[max(0, at - 80) : at]
    after = text[at + len(raw) : at + len(raw) + 80]
    if _LOCATION_AFTER.match(after):
        return "location"
    if _MORE_AFTER.match(after) or _MORE_BEFORE.search(before):
        return "increment"  # "three more bodies", "a further seven people": not the total
    if _DOUBLE_COUNTED.match(after):
        return "increment"  # "three victims counted twice": a change, not a total
    if _CAPACITY.search(before[-40:]) or _AT_A_TIME.match(after):
        return "capacity"
    if _PLAN.search(before[-50:]) and not (
        re.search(r"\bthe\s+$", before) and _OWN_ACTION_AFTER.match(after)
    ):
        # ("would reschedule the 360 operations cancelled": the 360 were cancelled; a plan
        # about a known count is not the plan's figure.)
        return "plan"
    if re.search(r"\bof\s+the\s+$", before[-8:]) and _PROMISED_AFTER.match(after):
        return "capacity"  # "18 of the 25 clinics it had promised": 25 were promised
    if _PART_BEFORE.search(before) and not _OWN_ACTION_AFTER.match(after):
        # "1.9 million of the region's 2.4 million residents have fled": the whole the
        # part is counted in, not a count of those who fled ("8 of the 19 fans
        # arrested": 19 were arrested).
        return "capacity"
    if _EARLIER_GIVEN.search(before):
        return "earlier"
    if _EARLIER_VERSION.search(before) or _NOT_THAT.search(before[-40:]):
        return "corrected"
    if _EARLIER.search(before):
        return "corrected" if _CORRECTION.search(text) else "earlier"
    return ""
