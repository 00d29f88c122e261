"""A model that times out, rate-limits, errs, truncates, invents and refuses, at random across a
batch of 50 documents, through the real openai client, instructor, `run_batch` and store."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import respx

from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.pipeline.runner import RunReport, run_batch
from summarise.store import Store
from tests.faulty_model import HARMLESS, INVENTED, NAMED_BY, FaultyModel, write_dispatches

BASE = "http://model.test/v1"
DOCUMENTS = 50


def faulty_batch(store: Store, folder: Path, model: FaultyModel, sleeps: list[float]) -> RunReport:
    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)  # backoff is asked for, never waited out

    backend = OpenAIBackend(
        BackendOptions(
            base_url=BASE,
            model="test-model",
            concurrency=8,
            # Small enough that a cut-off reply splits most of these short articles.
            extra={"sleep": no_sleep, "min_split_tokens": 120},
        )
    )
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        mock.post("/chat/completions").mock(side_effect=model)
        # The circuit breaker's probe: the server is up, however many timeouts come in a row.
        mock.get("/models").respond(200, json={"object": "list", "data": []})
        return run_batch(store, backend, [str(folder)])


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def assert_grounded(db: Path) -> int:
    claims = rows(
        db,
        "SELECT c.quote, c.quote_start, c.quote_end, c.text, d.text AS document "
        "FROM claims c JOIN documents d ON d.id = c.document_id",
    )
    for claim in claims:
        assert claim["document"][claim["quote_start"] : claim["quote_end"]] == claim["quote"]
        assert INVENTED not in claim["quote"] and INVENTED not in claim["text"]
    return len(claims)


def assert_every_attempt_counted(db: Path, run_id: int, model: FaultyModel) -> None:
    """What the model reported spending == the run's call log == the run's totals; each
    extraction row holds exactly its own run's calls for its document."""
    (calls,) = rows(
        db,
        "SELECT count(*) AS n, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, "
        "sum(tokens_estimated) AS estimated FROM calls WHERE run_id = ?",
        (run_id,),
    )
    assert calls["n"] == model.requests  # one row per HTTP request, failed ones included
    assert calls["estimated"] == 0
    assert (calls["p"], calls["c"]) == (model.prompt_tokens, model.completion_tokens)
    (run,) = rows(db, "SELECT prompt_tokens, completion_tokens FROM runs WHERE id = ?", (run_id,))
    assert (run["prompt_tokens"], run["completion_tokens"]) == (calls["p"], calls["c"])
    per_document = rows(
        db,
        "SELECT e.document_id, e.prompt_tokens, e.completion_tokens, e.calls, "
        "count(k.id) AS logged_calls, coalesce(sum(k.prompt_tokens), 0) AS logged_prompt, "
        "coalesce(sum(k.completion_tokens), 0) AS logged_completion "
        "FROM extractions e LEFT JOIN calls k "
        "ON k.run_id = e.run_id AND k.document_id = e.document_id "
        "WHERE e.run_id = ? GROUP BY e.document_id",
        (run_id,),
    )
    for row in per_document:
        logged = (row["logged_calls"], row["logged_prompt"], row["logged_completion"])
        assert (row["calls"], row["prompt_tokens"], row["completion_tokens"]) == logged
    # A document retried by a later run has that run's row now; this run's spending on it
    # stays in the call log (and in this run's totals).
    (superseded,) = rows(
        db,
        "SELECT coalesce(sum(k.prompt_tokens), 0) AS p, coalesce(sum(k.completion_tokens), 0) "
        "AS c FROM calls k JOIN extractions e ON e.document_id = k.document_id "
        "WHERE k.run_id = ? AND e.run_id != k.run_id",
        (run_id,),
    )
    assert sum(r["prompt_tokens"] for r in per_document) + superseded["p"] == run["prompt_tokens"]
    assert (
        sum(r["completion_tokens"] for r in per_document) + superseded["c"]
        == run["completion_tokens"]
    )


def test_fifty_documents_through_random_model_faults(tmp_path: Path, store: Store) -> None:
    # Seed 5 is one where every kind of fault ends at least one document (asserted below).
    sources = write_dispatches(tmp_path / "in", DOCUMENTS, seed=5)
    dispatch_of = {str(path): n for n, path in sources.items()}
    model, sleeps = FaultyModel(seed=5), []
    report = faulty_batch(store, tmp_path / "in", model, sleeps)
    db = Path(store.path)

    served = [fault for faults in model.served.values() for fault in faults]
    assert set(served) == set(NAMED_BY) | HARMLESS  # every kind of fault really happened
    assert sleeps and 0.25 in sleeps  # the server's retry-after-ms was honoured

    extractions = rows(
        db,
        "SELECT d.source, e.status, e.error, e.dropped_ungrounded, e.calls FROM extractions e "
        "JOIN documents d ON d.id = e.document_id",
    )
    assert len(extractions) == DOCUMENTS == report.read + report.failed
    assert report.status == "completed" and report.skipped == 0
    endings: dict[str, int] = {}
    for row in extractions:
        last = model.last_fault(dispatch_of[row["source"]])
        endings[last] = endings.get(last, 0) + 1
        if last in HARMLESS:
            assert row["status"] == "extracted" and row["error"] is None, row["source"]
        else:
            assert row["status"] == "failed", row["source"]
            assert re.search(NAMED_BY[last], row["error"]), (last, row["error"])
        if last == "invented_quote":  # let through on the last attempt, then dropped
            assert row["dropped_ungrounded"] >= 1
    # Every kind of fault ended some document, and most documents still got through.
    assert set(endings) == set(NAMED_BY) | HARMLESS, endings
    assert report.read > DOCUMENTS // 2
    # A reply cut off at the length limit split its document, and the pieces got through.
    split = rows(
        db,
        "SELECT k.document_id FROM calls k JOIN extractions e ON e.document_id = k.document_id "
        "WHERE e.status = 'extracted' GROUP BY k.document_id "
        "HAVING count(DISTINCT k.chunk_start || '-' || k.chunk_end) > 1",
    )
    assert split
    assert sum(r["dropped_ungrounded"] for r in extractions) == report.claims_dropped
    (errors,) = rows(db, "SELECT errors FROM runs WHERE id = ?", (report.run_id,))
    assert errors["errors"].count('"outcome": "failed"') == report.failed

    assert assert_grounded(db) == report.claims_stored > 0
    assert_every_attempt_counted(db, report.run_id, model)


def test_a_rerun_after_faults_finishes_the_failed_and_counts_both_runs(
    tmp_path: Path, store: Store
) -> None:
    write_dispatches(tmp_path / "in", 20, seed=9)
    first_model = FaultyModel(seed=9)
    first = faulty_batch(store, tmp_path / "in", first_model, [])
    assert first.failed > 0
    healthy = FaultyModel(seed=10, weights={"ok": 1}, run_rate=0)
    second = faulty_batch(store, tmp_path / "in", healthy, [])
    db = Path(store.path)

    assert second.read == first.failed and second.unchanged == first.read
    statuses = rows(db, "SELECT status, count(*) AS n FROM extractions GROUP BY status")
    assert [(r["status"], r["n"]) for r in statuses] == [("extracted", 20)]
    # Each run's records add up to what the model sent it; the call log holds both.
    assert_every_attempt_counted(db, first.run_id, first_model)
    assert_every_attempt_counted(db, second.run_id, healthy)
    (total,) = rows(db, "SELECT sum(prompt_tokens) AS p, count(*) AS n FROM calls")
    assert total["p"] == first_model.prompt_tokens + healthy.prompt_tokens
    assert total["n"] == first_model.requests + healthy.requests
    assert_grounded(db)
