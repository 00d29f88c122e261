from summarise.backends.regex.sentences import split_sentences


def sents(text: str) -> list[str]:
    spans = split_sentences(text)
    for start, end in spans:
        piece = text[start:end]
        assert piece == piece.strip() and piece
    return [text[s:e] for s, e in spans]


def test_titles_and_initials_do_not_end_sentences():
    text = (
        "Mr. Smith met Gen. Abbas Kamel and Sen. Jones. John F. Kennedy was president. "
        "Lt. Col. Doe and Dr. Who left on Jan. 5 with Rep. Roe."
    )
    assert sents(text) == [
        "Mr. Smith met Gen. Abbas Kamel and Sen. Jones.",
        "John F. Kennedy was president.",
        "Lt. Col. Doe and Dr. Who left on Jan. 5 with Rep. Roe.",
    ]


def test_dotted_abbreviations_end_a_sentence_only_before_an_opener():
    text = "He met U.S. President Trump at 9 a.m. Tuesday. He went to the U.S. The end came."
    assert sents(text) == [
        "He met U.S. President Trump at 9 a.m. Tuesday.",
        "He went to the U.S.",
        "The end came.",
    ]


def test_numbers_with_points_and_commas():
    text = "It killed 7,729 children and left 1.9 million displaced. It cost $2.5bn. More came."
    assert sents(text) == [
        "It killed 7,729 children and left 1.9 million displaced.",
        "It cost $2.5bn.",
        "More came.",
    ]


def test_closing_quotes_belong_to_the_sentence():
    text = "“We are ready,” he said.” Then he left. She said: “It is over.” “Next,” she added."
    assert sents(text) == [
        "“We are ready,” he said.”",
        "Then he left.",
        "She said: “It is over.”",
        "“Next,” she added.",
    ]
    assert sents('He said "no." They left.') == ['He said "no."', "They left."]


def test_newlines_always_end_a_sentence():
    text = "Heading without a stop\n\nFirst para. Second sentence\nNext line.\n"
    assert sents(text) == ["Heading without a stop", "First para.", "Second sentence", "Next line."]


def test_ellipses_and_lower_case_continuations():
    text = "He was lying to his society… He was talking. Some sources. rank, who asked."
    assert sents(text) == [
        "He was lying to his society…",
        "He was talking.",
        "Some sources. rank, who asked.",
    ]


def test_spans_are_exact_offsets():
    text = "  Leading space. Trailing space.  \n\n  Indented paragraph.  "
    spans = split_sentences(text)
    assert spans == [(2, 16), (17, 32), (38, 57)]
    assert [text[s:e] for s, e in spans] == [
        "Leading space.",
        "Trailing space.",
        "Indented paragraph.",
    ]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []
