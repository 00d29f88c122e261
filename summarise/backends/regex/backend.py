"""The offline, deterministic regex backend: rule-based claims with exact quotes.

Every claim is one candidate of the document (a sentence, a clause with its own speaker,
or a quotation over several sentences; see candidates.py): `quote` is that span verbatim,
so every claim is grounded by construction. `text` is the span on one line, without a
leading "But"/"And"/"Meanwhile,", made to stand alone by context.py (a pronoun named, a
quotation fragment given its speaker), with `needs_context` when no rule could.

A candidate becomes a claim when it is one of, in this order of precedence:
  statement   it is attributed ("X said ...", "..., X told AFP.", "according to X")
  figure      it states a number (in digits) with what it counts
  event       it has an event or state-change verb ("arrived", "opened", "resigned",
              "will meet", ...), or a passive or a time reference ("was evacuated", "on
              Sunday", "two weeks after") and names something
  background  it states context with a copula or stance verb ("is", "has been",
              "opposes") and names something (a capitalised word after the first), in
              the first half of the article (later context is rarely the news)
  lede        it is one of the article's first three sentences and names something
  actor       in the first 70% of the article, it names something and has a past-tense
              verb beyond the lists ("The cabinet scrapped the plan")
Anything else (captions, headings, fragments, questions, unattributed quotations, the
newsroom about itself) is skipped, and so is a candidate repeating an earlier claim or a
caption retelling a story sentence: an analyst reviews these claims, so fewer good ones
beat many weak ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from summarise.backends.base import Backend, StreamedExtraction
from summarise.backends.regex import attribution, candidates, context, figures, referents, sentences
from summarise.backends.regex.attribution import is_pronoun
from summarise.backends.regex.candidates import (
    NAMES_SOMETHING_PATTERN,
    Sentence,
    sentences_of,
    speaker_name,
)
from summarise.backends.regex.figures import counts_news, find_figures, is_spelled
from summarise.models import (
    Claim,
    ClaimKind,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    short_hash,
)
from summarise.vocabulary import wordset

# Bump when the code (not the tables) changes what is extracted; it feeds RULES_VERSION.
# 2: stand-alone text, clause splits, merged quotations (issue 12); 3: figure reading (issue 20);
# 4: bare surnames named in full in claim text (issue 22)
RULES_REVISION = "4"

# Event verbs in past or present form. Base forms ("visit", "attack") and plural-like
# "-s" forms ("talks", "demands") double as nouns, so they count only after a modal.
EVENT_VERBS = (
    "arrived|arrives|met|meets|released|freed|frees|killed|kills|vetoed|vetoes|postponed|"
    "postpones|delayed|launched|launches|captured|kidnapped|kidnaps|arrested|signed|"
    "resigned|resigns|voted|approved|approves|rejected|rejects|attacked|announced|"
    "announces|travelled|traveled|travels|visited|elected|elects|declared|declares|"
    "broke out|breaks out|died|dies|fled|flees|invaded|invades|bombed|struck|seized|"
    "seizes|detained|detains|deployed|deploys|withdrew|withdraws|imposed|imposes|lifted|"
    "suspended|suspends|sued|sues|charged|convicted|sentenced|indicted|pleaded|appointed|"
    "appoints|nominated|nominates|fired|won|wins|defeated|agreed|agrees|adopted|adopts|"
    "cancelled|canceled|cancels|halted|halts|resumed|resumes|returned|exchanged|"
    "negotiated|brokered|collapsed|fell apart|ended|began|begins|started|held|hosted|"
    "hosts|offered|proposed|proposes|demanded|injured|wounded|destroyed|evacuated|"
    "displaced|abstained|overturned|blocked|condemned|condemns|pledged|pledges|vowed|"
    "vows|exploded|crashed|erupted|protested|shot|raided|shelled|surrendered|escaped|"
    "rescued|sent|delivered|received|spoke|speaks|continued|continues|unleashed|caused|"
    "causes|opted|expelled|sanctioned|failed|fails|succeeded|discussed|discusses|"
    "talked|called|planned|confirmed|confirms|reached|reaches|continue|opened|opens|closed|"
    "closes|refused|refuses|accused|filed|charged|quit|retired|dismissed|ruled|banned|"
    "escorted|intercepted|monitored|scrambled|uncovered|foiled|prosecuted|acquitted"
)
# Base forms that make an event after a modal: "will meet", "plans to visit".
EVENT_BASE_VERBS = (
    "arrive|meet|release|free|kill|veto|postpone|delay|launch|capture|sign|resign|vote|"
    "approve|reject|attack|announce|travel|visit|elect|declare|invade|bomb|strike|seize|"
    "deploy|withdraw|impose|lift|suspend|appoint|nominate|adopt|cancel|halt|resume|"
    "return|exchange|negotiate|end|begin|start|hold|host|offer|propose|evacuate|abstain|"
    "overturn|block|send|deliver|continue|go|discuss|talk|hold talks"
)
EVENT_MODAL_PATTERN = (
    r"\b(?:will|would|shall|could|may|might|(?:plans?|plans|planned|intends?|expected|set|"
    r"due|going|scheduled) to)\s+(?:also\s+|then\s+|soon\s+)?(?:" + EVENT_BASE_VERBS + r")\b"
)
# Context: a copula, a perfect, or a stance verb.
BACKGROUND_PATTERN = (
    r"\b(?:is|are|was|were|has|have|had|remain|remains|remained|opposes|opposed|supports|"
    r"calls for|called for|refers to|believes|seeks|seeking|aims|considered|known)\b"
)
# Sentence ends with final punctuation (headings and cut-off lines do not).
FINAL_PUNCTUATION_PATTERN = (
    r"[.!…][\"'”’)\]]*$|\((?:file\s+)?(?:picture|pictured|photo|image|shown)\)$"
)
LEADING_CONNECTIVE_PATTERN = r"^(?:And|But|Meanwhile|However|So)\b,?\s+(?=\S)"
# A news sentence beyond the verb lists: a past-tense verb ("was opened", "were charged")
# or a time reference ("on Sunday", "last night"), in a sentence that names something.
NEWS_PATTERN = (
    r"\b(?:(?:was|were|been|being)\s+(?:[a-z]+ly\s+)?[a-z]{3,}ed|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|tonight|"
    r"(?:hours|days|weeks|months|years)\s+(?:after|before|since|ago|later)|"
    r"last\s+(?:night|week|month|year)|this\s+(?:week|month|year)|"
    r"(?:January|February|March|April|June|July|August|September|October|November|December))\b"
)
# A photo caption kept in the text: a short label and colon, or a closing photo marker.
CAPTION_LIKE_PATTERN = (
    r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,2}:\s|\((?:file\s+)?(?:picture|pictured|photo|image|shown)\)"
)
# The newsroom about its own work: credits and requests for comment add no news.
NEWSROOM_PATTERN = (
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|"
    r"\b(?:has|have) asked\b[^.]{0,80}\bfor (?:comment|further information|more information)\b|"
    r"\b(?:did|does) not (?:immediately )?(?:respond|reply) to (?:a |an )?(?:request|email|call)|"
    r"\bcould not (?:immediately )?be reached for comment\b|\bdeclined to comment\b"
)
# A caption is an echo when a story sentence holds this share of its words: captions retell
# the story in fewer words, so they are judged more strictly than REPEAT_SHARE.
CAPTION_ECHO_SHARE = 0.6
# Repeats and echoes are looked for among this many neighbouring claims: a caption or a
# standfirst retells its own article, and the window keeps a huge document linear.
REPEAT_WINDOW = 200
# Words a repeat shares with an earlier claim: at least this share of its content words.
REPEAT_SHARE = 0.8
STOP_WORDS = (
    "a an the and or but of in on at to from by with for as is are was were be been has have "
    "had it its this that these those he she they his her their said says will would"
)
MIN_WORDS = 5
# A shorter sentence is a claim only when it opens on a count of people or things.
SHORT_FIGURE_WORDS = 3
# A "sentence" longer than this is not one (a run of garbage, a table flattened into one
# line): it is never a claim, and the rules never run on it, which bounds what any input
# can cost them. The longest sentence in the 55-article corpus has 647 characters.
MAX_SENTENCE_CHARS = 2000
# A document stops yielding claims at this many: nobody reviews 100,000 claims from one
# file. The claims up to it are stored and the document marked capped (a 10 MiB file of
# short attributed sentences would otherwise yield 290,000).
MAX_CLAIMS_PER_DOCUMENT = 100_000
# A batch writes a document's claims this many at a time (in the document's one transaction),
# so a claim-dense file holds one slice of claim objects, not all of them.
SLICE_CLAIMS = 2_000
BACKGROUND_MIN_WORDS = 8
# The article's first sentences carry its news (a headline line, the lede, its follow-up):
# kept when they name something, whatever their verbs.
LEDE_SENTENCES = 3
# Background (a copula, a stance) is kept in the first part of an article, where it frames
# the news; past this share of the text it is context a reader does not need first.
BACKGROUND_REACH = 0.5
# A sentence in which someone or something named does something (a past-tense verb beyond
# the event list: "The cabinet scrapped the plan") is news in the first part of an article.
ACTOR_REACH = 0.7
ACTOR_ACTS_PATTERN = r"\b(?<!was )(?<!were )(?<!been )(?<!being )[a-z]{3,}(?<!need)(?<!speed)ed\b"

RULE_SOURCES: tuple[str, ...] = (
    RULES_REVISION,
    EVENT_VERBS,
    EVENT_MODAL_PATTERN,
    BACKGROUND_PATTERN,
    FINAL_PUNCTUATION_PATTERN,
    LEADING_CONNECTIVE_PATTERN,
    NEWS_PATTERN,
    CAPTION_LIKE_PATTERN,
    NEWSROOM_PATTERN,
    str(REPEAT_SHARE),
    str(CAPTION_ECHO_SHARE),
    str(REPEAT_WINDOW),
    STOP_WORDS,
    str(MIN_WORDS),
    str(BACKGROUND_MIN_WORDS),
    str(SHORT_FIGURE_WORDS),
    str(LEDE_SENTENCES),
    str(BACKGROUND_REACH),
    str(ACTOR_REACH),
    ACTOR_ACTS_PATTERN,
)
# Every rule table that shapes the output: change one and the version changes.
RULES_VERSION = short_hash(
    *RULE_SOURCES,
    *sentences.RULE_SOURCES,
    *candidates.RULE_SOURCES,
    *figures.RULE_SOURCES,
    *attribution.RULE_SOURCES,
    *context.RULE_SOURCES,
    *referents.RULE_SOURCES,
    length=10,
)

_EVENT = re.compile(r"\b(?:" + EVENT_VERBS + r")\b", re.IGNORECASE)
# The event test without the slow case-insensitive alternation: a one-word verb matches
# exactly when it is one of the sentence's words; a two-word one ("broke out") still needs
# the pattern, and only when its first word is there. Characters that match ASCII letters
# under IGNORECASE (Kelvin sign, long s, dotted/dotless i) send a sentence to the pattern.
_EVENT_ONE_WORD = frozenset(v for v in EVENT_VERBS.split("|") if " " not in v)
_EVENT_FIRST_WORDS = frozenset(v.split()[0] for v in EVENT_VERBS.split("|") if " " in v)
_IGNORECASE_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_EVENT_MODAL = re.compile(EVENT_MODAL_PATTERN, re.IGNORECASE)
# The words EVENT_MODAL_PATTERN opens with ("plans to": "plans"), for `_may_have_modal`.
_MODAL_WORDS = wordset(
    "will would shall could may might plan plans planned intend intends expected set due "
    "going scheduled"
)
_BACKGROUND = re.compile(BACKGROUND_PATTERN)
_NAMES_SOMETHING = re.compile(NAMES_SOMETHING_PATTERN)
_FINAL_PUNCTUATION = re.compile(FINAL_PUNCTUATION_PATTERN)
_LEADING_CONNECTIVE = re.compile(LEADING_CONNECTIVE_PATTERN)
_NEWS = re.compile(NEWS_PATTERN)
_CAPTION_LIKE = re.compile(CAPTION_LIKE_PATTERN)
_ACTOR_ACTS = re.compile(ACTOR_ACTS_PATTERN)
_NEWSROOM = re.compile(NEWSROOM_PATTERN)
_STOP_WORDS = frozenset(STOP_WORDS.split())
_WORD = re.compile(r"\w+")
# Claim fields the rules never set, with their (immutable) defaults.
_CLAIM_DEFAULTS = {
    name: Claim.model_fields[name].default for name in ("status", "original_text", "version")
}
_SPACE = re.compile(r"\s+")


class RegexBackend(Backend):
    """Rule-based extraction: no model, no network, same input -> same output."""

    name = "regex"

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("regex", "rules", RULES_VERSION)

    async def extract(self, document: Document) -> Extraction:
        return self.extract_sync(document)

    async def extract_streamed(self, document: Document) -> StreamedExtraction:
        totals = Extraction(document_id=document.id)
        claims = self._claims(document, totals)
        return StreamedExtraction(slices=_in_slices(claims, SLICE_CLAIMS), totals=totals)

    def extract_sync(self, document: Document) -> Extraction:
        """All of a document's claims at once (tests, tools); a batch streams them."""
        extraction = Extraction(document_id=document.id)
        extraction.claims = list(self._claims(document, extraction))
        return extraction

    def _claims(self, document: Document, totals: Extraction) -> Iterator[Claim]:
        """The document's claims in order, made one at a time; at the claim cap, the reason
        is set on `totals` and no more are made."""
        provenance = self.key.provenance()
        made_count = 0
        seen: list[frozenset[str]] = []  # content words of each claim so far
        # The first complete sentence carries the news: kept whatever its verbs.
        candidates = sentences_of(document)
        # The text the referents look ahead in or back over: the body, not the headline.
        known = referents.Referents(
            document=document.text[candidates[0].start :] if candidates else ""
        )
        length = len(document.text)
        # Each sentence's rules are run once, when first needed, and forgotten once the
        # caption and repeat checks can no longer look back at it: holding them for every
        # sentence of a claim-dense file cost more than the claims themselves.
        window = _SentenceWindow(candidates, length)
        for index, sentence in enumerate(candidates):
            kind, found = window.classified(index)
            late = index >= LEDE_SENTENCES and sentence.start > BACKGROUND_REACH * length
            if kind is ClaimKind.BACKGROUND and late:
                kind = None  # context told late in an article is rarely its news
            if kind is not None and window.echoes_caption(index):
                kind = None  # a photo caption that repeats a sentence of the story
            if kind is not None:
                words = window.words(index)
                if _repeats(words, seen):
                    kind = None  # a caption or a standfirst repeating the story
                else:
                    seen.append(words)
                    if len(seen) > 2 * REPEAT_WINDOW:
                        del seen[:-REPEAT_WINDOW]  # _repeats looks back this far only
            window.forget_before(index - REPEAT_WINDOW)
            # "he said" with no named speaker right before: the person the last few
            # sentences named, if any (the subject or the speaker).
            speaker = sentence.attribution
            if speaker and is_pronoun(speaker) and (person := known.recent_person()):
                sentence.attribution = f"{speaker} ({person})"
            name = speaker_name(sentence.attribution) if sentence.attribution else None
            if kind is None:
                known.advance(sentence.text, name)
                continue
            if made_count == MAX_CLAIMS_PER_DOCUMENT:
                # Checked as claims are made: what was found up to the cap is kept, and the
                # document is marked as capped rather than failed.
                totals.capped = (
                    f"over {MAX_CLAIMS_PER_DOCUMENT:,} claims in one document: stopped at "
                    f"character {sentence.start:,}; split it into smaller files to extract "
                    "the rest"
                )
                return
            made = context.standalone(
                _normalise(sentence.text) + ("." if sentence.clause else ""),
                attribution=sentence.attribution,
                named_speaker=name,
                fragment=sentence.quoted and not sentence.own_attribution,
                referents=known,
            )
            known.advance(sentence.text, name, made.referent)
            text = made.text
            made_count += 1
            yield (
                # Built without validation: every field comes from these rules (the span from
                # the splitter, ordered), and validating each claim cost about 2% of the run.
                Claim.model_construct(
                    id=Claim.id_for(document.id, provenance, sentence.start, sentence.end, text),
                    document_id=document.id,
                    text=text,
                    quote=sentence.text,
                    quote_start=sentence.start,
                    quote_end=sentence.end,
                    kind=kind,
                    attribution=sentence.attribution,
                    figures=found,
                    needs_context=made.needs_context,
                    context_note=made.note,
                    provenance=provenance,
                    # The remaining fields at their defaults, given rather than looked up:
                    # model_construct deep-copies each default it fills in.
                    **_CLAIM_DEFAULTS,
                )
            )


def _in_slices(claims: Iterator[Claim], size: int) -> Iterator[list[Claim]]:
    """`claims` in lists of up to `size`, so only one list is held at a time."""
    while chunk := list(islice(claims, size)):
        yield chunk


class _SentenceWindow:
    """Each candidate sentence's rule results (kind and figures, caption-likeness, content
    words), worked out when first asked for and kept only while a check may still look
    back at them (REPEAT_WINDOW sentences)."""

    def __init__(self, candidates: list[Sentence], length: int) -> None:
        self.candidates = candidates
        self.length = length
        self.kinds: dict[int, tuple[ClaimKind | None, list[Figure]]] = {}
        self.captions: dict[int, bool] = {}
        self.words_of: dict[int, frozenset[str]] = {}

    def classified(self, i: int) -> tuple[ClaimKind | None, list[Figure]]:
        if (known := self.kinds.get(i)) is None:
            sentence = self.candidates[i]
            known = self.kinds[i] = _classify(
                sentence,
                lede=i < LEDE_SENTENCES,
                early=sentence.start <= ACTOR_REACH * self.length,
            )
        return known

    def claimed(self, i: int) -> bool:
        return self.classified(i)[0] is not None

    def caption(self, i: int) -> bool:
        if (known := self.captions.get(i)) is None:
            text = self.candidates[i].text
            known = self.captions[i] = _may_be_caption(text) and (
                _CAPTION_LIKE.search(text) is not None
            )
        return known

    def words(self, i: int) -> frozenset[str]:
        """Content words, for the repeat checks (only claims and captions need them)."""
        if (known := self.words_of.get(i)) is None:
            known = self.words_of[i] = _content_words(self.candidates[i].text)
        return known

    def echoes_caption(self, i: int) -> bool:
        """Sentence `i` is a photo caption ("Arrest: Police have arrested ...", "...
        (pictured)") whose words a story sentence nearby already holds. The story sentence
        is the better claim: it comes with its context, the caption with a photo."""
        if not self.caption(i):
            return False
        words = self.words(i)
        need = CAPTION_ECHO_SHARE * len(words)
        nearby = range(max(0, i - REPEAT_WINDOW), min(len(self.candidates), i + REPEAT_WINDOW + 1))
        return any(
            j != i
            and self.claimed(j)
            and not self.caption(j)
            and len(words & self.words(j)) >= need
            for j in nearby
        )

    def forget_before(self, i: int) -> None:
        """Drop what no check will look at again: the results of sentence `i` and earlier."""
        for table in (self.kinds, self.captions, self.words_of):
            table.pop(i, None)


def _content_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower())) - _STOP_WORDS


def _repeats(words: frozenset[str], seen: list[frozenset[str]]) -> bool:
    """Most of `words` are in one earlier claim: the sentence says nothing new."""
    if not words:
        return True
    need = REPEAT_SHARE * len(words)
    # A plain loop, not any(<generator>): this runs once per claim against up to
    # REPEAT_WINDOW earlier ones, and the generator's frames were most of its cost.
    for earlier in seen[-REPEAT_WINDOW:] if len(seen) > REPEAT_WINDOW else seen:
        if len(earlier) >= need and len(words & earlier) >= need:
            return True
    return False


def _classify(
    sentence: Sentence, *, lede: bool = False, early: bool = False
) -> tuple[ClaimKind | None, list[Figure]]:
    """The claim kind of a sentence (None: not a claim) and the figures it states."""
    text = sentence.text
    if len(text) > MAX_SENTENCE_CHARS:
        return None, []
    words = _WORD.findall(text)
    if text.endswith("?"):
        return None, []
    if len(words) < MIN_WORDS and not (len(words) >= SHORT_FIGURE_WORDS and _counts_alone(text)):
        return None, []  # "Nine remain in hospital." is a count told short; most are not
    if text[0].islower() and not sentence.later_clause:
        return None, []
    # A final ".", "!" or "…" is the usual end, and matches the pattern's first branch.
    if not sentence.clause and text[-1] not in ".!…" and not _FINAL_PUNCTUATION.search(text):
        return None, []  # a heading, a caption or a cut-off line
    if _may_be_newsroom(text) and _NEWSROOM.search(text):
        return None, []  # the newsroom talking about itself, not the news
    found = find_figures(text, words)
    if sentence.attribution:
        return ClaimKind.STATEMENT, found
    if sentence.quoted:
        return None, []  # a quotation nobody is named for
    if any(not is_spelled(f) or counts_news(f) for f in found):
        return ClaimKind.FIGURE, found
    if _has_event_verb(text, words) or (_may_have_modal(text, words) and _EVENT_MODAL.search(text)):
        return ClaimKind.EVENT, found
    if _NEWS.search(text) and (
        _NAMES_SOMETHING.search(text) or any(not is_spelled(f) for f in found)
    ):
        return ClaimKind.EVENT, found
    if (
        len(words) >= BACKGROUND_MIN_WORDS
        and _BACKGROUND.search(text)
        and _NAMES_SOMETHING.search(text)
    ):
        return ClaimKind.BACKGROUND, found
    if lede and (_NAMES_SOMETHING.search(text) or found):
        return ClaimKind.EVENT, found
    if early and _NAMES_SOMETHING.search(text) and _ACTOR_ACTS.search(text):
        return ClaimKind.EVENT, found  # someone named did something, whatever the verb
    return None, []


def _may_be_caption(text: str) -> bool:
    """False only when `_CAPTION_LIKE` cannot match: a label needs its colon, a photo marker
    its bracket, and most sentences have neither."""
    return "(" in text or ":" in text


def _may_have_modal(text: str, words: list[str]) -> bool:
    """False only when `_EVENT_MODAL` cannot match: its modal ("will", "plans to") is a
    whole word of the sentence. The pattern is case-insensitive: characters that match
    ASCII letters under IGNORECASE send a sentence to it."""
    if _IGNORECASE_ASCII_TWINS.search(text):
        return True
    return not _MODAL_WORDS.isdisjoint(map(str.lower, words))


def _may_be_newsroom(text: str) -> bool:
    """False only when `_NEWSROOM` cannot match: each of its branches needs one of these
    words (the alternation, with no literal start, is slow to rule out)."""
    return "contributed" in text or "asked" in text or "not " in text or "declined" in text


def _has_event_verb(text: str, words: list[str]) -> bool:
    """`_EVENT.search(text)`, answered from the sentence's words where that is exact."""
    if _IGNORECASE_ASCII_TWINS.search(text):
        return _EVENT.search(text) is not None
    lowered = {word.lower() for word in words}
    if not lowered.isdisjoint(_EVENT_ONE_WORD):
        return True
    return not lowered.isdisjoint(_EVENT_FIRST_WORDS) and _EVENT.search(text) is not None


def _normalise(sentence: str) -> str:
    """The sentence as a stand-alone claim: one line, no leading connective."""
    text = _SPACE.sub(" ", sentence).strip()
    stripped = _LEADING_CONNECTIVE.sub("", text)
    if stripped != text and stripped:
        text = stripped[0].upper() + stripped[1:]
    return text


def _counts_alone(text: str) -> bool:
    """A short sentence that opens on a number counting news ("Nine remain in hospital.")."""
    found = find_figures(text)
    return bool(found) and text.startswith(found[0].raw) and counts_news(found[0])
