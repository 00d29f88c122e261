"""Migration 002_model_calls and the store's call log and response cache."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from summarise.models import CachedResponse, ExtractionKey, ModelCall
from summarise.store import Store
from summarise.store.migrations import MIGRATIONS, applied, migrate
from tests.factories import document, extraction


def call(**changes: object) -> ModelCall:
    fields: dict[str, object] = {
        "document_id": "d1",
        "chunk_start": 0,
        "chunk_end": 10,
        "attempt": 1,
        "transport_attempt": 1,
        "request_hash": "abc",
        "model": "m",
        "mode": "tools",
        "prompt_version": "p1",
        "status": "ok",
        "prompt_tokens": 7,
        "request": "{}",
        "started_at": datetime.now(UTC),
    }
    return ModelCall(**{**fields, **changes})


def test_a_blank_database_gets_the_calls_and_cache_tables(store: Store) -> None:
    assert "002_model_calls" in applied(store.db)
    assert {"calls", "response_cache"} <= set(store.db.table_names())


def test_a_database_at_001_upgrades_and_keeps_its_data(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    first = MIGRATIONS[0]
    assert first.name == "001_initial"
    with_only_first = list(MIGRATIONS[:1])
    original = MIGRATIONS[:]
    MIGRATIONS[:] = with_only_first
    try:
        migrate(db)
    finally:
        MIGRATIONS[:] = original
    assert applied(db) == ["001_initial"] and "calls" not in db.table_names()
    doc = document("The council voted on Tuesday.")
    db.close()
    with Store.open(db_path) as old:  # opening runs 002 on the version-1 database
        assert applied(old.db) == [m.name for m in MIGRATIONS]
        old.save_extraction(
            doc,
            extraction(doc, "The council voted"),
            key=ExtractionKey("t", "m", "p"),
            run_id=None,
        )
        assert old.count_claims() == 1


def test_calls_and_cached_responses_round_trip(store: Store) -> None:
    run_id = store.start_run(key=ExtractionKey("openai", "m", "p1"), inputs=["x"])
    recorder = store.call_recorder(run_id)
    recorder.log_call(call(status="http_error", http_status=429))
    recorder.log_call(call(transport_attempt=2, tokens_estimated=True))
    rows = list(store.db.query("SELECT run_id, status, http_status, tokens_estimated FROM calls"))
    assert rows == [
        {"run_id": run_id, "status": "http_error", "http_status": 429, "tokens_estimated": 0},
        {"run_id": run_id, "status": "ok", "http_status": None, "tokens_estimated": 1},
    ]
    entry = CachedResponse(
        key="k1",
        document_id="d1",
        chunk_start=0,
        chunk_end=10,
        model="m",
        mode="tools",
        prompt_version="p1",
        schema_version="s1",
        payload='{"claims": []}',
        prompt_tokens=5,
    )
    assert recorder.cached_response("k1") is None
    recorder.cache_response(entry)
    recorder.cache_response(entry)  # storing again replaces, never duplicates
    assert store.call_recorder(None).cached_response("k1") == entry
