"""`export` carries each claim's last decision (reviewer, time, reject reason) and its story,
in JSON Lines and CSV, and reads back the same."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.models import ClaimStatus, ReviewAction
from summarise.output.export import read_csv, read_jsonl
from summarise.store import Store
from tests.conftest import SEEDS


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_has_reviewer_time_reason_and_story(db_path: Path) -> None:
    db = str(db_path)
    run("batch", str(SEEDS), "--db", db)
    with Store.open(db_path) as store:
        accepted, rejected, edited_then_undone = [c.id for c in store.claims()][:3]
        store.decide(accepted, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
        store.decide(rejected, ReviewAction.REJECT, reviewer="bob", expected_version=0,
                     reason="not in the source")  # fmt: skip
        done = store.decide(edited_then_undone, ReviewAction.ACCEPT, reviewer="cy",
                            expected_version=0)  # fmt: skip
        store.undo(done.id or 0, reviewer="cy", expected_version=1)
    by_id = {c.id: c for c in read_jsonl(run("export", "--db", db).splitlines())}
    with Store.open(db_path) as store:  # grouped by the export itself
        story_of = {d: s for d, (s, _) in store.stories.assignments().items()}
        titles = {s.id: s.label for s in store.stories.list()}
    assert by_id[accepted].reviewer == "ann" and by_id[accepted].decided_at is not None
    assert by_id[accepted].reject_reason is None
    assert (by_id[rejected].reviewer, by_id[rejected].reject_reason) == ("bob", "not in the source")
    assert by_id[edited_then_undone].status is ClaimStatus.PENDING
    assert by_id[edited_then_undone].reviewer == "cy"  # the undo is the last decision
    untouched = [c for c in by_id.values() if c.id not in {accepted, rejected, edited_then_undone}]
    assert untouched and all(c.reviewer is None and c.decided_at is None for c in untouched)
    for claim in by_id.values():
        assert claim.story_id == story_of[claim.document_id]
        assert claim.story_title == titles[claim.story_id]
    csv_text = run("export", "--db", db, "--format", "csv")
    back = {c.id: c for c in read_csv(io.StringIO(csv_text, newline=""))}
    fields = ("reviewer", "decided_at", "reject_reason", "story_id", "story_title")
    assert {i: c.model_dump(include=set(fields)) for i, c in back.items()} == {
        i: c.model_dump(include=set(fields)) for i, c in by_id.items()
    }
