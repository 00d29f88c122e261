"""Same fact in other words, recognised by the fact: one event on one resolved day, one
workforce size, one large count of people, the same actors doing the same deed; and point
merging that does not move when claim ids change. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

from summarise.analysis import point_merging
from summarise.analysis.actors import shared_actors
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.corroboration import TfidfMatcher
from summarise.analysis.event_days import EventDay, event_days
from summarise.analysis.fact_evidence import same_count, workforce
from summarise.analysis.paraphrase import fact_terms
from summarise.backends.regex.figures import find_figures
from summarise.models import LinkRecord
from tests.factories import claim_for, document

FILLER = [
    "The harbour authority repainted the lighthouse at Wenlow last spring.",
    "Fishing boats returned to the quay after the storm warning was lifted.",
    "A local bakery opened a second shop on the market square.",
    "School buses ran on the winter timetable for the whole week.",
]
FRIDAY = date(2041, 5, 3)
SATURDAY = date(2041, 5, 4)
MONDAY = date(2041, 5, 6)


def _fact(sentence: str, source: str, published: date | None = None) -> ClaimFacts:
    doc = document(f"{sentence} ({source})", source=source)
    claim = claim_for(doc, sentence, figures=find_figures(sentence))
    return facts_for(claim, published)


def _linked(first: ClaimFacts, second: ClaimFacts) -> bool:
    facts = [first, second] + [_fact(s, f"filler{n}.txt") for n, s in enumerate(FILLER)]
    return any(
        {k.first, k.second} == {first.claim_id, second.claim_id}
        for k in TfidfMatcher().links(facts)
    )


def test_a_walkout_and_the_strike_beginning_on_the_same_resolved_day_link() -> None:
    walkout = _fact(
        "Porters at Quenmoor walked off the job on Friday over a pay offer.",
        "a.txt",
        FRIDAY,
    )
    began = _fact(
        "The Quenmoor stoppage, which began on Friday, May 3, has idled the grain quays.",
        "b.txt",
        MONDAY,
    )
    assert event_days(walkout) == {EventDay("~strike", FRIDAY)}
    assert _linked(walkout, began)


def test_the_same_event_on_another_day_does_not_link() -> None:
    walkout = _fact(
        "Porters at Quenmoor walked off the job on Friday over a pay offer.",
        "a.txt",
        FRIDAY,
    )
    other_day = _fact(
        "The Quenmoor stoppage, which began on Thursday, May 2, has idled the grain quays.",
        "b.txt",
        MONDAY,
    )
    assert not _linked(walkout, other_day)


def test_a_date_in_another_clause_is_not_the_events_day() -> None:
    fact = _fact(
        "The walkout was called in March; on Friday, the harbour master resigned.",
        "a.txt",
        SATURDAY,
    )
    assert EventDay("~strike", FRIDAY) not in event_days(fact)


def test_closed_until_a_day_is_the_reopening_on_that_day() -> None:
    closed = _fact(
        "The Orvale ring road remains shut to traffic until Monday, the highways office said.",
        "a.txt",
        FRIDAY,
    )
    reopens = _fact(
        "The highways office expects to reopen the Orvale ring road on Monday.",
        "b.txt",
        SATURDAY,
    )
    other_day = _fact(
        "The highways office expects to reopen the Orvale ring road on Tuesday.",
        "c.txt",
        SATURDAY,
    )
    assert _linked(closed, reopens)
    assert not _linked(closed, other_day)


def test_one_workforce_size_told_two_ways_links() -> None:
    employs = _fact(
        "Orbelle Mills, which employs about 1,350 people at its two sites, said orders had fallen.",
        "a.txt",
    )
    strong = _fact(
        "Orbelle Mills has idled 400 of its 1,350-strong workforce for a month.",
        "b.txt",
    )
    other = _fact(
        "Orbelle Mills has idled 400 of its 1,500-strong workforce for a month.",
        "c.txt",
    )
    assert workforce(employs.text) == {1350.0}
    assert workforce("Some 1,350 staff were evacuated from the plant.") == frozenset()
    assert 1350.0 in workforce(strong.text)
    assert _linked(employs, strong)
    assert not _linked(employs, other)


def test_a_large_count_of_people_and_of_workers_is_one_count() -> None:
    workers = _fact("A union steward counted 230 workers in the depot that night.", "a.txt")
    people = _fact("The depot's owners say 230 people were on site that night.", "b.txt")
    tonnes = _fact("The depot's owners say 230 tonnes were on site that night.", "c.txt")
    assert _linked(workers, people)
    assert not _linked(workers, tonnes)


def test_one_count_given_as_news_or_as_where_it_stood_is_evidence_either_way_round() -> None:
    news = _fact("Hobbridge police have held 31 people since Sunday.", "a.txt")
    earlier = _fact(
        "Hobbridge police had earlier put the count at 31, the yard's owners said.", "b.txt"
    )
    shared = frozenset({"ferrow"})
    assert same_count(news, earlier, shared)
    assert same_count(earlier, news, shared)


def test_actors_are_shared_however_each_outlet_titles_them() -> None:
    headline = _fact("Inspector Tova Renn Met With Mayor Osk Palander.", "a.txt")
    report = _fact("Tova Renn met with Osk Palander over the holiday weekend.", "b.txt")
    assert shared_actors(headline, report) == 2
    assert _linked(headline, report)


def _link(first: str, second: str, score: float) -> LinkRecord:
    return LinkRecord(first, second, score, "test")


def test_equal_links_are_taken_in_story_order_not_by_claim_id() -> None:
    # x is as close to y as to z, and y and z are not linked: the claim told first joins x,
    # whatever the ids are called.
    order = {"x": (0, 10), "y": (0, 50), "z": (1, 5)}
    links = [_link("x", "y", 0.5), _link("x", "z", 0.5)]
    assert point_merging.merge(["x", "y", "z"], links, order) == [["x", "y"], ["z"]]
    renamed = {"x": "m", "y": "q", "z": "b"}
    order2 = {renamed[k]: v for k, v in order.items()}
    links2 = [_link("m", "q", 0.5), _link("b", "m", 0.5)]
    assert point_merging.merge(["m", "q", "b"], links2, order2) == [["m", "q"], ["b"]]


def test_the_same_event_on_the_same_day_in_another_place_does_not_link() -> None:
    brellin = _fact(
        "Porters at Quenmoor walked off the job on Friday over a pay offer.", "a.txt", FRIDAY
    )
    other_town = _fact(
        "Tram drivers in Coldmere walked off the job on Friday over rosters.", "b.txt", SATURDAY
    )
    assert event_days(brellin) & event_days(other_town)
    assert not _linked(brellin, other_town)


def test_one_kind_of_event_on_two_resolved_days_is_two_events() -> None:
    friday = _fact("The blaze at the Hesket sawmill broke out on Friday night.", "a.txt", SATURDAY)
    sunday = _fact(
        "A second blaze broke out at the Hesket sawmill on Sunday.", "b.txt", date(2041, 5, 5)
    )
    assert not _linked(friday, sunday)


def test_a_negation_governs_only_its_own_clause() -> None:
    tram = _fact(
        "A tram derailed on Pell Street in Ambervale on Saturday evening.", "a.txt", SATURDAY
    )
    dated = _fact(
        "Saturday's derailment on Pell Street, on May 4, injured no one, Ambervale said.",
        "b.txt",
        MONDAY,
    )
    assert _linked(tram, dated)


def test_a_collapse_by_weekday_and_by_date_is_one_event() -> None:
    weekday = _fact("The Grenlow footbridge collapsed on Friday evening.", "a.txt", SATURDAY)
    dated = _fact(
        "Friday's collapse of the Grenlow footbridge, on May 3, hurt two.", "b.txt", MONDAY
    )
    exploded = _fact("A gas main exploded under Grenlow market on Friday.", "c.txt", SATURDAY)
    blast = _fact("The Grenlow market blast on May 3 shattered windows.", "d.txt", MONDAY)
    assert _linked(weekday, dated)
    assert event_days(exploded) & event_days(blast)


def test_held_since_a_day_is_a_detention_and_held_talks_is_not() -> None:
    detained = _fact(
        "Police detained the quarry foreman and two blasters on Friday after the rockfall.",
        "a.txt",
    )
    held = _fact("The quarry foreman and two blasters have been held since Friday.", "b.txt")
    talks = _fact("The quarry foreman and two blasters held talks on Friday.", "c.txt")
    assert "~arrest" in fact_terms(held)
    assert "~arrest" not in fact_terms(talks)
    assert _linked(detained, held)
