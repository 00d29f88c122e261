"""The summary on hand-built stories: facts merged across outlets, agency copies counted once,
figures tracked (updates vs same-day conflicts, spelled-out numbers, different counted nouns),
dates read against their own document only, conflicts weighed, concise Markdown."""

from __future__ import annotations

from datetime import date

from summarise.output.summary.markdown import story_lines, words
from summarise.store import Store
from tests.summary_stories import article, figure, save, summarise

# Three outlets report one visit in their own words (names invented).
HERALD = (
    "Northland foreign minister Anna Berg arrived in Valdoria on Tuesday for talks on the "
    "river border dispute. "
    "Berg will meet President Ivo Lind and the water commission during the visit. "
    "The quarrel over the river has closed two crossings since the spring floods."
)
COURIER = (
    "Anna Berg, Northland's top diplomat, arrived in Valdoria late on Tuesday, her ministry "
    "said, hoping to settle the border row. "
    "She is expected to see Ivo Lind in the capital on Wednesday. "
    "Farmers on both banks say the closed crossings are ruining them."
)
GAZETTE = (
    "Minister Anna Berg arrived in Valdoria to press Northland's case over the Sollen "
    "frontier. "
    "Officials said the talks would also cover reopening the crossings. "
    "Northland and Valdoria have argued over the frontier for a decade."
)


# Unclaimed background every outlet carries, as real articles do: it groups them as one story.
CONTEXT = (
    "\n\nNorthland and Valdoria share the Sollen river border. Valdoria closed the Sollen "
    "crossings after the floods, and Northland protested. Anna Berg and Ivo Lind last met "
    "in Tessel."
)


def _visit_story(store: Store) -> None:
    day = date(2024, 3, 5)
    for source, text in (
        ("herald.txt", HERALD),
        ("courier.txt", COURIER),
        ("gazette.txt", GAZETTE),
    ):
        save(store, article(source, text + CONTEXT, published=day), *_sentences(text))


def _sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.rstrip(".").split(". ")]


def test_one_fact_told_by_three_outlets_in_their_own_words_is_one_point(store: Store) -> None:
    _visit_story(store)
    (story,) = summarise(store)
    arrival = [p for p in story.points() if "arrived in Valdoria" in p.text]
    assert len(arrival) == 1, [p.text for p in arrival]
    point = arrival[0]
    assert (point.documents, point.sources) == (3, 3)
    assert len(point.citations) == 3
    # Independent sources rank it first: it is the headline and the first key point.
    assert story.headline_claim_id == point.id and story.key_points[0].id == point.id
    assert story.headline_sources == 3


def test_different_facts_of_one_story_stay_apart(store: Store) -> None:
    _visit_story(store)
    (story,) = summarise(store)
    farmers = [p for p in story.points() if "Farmers" in p.text]
    decade = [p for p in story.points() if "for a decade" in p.text]
    assert len(farmers) == 1 and len(decade) == 1 and farmers[0].id != decade[0].id
    assert farmers[0].documents == 1 and decade[0].documents == 1


WIRE = (
    "Port officials in Karsk said the harbour will reopen on Monday after the storm. "
    "The storm destroyed forty fishing boats and flooded the old town, the officials said. "
    "Ferry services to the islands remain suspended until further notice."
)
REPRINT = WIRE  # carried word for word, without the sign-off
LOCAL = (
    "The Karsk harbour will reopen on Monday after the storm, the port authority said. "
    "Fishermen counted the damage along the quay, where the storm sank dozens of boats. "
    "Schools in the old town stay closed this week."
)


def test_an_agency_copy_in_two_outlets_counts_once(store: Store) -> None:
    day = date(2024, 2, 1)
    wire = article("wire-copy.txt", WIRE + "\n", published=day, agencies=["EFE"])
    reprint = article("daily.txt", REPRINT + "\n\n", published=day)
    local = article("local.txt", LOCAL, published=day)
    for doc, text in ((wire, WIRE), (reprint, REPRINT), (local, LOCAL)):
        save(store, doc, *_sentences(text))
    (story,) = summarise(store)
    reopening = [p for p in story.points() if "reopen on Monday" in p.text]
    assert len(reopening) == 1
    # Three documents, but the wire copy and its reprint are one source.
    assert (reopening[0].documents, reopening[0].sources) == (3, 2)
    numbers = {d.label: d for d in story.documents}
    assert numbers["daily"].copy_of == numbers["wire-copy"].number


CASUALTY_TEXTS = {
    "monday-a.txt": ("25 people were injured in the Lumen depot fire, the fire service said.", 25),
    "monday-b.txt": ("31 people were injured in the Lumen depot fire, hospital staff said.", 31),
    "thursday.txt": ("40 people were injured in the Lumen depot fire, officials said.", 40),
}
FILLER = (
    " The depot fire in Lumen burned through the night before crews contained it. "
    "Investigators from Lumen are examining the depot's storage of solvents."
)


def test_a_later_report_is_an_update_and_same_day_reports_conflict(store: Store) -> None:
    dates = {
        "monday-a.txt": date(2024, 5, 6),
        "monday-b.txt": date(2024, 5, 6),
        "thursday.txt": date(2024, 5, 9),
    }
    for source, (sentence, value) in CASUALTY_TEXTS.items():
        doc = article(source, sentence + FILLER, published=dates[source])
        save(store, doc, (sentence, [figure(value, str(value), "people")]))
    (story,) = summarise(store)
    (injured,) = [f for f in story.figures if "injured" in f.subject]
    assert injured.latest == "40" and injured.status == "updated"
    assert [(r.value, r.reported) for r in injured.history] == [
        ("25", date(2024, 5, 6)),
        ("31", date(2024, 5, 6)),
        ("40", date(2024, 5, 9)),
    ]
    assert injured.line() == "people injured: 40 (up from 25, 31 reported earlier)"
    # The same-day disagreement is history once Thursday's report moved past it: not an
    # open conflict (tests/test_figure_relating.py: it stays open while nothing moved past).
    assert not story.conflicts


def test_spelled_out_numbers_are_figures_and_agree_with_digits(store: Store) -> None:
    day = date(2024, 6, 2)
    first = "Twelve people were hurt when the Dray bridge collapsed on Sunday."
    second = "12 people were injured when the Dray bridge collapsed, police said."
    save(store, article("a.txt", first + FILLER, published=day), first)
    save(
        store,
        article("b.txt", second + FILLER, published=day),
        (second, [figure(12, "12", "people")]),
    )
    (story,) = summarise(store)
    (hurt,) = [f for f in story.figures if "injured" in f.subject]
    assert hurt.latest in ("12", "Twelve") and hurt.status == "stable"
    assert hurt.history[0].sources == 2
    assert not story.conflicts


def test_figures_counting_different_things_are_not_compared(store: Store) -> None:
    day = date(2024, 6, 3)
    first = "300 staff and students were evacuated from the Ostrava Nova campus."
    second = "250 students were evacuated from the Ostrava Nova campus after the alarm."
    save(
        store,
        article("a.txt", first + FILLER, published=day),
        (first, [figure(300, "300", "staff and students")]),
    )
    save(
        store,
        article("b.txt", second + FILLER, published=day),
        (second, [figure(250, "250", "students")]),
    )
    (story,) = summarise(store)
    assert not story.conflicts
    subjects = sorted(f.subject for f in story.figures)
    assert subjects == ["staff and students evacuated", "students evacuated"] or (
        len(story.figures) <= 2 and all(f.status == "stable" for f in story.figures)
    )


ATTACKS = {
    "one.txt": "The Sollen depot raid on July 12 killed three guards, the army said.",
    "two.txt": "Three guards died in the Sollen depot raid on July 12, according to officers.",
    "three.txt": "Witnesses recalled the Sollen depot raid on July 12 and the fire that followed.",
    "four.txt": "The Sollen depot raid on June 12 left the guard post in ruins.",
}


def test_a_date_conflict_is_weighed_and_only_the_minority_is_flagged(store: Store) -> None:
    day = date(2024, 7, 20)
    for source, sentence in ATTACKS.items():
        extra = f" Reporting from {source[:-4]} on the Sollen raid continues." + FILLER
        save(store, article(source, sentence + extra, published=day), sentence)
    (story,) = summarise(store)
    (conflict,) = [c for c in story.conflicts if c.kind == "date"]
    assert conflict.weighing() == "July 12: 3 sources · June 12: 1 source"
    assert [v.majority for v in conflict.values] == [True, False]
    flagged = [p for p in story.points() if p.conflict_ids]
    assert len(flagged) == 1 and "June 12" in flagged[0].text
    # The outlier date comes first in the timeline, but never without its dispute mark.
    first = story.timeline[0]
    assert first.when == date(2024, 6, 12) and first.disputed
    assert not any(e.disputed for e in story.timeline[1:])


def test_a_relative_day_in_an_undated_document_stays_undated(store: Store) -> None:
    dated = "The Tessel council voted on Tuesday to close the Sollen crossing."
    undated = "On Tuesday the mayor of Karsk opened a new ferry pier for the islands."
    save(store, article("dated.txt", dated + FILLER, published=date(2024, 4, 12)), dated)
    save(store, article("undated.txt", undated + FILLER), undated)
    (story,) = summarise(store)
    (dated_point,) = [p for p in story.points() if p.text == dated]
    (undated_point,) = [p for p in story.points() if p.text == undated]
    assert dated_point.event_date == date(2024, 4, 9)  # the Tuesday before April 12
    assert undated_point.event_date is None and undated_point.date_basis == "unknown"
    assert undated_point.ref not in {e.point_ref for e in story.timeline}


def test_markdown_of_a_story_is_at_most_a_third_of_its_words(store: Store) -> None:
    # Articles of a few hundred words, as real ones are; only some sentences are claims.
    background = " ".join([FILLER.strip()] * 12)
    day = date(2024, 3, 5)
    for source, text in (
        ("herald.txt", HERALD),
        ("courier.txt", COURIER),
        ("gazette.txt", GAZETTE),
    ):
        save(store, article(source, text + "\n\n" + background, published=day), *_sentences(text))
    (story,) = summarise(store)
    brief = "\n".join(story_lines(story))
    assert words(brief) <= story.source_words / 3
    full = "\n".join(story_lines(story, "full"))
    assert words(full) > words(brief)
    assert all(c.quote in full.replace("\\", "") for p in story.points() for c in p.citations)


def test_topic_titles_are_never_pronouns_or_reporting_verbs(store: Store) -> None:
    from summarise.output.summary.topics import topics_for

    _visit_story(store)
    (story,) = summarise(store)
    points = story.points()
    fake = [p.model_copy(update={"text": f"It {p.text} Wrote Don't"}) for p in points]
    titles = {t.title for t in topics_for(fake)}
    assert not titles & {"It", "Wrote", "Don't"}, titles
