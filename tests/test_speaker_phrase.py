"""A speaker is a noun phrase (summarise/backends/regex/speaker_phrase.py): a leading
"speaker" that took in part of a clause is trimmed to the noun phrase that speaks.
Every sentence here is invented."""

from __future__ import annotations

import pytest

from summarise.backends.regex.attribution import find_attribution


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Rescued: Coastguard officer Nils Arve said the sailors were cold.",
            "Coastguard officer Nils Arve",
        ),
        ("Today Mr Dunlop said the lifeboat would be back in service.", "Mr Dunlop"),
        (
            "Iver Dunlop steered the boat through the waves and told reporters it was calm.",
            "Iver Dunlop",
        ),
        (
            "The owner, Pavel Senn, thanked the crew and said he would sail again.",
            "The owner, Pavel Senn",
        ),
        (
            "The skipper climbed onto the hull and Marta Quell said the yacht hit a rock.",
            "Marta Quell",
        ),
        (
            "The video spread quickly online, the same day harbour master Olav Rusk warned "
            "that two buoys had drifted.",
            "harbour master Olav Rusk",
        ),
        # Unchanged: an aside's "and" is no second subject; a plain speaker stays whole.
        ("Dunlop, who served in Brannoch and Kessel, denies that the crew took a risk.", "Dunlop"),
        (
            "Harbour master Tova Reinholt said the port would reopen.",
            "Harbour master Tova Reinholt",
        ),
    ],
)
def test_the_speaker_is_the_noun_phrase_that_speaks(sentence: str, speaker: str) -> None:
    assert find_attribution(sentence) == speaker


def test_a_clause_with_no_noun_phrase_before_its_verb_has_no_leading_speaker() -> None:
    assert find_attribution("Walked home slowly and said nothing to anyone about it.") is None
