"""One fact told by two outlets in other words (tfidf-v2): paraphrase terms, words quoted
alike, a shared count, and the vetoes that keep two facts apart. Sentences written for these
tests; the names are invented."""

from __future__ import annotations

from bench.merge_pairs import PAIRS, predictions, scores
from bench.merge_pairs_facts import FACT_PAIRS
from summarise.analysis import fact_evidence
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.corroboration import TfidfMatcher
from summarise.analysis.figure_facts import figure_facts
from summarise.analysis.paraphrase import fact_terms, figure_term, stem
from summarise.analysis.verbatim import runs
from summarise.backends.regex.figures import find_figures
from tests.factories import claim_for, document

FILLER = [
    "The harbour authority repainted the lighthouse at Wenlow last spring.",
    "Fishing boats returned to the quay after the storm warning was lifted.",
    "A local bakery opened a second shop on the market square.",
    "School buses ran on the winter timetable for the whole week.",
    "The town library extended its opening hours for the exam season.",
    "A new cycle path now links the station with the old mill.",
]


def _facts(sentences: list[tuple[str, str | None]]) -> list[ClaimFacts]:
    out = []
    for number, (sentence, attribution) in enumerate([*sentences, *((f, None) for f in FILLER)]):
        doc = document(f"{sentence} ({number})", source=f"report{number}.txt")
        claim = claim_for(doc, sentence, attribution=attribution, figures=find_figures(sentence))
        out.append(facts_for(claim))
    return out


def _linked(first: str, second: str, *, speakers: tuple[str | None, str | None] = (None, None)):
    facts = _facts([(first, speakers[0]), (second, speakers[1])])
    pair = {facts[0].claim_id, facts[1].claim_id}
    return any({k.first, k.second} == pair for k in TfidfMatcher().links(facts))


def test_synonyms_and_inflections_meet_in_one_term() -> None:
    assert stem("died") == stem("killed") == stem("dead")
    assert stem("freed") == stem("released")
    assert stem("investigators") == stem("investigation")
    assert stem("rose") == stem("rises")  # irregular past


def test_a_number_in_words_and_in_digits_is_one_term() -> None:
    (words,) = _facts([("Fourteen barns burned down near Fenwold.", None)])[:1]
    (digits,) = _facts([("14 barns burned down near Fenwold.", None)])[:1]
    assert figure_term(14) in fact_terms(words) and figure_term(14) in fact_terms(digits)


def test_the_speakers_own_words_are_not_terms() -> None:
    (facts,) = _facts([("The dam will hold, said Orla Penwick.", "Orla Penwick")])[:1]
    assert "penwick" not in fact_terms(facts) and "dam" in fact_terms(facts)


def test_released_and_walked_free_are_one_fact() -> None:
    assert _linked(
        "Nine fishermen held by the coastguard of Varn were released on Saturday.",
        "The nine fishermen detained by Varn's coastguard walked free on Saturday.",
    )


def test_one_count_in_other_words_links_even_with_two_speakers() -> None:
    # Two sources giving one count corroborate each other; the parts add up to the total.
    assert _linked(
        "The operator, Wyndle Ferries, said 96 passengers and 4 crew were aboard.",
        "Coastguards said there were 100 people on the ferry when it ran aground.",
        speakers=("The operator, Wyndle Ferries", "Coastguards"),
    )


def test_a_sentence_with_other_counts_is_not_anchored_by_one_shared_number() -> None:
    first, second = _facts(
        [
            ("Of the 240 seats in the hall, 31 were empty and 12 were broken.", None),
            ("The council sold 240 tickets for the concert at the Vell hall.", None),
        ]
    )[:2]
    assert not fact_evidence.same_count(first, second, frozenset({"hall"}))


def test_a_statement_quoted_alike_shares_a_run_of_words() -> None:
    shared = runs('"We will rebuild every single bridge on the river," Mayor Tull said.') & runs(
        'Tull promised that "we will rebuild every single bridge" within a year.'
    )
    assert ("we", "will", "rebuild", "every", "single", "bridge") in shared
    # A frame of names is no shared statement.
    assert not runs("the Central Office of Statistics said on Monday") & runs(
        "according to the Central Office of Statistics said on Monday"
    )


def test_future_in_two_ways_is_no_plan_against_an_event() -> None:
    first, second = _facts(
        [
            ("If the river rises again, the farms will have bigger floods than ever.", None),
            (
                "If the river rises again, they are going to have big floods, bigger than ever.",
                None,
            ),
        ]
    )[:2]
    assert not fact_evidence.vetoed(first, second)


def test_a_plan_is_not_the_event_even_in_a_headline_infinitive() -> None:
    first, second = _facts(
        [
            ("The Wraxby council approved the harbour budget on Tuesday.", None),
            ("The Wraxby council will approve the harbour budget next week.", None),
        ]
    )[:2]
    assert fact_evidence.vetoed(first, second)
    third, fourth = _facts(
        [
            ("Varn to suspend ferry crossings and will close the north pier.", None),
            ("Varn will suspend its ferry crossings, the port authority said.", None),
        ]
    )[:2]
    assert not fact_evidence.vetoed(third, fourth)


def test_opposite_deeds_are_two_facts() -> None:
    assert fact_evidence.opposite_deeds(
        "Shares in Wyndle rose 8 percent on Friday.", "Wyndle shares fell 8 percent on Friday."
    )
    assert fact_evidence.opposite_deeds(
        "Police arrested two farmers at the depot.", "Police released two farmers at the depot."
    )
    assert not fact_evidence.opposite_deeds(
        "Shares in Wyndle rose 8 percent.", "Wyndle shares climbed 8 percent."
    )


def test_one_number_with_two_fates_is_two_facts() -> None:
    first, second = _facts(
        [
            ("Police arrested 43 protesters at the Tull bridge.", None),
            ("Forty-three police officers were injured at the Tull bridge.", None),
        ]
    )[:2]
    assert fact_evidence.one_count_two_fates(first, second)
    assert not _linked(
        "Police arrested 43 protesters at the Tull bridge.",
        "Forty-three police officers were injured at the Tull bridge.",
    )


def test_names_alone_do_not_link_however_close() -> None:
    # The same people and places, nothing else in common: the same topic, not one fact.
    first = "Orla Penwick met Tomas Ekker of the Varn Harbour Board in Tull on Monday."
    assert not _linked(
        first,
        "Tomas Ekker of the Varn Harbour Board said Orla Penwick had moved from Tull to Wraxby.",
    )
    assert _linked(first, "Tomas Ekker of the Varn Harbour Board met Orla Penwick in Tull.")


def test_labelled_pairs_of_our_own_keep_their_measured_precision_and_recall() -> None:
    # bench/merge_pairs.py: session 4's 25 same-fact pairs and 25 hard negatives, then
    # session 5's 15 and 11 where the fact decides (bench/merge_pairs_facts.py), each set
    # held to what docs/benchmarks.md measured (all pairs are matched together).
    predicted = predictions()
    measured = scores(predicted)
    assert measured["precision"] >= 0.75, measured
    assert measured["recall"] >= 0.85, measured
    first = len(PAIRS) - len(FACT_PAIRS)
    for pairs, got, floor in (
        (PAIRS[:first], predicted[:first], (0.7, 0.9)),
        (FACT_PAIRS, predicted[first:], (0.85, 0.7)),
    ):
        right = sum(g and p.same for g, p in zip(got, pairs, strict=True))
        assert right / sum(got) >= floor[0], (right, sum(got))
        assert right / sum(p.same for p in pairs) >= floor[1], (right, got)


def test_the_same_names_under_close_wording_need_more_than_names() -> None:
    # Cosine about 0.5, nearly all of it the two names and the place: a meeting held and
    # proposals drafted for it are the same people, another fact.
    assert not _linked(
        "Orla Penwick met Tomas Ekker in Tull, aides confirmed after weeks of rumours.",
        "Penwick had drafted ferry proposals for her meeting with Tomas Ekker in Tull.",
    )


def test_an_age_set_off_by_commas_is_no_count() -> None:
    text = "Orla Penwick, 61, had said she would stay on the board."
    (age,) = figure_facts(text, find_figures(text))
    assert age.duration and not fact_evidence._main_figure(age)
    counted = "Police arrested 40, officials said."
    (count,) = figure_facts(counted, find_figures(counted))
    assert not count.duration


def test_contracted_function_words_and_in_order_to_are_no_terms() -> None:
    (facts,) = _facts([("Boats that don't carry permits were stopped in order to check.", None)])[
        :1
    ]
    terms = fact_terms(facts)
    assert "don't" not in terms and stem("order") not in terms and stem("permits") in terms
    (ordered,) = _facts([("The mayor gave an order to close the quay.", None)])[:1]
    assert stem("order") in fact_terms(ordered)


def test_the_same_count_in_another_context_is_another_fact() -> None:
    # News against background: the same measure, but one is of another year.
    assert not _linked(
        "The lake at Ormsby rose to 4.8 metres on Thursday.",
        "The lake at Ormsby last rose above four metres in 2004.",
    )
    # Without a context on either side the same wording still links.
    assert _linked(
        "The lake at Ormsby rose to 4.8 metres on Thursday.",
        "On Thursday the lake at Ormsby rose to 4.8 metres.",
    )


def test_a_quotation_carried_twice_is_not_split_by_a_time_phrase_near_a_small_number() -> None:
    # "over the last year" puts "two towns" in another time on one side only; the same words
    # quoted by both reports are still one statement.
    quoted = '"The trust we have built over the last year is a sign of the lasting bond'
    assert _linked(
        f'{quoted} between our two towns," Mayor Pelt said at the ceremony.',
        'Mayor Pelt said: "The trust we have built is a sign of a lasting bond between our two '
        'towns."',
        speakers=("Mayor Pelt", "Mayor Pelt"),
    )
    # A measure of another year stays another fact, however alike the rest.
    assert not _linked(
        "The lake at Ormsby rose to 4 metres on Thursday.",
        "The lake at Ormsby last rose to four metres in 2004.",
    )


def test_a_word_describing_whom_a_number_counts_is_not_a_second_fate() -> None:
    # "stranded" and "demonstrators" read as what happened to them on one side only; the
    # other side's fate ("walked free", "were arrested") is stated in both texts.
    assert _linked(
        "Twelve climbers were freed from the Harl glacier on Sunday.",
        "The 12 stranded climbers walked free from the Harl glacier on Sunday.",
    )
    assert _linked(
        "Police detained 24 marchers near the Fenwick bridge on Saturday.",
        "Twenty-four demonstrators were arrested near the Fenwick bridge on Saturday, police said.",
    )
    # Two fates each told by one text only stay two facts.
    assert not _linked(
        "Police detained 24 marchers near the Fenwick bridge.",
        "Twenty-four officers were injured near the Fenwick bridge.",
    )


def test_one_count_told_twice_when_one_reading_takes_a_descriptor_for_its_fate() -> None:
    # "hostages held ... were freed" reads as held on one side; "freed" is there too, so the
    # count is one count released, told by two speakers: corroboration.
    freed = "Nineteen hostages held by the Marl militia were freed on Monday, the Osk council said."
    speakers = ("the Osk council", "Tova Renn")
    assert _linked(
        freed,
        "Fighters released 19 captives at a checkpoint after weeks of talks, said Tova Renn, "
        "a mediator.",
        speakers=speakers,
    )
    # A fate neither text shares stays another count.
    assert not _linked(
        freed,
        "Fighters captured 19 captives at a checkpoint after weeks of talks, said Tova Renn, "
        "a mediator.",
        speakers=speakers,
    )


def test_a_comparison_with_another_year_does_not_make_the_same_measure_another_fact() -> None:
    # "its highest since 1998" reads as another time for 5.1 on one side only.
    assert _linked(
        "The river peaked at 5.1 metres at Harl bridge on Sunday.",
        "The river crested at 5.1 metres at Harl bridge on Sunday, its highest level since 1998.",
    )
    # Another year's different value stays another fact (see the test above on Ormsby).
    assert not _linked(
        "The river peaked at 5.1 metres at Harl bridge on Sunday.",
        "The river last peaked above 4.6 metres at Harl bridge in 1998.",
    )


def test_an_update_that_gives_the_older_count_as_before_is_not_a_conflict() -> None:
    older = "About 3,700 residents have been told to leave the Osk valley."
    assert _linked(
        older, "About 1,900 residents have now been told to leave the Osk valley, down from 3,700."
    )
    # A different count with no word of the older one disagrees as before.
    assert not _linked(older, "About 1,900 residents have now been told to leave the Osk valley.")


def test_words_a_claim_credits_to_someone_else_are_another_statement() -> None:
    said = (
        "Councillor Bram Otley said: \u201cThis bridge contract is the worst deal the town "
        "ever signed.\u201d"
    )
    credited = (
        "First on the list is the bridge contract, which Mayor Ines Valk has called "
        "\u201cthe worst deal the town ever signed.\u201d"
    )
    # The second claim has no attribution, but it says whose words it quotes.
    assert not _linked(said, credited, speakers=("Councillor Bram Otley", None))
    # The same words credited to the same person are one statement.
    same = credited.replace("Mayor Ines Valk", "Councillor Bram Otley")
    assert _linked(said, same, speakers=("Councillor Bram Otley", None))


# A plan beside a deed, sharing three words of the story's topic and nothing that ties the
# plan to what came of it (analysis/possibilities.py).
PLANNED = "The first joint ferry service of the Varrow councils is expected to start next spring."
DONE = (
    "The new timetable came out a day after the Varrow councils opened their first joint bus depot."
)


def test_a_plan_and_a_deed_sharing_only_the_topic_are_two_facts() -> None:
    assert not _linked(PLANNED, DONE)


def test_a_plan_and_what_came_of_it_on_one_day_are_one_fact() -> None:
    assert _linked(
        "The growers' guild said its buyout ballot would close on Thursday as planned.",
        "Members asked the guild to put off Thursday's vote on the Pellam buyout. "
        "The guild refused.",
    )


def test_a_speakers_words_and_a_report_naming_the_speaker_are_one_fact() -> None:
    assert _linked(
        'Mayor Quenby told the market hall the levy was "unfair" and "clumsy", though she '
        "could support a new one if it was phased in.",
        '"It is unfair. It is clumsy," Quenby said when traders asked about the levy.',
        speakers=(None, "Quenby"),
    )
