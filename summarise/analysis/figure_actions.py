"""What happened to the things a number counts, read from the number's clause: killed,
injured, in a serious condition, in hospital, missing, rescued, taken ill, evacuated,
arrested, charged, on strike, taking part, on board, present, held up where they are.

The action is part of what a figure measures (`FigureFact.quantity`): "38 were injured" and
"Forty diners have now been treated for burns" are one count, "five remain in a critical
condition" another, "90 people on the coach" a third. Pure, on plain text.

Order of reading, strongest first: a phrase that names a state outright ("in a critical
condition", "admitted to hospital", "on board"), then the nearest action word either side
within the clause, then what the counted noun itself says ("victims", "survivors",
"evacuees").
"""

from __future__ import annotations

import re

from summarise.analysis.terms import normalise, tokens

# What happened to the things a number counts: the nearest such word sets the action.
ACTIONS: dict[str, str] = {}
for _action, _words in {
    "release": "release released releasing releases freed free freeing returned return "
    "returning handed liberated",
    "kill": "killed kill killing kills dead death deaths died die dying fatalities toll "
    "bodies victims",
    # "treated for injuries", "treated for burns": those hurt, whatever the wording.
    "injure": "injured wounded injuries hurt treated",
    "capture": "kidnapped captured abducted seized kidnapping abduction capture",
    "hold": "held holding hold remain remaining still",
    "displace": "displaced fled flee displacement evacuated evacuation evacuations homeless "
    "evacuees shelters",
    "arrest": "arrested detained arrest arrests",
    # Charged is a later step than arrested: its own count ("63 held, 30 charged").
    "charge": "charged charging",
    # Staying away from work: "striking", "absent" (and "on strike", "joined the stoppage",
    # "walked out", read as phrases below: "the strike" alone names the event).
    "strike": "striking strikers absent absentees",
    "missing": "missing unaccounted",
    "rescue": "rescued survivors saved alive survived",
    # Hit by what happened, whatever became of them: "caught by the slide", "swept away".
    "caught": "caught swept engulfed",
    "ill": "ill sick sickened infected",
    "attend": "marched marchers protesters demonstrators turnout crowd",
    # Called off: "610 operations had been cancelled", "Cancelled flights reached 300".
    "cancel": "cancelled canceled cancellations postponed scrapped",
    # Shut: "nine wards remain closed", "closed 14 branches".
    "close": "closed shut shuttered",
    # Held up where they are: "ships waiting at anchor", "miners trapped underground".
    "waiting": "waiting stranded trapped stuck queuing",
}.items():
    for _word in _words.split():
        ACTIONS[_word] = _action
# The action a counted noun implies when the clause names none: "six victims", "73
# survivors", "eight bodies" (folded with "dead", "rescued" ... by `quantity`).
NOUN_ACTIONS = {
    normalise(word): action
    for action, words in {
        "kill": "victims bodies deaths fatalities dead",
        "injure": "injured wounded injuries",
        "rescue": "survivors",
        "displace": "evacuees",
        "strike": "strikers",
        "attend": "marchers protesters demonstrators",
        "missing": "missing",
    }.items()
    for word in words.split()
}

# States named by a phrase, strongest first: the first that matches in the figure's
# clause is the action. A serious condition is a count of its own ("eleven of them
# seriously hurt" is not the count of the injured), even inside a subset.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), action)
    for pattern, action in (
        (
            r"\b(?:serious|critical|grave|life-threatening)(?:\s+but\s+stable)?\s+condition"
            r"|\bintensive\s+care\b|\b(?:seriously|critically|gravely|badly)\s+"
            r"(?:hurt|injured|wounded|ill|burned|enough)\b",
            "critical",
        ),
        (r"\btreated\s+(?:in|at|for)\b", "injure"),
        (
            # "sending 19 people to hospital": a count taken there, whatever the verb (not
            # "according to the hospital", a source)
            r"\b(?:admitted\s+to|in|(?<!according\s)to|remain\s+in|remains\s+in|still\s+in|into)\s+"
            r"(?:a\s+|the\s+)?(?:\w+\s+){0,2}hospitals?\b|\bhospitali[sz]ed\b",
            "hospital",
        ),
        (
            r"\b(?:on|joined|join|joining|in|part\s+in)\s+(?:the\s+|a\s+)?"
            r"(?:strike|stoppage|walkout)\b"
            r"|\bwalked\s+out\b|\bstayed\s+(?:out|away|home)\b"
            # absent from work: "failed to report for work", "had not turned up for their
            # shifts", "missed shifts", "were out" (not "out of")
            r"|\b(?:failed\s+to|did\s+not|didn't|had\s+not|hadn't|have\s+not|haven't)\s+"
            r"(?:report(?:ed)?|turn(?:ed)?\s+up|show(?:ed|n)?\s+up)\b"
            r"|\bmissed\s+(?:their\s+|its\s+|his\s+|her\s+)?shifts?\b"
            r"|\b(?:were|was|are|is)\s+out\b(?!\s+of)",
            "strike",
        ),
        (
            r"\b(?:from|out\s+of|fled|flee|left|leave|leaving)\s+(?:their|his|her)\s+homes?\b"
            r"|\bmoved\s+out\b|\bforced\s+out\b",
            "displace",
        ),
        (r"\bheld\s+(?:over|in\s+custody|by\s+police|after|following|in\s+connection)\b", "arrest"),
        (
            r"\bunaccounted\s+for\b"
            r"|\bfeared\s+(?:buried|trapped|dead|drowned|lost|missing|taken)\b",
            "missing",
        ),
        (
            r"\bwithout\s+(?:power|electricity|water|heating|gas|supply)\b"
            r"|\blost\s+(?:power|electricity|supply)\b",
            "cut off",
        ),
        (r"\bwalked\s+free\b|\bset\s+free\b", "release"),
        # Everyone away from home, wherever they stay ("with relatives or in shelters"),
        # before those in shelters alone.
        # Taken to a shelter is moved out ("evacuated to shelters"); staying in one is
        # the part sheltered.
        (
            r"\bwith\s+(?:relatives|family|families|friends|neighbours|neighbors)\b"
            r"|\b(?:to|into)\s+(?:\w+\s+){0,2}?shelters?\b",
            "displace",
        ),
        (
            r"\b(?:in|at)\s+(?:\w+\s+){0,2}?(?:shelters?|(?:evacuation|relief|rest|"
            r"reception)\s+(?:centres?|centers?|camps?|sites?)|(?:emergency|temporary)\s+"
            r"(?:accommodation|housing|lodgings?))\b(?!\s+(?:for|of)\b)"
            r"|\b(?:sheltering|sheltered|housed|put\s+up|spent\s+the\s+night)\s+(?:in|at)\b",
            "shelter",
        ),
        (
            r"\bpulled\s+(?:alive\s+)?from\b|\bbrought\s+(?:\w+\s+)?ashore\b",
            "rescue",
        ),
        (r"\b(?:fallen|fell|been\s+taken|were\s+taken|was\s+taken)\s+ill\b", "ill"),
        (r"\bcalled\s+off\b", "cancel"),
        (r"\blost\s+(?:their|his|her)\s+lives?\b", "kill"),
        (r"\btook\s+part\b|\bjoined\s+(?:the\s+|a\s+)?(?:march|rally|protest)\b", "attend"),
        (
            r"\bon\s+board\b|\baboard\b|\bcarrying\b"
            r"|\bon\s+the\s+(?:train|ship|plane|ferry|bus)\b",
            "aboard",
        ),
        (
            r"\bon\s+(?:site|shift|duty)\b|\bon\s+the\s+\w+\s+shift\b|\bat\s+work\b"
            r"|\bclocked\s+on\b|\b(?:were|was)\s+(?:in|inside)\s+the\s+(?:building|plant|"
            r"factory|mill|mine|site|premises|warehouse|tunnel)\b|\b(?:were|was)\s+inside\b"
            r"|\binside\b(?!\s+(?:the|a|an|of|its|their)\b)",
            "present",
        ),
    )
)
# Clause boundaries for phrases: a phrase across a semicolon, colon or sentence end, or
# after a new clause's subject ("..., and 38 were injured"), belongs to another number.
_CLAUSE_END = re.compile(
    r"[.;:!?](?!\d)|,\s+(?:and|but|while|as|after|before|when|because|since|although|"
    r"though|whereas|which|who|including|of\s+whom|among)\s"
    r"|,\s+(?=\S+\s+(?:of\s+(?:them|whom|those)|who)\b)|\s(?:and|while)\s+\d"
    # a clause of what someone said: "down to 19, saying a woman ... was treated in hospital"
    r"|,\s+(?:saying|adding|noting|explaining)\b"
    # the next count's own clause starts after "and": "21 remain in hospital and 12 ..."
    r"|\s(?:and|while)\s+$"
    # a participle clause of its own: "killing at least four and leaving 24 feared buried"
    # ("killing one guide and sending 19 climbers to hospital"): a participle and its count
    # after "and", or a participle after a comma, open a clause whose verb says what its
    # count counts
    r"|\s+and\s+(?=(?:leaving|injuring|wounding|forcing|trapping|stranding)\b)"
    r"|\s+and\s+(?=[a-z]{2,}ing\s+(?:at\s+least|about|some|around|nearly|more\s+than|up\s+to|"
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)|,\s+(?=[a-z]{2,}ing\s+(?:the|a|an|at|about|some|\d)\b)"
    # another count after a comma: "Nineteen remain in hospital, three in intensive care"
    r"|,\s+(?=(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred)\b))"
)
ACTION_WINDOW = 8  # tokens either side of a figure in which its action word is looked for
_PHRASE_REACH = 90  # characters after a figure, within its clause
_PHRASE_BACK = 40  # characters before it


def action_near(text: str, at: int, length: int) -> str | None:
    """What happened to what the number at text[at:at+length] counts, or None."""
    phrase = _phrase_action(text, at, length)
    if phrase == "critical":
        return phrase  # "seven of them badly burned": the condition names the count
    word = _word_action_near(text, at, length, reach=2)
    if word is not None and word != "hold" and not (phrase and _noun_says(text, at, length)):
        return word  # "nearly 25 missing", "Fifty-eight fans were detained"
    return phrase or _word_action_near(text, at, length)


def _noun_says(text: str, at: int, length: int) -> bool:
    """The counted noun itself implies the action ("32 survivors"): a phrase naming their
    state now ("were being treated in hospital") says what this count counts."""
    following = tokens(text[at + length : at + length + 30])[:1]
    return bool(following) and normalise(following[0]) in NOUN_ACTIONS


def _clause(text: str, at: int, length: int) -> tuple[str, str]:
    """The figure's clause before and after it (bounded by `_CLAUSE_END`)."""
    before = text[max(0, at - _PHRASE_BACK) : at]
    cuts = list(_CLAUSE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    if whole := _WHOLE_BEFORE.search(before):
        before = before[whole.end() :]  # "Of the 154 on board, 121 ...": the whole's state
    after = text[at + length : at + length + _PHRASE_REACH]
    if whole := _WHOLE_AFTER.match(after):
        after = after[whole.end() :]  # "14 of the 22 people on the bus survived": the part's
    cut = _CLAUSE_END.search(after)
    return before, after[: cut.start()] if cut else after


# A whole the figure is counted out of, opening its clause: what happened to the whole ("on
# board") is not what the part counts ("Of the 154 people on board, 121 were rescued").
_WHOLE_BEFORE = re.compile(
    r"\b(?:of|out\s+of|among)\s+(?:the|its|their|all|those)\b[^,;.]*,\s*$", re.IGNORECASE
)


# The whole a part is counted out of, after it, up to the part's own verb.
_WHOLE_AFTER = re.compile(
    r"^\s+of\s+(?:the|its|their)\s+[\d,]+\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?=(?:were|was|had|have|has|are|is|remain|remained|died|survived|[a-z]+ed)\b)"
)


def _phrase_action(text: str, at: int, length: int) -> str | None:
    before, after = _clause(text, at, length)
    for pattern, action in _PHRASES:
        if pattern.search(after) or pattern.search(before):
            return action
    # A verb before the number and where it took them after it: "brought 12 workers to the
    # surface", "lifted 30 people to safety".
    if _TAKEN_TO.search(before) and (_TO_SAFETY.match(after) or _FROM_DANGER.match(after)):
        return "rescue"
    return None


_TAKEN_TO = re.compile(
    r"\b(?:brought|lifted|winched|carried|led|helped|pulled|plucked|dug|hauled)\s+$"
)
# "pulled 120 people from the water", "dug nine survivors out of the rubble".
_FROM_DANGER = re.compile(
    r"^\s+(?:[a-z][\w\-]*\s+){0,3}?(?:from|out\s+of)\s+(?:the\s+)?(?:water|sea|river|"
    r"rubble|wreckage|debris|floodwaters?|flood|mud|ice|mine|rooftops?|hull|sinking)\b"
)
_TO_SAFETY = re.compile(r"^\s+(?:[a-z][\w\-]*\s+){0,3}?to\s+(?:the\s+surface|safety)\b")


def _word_action_near(text: str, at: int, length: int, reach: int = ACTION_WINDOW) -> str | None:
    before = tokens(text[max(0, at - 200) : at])
    after = tokens(text[at + length : at + length + 200])
    best: tuple[int, int, str] | None = None  # (weak, distance, action)
    for side in (reversed(before[-reach:]), after[:reach]):
        for distance, token in enumerate(side, start=1):
            if token in ".;!?" or token in _REPORTING:
                break  # "... 400 drivers absent and said three of its depots": another clause
            if token in ACTIONS:
                # "still" and "remain" say only that a count goes on: "Fifteen people are
                # still missing" counts the missing.
                found = (int(token in _WEAK), distance, ACTIONS[token])
                best = found if best is None else min(best, found)
                if not found[0]:
                    break
    if best and best[2] == "hold" and _ARREST_WORDS.search(_sentence_of(text, at)):
        return "arrest"  # "arrested five more, bringing the number held to 31"
    return best[2] if best else None


_WEAK = frozenset({"still", "remain", "remaining"})
_REPORTING = frozenset({"said", "says", "told", "added", "stated", "reported", "announced"})


_ARREST_WORDS = re.compile(r"\b(?:arrest(?:ed|s)?|detain(?:ed)?|police\s+custody)\b", re.I)


def _sentence_of(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("; ", 0, at)) + 1
    end = text.find(". ", at)
    return text[start : end if end >= 0 else len(text)]
