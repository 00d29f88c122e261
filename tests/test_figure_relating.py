"""How a quantity's values relate across and within reports, end to end with the regex
backend, on reports written for these tests (invented places, outlets and people): who says
what within one report, ranges, disputes a later report moved past, and undated reports
placed by what they say. Conflict detection and the summary's key figures must agree."""

from __future__ import annotations

from pathlib import Path

from summarise.analysis import refresh as analysis
from summarise.analysis.figure_tracking import joint_of, voice_of
from summarise.backends.regex.backend import RegexBackend
from summarise.models import ConflictRecord
from summarise.output.summary import summarise_store
from summarise.output.summary.figures import KEY_FIGURES, shown_figures
from summarise.output.summary.html import render_html
from summarise.output.summary.markdown import figure_line
from summarise.output.summary.model import FigureReport, KeyFigure
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests.story_fixtures import accept_all, figures_and_conflicts


def _run(tmp_path: Path, files: dict[str, str]) -> tuple[list[KeyFigure], list[ConflictRecord]]:
    return figures_and_conflicts(tmp_path, files)


def _figure(figures: list[KeyFigure], value: float) -> KeyFigure:
    [found] = [f for f in figures if any(h.number == value for h in f.history)]
    return found


def _open_with(conflicts: list[ConflictRecord], *values: str) -> list[ConflictRecord]:
    return [
        c
        for c in conflicts
        if c.status == "open" and set(values) <= {m.value_key for m in c.members}
    ]


TWO_VOICES = {
    "p1.txt": "Porters walk out at Vellan harbour\n"
    "Published: 2035-05-14\n"
    "Vellan Tide\n\n"
    "The Vellan Porters' Guild said 2,400 porters were on strike on Monday.\n\n"
    "The Vellan Quay Authority said 1,500 porters were on strike on Monday.\n",
}


def test_two_speakers_of_one_report_giving_different_counts_are_a_dispute(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, TWO_VOICES)
    strikers = _figure(figures, 2400)
    assert strikers.status == "disputed"
    assert {h.number for h in strikers.history} == {2400.0, 1500.0}
    # Shown with who says what.
    said = {h.number: h.said_by for h in strikers.history}
    assert said == {2400.0: ["The Vellan Porters' Guild"], 1500.0: ["The Vellan Quay Authority"]}
    line = figure_line(strikers)
    assert "2,400 (The Vellan Porters' Guild, 2035-05-14" in line
    assert "1,500 (The Vellan Quay Authority, 2035-05-14" in line
    # A story of one report has no conflict list (analysis/refresh.py compares documents);
    # the summary's key figure shows the dispute.
    assert not conflicts


ONE_SENTENCE = {
    "q1.txt": "Porters stay out at Vellan\n"
    "Published: 2035-05-16\n"
    "Vellan Tide\n\n"
    "About 2,900 porters were on strike on Wednesday, according to the Vellan Porters' Guild; "
    "the Vellan Quay Authority said 1,700 porters were on strike.\n\n"
    "Between 30 and 40 cranes stood idle, the guild said.\n",
}


def test_one_sentence_with_two_voices_is_a_dispute_and_a_range_is_one_value(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, ONE_SENTENCE)
    strikers = _figure(figures, 2900)
    assert strikers.status == "disputed"
    assert {h.number for h in strikers.history} == {2900.0, 1700.0}


def test_the_wording_says_whether_two_values_are_a_range_or_two_sides() -> None:
    assert joint_of("Between 30 and 40 cranes stood idle") == "range"
    assert joint_of("some 30 to 40 cranes stood idle") == "range"
    assert joint_of("numbers rose from 30 to 40, the guild said") == ""
    assert joint_of("2,900, according to the guild; the authority said 1,700") == "sides"
    assert joint_of("talks between the guild and the authority") == ""
    # "an estimated" hedges a number; it is not a second voice.
    assert joint_of("Officials said an estimated 300 cranes and 40 barges stood idle") == ""


def test_a_source_that_puts_a_count_at_a_value_is_a_second_voice() -> None:
    # No speech verb: the subject that "puts the figure at" or "estimated the crowd at" gives
    # the figure, so two of them in one sentence are two sides, and each has a voice.
    assert (
        joint_of("Wardens repeated that 800 walkers had set off; the club put the entry at 1,300")
        == "sides"
    )
    assert voice_of(None, "The ramblers' club put the entry at 1,300.") == voice_of(
        "The ramblers' club"
    )
    assert voice_of(None, "Wardens estimated the field at about 800.")
    assert voice_of(None, "The club now puts the entry at 1,400.") == voice_of("The club")
    assert not voice_of(None, "About 800 walkers set off at dawn.")


TWO_GIVERS = {
    "w1.txt": "Hill walk draws a crowd\n"
    "Published: 2035-06-02\n"
    "Fellside Echo\n\n"
    "Some 800 walkers took part in the charity walk on Sunday, the Quenby Fell wardens said.\n\n"
    "The ramblers' club put the number at 1,300.\n",
}


def test_a_count_put_at_another_value_by_another_source_is_disputed(tmp_path: Path) -> None:
    figures, _ = _run(tmp_path, TWO_GIVERS)
    walkers = _figure(figures, 800)
    assert walkers.status == "disputed"
    assert {h.number for h in walkers.history} == {800.0, 1300.0}
    # Shown with who says what.
    said = {h.number: h.said_by for h in walkers.history}
    assert said == {800.0: ["the Quenby Fell wardens"], 1300.0: ["The ramblers' club"]}


# Monday: the utility and the regulator disagree; Wednesday: one later count settles it.
_OUTAGE_BODY = (
    "An ice storm brought down power lines across the Trevane valley, and Colvane Energy "
    "crews worked through the night to restore supply to the valley's villages.\n"
)
OUTAGE = {
    "o1.txt": "Ice storm cuts power across Trevane valley\n"
    "Published: 2035-01-08\n"
    "Trevane Post\n\n"
    "Colvane Energy said 38,000 homes in the Trevane valley were without power on Monday "
    "after the ice storm.\n\n" + _OUTAGE_BODY,
    "o2.txt": "Regulator disputes Trevane valley power cut count\n"
    "Published: 2035-01-08\n"
    "Valley Radio\n\n"
    "The Trevane Energy Regulator said 51,000 homes in the Trevane valley were without power "
    "on Monday after the ice storm.\n\n" + _OUTAGE_BODY,
    "o3.txt": "Power back for most of Trevane valley after ice storm\n"
    "Published: 2035-01-10\n"
    "Trevane Post\n\n"
    "Colvane Energy said 6,500 homes in the Trevane valley were without power on Wednesday "
    "after the ice storm.\n\n" + _OUTAGE_BODY,
}


def test_a_dispute_a_later_report_moved_past_is_history_not_an_open_conflict(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, OUTAGE)
    homes = _figure(figures, 6500)
    assert homes.status == "updated"
    assert homes.latest == "6,500"
    assert [h.number for h in homes.history] == [38000.0, 51000.0, 6500.0]
    assert not _open_with(conflicts, "38000", "51000")


def test_the_same_day_dispute_stays_open_while_no_later_report_moves_past_it(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, {k: v for k, v in OUTAGE.items() if k != "o3.txt"})
    assert _figure(figures, 38000).status == "disputed"
    assert _open_with(conflicts, "38000", "51000")


# The undated report gives the first report's value as the earlier one, so it follows it;
# the later dated report then updates it. Nothing here is a dispute.
SHELTER = {
    "h1.txt": "Flood shelters open in Marrick\n\n"
    "MARRICK, June 3, 2035 (Fenwater Wire) — The council said 120 families were in emergency "
    "shelters on Sunday.\n",
    "h2.txt": "More families in Marrick shelters\n\n"
    "MARRICK (Fenwater Wire) — The council said 310 families were now in emergency shelters, "
    "up from 120.\n",
    "h3.txt": "Marrick shelters fill\n"
    "Published: 2035-06-07\n"
    "Marrick Courier\n\n"
    "The council said 450 families were in emergency shelters on Thursday.\n",
}


def test_an_undated_report_placed_after_a_dated_one_updates_and_is_never_a_dispute(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, SHELTER)
    families = _figure(figures, 450)
    assert families.status == "updated"
    assert [h.number for h in families.history] == [120.0, 310.0, 450.0]
    assert not conflicts


# -- what the summary shows ------------------------------------------------------------------


def _key(subject: str, status: str, minor: bool = False) -> KeyFigure:
    report = FigureReport(
        value="3", number=3.0, reported=None, sources=1, documents=1, claim_ids=["c"], leads=True
    )
    return KeyFigure(subject=subject, latest="3", status=status, history=[report], minor=minor)


def test_a_brief_summary_shows_every_changed_figure_then_the_rest_up_to_the_cap() -> None:
    changed = [_key(f"changed {n}", "updated") for n in range(KEY_FIGURES + 2)]
    disputed = [_key("disputed", "disputed")]
    stable = [_key(f"stable {n}", "stable") for n in range(3)]
    minor = [_key("minor", "stable", minor=True)]
    every = changed + disputed + stable + minor
    assert shown_figures(every) == changed + disputed  # over the cap: no stable one
    few = changed[:2] + stable + minor
    assert shown_figures(few) == changed[:2] + stable  # the rest up to the cap, minor never
    assert shown_figures(few, 3) == changed[:2] + stable[:1]
    assert shown_figures(every, None) == every  # --detail full: all


FIRE = {
    "f1.txt": "Crews fight Dunlow forest blaze\n"
    "Published: 2035-08-02\n"
    "Dunlow Echo\n\n"
    "Two rangers were injured fighting the Dunlow forest blaze on Thursday, the county "
    "fire service said.\n\n"
    "The Dunlow forest blaze forced the closure of the valley road.\n",
    "f2.txt": "Dunlow forest blaze: another ranger hurt\n"
    "Published: 2035-08-04\n"
    "Dunlow Echo\n\n"
    "A third ranger was injured fighting the Dunlow forest blaze on Saturday, the county "
    "fire service said.\n\n"
    "The Dunlow forest blaze kept the valley road closed.\n",
}


def test_an_ordinal_leads_as_the_number_it_counts_and_the_words_stay_in_its_history(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, FIRE)
    injured = _figure(figures, 3)
    assert injured.latest == "3"
    assert [h.value for h in injured.history] == ["Two", "third"]
    assert injured.leading().value == "third"
    assert injured.line() == f"{injured.subject}: 3 (up from Two reported earlier)"


# One sentence gives a total and its parts, joined in a way the reader does not sum; the next
# report's hedged count agrees with the exact one.
DETAINED = {
    "d1.txt": "Arrests at Corvane rally\n"
    "Published: 2035-09-02\n"
    "Corvane Herald\n\n"
    "Police said 9 protesters were arrested at the Corvane rally on Monday.\n",
    "d2.txt": "More arrests after Corvane rally\n"
    "Published: 2035-09-03\n"
    "Corvane Herald\n\n"
    "Police said 23 protesters were arrested at the Corvane rally: 17 students, 6 farmers.\n\n"
    "Police said nearly two dozen protesters were arrested at the Corvane rally.\n",
}


def test_parts_of_a_total_in_one_sentence_are_not_values_and_exact_leads_a_hedge(
    tmp_path: Path,
) -> None:
    figures, _ = _run(tmp_path, DETAINED)
    arrested = _figure(figures, 9)
    # 17 and 6 sum to the sentence's 23: parts, not values of the count.
    assert [h.number for h in arrested.history] == [9.0, 23.0]
    # "nearly two dozen" agrees with 23 on the same day; the exact value is the one shown.
    assert arrested.latest == "23" and arrested.status == "updated"


# A workforce is not a side of a dispute about how many are on strike.
WORKFORCE = {
    "w1.txt": "Tannery workers strike in Oskel\n"
    "Published: 2035-04-02\n"
    "Oskel Ledger\n\n"
    "The Oskel tanners' union said 640 tanners were on strike at the Oskel works on Monday. "
    "The Oskel works employs 900 tanners.\n",
    "w2.txt": "Oskel tannery strike continues\n"
    "Published: 2035-04-02\n"
    "Valley Wire\n\n"
    "The Oskel works on Monday put the number of tanners on strike at the Oskel works at "
    "410.\n",
}


def test_a_capacity_or_workforce_is_never_a_side_of_a_conflict(tmp_path: Path) -> None:
    _, conflicts = _run(tmp_path, WORKFORCE)
    values = [{m.value_key for m in c.members} for c in conflicts]
    assert not [v for v in values if "900" in v]


def test_the_html_summary_shows_who_gives_each_value_of_a_dispute(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in TWO_VOICES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "review.db") as store:
        run_batch(store, RegexBackend(), [str(folder)])
        analysis.refresh(store)
        accept_all(store)
        page = render_html(summarise_store(store))
    assert "2,400: The Vellan Porters&#39; Guild · 1,500: The Vellan Quay Authority" in page or (
        "1,500: The Vellan Quay Authority · 2,400: The Vellan Porters&#39; Guild" in page
    )


# The people aboard in parts, the vessel's capacity and its age: each its own quantity.
FERRY = {
    "m1.txt": "Ferry sinks off Marrow Point\n"
    "Published: 2035-05-10\n"
    "Marrow Gazette\n\n"
    "The ferry Tilda Rose was carrying 87 passengers and five crew when it sank off Marrow "
    "Point on Friday, the coastguard said.\n\n"
    "The Tilda Rose, which is 31 years old, was licensed to carry 120 passengers.\n",
    "m2.txt": "Marrow Point ferry: all accounted for\n"
    "Published: 2035-05-11\n"
    "Marrow Gazette\n\n"
    "The coastguard said 92 people were on board the Tilda Rose when it sank off Marrow "
    "Point on Friday.\n",
}


def test_parts_a_capacity_and_an_age_are_each_tracked_as_their_own_quantity(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, FERRY)
    values = {f.subject: {h.number for h in f.history} for f in figures}
    aboard = _figure(figures, 92)
    assert {h.number for h in aboard.history} == {92.0}
    passengers = _figure(figures, 87)
    assert "passengers" in passengers.subject and values[passengers.subject] == {87.0}
    assert _figure(figures, 5).subject != aboard.subject
    capacity = _figure(figures, 120)
    assert capacity.subject == "passengers (capacity)"
    # An age is tracked so an editor can see it, but never as a key figure.
    age = _figure(figures, 31)
    assert age.minor and values[age.subject] == {31.0} and age.subject == "years"
    assert not conflicts


# The undated report says "the second climber to die": it comes after the dated report of the
# first death, so its other counts are updates on that report, not disputes with a later one.
ORDINAL_PLACED = {
    "c1.txt": "Climbers hurt in Skarn ridge rockfall\n"
    "Published: 2036-07-01\n"
    "Upland Courier\n\n"
    "Nine climbers were in hospital on Tuesday after a rockfall on the Skarn ridge, the "
    "mountain rescue service said.\n\n"
    "A guide who was hit by falling stones died on Tuesday, the first death linked to the "
    "rockfall.\n",
    "c2.txt": "Second climber dies after Skarn rockfall\n\n"
    "A 44-year-old man has become the second person to die after the Skarn ridge rockfall, "
    "the mountain rescue service said.\n\n"
    "Six climbers remain in hospital.\n",
    "c3.txt": "Skarn ridge reopens\n"
    "Published: 2036-07-04\n"
    "Upland Courier\n\n"
    "Two climbers are still in hospital, the mountain rescue service said.\n",
}


def test_an_undated_report_is_placed_after_the_dated_one_its_ordinal_follows(
    tmp_path: Path,
) -> None:
    figures, conflicts = _run(tmp_path, ORDINAL_PLACED)
    in_hospital = _figure(figures, 9)
    assert in_hospital.status == "updated"
    assert [h.number for h in in_hospital.history] == [9.0, 6.0, 2.0]
    assert in_hospital.history[-1].leads
    assert not _open_with(conflicts, "6", "2")
