"""Sentence splitting with exact character spans.

`split_sentences(text)` returns (start, end) spans such that `text[start:end]` is one
sentence with no surrounding whitespace. Claims quote these spans verbatim, so the spans
must be exact; they need not be linguistically perfect.

Rules, in order of strength:
  * a newline always ends a sentence (scraped news puts one paragraph per line, and a
    line without final punctuation is a heading or caption, never half a sentence);
  * a caption marker ("(file picture)", "(pictured)") before a capitalised word ends one;
  * `.`, `!`, `?` or an ellipsis, plus any closing quotes/brackets right after it, ends a
    sentence when whitespace follows -- unless the word before the period is an
    abbreviation or an initial, or the next word starts in lower case.

Plain `re` with no nested quantifiers: linear in the text length.
"""

from __future__ import annotations

import re

from summarise.vocabulary import wordset

# Titles and words that are never the last word of a sentence: "Gen. Abbas Kamel".
NEVER_FINAL_ABBREVIATIONS = wordset(
    "mr mrs ms dr prof gen sen rep gov lt col st sgt capt maj adm cmdr rev hon pres supt "
    "insp det gov fr sr mt ft no nos vs v cf approx dept est fig op vol art jan feb mar apr "
    "jun jul aug sep sept oct nov dec"
)
# Abbreviations that may well end a sentence ("... in the U.S."): they end one only when a
# typical sentence opener follows.
MAYBE_FINAL_ABBREVIATIONS = wordset(
    "u.s u.n u.k e.u u.s.a a.m p.m jr inc corp co ltd llc plc bros etc al e.g i.e"
)
SENTENCE_OPENERS = wordset(
    "the a an he she it they we i you his her its their our this that these those there "
    "but and in on at after before when while however meanwhile also yet so if as"
)

# A sentence terminator: ., !, ?, ellipsis (also "...", "!?"), then closing quotes or
# brackets, then whitespace or the end of the line.
TERMINATOR_PATTERN = (
    r"(?:\.{3}|…|[.!?])[.!?…]*[\"'”’»)\]]*(?=\s|$)"
    # A photo caption's closing marker before the next capitalised sentence: captions
    # scraped with their story have no final stop ("... Channel (file picture) The ...").
    r"|\((?:file\s+)?(?:picture|pictured|photo|image|shown)\)(?=\s+[A-Z])"
)
# The word right before a period: letters, digits, inner dots ("U.S", "a.m").
WORD_BEFORE_PATTERN = r"([\w.]+)[\"'“”‘’(\[]*$"
# The first character of the next sentence: lower case means "not a new sentence".
NEXT_START_PATTERN = r"\s*[\"'“”‘’(\[]*(\S?)(\w*)"

RULE_SOURCES: tuple[str, ...] = (
    TERMINATOR_PATTERN,
    WORD_BEFORE_PATTERN,
    NEXT_START_PATTERN,
    " ".join(sorted(NEVER_FINAL_ABBREVIATIONS)),
    " ".join(sorted(MAYBE_FINAL_ABBREVIATIONS)),
    " ".join(sorted(SENTENCE_OPENERS)),
)

# Compiled to start only where a run of terminators starts: the same matches, but a long run
# not followed by space ("!!!...!x") is tried once, not again from each of its characters
# (that retrying was quadratic: 16,000 "!" took 4 s).
_TERMINATOR_AS_WRITTEN = re.compile(r"(?<![.!?…])" + TERMINATOR_PATTERN, re.MULTILINE)
# The same matches, written so that each branch opens with its first character (a run of
# terminators is `[.!?…]+` whichever way it starts; the look-behind, after that character,
# still looks at the one before): `re` then skips to the next candidate character instead
# of trying the look-behind at every position. tests/test_regex_fast_paths.py checks both
# agree.
_TERMINATOR = re.compile(
    r"[.!?…](?<![.!?…][.!?…])[.!?…]*[\"'”’»)\]]*(?=\s|$)"
    r"|\((?:file\s+)?(?:picture|pictured|photo|image|shown)\)(?=\s+[A-Z])",
    re.MULTILINE,
)
_WORD_BEFORE = re.compile(WORD_BEFORE_PATTERN)
_NEXT_START = re.compile(NEXT_START_PATTERN)
_LINE = re.compile(r"[^\n]+")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")  # "u.s", "a.m"
# How far back to look for the word before a period; words are short.
_LOOKBEHIND = 40


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, in order, each stripped of whitespace."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        line_end = line.end()
        for term in _TERMINATOR.finditer(text, line.start(), line_end):
            if not _is_boundary(text, term.start(), term.end(), line_end):
                continue
            _add_span(text, start, term.end(), spans)
            start = term.end()
        _add_span(text, start, line_end, spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    if end > start and not text[start].isspace() and not text[end - 1].isspace():
        spans.append((start, end))  # the usual case: nothing to strip
        return
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _is_boundary(text: str, term_start: int, term_end: int, line_end: int) -> bool:
    if (
        term_end + 1 < line_end
        and text[term_end] == " "
        and text[term_start] != "."
        and text[term_end + 1].isalpha()
    ):
        # The usual "! Next" / "? Next": decided by the next letter, without the regex.
        return not text[term_end + 1].islower()
    nxt = _NEXT_START.match(text, term_end, line_end)
    first = nxt.group(1) if nxt else ""
    next_word = (first + nxt.group(2)).lower() if nxt else ""
    if not first:
        return True  # end of the line
    if first.islower():
        return False  # "... security source. rank, who ..." / "e.g. this"
    if text[term_start] != ".":
        return True  # "!", "?" and ellipses before a capital
    if text[term_start : term_start + 3] == "..." or (
        term_end - term_start > 1 and text[term_start + 1] in "\"'”’»)]"
    ):
        return True  # `said.”` / `."`: the quote closes the sentence
    before = _WORD_BEFORE.search(text, max(0, term_start - _LOOKBEHIND), term_start)
    if before is None:
        return True
    word = before.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "John F. Kennedy"
    if word in NEVER_FINAL_ABBREVIATIONS:
        return False
    if word in MAYBE_FINAL_ABBREVIATIONS or _DOTTED.fullmatch(word):
        return next_word in SENTENCE_OPENERS
    return True
