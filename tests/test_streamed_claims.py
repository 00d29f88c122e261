"""A document's claims reach the store in slices, inside the document's one transaction."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from summarise.backends.base import Backend, ExtractionFailed, StreamedExtraction
from summarise.backends.regex import backend as regex_backend
from summarise.backends.regex.backend import RegexBackend
from summarise.ingest.reader import read_input
from summarise.models import Claim, Document, Extraction, ExtractionKey
from summarise.pipeline.runner import SilentObserver, run_batch
from summarise.store import Store

TOWNS = ["Arles", "Brest", "Caen", "Dijon", "Evry", "Foix", "Gap", "Hyeres", "Istres"]
CROPS = ["wheat", "barley", "maize", "oats", "rye", "millet", "sorghum", "rice", "hops"]


def _dense_text() -> str:
    return " ".join(
        f"Farmers near {town} said {n} tonnes of {crop} were lost."
        for n, (town, crop) in enumerate(zip(TOWNS, CROPS, strict=True), 3)
    )


def _document(folder: Path) -> Document:
    path = folder / "dense.txt"
    path.write_text(_dense_text(), encoding="utf-8")
    document = read_input(str(path)).document
    assert document is not None
    return document


def test_the_regex_slices_hold_the_same_claims_as_one_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_backend, "SLICE_CLAIMS", 2)
    document = _document(tmp_path)
    backend = RegexBackend()
    whole = backend.extract_sync(document).claims
    streamed = asyncio.run(backend.extract_streamed(document))
    slices = list(streamed.slices)
    assert len(whole) == len(TOWNS)
    assert [len(s) for s in slices] == [2, 2, 2, 2, 1]
    assert [c.id for s in slices for c in s] == [c.id for c in whole]


class _BreaksMidway(Backend):
    """Yields one good slice of the regex claims, then fails while making the next."""

    name = "breaks"

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("breaks", "rules", "1")

    async def extract(self, document: Document) -> Extraction:
        raise AssertionError("the batch asks for the stream")

    async def extract_streamed(self, document: Document) -> StreamedExtraction:
        claims = RegexBackend().extract_sync(document).claims

        def slices():  # type: ignore[no-untyped-def]
            yield claims[:3]
            raise ExtractionFailed("the rules gave up half-way (test)")

        return StreamedExtraction(slices=slices(), totals=Extraction(document_id=document.id))


def test_a_failure_while_claims_are_made_stores_none_of_the_document(
    tmp_path: Path, store: Store
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dense.txt").write_text(_dense_text(), encoding="utf-8")
    run_batch(store, _BreaksMidway(), [str(tmp_path / "in")], observer=SilentObserver())
    assert store.db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    assert [row[0] for row in store.db.execute("SELECT status FROM extractions")] == ["failed"]


def test_a_model_style_backend_is_stored_through_the_default_single_slice(
    tmp_path: Path, store: Store
) -> None:
    class WholeAtOnce(Backend):
        name = "whole"

        @property
        def key(self) -> ExtractionKey:
            return ExtractionKey("whole", "rules", "1")

        async def extract(self, document: Document) -> Extraction:
            claims: list[Claim] = RegexBackend().extract_sync(document).claims
            return Extraction(document_id=document.id, claims=claims, prompt_tokens=7)

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dense.txt").write_text(_dense_text(), encoding="utf-8")
    report = run_batch(store, WholeAtOnce(), [str(tmp_path / "in")], observer=SilentObserver())
    assert report.claims_stored == len(TOWNS) and report.prompt_tokens == 7
    assert store.db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(TOWNS)
