"""The regex backend's fast paths answer exactly what the patterns they stand in for answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.backends.regex import backend as regex
from summarise.backends.regex import figures

WORDS = [
    "met", "Met", "MET", "metal", "broke out", "broke", "out", "fell apart", "two", "Twenty",
    "two-day", "ſigned", "İvan", "\u212aILLED", "\u0131", "KILLED", "Kelvin",
    "sent", "resent", "7", "1,200", "said",
    "the", "army", "—", "“", "”", ",", ".", "_met", "met_", "méta",
]  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=60)


def around(phrases: list[str], fillers: list[str]) -> st.SearchStrategy[str]:
    """Sentences with one of `phrases` among filler words, so the pattern under test matches
    often, or any text."""
    words = st.lists(st.sampled_from(fillers), max_size=6).map(" ".join)
    return st.tuples(words, st.sampled_from(phrases), words).map(" ".join) | st.text(max_size=60)


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_event_verb_check_matches_the_pattern(text: str) -> None:
    words = regex._WORD.findall(text)
    assert regex._has_event_verb(text, words) == (regex._EVENT.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_spelled_number_precheck_never_hides_a_match(text: str) -> None:
    if figures._SPELLED.search(text):
        assert figures._may_spell_number(text, figures._TOKEN.findall(text))
    if figures._NUMBER.search(text):
        assert figures._DIGIT.search(text)


ROLE_WORDS = ["minister", "Minister", "MINISTER", "created", "Created", "an", "amazing", "video"]
role_sentences = st.lists(
    st.sampled_from(WORDS + ROLE_WORDS + ["Roberta", "Pinotti", "Ada", "Voss"]), max_size=12
).map(" ".join) | st.text(max_size=60)


@settings(max_examples=400, deadline=None)
@given(role_sentences)
def test_role_and_made_prechecks_never_hide_a_match(text: str) -> None:
    from summarise.backends.regex import referents

    words = set(referents._WORDS.findall(text.lower()))
    if referents._ROLE_NAME.search(text):
        assert not words.isdisjoint(referents.ROLE_WORDS)
    if referents._MADE_OBJECT.search(text):
        assert not words.isdisjoint(referents._MADE_VERBS)


CREDIT_WORDS = [
    "Photo", "Photograph", "photo", "PHOTO", "by", ":", "(AP", "(EPA", "(Reuters", "Getty",
    "Images", "Reuters/J", "AFP/K", "Image", "credit", "Ph", "oto", "The", "harbour", "(",
]  # fmt: skip
credit_lines = st.lists(st.sampled_from(CREDIT_WORDS), max_size=8).map(" ".join) | st.text(
    max_size=60
)


@settings(max_examples=400, deadline=None)
@given(credit_lines)
def test_photo_credit_precheck_never_hides_a_match(line: str) -> None:
    from summarise.ingest import boilerplate

    if boilerplate._PHOTO_CREDIT.search(line):
        assert any(word in line for word in boilerplate._PHOTO_CREDIT_WORDS)


FIGURE_WORDS = [
    "a", "A", "an", "the", "The", "third", "first", "Third", "nurse", "was", "injured", "to",
    "die", "death", "five-day", "12-hour", "day", "-", "hour", "strike", "year-old", "-week",
]  # fmt: skip
figure_sentences = around(
    [
        "a third nurse was injured", "A twelfth police officer was hurt", "the first death",
        "the second person to die", "a five-day strike", "12-hour shifts", "a 9-year-old",
        "an eighth worker injured", "The fourth victim", "a second time",
    ],
    WORDS + FIGURE_WORDS,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(figure_sentences)
def test_duration_and_ordinal_prechecks_never_hide_a_match(text: str) -> None:
    if figures._SPAN_ADJECTIVE.search(text):
        assert figures._may_state_duration(text)
    if figures._ORDINAL.search(text):
        assert figures._may_state_ordinal(figures._TOKEN.findall(text))


SPEECH_WORDS = [
    "said", "Said", "told", "AFP", "pointed", "out", "according", "According", "ACCORDİNG",
    "to", "Ada", "Voss", "a", "spokesman", "“We", "will”", ",", "saidx", "says:",
]  # fmt: skip
speech_sentences = around(
    [
        "according to Ada Voss,", "According to the ministry,", "accordİng to aides.",
        "ACCORDING TO sources;", "Ada Voss said", ", a spokesman said", "said Ada Voss, the head",
        "“We will,” Ada Voss told AFP, “go", "pointed out", ", officials pointed out",
    ],
    WORDS + SPEECH_WORDS,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(speech_sentences)
def test_attribution_precheck_never_hides_a_speaker(text: str) -> None:
    from summarise.backends.regex import attribution

    body = attribution._strip_end(text)
    rest = body[attribution._OPENING.match(body).end() :]  # type: ignore[union-attr]
    verb_patterns = (
        attribution._LEADING.match(rest),
        attribution._TRAILING.search(body),
        attribution._MID_QUOTE.search(body),
        attribution._INVERTED.search(body),
    )
    if any(verb_patterns):
        assert attribution._has_speech_verb(body)
    if attribution._ACCORDING_START.match(body) or attribution._ACCORDING_ANY.search(body):
        assert attribution._may_say_according(body)


LINE_WORDS = [
    "of", "the", "their", "toward", "to", " ", "\u2003", "off", "ofthe", "Reuters", "contributed",
    "to", "this", "report", "has", "asked", "for", "comment", "did", "not", "respond",
    "request", "declined", "could", "be", "reached", ".", "!", "…", "(photo)", "’", "”",
]  # fmt: skip
line_texts = around(
    [
        "declined to comment", "did not respond to a request", "contributed to this report",
        "could not be reached for comment", "has asked them for comment", "the end of",
        "and their ", "x.", "(photo)", "said.”", "Arrest: Police", "(file picture)",
    ],
    WORDS + LINE_WORDS,
).filter(bool)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(line_texts)
def test_paragraph_and_sentence_end_prechecks_match_the_patterns(text: str) -> None:
    from summarise.backends.regex import candidates

    assert candidates._broken_off(text) == (candidates._BROKEN_OFF.search(text) is not None)
    if text[-1] in ".!…":
        assert regex._FINAL_PUNCTUATION.search(text)
    if regex._NEWSROOM.search(text):
        assert regex._may_be_newsroom(text)
    if regex._CAPTION_LIKE.search(text):
        assert regex._may_be_caption(text)


TERMINATOR_PIECES = [
    ".", "...", "…", "!", "?", "!?", "”", "’", ")", "]", '"', "'", " ", "\n", "(photo)",
    "(file picture)", "(pictured)", "The", "next", "a", "U.S", "\u2003",
]  # fmt: skip
terminator_texts = st.lists(st.sampled_from(TERMINATOR_PIECES), max_size=14).map("".join) | st.text(
    max_size=60
)


@settings(max_examples=600, deadline=None)
@given(terminator_texts, st.integers(min_value=0, max_value=5))
def test_fast_terminator_finds_what_the_written_pattern_finds(text: str, start: int) -> None:
    from summarise.backends.regex import sentences

    def spans(pattern):  # type: ignore[no-untyped-def]
        return [m.span() for m in pattern.finditer(text, min(start, len(text)))]

    assert spans(sentences._TERMINATOR) == spans(sentences._TERMINATOR_AS_WRITTEN)


MODAL_WORDS = [
    "will", "Will", "WİLL", "plans", "to", "plan", "meet", "Meet", "visit", "also", "set",
    "scheduled", "going", "due", "intends", "expected", "may", "shall", "wills",
]  # fmt: skip
modal_sentences = around(
    [
        "will meet", "Will visit", "plans to visit", "is scheduled to hold talks",
        "WİLL meet", "may also sign", "are expected to vote", "ſhall meet",
    ],
    WORDS + MODAL_WORDS,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(modal_sentences)
def test_modal_precheck_never_hides_a_match(text: str) -> None:
    if regex._EVENT_MODAL.search(text):
        assert regex._may_have_modal(text, regex._WORD.findall(text))


caption_texts = st.tuples(
    st.sampled_from(["Arrest: Police", "Flood damage: water", "Arrest Police", "The plan"]),
    st.lists(st.sampled_from(WORDS + LINE_WORDS), max_size=6).map(" ".join),
).map(" ".join) | st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(caption_texts)
def test_caption_precheck_never_hides_a_match(text: str) -> None:
    if regex._CAPTION_LIKE.search(text):
        assert regex._may_be_caption(text)
