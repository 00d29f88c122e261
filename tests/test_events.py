"""Event verbs by lemma with their aspect: done, planned or unknown."""

from summarise.analysis.events import EventMention, aspects_clash, event_mentions, lemma


def test_irregular_and_regular_forms_share_a_lemma() -> None:
    assert lemma("met") == lemma("meets") == lemma("meeting") == lemma("meet")
    assert lemma("visited") == lemma("visit")


def test_past_forms_are_done_and_governed_forms_planned() -> None:
    assert event_mentions("Orrin met Dalby.") == {EventMention(lemma("meet"), "done")}
    assert event_mentions("Orrin has arrived in Tamsk.") == {EventMention(lemma("arrive"), "done")}
    for plan in (
        "Orrin will meet Dalby.",
        "Orrin plans to visit Tamsk.",
        "Orrin agreed to meet Dalby.",
    ):
        assert {m.aspect for m in event_mentions(plan)} == {"planned"}, plan


def test_a_noun_is_neither_done_nor_planned() -> None:
    assert {m.aspect for m in event_mentions("The meeting in Tamsk was long.")} == {"unknown"}


def test_a_plan_cue_in_the_previous_sentence_governs_nothing() -> None:
    assert {m.aspect for m in event_mentions("They will see. Orrin met Dalby.")} == {"done"}


def test_a_plan_and_an_event_of_the_same_verb_clash() -> None:
    assert aspects_clash("Orrin will meet Dalby in Tamsk.", "Orrin met Dalby in Tamsk.")
    assert not aspects_clash("Orrin met Dalby in Tamsk.", "Dalby met Orrin in Tamsk on Monday.")
