"""`summary --draft`: the seeds right after `batch` give a draft with key points, every
format says it is a draft on its first line, and every point resting on a pending claim is
marked not reviewed; without --draft nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.models import ClaimStatus, ReviewAction
from summarise.output.summary.draft import DRAFT_LABEL, NOT_REVIEWED
from summarise.store import ClaimFilter, Store
from tests.conftest import SEEDS


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_draft_right_after_batch_has_key_points_all_marked(db_path: Path) -> None:
    run("batch", str(SEEDS), "--db", str(db_path))
    db = str(db_path)
    final = run("summary", "--db", db)
    assert "No accepted claims yet" in final and NOT_REVIEWED not in final

    markdown = run("summary", "--db", db, "--draft")
    assert markdown.splitlines()[0] == f"**{DRAFT_LABEL}**"
    key_points = [line for line in markdown.splitlines() if line[:3] in {"1. ", "2. ", "3. "}]
    assert key_points and all(line.endswith(f"*({NOT_REVIEWED})*") for line in key_points)

    html = run("summary", "--db", db, "--draft", "--format", "html")
    body = html.split("<main>", 1)[1]
    assert body.lstrip().startswith(f'<p class="draft"><strong>{DRAFT_LABEL}</strong>')
    assert "<title>DRAFT" in html and f'badge unreviewed">{NOT_REVIEWED}' in html

    data = json.loads(run("summary", "--db", db, "--draft", "--format", "json"))
    assert next(iter(data)) == "draft" and data["draft"] is True
    points = [p for story in data["stories"] for p in story["key_points"]]
    assert points and all(p["reviewed"] is False for p in points)
    # Counts stay true: nothing was accepted.
    assert data["counts"]["accepted"] == 0 and data["counts"]["pending"] == data["counts"]["claims"]
    plain = json.loads(run("summary", "--db", db, "--format", "json"))
    assert "draft" not in plain


def test_accepted_points_are_not_marked_in_a_draft(db_path: Path) -> None:
    run("batch", str(SEEDS), "--db", str(db_path))
    with Store.open(db_path) as store:
        accepted = {
            claim.id for claim in store.iter_claims(ClaimFilter(status=ClaimStatus.PENDING.value))
        }
        for claim_id in accepted:
            store.decide(claim_id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    # Everything accepted: a draft marks nothing, and still says it is a draft.
    data = json.loads(run("summary", "--db", str(db_path), "--draft", "--format", "json"))
    assert data["draft"] is True
    points = [p for story in data["stories"] for p in story["key_points"]]
    assert points and all("reviewed" not in p for p in points)
