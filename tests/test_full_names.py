"""A bare surname in a claim is named in full (summarise/backends/regex/full_names.py).

Every article here is invented. Each test checks the claim `text`, the note naming the rule,
and that `quote` stays verbatim.
"""

from __future__ import annotations

from summarise.analysis.claim_facts import facts_for
from summarise.backends.regex.backend import RegexBackend
from summarise.models import Claim
from tests.factories import document


def claims(text: str) -> list[Claim]:
    doc = document(text)
    found = RegexBackend().extract_sync(doc).claims
    for claim in found:
        assert doc.text[claim.quote_start : claim.quote_end] == claim.quote
    return found


def claim_quoting(found: list[Claim], fragment: str) -> Claim:
    (claim,) = [c for c in found if fragment in c.quote]
    return claim


def test_a_bare_surname_is_named_as_the_article_introduced_the_person():
    found = claims(
        "Police arrested ferry captain Corin Vale on Saturday after the crash in the harbour. "
        "Vale faces two charges of reckless navigation and was released on bail."
    )
    claim = claim_quoting(found, "Vale faces two charges")
    assert claim.text.startswith("Corin Vale faces two charges of reckless navigation")
    assert claim.quote.startswith("Vale faces")
    assert claim.context_note == "'Vale' -> 'Corin Vale' (named in full earlier)"


def test_an_honorific_gives_way_to_the_full_name_and_a_title_stays():
    found = claims(
        "Mayor Idris Kettleby opened the new bridge over the Arn on Monday morning. "
        "Critics said Mr Kettleby had ignored the cost, which doubled in two years. "
        "The council said Mayor Kettleby would answer questions on Friday."
    )
    assert "Critics said Idris Kettleby had ignored" in claim_quoting(found, "Critics").text
    council = claim_quoting(found, "would answer questions")
    assert "Mayor Idris Kettleby would answer" in council.text


def test_each_surname_once_and_possessives_keep_their_ending():
    found = claims(
        "Striker Tobiah Renn and goalkeeper Ansel Marrow joined the club on Monday. "
        "Renn and Marrow both signed two-year deals, and Renn's agent confirmed the fee."
    )
    text = claim_quoting(found, "both signed").text
    assert text.startswith("Tobiah Renn and Ansel Marrow both signed two-year deals")
    assert text.count("Tobiah") == 1  # the first bare mention only
    found = claims(
        "Ferry captain Corin Vale was arrested on Saturday after the crash in the harbour. "
        "Vale's lawyer said the captain had not been drinking before the crossing."
    )
    assert claim_quoting(found, "lawyer said").text.startswith("Corin Vale's lawyer said")


def test_a_quotation_is_never_changed():
    found = claims(
        "Ferry captain Corin Vale was arrested on Saturday after the crash in the harbour. "
        "“Vale was not drinking,” his lawyer Nell Orme told reporters on Sunday."
    )
    claim = claim_quoting(found, "was not drinking")
    assert claim.text.startswith("“Vale was not drinking,”")


def test_two_people_sharing_a_surname_are_left_alone():
    found = claims(
        "Ferry captain Corin Vale and his sister Ann Vale were questioned on Saturday morning. "
        "Vale was later charged with reckless navigation by the harbour police."
    )
    assert claim_quoting(found, "later charged").text.startswith("Vale was later charged")


def test_organisations_places_and_things_are_not_people():
    found = claims(
        "The Harbour Trust and North Arnshire council met on Monday to plan the repairs. "
        "Engineers from the Trust said Arnshire would pay for the new pier by spring. "
        "Ferry captain Corin Vale sailed his boat Vale Star into the harbour on Sunday. "
        "The Vale Star crossing was cancelled on Monday because of the storm."
    )
    assert "North Arnshire" not in claim_quoting(found, "Engineers from").text
    assert "Harbour Trust" not in claim_quoting(found, "Engineers from").text
    assert claim_quoting(found, "crossing was cancelled").context_note is None


def test_an_opening_word_is_no_given_name():
    found = claims(
        "Once Mira Solberg crossed the line, the crowd cheered for ten minutes on Sunday. "
        "Solberg finished the race in two hours and eleven minutes, a new course record."
    )
    assert claim_quoting(found, "finished the race").text.startswith("Mira Solberg finished")


def test_the_same_fact_matcher_compares_the_sentence_as_it_names_people():
    found = claims(
        "Police arrested ferry captain Corin Vale on Saturday after the crash in the harbour. "
        "Mr Vale faces two charges of reckless navigation, and Vale's lawyer said he would "
        "plead not guilty."
    )
    claim = claim_quoting(found, "faces two charges")
    assert claim.text.startswith("Corin Vale faces two charges")
    assert facts_for(claim).text == _one_line(claim.quote)
    edited = claim.model_copy(update={"text": "The captain faces two charges."})
    assert facts_for(edited).text == "The captain faces two charges."


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_surname_the_article_used_before_the_full_name_may_be_someone_else():
    found = claims(
        "President Vale opened the new ferry terminal in Arnmouth on Monday morning. "
        "His wife, Ann Vale, cut the ribbon while a band played on the quay. "
        "Vale said the terminal would carry two million passengers a year."
    )
    assert claim_quoting(found, "two million passengers").text.startswith("Vale said")


def test_a_participle_and_a_title_before_a_name_are_not_part_of_it():
    found = claims(
        "Hosting President Corin Vale of Arnland at the palace, the queen praised the treaty. "
        "Mr Vale said the treaty would open the border to trade by spring."
    )
    assert claim_quoting(found, "open the border").text.startswith("Corin Vale said")
