"""Claim text that stands alone: name what a sentence leaves to its neighbours.

The quote and its offsets never change; only the claim `text` does, by these rules, tried in
order and each named in the claim's `context_note` so a reviewer sees what was done:

  fragment    a sentence inside a quotation with no speaker of its own becomes
              `<speaker> said: “<fragment>”` (the speaker of the quotation, as attribution
              resolved it); with no named speaker the text is kept and needs context.
  speaker     "He said ..." / "..., he added." where attribution resolved the pronoun to a
              named speaker: the pronoun becomes the name.
  subject     a leading "He"/"She"/"His"/"Her" becomes the previous sentence's subject
              when that is a named person, else the last named person (speaker or
              subject) of the last three sentences (never a guess at who the article is
              about: tried, it named the wrong person in 2 of 3 cases); a leading
              "They"/"It"/"Their"/"Its"
              becomes the previous sentence's subject when that names a group or thing
              ("Russian Space Command"), never a person; after a sentence whose
              person made something ("has created an amazing video"), "It" is that
              thing ("The amazing video").
  role        "The minister", "the spokesman" ... at the start becomes the one named
              person the article introduced with that role ("defence minister Roberta
              Pinotti"); with two such people it is ambiguous and left alone. With none
              yet, the one person the article gives that role anywhere, title in any case:
              a lede's "The sheriff who ..." is "Fenlow County Sheriff Orla Vantry".
  name        last, a bare surname ("Vale said", "Mr Vale's") of a person the article
              named in full before becomes the full name, once per claim, never inside a
              quotation (full_names.py): claims are read apart from the sentence that
              introduced the person, and fact recall counts the name's words.
Anything else that opens with a bare pronoun keeps its text and is marked `needs_context`.

All patterns are linear: single character classes with bounded or unambiguous repeats, and
trailing punctuation is stripped with str methods, not `+$` patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarise.backends.regex.attribution import SPEECH_VERBS
from summarise.backends.regex.referents import ROLE_WORDS, Referents

PERSON_PRONOUNS = {"he": "", "she": "", "his": "'s", "her": "'s"}
THING_PRONOUNS = {"they": "", "it": "", "their": "'s", "its": "'s"}

LEADING_ROLE_PATTERN = r"^(?:The|the)\s+(?P<role>" + "|".join(sorted(ROLE_WORDS)) + r")\b"
# A subject pronoun after a short opening phrase: "In a film he refused ...".
OPENING_THEN_PRONOUN_PATTERN = (
    r"^(?:In|On|At|During|After|Before|Later|Earlier|Then|Yesterday|Today|Last)\b"
    r"[^,“”\"]{0,60}?,?\s(?P<pronoun>he|she)\s+(?=[a-z])"
)
# "It" that stands for nothing: "It emerged that ...", "It was claimed today ...".
EXPLETIVE_IT_PATTERN = (
    r"^It\s+(?:later\s+|also\s+|now\s+)?(?:emerged|emerges)\b"
    r"|^It\s+(?:emerged|emerges|appears|appeared|seems|seemed|remains|remained|is|was|"
    r"has\s+been|had\s+been|will\s+be|would\s+be)\s+(?:[a-z]+\s+)?(?:that|to|unclear|"
    r"clear|not|claimed|reported|said|believed|thought|understood|expected|likely|unlikely|"
    r"possible|alleged|feared|estimated|known|hoped|time|too)\b"
    r"|^It\s+(?:is|was|will\s+be|would\s+be|has\s+been)\s+(?:[a-z]+\s+){1,2}(?:that|to|for|"
    r"if|whether|when|how)\b"
)
# "..., he said." at the end: the speaker pronoun of a trailing attribution.
TRAILING_PRONOUN_PATTERN = r"(?P<before>[,”\"’]\s+)(?P<pronoun>he|she|they)(?P<after>\s+[a-z]+)"

RULE_SOURCES: tuple[str, ...] = (
    LEADING_ROLE_PATTERN,
    TRAILING_PRONOUN_PATTERN,
    EXPLETIVE_IT_PATTERN,
    OPENING_THEN_PRONOUN_PATTERN,
)

_LEADING_ROLE = re.compile(LEADING_ROLE_PATTERN)
_TRAILING_PRONOUN = re.compile(TRAILING_PRONOUN_PATTERN)
_EXPLETIVE_IT = re.compile(EXPLETIVE_IT_PATTERN)
_OPENING_THEN_PRONOUN = re.compile(OPENING_THEN_PRONOUN_PATTERN)
_SPEECH_VERBS = frozenset(SPEECH_VERBS.split("|"))
_FIRST_WORD = re.compile(r"[\w’']+")
_OPEN_QUOTES = "“\"‘'"
_CLOSE_QUOTES = "”\"’'"


@dataclass
class Standalone:
    text: str
    needs_context: bool = False
    note: str | None = None
    referent: str | None = None  # what a leading pronoun was named as: the next subject


def standalone(
    text: str,
    *,
    attribution: str | None,
    named_speaker: str | None,
    fragment: bool,
    referents: Referents,
) -> Standalone:
    """The claim text for one sentence, made to stand alone where a rule can do it safely.

    `text` is the sentence on one line; `attribution` as resolved (maybe "he (X)");
    `named_speaker` the named speaker behind it, if any; `fragment` is True for a sentence
    inside a quotation that has no speaker of its own.
    """
    result = _standalone(text, attribution, named_speaker, fragment, referents)
    named = referents.full_names.name_in_full(result.text)
    if named is None:
        return result
    return Standalone(named[0], result.needs_context, _join(result.note, named[1]), result.referent)


def _standalone(
    text: str,
    attribution: str | None,
    named_speaker: str | None,
    fragment: bool,
    referents: Referents,
) -> Standalone:
    if fragment:
        return _frame_fragment(text, named_speaker)
    result = _name_leading_pronoun(text, attribution, named_speaker, referents)
    if result is None:
        result = Standalone(text)
        role = _LEADING_ROLE.match(text)
        if role and (person := referents.only_person_with(role.group("role"))):
            note = f"'{role.group(0)}' -> '{person}' (the article's only {role.group('role')})"
            result = Standalone(person + text[role.end() :], note=note)
    pronoun = attribution.split(" ", 1)[0].lower() if attribution else ""
    if named_speaker and (
        pronoun == "they" or (pronoun in ("he", "she") and referents.is_person(named_speaker))
    ):
        result = _replace_trailing_speaker(result, named_speaker)
    balanced = _balance_quotes(result.text)
    if balanced.note:
        note = _join(result.note, balanced.note)
        result = Standalone(balanced.text, result.needs_context, note, result.referent)
    return result


def _name_leading_pronoun(
    text: str, attribution: str | None, named_speaker: str | None, referents: Referents
) -> Standalone | None:
    """The text with its leading pronoun named, or marked as needing context; None when it
    does not open with a pronoun."""
    opening = _OPENING_THEN_PRONOUN.match(text)
    if opening:
        # "In a film he refused ...": the subject pronoun right after an opening phrase.
        referent = referents.subject if referents.subject_is_person else referents.recent_person()
        if referent:
            pronoun = opening.group("pronoun")
            new = text[: opening.start("pronoun")] + referent + text[opening.end("pronoun") :]
            note = f"'{pronoun}' -> '{referent}' ({_RULE_NAMES['subject']})"
            return Standalone(new, note=note, referent=referent)
    first = _first_word(text)
    lower = first.lower()
    if (
        named_speaker
        and attribution
        and attribution.split(" ", 1)[0].lower() == lower
        and lower in ("he", "she", "they")
        and (lower == "they" or referents.is_person(named_speaker))
        and _speaks_first(text, attribution)
    ):
        return _replace_first(text, first, named_speaker, "", "speaker")
    if lower in PERSON_PRONOUNS:
        referent = referents.subject if referents.subject_is_person else referents.recent_person()
        if referent:
            return _replace_first(text, first, referent, PERSON_PRONOUNS[lower], "subject")
        return Standalone(text, True, f"'{first}': no named person in the sentence before")
    if lower == "it" and _EXPLETIVE_IT.match(text):
        return Standalone(text)  # "It emerged today that ...": no referent to name
    if lower in ("it", "its") and referents.subject_is_person and referents.made:
        # "König has created an amazing video ... . It was made by ...": not König.
        return _replace_first(text, first, referents.made, THING_PRONOUNS[lower], "made")
    if lower in THING_PRONOUNS:
        referent = referents.subject if not referents.subject_is_person else None
        plural = referent is not None and _plural(referent)
        if referent and plural == (lower in ("they", "their")):
            return _replace_first(text, first, referent, THING_PRONOUNS[lower], "subject")
        return Standalone(text, True, f"'{first}': no named group or thing in the sentence before")
    return None


def _balance_quotes(text: str) -> Standalone:
    """A sentence that opens or closes a quotation spanning several sentences gets the
    missing mark, so the claim text reads as a whole quotation: an opening mark only when
    the sentence's first mark closes ("... to the people,” he said."), a closing one only
    when its last mark opens ("He said: “We will go."). A stray mark inside the sentence (a
    typo in the copy) is left as it is. A straight mark pairs with either curly one: copy
    often mixes them ("“We will go," he said")."""
    opening, closing, straight = text.count("“"), text.count("”"), text.count('"')
    if (opening + closing + straight) % 2 == 0 and abs(opening - closing) <= straight:
        return Standalone(text)
    marks = [(i, ch) for i, ch in enumerate(text) if ch in '“”"']
    first_index, first = marks[0]
    last_index, last = marks[-1]
    # Judged by where the mark stands, not which way it curls: copy sometimes types a
    # closing quote as “ ("... between the two sides“, without ...").
    if first in '”"' and not _opens_at(text, first_index):
        mark = "“" if first == "”" else '"'
        return Standalone(mark + text, note=_QUOTE_OPENED)
    if last in '“"' and _opens_at(text, last_index):
        mark = "”" if last == "“" else '"'
        return Standalone(text + mark, note=_QUOTE_CLOSED)
    return Standalone(text)


def _opens_at(text: str, index: int) -> bool:
    """A quote mark at `index` opens: at the start, or after a space, a colon or a bracket,
    and before a word."""
    if text[index + 1 : index + 2].isspace() or index + 1 == len(text):
        return False
    return index == 0 or text[index - 1].isspace() or text[index - 1] in "(:[—–-"


_QUOTE_CLOSED = "quotation continues in the next sentence: closing mark added"
_QUOTE_OPENED = "quotation began in an earlier sentence: opening mark added"


def _frame_fragment(text: str, speaker: str | None) -> Standalone:
    inner = text.lstrip(_OPEN_QUOTES + " ")
    inner = inner.rstrip(_CLOSE_QUOTES + " ") if _unclosed_at_end(inner) else inner
    if speaker is None:
        balanced = _balance_quotes(text)
        note = "a fragment of a quotation with no named speaker"
        return Standalone(balanced.text, True, _join(balanced.note, note))
    if inner.count("“") != inner.count("”") or inner.count('"') % 2:
        return Standalone(text, True, "a fragment of a quotation that does not parse")
    closed = speaker + "," if "," in speaker else speaker  # "Tony Mole, of the unit, said"
    return Standalone(
        f"{closed[:1].upper()}{closed[1:]} said: “{inner}”",
        note=f"quotation fragment framed with its speaker ('{speaker}')",
    )


def _unclosed_at_end(inner: str) -> bool:
    """The fragment ends with a closing quote whose opening is in an earlier sentence."""
    stripped = inner.rstrip()
    if not stripped or stripped[-1] not in _CLOSE_QUOTES:
        return False
    if stripped[-1] == "”":
        return inner.count("”") > inner.count("“")
    if stripped[-1] == '"':
        return inner.count('"') % 2 == 1
    return True  # ’ / ' after final punctuation closes a single-quoted passage


def _replace_first(text: str, first: str, referent: str, suffix: str, rule: str) -> Standalone:
    head, comma, _ = referent.partition(",")
    if comma and suffix:
        referent = head  # "Sir Michael Graydon's", not "..., former head of the RAF's"
    elif comma:
        suffix = ","  # "Sir Michael Graydon, former head of the RAF, said"
    if suffix == "'s" and referent.endswith("s"):
        suffix = "'"
    new = referent[:1].upper() + referent[1:] + suffix + text[len(first) :]
    note = f"'{first}' -> '{referent}' ({_RULE_NAMES[rule]})"
    return Standalone(new, note=note, referent=referent)


_RULE_NAMES = {
    "speaker": "the speaker attribution resolved",
    "subject": "the subject of the sentence before",
    "made": "what the person in the sentence before made",
}


def _replace_trailing_speaker(result: Standalone, speaker: str) -> Standalone:
    matches = list(_TRAILING_PRONOUN.finditer(result.text))
    if not matches:
        return result
    m = matches[-1]
    if m.group("after").strip() not in _SPEECH_VERBS:
        return result  # "..., he bought four weapons": not the speaker
    if result.text.count("“", m.end()) or result.text.count('"', m.end()):
        return result  # the pronoun is not in the last, unquoted stretch
    new = result.text[: m.start("pronoun")] + speaker + result.text[m.end("pronoun") :]
    note = f"'{m.group('pronoun')}' -> '{speaker}' ({_RULE_NAMES['speaker']})"
    return Standalone(new, result.needs_context, _join(result.note, note), result.referent)


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def _speaks_first(text: str, attribution: str) -> bool:
    """The sentence opens with its speaker pronoun: "He said ...", "She added that ..."."""
    words = text.split(maxsplit=3)
    return len(words) > 1 and words[1].rstrip(",:").islower()


def _first_word(text: str) -> str:
    m = _FIRST_WORD.match(text)
    return m.group(0) if m else ""


def _plural(phrase: str) -> bool:
    """'The inspectors', 'Oklahoma and Nebraska', 'Members of the Alliance'."""
    words = phrase.split()
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return " and " in phrase or (head.endswith("s") and not head.endswith(("ss", "us", "is")))
