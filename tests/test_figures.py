import pytest

from summarise.backends.regex.figures import find_figures


def triples(sentence: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.raw, f.counts) for f in find_figures(sentence)]


def test_counts_with_commas_and_scales():
    sentence = (
        "The bombing has killed nearly 20,000 people, including 7,729 children, "
        "and left 1.9 million displaced."
    )
    assert triples(sentence) == [
        (20000.0, "20,000", "people"),
        (7729.0, "7,729", "children"),
        (1900000.0, "1.9 million", "displaced"),
    ]


def test_of_them_and_capitalised_modifiers():
    sentence = (
        "The truce allowed the release of 110 hostages, 24 of them foreigners, "
        "in exchange for 240 Palestinian prisoners."
    )
    assert triples(sentence) == [
        (110.0, "110", "hostages"),
        (24.0, "24", "foreigners"),
        (240.0, "240", "Palestinian prisoners"),
    ]


def test_ranges_borrow_the_noun():
    assert triples("It would include between 30 and 40 prisoners.") == [
        (30.0, "30", "prisoners"),
        (40.0, "40", "prisoners"),
    ]
    assert triples("1.9 million of Gaza’s 2.4 million residents fled.") == [
        (1900000.0, "1.9 million", "residents"),
        (2400000.0, "2.4 million", "residents"),
    ]


def test_money_and_percentages():
    assert triples("Aid of $2.5 billion, or $2.5bn, rose 12% and 40 percent.") == [
        (2.5e9, "$2.5 billion", ""),
        (2.5e9, "$2.5bn", ""),
        (12.0, "12%", "percent"),  # a share is tracked as a share ("percent")
        (40.0, "40 percent", "percent"),
    ]


def test_years_dates_times_ordinals_and_labels_are_not_figures():
    sentence = (
        "On October 7, 2023, at 10:30 and 9 a.m., on the 24th and on 7 October, "
        "a 10-year-old F-16 under Resolution 2720 and No. 5 arrived in 2024."
    )
    assert find_figures(sentence) == []


def test_spelled_out_numbers_and_skipped_adjectives():
    assert triples("They got three corpses after two previous votes.") == [
        (3.0, "three", "corpses"),
        (2.0, "two", "votes"),
    ]


def quads(sentence: str) -> list[tuple[float, str, str, str]]:
    return [(f.value, f.raw, f.counts, f.qualifier) for f in find_figures(sentence)]


def test_spelled_out_compounds_dozens_and_scales():
    assert quads("Twenty-five officers and two dozen soldiers met a hundred villagers.") == [
        (25.0, "Twenty-five", "officers", ""),
        (24.0, "two dozen", "soldiers", ""),
        (100.0, "a hundred", "villagers", ""),
    ]
    assert quads("Thirteen jurors heard that three million people voted.") == [
        (13.0, "Thirteen", "jurors", ""),
        (3_000_000.0, "three million", "people", ""),
    ]


def test_words_that_only_look_like_numbers_are_not_figures():
    # "one" and "a" count only with a scale after them; "a ten-year" stays a compound.
    assert quads("One of them met an envoy and a man in a ten-year-old car.") == []


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("At least 12 people were killed.", "at least"),
        ("More than 6,000 rounds were bought.", "more than"),
        ("Over 100 aircraft were intercepted.", "more than"),
        ("About 140 satellites are in orbit.", "about"),
        ("Some 900 migrants are feared dead.", "about"),
        ("An estimated $2 billion was lost.", "about"),
        ("Nearly 1.9 million residents fled.", "nearly"),
        ("Up to three million people may vote.", "up to"),
        ("Fewer than 50 events took place.", "fewer than"),
        ("The court heard 165 counts.", ""),
    ],
)
def test_each_figure_records_its_qualifier(sentence: str, qualifier: str) -> None:
    (figure,) = find_figures(sentence)
    assert figure.qualifier == qualifier


def test_a_hedge_must_touch_its_number():
    # "about" governs "the plan", not the number further on.
    (figure,) = find_figures("They talked about the plan for 30 minutes.")
    assert figure.qualifier == ""


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        # "one" with any singular noun, told by a harm participle
        ("One diver was killed and six were hurt when the cage fell.", 1.0, "diver"),
        # "one" as the object of a harm told by a participle
        ("A rockfall buried the hut, killing one guide and injuring four.", 1.0, "guide"),
        # an ordinal as the object of a past-tense verb: the running count
        ("Wardens stopped a ninth climber below the ridge on Tuesday.", 9.0, "climber"),
        # a possessive ordinal closing its phrase
        ("The agency issued a flood notice, its fifth warning, at dawn.", 5.0, "warning"),
    ],
)
def test_counts_of_one_and_ordinals_in_more_clause_shapes(
    sentence: str, value: float, counts: str
) -> None:
    assert [(f.value, f.counts) for f in find_figures(sentence) if f.value == value] == [
        (value, counts)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "One thing was clear after the meeting.",
        "The team won a second time.",
        "It was its second largest loss.",
        "The firm reported its third quarter results.",
    ],
)
def test_ones_and_ordinals_that_count_nothing_stay_out(sentence: str) -> None:
    assert find_figures(sentence) == []
