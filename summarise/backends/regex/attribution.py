"""Who says so: the speaker phrase of an attributed sentence, as written.

`find_attribution(sentence)` handles, in this order:
  * "According to X, ..."                    -> "X"
  * "X said/told/stated/... (that|:|...)"     -> "X"   (after dropping an opening clause
    such as "In an interview with Al Jazeera," or "Speaking to ... on Tuesday,")
  * "..., X said." / "...,” X told AFP, ..."  -> "X"
  * "..., said X, adding ..." (inverted)      -> "X"  (with an apposition: "X, the UN ...")
  * "... according to X."                    -> "X"
"X told AFP" (any capitalised recipient) gives "X (to AFP)": the recipient matters when
counting agency copy, and the parenthesis keeps the speaker phrase itself verbatim.
Pronoun speakers ("he said") are returned as written; the backend may resolve them.
"""

from __future__ import annotations

import re

from summarise.backends.regex import speaker_phrase
from summarise.backends.regex.speaker_phrase import noun_phrase
from summarise.vocabulary import wordset

SPEECH_VERBS = (
    "said|says|say|told|tells|stated|states|reported|reports|warned|warns|announced|"
    "announces|added|adds|noted|notes|confirmed|confirms|insisted|insists|indicated|"
    "indicates|assured|assures|highlighted|highlights|stressed|stresses|claimed|claims|"
    "explained|explains|argued|argues|estimated|estimates|informed|informs|denied|denies|"
    "acknowledged|acknowledges|admitted|admits|wrote|writes|tweeted|emphasized|"
    "emphasised|emphasizes|emphasises|asserted|asserts|revealed|reveals|urged|urges|"
    "pointed out|points out|alleged|alleges|contended|maintained|"
    "underlined|underscored|reiterated|reiterates|cautioned|observed"
)
# Verbs whose capitalised object is the outlet spoken to: "told AFP", "informed Efe".
TOLD_VERBS = frozenset({"told", "tells", "informed", "informs"})
# An opening clause to drop before looking for the speaker: "In a statement, ...".
OPENING_CLAUSE_PATTERN = (
    r"(?:(?:And|But|While|Meanwhile|However|Also|So|Yet|Still|Finally|Moreover|"
    r"Separately|Earlier|Later|Then)\b,?\s+)*"
    r"(?:(?:In|On|At|During|For|After|Before|Speaking|Asked|Writing|Addressing|This|Last|"
    r"Late|Early|Earlier|Later|Since|Following|Meanwhile|However|Finally|Moreover|"
    r"Separately|Also|Still|Yet|Then|Instead|Now|Today|Yesterday)\b[^,“”\"]{0,120},\s+)?"
)
# Trailing words that belong to the verb, not the speaker: "Netanyahu late Tuesday told".
SPEAKER_TAIL_PATTERN = (
    r"(?:,?\s+(?:also|again|earlier|later|previously|reportedly|then|now|once more|first|"
    r"for (?:his|her|its|their) part|(?:late|early|on|this|last|next)\s+\w+|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day))+,?$"
)
# Words that show a "speaker" candidate is really a clause: "The visit comes as ...".
NOT_IN_SPEAKER = wordset(
    "is are was were be been has have had will would could should can may might must do "
    "does did that which as after when while because if since although though before "
    "until comes came goes went seems appeared appears where whether according"
)
MAX_SPEAKER_WORDS = 14
MAX_RAW_SPEAKER_WORDS = 20  # before dropping asides such as ", who is in exile in Qatar,"
# A noun phrase before an apposition ("The mayor of Dunmarsh, Anselm Preem") is short: longer,
# it is the reported clause ("Rescuers freed eleven miners ... on Saturday, the company said").
MAX_SUBJECT_WORDS = 7
# A speaker after the quote may start in lower case ("..., diplomatic sources told AFP")
# when it names a kind of source.
SOURCE_NOUNS = wordset(
    "source sources official officials spokesman spokeswoman spokesperson diplomat diplomats "
    "analyst analysts expert experts witness witnesses resident residents media report "
    "reports police authorities ministry agency statement negotiators correspondent "
    "informant observers activists lawmakers aides adviser advisers advisor advisors "
    "investigators prosecutors doctors medics"
)
PRONOUNS = wordset("he she they it we i")

_V = r"(?P<verb>" + SPEECH_VERBS + r")"
_RECIPIENT = r"(?:\s+(?P<to>(?:[A-Z][\w’'.&-]*)(?:\s+[A-Z][\w’'.&-]*)*))?"
ACCORDING_START_PATTERN = r"(?:[A-Z]\w*,?\s+)?[Aa]ccording to (?P<speaker>[^,“”\"]{2,120}?),"
LEADING_PATTERN = r"(?P<speaker>[^“”\";]{1,200}?)\s+" + _V + r"\b" + _RECIPIENT
TRAILING_PATTERN = (
    r"[,”\"’]\s*[”\"]?\s+(?P<speaker>[^,“”\"]{1,120}?)\s+"
    + _V
    + r"\b"
    + _RECIPIENT
    + r"(?P<tail>[^“”\"]*)$"
)
INVERTED_PATTERN = (
    r"[,”\"’]\s*[”\"]?\s+" + _V + r"\s+(?P<speaker>[^,“”\"]{2,120}?)(?P<tail>,[^“”\"]*)?$"
)
# A speaker between the two halves of one quotation: “We are ready,” X said, “and ...”.
MID_QUOTE_PATTERN = (
    r"^[“\"][^“”\"]+[,”\"’]\s*[”\"]?\s+(?P<speaker>[^,“”\"]{1,120}?)\s+"
    + _V
    + r"\b"
    + _RECIPIENT
    + r",\s*[“\"]"
)
ACCORDING_ANY_PATTERN = r"\baccording to (?P<speaker>[^,;“”\"]{2,120}?)\s*(?:[,;]|[.]?$)"
# A comma-delimited aside inside a speaker phrase: ", sitting next to Abe,".
INSERTION_PATTERN = r",\s+(?:\w+ing|who|which)\b[^,]*,"
# The apposition may be followed by a participle or relative clause that is not part of it:
# "said Tomas Berg, the head of the union, adding that ...".
APPOSITION_PATTERN = (
    r",\s+(?:(?:the|a|an)\s+|(?=(?:head|director|co-director|chief|leader|spokesman|"
    r"spokeswoman|president|secretary|minister|chairman|chairwoman|founder|professor|editor|"
    r"coordinator|member|deputy)\b))[^,]{2,100}?"
    r"(?=$|,\s+(?:adding|saying|noting|who|which|as|after|before|when|while|in|on)\b)"
)

RULE_SOURCES: tuple[str, ...] = (
    *speaker_phrase.RULE_SOURCES,  # the noun-phrase rules applied to leading speakers
    SPEECH_VERBS,
    " ".join(sorted(TOLD_VERBS)),
    OPENING_CLAUSE_PATTERN,
    SPEAKER_TAIL_PATTERN,
    " ".join(sorted(NOT_IN_SPEAKER)),
    str(MAX_SPEAKER_WORDS),
    str(MAX_RAW_SPEAKER_WORDS),
    " ".join(sorted(SOURCE_NOUNS)),
    ACCORDING_START_PATTERN,
    LEADING_PATTERN,
    TRAILING_PATTERN,
    INVERTED_PATTERN,
    MID_QUOTE_PATTERN,
    ACCORDING_ANY_PATTERN,
    str(MAX_SUBJECT_WORDS),
    APPOSITION_PATTERN,
)

_OPENING = re.compile(OPENING_CLAUSE_PATTERN)
_SPEAKER_TAIL = re.compile(SPEAKER_TAIL_PATTERN, re.IGNORECASE)
_ACCORDING_START = re.compile(ACCORDING_START_PATTERN)
_LEADING = re.compile(LEADING_PATTERN)
_TRAILING = re.compile(TRAILING_PATTERN)
_INVERTED = re.compile(INVERTED_PATTERN)
_ACCORDING_ANY = re.compile(ACCORDING_ANY_PATTERN, re.IGNORECASE)
_MID_QUOTE = re.compile(MID_QUOTE_PATTERN)
_APPOSITION = re.compile(APPOSITION_PATTERN)
_INSERTION = re.compile(INSERTION_PATTERN)
_WORDS = re.compile(r"[\w’'-]+")
_TOKENS = re.compile(r"\w+")
_BROKEN_SENTENCE = re.compile(r"(?<=[a-z]{2})\.\s+(?=[a-z])")
# Each speech verb's (first) word: "pointed out" needs "pointed".
_SPEECH_FIRST_WORDS = frozenset(verb.split()[0] for verb in SPEECH_VERBS.split("|"))
_IGNORECASE_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
# Closing punctuation stripped from the end of a sentence (with whitespace).
_END_CHARS = frozenset(".!?…\"'”’)]")


def find_attribution(sentence: str) -> str | None:
    """The speaker phrase of `sentence` as written, or None if it is not attributed."""
    body = _strip_end(sentence)
    # Most sentences have neither a speech verb nor "according to", and the patterns (lazy
    # runs before an alternation of verbs) are slow to rule out: each family of patterns
    # runs only on a sentence with the word it needs.
    verb, according = _has_speech_verb(body), _may_say_according(body)
    if according:
        m = _ACCORDING_START.match(body)
        if m and (speaker := _clean(m.group("speaker"), any_case=True)):
            return speaker
    if verb and (speaker := _verb_attribution(body)):
        return speaker
    if according:
        m = _ACCORDING_ANY.search(body)
        if m and (speaker := _clean(m.group("speaker"), any_case=True)):
            return speaker
    return None


def _verb_attribution(body: str) -> str | None:
    """The speaker of a speech verb: leading, between two halves of a quotation, trailing
    or inverted, in that order."""
    rest = body[_OPENING.match(body).end() :]  # type: ignore[union-attr]  # always matches
    trailing = _TRAILING.search(body)
    closing = None  # the sentence's own closing frame: "..., a spokesman said."
    if trailing and not trailing.group("tail").strip(" ,"):
        closing = _clean(trailing.group("speaker"), lower_ok=True)
    m = _LEADING.match(rest)
    raw = m.group("speaker").strip() if m else ""
    phrase = noun_phrase(raw) if m else None
    # A phrase trimmed from inside the sentence may open in lower case ("harbour master X").
    trimmed = phrase is not None and phrase != raw
    if m and phrase and (speaker := _clean(phrase, lower_ok=trimmed)) and _subject_phrase(speaker):
        if closing and m.group("verb") not in ("said", "says", "told", "tells"):
            # "The company denied it ignored the warnings, a spokesman said": the company's
            # denial is what the spokesman says; he is the one speaking.
            return _with_recipient(closing, trailing)  # type: ignore[arg-type]
        return _with_recipient(speaker, m)
    m = _MID_QUOTE.search(body)
    if m and (speaker := _clean(m.group("speaker"), lower_ok=True)):
        return _with_recipient(speaker, m)
    m = trailing
    if m and (speaker := _clean(m.group("speaker"), lower_ok=True)):
        return _with_recipient(speaker, m)
    m = _INVERTED.search(body)
    if m and (speaker := _clean(m.group("speaker"), lower_ok=True)):
        tail = m.group("tail") or ""
        if apposition := _APPOSITION.match(tail):
            speaker += apposition.group(0)
        return speaker
    return None


def _has_speech_verb(body: str) -> bool:
    """False only when no verb pattern can match: each has its verb after a space and
    before a word boundary, so the verb (its first word) is a whole word of `body`."""
    return not _SPEECH_FIRST_WORDS.isdisjoint(_TOKENS.findall(body))


def _may_say_according(body: str) -> bool:
    """False only when neither "according to" pattern can match. One is case-insensitive:
    characters that match ASCII letters under IGNORECASE (dotted/dotless i, long s, Kelvin
    sign) always go to the patterns."""
    return "ccording" in body.lower() or _IGNORECASE_ASCII_TWINS.search(body) is not None


def _subject_phrase(speaker: str) -> bool:
    """Whether a leading speaker is a noun phrase (with its apposition), not a clause."""
    return "," not in speaker or len(_WORDS.findall(speaker.split(",")[0])) <= MAX_SUBJECT_WORDS


def _strip_end(sentence: str) -> str:
    """`sentence` without its closing punctuation and whitespace. A loop, not a `[...]+$`
    pattern: `re.sub` retries such a pattern at every start of a long run, which is
    quadratic in the run's length."""
    end = len(sentence)
    while end and (sentence[end - 1].isspace() or sentence[end - 1] in _END_CHARS):
        end -= 1
    return sentence[:end]


def is_pronoun(speaker: str) -> bool:
    return speaker.lower() in PRONOUNS


def _with_recipient(speaker: str, m: re.Match[str]) -> str:
    to = m.group("to")
    if m.group("verb") in TOLD_VERBS and to:
        return f"{speaker} (to {_SPEAKER_TAIL.sub('', to).rstrip('.')})"
    return speaker


def _clean(candidate: str, *, lower_ok: bool = False, any_case: bool = False) -> str | None:
    """`candidate` trimmed to a speaker phrase, or None if it does not look like one.

    `lower_ok` accepts a lower-case phrase that names a kind of source ("security sources");
    `any_case` accepts any lower-case phrase (after "according to" it is surely a source).
    """
    candidate = candidate.strip()
    if candidate.endswith(",") and candidate.count(",") == 1:
        return None  # "Trump expects X, said Kudlow": the clause is the claim, not a speaker
    # "... security source. rank, who ...": a broken sentence, not part of the speaker.
    speaker = _BROKEN_SENTENCE.split(candidate, maxsplit=1)[0]
    if len(_WORDS.findall(speaker)) > MAX_RAW_SPEAKER_WORDS:
        return None  # even with its asides dropped, this is a clause, not a speaker
    speaker = _INSERTION.sub("", speaker)  # "The president, sitting next to Abe, said"
    speaker = _SPEAKER_TAIL.sub("", speaker).strip(" ,")
    last = speaker.rsplit(",", 1)[-1].strip()
    if last.lower() in PRONOUNS:
        return last  # "The goal, he said, is ..."
    words = _WORDS.findall(speaker)
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    if any(w.lower() in NOT_IN_SPEAKER for w in words):
        return None
    if words[-1].lower() in ("the", "a", "an", "this", "these", "those"):
        return None  # "The claims were made ...": "claims" is a noun, "The" no speaker
    if words[0].lower() in PRONOUNS and len(words) > 1:
        return None  # "They include ... Nebraska say": a clause, not "they"
    first = speaker[0]
    # "..., harbour master Tova Reinholt said": lower-case title words before a name.
    named_source = lower_ok and (
        any(w.lower() in SOURCE_NOUNS for w in words) or any(w[0].isupper() for w in words[1:])
    )
    if not (
        first.isupper()
        or any_case
        or named_source
        or words[0].lower() in PRONOUNS | {"a", "an", "the"}
    ):
        return None
    if words[0].lower() in {"which", "who", "what", "there", "this", "that"}:
        return None
    return speaker
