"""Neighbouring events that share every name (town, company, mayor, outlets) stay two stories:
story grouping also compares what happened (`analysis/event_words.py`)."""

from __future__ import annotations

from datetime import date, timedelta

from summarise.analysis.event_words import EventSum, event_vector
from summarise.analysis.grouping import StoryDocument, cosine, group

# One week at one mill in one town: a boiler explosion, and a pay walkout at the same mill.
# Every report names the town, the company, its manager and the mayor, and mentions the other
# event in passing, as local reports do.
BLAST = [
    (
        "Boiler explodes at Tarnby paper mill, scalding three",
        "TARNBY, May 3 (Orrin Wire) - A boiler exploded at the Voss Paper mill in Tarnby on "
        "Tuesday, scalding three workers and blowing out the boiler house roof, said mill "
        "manager Edda Voss. Mayor Kell Ambry said steam and debris fell across the yard. "
        "Firefighters cooled the ruptured boiler for hours. The blast came days after staff at "
        "the Voss Paper mill in Tarnby held a pay walkout.",
    ),
    (
        "Scalded Voss Paper workers in hospital after Tarnby boiler blast",
        "Published: 2035-05-04\nTarnby Ledger\nThree workers scalded when a boiler exploded "
        "at the Voss Paper mill in Tarnby remain in hospital, manager Edda Voss said. Mayor "
        "Kell Ambry visited the burned boiler house, its roof blown off by the explosion. "
        "Inspectors asked why the boiler's pressure valve failed. Voss Paper said the pay "
        "dispute at the mill in Tarnby was unrelated.",
    ),
    (
        "Tarnby boiler blast: inspectors blame jammed valve",
        "TARNBY (Orrin Wire) - Inspectors said a jammed pressure valve caused the boiler "
        "explosion that scalded three workers at the Voss Paper mill in Tarnby. Edda Voss "
        "said every boiler at the mill would be tested. Mayor Kell Ambry said the steam blast "
        "could have killed people. Voss Paper in Tarnby is also in talks over pay.",
    ),
]
WALKOUT = [
    (
        "Voss Paper staff in Tarnby walk out over pay",
        "TARNBY, April 30 (Orrin Wire) - Staff at the Voss Paper mill in Tarnby walked out "
        "over pay on Thursday, demanding a rise of eight percent, the union said. Manager Edda "
        "Voss called the claim unaffordable. Mayor Kell Ambry urged both sides back to talks. "
        "Voss Paper in Tarnby has had a boiler scare before.",
    ),
    (
        "Tarnby pickets stay out as Voss Paper offers four percent",
        "Published: 2035-05-01\nTarnby Ledger\nPickets stayed outside the Voss Paper mill in "
        "Tarnby as the company offered a four percent rise, which the union rejected, manager "
        "Edda Voss said. Mayor Kell Ambry said the walkout hurt the town. Strikers voted to "
        "stay out until the pay offer improves. The mill's boiler house stayed staffed.",
    ),
    (
        "Voss Paper pay talks resume in Tarnby",
        "TARNBY (Orrin Wire) - Union leaders and Voss Paper resumed pay talks in Tarnby, "
        "manager Edda Voss said, as the walkout at the mill entered its fourth day. Mayor Kell "
        "Ambry offered the town hall for the talks. Strikers want eight percent; the company "
        "offers four. The mill in Tarnby also faces a boiler inquiry.",
    ),
]


def _documents(name: str, reports: list[tuple[str, str]], start: date) -> list[StoryDocument]:
    return [
        StoryDocument(f"{name}-{n}", f"{title}\n{text}", start + timedelta(days=n), title)
        for n, (title, text) in enumerate(reports)
    ]


def test_names_are_not_event_words_and_the_headline_counts() -> None:
    vec = event_vector(WALKOUT[0][0] + "\n" + WALKOUT[0][1], WALKOUT[0][0])
    assert "tarnby" not in vec and "voss" not in vec and "ambry" not in vec
    assert {"walk", "pay", "union"} <= set(vec)
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-9


def test_group_sums_give_the_average_pairwise_similarities() -> None:
    vectors = [event_vector(f"{t}\n{x}", t) for t, x in BLAST + WALKOUT]
    blast, walkout = EventSum.of(vectors[:3]), EventSum.of(vectors[3:])
    pairs = [(0, 1), (0, 2), (1, 2)]
    assert abs(blast.within() - sum(cosine(vectors[a], vectors[b]) for a, b in pairs) / 3) < 1e-9
    across = sum(cosine(a, b) for a in vectors[:3] for b in vectors[3:]) / 9
    assert abs(blast.across(walkout) - across) < 1e-9
    assert blast.plus(walkout).count == 6


def test_neighbouring_events_sharing_every_name_stay_two_stories() -> None:
    blast = _documents("blast", BLAST, date(2035, 5, 3))
    walkout = _documents("walkout", WALKOUT, date(2035, 4, 30))
    stories = group([*blast, *walkout])
    assert sorted(g.documents for g in stories) == [
        [d.id for d in blast],
        [d.id for d in walkout],
    ]
    # Neither is a later development of the other.
    assert all(g.follows is None for g in stories)
    # Without the comparison of what happened, the shared names carry them into one story.
    merged = group([*blast, *walkout], event_ratio=0)
    assert len(merged) == 1


def test_one_events_reports_in_other_words_still_group() -> None:
    blast = _documents("blast", BLAST, date(2035, 5, 3))
    stories = group(blast)
    assert [g.documents for g in stories] == [[d.id for d in blast]]
