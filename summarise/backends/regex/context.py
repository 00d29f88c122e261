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
              subject) of the last three sentences; a leading "They"/"It"/"Their"/"Its"
              becomes the previous sentence's subject when that names a group or thing
              ("Russian Space Command"), never a person.
  role        "The minister", "the spokesman" ... at the start becomes the one named
              person the article introduced with that role ("defence minister Roberta
              Pinotti"); with two such people it is ambiguous and left alone.
Anything else that opens with a bare pronoun keeps its text and is marked `needs_context`.

All patterns are linear: single character classes with bounded or unambiguous repeats, and
trailing punctuation is stripped with str methods, not `+$` patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarise.backends.regex.attribution import SPEECH_VERBS

PERSON_PRONOUNS = {"he": "", "she": "", "his": "'s", "her": "'s"}
THING_PRONOUNS = {"they": "", "it": "", "their": "'s", "its": "'s"}
# Words of a title before a name: "Italian defence minister Roberta Pinotti".
ROLE_WORDS = frozenset(
    [
        "minister",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "commander",
        "chief",
        "director",
        "governor",
        "senator",
        "ambassador",
        "general",
        "official",
        "prosecutor",
        "judge",
        "mayor",
        "leader",
        "chairman",
        "chancellor",
        "premier",
        "envoy",
        "attorney",
        "captain",
        "officer",
        "adviser",
        "commissioner",
        "superintendent",
        "inspector",
        "sheriff",
        "coach",
        "manager",
        "founder",
        "master",
        "councillor",
        "correspondent",
        "resident",
    ]
)
# Capitalised words that open a sentence without being its subject.
NOT_A_SUBJECT = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "After",
        "Before",
        "When",
        "While",
        "But",
        "And",
        "However",
        "Meanwhile",
        "Also",
        "Yet",
        "So",
        "If",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Some",
        "Many",
        "Most",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "Last",
        "Next",
        "Since",
        "During",
        "Under",
        "Over",
        "Despite",
        "Although",
        "Though",
        "Because",
        "From",
        "Until",
        "With",
        "Without",
        "For",
        "By",
        "Of",
        "To",
        "Instead",
        "Earlier",
        "Later",
        "Now",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Sources",
        "Officials",
        "Police",
        "Experts",
    ]
)
# Corporate or place words: a subject ending in one is a group or a place, not a person.
GROUP_WORDS = frozenset(
    [
        "Command",
        "Department",
        "Ministry",
        "Police",
        "Office",
        "Agency",
        "Service",
        "Services",
        "Council",
        "Committee",
        "Court",
        "Army",
        "Navy",
        "Force",
        "Forces",
        "Government",
        "Parliament",
        "Congress",
        "Senate",
        "House",
        "Party",
        "Union",
        "Group",
        "Company",
        "Corporation",
        "Bank",
        "University",
        "School",
        "Airport",
        "Airline",
        "Airlines",
        "Authority",
        "Commission",
        "Organisation",
        "Organization",
        "Observatory",
        "Museum",
        "Unit",
        "Association",
        "Institute",
        "Caucus",
        "Alliance",
        "Community",
        "Coalition",
        "Administration",
        "Cabinet",
        "Board",
        "Fund",
        "Foundation",
        "Port",
        "City",
        "Province",
        "Region",
        "State",
        "Republic",
        "Kingdom",
        "Street",
        "Square",
        "Chamber",
        "Station",
        "Nasa",
        "NASA",
        "Nato",
        "NATO",
        "Kremlin",
        "Pentagon",
        "Germanwings",
        "Lufthansa",
    ]
)
HONORIFICS = frozenset(
    [
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Dr",
        "Dr.",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Gen.",
        "Sen.",
        "Rep.",
    ]
)

_NAME = r"[A-Z][\w’'.-]*"
# A leading label of a caption or a list: "Arrest: ", "Race issues: " (at most 3 words).
LABEL_PATTERN = r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,2}:\s+(?=[A-Z‘'“\"])"
# The subject: optional article, up to three lower-case title words and capitalised words,
# joined by "of"/"the"/"and"; it must end on a capitalised word followed by a lower-case one.
SUBJECT_PATTERN = (
    r"^(?:(?:The|A|An)\s+)?(?P<subject>(?:[a-z]+\s+){0,3}" + _NAME + r"(?:\s+(?:of\s+|the\s+|and\s+"
    r"|de\s+|von\s+|al-)?" + _NAME + r"){0,6})(?:,|\s+(?=[a-z]))"
)
# A short definite subject before its verb: "The armistice has ...", "The plane was ...".
DEFINITE_SUBJECT_PATTERN = (
    r"^(?P<subject>The(?:\s+[a-z][\w-]*){1,3}?)\s+(?=(?:is|are|was|were|has|have|had|will|would|"
    r"can|could|may|might|must|did|does|[a-z]+ed)\b)"
)
# A named person after a role word: "defence minister Roberta Pinotti".
ROLE_NAME_PATTERN = (
    r"\b(?P<role>"
    + "|".join(sorted(ROLE_WORDS))
    + r")\s+(?P<name>"
    + _NAME
    + r"(?:\s+"
    + _NAME
    + r"){1,3})"
)
LEADING_ROLE_PATTERN = r"^(?:The|the)\s+(?P<role>" + "|".join(sorted(ROLE_WORDS)) + r")\b"
# A subject pronoun after a short opening phrase: "In a film he refused ...".
OPENING_THEN_PRONOUN_PATTERN = (
    r"^(?:In|On|At|During|After|Before|Later|Earlier|Then|Yesterday|Today|Last)\b"
    r"[^,“”\"]{0,60}?,?\s(?P<pronoun>he|she)\s+(?=[a-z])"
)
# "It" that stands for nothing: "It emerged that ...", "It was claimed today ...".
EXPLETIVE_IT_PATTERN = (
    r"^It\s+(?:emerged|emerges|appears|appeared|seems|seemed|remains|remained|is|was|"
    r"has\s+been|had\s+been|will\s+be|would\s+be)\s+(?:[a-z]+\s+)?(?:that|to|unclear|"
    r"clear|not|claimed|reported|said|believed|thought|understood|expected|likely|unlikely|"
    r"possible|alleged|feared|estimated|known|hoped|time|too)\b"
    r"|^It\s+(?:is|was|will\s+be|would\s+be|has\s+been)\s+(?:[a-z]+\s+){1,2}(?:that|to|for|"
    r"if|whether|when|how)\b"
)
# "..., he said." at the end: the speaker pronoun of a trailing attribution.
TRAILING_PRONOUN_PATTERN = r"(?P<before>[,”\"’]\s+)(?P<pronoun>he|she|they)(?P<after>\s+[a-z]+)"

RULE_SOURCES: tuple[str, ...] = (
    " ".join(sorted(ROLE_WORDS)),
    " ".join(sorted(NOT_A_SUBJECT)),
    " ".join(sorted(GROUP_WORDS)),
    " ".join(sorted(HONORIFICS)),
    LABEL_PATTERN,
    SUBJECT_PATTERN,
    ROLE_NAME_PATTERN,
    LEADING_ROLE_PATTERN,
    DEFINITE_SUBJECT_PATTERN,
    TRAILING_PRONOUN_PATTERN,
    EXPLETIVE_IT_PATTERN,
    OPENING_THEN_PRONOUN_PATTERN,
)

_LABEL = re.compile(LABEL_PATTERN)
_SUBJECT = re.compile(SUBJECT_PATTERN)
_ROLE_NAME = re.compile(ROLE_NAME_PATTERN)
_LEADING_ROLE = re.compile(LEADING_ROLE_PATTERN)
_DEFINITE_SUBJECT = re.compile(DEFINITE_SUBJECT_PATTERN)
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


@dataclass
class Referents:
    """What the article has named so far, as the sentences go by."""

    subject: str | None = None  # the previous sentence's named subject
    subject_is_person: bool = False
    person: str | None = None  # the last named person (subject or speaker) ...
    person_age: int = 0  # ... this many sentences ago
    speakers: list[str | None] = field(default_factory=list)  # named speaker per sentence
    roles: dict[str, set[str]] = field(default_factory=dict)  # "minister" -> named people

    def recent_person(self, sentences: int = 3) -> str | None:
        """The last named person if named within the last `sentences` sentences."""
        return self.person if self.person and self.person_age <= sentences else None

    def advance(self, sentence: str, speaker: str | None, resolved: str | None = None) -> None:
        """Record what `sentence` (the document text, not the claim) names; `resolved` is
        the referent its leading pronoun was given, which stays the subject ("He ... . He
        ...")."""
        subject = resolved or subject_of(sentence)
        self.subject = subject
        self.subject_is_person = bool(subject) and is_person(subject)  # type: ignore[arg-type]
        if subject is None and speaker and is_person(speaker):
            self.subject, self.subject_is_person = speaker, True
        self.speakers.append(speaker if speaker and is_person(speaker) else None)
        self.person_age += 1
        for named in (self.speakers[-1], self.subject if self.subject_is_person else None):
            if named:
                self.person, self.person_age = named, 0
        for m in _ROLE_NAME.finditer(sentence):
            self.roles.setdefault(m.group("role"), set()).add(
                sentence[_role_phrase_start(sentence, m.start()) : m.end()]
            )


def subject_of(sentence: str) -> str | None:
    """The named subject opening `sentence` ("Oleg Maidanovich", "Russian Space Command"),
    or a short definite one ("The armistice") a later "It" may stand for."""
    label = _LABEL.match(sentence)
    body = sentence[label.end() :] if label else sentence
    m = _SUBJECT.match(body)
    if m is None:
        definite = _DEFINITE_SUBJECT.match(body)
        return definite.group("subject") if definite else None
    subject = m.group("subject")
    if subject.endswith(("’s", "'s", "s’", "s'")):
        return None  # "Mr. Trump’s statement": the possessor is not the subject
    words = subject.split()
    capitals = [w for w in words if w[0].isupper()]
    if not capitals or capitals[0] in NOT_A_SUBJECT or words[0] in NOT_A_SUBJECT:
        return None
    return subject


def is_person(phrase: str) -> bool:
    """A named person: two or more capitalised words, or an honorific and a name, and no
    word that names an organisation ("Space Command") or a plural ("Officials")."""
    words = phrase.replace(" (", " ").split()
    capitals = [w for w in words if w[:1].isupper()]
    if not capitals:
        return False
    if not words[0][:1].isupper() and not any(w.lower() in ROLE_WORDS for w in words):
        return False  # "the San Diego newspaper", "a source": not a name
    if any(w.strip("’'s") in GROUP_WORDS or w in GROUP_WORDS for w in capitals):
        return False
    if capitals and capitals[0] in HONORIFICS:
        return len(capitals) >= 2
    if any(w.lower() in ROLE_WORDS for w in words) and capitals:
        return True
    return len(capitals) >= 2 and not capitals[-1].endswith("s’")


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
    if fragment:
        return _frame_fragment(text, named_speaker)
    result = _name_leading_pronoun(text, attribution, named_speaker, referents)
    if result is None:
        result = Standalone(text)
        role = _LEADING_ROLE.match(text)
        if role and len(people := referents.roles.get(role.group("role"), set())) == 1:
            (person,) = people
            note = f"'{role.group(0)}' -> '{person}' (the article's only {role.group('role')})"
            result = Standalone(person + text[role.end() :], note=note)
    if (
        named_speaker
        and attribution
        and attribution.split(" ", 1)[0].lower()
        in (
            "he",
            "she",
            "they",
        )
    ):
        result = _replace_trailing_speaker(result, named_speaker)
    balanced = _balance_quotes(result.text)
    if balanced.note:
        result = Standalone(balanced.text, result.needs_context, _join(result.note, balanced.note))
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
            return Standalone(new, note=f"'{pronoun}' -> '{referent}' ({_RULE_NAMES['subject']})")
    first = _first_word(text)
    lower = first.lower()
    if (
        named_speaker
        and attribution
        and attribution.split(" ", 1)[0].lower() == lower
        and lower in ("he", "she", "they")
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
    if lower in THING_PRONOUNS:
        referent = referents.subject if not referents.subject_is_person else None
        if referent and (lower not in ("they", "their") or _plural(referent)):
            return _replace_first(text, first, referent, THING_PRONOUNS[lower], "subject")
        return Standalone(text, True, f"'{first}': no named group or thing in the sentence before")
    return None


def _balance_quotes(text: str) -> Standalone:
    """A sentence that opens or closes a quotation spanning several sentences gets the
    missing mark, so the claim text reads as a whole quotation. A straight mark pairs with
    either curly one: copy often mixes them ("“We will go," he said")."""
    opening, closing, straight = text.count("“"), text.count("”"), text.count('"')
    if (opening + closing + straight) % 2 == 0 and abs(opening - closing) <= straight:
        return Standalone(text)
    if straight == 0 and opening > closing:
        return Standalone(text + "”" * (opening - closing), note=_QUOTE_CLOSED)
    if straight == 0:
        return Standalone("“" * (closing - opening) + text, note=_QUOTE_OPENED)
    if opening != closing:
        mark = "”" if opening > closing else "“"
        return Standalone(text + mark if mark == "”" else mark + text, note=_QUOTE_CLOSED)
    first = text.index('"')
    opens = first == 0 or (text[first - 1].isspace() and not text[first + 1 : first + 2].isspace())
    if opens:
        return Standalone(text + '"', note=_QUOTE_CLOSED)
    return Standalone('"' + text, note=_QUOTE_OPENED)


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
    return Standalone(
        f"{speaker[:1].upper()}{speaker[1:]} said: “{inner}”",
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
    if suffix and referent.endswith("s"):
        suffix = "'"
    new = referent[:1].upper() + referent[1:] + suffix + text[len(first) :]
    return Standalone(new, note=f"'{first}' -> '{referent}' ({_RULE_NAMES[rule]})")


_RULE_NAMES = {
    "speaker": "the speaker attribution resolved",
    "subject": "the subject of the sentence before",
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
    return Standalone(new, result.needs_context, _join(result.note, note))


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
    last = phrase.split()[-1]
    return " and " in phrase or (last.endswith("s") and not last.endswith("ss"))


def _role_phrase_start(sentence: str, role_start: int) -> int:
    """Include up to two capitalised or lower-case modifiers before the role word
    ("Italian defence minister"), stopping at punctuation."""
    start = role_start
    for _ in range(2):
        before = sentence[:start].rstrip()
        space = before.rfind(" ")
        word = before[space + 1 :]
        if not word or not word.replace("-", "").isalpha() or word in NOT_A_SUBJECT:
            break
        if word.lower() in ("the", "a", "an", "said", "and", "of", "by", "with", "to"):
            break
        start = space + 1
    return start
