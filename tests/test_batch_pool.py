"""The batch worker pool never loses an error: a save that fails at any concurrency stops the
run, which is recorded `interrupted` with the error, and the error reaches the caller."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from summarise.backends.base import Backend
from summarise.models import Document, Extraction, ExtractionKey
from summarise.pipeline.runner import run_batch
from summarise.store import Store, StoreBusy


class SlowEmptyBackend(Backend):
    """Extracts nothing, after a pause, so many documents are in flight at once."""

    name = "pool-test"

    def __init__(self, concurrency: int) -> None:
        self.slots = concurrency
        self.in_flight = 0
        self.most_in_flight = 0

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("pool-test", "none", "v1")

    @property
    def concurrency(self) -> int:
        return self.slots

    async def extract(self, document: Document) -> Extraction:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.005)
        self.in_flight -= 1
        return Extraction(document_id=document.id, claims=[])


def write_files(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"doc{n:03d}.txt").write_text(f"Document number {n} has some words in it.\n")


@pytest.mark.parametrize("concurrency", [1, 2, 8, 32])
def test_a_failing_save_interrupts_the_run_at_any_concurrency(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    write_files(tmp_path / "in", 80)
    saves = 0
    real_save = store.save_streamed

    def save_then_fail(*args: object, **kwargs: object) -> tuple[int, int]:
        nonlocal saves
        saves += 1
        if saves == 5:  # one save in the middle of the batch fails
            raise StoreBusy("the database is locked by another process (test)")
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save_streamed", save_then_fail)
    backend = SlowEmptyBackend(concurrency)
    with pytest.raises(StoreBusy, match="locked by another process"):
        run_batch(store, backend, [str(tmp_path / "in")])
    assert backend.most_in_flight == min(concurrency, 80) or concurrency == 1
    run = store.runs()[-1]
    assert run["status"] == "interrupted"
    assert "locked by another process" in json.dumps(run["errors"])
    stored = store.db.execute("SELECT count(*) FROM extractions").fetchone()[0]
    assert 4 <= stored < 80  # the ones saved before the failure stay, the batch stopped


@pytest.mark.parametrize("concurrency", [2, 8, 32])
def test_every_document_is_extracted_with_bounded_slots(
    tmp_path: Path, store: Store, concurrency: int
) -> None:
    write_files(tmp_path / "in", 100)
    backend = SlowEmptyBackend(concurrency)
    report = run_batch(store, backend, [str(tmp_path / "in")])
    assert report.status == "completed" and report.read == 100
    assert backend.most_in_flight == concurrency
    # Every one of these short documents gave no claims: each is named for a reviewer.
    assert len(report.no_claims) == 100
