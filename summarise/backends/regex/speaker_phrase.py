"""A speaker is a noun phrase: trim a leading "speaker" that took in part of a clause.

The leading attribution pattern takes everything before the speech verb. Most of the time
that is the speaker ("Lock master Tova Reinholt said"), but in these shapes it is not,
and the speaker is a noun phrase inside it:

  label        "Rescued: Coxswain Iver Dunlop said"         -> "Coxswain Iver Dunlop"
  time word    "Today Mr Dunlop said"                        -> "Mr Dunlop"
  same subject "Iver Dunlop steered the boat home and told"  -> "Iver Dunlop" (what comes
               before the first past-tense verb)
  new subject  "The skipper climbed onto the hull and Marta Quell said" -> "Marta Quell"
  time clause  "The film spread fast, the same day Olav Rusk warned"    -> "Olav Rusk"

With no noun phrase to trim to, the sentence has no leading speaker (None), and the other
attribution patterns are tried.
"""

from __future__ import annotations

import re

from summarise.vocabulary import wordset

# A caption's label before the sentence: "Rescued: ".
LABEL_PATTERN = r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,2}:\s+(?=[A-Z])"
# A time word opening the sentence without a comma: "Today Mr Dunlop said".
LEADING_TIME_PATTERN = r"^(?:Today|Yesterday|Tonight|Now|Later|Earlier|Then|Meanwhile)\s+(?=[A-Z])"
# A clause of time before the speaker: "..., the same day Olav Rusk".
TIME_CLAUSE_PATTERN = (
    r"^(?:on\s+)?(?:the\s+same\s+day|the\s+(?:next|following)\s+day|that\s+day|the\s+day|"
    r"(?:hours|days|moments|minutes|weeks)\s+later|shortly\s+after(?:wards)?|as|while|when)"
    r"\s+(?P<speaker>.+)$"
)
# Irregular past tenses that show a clause ("Ann Vale ran ..."); regular ones end in -ed.
PAST_VERBS = wordset(
    "ran got went took made came gave saw sat stood left held put set won lost met fell broke "
    "drove flew threw began brought bought caught found kept paid sent spent thought knew "
    "climbed"
)
MAX_NAME_WORDS = 6

RULE_SOURCES: tuple[str, ...] = (
    LABEL_PATTERN,
    LEADING_TIME_PATTERN,
    TIME_CLAUSE_PATTERN,
    " ".join(sorted(PAST_VERBS)),
    str(MAX_NAME_WORDS),
)

_LABEL = re.compile(LABEL_PATTERN)
_LEADING_TIME = re.compile(LEADING_TIME_PATTERN)
_TIME_CLAUSE = re.compile(TIME_CLAUSE_PATTERN)
_WORD = re.compile(r"[\w’'-]+")


def noun_phrase(speaker: str) -> str | None:
    """`speaker` trimmed to the noun phrase that speaks, or None when there is none."""
    speaker = _LABEL.sub("", speaker, count=1)
    speaker = _LEADING_TIME.sub("", speaker, count=1)
    words = speaker.split()
    if len(words) > 1 and words[-1] in ("and", "but"):
        # "Iver Dunlop steered the boat home and told ...": what comes before the first verb.
        verb = next((m for m in _WORD.finditer(speaker) if _past_verb(m.group())), None)
        return speaker[: verb.start()].rstrip(" ,") or None if verb else None
    if " and " in speaker and not speaker.endswith(","):
        # (Not "Ann Vale, who served in Arlen and Tosk, said": that "and" is in an aside.)
        head, tail = speaker.rsplit(" and ", 1)
        if _names(tail) and _has_past_verb(head):
            return tail  # "... climbed onto the hull and Marta Quell said"
    if ", " in speaker:
        head, tail = speaker.rsplit(", ", 1)
        m = _TIME_CLAUSE.match(tail)
        if m and _names(m.group("speaker")):
            return m.group("speaker")  # "..., the same day Olav Rusk warned"
    return speaker


def _names(phrase: str) -> bool:
    """A short phrase ending on a capitalised word: "Marta Quell", "harbour master Olav
    Rusk"."""
    words = _WORD.findall(phrase)
    return 0 < len(words) <= MAX_NAME_WORDS and words[-1][0].isupper()


def _has_past_verb(clause: str) -> bool:
    return any(_past_verb(w) for w in _WORD.findall(clause))


def _past_verb(word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4 and word[0].islower()) or word in PAST_VERBS
