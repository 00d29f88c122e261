"""Figures across reports, end to end with the regex backend, on stories written for these
tests (invented places, outlets and people): a mine rescue, a bridge closure and an election
count. Each report is read from a file as a user would feed it, every claim is accepted, and
the summary's key figures are checked against the series a careful editor would expect."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.analysis.dates import resolve_report_dates
from summarise.analysis.figure_facts import FigureFact, figures_of
from summarise.backends.regex.backend import RegexBackend
from summarise.backends.regex.figures import find_figures
from summarise.cli import cli
from summarise.ingest.reader import read_input
from summarise.ingest.report_dates import read_report_date
from summarise.models import Document
from summarise.output.summary import summarise_store
from summarise.output.summary.model import KeyFigure
from summarise.store import Store
from tests.factories import claim_for
from tests.story_fixtures import (
    accept_all,
    figures_and_conflicts,
    seeds_db,
    seeds_db_template,
    seeds_store,
)

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]

MINE = {
    "m1.txt": "Rescuers reach trapped miners at Graventon pit\n\n"
    "GRAVENTON, May 3 (Hollow Valley Wire) — Rescuers said on Saturday that 14 miners were "
    "trapped underground after a roof fall at the Graventon colliery, the mine operator said.\n\n"
    "Two miners were killed in the collapse, the operator said.\n",
    "m2.txt": "Graventon rescue: nine miners brought out\n"
    "Published: 2030-05-04\n"
    "Upland Evening Star\n\n"
    "Nine miners had been brought to the surface by Sunday evening, the operator said, "
    "leaving five miners trapped underground.\n\n"
    "Three miners were killed in the collapse, the operator said on Sunday.\n",
    "m3.txt": "Last Graventon miners freed\n\n"
    "GRAVENTON, May 6 (Hollow Valley Wire) — The last miners trapped underground were freed "
    "on Tuesday, the operator said, and no miners were trapped underground by nightfall.\n\n"
    "The operator revised the number of miners killed down to two from three, after a "
    "miner listed as killed turned up alive in a side tunnel.\n",
}

BRIDGE = {
    "b1.txt": "Ottery bridge shut after crack found\n\n"
    "FERRIN, Oct. 2 (Lakeshore Press) — Engineers closed the Ottery bridge on Monday after "
    "finding a crack in a main girder, and 4,700 vehicles a day were diverted through the "
    "town centre, the county said.\n",
    "b2.txt": "Ottery diversion strains town centre\n\n"
    "FERRIN, Oct. 2 (Ottery Chronicle) — Traffic wardens said 6,300 vehicles a day were "
    "diverted through the town centre, the chamber of commerce said.\n",
}

ELECTION = {
    "e1.txt": "Count under way in Marlow district\n"
    "Published: 2029-11-08\n"
    "Marlow Standard\n\n"
    "Officers said 141 postal votes and 6 proxy votes were rejected, "
    "the electoral office said.\n\n"
    "Turnout was 61 percent of the electorate, the electoral office said.\n",
    "e2.txt": "Marlow recount confirms result\n"
    "Published: 2029-11-10\n"
    "Marlow Standard\n\n"
    "After the recount, officers said 231 votes were rejected, the electoral office said.\n\n"
    "Turnout was 63 percent of the electorate, the electoral office said.\n",
}


def _summary_figures(tmp_path: Path, files: dict[str, str]) -> list[KeyFigure]:
    return figures_and_conflicts(tmp_path, files)[0]


def _by_subject(figures: list[KeyFigure], words: str) -> KeyFigure:
    [found] = [f for f in figures if all(w in f.subject for w in words.split())]
    return found


# -- report dates --------------------------------------------------------------------------


def test_a_dateline_gives_month_day_and_outlet_and_is_not_part_of_the_report() -> None:
    text = MINE["m1.txt"]
    found = read_report_date(text)
    assert found.published is None and found.month_day == (5, 3)
    assert found.outlet == "Hollow Valley Wire"
    assert text[found.body_start :].startswith("Rescuers said on Saturday")


def test_published_lines_and_written_dates_give_the_date() -> None:
    assert read_report_date(MINE["m2.txt"]).published == date(2030, 5, 4)
    assert read_report_date("Headline here today\nMarch 9, 2032\n\nBody.").published == date(
        2032, 3, 9
    )
    assert read_report_date("Headline here today\n9 March 2032\n\nBody.").published == date(
        2032, 3, 9
    )
    # An update is the report's time: its figures are as of then.
    stamped = "Headline here today\nPublished: 2032-03-09\nUpdated: 2032-03-10\n\nBody."
    assert read_report_date(stamped).published == date(2032, 3, 10)
    # The colon is often left out: "Updated 5 September 2032".
    bare = "Headline here today\nUpdated 5 September 2032\nFellmoor Courier\n\nBody."
    assert read_report_date(bare).published == date(2032, 9, 5)
    assert read_report_date("Headline\nPublished March 9, 2032\n\nBody.").published == date(
        2032, 3, 9
    )
    # A sentence that starts with "Date" is not a stamp line.
    assert read_report_date("Date on 2032-03-09 the council met and voted again.").published is None


def test_an_undated_dateline_records_the_outlet_and_no_date() -> None:
    found = read_report_date("Headline here today\n\nFERRIN (Lakeshore Press) — Body text.")
    assert found.published is None and found.month_day is None
    assert found.outlet == "Lakeshore Press"


def test_a_datelines_year_comes_from_the_storys_dated_reports_or_stays_unknown() -> None:
    resolved = resolve_report_dates(
        {"a": None, "b": date(2030, 12, 30), "c": None}, {"a": "12-28", "c": "01-02"}
    )
    # "January 2" next to a December 30 report is the new year's.
    assert resolved == {"a": date(2030, 12, 28), "b": date(2030, 12, 30), "c": date(2031, 1, 2)}
    assert resolve_report_dates({"a": None}, {"a": "05-03"}) == {"a": None}


def test_the_reader_stores_the_dateline_and_the_regex_backend_leaves_it_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m1.txt"
    path.write_text(MINE["m1.txt"], encoding="utf-8")
    document = read_input(str(path)).document
    assert document is not None
    assert document.outlet == "Hollow Valley Wire" and document.dateline_month_day == "05-03"
    claims = RegexBackend().extract_sync(document).claims
    assert claims and not any("GRAVENTON" in c.text or "Wire)" in c.text for c in claims)
    for claim in claims:
        assert document.text[claim.quote_start : claim.quote_end] == claim.quote


# -- numbers as written --------------------------------------------------------------------


def _read(sentence: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.counts, f.qualifier) for f in find_figures(sentence)]


def test_compound_number_words_and_dozens() -> None:
    assert _read("Officials said a hundred and twelve tents were put up.") == [(112.0, "tents", "")]
    assert _read("Police held two dozen people.") == [(24.0, "people", "")]
    assert _read("The fund reached two hundred thousand donors.") == [(200000.0, "donors", "")]


def test_scaled_decimals_are_exact() -> None:
    [figure] = find_figures("The county spent 2.07 million euros on repairs.")
    assert Decimal(figure.value) == Decimal(2070000)


def test_a_duration_is_no_hedge_but_a_count_can_be() -> None:
    assert _read("They agreed a 3 percent rise over three years.")[1] == (3.0, "years", "")
    assert _read("Over 30 miners were rescued.") == [(30.0, "miners", "more than")]


def test_an_ordinal_states_a_running_total() -> None:
    assert _read("A third miner was killed on Monday.") == [(3.0, "miner", "")]


def test_counted_nouns_are_never_time_words_and_shares_count_their_whole() -> None:
    assert _read("Police arrested nine people overnight.") == [(9.0, "people", "")]
    # not "overnight": a number in words as the whole subject counts people
    assert [c for _, c, _ in _read("Seven were held overnight.")] == ["people"]
    assert _read("Crews contained 40 percent of the blaze.") == [(40.0, "percent blaze", "")]
    assert _read("Nine aid workers were freed.") == [(9.0, "aid workers", "")]


# -- what is counted -----------------------------------------------------------------------


def _facts(text: str) -> tuple[FigureFact, ...]:
    document = Document(id=Document.id_for(text), source="x.txt", text=text)
    return figures_of(claim_for(document, text, figures=find_figures(text)))


def test_parts_are_summed_into_the_total_they_make() -> None:
    facts = _facts("The operator said 141 passengers and 6 crew were on board.")
    totals = [f for f in facts if not f.role]
    assert [(f.value, f.quantity()) for f in totals] == [(147.0, ("peopl", (), "aboard"))]
    assert {f.role for f in facts if f.value in (141.0, 6.0)} == {"part"}


def test_capacity_and_other_years_are_not_the_storys_count() -> None:
    [capacity] = _facts("The ferry, built for 300 passengers, was half full.")
    [aboard] = _facts("There were 280 passengers on board the ferry.")
    assert capacity.context == "capacity" and aboard.context == ""
    assert capacity.quantity() != aboard.quantity()
    [then] = _facts("The 2019 flood in the valley killed 40 people.")
    [now] = _facts("The flood in the valley killed 32 people.")
    assert then.context == "other" and then.quantity() != now.quantity()


def test_a_corrected_value_is_marked_and_the_new_one_counts_the_dead() -> None:
    six, seven = _facts("Officials revised the death toll down to six from seven.")
    assert (six.value, six.role, six.quantity()) == (6.0, "", ("peopl", (), "kill"))
    assert (seven.value, seven.role) == (7.0, "corrected")


# -- how values relate, end to end ---------------------------------------------------------


def test_mine_rescue_updates_lead_and_a_correction_never_leads(tmp_path: Path) -> None:
    figures = _summary_figures(tmp_path, MINE)
    killed = _by_subject(figures, "killed")
    # 2 (May 3) -> 3 (May 4) -> revised to 2 (May 6): an update, and 3 is struck.
    assert killed.status == "updated"
    assert killed.history[-1].number == 2.0
    assert killed.history[-1].reported == date(2030, 5, 6)
    assert [h.reported for h in killed.history] == sorted(h.reported for h in killed.history)
    assert killed.latest != "Three"


def test_same_day_reports_from_different_outlets_with_different_values_are_a_dispute(
    tmp_path: Path,
) -> None:
    figures = _summary_figures(tmp_path, BRIDGE)
    vehicles = _by_subject(figures, "vehicles")
    assert vehicles.status == "disputed"
    assert {h.number for h in vehicles.history} == {4700.0, 6300.0}


def test_parts_and_totals_and_shares_across_reports(tmp_path: Path) -> None:
    figures = _summary_figures(tmp_path, ELECTION)
    # Each part ("141 postal votes") is its own quantity too, never a value of the total.
    [votes] = [f for f in figures if f.subject.startswith("votes")]
    assert [h.number for h in votes.history] == [147.0, 231.0]
    assert votes.status == "updated"
    turnout = _by_subject(figures, "percent")
    assert [h.number for h in turnout.history] == [61.0, 63.0]


def test_figures_command_lists_each_value_with_its_report_outlet_and_claim(
    tmp_path: Path,
) -> None:
    _summary_figures(tmp_path, MINE)
    runner = CliRunner()
    db = str(tmp_path / "review.db")
    listed = runner.invoke(cli, ["figures", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    [story] = json.loads(listed.output)
    killed = next(f for f in story["figures"] if "killed" in f["subject"])
    assert [v["reported"] for v in killed["values"]] == ["2030-05-03", "2030-05-04", "2030-05-06"]
    assert {v["outlet"] for v in killed["values"]} >= {"Hollow Valley Wire"}
    assert all(v["quote"] and v["claim_id"] for v in killed["values"])
    text = runner.invoke(cli, ["figures", "--db", db, "--story", str(story["story_id"])])
    assert text.exit_code == 0 and "Hollow Valley Wire" in text.output


def test_a_reviewers_edit_of_a_figure_reaches_the_figures_read_from_the_claim() -> None:
    text = "Rescuers said 14 miners were trapped."
    document = Document(id=Document.id_for(text), source="x.txt", text=text)
    claim = claim_for(document, text, figures=find_figures(text))
    edited = claim.model_copy(update={"text": "Rescuers said 12 miners were trapped."})
    assert [f.value for f in figures_of(claim)] == [14.0]
    assert [(f.value, f.counts) for f in figures_of(edited)] == [(12.0, "miners")]


# -- who is counted, by what happened to them ------------------------------------------------


def test_people_nouns_fold_by_what_happened_to_them() -> None:
    [walked] = _facts("The guild said 480 of its members walked out on Tuesday.")
    [absent] = _facts("The council put the number of porters absent at fewer than 300.")
    [shifts] = _facts("The council said 350 employees failed to report for work on Monday.")
    assert walked.quantity() == absent.quantity() == shifts.quantity() == ("peopl", (), "strike")
    [moved] = _facts("Floodwater forced some 650 villagers from their homes near Orlby.")
    [orders] = _facts("About 1,900 people were evacuated from the Orlby valley.")
    assert moved.quantity() == orders.quantity() == ("peopl", (), "displace")


def test_the_events_name_alone_does_not_say_what_happened_to_those_counted() -> None:
    [held] = _facts("Police said the number detained since the strike began had reached 14.")
    assert held.action == "arrest"


def test_a_whole_workforce_is_not_a_count_of_those_affected() -> None:
    facts = _facts("The mill, which employs about 900 workers, said 300 were on strike.")
    contexts = {f.value: f.context for f in facts}
    assert contexts[900.0] == "capacity" and contexts[300.0] == ""


def test_children_among_the_dead_are_their_own_quantity() -> None:
    facts = _facts("The ministry said 410 people had been killed, including 95 children.")
    keys = {f.value: f.quantity() for f in facts}
    assert keys[410.0][0] == "peopl" and keys[95.0][0] != "peopl"
    assert keys[410.0][2] == keys[95.0][2] == "kill"
    [whole] = _facts("Firefighters said 60 children were evacuated from the Tarn school.")
    [among] = _facts("Some 300 people were evacuated, of them, 60 children, officials said.")[1:]
    assert whole.quantity()[0] == "peopl" and not whole.subset
    assert among.subset and among.quantity() != whole.quantity()


def test_parties_and_rounds_of_talks_are_never_tracked() -> None:
    facts = _facts("Both sides sent three delegations to two rounds of talks in Wickam.")
    assert facts and all(f.duration for f in facts if f.counts)


TALKS = {
    "t1.txt": "Talks resume in Wickam\n"
    "Published: 2031-04-02\n"
    "Wickam Courier\n\n"
    "Two delegations met for three rounds of talks on Monday, and 120 dock porters "
    "walked out at the Wickam quay, the porters' guild said.\n",
    "t2.txt": "Wickam walkout spreads\n"
    "Published: 2031-04-03\n"
    "Wickam Courier\n\n"
    "The porters' guild said 340 guild members had joined the walkout at the Wickam quay "
    "by Tuesday evening, as talks between the guild and the quay owners resumed.\n",
}


def test_a_walkout_told_with_another_noun_is_one_rising_count_and_talks_are_not_figures(
    tmp_path: Path,
) -> None:
    figures = _summary_figures(tmp_path, TALKS)
    [strike] = [f for f in figures if "strike" in f.subject]
    assert [h.number for h in strike.history] == [120.0, 340.0]
    assert strike.status == "updated"
    assert not [f for f in figures if "delegation" in f.subject or "round" in f.subject]


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        ("ASHFORD BAY — The ferry", "The ferry"),
        ("KINGSMERE, Wil. — The ferry", "The ferry"),
        ("KINGSMERE ― The ferry", "The ferry"),
    ],
)
def test_a_place_only_dateline_is_not_part_of_the_report(opening: str, body: str) -> None:
    text = f"Ferry runs aground off the point\n\n{opening} ran aground on Sunday.\n"
    found = read_report_date(text)
    assert text[found.body_start :].startswith(body)
    assert found.published is None and found.outlet is None


def test_an_upper_case_word_and_a_hyphen_is_not_a_dateline() -> None:
    text = "Alliance meets\n\nNATO - the alliance - met on Sunday.\n"
    assert read_report_date(text).body_start == 0


def test_a_follow_ups_history_places_the_earlier_storys_undated_reports_in_that_story(
    seeds_store: Store,
) -> None:
    # The seeds' February report follows the December story, some of whose reports carry no
    # date. Carried into the follow-up as history, those values belong to December: taken as
    # of the follow-up's own latest report they would dispute February's values.
    accept_all(seeds_store)
    summary = summarise_store(seeds_store)
    follow_ups = [s for s in summary.stories if s.follows is not None]
    assert follow_ups
    for story in follow_ups:
        earlier = next(s for s in summary.stories if s.id == story.follows)
        assert earlier.last_published is not None
        for figure in story.figures:
            for report in figure.history:
                if report.story_id is not None:
                    assert report.reported is not None and report.reported <= earlier.last_published


def test_a_follow_ups_counts_for_two_places_are_two_quantities(seeds_store: Store) -> None:
    # The February report gives one toll for one place and a far larger one for another in
    # one sentence: two quantities, each with its own history; the December story's toll,
    # which names no place, joins the one nearest it, never a trend through both.
    accept_all(seeds_store)
    summary = summarise_store(seeds_store)
    [story] = [s for s in summary.stories if s.follows is not None]
    tolls = [f for f in story.figures if any(h.number in (1200.0, 29000.0) for h in f.history)]
    assert len(tolls) == 2
    for figure in tolls:
        numbers = {h.number for h in figure.history}
        assert not {1200.0, 29000.0} <= numbers
        assert " in " in figure.subject
    [larger] = [f for f in tolls if any(h.number == 29000.0 for h in f.history)]
    assert [h.number for h in larger.history] == [20000.0, 29000.0]
