"""A reviewer's edit of a claim's number, made through the review session as the review
screen makes it, reaches `claims.figures`, `export`, the summary's key figures and the claim
detail's Figures line; its undo puts the old figure back everywhere."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from summarise.backends.regex.refigure import refigure
from summarise.cli import cli
from summarise.models import Figure, ReviewAction
from summarise.output.export import read_jsonl
from summarise.store import Store
from summarise.tui.session import Decision, ReviewSession
from summarise.tui.widgets.claim_detail import describe

REPORTS = {
    "a.txt": "date 2031-05-04\n\nRescuers in Orlesk said 9 miners were trapped at Korrin pit.\n",
    "b.txt": "date 2031-05-05\n\nRescuers in Orlesk said 11 miners were trapped at Korrin pit.\n",
}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def stored_figures(db_path: Path, claim_id: str) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT figures FROM claims WHERE id = ?", [claim_id]).fetchone()
    return [(f["raw"], f["counts"]) for f in json.loads(row[0])]


def key_figure(db: str) -> str:
    summary = run("summary", "--db", db, "--detail", "full").splitlines()
    return summary[summary.index("### Key figures") + 2]


def everywhere(db_path: Path, claim_id: str) -> tuple[list, list, str, str]:
    db = str(db_path)
    exported = read_jsonl(run("export", "--db", db, "--format", "jsonl").splitlines())
    with Store.open(db_path) as store:
        claim = store.get_claim(claim_id)
    return (
        stored_figures(db_path, claim_id),
        [(f.raw, f.counts) for c in exported if c.id == claim_id for f in c.figures],
        key_figure(db),
        describe(claim).plain,
    )


def test_an_edited_figure_reaches_store_export_summary_and_detail_and_undo_restores(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    run("batch", str(folder), "--db", str(db_path))
    session = ReviewSession(str(db_path), "ann")
    try:
        with Store.open(db_path) as store:
            first, latest = sorted(store.claims(), key=lambda c: "11 miners" in c.text)
        session.decide(Decision(first.id, first.version, ReviewAction.ACCEPT))
        new_text = latest.text.replace("11 miners", "14 miners")
        session.decide(Decision(latest.id, latest.version, ReviewAction.EDIT, text=new_text))
        stored, exported, key, detail = everywhere(db_path, latest.id)
        assert stored == exported == [("14", "miners")]
        assert key.startswith("- miners stranded: 14 (up from 9") and "11" not in key
        assert "Figures: 14 (miners)" in detail

        assert session.undo() is not None
        session.decide(Decision(latest.id, latest.version + 2, ReviewAction.ACCEPT))
        stored, exported, key, detail = everywhere(db_path, latest.id)
        assert stored == exported == [("11", "miners")]
        assert key.startswith("- miners stranded: 11 (up from 9") and "14" not in key
        assert "Figures: 11 (miners)" in detail
    finally:
        session.close()


def test_a_figure_the_edit_left_alone_keeps_what_the_extractor_said_of_it() -> None:
    kept = Figure(value=40, raw="40", counts="workers on strike", qualifier="at least")
    gone = Figure(value=3, raw="3", counts="depots")
    figures = refigure("At least 40 workers walked out at 5 depots.", [kept, gone])
    assert figures[0] == kept
    assert (figures[1].raw, figures[1].counts) == ("5", "depots")


def test_an_edit_of_an_earlier_session_is_undone_with_its_figures(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORTS["a.txt"], encoding="utf-8")
    run("batch", str(folder), "--db", str(db_path))
    with Store.open(db_path) as store:
        (claim,) = store.claims()
    first = ReviewSession(str(db_path), "ann")
    try:
        edited = claim.text.replace("9 miners", "7 miners")
        first.decide(Decision(claim.id, claim.version, ReviewAction.EDIT, text=edited))
    finally:
        first.close()
    assert stored_figures(db_path, claim.id) == [("7", "miners")]
    later = ReviewSession(str(db_path), "ann")  # its undo stack is read from `reviews`
    try:
        assert later.undo() is not None
    finally:
        later.close()
    assert stored_figures(db_path, claim.id) == [("9", "miners")]
