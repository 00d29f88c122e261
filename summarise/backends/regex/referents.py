"""Who and what an article has named so far: the referents a later pronoun may stand for.

`Referents` follows the sentences in order and keeps the previous sentence's subject (a
name, "Russian Space Command", or a short definite subject, "The armistice"), the last named
person with how many sentences ago, and every named person introduced with a role
("defence minister Roberta Pinotti"). `is_person` tells a person's name from a group's:
pronouns "he"/"she" only ever stand for a person, "it"/"they" never do.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from summarise.backends.regex import full_names
from summarise.backends.regex.full_names import FullNames
from summarise.vocabulary import wordset

# Words of a title before a name: "Italian defence minister Roberta Pinotti".
ROLE_WORDS = wordset(
    "minister president spokesman spokeswoman spokesperson secretary commander chief "
    "director governor senator ambassador general official prosecutor judge mayor leader "
    "chairman chancellor premier envoy attorney captain officer adviser commissioner "
    "superintendent inspector sheriff coach manager founder master councillor "
    "correspondent resident"
)
# Capitalised words that open a sentence without being its subject.
NOT_A_SUBJECT = wordset(
    "The A An In On At As After Before When While But And However Meanwhile Also Yet So "
    "If This That These Those There Here It He She They We I His Her Its Their Our Some "
    "Many Most One Two Three Four Five Six Seven Eight Nine Ten Last Next Since During "
    "Under Over Despite Although Though Because From Until With Without For By Of To "
    "Instead Earlier Later Now Today Yesterday Tomorrow Sources Officials Police Experts "
    "Even Still Just Only Then Such Both Each Every All No Not Why What How Who Where Whatever"
)
# Corporate or place words: a subject ending in one is a group or a place, not a person.
GROUP_WORDS = wordset(
    "Command Department Ministry Police Office Agency Service Services Council Committee "
    "Court Army Navy Force Forces Government Parliament Congress Senate House Party Union "
    "Group Company Corporation Bank University School Airport Airline Airlines Authority "
    "Commission Organisation Organization Observatory Museum Unit Association Institute "
    "Caucus Alliance Community Coalition Administration Cabinet Board Fund Foundation "
    "Port City Province Region State Republic Kingdom Street Square Chamber Station Nasa "
    "NASA Nato NATO Kremlin Pentagon Germanwings Lufthansa"
)
# Lower-case nouns that make the capitalised words before them an adjective.
GROUP_NOUNS = wordset(
    "officials official leaders leader forces troops police media sources source authorities "
    "lawmakers officers soldiers diplomats government president minister people citizens "
    "residents students men women workers analysts experts negotiators delegation army navy"
)
HONORIFICS = wordset("Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Dame Lord Lady Gen. Sen. Rep.")
# Honorifics a full name replaces, and words that open a run of capitalised words without
# being a name: for `FullNames`.
NAME_HONORIFICS = HONORIFICS | wordset("Miss Prof Prof. Professor Rev Rev. Det Det.")
_NAME = r"[A-Z][\w’'.-]*"
# A leading label of a caption or a list: "Arrest: ", "Race issues: " (at most 3 words).
LABEL_PATTERN = r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,2}:\s+(?=[A-Z‘'“\"])"
# The subject: optional article, up to three lower-case title words and capitalised words,
# joined by "of"/"the"/"and"; it must end on a capitalised word followed by a lower-case one.
# Lower-case words that may open a named subject: "defence minister Roberta Pinotti".
TITLE_WORDS = "|".join(
    sorted(
        ROLE_WORDS
        | wordset(
            "former deputy acting senior top foreign defence defense prime interior finance "
            "health vice opposition harbour interim late assistant chief general attorney"
        )
    )
)
SUBJECT_PATTERN = (
    r"^(?P<subject>(?:(?:The|A|An)\s+)?(?:(?:"
    + TITLE_WORDS
    + r")\s+){0,3}"
    + _NAME
    + r"(?:\s+(?:of\s+|the\s+|and\s+"
    r"|de\s+|von\s+|al-)?" + _NAME + r"){0,6})(?:\s+\([^()]{1,20}\))?(?:,|\s+(?=[a-z]))"
)
# A dateline before the story: "WASHINGTON -- ", "LONDON — ".
DATELINE_PATTERN = r"^(?:[A-Z][A-Z .,]{2,40}\s(?:--|—|–)\s+|\([A-Z]{2,10}\)\s*)"
# An opening phrase before the subject: "In his meeting with Mr. Abe, however, ".
OPENING_PHRASE_PATTERN = (
    r"^(?:In|On|At|After|Before|During|Since|Also|But|And|However|Meanwhile|Earlier|Later|"
    r"Last|This|Yesterday|Today|If|When|While|As|Although|Because|For)\b[^,“”\"]{0,80},"
    r"(?:\s+however,)?\s+(?=[A-Z])"
)
# A short definite subject before its verb: "The armistice has ...", "The plane was ...".
DEFINITE_SUBJECT_PATTERN = (
    r"^(?P<subject>(?:The|An?)(?:\s+[a-z][\w-]*){1,3}?(?:\s+(?:of|from|in|at|for)\s+"
    + _NAME
    + r"(?:\s+"
    + _NAME
    + r"){0,3})?)"
    r"(?:\s+(?=(?:is|are|was|were|has|have|had|will|"
    r"would|can|could|may|might|must|did|does|[a-z]+ed|began|came|went|took|made|fell|rose|"
    r"ran|won|lost|left|held|met|got|gave|grew|broke|became|brought|sank|hit|cost)\b)"
    r"|,\s+(?=(?:which|who|that)\b))"
)
# What a person made, which a following "It" stands for: "König has created an amazing
# video showing ..." -> "The amazing video".
MADE_VERBS = (
    "created|made|produced|released|published|filmed|built|developed|unveiled|designed|"
    "wrote|recorded|directed"
)
MADE_OBJECT_PATTERN = (
    r"\b(?:" + MADE_VERBS + r")\s+(?:an?|the)\s+(?P<object>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)"
    r"(?=\s+(?:showing|of|that|which|about|with|called|named|in|on|for|from|to)\b|\s*[,.(])"
)
# A possessive name opening a sentence: "Jackson's guilty plea", "Mr. Trump’s comments".
POSSESSOR_PATTERN = r"^(?P<name>" + _NAME + r"(?:\s+" + _NAME + r"){0,3})(?:’s|'s|’|')\s"
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

# The same with the role word in any case ("Lock Master Tova Reinholt"): a lede often
# describes someone by role ("The sheriff who ...") before the article names them.
ANY_CASE_ROLE_NAME_PATTERN = (
    r"\b(?P<role>(?i:"
    + "|".join(sorted(ROLE_WORDS))
    + r"))\s+(?P<name>"
    + _NAME
    + r"(?:\s+"
    + _NAME
    + r"){1,3})"
)

RULE_SOURCES: tuple[str, ...] = (
    *full_names.RULE_SOURCES,  # the full-name tables this module's referents use
    ANY_CASE_ROLE_NAME_PATTERN,
    " ".join(sorted(ROLE_WORDS)),
    " ".join(sorted(NOT_A_SUBJECT)),
    " ".join(sorted(GROUP_WORDS)),
    " ".join(sorted(HONORIFICS)),
    " ".join(sorted(NAME_HONORIFICS)),
    " ".join(sorted(GROUP_NOUNS)),
    LABEL_PATTERN,
    DATELINE_PATTERN,
    OPENING_PHRASE_PATTERN,
    SUBJECT_PATTERN,
    DEFINITE_SUBJECT_PATTERN,
    ROLE_NAME_PATTERN,
    MADE_OBJECT_PATTERN,
    POSSESSOR_PATTERN,
)

_FULL_NAME_TABLES = (
    NOT_A_SUBJECT | NAME_HONORIFICS | frozenset(TITLE_WORDS.split("|")),
    NAME_HONORIFICS,
    GROUP_WORDS,
)

_LABEL = re.compile(LABEL_PATTERN)
_DATELINE = re.compile(DATELINE_PATTERN)
_OPENING_PHRASE = re.compile(OPENING_PHRASE_PATTERN)
_SUBJECT = re.compile(SUBJECT_PATTERN)
_DEFINITE_SUBJECT = re.compile(DEFINITE_SUBJECT_PATTERN)
_ROLE_NAME = re.compile(ROLE_NAME_PATTERN)
_MADE_OBJECT = re.compile(MADE_OBJECT_PATTERN)
_MADE_VERBS = frozenset(MADE_VERBS.split("|"))
_WORDS = re.compile(r"[a-z]+")
_POSSESSOR = re.compile(POSSESSOR_PATTERN)


@dataclass
class Referents:
    """What the article has named so far, as the sentences go by."""

    subject: str | None = None  # the previous sentence's named subject
    subject_is_person: bool = False
    made: str | None = None  # what the previous sentence's person made ("The video")
    person: str | None = None  # the last named person (subject or speaker) ...
    person_age: int = 0  # ... this many sentences ago
    speakers: list[str | None] = field(default_factory=list)  # named speaker per sentence
    roles: dict[str, set[str]] = field(default_factory=dict)  # "minister" -> named people
    surnames: set[str] = field(default_factory=set)  # "Holmes" once "James Holmes" was named
    document: str = ""  # the whole text, for a role the article names someone with later
    # Every person named in full so far, for naming a later bare surname in full.
    full_names: FullNames = field(default_factory=lambda: FullNames(*_FULL_NAME_TABLES))
    _ahead: dict[str, str | None] = field(default_factory=dict, repr=False)

    def is_person(self, phrase: str) -> bool:
        """`is_person`, plus a lone surname of a person the article named before."""
        return is_person(phrase) or phrase.strip(",") in self.surnames

    def __post_init__(self) -> None:
        self.full_names.document = self.document

    def only_person_with(self, role: str) -> str | None:
        """The one person the article introduced with `role` so far ("defence minister
        Roberta Pinotti"); with none so far, the one it introduces with it anywhere, title
        in any case ("Bristol County Sheriff Ann Vale" for a lede's "The sheriff ...").
        None when there are two or none."""
        people = self.roles.get(role, set())
        if people or not self.document:
            return next(iter(people)) if len(people) == 1 else None
        if role not in self._ahead:
            found: dict[str, str] = {}  # name -> its first role phrase
            for m in _role_name_any_case(role).finditer(self.document):
                if m.group("role").lower() == role:
                    start = _role_phrase_start(self.document, m.start())
                    found.setdefault(m.group("name"), self.document[start : m.end()])
            self._ahead[role] = next(iter(found.values())) if len(found) == 1 else None
        return self._ahead[role]

    def recent_person(self, sentences: int = 3) -> str | None:
        """The last named person if named within the last `sentences` sentences."""
        return self.person if self.person and self.person_age <= sentences else None

    def advance(self, sentence: str, speaker: str | None, resolved: str | None = None) -> None:
        """Record what `sentence` (the document text, not the claim) names; `resolved` is
        the referent its leading pronoun was given, which stays the subject ("He ... . He
        ...")."""
        subject = resolved or subject_of(sentence)
        # The role and "made" patterns are alternations, slow to rule out at every position:
        # a look at the sentence's words rules most sentences out at once.
        words = set(_WORDS.findall(sentence.lower()))
        made = _MADE_OBJECT.search(sentence) if not words.isdisjoint(_MADE_VERBS) else None
        self.made = "The " + made.group("object") if made else None
        self.subject = subject
        self.subject_is_person = bool(subject) and self.is_person(subject)  # type: ignore[arg-type]
        if subject is None and speaker and self.is_person(speaker):
            self.subject, self.subject_is_person = speaker, True
        self.speakers.append(speaker if speaker and self.is_person(speaker) else None)
        self.person_age += 1
        possessor = possessor_of(sentence)
        if possessor and self.is_person(possessor):
            self.person, self.person_age = possessor, 0  # "Jackson's plea ... . His wife"
        for named in (self.speakers[-1], self.subject if self.subject_is_person else None):
            if named:
                self.person, self.person_age = named, 0
                self.surnames.update(_surname(named))
        self.full_names.record(sentence)
        for m in _ROLE_NAME.finditer(sentence) if not words.isdisjoint(ROLE_WORDS) else ():
            self.roles.setdefault(m.group("role"), set()).add(
                sentence[_role_phrase_start(sentence, m.start()) : m.end()]
            )


@functools.lru_cache(maxsize=256)
def _role_name_any_case(role: str) -> re.Pattern[str]:
    """ANY_CASE_ROLE_NAME_PATTERN for one role: scanning a whole article for one word is
    several times faster than for the alternation of every role."""
    return re.compile(ANY_CASE_ROLE_NAME_PATTERN.replace("|".join(sorted(ROLE_WORDS)), role))


def subject_of(sentence: str) -> str | None:
    """The named subject opening `sentence` ("Oleg Maidanovich", "Russian Space Command"),
    or a short definite one ("The armistice") a later "It" may stand for."""
    label = _LABEL.match(sentence) or _DATELINE.match(sentence)
    body = sentence[label.end() :] if label else sentence
    opening = _OPENING_PHRASE.match(body)
    if opening:
        body = body[opening.end() :]
    named = _named_subject(body)
    if named is not None:
        return named
    definite = _DEFINITE_SUBJECT.match(body)
    if definite is None:
        return None
    article, _, rest = definite.group("subject").partition(" ")
    return "The " + rest if article in ("A", "An") else definite.group("subject")


def _named_subject(body: str) -> str | None:
    m = _SUBJECT.match(body)
    if m is None:
        return None
    subject = m.group("subject")
    if subject.endswith(("’s", "'s", "s’", "s'")):
        return None  # "Mr. Trump’s statement": the possessor is not the subject
    words = subject.split()
    capitals = [w for w in words if w[0].isupper()]
    if words[0] in ("The", "A", "An"):
        words, capitals = words[1:], capitals[1:]
    if not capitals or capitals[0] in NOT_A_SUBJECT or words[0] in NOT_A_SUBJECT:
        return None
    following = body[m.end() :].split(" ", 1)[0].strip(",")
    if following in GROUP_NOUNS:
        return None  # "South Korean officials": the names only describe the subject
    return subject


def possessor_of(sentence: str) -> str | None:
    """The name owning the opening subject: "Jackson" of "Jackson's guilty plea ..."."""
    label = _LABEL.match(sentence) or _DATELINE.match(sentence)
    body = sentence[label.end() :] if label else sentence
    m = _POSSESSOR.match(body)
    return m.group("name") if m and m.group("name").split()[0] not in NOT_A_SUBJECT else None


@functools.lru_cache(maxsize=4096)
def is_person(phrase: str) -> bool:
    """A named person: two or more capitalised words, or an honorific and a name, and no
    word that names an organisation ("Space Command") or a plural ("Officials"). A name
    with an apposition ("Sir Michael Graydon, former head of the RAF") is judged by the
    name."""
    head, comma, _ = phrase.partition(",")
    if comma and head.strip() and is_person(head.strip()):
        return True
    words = phrase.replace(" (", " ").split()
    capitals = [w for w in words if w[:1].isupper()]
    if not capitals:
        return False
    roles = any(w.lower() in ROLE_WORDS for w in words)
    if not roles and (not words[0][:1].isupper() or words[0] in ("The", "A", "An")):
        return False  # "the San Diego newspaper", "The Salinas Californian": not a name
    lower = [w for w in words if w.islower() and w not in _NAME_JOINERS]
    if len(lower) > 2 + roles:
        return False  # "Israel presented on Monday what it": a clause, not a name
    if any(w.strip("’'s") in GROUP_WORDS or w in GROUP_WORDS for w in capitals):
        return False
    if capitals and capitals[0] in HONORIFICS:
        return len(capitals) >= 2
    if any(w.lower() in ROLE_WORDS for w in words) and capitals:
        return True
    return len(capitals) >= 2 and not capitals[-1].endswith("s’")


_NAME_JOINERS = frozenset({"of", "de", "von", "van", "bin", "al", "la", "le", "da", "du"})


def _surname(person: str) -> list[str]:
    """The last capitalised word of a person's name ("Holmes" of "James Eagan Holmes")."""
    names = [w.strip(",.") for w in person.split() if w[:1].isupper()]
    names = [w for w in names if w not in ("Jr", "Sr", "II", "III") and w not in HONORIFICS]
    return names[-1:] if len(names) >= 2 or person.split()[0] in HONORIFICS else []


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
