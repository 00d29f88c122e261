"""Locating quotes: exact, normalised (mapped back to the original), fuzzy within a limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarise.grounding import fuzzy_find, locate_quote, max_edits

TEXT = (
    "The council  voted on “Tuesday” — after\nlong talks — to approve the 2024 budget of "
    "1.9 million dollars, officials said."
)


def span(quote: str) -> str | None:
    found = locate_quote(TEXT, quote)
    return TEXT[found.start : found.end] if found else None


def test_exact_quotes_are_found_as_given() -> None:
    found = locate_quote(TEXT, " officials said. ")
    assert found and found.method == "exact" and span("officials said.") == "officials said."


def test_normalised_quotes_map_back_to_the_documents_own_text() -> None:
    found = locate_quote(TEXT, 'voted on "Tuesday" - after long talks')
    assert found and found.method == "normalised"
    assert span('voted on "Tuesday" - after long talks') == (
        "voted on “Tuesday” — after\nlong talks"
    )


def test_fuzzy_quotes_within_the_limit_are_found() -> None:
    quote = 'The councl voted on "Tuesdy" - after long talks'
    found = locate_quote(TEXT, quote)
    assert found and found.method == "fuzzy" and found.edits == 2
    assert span(quote) == ("The council  voted on “Tuesday” — after\nlong talks")


def test_beyond_the_limit_or_too_short_or_other_numbers_is_not_found() -> None:
    assert locate_quote(TEXT, "The parliament rejected a different plan entirely") is None
    # Four edits in 44 characters: over the limit of one per FUZZY_CHARS_PER_EDIT (3 here).
    assert locate_quote(TEXT, "The councl voted on Tuesdy - after long talks") is None
    assert max_edits(10) == 0 and locate_quote(TEXT, "voted Tusday") is None
    # One edit away, but the figure differs: never grounded by fuzziness.
    assert locate_quote(TEXT, "to approve the 2023 budget of 1.9 million dollars") is None


def test_fuzzy_find_on_a_long_text_finds_the_closest_place() -> None:
    filler = "lorem ipsum dolor sit amet " * 2000
    text = filler + "the convoy reached the crossing at noon" + filler
    found = fuzzy_find(text, "the convoy reachd the crossing at noon", 3)
    assert found is not None
    start, end, edits = found
    assert text[start:end] == "the convoy reached the crossing at noon" and edits == 1


@given(st.text(min_size=1, max_size=200), st.data())
def test_any_substring_is_located_exactly(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    found = locate_quote(text, quote)
    if quote.strip():
        assert found is not None and text[found.start : found.end] == quote.strip()
