"""What a count is, and how its values relate, on fresh wording: end to end with the regex
backend on reports written for these tests (invented places, outlets and people). Each test
is a shape an editor would read at once and the analysis once got wrong: a part of the
displaced counted as all of them, a dispute whose later report repeats one side."""

from __future__ import annotations

from pathlib import Path

from summarise.analysis.figure_facts import figure_facts
from summarise.backends.regex.figures import find_figures
from summarise.models import ConflictRecord
from summarise.output.summary.model import KeyFigure
from tests.story_fixtures import figures_and_conflicts


def _run(tmp_path: Path, files: dict[str, str]) -> tuple[list[KeyFigure], list[ConflictRecord]]:
    return figures_and_conflicts(tmp_path, files)


def _holding(figures: list[KeyFigure], value: float) -> list[KeyFigure]:
    return [f for f in figures if any(h.number == value for h in f.history)]


def _actions(sentence: str) -> dict[float, str | None]:
    return {f.value: f.action for f in figure_facts(sentence, find_figures(sentence))}


# -- people in shelters are a part of the displaced -------------------------------------------


def test_people_in_shelters_are_counted_apart_from_everyone_displaced() -> None:
    assert _actions("About 3,100 people remained in shelters on Friday.") == {3100: "shelter"}
    assert _actions("Some 640 residents spent the night at evacuation centres.") == {640: "shelter"}
    # Everyone away from home, wherever they sleep, is the displaced count.
    assert _actions("Some 900 residents are staying with relatives or in school shelters.") == {
        900: "displace"
    }
    # Taken to a shelter is moved out of one's home, not the count of those still there.
    assert _actions("Crews evacuated 1,200 people to shelters overnight.") == {1200: "displace"}
    assert _actions("Officials said 8,400 people had been displaced by the mudslides.") == {
        8400: "displace"
    }


SLIDES = {
    "m1.txt": "Mudslides force thousands from Orrinford homes\n"
    "Published: 2034-04-02\n"
    "Kettle Valley Post\n\n"
    "The county said 8,400 people had been displaced by the mudslides in the Orrinford hills.\n\n"
    "About 3,100 people remained in shelters on Tuesday night, the county said.\n",
    "m2.txt": "More Orrinford families leave as slopes give way\n"
    "Published: 2034-04-03\n"
    "Kettle Valley Post\n\n"
    "The county said 9,700 people had now been displaced by the mudslides in the Orrinford "
    "hills.\n\n"
    "About 2,600 people remained in shelters on Wednesday, the county said.\n",
}


def test_a_shelter_count_never_joins_the_history_of_the_displaced(tmp_path: Path) -> None:
    figures, conflicts = _run(tmp_path, SLIDES)
    [displaced] = _holding(figures, 9700)
    assert [h.number for h in displaced.history] == [8400.0, 9700.0]
    [sheltered] = _holding(figures, 2600)
    assert [h.number for h in sheltered.history] == [3100.0, 2600.0]
    assert sheltered.status == "updated"  # falls as an update, the news moving on
    assert not conflicts


# -- a dispute stands while later reports only repeat one side ----------------------------------

STOPPAGE = {
    "k1.txt": "Bus drivers walk out in Dunsmere\n"
    "Published: 2034-09-04\n"
    "Dunsmere Courier\n\n"
    "About 1,400 drivers went on strike on Monday, the Transit Workers' Guild said.\n\n"
    "The Dunsmere Bus Company said 900 drivers had stayed away from their shifts.\n",
    "k2.txt": "Dunsmere bus strike in third day\n"
    "Published: 2034-09-06\n"
    "Dunsmere Courier\n\n"
    "The guild, which says some 1,400 drivers are out, will meet the company on Friday.\n",
}


def test_a_later_report_repeating_one_side_leaves_the_dispute_standing(tmp_path: Path) -> None:
    figures, _ = _run(tmp_path, STOPPAGE)
    [drivers] = _holding(figures, 900)
    assert drivers.status == "disputed"
    assert {h.number for h in drivers.history} == {1400.0, 900.0}


def test_a_later_report_with_a_value_of_its_own_moves_past_the_dispute(tmp_path: Path) -> None:
    moved = dict(STOPPAGE)
    moved["k2.txt"] = moved["k2.txt"].replace("some 1,400 drivers are out", "1,150 drivers are out")
    figures, _ = _run(tmp_path, moved)
    [drivers] = _holding(figures, 900)
    assert drivers.status == "updated"
    assert drivers.latest == "1,150"


# Two outlets disagree on Monday; on Wednesday one repeats its count: the conflict stays open.
DEPOT = {
    "d1.txt": "Fire at Calloway depot\n"
    "Published: 2034-10-13\n"
    "Harnley Star\n\n"
    "Fire officers said 42 lorries were destroyed in the blaze at the Calloway depot.\n",
    "d2.txt": "Calloway depot fire count questioned\n"
    "Published: 2034-10-13\n"
    "Harnley Radio\n\n"
    "The depot's owner said 27 lorries were destroyed in the blaze at the Calloway depot.\n",
    "d3.txt": "Calloway depot reopens\n"
    "Published: 2034-10-15\n"
    "Harnley Star\n\n"
    "Fire officers repeated that 42 lorries were destroyed in the blaze at the Calloway depot.\n",
}


def test_a_conflict_stays_open_while_later_reports_repeat_a_side(tmp_path: Path) -> None:
    figures, conflicts = _run(tmp_path, DEPOT)
    [lorries] = _holding(figures, 27)
    assert lorries.status == "disputed"
    assert [
        c
        for c in conflicts
        if c.status == "open" and {"27", "42"} <= {m.value_key for m in c.members}
    ]


# -- a place that tells two counts of one thing apart ------------------------------------------


def _places(sentence: str) -> dict[float, str]:
    return {f.value: f.place for f in figure_facts(sentence, find_figures(sentence))}


def test_a_counts_place_is_read_after_it_or_earlier_in_its_clause() -> None:
    assert _places(
        "The raid in Arlow that left some 300 dead was followed by more than 9,000 dead in Bresk."
    ) == {300: "in Arlow", 9000: "in Bresk"}
    assert _places("Four were hurt on the Arlow side and eleven among the crew.") == {
        4: "on the Arlow side",
        11: "among the crew",
    }
    # A day is not a place, and a subset ("among them") is not a group of its own.
    assert _places("Forty people died in Monday's storm.") == {40: ""}
    assert _places("Forty people were hurt, among them 12 children.")[40] == ""


VALLEY_WAR = {
    "v1.txt": "Shelling goes on in the Bresk valley\n"
    "Published: 2033-05-02\n"
    "Lowmarch Wire\n\n"
    "Health officials said almost 7,800 people have died since the fighting began.\n",
    "v2.txt": "Talks resume as the Bresk war enters its fourth month\n"
    "Published: 2033-06-20\n"
    "Lowmarch Wire\n\n"
    "The war began with the raid in Arlow that left some 300 dead, and has since caused more "
    "than 9,000 dead in Bresk, health officials said.\n",
}


def test_two_counts_a_place_tells_apart_are_two_quantities_across_the_story(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, VALLEY_WAR)
    [valley] = _holding(figures, 9000)
    # The earlier report named no place: its toll is the one nearest it, not a step down to
    # the other place's 300.
    assert [h.number for h in valley.history] == [7800.0, 9000.0]
    assert valley.subject.endswith("in Bresk")
    [raid] = _holding(figures, 300)
    assert [h.number for h in raid.history] == [300.0]
    assert raid.subject.endswith("in Arlow")


# -- what happened to the things counted, on fresh wording ---------------------------------------


def test_a_double_count_is_the_size_of_a_mistake_not_a_count() -> None:
    sentence = (
        "Officials revised the toll down to 11 from 13, saying two victims had been counted "
        "twice in the confusion."
    )
    roles = {f.value: f.role for f in figure_facts(sentence, find_figures(sentence))}
    assert roles == {11: "", 13: "corrected", 2: "increment"}


def test_the_state_of_a_whole_is_not_the_state_of_the_part_counted_out_of_it() -> None:
    # "on board" is what the 230 were; the 190 are those found alive.
    assert _actions(
        "Of the 230 people on board, 190 have now been accounted for as survivors."
    ) == {230: "aboard", 190: "rescue"}


def test_a_phrase_naming_a_state_outranks_what_the_counted_noun_implies() -> None:
    # Survivors being treated in hospital are a count of the hurt, not of all survivors.
    assert _actions("Twenty-six survivors were being treated in hospital.") == {26: "injure"}
    assert _actions("Lifeboat crews pulled 87 people from the water.") == {87: "rescue"}
    assert _actions("Some 40 survivors were flown to the mainland.") == {40: "rescue"}


CROSSING = {
    "f1.txt": "Launch sinks off Pellworth point\n"
    "Published: 2034-07-12\n"
    "Pellworth Mercury\n\n"
    "The harbour police said 11 people remained missing.\n\n"
    "The launch's operator, which runs the island service, put the number unaccounted for at "
    "16, saying its passenger list held five more names.\n",
}


def test_a_giver_named_before_a_relative_clause_is_a_second_voice(tmp_path: Path) -> None:
    figures, _ = _run(tmp_path, CROSSING)
    [missing] = _holding(figures, 16)
    assert missing.status == "disputed"
    assert {h.number for h in missing.history} == {11.0, 16.0}


# An undated correction of an undated report's value: the correction comes after it.
QUARRY = {
    "q1.txt": "Quarry collapse at Hethermoor\n"
    "Published: 2034-03-06\n"
    "Moorland Post\n\n"
    "Nine workers were killed when a quarry wall collapsed at Hethermoor, the county said.\n",
    "q2.txt": "Hethermoor quarry toll rises\n"
    "Published: 2034-03-07\n"
    "Moorland Post\n\n"
    "The county said 14 workers were killed when the quarry wall collapsed at Hethermoor.\n",
    "q3.txt": "Hethermoor quarry toll reaches 21\n\n"
    "Rescuers said 21 workers were killed when the quarry wall collapsed at Hethermoor.\n",
    "q4.txt": "Hethermoor toll corrected\n\n"
    "The county revised the number of workers killed at Hethermoor down to 18 from 21.\n",
}


def test_an_undated_correction_leads_and_is_never_a_dispute(tmp_path: Path) -> None:
    figures, _ = _run(tmp_path, QUARRY)
    [killed] = _holding(figures, 18)
    assert killed.latest == "18"
    assert killed.status != "disputed"


# -- parts whose counted noun is left out of one part ---------------------------------------------


def _read(sentence: str) -> list[tuple[float, str, str | None, str]]:
    return [
        (f.value, f.counts, f.action, f.role)
        for f in figure_facts(sentence, find_figures(sentence))
    ]


def test_a_part_that_leaves_its_noun_out_counts_the_part_before_it_and_both_sum() -> None:
    assert _read(
        "The trust cancelled 140 planned operations at Arden General and 65 at Tolby."
    ) == [
        (140, "planned operations", "cancel", "part"),
        (65, "planned operations", "cancel", "part"),
        (205, "planned operations", "cancel", ""),
    ]
    # What happened, said once after both parts, happened to both.
    assert _read("The board said six wards at Ebbing and three at Marlow General had closed.") == [
        (6, "wards", "close", "part"),
        (3, "wards", "close", "part"),
        (9, "wards", "close", ""),
    ]
    # Without a place of its own the second number is not such a part.
    assert [r[0] for r in _read("Crews cleared 40 roads at Tolby and 12 were reopened.")] == [
        40,
        12,
    ]


def test_fresh_wording_for_what_happened() -> None:
    assert _actions("Ninety flights have now been called off.") == {90: "cancel"}
    assert _actions("Eleven schools remain closed.") == {11: "close"}
    # A plan about a known count is not the plan's figure.
    facts = figure_facts(
        "The trust said it would reschedule the 360 operations cancelled during the strike.",
        find_figures(
            "The trust said it would reschedule the 360 operations cancelled during the strike."
        ),
    )
    assert [(f.value, f.action, f.context) for f in facts] == [(360, "cancel", "")]


# An undated closing report counts what was cancelled over the whole strike: more than any
# dated day's count, it comes after them (an update), never a dispute with the last of them.
WALKOUT = {
    "w1.txt": "Ambulance crews strike in Farrowby\n"
    "Published: 2035-03-05\n"
    "Farrowby Echo\n\n"
    "The health board said 120 planned operations were cancelled on Monday in Farrowby.\n",
    "w2.txt": "Farrowby strike second day\n"
    "Published: 2035-03-06\n"
    "Farrowby Echo\n\n"
    "The health board said 210 planned operations had been cancelled in Farrowby since Monday.\n",
    "w3.txt": "Farrowby crews back at work\n\n"
    "The health board will reschedule the 260 planned operations cancelled during the strike "
    "in Farrowby.\n",
}


def test_an_undated_whole_event_total_above_every_dated_count_comes_after_them(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, WALKOUT)
    [cancelled] = _holding(figures, 260)
    assert cancelled.status == "updated"
    assert cancelled.latest == "260"


# -- running totals an ordinal states --------------------------------------------------------------


def _counts(sentence: str) -> list[tuple[float, str, str | None]]:
    return [(f.value, f.raw, f.action) for f in figure_facts(sentence, find_figures(sentence))]


def test_an_ordinal_toll_noun_states_the_running_total_whatever_follows() -> None:
    assert _counts("Divers lifted a tenth body from the flooded cellar on Friday.") == [
        (10, "tenth", "kill")
    ]
    assert _counts("Searchers recovered the body of an eighth victim near the weir.") == [
        (8, "eighth", "kill")
    ]
    assert _counts("A seventeenth victim of the Harnley blaze died on Sunday.") == [
        (17, "seventeenth", "kill")
    ]
    # An apposition between the counted person and what happened.
    assert _counts("A third man, the site's night watchman, was arrested on Tuesday.") == [
        (3, "third", "arrest")
    ]
    # A position or a time word is no running total.
    assert _counts("The fourth carriage left the rails.") == []


def test_no_more_than_is_a_hedge() -> None:
    [fact] = figure_facts(
        "The operator said no more than 17 walkers were on the path.",
        find_figures("The operator said no more than 17 walkers were on the path."),
    )
    assert (fact.value, fact.qualifier) == (17, "up to")


def test_more_fresh_wording_for_what_happened_and_for_corrections() -> None:
    assert _actions("A rockfall caught 19 climbers on the north face.") == {19: "caught"}
    assert _actions("No more than 12 walkers had been swept away, the warden said.") == {
        12: "caught"
    }
    assert _actions("It left up to 30 people feared buried.") == {30: "missing"}
    assert _actions("Crews dug out six adults alive before dawn.") == {6: "rescue"}
    assert _actions("The firm said 85 workers were in the building at the time.") == {85: "present"}
    assert _actions("The union said nearly 120 had clocked on for the late shift.") == {
        120: "present"
    }
    lowered = "The board lowered the toll to eight from nine, saying one man was counted twice."
    assert {f.value: f.role for f in figure_facts(lowered, find_figures(lowered))}[9] == (
        "corrected"
    )
    note = "A previous version of this story misstated the number of walkers rescued as 41."
    assert [f.role for f in figure_facts(note, find_figures(note))] == ["corrected"]


HILLSIDE = {
    "h1.txt": "Rockfall on Carnby Edge\n"
    "Published: 2034-05-08\n"
    "Fellgate Post\n\n"
    "The mountain rescue team said 23 people had been caught by the rockfall on Carnby Edge.\n\n"
    "The trail company said no more than 17 hikers had been swept away by the rockfall.\n\n"
    "The funicular, which carries up to 80 people a trip, was stopped. The trail company "
    "employs about 600 people.\n",
}


def test_counts_of_people_by_what_they_are_dispute_and_capacities_never_do(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, HILLSIDE)
    [caught] = _holding(figures, 23)
    assert caught.status == "disputed"
    assert {h.number for h in caught.history} == {23.0, 17.0}
    # Two capacities of two things in one report are not two sides of one count.
    for figure in _holding(figures, 80) + _holding(figures, 600):
        assert figure.status != "disputed"


def test_who_a_count_is_counted_out_of_and_one_more_named_without_a_number() -> None:
    facts = figure_facts(
        "Funerals for four of the victims will be held on Sunday.",
        find_figures("Funerals for four of the victims will be held on Sunday."),
    )
    assert [(f.value, f.subset) for f in facts] == [(4, True)]
    assert _actions("Nine of them were taken to hospital.") == {9: "hospital"}
    assert _actions("Eleven of the 19 people on the launch survived.")[11] == "rescue"
    # "of its members" names the count's own noun, not a group it is counted out of.
    members = "The guild said 2,600 of its members had joined the stoppage."
    assert not figure_facts(members, find_figures(members))[0].subset
    driver = "The coach was carrying 31 pupils and their teacher when it overturned."
    totals = [f for f in figure_facts(driver, find_figures(driver)) if not f.role]
    assert [(f.value, f.counts) for f in totals] == [(32, "people")]


def test_more_shapes_of_a_toll() -> None:
    assert _actions("Nine people lost their lives in the flood.") == {9: "kill"}
    # What a speech clause goes on to say is another clause: the toll stays a toll.
    revised = (
        "Police revised the death toll down to 19, saying a woman counted as dead was being "
        "treated in hospital."
    )
    assert _actions(revised) == {19: "kill"}
    assert [f.lowered for f in figure_facts(revised, find_figures(revised))] == [True]
    far = (
        "The directorate lowered the death toll from the Carrick viaduct collapse to ten from "
        "eleven on Friday, saying one man had been counted twice."
    )
    assert [f.role for f in figure_facts(far, find_figures(far))] == ["", "corrected"]
    other = "Two other workers had died there on Friday."
    assert [f.role for f in figure_facts(other, find_figures(other))] == ["increment"]
    assert _actions(
        "The firm maintains there were 140 people inside, a figure the union rejects."
    ) == {140: "present"}
    ordinal = "A twelfth victim died in hospital on Monday."
    assert [f.counts for f in figure_facts(ordinal, find_figures(ordinal))] == ["victims"]


MILL = {
    "m1.txt": "Fire at Oskerby mill\nPublished: 2033-07-01\nOskerby Post\n\n"
    "At least 12 workers died when fire swept through the Oskerby mill, officials said.\n",
    "m2.txt": "Oskerby mill toll rises\nPublished: 2033-07-02\nOskerby Post\n\n"
    "Seventeen people have died in the fire at the Oskerby mill, police said.\n",
    "m3.txt": "Another Oskerby mill victim\n\n"
    "A twentieth victim of the Oskerby mill fire died in hospital on Saturday.\n",
    "m4.txt": "Oskerby toll revised\nPublished: 2033-07-06\nOskerby Post\n\n"
    "Police revised the death toll from the Oskerby mill fire down to 19 on Monday.\n",
}


def test_a_toll_revised_down_leads_after_an_undated_ordinal_above_it(tmp_path: Path) -> None:
    figures, _ = _run(tmp_path, MILL)
    [dead] = _holding(figures, 19)
    assert dead.latest == "19"
    assert dead.status == "updated"
    assert [h.number for h in dead.history][-1] == 19.0


def test_a_counts_clause_ends_where_the_next_count_begins() -> None:
    assert _actions(
        "The slide swept the run, killing at least four people and leaving up to two dozen "
        "feared buried, rescuers said."
    ) == {4: "kill", 24: "missing"}
    # "feared" says what is thought of them; it is not what is counted.
    [_, feared] = figure_facts(
        "It killed three and left 11 feared trapped.",
        find_figures("It killed three and left 11 feared trapped."),
    )
    assert feared.counts == "people"


def test_two_states_of_one_count_its_noun_names_add_up_to_it() -> None:
    sentence = "Nineteen injured people remain in hospital and 14 have gone home, the board said."
    read = _read(sentence)
    assert (19, "injured", "hospital", "") in read
    assert (33, "injured", "injure", "") in read
    # Two things that happened are two counts, not parts of one.
    assert [r[0] for r in _read("Five people were killed and 12 were injured.")] == [5, 12]


BREAKDOWN = {
    "b1.txt": "Fire at Oskerby mill\nPublished: 2033-07-01\nOskerby Post\n\n"
    "At least 12 workers died when fire swept through the Oskerby mill, officials said.\n",
    "b2.txt": "Oskerby mill toll rises\nPublished: 2033-07-02\nOskerby Post\n\n"
    "Seventeen people have died in the fire at the Oskerby mill, police said.\n\n"
    "Of the dead, 12 were women and five were men, most of them found near the stairs.\n",
}


def test_of_the_dead_breaks_down_the_toll_just_given_and_is_no_step_of_it(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, BREAKDOWN)
    [dead] = _holding(figures, 17)
    assert [h.number for h in dead.history] == [12.0, 17.0]
    # The 12 of the first day and the 12 women are not one step: the women are a part.
    first = dead.history[0]
    assert len(first.claim_ids) == 1


def test_a_count_of_one_told_by_its_state() -> None:
    assert _counts("One climber, a guide from the valley, is still missing.") == [
        (1, "One", "missing")
    ]
    assert _counts("Only one of the injured remains in hospital.") == [(1, "one", "hospital")]
    # "one" alone is no figure.
    assert _counts("One man said he saw the span fall.") == []
    assert _counts("No one was hurt.") == []


def test_a_share_of_a_group_is_no_subset_count() -> None:
    share = "Power has been restored to 62 percent of the customers who lost it."
    assert [f.subset for f in figure_facts(share, find_figures(share))] == [False]
