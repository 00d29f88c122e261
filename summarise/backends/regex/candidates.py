"""A document's candidate sentences: exact spans, split into clauses, quotations merged,
each with its speaker resolved across sentences.

  * Photo captions in short paragraphs are skipped; a paragraph that broke off mid-sentence
    (a scraping artefact) is joined to the next.
  * A quotation running over several sentences of one paragraph is one candidate (up to
    MAX_MERGED_CHARS), so its claim needs no invented quotation marks.
  * A sentence with two speakers splits into one candidate per clause ("Netanyahu said
    ..., while Israeli President Isaac Herzog said ...").
  * A quoted sentence with no speaker takes the speaker of the sentence closing the
    quotation in its paragraph, else of the statement right before; "he said" right after
    a named speaker becomes "he (X)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarise.backends.regex import sentences
from summarise.backends.regex.attribution import SPEECH_VERBS, find_attribution, is_pronoun
from summarise.backends.regex.referents import subject_of
from summarise.ingest.report_dates import read_report_date
from summarise.models import Document

# Photo captions in a paragraph: "Ismail Haniyeh (left) and Yahya Sinuar ...".
# Only a short paragraph is a caption; in a long one "(pictured)" is part of the story.
CAPTION_MAX_CHARS = 300
CAPTION_PATTERN = r"\((?:left|right|centre|center|L|R|C|pictured|top|bottom)\)"
# A paragraph that ends on a function word broke off mid-sentence (a scraping artefact):
# its last sentence continues in the next paragraph.
BROKEN_OFF_PATTERN = (
    r"\b(?:of|the|to|and|a|an|in|for|with|by|on|at|from|that|or|as|its|their|his|her)\s*$"
)
# Where two independent clauses meet: ", while Herzog said", "; the army".
CLAUSE_JOIN_PATTERN = r"(?:,\s+(?:while|and|but|whereas)|;)\s+(?=[a-zA-Z])"
# A quotation running over several sentences is merged into one claim up to this length;
# a longer one stays split (a reviewer decides on a claim at a glance).
MAX_MERGED_CHARS = 600
# A sentence continued across a paragraph break is held to the merged-quotation cap: a long
# run of broken-off lines must not grow one sentence line by line, re-reading it each time
# (quadratic in the run's length).
MAX_CONTINUED_CHARS = MAX_MERGED_CHARS
# A capitalised word that is not the first word: the sentence names something.
NAMES_SOMETHING_PATTERN = r"\S\s+[“\"(]?[A-Z][\w’'-]"
# A clause whose speaker is a pronoun: "he said ...", "she told ...".
PRONOUN_SPEAKS_PATTERN = r"(?:he|she|they)\s+(?:" + SPEECH_VERBS + r")\b"
# Longer "sentences" (a scraped run-on, a hostile input) are not split into clauses: each
# split point tests the text on both sides, which would make them quadratic.
MAX_SPLIT_CHARS = 1500
# Each clause of a split sentence has at least this many words.
CLAUSE_MIN_WORDS = 5

RULE_SOURCES: tuple[str, ...] = (
    str(CAPTION_MAX_CHARS),
    CAPTION_PATTERN,
    BROKEN_OFF_PATTERN,
    CLAUSE_JOIN_PATTERN,
    str(MAX_MERGED_CHARS),
    NAMES_SOMETHING_PATTERN,
    str(CLAUSE_MIN_WORDS),
    PRONOUN_SPEAKS_PATTERN,
    str(MAX_SPLIT_CHARS),
)

_CAPTION = re.compile(CAPTION_PATTERN)
_BROKEN_OFF = re.compile(BROKEN_OFF_PATTERN)
_LONGEST_BROKEN_OFF_WORD = max(
    len(w) for w in BROKEN_OFF_PATTERN.split("(?:")[1].split(")")[0].split("|")
)
_CLAUSE_JOIN = re.compile(CLAUSE_JOIN_PATTERN)
_NAMES_SOMETHING = re.compile(NAMES_SOMETHING_PATTERN)
_PRONOUN_SPEAKS = re.compile(PRONOUN_SPEAKS_PATTERN)
# A closing single quote: after final or clause punctuation, before a space or the end.
_SINGLE_CLOSE = re.compile(r"[,.!?…][’'](?!\w)")
# An opening single quote: at the start or after a space or colon, before a word.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s:]))[‘'](?=\w)")
_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    quoted: bool  # starts with, or inside, a quotation
    attribution: str | None = None
    own_attribution: bool = False  # the speaker is named in the sentence itself
    clause: bool = False  # the first clauses of a split sentence: no final punctuation
    later_clause: bool = False  # a clause after the first: may open in lower case


def sentences_of(document: Document) -> list[Sentence]:
    """The document's candidate sentences, with attribution resolved across sentences."""
    text = document.text
    skip_to = 0
    if document.title and text.startswith(document.title):
        skip_to = len(document.title)
    # A dateline ("KINGSMERE, March 8 (Northline News Agency) —") is not the report's words.
    skip_to = max(skip_to, read_report_date(text).body_start)
    found: list[Sentence] = []
    continues = False  # the previous paragraph broke off mid-sentence
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        if len(para.group()) <= CAPTION_MAX_CHARS and _CAPTION.search(para.group()):
            continues = False
            continue  # a photo caption, possibly glued to a related-story headline
        quotes = _QuoteTracker(text, para.start())
        for index, (start, end) in enumerate(sentences.split_sentences(para.group())):
            start, end = para.start() + start, para.start() + end
            if start < skip_to:
                if end <= skip_to or text[skip_to:end].strip() == "":
                    continue
                start = skip_to
            if index == 0 and continues and found and end - found[-1].start <= MAX_CONTINUED_CHARS:
                start = found.pop().start  # "... approval of\n\nHamas to return ..."
            sentence_text = text[start:end]
            inside = quotes.open_at(start)
            previous = found[-1] if found else None
            # 'A single-quoted passage runs on: each sentence reopens the quote mark.
            continues_single = (
                previous is not None
                and previous.paragraph == number
                and sentence_text[0] in "‘'"
                and _single_quote_left_open(previous.text)
            )
            if (
                previous is not None
                and previous.paragraph == number
                and end - previous.start <= MAX_MERGED_CHARS
                and (
                    (inside and sentence_text[0] not in '“"' and previous.quoted)
                    or _single_quote_open(previous.text)
                    or continues_single
                )
            ):
                # One quotation over several sentences is one statement: "“A. B,” he said."
                # stays whole, so its text needs no invented quotation marks.
                _merge_into(previous, text, end)
                continue
            quoted = sentence_text[0] in '“"' or inside or continues_single
            for clause_start, clause_end in _clauses(sentence_text, quoted):
                clause = sentence_text[clause_start:clause_end]
                speaker = _clause_speaker(clause)
                found.append(
                    Sentence(
                        start + clause_start,
                        start + clause_end,
                        clause,
                        number,
                        quoted and clause_start == 0,
                        speaker,
                        speaker is not None,
                        clause=clause_end < len(sentence_text),
                        later_clause=clause_start > 0,
                    )
                )
        continues = _broken_off(para.group())
    _resolve_attributions(found)
    return found


def _broken_off(paragraph: str) -> bool:
    """`_BROKEN_OFF.search(paragraph)`, tried only where its match can start: the function
    word ends the paragraph but for whitespace, so it starts within its length of the last
    other character (a search from there still sees the character before, for `\\b`)."""
    last = len(paragraph.rstrip())
    return _BROKEN_OFF.search(paragraph, max(0, last - _LONGEST_BROKEN_OFF_WORD)) is not None


def _clauses(sentence: str, quoted: bool) -> list[tuple[int, int]]:
    """(start, end) of each clause with its own speaker. A sentence splits where ", while" /
    ", and" / ", but" / ";" (outside quotation marks) joins two statements, each naming
    its speaker ("Netanyahu said ..., while Israeli President Isaac Herzog said ...",
    "Ammon voted against; he said ..."). Each clause has CLAUSE_MIN_WORDS words or more.

    Only statements split: event clauses ("..., and Hamas returned 100 Israelis") stay
    whole, so the claim keeps the verb ("released") that tells what its numbers count."""
    if quoted or len(sentence) > MAX_SPLIT_CHARS:
        return [(0, len(sentence))]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_JOIN.finditer(sentence):
        before = sentence[: m.start()]
        if before.count("“") != before.count("”") or before.count('"') % 2:
            continue  # inside a quotation
        left, right = sentence[start : m.start()], sentence[m.end() :]
        if len(_WORD.findall(left)) < CLAUSE_MIN_WORDS:
            continue
        if len(_WORD.findall(right)) < CLAUSE_MIN_WORDS:
            break
        if _own_speaker(right) and (
            find_attribution(left) or spans or _PRONOUN_SPEAKS.match(right)
        ):
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(sentence)))
    return spans


def _clause_speaker(clause: str) -> str | None:
    """`find_attribution`, also for a later clause opening in lower case ("opposition
    leader Dana Holm said ..."): the speaker keeps the clause's own casing."""
    if not clause[0].islower() or _PRONOUN_SPEAKS.match(clause):
        return find_attribution(clause)
    speaker = find_attribution(clause[0].upper() + clause[1:])
    if speaker and clause.startswith(speaker[1:], 1):
        return clause[0] + speaker[1:]
    return speaker


def _own_speaker(clause: str) -> bool:
    """The clause opens with its speaker: "Israeli President Isaac Herzog said ...",
    "opposition leader Dana Holm said ...", "he said ..."."""
    if _PRONOUN_SPEAKS.match(clause):
        return True
    speaker = find_attribution(clause[0].upper() + clause[1:])
    if speaker is None or "," in speaker or not clause.startswith(speaker[1:], 1):
        return False  # no speaker, or one found at the end ("..., the documents say")
    return _NAMES_SOMETHING.search(" " + speaker) is not None or subject_of(clause) is not None


def _single_quote_open(text: str) -> bool:
    """A sentence opening a single-quoted passage ('We know ...) that it does not close."""
    return text[0] in "‘'" and _SINGLE_CLOSE.search(text) is None


def _single_quote_left_open(text: str) -> bool:
    """More single quotation marks open than close in `text` ("... said today: 'We have
    uncovered ... threat.")."""
    return len(_SINGLE_OPEN.findall(text)) > len(_SINGLE_CLOSE.findall(text))


def _merge_into(sentence: Sentence, text: str, end: int) -> None:
    sentence.end = end
    sentence.text = text[sentence.start : end]
    if not sentence.attribution:
        sentence.attribution = find_attribution(sentence.text)
        sentence.own_attribution = sentence.attribution is not None


class _QuoteTracker:
    """Whether a quotation opened earlier in the paragraph is still open at a position.

    Scans forward only, so a paragraph costs linear time however many sentences it has
    (a 5 MB single-line file is one paragraph).
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.scanned = start
        self.last_open = -1
        self.last_close = -1
        self.straight = 0

    def open_at(self, position: int) -> bool:
        chunk = self.text[self.scanned : position]
        opened, closed = chunk.rfind("“"), chunk.rfind("”")
        if opened >= 0:
            self.last_open = self.scanned + opened
        if closed >= 0:
            self.last_close = self.scanned + closed
        self.straight += chunk.count('"')
        self.scanned = max(self.scanned, position)
        if self.last_open != self.last_close:
            return self.last_open > self.last_close
        return self.straight % 2 == 1


def _resolve_attributions(found: list[Sentence]) -> None:
    """Quoted sentences and pronoun speakers take the speaker of a neighbouring statement.

    A quoted sentence with no speaker of its own takes the speaker of the sentence that
    closes the quotation in the same paragraph, else that of the statement right before
    it. Then "he said" right after "Hamas official Ghazi Hamad said ..." becomes
    "he (Hamas official Ghazi Hamad)".
    """
    for i, sentence in enumerate(found):
        previous = found[i - 1].attribution if i > 0 else None
        if not sentence.attribution and sentence.quoted:
            for later in found[i + 1 :]:
                if later.paragraph != sentence.paragraph or not later.quoted:
                    break
                if later.attribution:
                    sentence.attribution = later.attribution
                    break
            sentence.attribution = sentence.attribution or (previous and named(previous))
        speaker = sentence.attribution
        if speaker and is_pronoun(speaker) and previous and not is_pronoun(named(previous)):
            sentence.attribution = f"{speaker} ({named(previous)})"


def speaker_name(attribution: str) -> str | None:
    """The name of who speaks, for claim text: "he (X)" -> "X", "X (to AFP)" -> "X", and
    None for a bare pronoun ("he", "he (to reporters)")."""
    name = named(_RECIPIENT.sub("", attribution))
    return None if is_pronoun(name) else _RECIPIENT.sub("", name)


_RECIPIENT = re.compile(r" \(to [^()]+\)$")
_RESOLVED_PRONOUN = re.compile(r"\w+ \((.+)\)")


def named(speaker: str) -> str:
    """The named speaker behind an already-resolved pronoun: "he (X)" -> "X"."""
    m = _RESOLVED_PRONOUN.fullmatch(speaker)
    if m and is_pronoun(speaker.split(" ", 1)[0]):
        return m.group(1)
    return speaker
