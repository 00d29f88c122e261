"""What a number counts, read from its clause and its report, on sentences of our own: the
same quantity recognised whatever its wording, different quantities (a condition, a plan, a
limit, a place, a whole population, another report's "figure") kept apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from summarise.analysis import figure_decisions
from summarise.analysis.figure_facts import FigureFact, compatibility, figure_facts
from summarise.analysis.figure_reports import figures_in_reports
from summarise.analysis.figure_tracking import StatedFigure, subject, track
from summarise.analysis.sources import Support
from summarise.backends.regex.backend import RegexBackend
from summarise.backends.regex.figures import find_figures
from summarise.models import ClaimKind, Document, FigureDecision
from tests.factories import claim_for
from tests.test_figure_series import _by_subject, _summary_figures


def _facts(sentence: str) -> list[FigureFact]:
    return figure_facts(sentence, find_figures(sentence))


def _one(sentence: str) -> FigureFact:
    [fact] = [f for f in _facts(sentence) if not f.role]
    return fact


# -- what happened to those counted --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Nine of the climbers were seriously hurt in the fall.", "critical"),
        ("Surgeons said seven patients remain in a critical condition.", "critical"),
        ("Twenty-two pupils were admitted to hospital on Monday.", "hospital"),
        ("Nineteen walkers are still unaccounted for, the mountain service said.", "missing"),
        ("Eleven hikers are still missing, the rangers said.", "missing"),
        ("Rangers said 31 hikers were pulled from the gorge overnight.", "rescue"),
        ("Officials said 260 guests had fallen ill after the banquet.", "ill"),
        ("Organisers said 9,000 people took part in the vigil.", "attend"),
        ("The coach was carrying 41 pupils when it left the road.", "aboard"),
        ("The mill said 60 staff were on the night shift.", "present"),
        ("Police said 14 fans were held over the clashes.", "arrest"),
        ("Six barges were stranded on the sandbank, the port said.", "waiting"),
        # a strike told as absence or as taking part, in other words than "on strike"
        ("The dairy said 340 drivers had not turned up for their rounds.", "strike"),
        ("The board said 75 porters had missed shifts since Monday.", "strike"),
        ("The guild said 410 members were taking part in the stoppage.", "strike"),
    ],
)
def test_what_happened_is_read_from_the_clause(sentence: str, action: str) -> None:
    assert _one(sentence).action == action


def test_each_participle_clause_says_what_its_own_count_counts() -> None:
    # "killing one guide and sending 14 climbers to hospital": the hospital count is not a
    # toll because "killing" opens the sentence's first clause.
    facts = _facts(
        "A rockfall hit the camp, killing one guide and sending 14 climbers to hospital."
    )
    assert [(f.value, f.action) for f in facts if not f.role] == [(1.0, "kill"), (14.0, "hospital")]


def test_a_hospital_cited_as_the_source_does_not_make_a_count_of_patients() -> None:
    facts = _facts("Eight porters were injured in the fall, according to the county hospital.")
    assert [(f.value, f.action) for f in facts if not f.role] == [(8.0, "injure")]


def test_an_ordinal_to_die_after_a_death_in_hospital_counts_the_dead() -> None:
    # ", becoming the third person to die": the participle clause is the ordinal's own.
    facts = _facts(
        "A porter died in hospital on Sunday, becoming the third person to die in the slide."
    )
    assert [(f.value, f.action) for f in facts if not f.role] == [(3.0, "kill")]


def test_the_arrested_held_later_in_the_sentence_are_one_count_with_the_arrests() -> None:
    facts = _facts("Police arrested five more fans, bringing the number held to 19.")
    assert {f.quantity() for f in facts} == {("peopl", (), "arrest")}


def test_those_charged_are_a_count_of_people_apart_from_those_arrested() -> None:
    [bare] = _facts("Eighteen have been charged with affray.")
    assert (bare.counts, bare.action) == ("people", "charge")
    arrested, charged = _facts("Police said 40 fans were arrested and 12 charged.")
    assert charged.quantity() == bare.quantity() != arrested.quantity()


def test_a_serious_condition_is_its_own_count_not_the_injured() -> None:
    injured, serious = _facts(
        "Forty climbers were hurt, nine of them badly enough to need surgery."
    )
    later = _one("Four of the injured climbers remain in a serious condition.")
    assert injured.quantity() != serious.quantity() == later.quantity()


def test_nouns_that_say_what_happened_count_people() -> None:
    victims = _one(
        "The council will pay for the funerals of all nine victims.".replace("will ", "")
    )
    bodies = _one("Divers recovered four bodies from the lake.")
    dead = _one("The number of confirmed dead rose to 12.")
    assert victims.quantity() == bodies.quantity() == dead.quantity() == ("peopl", (), "kill")


def test_a_counted_noun_with_its_participle_counts_the_noun() -> None:
    assert _one("Officials revised the number of divers hurt down to three.").quantity() == (
        "diver",
        (),
        "injure",
    )


def test_a_noun_modifier_does_not_split_a_count_when_what_happened_is_named() -> None:
    first = _one("Twelve cargo barges were stranded on the sandbank.")
    second = _one("The port said 17 barges were stranded by Friday.")
    assert first.quantity() == second.quantity()


# -- not the story's count -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "raw"),
    [
        ("The bridge has a weight limit of 40 tonnes.", "40"),
        ("The county said the detour would be cut to 3 kilometres on Monday.", "3"),
        ("The crash happened about 6 kilometres north of the toll plaza.", "6"),
        ("The boat was licensed to carry 45 passengers.", "45"),
        ("The lane has a speed limit of 50.", "50"),
        ("The treatment works serves about 30,000 homes.", "30,000"),
        ("The hoist carries eight miners at a time.", "eight"),
        ("The barge, which carries 900 tonnes of grain, ran aground.", "900"),
        ("The council had opened only four of the 15 clinics it had promised.", "15"),
        (
            "Some 1.2 million of the province's 3.1 million residents have fled their homes.",
            "3.1 million",
        ),
    ],
)
def test_limits_plans_places_promises_and_populations_are_not_counts(
    sentence: str, raw: str
) -> None:
    [fact] = [f for f in _facts(sentence) if f.raw == raw]
    assert fact.role == "location" or fact.context in {"capacity", "plan"}
    # Another quantity: never compared with the story's count of the same thing.
    story_count = replace(fact, role="", context="")
    assert compatibility(fact, story_count) == 0


def test_a_rule_named_before_its_number_is_what_the_number_counts() -> None:
    [limit] = _facts("The lane has a speed limit of 50.")
    assert (limit.counts, limit.context) == ("limit", "capacity")


def test_what_a_ship_was_carrying_is_a_count_not_a_capacity() -> None:
    facts = _facts("The ferry was carrying 87 passengers and five crew when it sank.")
    assert [(f.value, f.context) for f in facts if not f.role] == [(92.0, "")]


def test_the_part_done_of_a_promise_counts_the_promised_thing() -> None:
    four = next(
        f
        for f in _facts("The council had opened only four of the 15 clinics it had promised.")
        if f.raw == "four"
    )
    assert (four.counts, four.role) == ("clinics", "")


def test_a_whole_with_its_own_participle_is_still_a_count() -> None:
    facts = _facts("Charges against 8 of the 19 fans arrested will be dropped.")
    nineteen = next(f for f in facts if f.raw == "19")
    assert (nineteen.role, nineteen.action) == ("", "arrest")


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        ("The dockers began a four-day walkout.", 4.0, "days"),
        ("Porters want an end to 14-hour shifts.", 14.0, "hours"),
        ("The thirty-one-day siege ended.", 31.0, "days"),
    ],
)
def test_a_duration_written_as_an_adjective_is_read(
    sentence: str, value: float, counts: str
) -> None:
    [figure] = find_figures(sentence)
    assert (figure.value, figure.counts) == (value, counts)
    assert _one(sentence).duration


def test_an_age_written_as_an_adjective_is_no_duration() -> None:
    assert not find_figures("A 9-year-old boy was rescued.")


def test_a_rule_capping_a_duration_is_not_the_duration_worked() -> None:
    [worked] = _facts("Porters work 14-hour shifts.")
    [cap] = _facts("The deal caps shifts at nine hours.")
    assert cap.context == "capacity" and worked.context == ""
    assert cap.quantity() != worked.quantity()


def test_an_age_is_not_a_count() -> None:
    assert not [
        f for f in find_figures("A man of 83 became the third person to die.") if f.value == 83
    ]


def test_a_value_given_earlier_is_not_a_new_statement() -> None:
    [fact] = _facts("The agency had earlier put the total at 31.")
    assert fact.role == "earlier"


# -- numbers as written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "counts"),
    [
        ("A ninth diver was injured on Sunday.", 9, "diver"),
        ("A fifth police officer was hurt near the bridge.", 5, "police officer"),
        ("A seventh climber rescued on Monday died in hospital.", 7, "climber"),
        ("The woman became the second person to die in the outbreak.", 2, "person"),
        ("A boy of nine died on Friday, the first death linked to the fever.", 1, "death"),
    ],
)
def test_ordinals_state_a_running_total(sentence: str, value: int, counts: str) -> None:
    found = [f for f in find_figures(sentence) if f.value == value]
    assert [f.counts for f in found] == [counts]


def test_the_finite_verb_says_what_happened_to_the_last_one_counted() -> None:
    assert _one("A seventh climber rescued on Monday died in hospital.").action == "kill"


def test_an_ordinal_of_place_is_no_count() -> None:
    assert find_figures("Passengers were trapped in the third coach.") == []


def test_a_change_by_a_percentage_is_a_rise_or_a_fall() -> None:
    [rise] = find_figures("The board wants to raise rents by 7 percent next spring.")
    [fall] = find_figures("Ridership fell by 12 percent.")
    assert (rise.counts, fall.counts) == ("percent rise", "percent fall")


def test_a_sentence_whose_only_number_is_a_word_counting_something_is_a_figure_claim() -> None:
    text = "Rangers search the gorge\n\nTwelve hikers were pulled from the gorge overnight.\n"
    doc = Document(id="d-words", source="w.txt", text=text)
    [claim] = RegexBackend().extract_sync(doc).claims
    assert claim.kind is ClaimKind.FIGURE and claim.figures[0].value == 12


def test_a_short_sentence_opening_on_a_count_is_a_figure_claim_of_people() -> None:
    # Four words: below the claim minimum, but a count told short ("Seven remain in
    # hospital.") is the news; a short sentence without one stays out.
    text = "Rangers search the gorge\n\nSeven remain in hospital. The rest went home.\n"
    doc = Document(id="d-short", source="s.txt", text=text)
    [claim] = RegexBackend().extract_sync(doc).claims
    assert claim.kind is ClaimKind.FIGURE
    assert [(f.value, f.counts) for f in claim.figures] == [(7.0, "people")]


# -- "the figure": a report read as a whole ------------------------------------------------


def _report(text: str, *quotes: str) -> dict[str, tuple[FigureFact, ...]]:
    doc = Document(id="d-report", source="r.txt", text=text)
    claims = [claim_for(doc, q, figures=find_figures(q)) for q in quotes]
    by_id = figures_in_reports(claims)
    return {c.quote: by_id[c.id] for c in claims}


def test_the_figure_counts_what_the_report_counted_just_before() -> None:
    first = "About 700 nurses were on strike on Monday, the union said."
    second = "The health trust said the figure was 450."
    facts = _report(f"{first} {second}", first, second)
    [union] = facts[first]
    [trust] = facts[second]
    assert trust.counts == union.counts and trust.quantity() == union.quantity()


def test_a_claim_saying_the_one_before_was_wrong_strikes_its_count() -> None:
    first = "On Monday the gazette reported 34 evictions in the old quarter."
    second = "That figure was wrong: the housing office count stood at 27."
    third = "The market opened at 40 stalls."
    facts = _report(f"{first} {second} {third}", first, second, third)
    assert [f.role for f in facts[first]] == ["corrected"]
    assert [f.role for f in facts[third]] == [""]  # only the claim just before is struck


def test_the_figure_restates_an_earlier_value_however_far_back() -> None:
    quotes = [
        "The ferry was sailing at 19 knots when it struck the pier, the inquiry found.",
        "Eleven people were hurt.",
        "The operator said 40 people were on board.",
        "The pier was closed for a week.",
        "The inquiry's figure is 19.",
    ]
    facts = _report(" ".join(quotes), *quotes)
    [speed] = facts[quotes[0]]
    [restated] = facts[quotes[-1]]
    assert restated.quantity() == speed.quantity()


def test_the_figure_restates_a_value_another_report_of_the_story_counted() -> None:
    # "The mill put the number at 60" in a later report gives the 60 workers an earlier
    # report counted, not the evacuees its own report counted just before.
    staff = "The mill said 60 workers were on the night shift."
    moved = "About 900 residents were moved out overnight."
    figure = "The union put the number at 85; the mill said the figure was 60."
    earlier = Document(id="d-early", source="a.txt", text=staff)
    later = Document(id="d-late", source="b.txt", text=f"{moved} {figure}")
    claims = [
        claim_for(earlier, staff, figures=find_figures(staff)),
        claim_for(later, moved, figures=find_figures(moved)),
        claim_for(later, figure, figures=find_figures(figure)),
    ]
    by_id = figures_in_reports(claims)
    [workers] = by_id[claims[0].id]
    [residents] = by_id[claims[1].id]
    restated = {f.value: f for f in by_id[claims[2].id]}
    assert restated[60].quantity() == workers.quantity()
    assert restated[60].quantity() != residents.quantity()


def test_a_figure_with_nothing_before_it_stays_uncounted() -> None:
    quote = "The trust said the figure was 450."
    [fact] = _report(quote, quote)[quote]
    assert fact.counts == ""


# -- end to end ----------------------------------------------------------------------------

STRIKE = {
    "n1.txt": "Nurses walk out at Fenwick hospitals\n"
    "Published: 2029-04-02\n"
    "Fenwick Courier\n\n"
    "About 700 nurses were on strike on Monday, the nurses' union said.\n\n"
    "Four patients remain in a serious condition after a delayed operation, the trust said.\n",
    "n2.txt": "Fenwick nurses' strike enters second day\n"
    "Published: 2029-04-03\n"
    "Fenwick Courier\n\n"
    "About 820 nurses stayed away on Tuesday, the nurses' union said. "
    "The hospital trust said the figure was 510.\n\n"
    "Two patients remain in a serious condition, the trust said.\n",
}


def test_a_strike_count_and_its_figure_and_a_condition_across_reports(tmp_path: Path) -> None:
    figures = _summary_figures(tmp_path, STRIKE)
    strike = _by_subject(figures, "strike")
    assert {h.number for h in strike.history} >= {700.0, 820.0, 510.0}
    serious = _by_subject(figures, "serious")
    assert [h.number for h in serious.history] == [4.0, 2.0]


def test_a_reviewer_moving_a_capacity_value_into_the_count_joins_that_count() -> None:
    [capacity] = _facts("The coach, built for 60 passengers, left at dawn.")
    [aboard] = _facts("The coach was carrying 41 passengers.")
    reports = [
        StatedFigure("c1", "d1", capacity, None, 0, Support("d1", frozenset({"d1"}))),
        StatedFigure("c2", "d2", aboard, None, 1, Support("d2", frozenset({"d2"}))),
    ]
    move = FigureDecision(1, "move", 1, "c1", "60", "c2", "41", None, "ed", "now", 1)
    moved, _ = figure_decisions.restate(reports, [move])
    assert capacity.quantity() != aboard.quantity()
    assert moved[0].figure.quantity() == aboard.quantity()


def test_another_quantity_is_listed_after_the_storys_own() -> None:
    [then] = _facts("The 2018 fire in the hills burned 900 acres.")
    [share] = _facts("Crews had contained 40 percent of the fire.")
    reports = [
        StatedFigure(c, d, f, None, i, Support(d, frozenset({d})))
        for i, (c, d, f) in enumerate([("c1", "d1", then), ("c2", "d2", then), ("c3", "d3", share)])
    ]
    tracked = track(reports, lambda ids: [])
    assert [q.latest.value for q in tracked] == [40.0, 900.0]
    assert [q.latest.value for q in figure_decisions.adjust(tracked, [], {})] == [40.0, 900.0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Divers found four more bodies on Friday, bringing the toll to 15.",
        "Police detained a further nine fans, bringing the number held to 40.",
    ],
)
def test_an_increment_is_not_the_count_so_far(sentence: str) -> None:
    added, total = _facts(sentence)
    assert added.role == "increment" and total.role == ""
    assert compatibility(added, replace(added, role="")) == 0


def test_a_number_that_says_what_happened_is_not_pointing_back() -> None:
    quotes = [
        "About 400 drivers were on strike, the union said.",
        "Police arrested a further six drivers, bringing the number held to 22.",
    ]
    facts = _report(" ".join(quotes), *quotes)
    held = next(f for f in facts[quotes[1]] if f.value == 22)
    assert (held.anaphor, held.action) == (False, "arrest")


def test_what_happened_does_not_reach_across_a_reporting_verb() -> None:
    facts = _facts(
        "The operator counted fewer than 400 drivers absent and said three of its "
        "eight depots were still running."
    )
    absent, depots = facts[0], facts[1]
    assert absent.action == "strike" and depots.action != "strike"


def test_another_quantity_says_so_in_its_name() -> None:
    [then] = _facts("The 2018 fire in the hills burned 900 acres.")
    [capacity] = _facts("The ferry, built for 250 passengers, sank.")
    assert subject(then) == "acres (another time)"
    assert subject(capacity) == "passengers (capacity)"


@pytest.mark.parametrize(
    ("sentence", "right", "wrong"),
    [
        ("The council corrected the number of bridges shut to 14, not 19 as first stated.", 14, 19),
        ("The agency said 230 homes, rather than 320, had been flooded.", 230, 320),
    ],
)
def test_a_value_set_against_the_one_just_stated_is_the_wrong_one(
    sentence: str, right: float, wrong: float
) -> None:
    roles = {f.value: f.role for f in _facts(sentence)}
    assert roles == {right: "", wrong: "corrected"}


def test_a_negation_without_a_value_before_it_corrects_nothing() -> None:
    assert {f.role for f in _facts("Not 5 but 7 climbers were rescued.")} == {""}


def test_a_count_after_a_comma_has_its_own_state() -> None:
    facts = _facts("Fourteen remain in hospital, four in intensive care.")
    assert [(f.value, f.action) for f in facts] == [(14, "hospital"), (4, "critical")]


def test_the_number_of_things_named_before_a_value_says_what_happened_to_them() -> None:
    [fact] = _facts("The number of anglers rescued from the flooded lake rose to 23 on Friday.")
    assert (fact.counts, fact.action) == ("anglers", "rescue")


def test_the_number_is_a_count_not_an_ordinal_just_before_it() -> None:
    quotes = [
        "The number of pupils taken ill at the Brisk Lane school has risen to 70.",
        "A cook who fell ill on Monday died overnight, the first death linked to the kitchen.",
        "Parents said the real number was closer to 110.",
    ]
    facts = _report(" ".join(quotes), *quotes)
    [pupils] = facts[quotes[0]]
    [parents] = facts[quotes[-1]]
    assert parents.quantity() == pupils.quantity()


@pytest.mark.parametrize(
    ("sentence", "counts", "action"),
    [
        ("Cancelled flights have reached 310, the airport said.", "flights", "cancel"),
        ("Arrests have risen to 44 since the weekend.", "arrests", "arrest"),
        ("Postponed matches now stand at 12.", "matches", "cancel"),
    ],
)
def test_a_counted_noun_as_the_subject_before_its_value(
    sentence: str, counts: str, action: str
) -> None:
    [fact] = _facts(sentence)
    assert (fact.counts, fact.action) == (counts, action)


def test_cancelled_things_are_one_count_however_the_noun_is_placed() -> None:
    [before] = _facts("The airline said 240 scheduled flights had been cancelled.")
    [after] = _facts("Cancelled flights have reached 310.")
    assert before.quantity() == after.quantity()


@pytest.mark.parametrize(
    ("sentence", "value", "action"),
    [
        ("A gale left 14,000 homes without power on the island.", 14000, "cut off"),
        ("About 3,100 homes were still without power on Friday.", 3100, "cut off"),
        ("Divers brought nine cavers to the surface overnight.", 9, "rescue"),
        ("Firefighters lifted 30 residents to safety from the roofs.", 30, "rescue"),
    ],
)
def test_what_happened_is_read_from_a_phrase_around_the_number(
    sentence: str, value: float, action: str
) -> None:
    [fact] = [f for f in _facts(sentence) if f.value == value]
    assert fact.action == action


def test_kinds_of_workers_named_together_are_summed() -> None:
    facts = _facts("The firm said 21 drivers and 4 engineers were in the depot when it flooded.")
    assert {f.value for f in facts if not f.role} == {25}


def test_a_breakdown_of_the_count_just_given_states_that_count_in_parts() -> None:
    quotes = [
        "Police said 44 people were arrested after the match.",
        "Of those, 30 were home supporters and 14 were visiting fans.",
    ]
    facts = _report(" ".join(quotes), *quotes)
    [arrested] = facts[quotes[0]]
    stated = [f for f in facts[quotes[1]] if not f.role]
    assert [(f.value, f.quantity()) for f in stated] == [(44, arrested.quantity())]
    assert {f.value for f in facts[quotes[1]] if f.role == "part"} == {30, 14}


def test_values_after_of_those_that_do_not_sum_to_it_are_left_alone() -> None:
    quotes = [
        "Police said 44 people were arrested after the match.",
        "Of those, 30 were charged and 9 were released.",
    ]
    facts = _report(" ".join(quotes), *quotes)
    assert not [f for f in facts[quotes[1]] if f.role == "part" or f.value == 44]


def test_a_share_of_a_modified_noun_at_the_sentence_end_counts_the_noun() -> None:
    [share] = find_figures("Supply is back for 74 percent of flooded households.")
    assert share.counts == "percent households"


def test_the_two_sides_of_a_vote_are_parts_of_everyone_who_voted() -> None:
    facts = _facts("In all, 312 delegates voted for the motion and 95 against.")
    assert [(f.value, f.counts, f.role) for f in facts] == [
        (312.0, "delegates", "part"),
        (95.0, "delegates", "part"),
        (407.0, "delegates", ""),
    ]


def test_two_counts_joined_by_and_without_a_vote_are_not_summed_as_sides() -> None:
    facts = _facts("The port said 40 ships sailed for the coast and 12 stayed in the harbour.")
    assert 52.0 not in [f.value for f in facts]
