"""Reviewers' figure decisions (issue 20 item 6), end to end through `summarise figures` on a
flood story written for these tests: each action changes the summary's key figures, survives
a forced re-analysis and a new report joining the story, and undo restores the figures."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.cli import cli
from summarise.output.summary import summarise_store
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests.story_fixtures import accept_all

FLOOD = {
    "f1.txt": "Floodwaters rise in Kessel valley\nPublished: 2031-04-02\nKessel Courier\n\n"
    "Officials said 300 residents were evacuated from the Kessel valley on Wednesday, "
    "the council said.\n\nFour bridges were washed out by the flooding, the council said.\n",
    "f2.txt": "Kessel valley evacuation widens\nPublished: 2031-04-03\nKessel Courier\n\n"
    "Officials said 450 residents were evacuated from the Kessel valley by Thursday, "
    "the council said.\n\nSix bridges were washed out by the flooding, the council said.\n",
}
LATER = {
    "f3.txt": "Kessel valley waters recede\nPublished: 2031-04-05\nKessel Courier\n\n"
    "Officials said 520 residents were evacuated from the Kessel valley by Saturday, "
    "the council said, as the floodwaters in the Kessel valley receded.\n",
}


def _batch(db: Path, folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store.open(db) as store:
        run_batch(store, RegexBackend(), [str(folder)])
        analysis.refresh(store)
        accept_all(store)


def _figures(db: Path) -> dict[str, tuple[str, str, list[str]]]:
    """subject -> (latest, status, history values) of every story's key figures."""
    with Store.open(db) as store:
        # `stories --rebuild`: the candidate index rebuilt, every story regrouped and relinked;
        # the decisions must survive it.
        analysis.refresh(store, rebuild=True)
        summary = summarise_store(store)
    return {
        f.subject: (f.latest, f.status, [h.value for h in f.history])
        for story in summary.stories
        for f in story.figures
    }


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["figures", *args, "--db", str(db)], env={"SUMMARISE_REVIEWER": "ed"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def _listing(db: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", str(db), "figures", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _claim_of(db: Path, written: str) -> str:
    [found] = [
        v["claim_id"]
        for story in _listing(db)
        for f in story["figures"]
        for v in f["values"]
        if v["figure"] == written
    ]
    return found


def _decision_id(output: str) -> str:
    return output.split()[2].rstrip(":")


def _story(db: Path) -> str:
    [story] = _listing(db)
    return str(story["story_id"])


def test_flood_tracks_both_quantities_before_any_decision(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    figures = _figures(db)
    assert figures["residents displaced"] == ("450", "updated", ["300", "450"])
    assert figures["bridges"] == ("6", "updated", ["Four", "Six"])


def test_retracted_value_stops_leading_survives_new_report_and_undo_restores(
    tmp_path: Path,
) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    story = _story(db)
    out = _run(db, "mark", story, _claim_of(db, "450")[:8], "retracted")  # a prefix
    assert _figures(db)["residents displaced"][0] == "300"
    listed = _listing(db)[0]["decisions"]
    assert [(d["kind"], d["figure"], d["reviewer"]) for d in listed] == [("retracted", "450", "ed")]
    _batch(db, tmp_path / "docs", LATER)
    assert _figures(db)["residents displaced"][0] == "520"  # a later report still leads
    _run(db, "undo", _decision_id(out))
    assert _figures(db)["residents displaced"][2] == ["300", "450", "520"]


def test_mark_update_makes_the_value_lead(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    _run(db, "mark", _story(db), _claim_of(db, "Four"), "update")
    assert _figures(db)["bridges"][:2] == ("4", "updated")


def test_rename_then_undo(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    out = _run(db, "rename", _story(db), "bridges", "bridges closed")
    figures = _figures(db)
    assert "bridges" not in figures
    assert figures["bridges closed"] == ("6", "updated", ["Four", "Six"])
    _run(db, "undo", _decision_id(out))
    assert "bridges" in _figures(db)


def test_split_and_move_and_merge_change_the_series(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    story = _story(db)
    _run(db, "split", story, _claim_of(db, "Four"), "bridges damaged")
    figures = _figures(db)
    assert figures["bridges"][2] == ["Six"]
    assert figures["bridges damaged"][2] == ["Four"]
    moved = _run(db, "move", story, _claim_of(db, "Four"), "bridges")
    assert _figures(db)["bridges"][2] == ["Four", "Six"]
    _run(db, "undo", _decision_id(moved))
    merged = _run(db, "merge", story, "bridges damaged", "bridges")
    figures = _figures(db)
    assert figures["bridges"][2] == ["Four", "Six"] and "bridges damaged" not in figures
    _batch(db, tmp_path / "docs", LATER)  # a new report joins: the merge still holds
    assert _figures(db)["bridges"][2] == ["Four", "Six"]
    _run(db, "undo", _decision_id(merged))
    assert _figures(db)["bridges damaged"][2] == ["Four"]


def test_bad_input_is_a_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    story = _story(db)
    runner = CliRunner()
    for args, message in [
        (["mark", "99", "x", "update"], "no story 99"),
        (["mark", story, "nope", "update"], "no claim 'nope'"),
        (["rename", story, "ferries", "boats"], "no quantity 'ferries'"),
        (["undo", "42"], "no figure decision 42"),
    ]:
        result = runner.invoke(cli, ["figures", *args, "--db", str(db)])
        assert result.exit_code == 1 and message in result.output, result.output
        assert "Traceback" not in result.output


def test_listing_takes_the_shared_flags(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    _batch(db, tmp_path / "docs", FLOOD)
    runner = CliRunner()
    lines = runner.invoke(cli, ["--db", str(db), "figures", "--nl"]).output.splitlines()
    assert [json.loads(line)["story_id"] for line in lines] == [int(_story(db))]
    csv_out = runner.invoke(cli, ["--db", str(db), "figures", "--csv"]).output
    assert csv_out.splitlines()[0] == "story_id,figures,decisions"
    assert "residents" in csv_out
