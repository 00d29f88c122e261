"""The TF-IDF matcher and average-linkage merging on sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

from summarise.analysis import point_merging
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.corroboration import ClaimMatcher, TfidfMatcher
from summarise.models import Figure, LinkRecord
from tests.factories import claim_for, document

# Filler claims give the story's term weights something to compare against.
FILLER = [
    "The harbour authority repainted the lighthouse at Wenlow last spring.",
    "Fishing boats returned to the quay after the storm warning was lifted.",
    "A local bakery opened a second shop on the market square.",
    "School buses ran on the winter timetable for the whole week.",
]


def _facts(
    pairs: list[tuple[str, str, str | None]], figures: list[list[Figure]] | None = None
) -> list[ClaimFacts]:
    out = []
    for number, (source, sentence, attribution) in enumerate(pairs):
        doc = document(f"{sentence} ({number})", source=source)
        stated = figures[number] if figures else None
        out.append(facts_for(claim_for(doc, sentence, attribution=attribution, figures=stated)))
    for number, sentence in enumerate(FILLER):
        doc = document(sentence, source=f"filler{number}.txt")
        out.append(facts_for(claim_for(doc, sentence)))
    return out


def _linked(facts: list[ClaimFacts]) -> bool:
    matcher: ClaimMatcher = TfidfMatcher()
    return any(
        {k.first, k.second} == {facts[0].claim_id, facts[1].claim_id} for k in matcher.links(facts)
    )


def test_a_reworded_report_of_one_event_links() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "The Tarnby council closed the Wenlow bridge to traffic on Monday"
                " after cracks appeared.",
                None,
            ),
            (
                "b.txt",
                "Cracks forced the Tarnby council to close the Wenlow bridge to traffic on Monday.",
                None,
            ),
        ]
    )
    assert _linked(facts)


def test_the_same_count_of_the_same_thing_supports_a_link() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "Nine barns burned down in the blaze at Ketterby farm, the brigade said.",
                None,
            ),
            ("b.txt", "The brigade confirmed that 9 barns were lost at Ketterby farm.", None),
        ]
    )
    assert _linked(facts)


def test_a_denial_is_not_the_fact_it_denies() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "The Pembry company closed its Ashgate depot on Friday after the strike.",
                None,
            ),
            (
                "b.txt",
                "The Pembry company has not closed its Ashgate depot on Friday after the strike.",
                None,
            ),
        ]
    )
    assert not _linked(facts)


def test_a_plan_is_not_the_event() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "The assembly voted to override the governor's veto of the water bill.",
                None,
            ),
            (
                "b.txt",
                "The assembly would vote to override the governor's veto of the water bill.",
                None,
            ),
        ]
    )
    assert not _linked(facts)


def test_different_figures_of_one_thing_are_a_conflict_not_a_link() -> None:
    facts = _facts(
        [
            ("a.txt", "Snowdrifts cut off 27 farms in Tarnby district on Tuesday.", None),
            ("b.txt", "Snowdrifts cut off 19 farms in Tarnby district on Tuesday.", None),
        ],
        [
            [Figure(value=27, raw="27", counts="farms")],
            [Figure(value=19, raw="19", counts="farms")],
        ],
    )
    assert not _linked(facts)


def test_one_spokesman_saying_two_things_is_two_facts() -> None:
    # His name and title are most of both sentences: they must not make them alike.
    facts = _facts(
        [
            (
                "a.txt",
                "Tomas Verhoek, spokesman for the Wenlow Port Trust, said the ferry would resume.",
                "Tomas Verhoek, spokesman for the Wenlow Port Trust",
            ),
            (
                "b.txt",
                "Dredging of the channel is finished, said Tomas Verhoek,"
                " spokesman for the Wenlow Port Trust.",
                "Tomas Verhoek, spokesman for the Wenlow Port Trust",
            ),
        ]
    )
    assert not _linked(facts)


def _without_figures(facts: list[ClaimFacts]) -> list[ClaimFacts]:
    return [replace(f, figures=()) for f in facts]


def _link(first: str, second: str, score: float) -> LinkRecord:
    return LinkRecord(first, second, score, "test")


def test_average_linkage_does_not_chain_two_facts_through_one_claim() -> None:
    # b is close to a and to c, but a and c are not linked: a-b joins, c stays out.
    links = [_link("a", "b", 0.7), _link("b", "c", 0.5)]
    assert point_merging.merge(["a", "b", "c"], links) == [["a", "b"], ["c"]]


def test_a_group_close_to_all_its_members_joins() -> None:
    links = [_link("a", "b", 0.7), _link("b", "c", 0.6), _link("a", "c", 0.5)]
    assert point_merging.merge(["a", "b", "c"], links) == [["a", "b", "c"]]


def test_no_point_outgrows_its_cap() -> None:
    ids = [f"c{n:02d}" for n in range(point_merging.MAX_CLAIMS + 5)]
    links = [_link(a, b, 0.9) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    groups = point_merging.merge(ids, links)
    assert max(len(g) for g in groups) == point_merging.MAX_CLAIMS


def test_two_reports_of_one_arrival_link_on_the_event_verb_and_place() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "A trade delegation from Vostra, led by its minister Pella Orrin, arrived in"
                " Tamsk on Tuesday for three days of talks on grain tariffs.",
                None,
            ),
            (
                "b.txt",
                "The Vostra minister reached the border by car and arrived in Tamsk, where"
                " officials greeted the convoy.",
                None,
            ),
        ]
    )
    assert _linked(facts)


def test_a_planned_meeting_never_joins_a_held_one_on_the_event_rule() -> None:
    facts = _facts(
        [
            ("a.txt", "Orrin and Dalby will meet in Tamsk to sign the grain accord.", None),
            ("b.txt", "Orrin and Dalby met in Tamsk and argued over the grain accord.", None),
        ]
    )
    assert not _linked(facts)


def test_the_same_actors_at_another_place_are_another_event() -> None:
    facts = _facts(
        [
            (
                "a.txt",
                "Orrin and Dalby met in Tamsk on a cold morning for a second round of tariff"
                " talks with farmers.",
                None,
            ),
            (
                "b.txt",
                "Orrin and Dalby met in Keverly, where both leaders inspected a flooded grain"
                " depot.",
                None,
            ),
        ]
    )
    assert not _linked(facts)
    # The same words at the same place are one event: the place is what kept them apart.
    second = "Orrin and Dalby met in Tamsk, where both leaders inspected a flooded grain depot."
    assert _linked(_facts([("a.txt", facts[0].text, None), ("b.txt", second, None)]))
