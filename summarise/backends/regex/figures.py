"""Numbers a sentence states, with what they count.

`find_figures(sentence)` returns a `Figure` per number: "nearly 20,000 people" gives
value 20000.0, raw "20,000", counts "people". Choices, kept simple and deterministic:

  * `raw` is the number as written with its currency, scale word and percent sign
    ("$2.5 billion", "1.9 million", "40%") but without hedges such as "nearly" or
    "more than": the hedge is in the claim text, `raw` is what a reader would compare.
  * `counts` is the noun phrase right after the number: up to two capitalised modifiers
    ("Israeli") and one lower-case head word ("prisoners"), skipping a few quantity
    adjectives ("more", "additional"). "24 of them foreigners" counts "foreigners".
    When nothing follows ("between 30 and 40 prisoners", "1.9 million of Gaza's 2.4
    million residents") the next figure's noun is borrowed if it comes within a few words.
  * Years (1800-2100 without a comma), dates ("October 7", "7 October"), times
    ("10:30", "9 a.m."), ordinals ("24th"), hyphenated compounds ("10-year-old", "F-16")
    and labels ("No. 5", "Resolution 2720") are not figures.
  * Spelled-out numbers two to twelve and the tens ("twenty") are figures too; the
    backend does not let them alone make a claim a figure claim.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from summarise.models import Figure
from summarise.vocabulary import MONTHS as MONTH_NUMBERS
from summarise.vocabulary import wordset

# "January|...|December|Jan|...|Dec", in the shared table's order (the rules version hashes
# the patterns built from it).
MONTHS = "|".join(name.title() for name in MONTH_NUMBERS)
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
}
UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Multipliers after a spelled number: "two dozen", "a hundred", "three million".
SPELLED_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# Hedges before a number, as the qualifier they mean ("over 100" is "more than 100").
QUALIFIERS = {
    "at least": "at least",
    "no fewer than": "at least",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
}

# currency? number (scale)? (percent)?  -- not glued to other word characters.
NUMBER_PATTERN = (
    r"(?<![\w.,:/\-$€£])"
    r"(?:(?P<cur>(?:US|A|C)?[$€£])\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<short>bn|mn|tn|k|m|b)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per\scent)\b)?"
    r"(?![\w/:\-]|[.,]\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|o[’']clock))"
)
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_SCALE = "|".join(SPELLED_SCALES)
# "twelve", "twenty-five", "two dozen", "a hundred", "three million"; "one" only with a scale
# ("one of them" is not a figure), "a"/"an" only before one.
_UNIT_NOT_ONE = "|".join(u for u in sorted(UNITS, key=len, reverse=True) if u != "one")
_SMALL = r"(?:(?:" + _TEN + r")(?:-(?:" + _UNIT + r"))?|" + _UNIT + r")"
SPELLED_PATTERN = (
    r"\b(?P<word>(?:(?:(?:" + _TEN + r")(?:-(?:" + _UNIT + r"))?|" + _UNIT_NOT_ONE + r")"
    r"(?:\s+(?:" + _SCALE + r")\b)*|(?:an?|one)(?:\s+(?:" + _SCALE + r")\b)+)"
    # "a hundred and twelve", "two thousand and five", "one hundred twenty"
    r"(?:(?:(?<=hundred)|(?<=thousand))(?:\s+and)?\s+" + _SMALL + r"\b(?!\s+(?:" + _SCALE + r")))?"
    r")\b(?!-)"
)
QUALIFIER_PATTERN = (
    r"\b(?P<hedge>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+(?:\S+\s+)?$"
)
# A date around the number: "October 7", "Oct. 7, 2023", "7 October", "the 7th of".
DATE_BEFORE_PATTERN = r"\b(?:" + MONTHS + r")\.?\s+$"
DATE_AFTER_PATTERN = r"^(?:\s+(?:of\s+)?(?:" + MONTHS + r")\b)"
# An age, not a count: "a woman of 77", "aged 81".
AGE_BEFORE_PATTERN = (
    r"\b(?:aged|ages|(?:man|woman|boy|girl|child|person|mother|father|pensioner|widow|"
    r"grandmother|grandfather|husband|wife|son|daughter)\s+of)\s+$"
)
LABEL_BEFORE_PATTERN = (
    r"\b(?:No|Nos|Resolution|Article|Section|Chapter|Flight|Route|Highway|Page|Vol|Number"
    r"|Room|Unit|Level|Phase|Category|Grade|Class|Version|Act|Law|Bill)\.?\s+$"
)
# The noun after a number: capitalised modifiers, then one lower-case head word.
WORD_PATTERN = r"\s+(?P<w>[A-Za-z](?:\.?[\w’'\-])*\.?)"
OF_THEM_PATTERN = r"\s+of\s+(?:them|those|whom|which)\s+(?P<w>[a-z][\w\-]*)"
# Words that are never what a number counts.
NOT_COUNTED = wordset(
    "a an the of in on at to for from by with and or but nor as than that which who whom "
    "whose is are was were be been being has have had will would could should may might "
    "must can do does did not no this these those its it their his her our your my per "
    "into onto over under about after before since until during between among more most "
    "less fewer other others still also only just some any each all both so such very "
    "out up down off again ago later earlier already almost nearly around including "
    "while when where if then there here "
    # time words: "seven people overnight", "18 yesterday" count no one
    "yesterday today tonight tomorrow overnight morning afternoon evening night weekend "
    "monday tuesday wednesday thursday friday saturday sunday now "
    # verbs, not counted nouns: "three remain there", "two died"
    "remain remains remained died die say said next"
)
# Adjectives to step over on the way to the head noun: "240 more prisoners".
SKIPPED_MODIFIERS = wordset(
    "more additional other new further extra fewer some previous remaining last first former latest"
)
# "between 30 and 40 prisoners": the first number borrows "prisoners".
BORROW_GAP_PATTERN = r"^\s*(?:(?:and|to|or|of|-|–)\s+)?(?:[A-Z][\w’']*\s+)?$"

# "over two years" is a duration, "over 30 injured" a hedge.
_DURATION_AFTER = re.compile(
    r"^\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|nights?)\b",
    re.IGNORECASE,
)
# "a third miner was hurt": an ordinal that states a running total.
ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
# "a fifth nurse was injured", "a twelfth police officer was hurt", "a sixth worker
# injured in the blast died", "became the second person to die": the count so far. Not "the
# fourth carriage" (a position) nor "a second time" (a time word, never counted).
ORDINAL_PATTERN = (
    r"\b(?:(?:[Aa]|[Aa]n)\s+(?P<ord>" + "|".join(ORDINALS) + r")\s+"
    r"(?:(?P<mod>[a-z][a-z\-]*)\s+)??(?P<noun>(?!(?:was|were|has|had|is)\b)[a-z][a-z\-]*)"
    # "A fourth person, the firm's safety officer, was arrested": an apposition between.
    r"(?=(?:,[^,.;]{1,60},)?\s+(?:was|were|has|had|is|died|\w+ed)\b)"
    # "a tenth body", "an eleventh victim of the collapse": a toll noun says it alone.
    r"|(?:[Aa]|[Aa]n)\s+(?P<ord4>"
    + "|".join(ORDINALS)
    + r")\s+(?P<noun4>victim|body|death|fatality)\b"
    r"|[Tt]he\s+(?P<ord2>first|" + "|".join(ORDINALS) + r")\s+(?:(?P<noun2>[a-z]+)\s+)?"
    r"(?=to\s+(?:die|be\s+(?:killed|injured|hurt|arrested|rescued|freed|released)|"
    r"have\s+died|succumb)\b)"
    # "the first death linked to the outbreak", "the third fatality": the toll so far.
    r"|[Tt]he\s+(?P<ord3>first|" + "|".join(ORDINALS) + r")\s+"
    r"(?P<noun3>death|fatality|victim)\b(?!\s+of\b))"
    # "guards stopped a ninth climber", "officers held a fourth protester": an ordinal
    # as the object of a past-tense verb is the running count of what the verb did.
    r"|\b[a-z]{3,}ed\s+(?:a|an)\s+(?P<ord5>" + "|".join(ORDINALS) + r")\s+"
    r"(?P<noun5>(?!(?:time|round|day|week|month|year|term|season)\b)[a-z]+)\b"
    # "the agency's fifth warning" is told by "its fifth warning, ..." too: a possessive
    # ordinal closing its phrase counts what it names, so far.
    r"|\b(?:its|their)\s+(?P<ord6>" + "|".join(ORDINALS) + r")\s+"
    r"(?P<noun6>(?!(?:time|round|day|week|month|year|term|season|quarter|half)\b)"
    r"[a-z]+(?<!est))(?=\s*[,;.]|\s+(?:this|since|in)\b)"
)
# "One person, a delivery driver, is still missing", "Only one of the injured remains in
# hospital": a count of one, told by the state it is in (a bare "one" is no figure).
ONE_PATTERN = (
    r"\b(?P<one>[Oo]ne)\s+(?:(?P<noun>person|man|woman|child|boy|girl|worker|passenger|"
    r"patient|climber|hiker|skier|miner|resident|victim|driver|tourist|student|pupil|crew\s+"
    r"member|sailor|soldier|officer|(?!of\b)[a-z]{3,}(?<!s))(?:,[^,.;]{1,60},)?"
    r"|of\s+(?:the|them)(?:\s+[a-z]+)?)\s+"
    # "One diver was killed", "one guard was hurt": a harm told by its participle.
    r"(?=(?:is|was|remains|remained|has\s+been|had\s+been)\s+(?:still\s+)?(?:missing|"
    r"unaccounted|in\s+hospital|dead|in\s+a\s+(?:serious|critical)|critical|trapped|held|"
    r"killed|injured|hurt|wounded|arrested|detained|rescued)\b"
    r"|(?:remains|remained)\s+(?:in\s+hospital|missing|trapped|critical|in\s+intensive)\b)"
)
# "a rockfall buried the hut, killing one guide and injuring four": one as the object of a
# harm told by a participle.
ONE_OBJECT_PATTERN = (
    r"\b(?:killing|injuring|wounding|trapping|killed|injured|wounded|trapped)\s+"
    r"(?P<one>one)\s+(?P<noun>(?!of\b)[a-z]{3,})\b"
)
# "Nine remain in hospital": the verb after a subject that is a number alone.
SUBJECT_VERB_PATTERN = (
    r"\s+(?:still\s+)?(?:remain|remained|were|are|have\s+been|had\s+been|died|survived)\b"
)
# "... of the 25 clinics it had promised": what was promised, and a part of it done.
PROMISED_PATTERN = (
    r"(?:\s+[a-z][\w\-]*){1,3}\s+(?:(?:that|which)\s+)?(?:it|they|he|she|the\s+\w+)\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:promised|pledged|planned|agreed|undertaken|committed)\b"
)
RULE_SOURCES: tuple[str, ...] = (
    NUMBER_PATTERN,
    SPELLED_PATTERN,
    DATE_BEFORE_PATTERN,
    DATE_AFTER_PATTERN,
    AGE_BEFORE_PATTERN,
    LABEL_BEFORE_PATTERN,
    WORD_PATTERN,
    OF_THEM_PATTERN,
    BORROW_GAP_PATTERN,
    " ".join(sorted(NOT_COUNTED)),
    " ".join(sorted(SKIPPED_MODIFIERS)),
    repr(sorted(SCALES.items())),
    repr(sorted(UNITS.items())),
    repr(sorted(TENS.items())),
    repr(sorted(SPELLED_SCALES.items())),
    repr(sorted(QUALIFIERS.items())),
    QUALIFIER_PATTERN,
    ORDINAL_PATTERN,
    ONE_PATTERN,
    ONE_OBJECT_PATTERN,
    SUBJECT_VERB_PATTERN,
    repr(sorted(ORDINALS.items())),
    PROMISED_PATTERN,
)

_NUMBER = re.compile(NUMBER_PATTERN)
_SPELLED = re.compile(SPELLED_PATTERN, re.IGNORECASE)
_QUALIFIER = re.compile(QUALIFIER_PATTERN, re.IGNORECASE)
# "one" alone is no figure, and it is common: the pattern needs a scale word after it.
_NUMBER_WORDS = (frozenset(UNITS) - {"one"}) | frozenset(TENS) | frozenset(SPELLED_SCALES)
_DATE_BEFORE = re.compile(DATE_BEFORE_PATTERN)
_DATE_AFTER = re.compile(DATE_AFTER_PATTERN)
_LABEL_BEFORE = re.compile(LABEL_BEFORE_PATTERN, re.IGNORECASE)
_AGE_BEFORE = re.compile(AGE_BEFORE_PATTERN, re.IGNORECASE)
_WORD = re.compile(WORD_PATTERN)
_OF_THEM = re.compile(OF_THEM_PATTERN)
_BORROW_GAP = re.compile(BORROW_GAP_PATTERN)
_TOKEN = re.compile(r"\w+")
_IGNORECASE_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_DIGIT = re.compile(r"\d")  # NUMBER_PATTERN cannot match without one
_CONTEXT = 20  # characters of context the date/label checks look at
# A longer digit run is a code or garbage, not a quantity; int() refuses over 4,300 digits
# and float() makes it infinite, so it is not a figure.
_MAX_FIGURE_CHARS = 40


def find_figures(sentence: str, words: list[str] | None = None) -> list[Figure]:
    """The figures `sentence` states, in order of appearance. `words`, when given, is the
    sentence's `\\w+` words (the backend has them already)."""
    found: list[tuple[int, int, Figure]] = []  # (start, end, figure)
    # Most sentences have no digit, and the number pattern (a look-behind with no literal
    # prefix) is slow to rule out at every position: a digit scan rules it out at once.
    numbers = _NUMBER.finditer(sentence) if _DIGIT.search(sentence) else ()
    for m in numbers:
        figure = _numeric_figure(sentence, m)
        if figure is not None:
            found.append((m.start(), m.end(), figure))
    # The sentence's words, once: they rule out the word-number and ordinal patterns below
    # (alternations that are slow to rule out at every position) for most sentences.
    tokens = _TOKEN.findall(sentence) if words is None else words
    for m in _SPELLED.finditer(sentence) if _may_spell_number(sentence, tokens) else ():
        value = spelled_value(m.group("word"))
        if value is None:
            continue
        counts = _counts_after(sentence, m.end())
        figure = Figure(value=value, raw=m.group(0), counts=counts)
        found.append((m.start(), m.end(), figure))
    # The duration pattern needs a hyphen, the ordinal one an ordinal as a word of its own.
    for m in _SPAN_ADJECTIVE.finditer(sentence) if _may_state_duration(sentence) else ():
        # "a five-day strike", "12-hour shifts": a duration written as an adjective.
        value = float(m.group("n")) if m.group("n").isdigit() else spelled_value(m.group("n"))
        if value is not None:
            figure = Figure(value=value, raw=m.group(0), counts=m.group("unit").lower() + "s")
            found.append((m.start(), m.end(), figure))
    for m in _ORDINAL.finditer(sentence) if _may_state_ordinal(tokens) else ():
        groups = ("ord", "ord2", "ord3", "ord4", "ord5", "ord6")
        word = next(m.group(g) for g in groups if m.group(g))
        noun = next((m.group("noun" + g[3:]) for g in groups if m.group(g)), None) or "people"
        if noun.lower() in NOT_COUNTED:
            continue
        if m.group("mod") and noun.lower() in _SINGULAR_HEADS:
            noun = f"{m.group('mod')} {noun}"  # "a twelfth police officer"
        value = 1.0 if word == "first" else float(ORDINALS[word])
        start = next(m.start(g) for g in groups if m.group(g))
        found.append((start, start + len(word), Figure(value=value, raw=word, counts=noun)))
    ones = itertools.chain(_ONE.finditer(sentence), _ONE_OBJECT.finditer(sentence))
    for m in ones if "one" in map(str.lower, tokens) else ():
        noun = m.group("noun") or "people"  # "one of the injured": one of those people
        found.append((m.start(), m.end("one"), Figure(value=1.0, raw=m.group("one"), counts=noun)))
    found.sort(key=lambda item: item[0])
    for start, _, figure in found:
        figure.qualifier = _qualifier_before(sentence, start)
    _borrow_counts(sentence, found)
    for start, end, figure in found:
        # "Nine remain in hospital.", "Four were arrested": a number in words that is the
        # sentence's whole subject counts people.
        if (
            not figure.counts
            and start == 0
            and is_spelled(figure)
            and _SUBJECT_VERB.match(sentence, end)
        ):
            figure.counts = "people"
    return [figure for _, _, figure in found]


def _may_spell_number(sentence: str, tokens: list[str]) -> bool:
    """False only when `_SPELLED` cannot match: none of its words is one of `tokens`, the
    sentence's words (the case-insensitive alternation is slow to rule out at every
    position). Characters that match ASCII letters under IGNORECASE (Kelvin sign, long s,
    dotted/dotless i) always go to the pattern."""
    if _IGNORECASE_ASCII_TWINS.search(sentence):
        return True
    return not set(map(str.lower, tokens)).isdisjoint(_NUMBER_WORDS)


def _may_state_duration(sentence: str) -> bool:
    """False only when `_SPAN_ADJECTIVE` cannot match: it needs a hyphen."""
    return "-" in sentence


def _may_state_ordinal(tokens: list[str]) -> bool:
    """False only when `_ORDINAL` cannot match: none of `tokens` (the sentence's words) is
    one of its ordinals."""
    return not _ORDINAL_WORDS.isdisjoint(tokens)


def spelled_value(words: str) -> float | None:
    """The value of a spelled-out number ("twenty-five" 25, "two dozen" 24, "a hundred and
    twelve" 112, "three million" 3000000), or None when it is not one ("one" or "a" with no
    scale after it)."""
    parts = [p for p in words.lower().split() if p != "and"]
    if parts[0] in ("a", "an", "one") and len(parts) == 1:
        return None
    total = 0
    current = 0
    for part in parts:
        if part in ("a", "an"):
            current += 1
        elif "-" in part:
            ten, unit = part.split("-", 1)
            current += TENS[ten] + UNITS[unit]
        elif part in UNITS or part in TENS:
            current += UNITS.get(part) or TENS[part]
        elif part in ("dozen", "hundred"):
            current *= int(SPELLED_SCALES[part])
        else:  # thousand, million, billion: closes a group ("two hundred thousand")
            total += current * int(SPELLED_SCALES[part])
            current = 0
    return float(total + current)


_ORDINAL = re.compile(ORDINAL_PATTERN)
_ONE = re.compile(ONE_PATTERN)
_ONE_OBJECT = re.compile(ONE_OBJECT_PATTERN)
_SUBJECT_VERB = re.compile(SUBJECT_VERB_PATTERN)
# Each branch of the (case-sensitive) ordinal pattern has its ordinal between spaces: a whole
# word of the sentence, so a sentence with none of these words cannot match.
_ORDINAL_WORDS = frozenset(ORDINALS) | {"first"}
# "a five-day strike", "12-hour shifts", not an age ("a 12-year-old").
_SPAN_ADJECTIVE = re.compile(
    r"(?<![\w\-])(?P<n>\d{1,3}|" + _UNIT_NOT_ONE + r"|(?:" + _TEN + r")(?:-(?:" + _UNIT + r"))?)"
    r"-(?P<unit>minute|hour|day|week|month|year|decade)\b(?!-)",
    re.IGNORECASE,
)
# Heads that take a noun modifier before them ("police officer", "aid worker").
_SINGULAR_HEADS = wordset("officer worker member agent guard officer")


def _qualifier_before(sentence: str, start: int) -> str:
    """'at least', 'more than', 'about', 'nearly', 'up to', 'fewer than' or '' for the
    figure at `start` ("more than 6,000 rounds", "an estimated $2 billion")."""
    m = _QUALIFIER.search(sentence, max(0, start - _CONTEXT), start)
    if m is None:
        return ""
    between = sentence[m.end("hedge") : start].strip()
    if between and between not in _CURRENCY_WORDS:
        return ""  # "about the 30 ..." is not "about 30"
    hedge = m.group("hedge").lower()
    if hedge == "over" and _DURATION_AFTER.match(sentence[_number_end(sentence, start) :]):
        return ""  # "over two years": during, not more than
    return QUALIFIERS[hedge]


def _number_end(sentence: str, start: int) -> int:
    m = _NUMBER_CHARS.match(sentence, start)
    return m.end() if m else start


_NUMBER_CHARS = re.compile(r"[\w,.\-]+")
_CURRENCY_WORDS = frozenset({"$", "€", "£", "US$", "A$", "C$"})


def is_spelled(figure: Figure) -> bool:
    """True for "three corpses"-style figures (no digits)."""
    return not any(ch.isdigit() for ch in figure.raw)


def counts_news(figure: Figure) -> bool:
    """A number in words that counts people or things ("Twelve barges were stranded", "a
    fifth nurse was injured"), not time or the story's sides ("two days", "both
    sides", "three times"): enough to make a sentence a figure claim."""
    head = figure.counts.split()[-1].lower() if figure.counts else ""
    return bool(head) and head[:1].isalpha() and head not in _NOT_NEWS


_NOT_NEWS = wordset(
    "year years month months week weeks day days hour hours minute minutes decade decades "
    "side sides time times round rounds occasion occasions way ways thing things "
    "part parts reason reasons word words"
)


def _numeric_figure(sentence: str, m: re.Match[str]) -> Figure | None:
    num, scale, short = m.group("num"), m.group("scale"), m.group("short")
    cur, pct = m.group("cur"), m.group("pct")
    if len(num) > _MAX_FIGURE_CHARS:
        return None
    if short and not cur:
        return None  # "5m" is more often metres than millions
    if short == "b" or (short == "m" and "." not in num and len(num) > 3):
        return None
    before = sentence[max(0, m.start() - _CONTEXT) : m.start()]
    after = sentence[m.end() : m.end() + _CONTEXT]
    plain = not (cur or scale or short or pct)
    if plain and "," not in num and "." not in num and 1800 <= int(num) <= 2100:
        return None  # a year
    if plain and (_DATE_BEFORE.search(before) or _DATE_AFTER.match(after)):
        return None
    if _LABEL_BEFORE.search(before) or (plain and _AGE_BEFORE.search(before)):
        return None
    # Decimal, not float arithmetic: "2.07 million" is 2070000, not 2069999.9999999998.
    exact = Decimal(num.replace(",", "")) * Decimal(
        int(SCALES.get((scale or short or "").lower(), 1))
    )
    value = float(exact)
    raw = m.group(0).strip()
    # A share counts what it is a share of: "60 percent of the fire" -> "percent fire".
    counts = _percent_of(sentence, m.end(), m.start()) if pct else _counts_after(sentence, m.end())
    return Figure(value=value, raw=raw, counts=counts)


def _counts_after(sentence: str, pos: int) -> str:
    """The noun phrase a number at `pos` counts ("Israeli prisoners", "aid workers"), or ""."""
    of_them = _OF_THEM.match(sentence, pos)
    if (
        of_them
        and of_them.group("w").lower() not in NOT_COUNTED
        and not of_them.group("w").endswith("ly")  # "seven of them badly"
    ):
        return of_them.group("w")
    of_its = _OF_POSSESSIVE.match(sentence, pos)
    if of_its:  # "1,400 of its members"
        if any(ch.isdigit() for ch in of_its.group(0)) and not _PROMISED.match(
            sentence, of_its.end()
        ):
            return ""  # "9 of the 31 people arrested": a part of another count
        pos = of_its.end()  # "18 of the 25 clinics it had promised": 18 clinics
    modifiers: list[str] = []
    while True:
        m = _WORD.match(sentence, pos)
        if m is None:
            break
        word = m.group("w")
        lower = word.lower().rstrip(".")
        if word[0].isupper() and lower not in NOT_COUNTED and len(modifiers) < 2:
            modifiers.append(word)
            pos = m.end()
            continue
        if lower in SKIPPED_MODIFIERS:
            pos = m.end()
            continue
        if word[0].islower() and lower not in NOT_COUNTED:
            word = word.rstrip(".")
            # A noun used as a modifier before a plural head: "aid workers", "container
            # ships" (but "carriages left": a plural is the head already).
            nxt = _WORD.match(sentence, m.end())
            if (
                nxt is not None
                and not word.endswith("s")
                and word == m.group("w")
                and (head := nxt.group("w").rstrip(".")).islower()  # "of affected homes."
                and head.endswith("s")
                and not head.endswith("ss")
                and head not in NOT_COUNTED
            ):
                word = f"{word} {head}"
            return " ".join([*modifiers, word])
        break
    return " ".join(modifiers).rstrip(".")


_OF_POSSESSIVE = re.compile(
    r"\s+of\s+(?:its|their|his|her|our|the|these|those)(?:\s+(?:[\d,]+|[a-z]+-strong))?(?=\s)"
)
_PROMISED = re.compile(PROMISED_PATTERN)
_PERCENT_OF = re.compile(r"\s+of(?:\s+(?:the|its|their))?(?=\s)")


def _percent_of(sentence: str, pos: int, start: int) -> str:
    of = _PERCENT_OF.match(sentence, pos)
    noun = _counts_after(sentence, of.end() if of else pos)
    if noun:
        return f"percent {noun.split()[-1]}"
    # "raise fees by 9 percent", "cut by 3 percent": a change, whatever changes.
    if by := _CHANGED_BY.search(sentence, max(0, start - 60), start):
        return "percent fall" if by.group("down") else "percent rise"
    return "percent"


_CHANGED_BY = re.compile(
    r"\b(?:(?P<up>rais\w*|ris\w*|rose|increas\w*|grow\w*|grew|higher|up)|"
    r"(?P<down>cut\w*|fall\w*|fell|drop\w*|decreas\w*|lower\w*|reduc\w*|down))\b"
    r"[^.;:]{0,40}\bby\s+(?:(?:about|around|nearly|almost|some|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)


def _borrow_counts(sentence: str, found: list[tuple[int, int, Figure]]) -> None:
    for (_, end, figure), (start, _, following) in itertools.pairwise(found):
        if not figure.counts and following.counts and _BORROW_GAP.match(sentence[end:start]):
            figure.counts = following.counts
