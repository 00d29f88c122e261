"""Every listing's --json parses and matches its documented shape (the models in
output/listings.py, from which schemas/listing-*.schema.json and docs/commands.md are
written); --nl gives the same records one per line; --csv where rows are flat."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from summarise.cli import cli
from summarise.models import ModelCall, ReviewAction
from summarise.output.listings import LISTING_MODELS
from summarise.store import Store
from tests.conftest import SEEDS

REQUEST_MARK = "tell me about the walrus census"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeds after a batch, a request file, three decisions and two logged calls."""
    folder = tmp_path_factory.mktemp("listings")
    db = str(folder / "review.db")
    run("batch", str(SEEDS), "--db", db)
    run(
        "batch", str(SEEDS), "--db", db, "--via", "batch-file", "-o", str(folder / "req.jsonl"),
        "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "gpt-4o-mini",
    )  # fmt: skip
    with Store.open(db) as store:
        first, second, third = [claim.id for claim in store.claims()][:3]
        store.decide(first, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
        store.decide(
            second, ReviewAction.EDIT, reviewer="bob", expected_version=0, text="A new text."
        )
        store.decide(third, ReviewAction.REJECT, reviewer="ann", expected_version=0, reason="x")
        document = next(iter(store.documents()))
        log = store.call_recorder(None)
        for status, body in (("ok", REQUEST_MARK), ("timeout", "another question")):
            log.log_call(
                ModelCall(
                    document_id=document.id, chunk_start=0, chunk_end=100, attempt=1,
                    transport_attempt=1, request_hash="h", model="gpt-4o-mini", mode="tools",
                    prompt_version="p", status=status, prompt_tokens=1000,
                    completion_tokens=200, latency_ms=1500.0,
                    request=json.dumps({"messages": [{"content": body}]}),
                    response=json.dumps({"ok": True}) if status == "ok" else None,
                    started_at=datetime.now(UTC),
                )
            )  # fmt: skip
    return db


LISTINGS = {
    "stories": ["stories"],
    "conflicts": ["conflicts", "--status", "all"],
    "jobs": ["jobs"],
    "logs": ["logs"],
    "history": ["history"],
}


def validate(model: type[BaseModel], record: dict[str, object]) -> None:
    model.model_validate(record)  # extra="forbid": an undeclared field fails too
    assert set(record) == set(model.model_fields)


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_json_and_nl_match_the_documented_shape(database: str, listing: str) -> None:
    command = [*LISTINGS[listing], "--db", database]
    records = json.loads(run(*command, "--json"))
    assert isinstance(records, list) and records, f"{listing} listed nothing"
    for record in records:
        validate(LISTING_MODELS[listing], record)
    lines = run(*command, "--nl").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_stats_json_is_one_object_of_the_documented_shape(database: str) -> None:
    figures = json.loads(run("stats", "--db", database, "--json"))
    validate(LISTING_MODELS["stats"], figures)
    assert figures["documents"] == 5


@pytest.mark.parametrize("listing", ["jobs", "logs", "history"])
def test_csv_has_one_row_per_json_record(database: str, listing: str) -> None:
    command = [*LISTINGS[listing], "--db", database]
    rows = list(csv.DictReader(io.StringIO(run(*command, "--csv"), newline="")))
    records = json.loads(run(*command, "--json"))
    assert [row["id"] for row in rows] == [str(record["id"]) for record in records]
    assert list(rows[0]) == list(LISTING_MODELS[listing].model_fields)


def test_logs_newest_first_with_cost_search_and_full_bodies(database: str) -> None:
    calls = json.loads(run("logs", "--db", database, "--json"))
    assert [c["status"] for c in calls] == ["timeout", "ok"]  # newest first
    assert calls[1]["cost_usd"] == pytest.approx((1000 * 0.15 + 200 * 0.60) / 1e6)
    assert calls[0]["request"] is None  # bodies only on demand
    found = json.loads(run("logs", "--db", database, "-q", "WALRUS", "--json", "--full"))
    assert len(found) == 1 and found[0]["request"]["messages"][0]["content"] == REQUEST_MARK
    assert json.loads(run("logs", "--db", database, "-n", "1", "--json"))[0]["id"] == calls[0]["id"]
    shown = run("logs", str(calls[1]["id"]), "--db", database)
    assert "Request:" in shown and REQUEST_MARK in shown and "Reply:" in shown


def test_history_by_reviewer_since_and_edit_diff(database: str) -> None:
    ann = json.loads(run("history", "--db", database, "--reviewer", "ann", "--json"))
    assert [d["action"] for d in ann] == ["reject", "accept"]
    edit = json.loads(run("history", "--db", database, "--reviewer", "bob", "--json"))[0]
    assert edit["diff"].endswith("{+A new text.+}") and edit["diff"].startswith("[-")
    assert json.loads(run("history", "--db", database, "--since", "2999-01-01", "--json")) == []
    assert len(json.loads(run("history", "--db", database, "--since", "1h", "--json"))) == 3
    result = CliRunner().invoke(cli, ["history", "--db", database, "--since", "soon"])
    assert result.exit_code == 2 and "--since" in result.output


def test_text_output_unchanged_without_a_flag(database: str) -> None:
    assert run("stories", "--db", database).startswith("Story ")
    assert not run("stories", "--db", database).lstrip().startswith("[")


def test_an_empty_listing_is_an_empty_array_and_a_csv_header(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    run("batch", str(SEEDS), "--db", db)  # documents and claims, but no jobs, calls or decisions
    for listing in ("jobs", "logs", "history"):
        assert json.loads(run(listing, "--db", db, "--json")) == []
        assert run(listing, "--db", db, "--nl") == ""
        header = run(listing, "--db", db, "--csv").splitlines()
        assert header == [",".join(LISTING_MODELS[listing].model_fields)]
