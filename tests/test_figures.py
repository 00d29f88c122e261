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
        (12.0, "12%", ""),
        (40.0, "40 percent", ""),
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
