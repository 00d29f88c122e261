"""Stand-alone claim text (summarise/backends/regex/context.py): each rule on hand-written text.

Every article here is invented. Each test checks the rewritten `text`, the rule named in
`context_note`, and that `quote` and its offsets stay verbatim.
"""

from __future__ import annotations

from summarise.backends.regex.backend import RegexBackend
from summarise.models import Claim
from tests.factories import document


def claims(text: str) -> list[Claim]:
    doc = document(text)
    found = RegexBackend().extract_sync(doc).claims
    for claim in found:
        assert doc.text[claim.quote_start : claim.quote_end] == claim.quote  # verbatim
    return found


def claim_quoting(found: list[Claim], fragment: str) -> Claim:
    (claim,) = [c for c in found if fragment in c.quote]
    return claim


def test_a_pronoun_speaker_becomes_the_named_speaker():
    found = claims(
        "Captain Ada Voss said 12 crossings would run each day from Monday. "
        "She added that fares would stay at 4 euros."
    )
    claim = claim_quoting(found, "She added")
    assert claim.text == "Captain Ada Voss added that fares would stay at 4 euros."
    assert claim.quote == "She added that fares would stay at 4 euros."
    assert claim.context_note == "'She' -> 'Captain Ada Voss' (the speaker attribution resolved)"
    assert not claim.needs_context


def test_a_trailing_pronoun_speaker_is_named_too():
    found = claims(
        "Mayor Lena Sorvik told the council on Tuesday that the old bridge would close. "
        "“Engineers found cracks in two of the piers,” she said."
    )
    claim = claim_quoting(found, "Engineers found cracks")
    assert claim.text == "“Engineers found cracks in two of the piers,” Mayor Lena Sorvik said."
    assert claim.attribution == "she (Mayor Lena Sorvik)"


def test_a_leading_pronoun_takes_the_subject_of_the_sentence_before():
    found = claims(
        "Oleg Maidanovich announced the new satellite group on Tuesday. "
        "He was speaking on Tuesday during a tour of the centre in Krasnoznamensk."
    )
    claim = claim_quoting(found, "He was speaking")
    assert claim.text.startswith("Oleg Maidanovich was speaking on Tuesday")
    assert "(the subject of the sentence before)" in (claim.context_note or "")


def test_it_stands_for_a_named_group_and_they_for_a_plural_never_a_person():
    found = claims(
        "Russian Space Command announced a review of its satellites on Monday. "
        "It monitors about 20,000 objects orbiting the planet. "
        "The inspectors arrived in Moscow on Monday. "
        "They were shown the control room in Moscow on Tuesday."
    )
    assert claim_quoting(found, "It monitors").text.startswith("Russian Space Command monitors")
    assert claim_quoting(found, "They were shown").text.startswith("The inspectors were shown")


def test_it_after_a_person_who_made_something_is_that_thing():
    found = claims(
        "Filmmaker Michael Konig from Bergen has created an amazing video showing the sun. "
        "It was made by stitching together footage from the Solar Dynamics Observatory."
    )
    claim = claim_quoting(found, "It was made")
    assert claim.text.startswith("The amazing video was made by stitching")


def test_the_role_names_the_only_person_with_it():
    found = claims(
        "Italian defence minister Roberta Pinotti said refugee camps should be set up. "
        "The minister said Italy would lead any mission if asked by its partners."
    )
    claim = claim_quoting(found, "The minister said")
    assert claim.text.startswith("Italian defence minister Roberta Pinotti said Italy")


def test_a_lede_role_names_the_one_person_the_article_gives_it_later():
    found = claims(
        "The sheriff who held the ferry captain for two days said on Monday that the crash "
        "was no accident. Fenlow County Sheriff Orla Vantry said the captain had been warned "
        "twice about speeding in the narrows."
    )
    claim = claim_quoting(found, "The sheriff who held")
    assert claim.text.startswith("Fenlow County Sheriff Orla Vantry who held the ferry")
    assert "(the article's only sheriff)" in (claim.context_note or "")
    two = claims(
        "The sheriff who held the ferry captain for two days said on Monday that the crash "
        "was no accident. Sheriff Orla Vantry and Sheriff Mads Tiller both said the captain "
        "had been warned twice about speeding in the narrows."
    )
    assert claim_quoting(two, "The sheriff who held").text.startswith("The sheriff who held")


def test_a_dummy_it_is_left_alone():
    found = claims(
        "The van was seized by the police in Plantation on Friday. "
        "It was not immediately clear if the van belonged to Mr. Sayoc."
    )
    claim = claim_quoting(found, "It was not immediately clear")
    assert claim.text == claim.quote and not claim.needs_context


def test_with_no_clear_referent_the_text_is_kept_and_flagged():
    found = claims(
        "Some are smiling while others look tired after the long crossing of the sea. "
        "They were dropped off in the port of Augusta on Sunday after their rescue."
    )
    claim = claim_quoting(found, "They were dropped off")
    assert claim.text == claim.quote
    assert claim.needs_context
    assert claim.context_note == "'They': no named group or thing in the sentence before"


def test_he_is_never_given_a_group_or_a_she_a_guess():
    found = claims(
        "The Orlesk Chamber of Commerce estimated the damage at 12 million euros on Monday. "
        "He said insurers would pay most of it within a month."
    )
    claim = claim_quoting(found, "He said insurers")
    assert claim.text == claim.quote and claim.needs_context


def test_a_quotation_over_several_sentences_is_one_claim():
    found = claims(
        "Mayor Lena Sorvik spoke on Tuesday. “It is simply not safe. Engineers found cracks "
        "in two of the piers. I will not wait for an accident,” Sorvik said."
    )
    claim = claim_quoting(found, "It is simply not safe")
    assert claim.quote.endswith("I will not wait for an accident,” Sorvik said.")
    assert claim.attribution == "Sorvik" and claim.text.count("“") == claim.text.count("”")


def test_a_quotation_fragment_is_framed_with_its_speaker():
    found = claims(
        "“This is the right decision,” resident Karl Ode said on Monday. "
        "“My children cross the bridge every day.”"
    )
    claim = claim_quoting(found, "My children cross")
    assert claim.text == "Resident Karl Ode said: “My children cross the bridge every day.”"
    assert claim.quote == "“My children cross the bridge every day.”"
    assert claim.context_note == "quotation fragment framed with its speaker ('resident Karl Ode')"


def test_a_single_quoted_passage_over_sentences_joins_its_statement():
    found = claims(
        "Tony Mole of the counter-terrorism unit said today: 'We have uncovered a plot. "
        "'As soon as this came to light we acted quickly with the police abroad.'"
    )
    claim = claim_quoting(found, "We have uncovered a plot")
    assert "As soon as this came to light" in claim.quote
    assert claim.attribution == "Tony Mole of the counter-terrorism unit"


def test_the_rules_are_deterministic():
    text = (
        "Captain Ada Voss said 12 crossings would run each day from Monday. "
        "She added that fares would stay at 4 euros. “We are ready,” she said."
    )
    first = [c.model_dump() for c in claims(text)]
    assert first == [c.model_dump() for c in claims(text)]


def test_a_quote_closed_or_opened_in_a_neighbour_gets_its_mark_a_stray_one_does_not():
    from summarise.backends.regex.context import _balance_quotes

    closed = _balance_quotes("Sir Michael said: “This is a classic return to the 70s.")
    assert closed.text.endswith("70s.”") and "closing mark added" in (closed.note or "")
    opened = _balance_quotes("It must be all for all,” the source said.")
    assert opened.text.startswith("“It must") and "opening mark added" in (opened.note or "")
    stray = "Talks “are not progressing” and the days were not ” very promising”."
    assert _balance_quotes(stray).text == stray  # a typo in the copy is left as written
    miscurled = "They are “close to a truce between the two sides“, without more details."
    assert _balance_quotes(miscurled).text == miscurled  # “ typed for ”: it closes
